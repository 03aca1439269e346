"""Sends due reminders: claim a batch per channel, pace it, send through a Sender, record each
outcome in its own transaction. Uses only the ``Sender`` protocol; the clock and sleep are
injected so tests never wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from handlers.types import Reply
from scheduler import outbox
from scheduler.delivery import DeliveryResult, DeliveryStatus, Sender
from scheduler.pacing import Pacer
from scheduler.policy import DayWindow
from storage.db import transaction

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class DispatchConfig:
    lease_seconds: float = 60.0
    backoff_base: float = 5.0  # transient error n waits base·2^(n−1) seconds …
    backoff_cap: float = 600.0  # … never more than this
    concurrency: int = 8  # sends in flight per channel
    max_batch: int = 200


@dataclass(frozen=True)
class _Job:
    id: int
    chat_id: str
    text: str
    attempts: int


class Dispatcher:
    """One dispatcher process's view: its senders and pacers, a worker id, the clock."""

    def __init__(
        self,
        engine: Engine,
        senders: Mapping[str, Sender],
        pacers: Mapping[str, Pacer],
        window: DayWindow,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        config: DispatchConfig | None = None,
        worker: str | None = None,
    ):
        self.engine, self.senders, self.pacers = engine, senders, pacers
        self.window, self.clock, self.sleep = window, clock, sleep
        self.config = config or DispatchConfig()
        self.worker = worker or f"dispatcher-{uuid.uuid4().hex[:12]}"
        self._stopping = False

    def stop(self) -> None:
        """Stop claiming; rows already claimed but not sent are given back at once (SIGTERM)."""
        self._stopping = True

    async def run_until_idle(self) -> int:
        """Dispatch on every channel side by side until none has anything due; rows claimed."""
        if not self.window.is_open(self.clock()):
            return 0
        counts = await asyncio.gather(*(self._drain(name) for name in self.senders))
        return sum(counts)

    dispatch_once = run_until_idle

    async def run(self, stop: asyncio.Event, idle_seconds: float = 2.0) -> None:
        """Dispatch until ``stop`` is set (a process of its own, or the ticker's loop)."""
        while not stop.is_set() and not self._stopping:
            if not await self.run_until_idle():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), idle_seconds)

    def _batch_size(self, pacer: Pacer) -> int:
        fits = int(pacer.rate * self.config.lease_seconds / 3)  # a third of the lease, at rate
        return max(1, min(self.config.max_batch, fits))

    def _claim(self, channel: str, limit: int) -> list[tuple[_Job, datetime]]:
        now = self.clock()
        lease = timedelta(seconds=self.config.lease_seconds)
        deadline = now + lease * 0.8  # never send on a claim that may have lapsed
        with transaction(self.engine) as session:
            rows = outbox.claim(session, channel, limit, self.worker, now, lease)
            return [
                (_Job(r.id, r.chat_id, r.text, r.attempts), deadline)
                for r in rows
                if r.id is not None
            ]

    async def _drain(self, channel: str) -> int:
        """Keep a queue of claimed rows topped up and send them as the pacer allows, so that
        waiting for one chat's per-chat gap never leaves the channel idle."""
        pacer = self.pacers[channel]
        batch = self._batch_size(pacer)
        queue: list[tuple[_Job, datetime]] = []
        slots = asyncio.Semaphore(self.config.concurrency)
        tasks: list[asyncio.Task[None]] = []
        total, more = 0, True
        while True:
            now = self.clock()
            if self._stopping or not self.window.is_open(now):
                self._give_back([job for job, _ in queue], now)
                break
            lapsing = [job for job, deadline in queue if deadline <= now]
            if lapsing:
                self._give_back(lapsing, now)
                queue = [(j, d) for j, d in queue if d > now]
            index, wait = pacer.pick([job.chat_id for job, _ in queue], now.timestamp())
            if more and (len(queue) < batch // 2 or (index is None and len(queue) < 2 * batch)):
                claimed = await asyncio.to_thread(self._claim, channel, batch)
                total += len(claimed)
                queue += claimed
                more = bool(claimed)
                continue
            if not queue:
                break
            if index is None:
                await self.sleep(wait)
                continue
            job, _ = queue.pop(index)
            pacer.take(job.chat_id, now.timestamp())
            await slots.acquire()
            tasks.append(asyncio.create_task(self._deliver(channel, job, slots)))
            tasks = [t for t in tasks if not t.done()]
        await asyncio.gather(*tasks)
        return total

    def _give_back(self, jobs: list[_Job], now: datetime) -> None:
        with transaction(self.engine) as session:
            for job in jobs:
                outbox.release(session, job.id, self.worker, now)

    async def _deliver(self, channel: str, job: _Job, slots: asyncio.Semaphore) -> None:
        try:
            result = await self.senders[channel].send(job.chat_id, Reply(job.text))
        except Exception as exc:  # a sender bug or network fault must not stop the others
            log.warning("send failed on %s: %s", channel, type(exc).__name__)
            result = DeliveryResult(DeliveryStatus.TRANSIENT, detail=type(exc).__name__)
        finally:
            slots.release()
        await asyncio.to_thread(self._record, channel, job, result)

    def _record(self, channel: str, job: _Job, result: DeliveryResult) -> None:
        now = self.clock()
        status = result.status
        with transaction(self.engine) as session:
            if status is DeliveryStatus.SENT:
                outbox.mark_sent(session, job.id, self.worker, now)
            elif status is DeliveryStatus.RETRY_AFTER:
                wait = float(result.retry_after or 1.0)
                self.pacers[channel].pause(wait, now.timestamp(), job.chat_id)
                retry_at = now + timedelta(seconds=wait)
                outbox.release(session, job.id, self.worker, retry_at, f"chờ {wait:g} giây")
            elif status is DeliveryStatus.TRANSIENT:
                wait = min(
                    self.config.backoff_cap, self.config.backoff_base * 2 ** (job.attempts - 1)
                )
                retry_at = now + timedelta(seconds=wait)
                outbox.release(session, job.id, self.worker, retry_at, f"lỗi tạm: {result.detail}")
            elif status is DeliveryStatus.BLOCKED:
                reason = "người nhận đã chặn trợ lý"
                outbox.finish(session, job.id, self.worker, "blocked", reason, now)
                outbox.block_chat(session, channel, job.chat_id, now)
            else:
                outbox.finish(session, job.id, self.worker, "failed", result.detail or "lỗi", now)
