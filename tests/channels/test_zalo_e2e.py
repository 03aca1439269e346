"""Zalo end to end: our client talks HTTP to a fake Zalo Bot API, by polling and by webhook."""

from __future__ import annotations

import asyncio

from tests.channels.conftest import ZALO_SECRET, Harness, updates_recorded
from tests.support.fake_http import eventually
from tests.support.fake_zalo import BOT_ID, message_event, text_event, webhook_body

HEADER = {"X-Bot-Api-Secret-Token": ZALO_SECRET}


def test_polling_question_by_text_gets_the_answer(harness: Harness) -> None:
    fake = harness.zalo
    fake.queue_event(text_event("u1", "nq05 ra doi khi nao", "m1"))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: fake.sent_texts("u1"))

    asyncio.run(scenario())
    [answer] = fake.sent_texts("u1")
    assert "14/01/2026" in answer and "Nguồn:" in answer


def test_choice_typed_as_a_number_is_honoured(harness: Harness) -> None:
    fake = harness.zalo
    fake.queue_event(text_event("u1", "/start", "m1"))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: fake.sent_texts("u1"))
            fake.queue_event(text_event("u1", "2", "m2"))
            await eventually(lambda: len(fake.sent_texts("u1")) == 2)

    asyncio.run(scenario())
    menu, chosen = fake.sent_texts("u1")
    assert "  2. Xem bộ tiêu chí" in menu and "(Gõ số thứ tự để chọn.)" in menu
    assert "Đồng chí muốn xem bộ tiêu chí nào?" in chosen


def test_images_stickers_voice_and_withheld_content_get_a_polite_answer(harness: Harness) -> None:
    fake = harness.zalo
    for n, kind in enumerate(["image", "sticker", "voice", "unsupported"]):
        fake.queue_event(message_event(f"message.{kind}.received", "u1", f"m{n}"))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: len(fake.sent_texts("u1")) == 4)

    asyncio.run(scenario())
    image, sticker, voice, unsupported = fake.sent_texts("u1")
    assert "gửi ảnh" in image
    assert "Cảm ơn đồng chí" in sticker
    assert "tin nhắn thoại" in voice
    assert "chưa xem được nội dung" in unsupported


def test_events_sent_by_the_bot_itself_are_ignored(harness: Harness) -> None:
    fake = harness.zalo
    fake.queue_event(text_event("u1", "tin của chính bot", "m1", user_id=BOT_ID))
    fake.queue_event(text_event("u1", "cảm ơn", "m2"))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: fake.sent_texts("u1"))

    asyncio.run(scenario())
    assert fake.sent_texts("u1") == ["Không có gì ạ. Đồng chí cần hỏi thêm gì cứ nhắn nhé."]


def test_webhook_answers_and_duplicates_are_answered_once(harness: Harness) -> None:
    body = webhook_body(text_event("u2", "nq05 ra doi khi nao", "m9"))

    async def scenario() -> list[int]:
        async with harness.running() as (runtime, client):
            codes = [
                (await client.post("/webhook/zalo", json=body, headers=HEADER)).status_code
                for _ in range(2)
            ]
            await runtime.idle()
            return codes

    assert asyncio.run(scenario()) == [200, 200]
    [answer] = harness.zalo.sent_texts("u2")
    assert "14/01/2026" in answer
    assert updates_recorded(harness.assistant.engine) == [
        ("zalo", "message.text.received:m9", "done")
    ]


def test_webhook_with_a_wrong_secret_changes_nothing(harness: Harness) -> None:
    body = webhook_body(text_event("u2", "xin chào", "m10"))

    async def scenario() -> int:
        async with harness.running() as (runtime, client):
            headers = {"X-Bot-Api-Secret-Token": ZALO_SECRET + "x"}
            response = await client.post("/webhook/zalo", json=body, headers=headers)
            await runtime.idle()
            return response.status_code

    assert asyncio.run(scenario()) == 401
    assert updates_recorded(harness.assistant.engine) == []
    assert harness.zalo.sent_texts() == []


def test_restart_between_acknowledgement_and_answer_still_answers(harness: Harness) -> None:
    body = webhook_body(text_event("u3", "cảm ơn", "m11"))

    async def crashed_process() -> int:
        async with harness.running(process=False) as (_, client):
            return (await client.post("/webhook/zalo", json=body, headers=HEADER)).status_code

    async def next_process() -> None:
        async with harness.running() as (runtime, _):
            await runtime.idle()

    assert asyncio.run(crashed_process()) == 200
    assert harness.zalo.sent_texts() == []
    asyncio.run(next_process())
    assert harness.zalo.sent_texts("u3") == ["Không có gì ạ. Đồng chí cần hỏi thêm gì cứ nhắn nhé."]


def test_zalo_403_is_retried_as_a_server_error(harness: Harness) -> None:
    harness.zalo.fail_next("sendMessage", 403, "Server error", times=2)
    body = webhook_body(text_event("u4", "cảm ơn", "m12"))

    async def scenario() -> None:
        async with harness.running() as (runtime, client):
            await client.post("/webhook/zalo", json=body, headers=HEADER)
            await runtime.idle()

    asyncio.run(scenario())
    assert harness.sleep.delays == [0.5, 1.0]
    assert len(harness.zalo.sent_texts("u4")) == 1
