"""The two Sender implementations against fake Bot API servers: what reaches the person."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import Engine
from sqlmodel import select

from bot.retry import RetryPolicy, deliver
from bot.telegram import TelegramSender, make_bot
from bot.zalo import ZaloSender
from bot.zalo_client import ZaloClient
from handlers.types import Choice, Reply
from scheduler.delivery import DeliveryStatus
from storage.db import transaction
from storage.org_tables import ChatLink
from storage.updates import blocked_at
from tests.channels.conftest import RecordingSleep
from tests.support.clock import FakeClock
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_zalo import FakeZalo

LONG = "\n".join(f"Dòng thứ {i}: nội dung nghị quyết về xây dựng con người." for i in range(300))
CHOICES = (Choice("tc:a", "Bộ tiêu chí A"), Choice("tc:b", "Bộ tiêu chí B"))


def _telegram(fake: FakeTelegram, engine: Engine | None = None, clock=None) -> TelegramSender:
    bot = make_bot(fake.token, fake.base_url)
    return TelegramSender(bot, engine, clock) if clock else TelegramSender(bot, engine)


def _zalo(fake: FakeZalo) -> ZaloSender:
    return ZaloSender(ZaloClient(fake.token, fake.base_url))


def test_telegram_long_text_is_split_and_the_buttons_come_with_the_last_piece(
    fake_telegram: FakeTelegram,
) -> None:
    sender = _telegram(fake_telegram)
    result = asyncio.run(sender.send("42", Reply(LONG, CHOICES)))

    assert result.status is DeliveryStatus.SENT
    sent = fake_telegram.sent("42")
    assert len(sent) >= 4
    assert all(len(p["text"]) <= 4096 for p in sent)
    assert all(p["text"].splitlines()[-1].endswith("con người.") for p in sent)
    assert "\n".join(p["text"] for p in sent) == LONG
    assert all("parse_mode" not in p for p in sent)
    assert all("reply_markup" not in p for p in sent[:-1])
    buttons = [row[0] for row in sent[-1]["reply_markup"]["inline_keyboard"]]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("Bộ tiêu chí A", "tc:a"),
        ("Bộ tiêu chí B", "tc:b"),
    ]


def test_user_text_with_markup_characters_is_sent_verbatim(fake_telegram: FakeTelegram) -> None:
    text = "Câu hỏi: <b>*in đậm*</b> _nghiêng_ [link](http://x) `mã`"
    asyncio.run(_telegram(fake_telegram).send("42", Reply(text)))
    assert fake_telegram.sent("42") == [{"chat_id": "42", "text": text}]


def test_telegram_429_retry_after_is_honoured_then_sent(
    fake_telegram: FakeTelegram, sleep: RecordingSleep
) -> None:
    fake_telegram.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 7", parameters={"retry_after": 7}
    )
    sender = _telegram(fake_telegram)

    first = asyncio.run(sender.send("42", Reply("Xin chào")))
    assert first.status is DeliveryStatus.RETRY_AFTER and first.retry_after == 7

    fake_telegram.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 7", parameters={"retry_after": 7}
    )
    sender = _telegram(fake_telegram)  # one Bot per event loop
    done = asyncio.run(deliver(sender, "42", Reply("Xin chào"), sleep))
    assert done.result.status is DeliveryStatus.SENT
    assert sleep.delays == [7]
    assert fake_telegram.sent_texts("42") == ["Xin chào"], fake_telegram.calls


def test_telegram_server_errors_are_retried_with_bounded_backoff(
    fake_telegram: FakeTelegram, sleep: RecordingSleep
) -> None:
    fake_telegram.fail_next("sendMessage", 502, "Bad Gateway", times=10)
    policy = RetryPolicy(attempts=4, base_delay=1.0, max_delay=3.0)
    done = asyncio.run(deliver(_telegram(fake_telegram), "42", Reply("Xin chào"), sleep, policy))
    assert done.result.status is DeliveryStatus.TRANSIENT
    assert done.attempts == 4
    assert sleep.delays == [1.0, 2.0, 3.0]


def test_telegram_bad_request_is_a_permanent_failure(fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", 400, "Bad Request: chat not found")
    result = asyncio.run(_telegram(fake_telegram).send("42", Reply("Xin chào")))
    assert result.status is DeliveryStatus.FAILED
    assert "chat not found" in result.detail.lower()


def test_telegram_blocked_user_is_marked_inactive(
    fake_telegram: FakeTelegram, engine: Engine, clock: FakeClock
) -> None:
    with transaction(engine) as session:
        session.add(
            ChatLink(
                channel="telegram", chat_id="42", user_id="42", role="admin", linked_at=clock()
            )
        )
        session.add(
            ChatLink(
                channel="telegram", chat_id="43", user_id="43", role="admin", linked_at=clock()
            )
        )
    fake_telegram.block(42)
    sender = _telegram(fake_telegram, engine, clock)

    result = asyncio.run(sender.send("42", Reply("Nhắc hạn báo cáo")))

    assert result.status is DeliveryStatus.BLOCKED
    assert "blocked" in result.detail
    with transaction(engine) as session:
        assert blocked_at(session, "telegram", "42") is not None
        links = {link.chat_id: link.blocked_at for link in session.exec(select(ChatLink))}
    assert links["42"] is not None and links["43"] is None


def test_zalo_long_text_and_choices_become_numbered_pieces_of_at_most_2000(
    fake_zalo: FakeZalo,
) -> None:
    result = asyncio.run(_zalo(fake_zalo).send("u1", Reply(LONG, CHOICES)))
    assert result.status is DeliveryStatus.SENT
    texts = fake_zalo.sent_texts("u1")
    assert len(texts) >= 8 and all(len(t) <= 2000 for t in texts)
    assert texts[-1].endswith("1. Bộ tiêu chí A\n  2. Bộ tiêu chí B\n(Gõ số thứ tự để chọn.)")
    assert all(t.splitlines()[0].startswith("Dòng thứ") for t in texts)


def test_zalo_error_codes_are_mapped_as_documented(fake_zalo: FakeZalo) -> None:
    sender = _zalo(fake_zalo)
    expected = {
        403: DeliveryStatus.TRANSIENT,  # documented as a server error, not "blocked"
        408: DeliveryStatus.TRANSIENT,
        429: DeliveryStatus.TRANSIENT,
        500: DeliveryStatus.TRANSIENT,
        400: DeliveryStatus.FAILED,
        401: DeliveryStatus.FAILED,
        404: DeliveryStatus.FAILED,
    }

    async def each_code() -> dict[int, DeliveryStatus]:
        seen = {}
        for code in expected:
            fake_zalo.fail_next("sendMessage", code, f"error {code}")
            seen[code] = (await sender.send("u1", Reply("Xin chào"))).status
            await sender.send("u1", Reply("Xin chào"))
        return seen

    assert asyncio.run(each_code()) == expected
    assert fake_zalo.sent_texts("u1") == ["Xin chào"] * len(expected)


def test_zalo_envelope_is_checked_even_when_http_says_200(fake_zalo: FakeZalo) -> None:
    fake_zalo.envelope_errors_with_http_200 = True
    fake_zalo.fail_next("sendMessage", 400, "chat_id is invalid")
    result = asyncio.run(_zalo(fake_zalo).send("u1", Reply("Xin chào")))
    assert result.status is DeliveryStatus.FAILED
    assert "chat_id is invalid" in result.detail


def test_tokens_never_appear_in_results_or_logs(
    fake_telegram: FakeTelegram, fake_zalo: FakeZalo, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_telegram.fail_next("sendMessage", 500, f"boom /bot{fake_telegram.token}/sendMessage")
    fake_zalo.fail_next("sendMessage", 400, f"bad /bot{fake_zalo.token}/sendMessage")
    results = [
        asyncio.run(_telegram(fake_telegram).send("42", Reply("a"))),
        asyncio.run(_zalo(fake_zalo).send("u1", Reply("b"))),
    ]
    fake_zalo.stop()  # no answer at all: a network error
    results.append(asyncio.run(_zalo(fake_zalo).send("u1", Reply("c"))))

    assert [r.status for r in results] == [
        DeliveryStatus.TRANSIENT,
        DeliveryStatus.FAILED,
        DeliveryStatus.TRANSIENT,
    ]
    assert "sendMessage" in caplog.text  # the requests were logged …
    for token in (fake_telegram.token, fake_zalo.token):
        assert token not in caplog.text  # … without the token
        assert all(token not in r.detail for r in results)
