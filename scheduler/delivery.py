"""How anything that sends messages on its own (reminders, digests) reaches a messenger.

Channels implement :class:`Sender`; the reminder dispatcher only sees this protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from handlers.types import Reply


class DeliveryStatus(Enum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"  # the platform asked us to wait (Telegram 429 retry_after)
    TRANSIENT = "transient"  # network error, 5xx, Zalo 403/408/429: try again with backoff
    BLOCKED = "blocked"  # the person blocked the bot / chat gone: stop sending to them
    FAILED = "failed"  # permanent error (bad request): record and give up


@dataclass(frozen=True)
class DeliveryResult:
    status: DeliveryStatus
    retry_after: float | None = None
    detail: str = ""  # never contains a token


class Sender(Protocol):
    """Sends one reply to one chat of one channel."""

    channel: str

    async def send(self, chat_id: str, reply: Reply) -> DeliveryResult: ...
