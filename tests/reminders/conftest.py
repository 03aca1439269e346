"""Reminder fixtures: a small organisation in the database, the service, fake platforms."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import Engine

from scheduler.dispatcher import DispatchConfig, Dispatcher
from scheduler.pacing import Pacer
from scheduler.policy import DayWindow
from scheduler.service import ReminderService
from storage.db import transaction
from storage.org_tables import ChatLink, Unit
from storage.report_tables import Report
from tests.reminders.interim_senders import TelegramSender, ZaloSender
from tests.reminders.platforms import FakePlatforms, Platform
from tests.support.clock import FakeClock

WINDOW = DayWindow.from_text("07:00", "21:00")


@dataclass
class Org:
    """Three cells; A and B have Telegram secretaries, C a Zalo one; one office admin."""

    engine: Engine
    clock: FakeClock

    def seed(self) -> None:
        with transaction(self.engine) as s:
            s.add(Unit(code="DU", name="Đảng ủy phường", kind="dang_bo"))
            s.flush()
            for code, name in (("A", "Chi bộ A"), ("B", "Chi bộ B"), ("C", "Chi bộ C")):
                s.add(Unit(code=code, name=name, kind="chi_bo", parent_code="DU"))
            s.flush()
            for chat, channel, code in (("101", "telegram", "A"), ("102", "telegram", "B"),
                                        ("z103", "zalo", "C")):  # fmt: skip
                s.add(ChatLink(channel=channel, chat_id=chat, user_id=chat, role="secretary",
                               unit_code=code, linked_at=self.clock()))  # fmt: skip
            s.add(ChatLink(channel="telegram", chat_id="900", user_id="900", role="admin",
                           unit_code="DU", linked_at=self.clock()))  # fmt: skip

    def submit(self, form: str, period: str, unit: str) -> None:
        with transaction(self.engine) as s:
            s.add(Report(form_id=form, period=period, unit_code=unit, submitted_at=self.clock()))


@pytest.fixture
def org(engine: Engine, clock: FakeClock) -> Org:
    world = Org(engine, clock)
    world.seed()
    return world


@pytest.fixture
def service(engine: Engine, clock: FakeClock) -> ReminderService:
    return ReminderService(engine, WINDOW, clock)


@pytest.fixture
def platforms(clock: FakeClock) -> Iterator[FakePlatforms]:
    seconds = lambda: clock().timestamp()  # noqa: E731  (the servers judge rates on the test clock)
    fake = FakePlatforms(
        Platform("telegram", 25, 1.0, clock=seconds), Platform("zalo", 5, None, clock=seconds)
    ).start()
    yield fake
    fake.stop()


def fake_sleep(clock: FakeClock):  # type: ignore[no-untyped-def]
    async def sleep(seconds: float) -> None:
        # Let the sends already started reach the fake servers at the current (fake) time first.
        sending = [t for t in asyncio.all_tasks() if t.get_coro().__name__ == "_deliver"]
        if sending:
            await asyncio.wait(sending)
        clock.advance(seconds=max(seconds, 0.0))

    return sleep


@dataclass
class Delivery:
    """A dispatcher wired to the fake platforms through the real client libraries."""

    engine: Engine
    clock: FakeClock
    platforms: FakePlatforms

    def run(self, worker: str = "w1", lease: float = 60.0) -> int:
        async def go() -> int:
            telegram = TelegramSender("123:TEST", self.platforms.telegram_base_url)
            zalo = ZaloSender("ZTEST", self.platforms.zalo_base_url)
            await telegram.start()
            try:
                dispatcher = Dispatcher(
                    self.engine, {"telegram": telegram, "zalo": zalo},
                    {"telegram": Pacer(25, per_chat=1.0), "zalo": Pacer(5)}, WINDOW, self.clock,
                    fake_sleep(self.clock), DispatchConfig(lease_seconds=lease), worker=worker,
                )  # fmt: skip
                return await dispatcher.run_until_idle()
            finally:
                await telegram.close()
                await zalo.close()

        return asyncio.run(go())


@pytest.fixture
def delivery(engine: Engine, clock: FakeClock, platforms: FakePlatforms) -> Delivery:
    return Delivery(engine, clock, platforms)


def vn(text: str) -> datetime:
    from tests.support.clock import VN

    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN)
