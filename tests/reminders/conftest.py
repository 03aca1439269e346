"""Reminder fixtures: a small organisation in the database, the service, and the dispatcher
wired as ``nq05bot remind run`` wires it (real senders) to the shared fake Bot API servers,
which enforce the platforms' limits on the test's clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import Engine

from bot.reminders import build_dispatcher, build_senders
from bot.settings import Settings
from scheduler.policy import DayWindow
from scheduler.service import ReminderService
from storage.db import transaction
from storage.org_tables import ChatLink, Unit
from storage.report_tables import Report
from tests.support.clock import FakeClock
from tests.support.fake_http import RateLimit
from tests.support.fake_telegram import TELEGRAM_LIMITS, FakeTelegram
from tests.support.fake_zalo import FakeZalo

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


ZALO_RATE = 5.0


@dataclass
class Platforms:
    """The fake Telegram and Zalo servers, holding the dispatcher to the platforms' limits."""

    telegram: FakeTelegram
    zalo: FakeZalo

    def settings(self, lease: float) -> Settings:
        """Settings pointing at the fakes (nothing read from a .env file)."""
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=self.telegram.token,
            telegram_api_base_url=self.telegram.base_url,
            zalo_bot_token=self.zalo.token,
            zalo_api_base_url=self.zalo.base_url,
            telegram_messages_per_second=TELEGRAM_LIMITS.per_second,
            zalo_messages_per_second=ZALO_RATE,
            reminder_day_start="07:00",
            reminder_day_end="21:00",
            reminder_lease_seconds=lease,
        )


@pytest.fixture
def platforms(clock: FakeClock) -> Iterator[Platforms]:
    seconds = lambda: clock().timestamp()  # noqa: E731  (the servers judge rates on the test clock)
    telegram = FakeTelegram(limit=TELEGRAM_LIMITS, clock=seconds).start()
    zalo = FakeZalo(limit=RateLimit(per_second=ZALO_RATE), clock=seconds).start()
    yield Platforms(telegram, zalo)
    telegram.stop()
    zalo.stop()


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
    """One dispatcher run, built as ``nq05bot remind run`` builds it: the real TelegramSender
    (python-telegram-bot) and ZaloSender (our httpx client) talk HTTP to the fake servers."""

    engine: Engine
    clock: FakeClock
    platforms: Platforms

    def run(self, worker: str = "w1", lease: float = 60.0) -> int:
        settings = self.platforms.settings(lease)

        async def go() -> int:
            senders = await build_senders(settings, self.engine, self.clock)
            try:
                dispatcher = build_dispatcher(
                    settings, self.engine, senders, self.clock, fake_sleep(self.clock), worker
                )
                return await dispatcher.run_until_idle()
            finally:
                for sender in senders.values():
                    await sender.aclose()

        return asyncio.run(go())


@pytest.fixture
def delivery(engine: Engine, clock: FakeClock, platforms: Platforms) -> Delivery:
    return Delivery(engine, clock, platforms)


def vn(text: str) -> datetime:
    from tests.support.clock import VN

    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN)
