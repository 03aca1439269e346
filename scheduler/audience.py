"""Reads who can be reminded and who has reported from the database, for the planner."""

from __future__ import annotations

from sqlmodel import Session, select

from scheduler.planner import Audience, Recipient, UnitInfo
from storage.org_tables import ChatLink, Unit
from storage.reminder_tables import ReminderPreference
from storage.report_tables import Report


def preferences(session: Session) -> dict[tuple[str, str], bool]:
    rows = session.exec(select(ReminderPreference)).all()
    return {(p.channel, p.chat_id): p.enabled for p in rows}


def load_audience(session: Session, form_ids: set[str] | None = None) -> Audience:
    """Active cells, linked people still reachable, opted-in members, and submitted reports."""
    units = session.exec(select(Unit).where(Unit.active).order_by(Unit.code)).all()
    cells = tuple(UnitInfo(u.code, u.name) for u in units if u.kind != "dang_bo")
    prefs = preferences(session)
    recipients: list[Recipient] = []
    links = session.exec(
        select(ChatLink).where(ChatLink.revoked_at.is_(None), ChatLink.blocked_at.is_(None))
    ).all()
    for link in links:
        muted = prefs.get((link.channel, link.chat_id)) is False
        recipients.append(
            Recipient(
                key=f"link:{link.id}",
                channel=link.channel,
                chat_id=link.chat_id,
                role=link.role,
                unit_code=link.unit_code,
                link_id=link.id,
                muted=muted,
            )
        )
    for (channel, chat_id), enabled in sorted(prefs.items()):
        if enabled:
            recipients.append(Recipient(f"member:{channel}:{chat_id}", channel, chat_id, "member"))
    query = select(Report.form_id, Report.period, Report.unit_code)
    if form_ids is not None:
        query = query.where(Report.form_id.in_(form_ids))
    submitted = frozenset((f, p, u) for f, p, u in session.exec(query).all())
    return Audience(cells, tuple(recipients), submitted)
