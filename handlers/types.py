"""The core types every channel speaks: no messenger is imported here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ChatKey:
    """Who is talking, and where."""

    channel: str
    chat_id: str
    user_id: str


@dataclass(frozen=True)
class Choice:
    """A choice offered to the person; ``id`` is short ASCII (Telegram callback data ≤ 64 bytes)."""

    id: str
    label: str

    def __post_init__(self) -> None:
        if not self.id.isascii() or not 0 < len(self.id.encode()) <= 64:
            raise ValueError(f"choice id must be 1–64 ASCII bytes: {self.id!r}")


@dataclass(frozen=True)
class Incoming:
    """A typed message or a pressed choice; both arrive the same way."""

    key: ChatKey
    received_at: datetime
    text: str | None = None
    choice_id: str | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class Reply:
    """What the assistant says; adapters render choices as buttons or a numbered list.

    A reply may carry a file (``document`` bytes named ``filename``, e.g. an Excel export);
    adapters that can send files attach it, the others show the text only.
    """

    text: str
    choices: tuple[Choice, ...] = ()
    document: bytes | None = None
    filename: str | None = None


@dataclass(frozen=True)
class ConversationState:
    """Where one chat stands: a named flow and step, its data, a version for optimistic updates."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    version: int = 0
    expires_at: datetime | None = None

    def but(self, **changes: Any) -> ConversationState:
        """A copy with some fields changed."""
        values = {
            "flow": self.flow,
            "step": self.step,
            "data": self.data,
            "version": self.version,
            "expires_at": self.expires_at,
        }
        values.update(changes)
        return ConversationState(**values)


@dataclass(frozen=True)
class Outcome:
    """What a handler returns: the replies to send and the state to keep."""

    replies: tuple[Reply, ...]
    state: ConversationState
