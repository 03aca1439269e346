"""Drafts and sent reports: repository functions (the caller owns the transaction).

Every change to a draft checks the version the caller last saw (optimistic locking) and appends
a ReportEvent; sending writes the current Report and a ReportVersion. Nothing is ever deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.org import utc
from storage.report_tables import Report, ReportDraft, ReportEvent, ReportVersion


class DraftConflict(Exception):
    """The draft changed since the caller read it; ``draft`` is its current state."""

    def __init__(self, draft: ReportDraft):
        super().__init__(draft.id)
        self.draft = draft


def submitted_unit_codes(session: Session, form_id: str, period_key: str) -> set[str]:
    """The units that have sent a report for this form and period."""
    query = select(Report.unit_code).where(Report.form_id == form_id, Report.period == period_key)
    return set(session.exec(query))


def report_of(session: Session, form_id: str, period: str, unit_code: str) -> Report | None:
    query = select(Report).where(
        Report.form_id == form_id, Report.period == period, Report.unit_code == unit_code
    )
    return session.exec(query).first()


def reports_for(session: Session, form_id: str, period: str) -> list[Report]:
    query = select(Report).where(Report.form_id == form_id, Report.period == period)
    return list(session.exec(query.order_by(Report.unit_code)))


def versions_of(session: Session, report_id: int) -> list[ReportVersion]:
    query = select(ReportVersion).where(ReportVersion.report_id == report_id)
    return list(session.exec(query.order_by(ReportVersion.version)))


def draft_of(session: Session, form_id: str, period: str, unit_code: str) -> ReportDraft | None:
    query = select(ReportDraft).where(
        ReportDraft.form_id == form_id,
        ReportDraft.period == period,
        ReportDraft.unit_code == unit_code,
    )
    return session.exec(query).first()


def events_of(session: Session, draft_id: int) -> list[ReportEvent]:
    query = select(ReportEvent).where(ReportEvent.draft_id == draft_id)
    return list(session.exec(query.order_by(ReportEvent.id)))


def _log(
    session: Session,
    draft: ReportDraft,
    link_id: int | None,
    action: str,
    now: datetime,
    step: str | None = None,
    value: Any = None,
) -> None:
    event = ReportEvent(
        draft_id=draft.id, link_id=link_id, action=action, step=step, value=value, at=utc(now)
    )
    session.add(event)


def lock_draft(session: Session, draft_id: int) -> ReportDraft | None:
    """Read a draft and lock its row until the end of the transaction (PostgreSQL)."""
    draft = session.get(ReportDraft, draft_id, with_for_update=True, populate_existing=True)
    if draft is not None:
        session.info.setdefault("locked_drafts", set()).add(draft_id)
    return draft


def _locked(session: Session, draft_id: int) -> ReportDraft:
    if draft_id in session.info.get("locked_drafts", ()):
        draft = session.get(ReportDraft, draft_id)  # already read and locked: no new query
    else:
        draft = lock_draft(session, draft_id)
    if draft is None:
        raise LookupError(draft_id)
    return draft


def start_draft(
    session: Session,
    form_id: str,
    period: str,
    unit_code: str,
    answers: dict[str, Any],
    base_version: int,
    link_id: int | None,
    now: datetime,
) -> ReportDraft:
    """Open the unit's draft with these answers (a new draft, or a closed one reopened)."""
    now = utc(now)
    draft = draft_of(session, form_id, period, unit_code)
    if draft is None:
        try:
            with session.begin_nested():
                draft = ReportDraft(
                    form_id=form_id,
                    period=period,
                    unit_code=unit_code,
                    answers=dict(answers),
                    base_version=base_version,
                    updated_at=now,
                    updated_by=link_id,
                )
                session.add(draft)
                session.flush()
            _log(session, draft, link_id, "start", now, value=dict(answers))
            return draft
        except IntegrityError:  # another secretary of the unit opened it at the same moment
            draft = draft_of(session, form_id, period, unit_code)
            assert draft is not None
    draft = _locked(session, draft.id)  # type: ignore[arg-type]
    if draft.status == "open" and draft.base_version == base_version:
        return draft
    draft.answers = dict(answers)
    draft.status, draft.base_version = "open", base_version
    draft.version += 1
    draft.updated_at, draft.updated_by = now, link_id
    session.add(draft)
    _log(session, draft, link_id, "amend" if base_version else "start", now, value=dict(answers))
    return draft


def change_draft(
    session: Session,
    draft_id: int,
    seen_version: int,
    link_id: int | None,
    now: datetime,
    action: str,
    answers: dict[str, Any] | None = None,
    status: str | None = None,
    step: str | None = None,
    value: Any = None,
) -> ReportDraft:
    """Change an open draft last read at ``seen_version``; DraftConflict if it moved since."""
    now = utc(now)
    draft = _locked(session, draft_id)
    if draft.version != seen_version or draft.status != "open":
        raise DraftConflict(draft)
    if answers is not None:
        draft.answers = dict(answers)
    if status is not None:
        draft.status = status
    draft.version += 1
    draft.updated_at, draft.updated_by = now, link_id
    session.add(draft)
    _log(session, draft, link_id, action, now, step, value)
    return draft


def send_report(
    session: Session,
    draft_id: int,
    seen_version: int,
    answers: dict[str, Any],
    late: bool,
    link_id: int | None,
    now: datetime,
) -> Report:
    """Send the draft as the unit's report (a new version when amending); DraftConflict if the
    draft or the report moved since it was read."""
    now = utc(now)
    draft = _locked(session, draft_id)
    report = report_of(session, draft.form_id, draft.period, draft.unit_code)
    if (report.version if report else 0) != draft.base_version:
        raise DraftConflict(draft)
    change_draft(
        session, draft_id, seen_version, link_id, now, "send", status="sent", value=answers
    )
    if report is None:
        report = Report(
            form_id=draft.form_id,
            period=draft.period,
            unit_code=draft.unit_code,
            answers=answers,
            version=1,
            late=late,
            submitted_at=now,
            submitted_by=link_id,
        )
    else:
        report.answers, report.version = dict(answers), report.version + 1
        report.submitted_at, report.submitted_by = now, link_id
    session.add(report)
    session.flush()
    session.add(
        ReportVersion(
            report_id=report.id,
            version=report.version,
            answers=dict(answers),
            late=late,
            submitted_at=now,
            submitted_by=link_id,
        )
    )
    return report
