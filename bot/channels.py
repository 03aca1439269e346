"""Wiring for ``nq05bot run``: every channel whose token is set, by webhook or by polling."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import uvicorn
from sqlalchemy import Engine

from bot import channel_texts as texts
from bot.answering import AnsweringProcess
from bot.channel import Channel, ChannelStartError
from bot.heap import freeze_startup_objects
from bot.redact import register_secrets
from bot.reminders import run_reminders
from bot.runtime import ChannelRuntime
from bot.settings import Settings
from bot.telegram import SECRET_PATTERN, TelegramChannel, make_bot
from bot.webapp import create_app
from bot.zalo import ZaloChannel
from bot.zalo_client import ZaloClient
from handlers.engine import Assistant

log = logging.getLogger(__name__)


def _secret(value: object) -> str | None:
    return value.get_secret_value() if value is not None else None  # type: ignore[attr-defined]


def build_channels(
    settings: Settings,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[Channel]:
    """The channels whose token is configured (raises ChannelStartError when there is none)."""
    register_secrets(
        [
            _secret(settings.telegram_bot_token),
            _secret(settings.zalo_bot_token),
            _secret(settings.telegram_webhook_secret),
            _secret(settings.zalo_webhook_secret),
        ]
    )
    channels: list[Channel] = []
    telegram_token = _secret(settings.telegram_bot_token)
    if telegram_token:
        bot = make_bot(telegram_token, settings.telegram_api_base_url, settings.poll_timeout)
        channels.append(
            TelegramChannel(
                bot,
                engine,
                webhook_secret=_secret(settings.telegram_webhook_secret),
                poll_timeout=settings.poll_timeout,
                clock=clock,
            )
        )
    zalo_token = _secret(settings.zalo_bot_token)
    if zalo_token:
        client = ZaloClient(zalo_token, settings.zalo_api_base_url)
        channels.append(
            ZaloChannel(
                client,
                webhook_secret=_secret(settings.zalo_webhook_secret),
                poll_timeout=settings.poll_timeout,
            )
        )
    if not channels:
        raise ChannelStartError(texts.NO_CHANNEL)
    return channels


def check_webhook_secrets(channels: list[Channel]) -> None:
    """Webhook mode needs a valid secret per channel, or anyone could post updates."""
    for channel in channels:
        setting = f"{channel.name.upper()}_WEBHOOK_SECRET"
        secret = channel.webhook_secret
        if not secret:
            raise ChannelStartError(texts.NO_SECRET.format(setting=setting))
        if channel.name == "telegram" and not SECRET_PATTERN.match(secret):
            rule = "1–256 ký tự A-Z, a-z, 0-9, _ hoặc -"
            raise ChannelStartError(texts.BAD_SECRET.format(setting=setting, rule=rule))
        if channel.name == "zalo" and not 8 <= len(secret) <= 256:
            rule = "từ 8 đến 256 ký tự"
            raise ChannelStartError(texts.BAD_SECRET.format(setting=setting, rule=rule))


def webhook_url(settings: Settings, channel: str) -> str:
    if not settings.webhook_base_url:
        raise ChannelStartError(texts.NO_BASE_URL)
    return f"{settings.webhook_base_url.rstrip('/')}/webhook/{channel}"


async def serve(settings: Settings, assistant: Assistant) -> None:
    """Run until interrupted: the web server in webhook mode, the pollers otherwise.

    In webhook mode this process records and acknowledges updates while a second one answers
    them and sends the reminders (:mod:`bot.answering`); polling mode does all in one.
    """
    channels = build_channels(settings, assistant.engine)
    webhook = bool(settings.webhook_base_url)
    if webhook:
        check_webhook_secrets(channels)
    names = ", ".join(c.name for c in channels)
    if webhook:
        await _serve_webhooks(settings, assistant, channels, names)
        return
    runtime = ChannelRuntime(assistant, channels, workers=settings.channel_workers)
    await runtime.start(polling=True)
    freeze_startup_objects()
    stop = asyncio.Event()
    background = start_background(settings, runtime, stop)
    print(REMINDERS_NOTE)
    try:
        print(f"Đang chạy ở chế độ polling ({names}). Nhấn Ctrl-C để dừng.")
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError):  # a service manager stops us by SIGTERM
            loop.add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
    finally:
        stop.set()
        await asyncio.gather(*background, return_exceptions=True)
        await runtime.stop()


def start_background(
    settings: Settings, runtime: ChannelRuntime, stop: asyncio.Event
) -> list[asyncio.Task[None]]:
    """What runs beside answering until ``stop``: the reminders and the inbox pruning."""
    keep = timedelta(days=settings.inbox_keep_days)
    return [
        asyncio.create_task(run_reminders(settings, stop)),
        asyncio.create_task(runtime.prune_forever(stop, keep)),
    ]


REMINDERS_NOTE = (
    "Nhắc hạn: lập lịch và gửi theo knowledge/data/calendar/ (chỉ trong khung giờ ban ngày)."
)


@contextlib.contextmanager
def _signals_handled_by_uvicorn() -> Iterator[None]:
    """Uvicorn stops on SIGINT/SIGTERM and then raises the signal again for the handlers it
    found; with Python's defaults that would kill the process (SIGTERM) or raise
    KeyboardInterrupt (SIGINT) before the answering process is stopped. Found: no-ops."""
    names = (signal.SIGINT, signal.SIGTERM)
    before = {signum: signal.signal(signum, lambda *_: None) for signum in names}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


async def _serve_webhooks(
    settings: Settings, assistant: Assistant, channels: list[Channel], names: str
) -> None:
    """Record and acknowledge here; answer and remind in the answering process."""
    answering = AnsweringProcess(settings)
    runtime = ChannelRuntime(assistant, channels, process=False, on_recorded=answering.wake)
    await runtime.start(polling=False)
    freeze_startup_objects()
    stop = asyncio.Event()
    supervisor = asyncio.create_task(answering.supervise(stop))
    print(REMINDERS_NOTE)
    try:
        print(f"Đang nhận webhook ({names}) tại http://{settings.host}:{settings.port}")
        config = uvicorn.Config(
            create_app(runtime, answering.alive),
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            access_log=False,
            lifespan="off",
        )
        with _signals_handled_by_uvicorn():
            await uvicorn.Server(config).serve()  # until SIGINT or SIGTERM
    finally:
        stop.set()
        await asyncio.gather(supervisor, return_exceptions=True)
        await runtime.stop()
