"""Work in order per key (one chat at a time), different keys in parallel, with a bound."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Hashable

from bot.redact import redact

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]


class KeyedSerial:
    """Runs the jobs of one key one after another; at most ``limit`` jobs at once overall."""

    def __init__(self, limit: int = 8) -> None:
        self._queues: dict[Hashable, deque[Job]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(limit)

    def submit(self, key: Hashable, job: Job) -> None:
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(job)
            return
        self._queues[key] = deque([job])
        task = asyncio.create_task(self._drain(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def busy(self) -> bool:
        return bool(self._queues)

    async def _drain(self, key: Hashable) -> None:
        queue = self._queues[key]
        try:
            while queue:
                async with self._slots:
                    try:
                        await queue[0]()
                    except Exception as exc:  # one bad update must not stop the chat's queue
                        log.error("update processing failed: %s", redact(repr(exc)))
                queue.popleft()
        finally:
            self._queues.pop(key, None)

    async def join(self) -> None:
        """Wait until every submitted job has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def cancel(self) -> None:
        """Stop now; unfinished work stays recorded in the database for the next start."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
