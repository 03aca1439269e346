"""Fake Bot API servers (real HTTP on 127.0.0.1) and a sleep that only records."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.channels import build_channels
from bot.runtime import ChannelRuntime
from bot.settings import Settings
from bot.webapp import create_app
from handlers.engine import Assistant
from storage.db import transaction
from storage.update_tables import ChannelUpdate
from tests.support.clock import FakeClock
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_zalo import FakeZalo


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture
def fake_zalo() -> Iterator[FakeZalo]:
    server = FakeZalo().start()
    yield server
    server.stop()


class RecordingSleep:
    """Stands in for asyncio.sleep: remembers each delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


TELEGRAM_SECRET = "tg-secret_0123"
ZALO_SECRET = "zalo-secret-0123"


def channel_settings(
    telegram: FakeTelegram | None = None, zalo: FakeZalo | None = None, **extra: object
) -> Settings:
    """Settings pointing at the fake servers (nothing read from a .env file)."""
    values: dict[str, object] = {"poll_timeout": 1}
    if telegram is not None:
        values |= {
            "telegram_bot_token": telegram.token,
            "telegram_api_base_url": telegram.base_url,
            "telegram_webhook_secret": TELEGRAM_SECRET,
        }
    if zalo is not None:
        values |= {
            "zalo_bot_token": zalo.token,
            "zalo_api_base_url": zalo.base_url,
            "zalo_webhook_secret": ZALO_SECRET,
        }
    return Settings(_env_file=None, **(values | extra))  # type: ignore[call-arg]


@dataclass
class Harness:
    """Builds runtimes (as separate processes would) around one database."""

    assistant: Assistant
    clock: FakeClock
    sleep: RecordingSleep
    telegram: FakeTelegram | None = None
    zalo: FakeZalo | None = None

    def runtime(self, process: bool = True) -> ChannelRuntime:
        settings = channel_settings(self.telegram, self.zalo)
        channels = build_channels(settings, self.assistant.engine, self.clock)
        return ChannelRuntime(
            self.assistant, channels, clock=self.clock, sleep=self.sleep, process=process
        )

    @asynccontextmanager
    async def running(
        self, polling: bool = False, process: bool = True
    ) -> AsyncIterator[tuple[ChannelRuntime, httpx.AsyncClient]]:
        """A started runtime and an HTTP client for its web app."""
        runtime = self.runtime(process)
        await runtime.start(polling=polling)
        transport = httpx.ASGITransport(app=create_app(runtime))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://nq05") as client:
                yield runtime, client
        finally:
            await runtime.stop()


@pytest.fixture
def harness(
    assistant: Assistant,
    clock: FakeClock,
    sleep: RecordingSleep,
    fake_telegram: FakeTelegram,
    fake_zalo: FakeZalo,
) -> Harness:
    return Harness(assistant, clock, sleep, fake_telegram, fake_zalo)


def updates_recorded(engine: Engine) -> list[tuple[str, str, str]]:
    """(channel, update key, status) of every recorded update."""
    with transaction(engine) as session:
        rows = session.exec(select(ChannelUpdate).order_by(ChannelUpdate.id)).all()
        return [(r.channel, r.update_key, r.status) for r in rows]
