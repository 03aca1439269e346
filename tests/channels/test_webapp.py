"""The web app's edges: sizes, malformed bodies, health."""

from __future__ import annotations

import asyncio

from tests.channels.conftest import TELEGRAM_SECRET, Harness, updates_recorded

HEADER = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}


def test_oversized_and_malformed_bodies_are_refused(harness: Harness) -> None:
    async def scenario() -> list[int]:
        async with harness.running() as (runtime, client):
            big = b'{"update_id": 1, "x": "' + b"a" * (256 * 1024) + b'"}'

            async def streamed():  # no Content-Length: the size is counted while reading
                for start in range(0, len(big), 65536):
                    yield big[start : start + 65536]

            codes = [
                (await client.post("/webhook/telegram", content=big, headers=HEADER)).status_code,
                (
                    await client.post("/webhook/telegram", content=streamed(), headers=HEADER)
                ).status_code,
                (
                    await client.post("/webhook/telegram", content=b"{not json", headers=HEADER)
                ).status_code,
                (
                    await client.post("/webhook/telegram", content=b"[1, 2]", headers=HEADER)
                ).status_code,
            ]
            await runtime.idle()
            return codes

    assert asyncio.run(scenario()) == [413, 413, 400, 400]
    assert updates_recorded(harness.assistant.engine) == []


def test_updates_of_no_interest_are_acknowledged_and_ignored(harness: Harness) -> None:
    async def scenario() -> int:
        async with harness.running() as (runtime, client):
            update = {"update_id": 50, "edited_message": {"message_id": 1}}
            response = await client.post("/webhook/telegram", json=update, headers=HEADER)
            await runtime.idle()
            return response.status_code

    assert asyncio.run(scenario()) == 200
    assert updates_recorded(harness.assistant.engine) == []


def test_healthz_reports_the_channels_and_the_database(harness: Harness) -> None:
    async def scenario() -> tuple[int, dict]:
        async with harness.running() as (_, client):
            response = await client.get("/healthz")
            return response.status_code, response.json()

    status, body = asyncio.run(scenario())
    assert status == 200
    assert body == {"status": "ok", "channels": ["telegram", "zalo"], "database": "ok"}
