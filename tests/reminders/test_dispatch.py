"""Delivery through the real senders to the shared fake Bot API servers, which enforce the
platforms' limits."""

from __future__ import annotations

import itertools

from sqlmodel import select

from scheduler import outbox
from scheduler.planner import Planned
from scheduler.service import ReminderService
from storage.db import transaction
from storage.org_tables import ChatLink
from storage.reminder_tables import ReminderRow
from tests.reminders.conftest import Delivery, Org, vn
from tests.support.clock import FakeClock


def _status(org: Org, chat_id: str) -> list[tuple[str, str, str | None]]:
    with transaction(org.engine) as s:
        rows = s.exec(select(ReminderRow).where(ReminderRow.chat_id == chat_id)).all()
        return [(r.offset_id, r.status, r.reason) for r in rows]


def test_429_retry_after_is_honoured_and_the_reminder_sent_once(
    org: Org, service: ReminderService, clock: FakeClock, delivery: Delivery
) -> None:
    clock.set(vn("2026-05-24 08:00"))
    service.plan_tick()
    tg = delivery.platforms.telegram
    tg.fail_next(
        "sendMessage",
        429,
        "Too Many Requests: retry after 30",
        parameters={"retry_after": 30},
        when=lambda params: str(params["chat_id"]) == "101",
    )
    asked_at = clock().timestamp()
    delivery.run()
    clock.advance(seconds=31)
    delivery.run()  # the next tick
    sent = [at for _, _, at in tg.accepted("101")]
    assert len(sent) == 1  # sent once …
    assert sent[0] >= asked_at + 30  # … and only after the 30 s Telegram asked for
    assert tg.rejected["scripted"] == 1
    assert _status(org, "101")[0][1] == "sent"


def test_a_blocked_user_is_marked_and_skipped(
    org: Org, service: ReminderService, clock: FakeClock, delivery: Delivery
) -> None:
    delivery.platforms.telegram.block("102")
    clock.set(vn("2026-05-24 08:00"))
    service.plan_tick()
    delivery.run()
    assert ("t-7", "blocked", "người nhận đã chặn trợ lý") in _status(org, "102")
    with transaction(org.engine) as s:
        link = s.exec(select(ChatLink).where(ChatLink.chat_id == "102")).one()
        assert link.blocked_at is not None
    clock.set(vn("2026-05-28 08:00"))
    service.plan_tick()
    delivery.run()
    assert {status for _, status, _ in _status(org, "102")} <= {"blocked", "cancelled"}
    assert delivery.platforms.telegram.rejected["blocked"] == 1  # never tried again


def test_transient_errors_back_off_then_give_up_with_a_record(
    org: Org, clock: FakeClock, delivery: Delivery
) -> None:
    clock.set(vn("2026-06-29 09:00"))
    now = clock()
    item = Planned("x@1", "r", "t-1", "x", "2026-Q2", None, None, "duty", "zalo", "z9", None,
                   "Nhắc thử", now, now, now.replace(year=2027), "thử")  # fmt: skip
    with transaction(org.engine) as s:
        outbox.store(s, [item], now)
    delivery.platforms.zalo.fail_next("sendMessage", 500, "Internal Server Error", times=10)
    for _ in range(12):
        delivery.run()
        with transaction(org.engine) as s:
            outbox.sweep(s, clock())
        clock.advance(minutes=11)  # longer than any backoff
    _, status, reason = _status(org, "z9")[0]
    assert status == "failed" and "hết 6 lần thử" in (reason or "")
    assert delivery.platforms.zalo.rejected["scripted"] == outbox.MAX_ATTEMPTS


def test_one_chat_gets_at_most_one_message_a_second(
    org: Org, clock: FakeClock, delivery: Delivery
) -> None:
    clock.set(vn("2026-06-29 09:00"))
    now = clock()
    items = [
        Planned(f"o{i}", "r", "t-1", "x", "2026-Q2", None, None, "duty", "telegram", "555", None,
                f"Tin {i}", now, now, now.replace(year=2027), "thử")
        for i in range(4)
    ]
    with transaction(org.engine) as s:
        outbox.store(s, items, now)
    delivery.run()
    times = [at for _, _, at in delivery.platforms.telegram.accepted("555")]
    assert len(times) == 4
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(times))
    assert delivery.platforms.telegram.rejected.total() == 0


def test_the_office_gets_a_digest_of_who_has_not_reported(
    org: Org, service: ReminderService, clock: FakeClock, delivery: Delivery
) -> None:
    org.submit("quan-triet-nq05", "once:quan-triet-nq05", "A")
    clock.set(vn("2026-05-30 16:00"))
    service.plan_tick()
    delivery.run()
    office = [text for _, text, _ in delivery.platforms.telegram.accepted("900")]
    digest = [t for t in office if t.startswith("📋 Tổng hợp: Hoàn thành quán triệt")]
    assert len(digest) == 1
    assert "Chưa nộp: 2/3 đơn vị." in digest[0]
    assert "- Chi bộ B" in digest[0] and "- Chi bộ C" in digest[0] and "Chi bộ A" not in digest[0]
