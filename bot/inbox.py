"""Recording received updates durably, many per transaction (group commit)."""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from storage.db import transaction
from storage.updates import NewUpdate, record_update


class InboxWriter:
    """``await record(update)`` returns once the update is committed: its new id, or None (dup).

    Writes run on a thread of their own, so acknowledging never queues behind answering.
    """

    def __init__(self, engine: Engine, max_batch: int = 128) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self._queue: asyncio.Queue[tuple[NewUpdate, asyncio.Future[int | None]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inbox")

    async def record(self, update: NewUpdate) -> int | None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        future: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((update, future))
        return await future

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._thread.shutdown(wait=False)

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                loop = asyncio.get_running_loop()
                ids = await loop.run_in_executor(self._thread, self._write, [u for u, _ in batch])
            except asyncio.CancelledError:
                for _, future in batch:
                    future.cancel()
                raise
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), new_id in zip(batch, ids, strict=True):
                if not future.done():
                    future.set_result(new_id)

    def _write(self, updates: list[NewUpdate]) -> list[int | None]:
        with transaction(self.engine, urgent=True) as session:
            return [record_update(session, u) for u in updates]
