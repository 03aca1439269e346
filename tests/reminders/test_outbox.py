"""The outbox in the database: planned once, cancelled by a submission, caught up after downtime,
and a crashed claim retried after its lease — sent once."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from scheduler import outbox
from scheduler.service import ReminderService
from storage.db import transaction
from storage.reminder_tables import ReminderRow
from tests.reminders.conftest import Delivery, Org, vn
from tests.support.clock import FakeClock


def _rows(engine: Engine, **where: str) -> list[ReminderRow]:
    with transaction(engine) as s:
        query = select(ReminderRow)
        for name, value in where.items():
            query = query.where(getattr(ReminderRow, name) == value)
        return list(s.exec(query.order_by(ReminderRow.send_at, ReminderRow.id)).all())


def test_planning_twice_never_creates_two(org: Org, service: ReminderService, clock: FakeClock):
    clock.set(vn("2026-05-23 09:00"))
    first = service.plan_tick().added
    assert first > 0
    assert service.plan_tick().added == 0
    clock.advance(minutes=1)
    assert service.plan_tick().added == 0
    keys = [(r.occurrence, r.recipient, r.offset_id) for r in _rows(org.engine)]
    assert len(keys) == len(set(keys)) == first


def test_a_submission_cancels_what_is_pending(
    org: Org, service: ReminderService, clock: FakeClock
) -> None:
    clock.set(vn("2026-05-23 09:00"))
    service.plan_tick()
    assert _rows(org.engine, unit_code="A", milestone_id="quan-triet-nq05", status="pending")
    org.submit("quan-triet-nq05", "once:quan-triet-nq05", "A")
    service.plan_tick()
    a_rows = _rows(org.engine, unit_code="A", milestone_id="quan-triet-nq05")
    assert a_rows and all(r.status == "cancelled" for r in a_rows)
    assert _rows(org.engine, unit_code="B", milestone_id="quan-triet-nq05", status="pending")
    clock.set(vn("2026-05-28 09:00"))
    service.plan_tick()
    assert not _rows(org.engine, unit_code="A", milestone_id="quan-triet-nq05", status="pending")


def test_downtime_catch_up_sends_once_or_drops_with_a_record(
    org: Org, service: ReminderService, clock: FakeClock, delivery: Delivery
) -> None:
    clock.set(vn("2026-05-23 09:00"))
    service.plan_tick()  # t-7 for 24/05 is planned ahead … then the service goes down
    clock.set(vn("2026-05-28 10:00"))  # back after t-7 and t-3 came due
    service.plan_tick()
    delivery.run()
    sent = [r.offset_id for r in _rows(org.engine, recipient="link:1", status="sent")
            if r.milestone_id == "quan-triet-nq05"]  # fmt: skip
    assert sent == ["t-3"]
    t7 = _rows(org.engine, recipient="link:1", offset_id="t-7", milestone_id="quan-triet-nq05")
    assert t7[0].status == "dropped" and "mới hơn" in (t7[0].reason or "")
    texts = [t for _, t, _ in delivery.platforms.telegram.accepted("101")]
    assert len([t for t in texts if "quán triệt" in t]) == 1

    clock.set(vn("2026-05-30 07:30"))
    service.plan_tick()  # t-1 (30/05 08:00) is planned ahead; down again until after the deadline
    clock.set(vn("2026-06-04 09:00"))
    service.plan_tick()
    delivery.run()
    t1 = _rows(org.engine, recipient="link:1", offset_id="t-1", milestone_id="quan-triet-nq05")
    assert t1[0].status == "dropped" and "còn tác dụng" in (t1[0].reason or "")


def test_nothing_goes_out_at_night(
    org: Org, service: ReminderService, clock: FakeClock, delivery: Delivery
) -> None:
    clock.set(vn("2026-05-23 09:00"))
    service.plan_tick()
    clock.set(vn("2026-05-24 22:00"))  # t-7 (08:00) missed during the day, service back at night
    service.plan_tick()
    assert delivery.run() == 0
    assert not delivery.platforms.telegram.accepted()
    clock.set(vn("2026-05-25 07:00"))
    service.plan_tick()
    assert delivery.run() > 0
    assert delivery.platforms.telegram.accepted("101")


def test_a_crash_between_claim_and_send_is_retried_after_the_lease_and_sent_once(
    org: Org, service: ReminderService, clock: FakeClock, delivery: Delivery
) -> None:
    clock.set(vn("2026-05-24 08:00"))
    service.plan_tick()
    with transaction(org.engine) as s:  # a dispatcher claims, then dies before sending
        claimed = [
            row
            for channel in ("telegram", "zalo")
            for row in outbox.claim(s, channel, 100, "dead", clock(), timedelta(seconds=60))
        ]
    assert claimed
    assert delivery.run(worker="w2") == 0  # the lease still holds: nobody else may send them
    clock.advance(seconds=61)
    assert delivery.run(worker="w2") == len(claimed)
    fake = delivery.platforms
    accepted = fake.telegram.accepted() + fake.zalo.accepted()
    assert len(accepted) == len({(chat, text) for chat, text, _ in accepted}) == len(claimed)
    assert fake.telegram.duplicates() == fake.zalo.duplicates() == 0
    assert all(r.status == "sent" for r in _rows(org.engine) if r.id in {c.id for c in claimed})


@pytest.mark.skipif(
    not os.environ.get("NQ05_TEST_DATABASE_URL"),
    reason="two dispatchers racing need PostgreSQL (set NQ05_TEST_DATABASE_URL)",
)
def test_two_dispatchers_on_postgresql_never_claim_the_same_row(
    org: Org, service: ReminderService, clock: FakeClock
) -> None:
    clock.set(vn("2026-06-29 08:00"))
    with transaction(org.engine) as s:  # many due rows
        from scheduler.planner import Planned

        now = clock()
        items = [
            Planned(f"occ-{i}", f"r-{i}", "t-1", "m", "2026-Q2", None, None, "duty",
                    "telegram", str(1000 + i), None, "x", now + timedelta(days=1), now,
                    now + timedelta(days=1), "test")
            for i in range(400)
        ]
        outbox.store(s, items, now)
    taken: dict[str, list[int]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def worker(name: str) -> None:
        barrier.wait()
        while True:
            with transaction(org.engine) as s:
                rows = outbox.claim(s, "telegram", 7, name, clock(), timedelta(seconds=60))
                ids = [r.id for r in rows]
            if not ids:
                return
            taken[name] += ids

    threads = [threading.Thread(target=worker, args=(n,)) for n in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not set(taken["a"]) & set(taken["b"])
    assert len(taken["a"]) + len(taken["b"]) == 400
    assert taken["a"] and taken["b"]  # both really worked, side by side
