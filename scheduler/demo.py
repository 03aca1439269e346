"""A demo cell to try reminders with (until issue 4's ``storage/demo.py`` provides one)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from storage.org_tables import ChatLink, Unit

DEMO_CODE = "DEMO"
DEMO_NAME = "Chi bộ Demo"


def ensure_demo_cell(
    session: Session, now: datetime, channel: str, chat_id: str, user_id: str | None = None
) -> ChatLink:
    """Create the unit ``DEMO`` and link one chat as its secretary (idempotent)."""
    if session.get(Unit, DEMO_CODE) is None:
        session.add(Unit(code=DEMO_CODE, name=DEMO_NAME, kind="chi_bo"))
        session.flush()
    link = session.exec(
        select(ChatLink).where(
            ChatLink.channel == channel,
            ChatLink.chat_id == chat_id,
            ChatLink.unit_code == DEMO_CODE,
            ChatLink.revoked_at.is_(None),
        )
    ).first()
    if link is None:
        link = ChatLink(
            channel=channel, chat_id=chat_id, user_id=user_id or chat_id, role="secretary",
            unit_code=DEMO_CODE, display_name="Bí thư Chi bộ Demo", linked_at=now,
        )  # fmt: skip
        session.add(link)
        session.flush()
    return link
