"""Units and chat links: small repository functions (the caller owns the transaction)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from handlers.types import ChatKey
from storage.org_tables import ChatLink, Unit

SECRETARY = "secretary"
ADMIN = "admin"
DEMO_KIND = "demo"


def utc(moment: datetime) -> datetime:
    """Aware UTC (naive values read back from SQLite are UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def active_units(session: Session, include_demo: bool = False) -> list[Unit]:
    """The units that are expected to report, by code (the demo cell only when asked)."""
    query = select(Unit).where(Unit.active == True).order_by(Unit.code)  # noqa: E712
    units = list(session.exec(query))
    return [u for u in units if include_demo or u.kind != DEMO_KIND]


def reporting_units(session: Session) -> list[Unit]:
    """Active units that report: cells and sub-committees; the demo cell if it is all there is."""
    units = [u for u in active_units(session, include_demo=True) if u.kind != "dang_bo"]
    real = [u for u in units if u.kind != DEMO_KIND]
    return real or units


def all_units(session: Session) -> list[Unit]:
    return list(session.exec(select(Unit).order_by(Unit.code)))


def unit(session: Session, code: str) -> Unit | None:
    return session.get(Unit, code)


def _live(query):  # type: ignore[no-untyped-def]
    return query.where(col(ChatLink.revoked_at).is_(None))


def secretary_links(session: Session, unit_code: str) -> list[ChatLink]:
    """The live (not revoked) secretary links of a unit, oldest first."""
    query = _live(select(ChatLink)).where(
        ChatLink.role == SECRETARY, ChatLink.unit_code == unit_code
    )
    return list(session.exec(query.order_by(ChatLink.id)))


def admin_links(session: Session) -> list[ChatLink]:
    """The live admin links, oldest first."""
    query = _live(select(ChatLink)).where(ChatLink.role == ADMIN)
    return list(session.exec(query.order_by(ChatLink.id)))


def links_of(session: Session, key: ChatKey) -> list[ChatLink]:
    """The live links of one chat account (any role)."""
    query = _live(select(ChatLink)).where(
        ChatLink.channel == key.channel, ChatLink.user_id == key.user_id
    )
    return list(session.exec(query.order_by(ChatLink.id)))


def secretary_units(session: Session, key: ChatKey) -> list[tuple[ChatLink, Unit]]:
    """The units this account reports for, with the link that allows it."""
    pairs = []
    for link in links_of(session, key):
        if link.role == SECRETARY and link.unit_code:
            found = session.get(Unit, link.unit_code)
            if found is not None and found.active:
                pairs.append((link, found))
    return pairs


def admin_link(session: Session, key: ChatKey) -> ChatLink | None:
    return next((link for link in links_of(session, key) if link.role == ADMIN), None)


def all_links(session: Session, include_revoked: bool = False) -> list[ChatLink]:
    query = select(ChatLink).order_by(ChatLink.id)
    return [link for link in session.exec(query) if include_revoked or link.revoked_at is None]


def add_link(
    session: Session,
    key: ChatKey,
    role: str,
    unit_code: str | None,
    now: datetime,
    person: str | None = None,
    code_id: int | None = None,
) -> ChatLink:
    """Link an account to a role, or return the live link it already has for that role."""
    for link in links_of(session, key):
        if link.role == role and link.unit_code == unit_code:
            return link
    link = ChatLink(
        channel=key.channel,
        chat_id=key.chat_id,
        user_id=key.user_id,
        role=role,
        unit_code=unit_code,
        person=person or uuid.uuid4().hex,
        code_id=code_id,
        linked_at=utc(now),
    )
    session.add(link)
    session.flush()
    return link


def revoke_link(session: Session, link_id: int, now: datetime) -> ChatLink | None:
    """Revoke a link (it stays in the table with ``revoked_at``); None when unknown."""
    link = session.get(ChatLink, link_id)
    if link is None:
        return None
    if link.revoked_at is None:
        link.revoked_at = utc(now)
        session.add(link)
    return link
