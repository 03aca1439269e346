"""Telegram end to end: python-telegram-bot talks HTTP to a fake Bot API, by polling and webhook."""

from __future__ import annotations

import asyncio

from tests.channels.conftest import TELEGRAM_SECRET, Harness, updates_recorded
from tests.support.fake_http import eventually
from tests.support.fake_telegram import callback_update, photo_update, text_update

HEADER = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}


def test_polling_question_by_text_gets_the_answer(harness: Harness) -> None:
    fake = harness.telegram
    fake.queue_update(text_update(1, 42, "nq05 ra doi khi nao"))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: fake.sent_texts(42))

    asyncio.run(scenario())
    [answer] = fake.sent_texts(42)
    assert "14/01/2026" in answer and "Nguồn:" in answer


def test_polling_registers_the_command_menu_in_vietnamese(harness: Harness) -> None:
    async def scenario() -> None:
        async with harness.running(polling=True):
            pass

    asyncio.run(scenario())
    [call] = harness.telegram.calls_to("setMyCommands")
    commands = {c["command"]: c["description"] for c in call.params["commands"]}
    assert commands["hoi"] == "Hỏi một câu về Nghị quyết 05"
    assert {"start", "help", "mohinh", "tieuchi"} <= set(commands)


def test_pressed_button_is_honoured_and_its_spinner_stopped(harness: Harness) -> None:
    fake = harness.telegram
    fake.queue_update(text_update(1, 42, "/tieuchi"))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: fake.sent(42))
            keyboard = fake.sent(42)[-1]["reply_markup"]["inline_keyboard"]
            fake.queue_update(callback_update(2, 42, keyboard[0][0]["callback_data"]))
            await eventually(lambda: len(fake.sent(42)) == 2)

    asyncio.run(scenario())
    assert "8 tiêu chí" in fake.sent_texts(42)[-1]
    [answered] = fake.calls_to("answerCallbackQuery")
    assert answered.params["callback_query_id"] == "cq2"


def test_a_photo_gets_a_polite_answer(harness: Harness) -> None:
    fake = harness.telegram
    fake.queue_update(photo_update(1, 42))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: fake.sent_texts(42))

    asyncio.run(scenario())
    assert "chỉ đọc được tin nhắn chữ" in fake.sent_texts(42)[0]


def test_polling_offset_confirms_recorded_updates(harness: Harness) -> None:
    fake = harness.telegram
    fake.queue_update(text_update(5, 42, "xin chào"))

    async def scenario() -> None:
        async with harness.running(polling=True):
            await eventually(lambda: fake.sent_texts(42))
            await eventually(lambda: any(c.params.get("offset") == "6" for c in _polls(fake)))

    asyncio.run(scenario())
    assert fake.sent_texts(42)[0].startswith("Chào đồng chí")


def _polls(fake):  # type: ignore[no-untyped-def]
    return fake.calls_to("getUpdates")


def test_webhook_question_is_recorded_acknowledged_and_answered(harness: Harness) -> None:
    fake = harness.telegram

    async def scenario() -> int:
        async with harness.running() as (runtime, client):
            response = await client.post(
                "/webhook/telegram", json=text_update(10, 42, "nq05 ra doi khi nao"), headers=HEADER
            )
            await runtime.idle()
            return response.status_code

    assert asyncio.run(scenario()) == 200
    assert "14/01/2026" in fake.sent_texts(42)[0]
    assert updates_recorded(harness.assistant.engine) == [("telegram", "10", "done")]


def test_wrong_or_missing_secret_is_refused_and_changes_nothing(harness: Harness) -> None:
    async def scenario() -> list[int]:
        async with harness.running() as (runtime, client):
            update = text_update(11, 42, "xin chào")
            codes = []
            for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}):
                response = await client.post("/webhook/telegram", json=update, headers=headers)
                codes.append(response.status_code)
            await runtime.idle()
            return codes

    assert asyncio.run(scenario()) == [401, 401]
    assert updates_recorded(harness.assistant.engine) == []
    assert harness.telegram.sent() == []


def test_duplicate_delivery_is_answered_once(harness: Harness) -> None:
    async def scenario() -> list[int]:
        async with harness.running() as (runtime, client):
            update = text_update(12, 42, "xin chào")
            codes = [
                (await client.post("/webhook/telegram", json=update, headers=HEADER)).status_code
                for _ in range(3)
            ]
            await runtime.idle()
            return codes

    assert asyncio.run(scenario()) == [200, 200, 200]
    assert len(harness.telegram.sent_texts(42)) == 1


def test_restart_between_acknowledgement_and_answer_still_answers_once(harness: Harness) -> None:
    fake = harness.telegram

    async def crashed_process() -> int:
        # This process records and acknowledges, then dies before answering.
        async with harness.running(process=False) as (_, client):
            update = text_update(13, 42, "nq05 ra doi khi nao")
            return (await client.post("/webhook/telegram", json=update, headers=HEADER)).status_code

    async def next_process() -> None:
        async with harness.running() as (runtime, _):
            await runtime.idle()

    assert asyncio.run(crashed_process()) == 200
    assert fake.sent() == []
    assert updates_recorded(harness.assistant.engine) == [("telegram", "13", "received")]
    asyncio.run(next_process())
    asyncio.run(next_process())  # a third start has nothing left to do
    assert len(fake.sent_texts(42)) == 1 and "14/01/2026" in fake.sent_texts(42)[0]
    assert updates_recorded(harness.assistant.engine) == [("telegram", "13", "done")]


def test_a_chat_is_answered_in_order(harness: Harness) -> None:
    async def scenario() -> None:
        async with harness.running() as (runtime, client):
            for n, text in enumerate(["/start", "xin chào", "cảm ơn", "/tieuchi"]):
                update = text_update(20 + n, 42, text)
                await client.post("/webhook/telegram", json=update, headers=HEADER)
            update = text_update(30, 43, "cảm ơn")
            await client.post("/webhook/telegram", json=update, headers=HEADER)
            await runtime.idle()

    asyncio.run(scenario())
    replies = harness.telegram.sent_texts(42)
    assert [r[:14] for r in replies] == [
        "Chào đồng chí!",
        "Chào đồng chí!",
        "Không có gì ạ.",
        "Đồng chí muốn ",
    ]
    assert harness.telegram.sent_texts(43)[0].startswith("Không có gì")


def test_blocked_user_is_marked_and_not_retried(harness: Harness) -> None:
    from storage.db import transaction
    from storage.updates import blocked_at

    harness.telegram.block(42)

    async def scenario() -> None:
        async with harness.running() as (runtime, client):
            update = text_update(40, 42, "xin chào")
            await client.post("/webhook/telegram", json=update, headers=HEADER)
            await runtime.idle()

    asyncio.run(scenario())
    assert len(harness.telegram.calls_to("sendMessage")) == 1
    assert harness.sleep.delays == []
    with transaction(harness.assistant.engine) as session:
        assert blocked_at(session, "telegram", "42") is not None


def test_flood_limit_retry_after_is_honoured(harness: Harness) -> None:
    harness.telegram.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 5", parameters={"retry_after": 5}
    )

    async def scenario() -> None:
        async with harness.running() as (runtime, client):
            update = text_update(41, 42, "xin chào")
            await client.post("/webhook/telegram", json=update, headers=HEADER)
            await runtime.idle()

    asyncio.run(scenario())
    assert harness.sleep.delays == [5]
    assert len(harness.telegram.sent_texts(42)) == 1
