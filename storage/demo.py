"""The demo cell that lets a newcomer try a report in the console without any setup."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from handlers.types import ChatKey
from storage.org import ADMIN, DEMO_KIND, SECRETARY, add_link
from storage.org_tables import ChatLink, Unit

DEMO_CODE = "DEMO"
DEMO_NAME = "Chi bộ Demo"


def ensure_demo_unit(
    session: Session, key: ChatKey, now: datetime, as_admin: bool = False
) -> ChatLink:
    """Create the demo cell if needed and link ``key`` as its secretary (and admin if asked)."""
    if session.get(Unit, DEMO_CODE) is None:
        session.add(Unit(code=DEMO_CODE, name=DEMO_NAME, kind=DEMO_KIND, active=True))
        session.flush()
    link = add_link(session, key, SECRETARY, DEMO_CODE, now)
    if as_admin:
        add_link(session, key, ADMIN, None, now, person=link.person)
    return link
