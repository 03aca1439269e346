"""Reminders at work: the senders, the paced dispatcher and the APScheduler ticker."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

from bot.settings import Settings


def reminder_engine(settings: Settings):  # type: ignore[no-untyped-def]
    from storage.db import make_engine
    from storage.migrate import ensure_schema

    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    return engine


def day_window(settings: Settings):  # type: ignore[no-untyped-def]
    from scheduler.policy import DayWindow

    return DayWindow.from_text(
        settings.reminder_day_start, settings.reminder_day_end, settings.timezone
    )


async def build_senders(settings: Settings, engine, clock=None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The configured channels' senders (issue 3's ``TelegramSender`` and ``ZaloSender``);
    ``clock`` stamps a chat found blocked (now, unless a test injects its own)."""
    from bot.telegram import TelegramSender, make_bot
    from bot.zalo import ZaloSender
    from bot.zalo_client import ZaloClient

    senders = {}
    if settings.telegram_bot_token:
        bot = make_bot(
            settings.telegram_bot_token.get_secret_value(), settings.telegram_api_base_url
        )
        await bot.initialize()
        senders["telegram"] = TelegramSender(bot, engine, clock or (lambda: datetime.now(UTC)))
    if settings.zalo_bot_token:
        client = ZaloClient(settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base_url)
        senders["zalo"] = ZaloSender(client)
    if not senders:
        print("Chưa cấu hình TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN: chỉ lập lịch.", file=sys.stderr)
    return senders


def build_dispatcher(settings: Settings, engine, senders, clock=None, sleep=None, worker=None):  # type: ignore[no-untyped-def]
    """The dispatcher paced by the settings; tests and the bench inject clock, sleep, worker."""
    from scheduler.dispatcher import DispatchConfig, Dispatcher
    from scheduler.pacing import Pacer

    pacers = {
        "telegram": Pacer(settings.telegram_messages_per_second, per_chat=1.0),
        "zalo": Pacer(settings.zalo_messages_per_second),
    }
    config = DispatchConfig(lease_seconds=settings.reminder_lease_seconds)
    return Dispatcher(
        engine, senders, {name: pacers.get(name, Pacer(1.0)) for name in senders},
        day_window(settings), clock or (lambda: datetime.now(UTC)), sleep or asyncio.sleep,
        config=config, worker=worker,
    )  # fmt: skip


async def run_reminders(settings: Settings, stop: asyncio.Event) -> None:
    """Plan and dispatch on the APScheduler clock until ``stop`` is set."""
    from scheduler.service import ReminderService
    from scheduler.ticker import start_ticker

    engine = reminder_engine(settings)
    dispatcher = build_dispatcher(settings, engine, await build_senders(settings, engine))
    service = ReminderService(engine, day_window(settings))
    clock = start_ticker(
        service, dispatcher, settings.reminder_plan_seconds, settings.reminder_dispatch_seconds
    )
    try:
        await stop.wait()
    finally:
        clock.shutdown(wait=False)
