"""What every messenger channel offers the runtime: parse updates, send replies, manage webhooks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from handlers.types import Incoming, Reply
from scheduler.delivery import Sender


class ChannelStartError(Exception):
    """A channel cannot start (bad token, missing setting): the message is one Vietnamese line."""


@dataclass(frozen=True)
class Identified:
    """Enough of an update to record it: its unique key and the chat it belongs to."""

    update_key: str
    chat_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Inbound:
    """An update made ready for the core: a message for the assistant, or fixed replies."""

    incoming: Incoming | None = None
    replies: tuple[Reply, ...] = ()
    before: Callable[[], Awaitable[None]] | None = field(default=None, compare=False)


class Channel(Protocol):
    """One messenger, as :mod:`bot.runtime` drives it."""

    name: str
    sender: Sender
    webhook_secret: str | None

    def identify(self, payload: dict[str, Any]) -> Identified | None:
        """The update's key and chat, or None when it is not for the assistant."""
        ...

    def inbound(self, payload: dict[str, Any], received_at: datetime) -> Inbound: ...

    def pieces(self, reply: Reply) -> list[Reply]:
        """The reply cut into messages that fit the platform's limit."""
        ...

    async def start(self, polling: bool) -> None:
        """Check the token (ChannelStartError when bad) and get ready to send or poll."""
        ...

    async def poll(self) -> list[dict[str, Any]]:
        """Wait for the next updates (polling mode)."""
        ...

    def confirm(self, payloads: list[dict[str, Any]]) -> None:
        """The polled updates are recorded: do not ask for them again."""
        ...

    async def stop(self) -> None: ...

    async def set_webhook(self, url: str) -> None: ...

    async def webhook_info(self) -> str: ...

    async def delete_webhook(self) -> None: ...
