"""Per-platform pacing: an overall rate, a minimum gap per chat, and pauses a platform asks for.

The overall rate is kept over any sliding second, with a margin for network jitter (the platform
counts arrivals, we count departures). Times are plain seconds from the injected clock, so tests
move time by hand.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

MARGIN = 0.05  # seconds added to every window: a late arrival must not make it 1 too many
PER_CHAT_SAFETY = 1.03


@dataclass
class Pacer:
    """Never more than ``rate`` sends in any 1 + MARGIN seconds, sends spread at least half a
    nominal gap apart, and one per ``per_chat`` seconds to the same chat."""

    rate: float
    per_chat: float | None = None
    _sent: deque[float] = field(default_factory=deque)
    _paused_until: float = 0.0
    _chat_next: dict[str, float] = field(default_factory=dict)

    @property
    def interval(self) -> float:
        return 1.0 / self.rate

    def _ready_at(self) -> float:
        ready = self._paused_until
        if self._sent:
            ready = max(ready, self._sent[-1] + self.interval / 2)
        if len(self._sent) >= math.floor(self.rate):
            ready = max(ready, self._sent[0] + 1.0 + MARGIN)
        return ready

    def pick(self, chats: Sequence[str], now: float) -> tuple[int | None, float]:
        """The index of the first chat that may be sent to now, or None and how long to wait."""
        ready = self._ready_at()
        if ready > now:
            return None, ready - now
        wait: float | None = None
        for i, chat in enumerate(chats):
            chat_ready = self._chat_next.get(chat, 0.0)
            if chat_ready <= now:
                return i, 0.0
            wait = chat_ready - now if wait is None else min(wait, chat_ready - now)
        return None, wait if wait is not None else 0.0

    def take(self, chat: str, now: float) -> None:
        """Record a send starting now."""
        self._sent.append(now)
        while len(self._sent) > math.floor(self.rate):
            self._sent.popleft()
        if self.per_chat is not None:
            self._chat_next[chat] = now + self.per_chat * PER_CHAT_SAFETY
            if len(self._chat_next) > 50_000:
                self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}

    def pause(self, seconds: float, now: float, chat: str | None = None) -> None:
        """The platform said "retry after": hold the whole channel (and the chat) that long."""
        until = now + max(seconds, 0.0)
        self._paused_until = max(self._paused_until, until)
        if chat is not None:
            self._chat_next[chat] = max(self._chat_next.get(chat, 0.0), until)
