"""The Telegram channel on python-telegram-bot: updates in, plain text and inline keyboards out."""

from __future__ import annotations

import logging
import os
import re
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest

from bot import channel_texts as texts
from bot.blocking import remember_blocked
from bot.channel import ChannelStartError, Identified, Inbound
from bot.redact import redact, register_secrets
from bot.textsplit import split_text
from handlers.types import ChatKey, Choice, Incoming, Reply
from scheduler.delivery import DeliveryResult, DeliveryStatus

# Opt in to python-telegram-bot's future behaviour (durations as timedelta) and its quiet logs.
os.environ.setdefault("PTB_TIMEDELTA", "true")
log = logging.getLogger(__name__)

CHANNEL = "telegram"
TEXT_LIMIT = 4096
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = ("message", "callback_query")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_MEDIA = (
    ("photo", texts.IMAGE),
    ("sticker", texts.STICKER),
    ("voice", texts.VOICE),
    ("audio", texts.VOICE),
    ("video_note", texts.VOICE),
)


def make_bot(token: str, base_url: str = DEFAULT_BASE_URL, poll_timeout: int = 30) -> Bot:
    """A Bot whose token is hidden from every log record, with a pool sized for parallel chats."""
    register_secrets([token])
    return Bot(
        token,
        base_url=base_url,
        request=HTTPXRequest(connection_pool_size=32, read_timeout=15.0),
        get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=poll_timeout + 10),
    )


def render_pieces(reply: Reply, limit: int = TEXT_LIMIT) -> list[Reply]:
    """Messages of at most ``limit`` characters, the choices with the last one; a file is a
    message of its own, so a failed upload is retried without sending the text again."""
    parts = split_text(reply.text, limit)
    pieces = [Reply(p) for p in parts[:-1]] + [Reply(parts[-1], reply.choices)]
    if reply.document is not None:
        pieces.append(Reply("", document=reply.document, filename=reply.filename))
    return pieces


def keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup | None:
    """One button per row; the callback data is the choice id (≤ 64 bytes by construction)."""
    if not choices:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(c.label, callback_data=c.id)] for c in choices]
    )


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramSender:
    """Implements :class:`scheduler.delivery.Sender` for Telegram.

    A 403 (the person blocked the bot, or left) is BLOCKED; with an engine, the chat is also
    marked inactive in the database.
    """

    channel = CHANNEL

    def __init__(
        self,
        bot: Bot,
        engine: Engine | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.bot = bot
        self.engine = engine
        self.clock = clock

    async def aclose(self) -> None:
        """Close the bot's connections (a sender of its own, as the reminder dispatcher's)."""
        try:
            await self.bot.shutdown()
        except TelegramError as exc:
            log.info("Telegram shutdown: %s", redact(str(exc)))

    async def send(self, chat_id: str, reply: Reply) -> DeliveryResult:
        for piece in render_pieces(reply):
            try:
                # Plain text, no parse_mode: nothing a person typed can break the formatting.
                if piece.document is not None:
                    file = InputFile(piece.document, filename=piece.filename or "bao-cao.xlsx")
                    await self.bot.send_document(chat_id=chat_id, document=file)
                    continue
                await self.bot.send_message(
                    chat_id=chat_id, text=piece.text, reply_markup=keyboard(piece.choices)
                )
            except RetryAfter as exc:
                return DeliveryResult(DeliveryStatus.RETRY_AFTER, _seconds(exc), redact(str(exc)))
            except Forbidden as exc:
                detail = redact(str(exc))
                if self.engine is not None:
                    await remember_blocked(self.engine, CHANNEL, chat_id, detail, self.clock)
                return DeliveryResult(DeliveryStatus.BLOCKED, detail=detail)
            except (InvalidToken, BadRequest, ChatMigrated) as exc:
                return DeliveryResult(DeliveryStatus.FAILED, detail=redact(str(exc)))
            except NetworkError as exc:  # time-outs, 5xx, no connection
                return DeliveryResult(DeliveryStatus.TRANSIENT, detail=redact(str(exc)))
            except TelegramError as exc:
                return DeliveryResult(DeliveryStatus.FAILED, detail=redact(str(exc)))
        return DeliveryResult(DeliveryStatus.SENT)


class TelegramChannel:
    """Telegram, by polling (getUpdates with an offset) or by webhook."""

    name = CHANNEL

    def __init__(
        self,
        bot: Bot,
        engine: Engine | None = None,
        webhook_secret: str | None = None,
        poll_timeout: int = 30,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.bot = bot
        self.sender = TelegramSender(bot, engine, clock)
        self.webhook_secret = webhook_secret
        self.poll_timeout = poll_timeout
        self._offset: int | None = None

    def identify(self, payload: dict[str, Any]) -> Identified | None:
        update_id = payload.get("update_id")
        if not isinstance(update_id, int):
            return None
        message = payload.get("message")
        query = payload.get("callback_query")
        if isinstance(query, dict):
            message = query.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
            return None
        chat_id = message["chat"].get("id")
        if chat_id is None:
            return None
        return Identified(str(update_id), str(chat_id), payload)

    def inbound(self, payload: dict[str, Any], received_at: datetime) -> Inbound:
        query = payload.get("callback_query")
        if isinstance(query, dict):
            chat_id = str(query["message"]["chat"]["id"])
            key = ChatKey(CHANNEL, chat_id, str((query.get("from") or {}).get("id", chat_id)))

            async def stop_spinner() -> None:
                try:
                    await self.bot.answer_callback_query(str(query["id"]))
                except TelegramError as exc:  # too old after a restart: the answer still comes
                    log.info("answerCallbackQuery failed: %s", redact(str(exc)))

            data = query.get("data")
            if not data:
                return Inbound(before=stop_spinner)
            incoming = Incoming(key, received_at, choice_id=str(data), message_id=str(query["id"]))
            return Inbound(incoming, before=stop_spinner)
        message = payload["message"]
        chat_id = str(message["chat"]["id"])
        key = ChatKey(CHANNEL, chat_id, str((message.get("from") or {}).get("id", chat_id)))
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            message_id = str(message.get("message_id", ""))
            return Inbound(Incoming(key, received_at, text=text, message_id=message_id))
        for field, answer in _MEDIA:
            if message.get(field):
                return Inbound(replies=(Reply(answer),))
        return Inbound(replies=(Reply(texts.UNSUPPORTED),))

    def pieces(self, reply: Reply) -> list[Reply]:
        return render_pieces(reply)

    async def start(self, polling: bool) -> None:
        try:
            await self.bot.initialize()  # getMe
            if polling:
                await self.bot.delete_webhook()
        except InvalidToken:
            raise ChannelStartError(
                texts.BAD_TOKEN.format(platform="Telegram", setting="TELEGRAM_BOT_TOKEN")
            ) from None
        except TelegramError as exc:
            raise ChannelStartError(
                texts.UNREACHABLE.format(platform="Telegram", detail=redact(str(exc)))
            ) from None
        try:
            await self.bot.set_my_commands([BotCommand(n, d) for n, d in texts.COMMANDS])
        except TelegramError as exc:
            log.warning("setMyCommands failed: %s", redact(str(exc)))

    async def poll(self) -> list[dict[str, Any]]:
        updates = await self.bot.get_updates(
            offset=self._offset, timeout=self.poll_timeout, allowed_updates=list(ALLOWED_UPDATES)
        )
        return [u.to_dict() for u in updates]

    def confirm(self, payloads: list[dict[str, Any]]) -> None:
        """The next getUpdates asks from after the last recorded update: Telegram forgets them."""
        ids = [p["update_id"] for p in payloads if isinstance(p.get("update_id"), int)]
        if ids:
            self._offset = max(ids) + 1

    async def stop(self) -> None:
        try:
            await self.bot.shutdown()
        except TelegramError as exc:
            log.info("Telegram shutdown: %s", redact(str(exc)))

    async def set_webhook(self, url: str) -> None:
        secret = self.webhook_secret or ""
        if not SECRET_PATTERN.match(secret):
            raise ChannelStartError(
                texts.BAD_SECRET.format(
                    setting="TELEGRAM_WEBHOOK_SECRET", rule="1–256 ký tự A-Z, a-z, 0-9, _ hoặc -"
                )
            )
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))

    async def webhook_info(self) -> str:
        info = await self.bot.get_webhook_info()
        lines = [info.url or "(chưa đăng ký)", f"đang chờ: {info.pending_update_count} cập nhật"]
        if info.last_error_message:
            lines.append(f"lỗi gần nhất: {redact(info.last_error_message)}")
        return "; ".join(lines)

    async def delete_webhook(self) -> None:
        await self.bot.delete_webhook()
