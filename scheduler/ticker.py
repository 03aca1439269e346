"""APScheduler 3.11 as the clock only: it ticks the planner and the dispatcher.

Nothing is pickled into its store: the default in-memory job store holds two interval jobs;
the reminders themselves are rows in our outbox. The first ticks run at once, so reminders
that came due while the service was down are settled on start-up.
"""

from __future__ import annotations

from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.dispatcher import Dispatcher
from scheduler.service import ReminderService


def start_ticker(
    service: ReminderService,
    dispatcher: Dispatcher,
    plan_seconds: float = 60.0,
    dispatch_seconds: float = 5.0,
) -> AsyncIOScheduler:
    """Start ticking on the running event loop; call ``shutdown()`` on the result to stop."""
    clock = AsyncIOScheduler(timezone="Asia/Ho_Chi_Minh")
    first = datetime.now(UTC)
    common = {"max_instances": 1, "coalesce": True, "next_run_time": first}
    clock.add_job(service.plan_tick, "interval", seconds=plan_seconds, id="plan", **common)
    clock.add_job(
        dispatcher.run_until_idle, "interval", seconds=dispatch_seconds, id="dispatch", **common
    )
    clock.start()
    return clock
