"""The web app's edges: sizes, malformed bodies, health."""

from __future__ import annotations

import asyncio

import httpx

from bot.webapp import create_app
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


def test_healthz_tells_when_the_answering_process_is_restarting(harness: Harness) -> None:
    alive = [True]

    async def scenario() -> list[dict]:
        runtime = harness.runtime(process=False)
        await runtime.start(polling=False)
        app = create_app(runtime, lambda: alive[0])
        bodies = []
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://nq05") as client:
            for state in (True, False):
                alive[0] = state
                response = await client.get("/healthz")
                assert response.status_code == 200  # updates are still acknowledged
                bodies.append(response.json())
        await runtime.stop()
        return bodies

    up, down = asyncio.run(scenario())
    assert (up["status"], up["answering"]) == ("ok", "ok")
    assert (down["status"], down["answering"]) == ("degraded", "restarting")
