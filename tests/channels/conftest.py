"""Fake Bot API servers (real HTTP on 127.0.0.1) and a sleep that only records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
