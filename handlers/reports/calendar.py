"""Which period a form is collected for, its deadline and the day it closes for amendments."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.reports.forms import Form
from scheduler.periods import Period, once, parse_period, period_of

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local_day(moment: datetime) -> date:
    """The calendar day in Viet Nam of an aware moment."""
    return moment.astimezone(VN).date()


def deadline(form: Form, period: Period) -> date:
    """The last day a report is on time."""
    if form.period == "once":
        return form.due or period.end
    return period.end + timedelta(days=form.due_days)


def closes(form: Form, period: Period) -> date:
    """The last day a sent report can be amended."""
    return deadline(form, period) + timedelta(days=form.amend_days)


def _previous(period: Period) -> Period:
    return period_of(period.kind, period.start - timedelta(days=1))


def open_periods(form: Form, today: date) -> list[Period]:
    """The periods a unit may report for today, oldest first (empty before the form starts)."""
    if today < form.start:
        return []
    if form.period == "once":
        return [once(form.id, form.start, form.due or form.start)]
    current = period_of(form.period, today)
    before = _previous(current)
    if before.end >= form.start and today <= closes(form, before):
        return [before, current]
    return [current]


def period_for_key(form: Form, key: str) -> Period:
    """The period of this form named by a key or a label ("2026-Q1", "Quý I/2026")."""
    if form.period == "once":
        period = once(form.id, form.start, form.due or form.start)
        if key.strip() in {"", period.key, form.id}:
            return period
        raise ValueError(f"biểu mẫu «{form.short}» chỉ có một kỳ: {period.key}")
    period = parse_period(key)
    if period.kind != form.period:
        period = period_of(form.period, period.start)
    return period


def period_label(period: Period) -> str:
    """ "Quý I/2026", "Tháng 5/2026", or "Báo cáo một lần" for a one-off report."""
    if period.kind == "once":
        return "Báo cáo một lần"
    label = period.label
    return label[0].upper() + label[1:]
