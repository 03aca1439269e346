"""The channels at work: record each update, answer it through the assistant, deliver replies.

Every update is committed to the inbox before it is acknowledged; a chat's updates are handled
one at a time and in order, different chats in parallel. Replies are stored before they are
sent, in the same transaction as the conversation state they come from, so a restart resumes
exactly where the previous process stopped and never advances a conversation twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.channel import Channel
from bot.inbox import InboxWriter
from bot.redact import redact
from bot.retry import RetryPolicy, Sleep, deliver
from bot.serial import KeyedSerial
from handlers.engine import Assistant
from handlers.types import Reply
from scheduler.delivery import DeliveryStatus
from storage.db import transaction
from storage.update_tables import BLOCKED, DONE, FAILED, RECEIVED, SENT
from storage.updates import (
    NewUpdate,
    as_reply,
    finish_update,
    get_update,
    mark_reachable,
    mark_reply,
    pending_replies,
    prune_updates,
    store_replies,
    unfinished_updates,
)

log = logging.getLogger(__name__)
DEFAULT_POLICY = RetryPolicy()

_REPLY_STATUS = {
    DeliveryStatus.SENT: SENT,
    DeliveryStatus.BLOCKED: BLOCKED,
}


class ChannelRuntime:
    """Drives a set of channels around one assistant."""

    def __init__(
        self,
        assistant: Assistant,
        channels: list[Channel],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Sleep = asyncio.sleep,
        workers: int = 8,
        policy: RetryPolicy = DEFAULT_POLICY,
        process: bool = True,
        on_recorded: Callable[[], None] | None = None,
    ) -> None:
        self.assistant = assistant
        self.engine = assistant.engine
        self.channels = {c.name: c for c in channels}
        self.clock = clock
        self.sleep = sleep
        self.policy = policy
        # False: only record. The web process of webhook mode does so, while the answering
        # process follows the inbox (tests also simulate a crash this way).
        self.process_updates = process
        self.on_recorded = on_recorded  # told after each recorded update (wakes the follower)
        self._cursor = 0  # the newest update id queued for answering
        self.inbox = InboxWriter(self.engine)
        self.work = KeyedSerial(workers)
        self._pollers: list[asyncio.Task[None]] = []

    # -- life cycle ---------------------------------------------------------------------------
    async def start(self, polling: bool) -> None:
        """Check every channel's token, then resume updates left unanswered by a previous run."""
        started: list[Channel] = []
        try:
            for channel in self.channels.values():
                await channel.start(polling)
                started.append(channel)
        except BaseException:
            for channel in started:
                await channel.stop()
            raise
        await self.resume()
        if polling:
            self._pollers = [
                asyncio.create_task(self._poll_forever(c)) for c in self.channels.values()
            ]

    async def resume(self) -> int:
        """Queue every recorded update that was not fully answered (oldest first)."""
        return await self._queue_unfinished(after=0, limit=None)

    async def pick_up(self, limit: int = 1000) -> int:
        """Queue the updates recorded (by another process) since the last ones queued here."""
        return await self._queue_unfinished(after=self._cursor, limit=limit)

    async def follow(self, stop: asyncio.Event, wake: asyncio.Event, idle: float = 1.0) -> None:
        """Answer what the web process records, until ``stop``: pick up new updates whenever
        ``wake`` is set (the web process signals each recorded update), and every ``idle``
        seconds in any case, so that a lost signal delays an answer but never loses it."""
        while not stop.is_set():
            wake.clear()
            if await self.pick_up():
                continue  # there may be more than one batch waiting
            waiters = [asyncio.ensure_future(e.wait()) for e in (stop, wake)]
            try:
                await asyncio.wait(waiters, timeout=idle, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()

    async def prune(self, keep: timedelta) -> int:
        """Delete answered updates (and their replies) received more than ``keep`` ago."""

        def delete() -> int:
            with transaction(self.engine) as session:
                return prune_updates(session, self.clock() - keep)

        return await asyncio.to_thread(delete)

    async def prune_forever(
        self, stop: asyncio.Event, keep: timedelta, every: float = 3600.0
    ) -> None:
        """Prune the inbox now and then every ``every`` seconds until ``stop``."""
        while not stop.is_set():
            try:
                removed = await self.prune(keep)
                if removed:
                    log.info("inbox: %d answered updates older than %s deleted", removed, keep)
            except Exception as exc:  # the next round tries again
                log.warning("inbox pruning failed: %s", redact(repr(exc)))
            await set_within(stop, every)

    async def _queue_unfinished(self, after: int, limit: int | None) -> int:
        channels = list(self.channels)

        def load() -> list[tuple[int, str, str]]:
            with transaction(self.engine) as session:
                rows = unfinished_updates(session, channels, after=after, limit=limit)
                return [(r.id, r.channel, r.chat_id) for r in rows if r.id is not None]

        rows = await asyncio.to_thread(load)
        for update_id, channel, chat_id in rows:
            self._dispatch(update_id, channel, chat_id)
            self._cursor = max(self._cursor, update_id)
        return len(rows)

    async def stop(self, drain: bool = True, grace: float = 10.0) -> None:
        for task in self._pollers:
            task.cancel()
        await asyncio.gather(*self._pollers, return_exceptions=True)
        if drain:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.work.join(), grace)
        await self.work.cancel()
        await self.inbox.close()
        for channel in self.channels.values():
            await channel.stop()

    async def idle(self) -> None:
        """Wait until every queued update has been handled (tests, benchmarks)."""
        await self.work.join()

    # -- receiving ----------------------------------------------------------------------------
    async def accept(self, channel_name: str, payload: dict[str, Any]) -> bool:
        """Record one update (durably) and queue it; False when it is ignored or a duplicate."""
        channel = self.channels[channel_name]
        found = channel.identify(payload)
        if found is None:
            return False
        new = NewUpdate(channel_name, found.update_key, found.chat_id, found.payload, self.clock())
        update_id = await self.inbox.record(new)
        if update_id is None:
            return False
        self._dispatch(update_id, channel_name, found.chat_id)
        if self.on_recorded is not None:
            self.on_recorded()
        return True

    def _dispatch(self, update_id: int, channel: str, chat_id: str) -> None:
        if self.process_updates:
            self.work.submit((channel, chat_id), lambda: self.handle(update_id))

    async def _poll_forever(self, channel: Channel) -> None:
        failures = 0
        while True:
            try:
                payloads = await channel.poll()
                for payload in payloads:
                    await self.accept(channel.name, payload)
                channel.confirm(payloads)
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failures += 1
                delay = self.policy.backoff(min(failures, 8))
                log.warning("%s polling failed: %s", channel.name, redact(repr(exc)))
                await self.sleep(delay)

    # -- answering ----------------------------------------------------------------------------
    async def handle(self, update_id: int) -> None:
        """Answer one recorded update: run the core once, then deliver every stored reply."""
        row = await asyncio.to_thread(self._load, update_id)
        if row is None or row.status == DONE:
            return
        channel = self.channels[row.channel]
        if row.status == RECEIVED:
            inbound = channel.inbound(row.payload, _aware(row.received_at))
            if inbound.before is not None:
                await inbound.before()
            if inbound.incoming is None:
                pieces = [piece for reply in inbound.replies for piece in channel.pieces(reply)]
                await asyncio.to_thread(self._store, row, pieces)
            else:

                def keep(session: Session, replies: tuple[Reply, ...]) -> None:
                    # same transaction as the conversation state: both or neither survive a crash
                    pieces = [piece for reply in replies for piece in channel.pieces(reply)]
                    store_replies(session, row, pieces)
                    mark_reachable(session, row.channel, row.chat_id, self.clock())

                await asyncio.to_thread(self.assistant.respond, inbound.incoming, keep)
        await self._deliver(update_id, channel)

    def _load(self, update_id: int) -> Any:
        with transaction(self.engine) as session:
            return get_update(session, update_id)

    def _store(self, row: Any, pieces: list[Reply]) -> None:
        with transaction(self.engine) as session:
            store_replies(session, row, pieces)

    async def _deliver(self, update_id: int, channel: Channel) -> None:
        def load() -> list[Any]:
            with transaction(self.engine) as session:
                return pending_replies(session, update_id)

        rows = await asyncio.to_thread(load)
        stop_reason: tuple[str, str] | None = None
        for position, reply_row in enumerate(rows):
            if stop_reason is not None:
                status, attempts, detail = stop_reason[0], 0, stop_reason[1]
            else:
                done = await deliver(
                    channel.sender, reply_row.chat_id, as_reply(reply_row), self.sleep, self.policy
                )
                status = _REPLY_STATUS.get(done.result.status, FAILED)
                attempts, detail = done.attempts, redact(done.result.detail)
                if status == BLOCKED:
                    stop_reason = (BLOCKED, detail)
                elif status == FAILED:
                    log.warning("%s reply not delivered: %s", channel.name, detail)
            last = position == len(rows) - 1
            await asyncio.to_thread(
                self._mark, update_id, (reply_row.id, status, attempts, detail), last
            )
        if not rows:
            await asyncio.to_thread(self._mark, update_id, None, True)

    def _mark(
        self, update_id: int, outcome: tuple[int, str, int, str] | None, finished: bool
    ) -> None:
        """Record one reply's fate right after sending it (and close the update with the last)."""
        now = self.clock()
        with transaction(self.engine) as session:
            if outcome is not None:
                mark_reply(session, *outcome, now)
            if finished:
                finish_update(session, update_id, now)


async def set_within(event: asyncio.Event, seconds: float) -> bool:
    """Wait until ``event`` is set or ``seconds`` have passed; whether it was set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)
    return event.is_set()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
