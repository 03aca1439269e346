"""The pure planner: calendar + report status + recipients + now → the reminders due.

No database and no clock here: the tick and the preview feed it plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from scheduler import texts
from scheduler.calendar import Calendar, Occurrence
from scheduler.policy import DayWindow, Offset, Policy


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str


@dataclass(frozen=True)
class Recipient:
    """Someone a reminder can reach: a unit's secretary, an office admin, or a member."""

    key: str  # "link:<id>" | "member:<channel>:<chat id>"
    channel: str
    chat_id: str
    role: str  # "secretary" | "admin" | "member"
    unit_code: str | None = None
    link_id: int | None = None
    muted: bool = False  # turned reminders off with /nhacnho tat


@dataclass(frozen=True)
class Audience:
    """Who exists and who has reported, as of now."""

    units: tuple[UnitInfo, ...]  # active cells ("every cell")
    recipients: tuple[Recipient, ...]
    submitted: frozenset[tuple[str, str, str]]  # (form id, period key, unit code)

    def secretaries(self, unit_code: str) -> list[Recipient]:
        return [r for r in self.recipients if r.role == "secretary" and r.unit_code == unit_code]

    def with_role(self, role: str) -> list[Recipient]:
        return [r for r in self.recipients if r.role == role and not r.muted]


@dataclass(frozen=True)
class Planned:
    """One reminder the planner wants in the outbox."""

    occurrence: str
    recipient: str
    offset_id: str
    milestone_id: str
    period: str
    form_id: str | None
    unit_code: str | None
    kind: str  # "before" | "overdue" | "digest" | "duty" | "member"
    channel: str
    chat_id: str
    link_id: int | None
    text: str
    due_at: datetime
    send_at: datetime
    useful_until: datetime
    why: str
    status: str = "pending"  # or "dropped" (with reason) when it is no longer useful
    reason: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.occurrence, self.recipient, self.offset_id)


def plan(
    calendar: Calendar, policy: Policy, window: DayWindow, audience: Audience, now: datetime
) -> list[Planned]:
    """Reminders whose send time lies in (now − catch-up, now + plan-ahead], settled for now."""
    low = now - timedelta(hours=policy.catch_up_hours)
    high = now + timedelta(hours=policy.plan_ahead_hours)
    margin = timedelta(days=62)
    items = [
        item
        for occ in calendar.occurrences(low - margin, high + margin)
        for item in _for_occurrence(occ, policy, window, audience)
        if low < item.send_at <= high and (item.kind != "digest" or item.send_at <= now)
    ]
    return settle(items, now)


def settle(items: list[Planned], now: datetime) -> list[Planned]:
    """Drop what came due but is no longer useful; of several due for one person, keep the last."""
    out: list[Planned] = []
    latest: dict[tuple[str, str], Planned] = {}
    for item in items:
        if item.send_at > now:
            out.append(item)
        elif item.useful_until <= now:
            out.append(replace(item, status="dropped", reason=texts.DROPPED_LATE))
        else:
            group = (item.occurrence, item.recipient)
            other = latest.get(group)
            if other is None or item.send_at > other.send_at:
                if other:
                    out.append(replace(other, status="dropped", reason=texts.SUPERSEDED))
                latest[group] = item
            else:
                out.append(replace(item, status="dropped", reason=texts.SUPERSEDED))
    return sorted([*out, *latest.values()], key=lambda p: (p.send_at, p.key))


def _timing(off: Offset, occ: Occurrence, window: DayWindow) -> tuple[datetime, datetime] | None:
    raw = off.send_at(occ.due_at, window.tz)
    send_at = window.fit(raw)
    until = raw + timedelta(hours=off.useful_hours) if off.overdue else occ.due_at
    return (send_at, until) if send_at < until else None


def _item(
    occ: Occurrence,
    off: Offset,
    who: Recipient,
    kind: str,
    window: DayWindow,
    text_of: Callable[[datetime], str],
    why: str,
    unit_code: str | None = None,
) -> Planned | None:
    timing = _timing(off, occ, window)
    if timing is None:
        return None
    send_at, until = timing
    m = occ.milestone
    return Planned(
        occurrence=occ.key, recipient=who.key, offset_id=off.id, milestone_id=m.id,
        period=occ.report_period, form_id=m.form, unit_code=unit_code, kind=kind,
        channel=who.channel, chat_id=who.chat_id, link_id=who.link_id, text=text_of(send_at),
        due_at=occ.due_at, send_at=send_at, useful_until=until,
        why=f"{why}; mốc nhắc {off.label()}",
    )  # fmt: skip


def _owing(occ: Occurrence, audience: Audience) -> list[UnitInfo]:
    m = occ.milestone
    units = audience.units
    if m.owes == "units":
        wanted = set(m.units)
        units = tuple(u for u in units if u.code in wanted)
    return [u for u in units if (m.form, occ.report_period, u.code) not in audience.submitted]


def _for_occurrence(
    occ: Occurrence, policy: Policy, window: DayWindow, audience: Audience
) -> list[Planned]:
    m = occ.milestone
    found: list[Planned | None] = []
    if m.form:
        owing = _owing(occ, audience)
        for unit in owing:
            for who in audience.secretaries(unit.code):
                if who.muted:
                    continue
                why = f"{unit.name} chưa nộp «{m.title}» ({occ.period.label})"
                for off in (*policy.reminders, *policy.overdue):
                    kind = "overdue" if off.overdue else "before"
                    text_of = partial(texts.unit_reminder, occ, unit.name)
                    found.append(_item(occ, off, who, kind, window, text_of, why, unit.code))
        if owing:
            total = len(_owing_scope(occ, audience))
            listed = [(u.name, _note(u, audience)) for u in owing]
            for who in audience.with_role("admin"):
                why = f"văn phòng cần biết {len(owing)} đơn vị chưa nộp «{m.form}»"
                for off in policy.office_digest:
                    text_of = partial(texts.digest, occ, listed, total)
                    found.append(_item(occ, off, who, "digest", window, text_of, why))
    else:
        for who in _duty_owners(occ, audience):
            why = f"việc của {'văn phòng' if who.role == 'admin' else 'đơn vị'}: {m.title}"
            for off in policy.offsets(policy.office_duties):
                text_of = partial(texts.duty_reminder, occ)
                found.append(_item(occ, off, who, "duty", window, text_of, why, who.unit_code))
    if m.members:
        for who in audience.with_role("member"):
            for off in policy.offsets(policy.members):
                text_of = partial(texts.member_reminder, occ)
                found.append(_item(occ, off, who, "member", window, text_of, "nhắc chung"))
    return [f for f in found if f is not None]


def _owing_scope(occ: Occurrence, audience: Audience) -> list[UnitInfo]:
    if occ.milestone.owes == "units":
        return [u for u in audience.units if u.code in set(occ.milestone.units)]
    return list(audience.units)


def _note(unit: UnitInfo, audience: Audience) -> str:
    secretaries = audience.secretaries(unit.code)
    if not secretaries:
        return texts.NO_SECRETARY
    if all(s.muted for s in secretaries):
        return texts.MUTED
    return ""


def _duty_owners(occ: Occurrence, audience: Audience) -> list[Recipient]:
    m = occ.milestone
    if m.owes == "office":
        return audience.with_role("admin")
    codes = {u.code for u in _owing_scope(occ, audience)}
    return [
        r for r in audience.recipients
        if r.role == "secretary" and r.unit_code in codes and not r.muted
    ]  # fmt: skip
