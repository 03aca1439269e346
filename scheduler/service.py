"""The reminder service: the planner tick (plan + sweep in one transaction) and the preview."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import Engine

from scheduler import outbox
from scheduler.audience import load_audience
from scheduler.calendar import Calendar, load_calendar, parse_clock
from scheduler.planner import Audience, Planned, Recipient, UnitInfo, plan
from scheduler.policy import DayWindow, Policy, load_policy
from storage.db import transaction
from storage.demo import DEMO_CODE, DEMO_NAME

Clock = Callable[[], datetime]


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return load_policy()


@lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    return load_calendar(due_time=parse_clock(default_policy().due_time))


DEMO_AUDIENCE = Audience(
    units=(UnitInfo(DEMO_CODE, DEMO_NAME),),
    recipients=(
        Recipient("link:demo", "console", "console", "secretary", DEMO_CODE),
        Recipient("link:office", "console", "office", "admin"),
    ),
    submitted=frozenset(),
)


@dataclass
class TickResult:
    added: int
    swept: Counter[str]


@dataclass
class ReminderService:
    engine: Engine
    window: DayWindow
    clock: Clock = lambda: datetime.now(UTC)
    calendar: Calendar | None = None
    policy: Policy | None = None

    def __post_init__(self) -> None:
        self.policy = self.policy or default_policy()
        self.calendar = self.calendar or default_calendar()

    def plan_tick(self) -> TickResult:
        """Plan what is due soon, then settle what waits; safe to run any number of times."""
        now = self.clock()
        with transaction(self.engine) as session:
            audience = load_audience(session)
            planned = plan(self.calendar, self.policy, self.window, audience, now)
            added = outbox.store(session, planned, now)
            swept = outbox.sweep(session, now)
        return TickResult(added, swept)

    def preview(self, at: datetime, audience: Audience | None = None) -> Preview:
        """What would go out at ``at`` (due then) and later that day, with no database write."""
        if audience is None:
            with transaction(self.engine) as session:
                audience = load_audience(session)
        now_items = [
            p for p in plan(self.calendar, self.policy, self.window, audience, at)
            if p.status == "pending" and at - timedelta(hours=1) < p.send_at <= at
        ]  # fmt: skip
        day_end = datetime.combine(at.astimezone(self.window.tz).date(), time(23, 59))
        day_end = day_end.replace(tzinfo=self.window.tz)
        later = [
            p for p in plan(self.calendar, self.policy, self.window, audience, day_end)
            if p.status == "pending" and at < p.send_at <= day_end
        ]  # fmt: skip
        return Preview(at, self.window.is_open(at), now_items, later)


@dataclass
class Preview:
    at: datetime
    open: bool
    now: list[Planned]
    later_today: list[Planned]
