"""The reminder outbox: store planned rows once, sweep what lost its use, claim, record outcomes.

Repositories never commit; each call runs in the caller's transaction. Claims use
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the write transaction (BEGIN
IMMEDIATE) already serialises claimers. A claim carries a lease: a dispatcher that dies leaves
its rows to be claimed again once the lease lapses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from scheduler import texts
from scheduler.planner import Planned
from storage.org_tables import ChatLink
from storage.reminder_tables import ReminderPreference, ReminderRow
from storage.report_tables import Report

MAX_ATTEMPTS = 6
_STORED = set(ReminderRow.model_fields) - {"id"}


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they are UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def store(session: Session, planned: Iterable[Planned], now: datetime) -> int:
    """Insert what is not there yet (unique key: occurrence, recipient, offset); count new rows."""
    values = []
    for item in planned:
        row = {k: v for k, v in asdict(item).items() if k in _STORED}
        finished = None if item.status == "pending" else now
        row.update(created_at=now, attempts=0, finished_at=finished)
        values.append(row)
    if not values:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added = 0
    for start in range(0, len(values), 500):
        stmt = insert(ReminderRow).values(values[start : start + 500])
        stmt = stmt.on_conflict_do_nothing(index_elements=["occurrence", "recipient", "offset_id"])
        added += len(session.execute(stmt.returning(ReminderRow.id)).all())
    return added


def _free(row: ReminderRow, now: datetime) -> bool:
    lease = aware(row.lease_until)
    return lease is None or lease <= now


def _close(row: ReminderRow, status: str, reason: str, now: datetime) -> None:
    row.status, row.reason, row.finished_at = status, reason, now
    row.claimed_by, row.lease_until = None, None


def sweep(session: Session, now: datetime) -> Counter[str]:
    """Settle pending rows: cancel what a submission, a mute or a lost link made pointless, drop
    what came due but lost its use while we were down, and of several due keep only the last."""
    done: Counter[str] = Counter()
    pending = session.exec(
        select(ReminderRow).where(ReminderRow.status == "pending").order_by(ReminderRow.send_at)
    ).all()
    if not pending:
        return done
    submitted = set(
        session.exec(
            select(Report.form_id, Report.period, Report.unit_code).where(
                Report.form_id.in_({r.form_id for r in pending if r.form_id})
            )
        ).all()
    )
    prefs = {(p.channel, p.chat_id): p.enabled for p in session.exec(select(ReminderPreference))}
    live = set(
        session.exec(
            select(ChatLink.id).where(ChatLink.revoked_at.is_(None), ChatLink.blocked_at.is_(None))
        ).all()
    )
    latest: dict[tuple[str, str], ReminderRow] = {}
    for row in pending:
        if not _free(row, now):
            continue
        reason = _cancel_reason(row, submitted, prefs, live)
        if reason:
            _close(row, "cancelled", reason, now)
            done["cancelled"] += 1
        elif row.attempts >= MAX_ATTEMPTS:
            _close(row, "failed", f"hết {MAX_ATTEMPTS} lần thử: {row.reason or ''}"[:300], now)
            done["failed"] += 1
        elif aware(row.send_at) <= now and aware(row.useful_until) <= now:
            _close(row, "dropped", texts.DROPPED_LATE, now)
            done["dropped"] += 1
        elif aware(row.send_at) <= now:
            group = (row.occurrence, row.recipient)
            older = latest.get(group)
            if older is not None:  # rows come soonest first: the older one is superseded
                _close(older, "dropped", texts.SUPERSEDED, now)
                done["dropped"] += 1
            latest[group] = row
        session.add(row)
    return done


def _cancel_reason(
    row: ReminderRow,
    submitted: set[tuple[str, str, str]],
    prefs: dict[tuple[str, str], bool],
    live: set[int],
) -> str | None:
    if row.kind in {"before", "overdue"} and (row.form_id, row.period, row.unit_code) in submitted:
        return texts.CANCELLED_SUBMITTED
    if row.link_id is not None and row.link_id not in live:
        return texts.CANCELLED_GONE
    enabled = prefs.get((row.channel, row.chat_id))
    if enabled is False or (row.kind == "member" and not enabled):
        return texts.CANCELLED_MUTED
    return None


def cancel_for_report(
    session: Session, form_id: str, period: str, unit_code: str, now: datetime
) -> int:
    """A submission cancels the pending reminders of that unit for that form and period."""
    result = session.execute(
        update(ReminderRow)
        .where(
            ReminderRow.status == "pending",
            ReminderRow.kind.in_(("before", "overdue")),
            ReminderRow.form_id == form_id,
            ReminderRow.period == period,
            ReminderRow.unit_code == unit_code,
        )
        .values(status="cancelled", reason=texts.CANCELLED_SUBMITTED, finished_at=now)
    )
    return result.rowcount or 0


def claim(
    session: Session, channel: str, limit: int, worker: str, now: datetime, lease: timedelta
) -> list[ReminderRow]:
    """Take up to ``limit`` due rows of one channel for ``worker`` until ``now + lease``."""
    query = (
        select(ReminderRow)
        .where(
            ReminderRow.status == "pending",
            ReminderRow.channel == channel,
            ReminderRow.send_at <= now,
            ReminderRow.useful_until > now,
            or_(ReminderRow.lease_until.is_(None), ReminderRow.lease_until <= now),
            or_(ReminderRow.next_attempt_at.is_(None), ReminderRow.next_attempt_at <= now),
        )
        .order_by(ReminderRow.send_at, ReminderRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(session.exec(query).all())
    for row in rows:
        row.claimed_by, row.lease_until = worker, now + lease
        row.attempts += 1
        session.add(row)
    return rows


def _mine(session: Session, row_id: int, worker: str) -> ReminderRow | None:
    row = session.get(ReminderRow, row_id, with_for_update=True)
    if row is None or row.status != "pending" or row.claimed_by != worker:
        return None
    return row


def mark_sent(session: Session, row_id: int, worker: str, now: datetime) -> bool:
    row = _mine(session, row_id, worker)
    if row is None:
        return False
    _close(row, "sent", "đã gửi", now)
    session.add(row)
    return True


def release(
    session: Session, row_id: int, worker: str, retry_at: datetime, reason: str | None = None
) -> None:
    """Give a claimed row back, to be tried again from ``retry_at``."""
    row = _mine(session, row_id, worker)
    if row is None:
        return
    row.claimed_by, row.lease_until, row.next_attempt_at = None, None, retry_at
    if reason:
        row.reason = reason[:300]
    session.add(row)


def finish(
    session: Session, row_id: int, worker: str, status: str, reason: str, now: datetime
) -> ReminderRow | None:
    row = _mine(session, row_id, worker)
    if row is not None:
        _close(row, status, reason[:300], now)
        session.add(row)
    return row


def block_chat(session: Session, channel: str, chat_id: str, now: datetime) -> int:
    """The person blocked the bot: mark their links, stop member reminders, cancel what waits."""
    for link in session.exec(
        select(ChatLink).where(
            ChatLink.channel == channel, ChatLink.chat_id == chat_id, ChatLink.blocked_at.is_(None)
        )
    ):
        link.blocked_at = now
        session.add(link)
    pref = session.get(ReminderPreference, (channel, chat_id))
    if pref is not None and pref.enabled:
        pref.enabled, pref.changed_at = False, now
        session.add(pref)
    result = session.execute(
        update(ReminderRow)
        .where(
            ReminderRow.status == "pending",
            ReminderRow.channel == channel,
            ReminderRow.chat_id == chat_id,
            ReminderRow.claimed_by.is_(None),
        )
        .values(status="cancelled", reason=texts.CANCELLED_GONE, finished_at=now)
    )
    return result.rowcount or 0


def counts(session: Session) -> dict[str, int]:
    rows = session.exec(
        select(ReminderRow.status, func.count()).group_by(ReminderRow.status)
    ).all()
    return {status: n for status, n in rows}
