"""The Zalo channel: events in, numbered-list text out, through :class:`ZaloClient`."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot import channel_texts as texts
from bot.channel import ChannelStartError, Identified, Inbound
from bot.console import render
from bot.textsplit import split_text
from bot.zalo_client import TEXT_LIMIT, ZaloClient, ZaloError
from handlers.types import ChatKey, Incoming, Reply
from scheduler.delivery import DeliveryResult, DeliveryStatus

log = logging.getLogger(__name__)

CHANNEL = "zalo"
TEXT_EVENT = "message.text.received"
MEDIA_REPLIES = {
    "message.image.received": texts.IMAGE,
    "message.sticker.received": texts.STICKER,
    "message.voice.received": texts.VOICE,
    "message.unsupported.received": texts.UNSUPPORTED,
}


def render_pieces(reply: Reply, limit: int = TEXT_LIMIT) -> list[Reply]:
    """The reply as plain-text messages: choices become a numbered list, cut at ``limit``.

    The Zalo Bot API sends no files: a reply that carries one says where to get it instead.
    """
    text = render(reply)
    if reply.document is not None:
        text = f"{text}\n\n{texts.NO_FILES_ON_ZALO}"
    return [Reply(piece) for piece in split_text(text, limit)]


class ZaloSender:
    """Implements :class:`scheduler.delivery.Sender` for Zalo."""

    channel = CHANNEL

    def __init__(self, client: ZaloClient) -> None:
        self.client = client

    async def aclose(self) -> None:
        """Close the client's connections (a sender of its own, as the reminder dispatcher's)."""
        await self.client.aclose()

    async def send(self, chat_id: str, reply: Reply) -> DeliveryResult:
        for piece in render_pieces(reply):
            try:
                await self.client.send_message(chat_id, piece.text)
            except ZaloError as exc:
                return _outcome(exc)
        return DeliveryResult(DeliveryStatus.SENT)


def _outcome(exc: ZaloError) -> DeliveryResult:
    """Zalo documents no "blocked" answer; 403/408/429/5xx and no answer are worth a retry."""
    status = DeliveryStatus.TRANSIENT if exc.transient else DeliveryStatus.FAILED
    return DeliveryResult(status, detail=str(exc))


def unwrap(payload: dict[str, Any]) -> dict[str, Any]:
    """The event itself, whether or not it is wrapped in ``{ok, result}``."""
    result = payload.get("result")
    return result if isinstance(result, dict) and "event_name" in result else payload


class ZaloChannel:
    """The Zalo Bot Platform, by polling or by webhook."""

    name = CHANNEL

    def __init__(
        self,
        client: ZaloClient,
        webhook_secret: str | None = None,
        poll_timeout: int = 30,
    ) -> None:
        self.client = client
        self.sender = ZaloSender(client)
        self.webhook_secret = webhook_secret
        self.poll_timeout = poll_timeout
        self.bot_id: str | None = None

    def identify(self, payload: dict[str, Any]) -> Identified | None:
        event = unwrap(payload)
        name = event.get("event_name")
        message = event.get("message")
        if (
            not isinstance(name, str)
            or not name.startswith("message.")
            or not isinstance(message, dict)
        ):
            return None
        chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
        sender = message.get("from") if isinstance(message.get("from"), dict) else {}
        message_id, chat_id = message.get("message_id"), chat.get("id")
        if message_id in (None, "") or chat_id in (None, ""):
            return None
        if sender.get("is_bot") is True or (
            self.bot_id and str(sender.get("id", "")) == self.bot_id
        ):
            return None  # our own message echoed back
        return Identified(f"{name}:{message_id}"[:160], str(chat_id), event)

    def inbound(self, payload: dict[str, Any], received_at: datetime) -> Inbound:
        message = payload["message"]
        name = payload["event_name"]
        if name != TEXT_EVENT or not str(message.get("text") or "").strip():
            return Inbound(replies=(Reply(MEDIA_REPLIES.get(name, texts.UNSUPPORTED)),))
        sender = message.get("from") or {}
        chat_id = str(message["chat"]["id"])
        key = ChatKey(CHANNEL, chat_id, str(sender.get("id") or chat_id))
        return Inbound(
            Incoming(
                key, received_at, text=str(message["text"]), message_id=str(message["message_id"])
            )
        )

    def pieces(self, reply: Reply) -> list[Reply]:
        return render_pieces(reply)

    async def start(self, polling: bool) -> None:
        try:
            me = await self.client.get_me()
            if polling:
                await self.client.delete_webhook()
        except ZaloError as exc:
            if exc.bad_token:
                raise ChannelStartError(
                    texts.BAD_TOKEN.format(platform="Zalo", setting="ZALO_BOT_TOKEN")
                ) from None
            raise ChannelStartError(
                texts.UNREACHABLE.format(platform="Zalo", detail=exc.description)
            ) from None
        self.bot_id = me.id or None

    async def poll(self) -> list[dict[str, Any]]:
        return await self.client.get_updates(self.poll_timeout)

    def confirm(self, payloads: list[dict[str, Any]]) -> None:
        """Zalo has no offset: an event handed out is already consumed."""

    async def stop(self) -> None:
        await self.client.aclose()

    async def set_webhook(self, url: str) -> None:
        if not self.webhook_secret:
            raise ChannelStartError(texts.NO_SECRET.format(setting="ZALO_WEBHOOK_SECRET"))
        await self.client.set_webhook(url, self.webhook_secret)

    async def webhook_info(self) -> str:
        info = await self.client.get_webhook_info()
        return info.url or "(chưa đăng ký)"

    async def delete_webhook(self) -> None:
        await self.client.delete_webhook()
