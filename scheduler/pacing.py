"""Per-platform pacing: an overall rate, a minimum gap per chat, and pauses a platform asks for.

Times are plain seconds from the injected clock, so tests move time by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

SAFETY = 1.03  # stay a little under the limit: clocks and networks jitter


@dataclass
class Pacer:
    """Spaces sends so that ``rate`` per second overall and one per ``per_chat`` seconds per chat
    are never exceeded."""

    rate: float
    per_chat: float | None = None
    _next: float = 0.0
    _chat_next: dict[str, float] = field(default_factory=dict)

    @property
    def interval(self) -> float:
        return SAFETY / self.rate

    def pick(self, chats: Sequence[str], now: float) -> tuple[int | None, float]:
        """The index of the first chat that may be sent to now, or None and how long to wait."""
        if self._next > now:
            return None, self._next - now
        wait: float | None = None
        for i, chat in enumerate(chats):
            ready = self._chat_next.get(chat, 0.0)
            if ready <= now:
                return i, 0.0
            wait = ready - now if wait is None else min(wait, ready - now)
        return None, wait if wait is not None else 0.0

    def take(self, chat: str, now: float) -> None:
        """Record a send starting now."""
        self._next = max(self._next, now) + self.interval
        if self.per_chat is not None:
            self._chat_next[chat] = now + self.per_chat * SAFETY
            if len(self._chat_next) > 50_000:
                self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}

    def pause(self, seconds: float, now: float, chat: str | None = None) -> None:
        """The platform said "retry after": hold the whole channel (and the chat) that long."""
        until = now + max(seconds, 0.0)
        self._next = max(self._next, until)
        if chat is not None:
            self._chat_next[chat] = max(self._chat_next.get(chat, 0.0), until)
