"""One-time registration codes: issue, redeem once before expiry, throttle wrong attempts."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import func
from sqlmodel import Session, select

from handlers.types import ChatKey
from storage.org import add_link, links_of, utc
from storage.org_tables import ChatLink, RegistrationAttempt, RegistrationCode, Unit

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read out on the phone
CODE_LENGTH = 8
MAX_WRONG = 5
WRONG_WINDOW = timedelta(minutes=15)


class Redeemed(Enum):
    LINKED = "linked"
    ALREADY = "already"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    THROTTLED = "throttled"
    UNIT_GONE = "unit_gone"


@dataclass(frozen=True)
class Redemption:
    outcome: Redeemed
    link: ChatLink | None = None
    wait_minutes: int = 0


def normalize_code(text: str) -> str:
    """What was typed, as the code is stored: upper case without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def digest(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def shown(code: str) -> str:
    """A code as printed for people: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}"


def issue_code(
    session: Session,
    role: str,
    unit_code: str | None,
    now: datetime,
    ttl: timedelta,
    issued_by: str,
    person: str | None = None,
) -> tuple[str, RegistrationCode]:
    """Create a code; the plain text is returned once and never stored."""
    now = utc(now)
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    row = RegistrationCode(
        digest=digest(code),
        role=role,
        unit_code=unit_code,
        person=person,
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + ttl,
    )
    session.add(row)
    session.flush()
    return code, row


def wrong_attempts(session: Session, key: ChatKey, now: datetime) -> list[datetime]:
    now = utc(now)
    query = select(RegistrationAttempt.at).where(
        RegistrationAttempt.channel == key.channel,
        RegistrationAttempt.user_id == key.user_id,
        RegistrationAttempt.at > now - WRONG_WINDOW,
    )
    return sorted(utc(at) for at in session.exec(query))


def _wrong(session: Session, key: ChatKey, now: datetime, outcome: Redeemed) -> Redemption:
    session.add(RegistrationAttempt(channel=key.channel, user_id=key.user_id, at=utc(now)))
    return Redemption(outcome)


def redeem(session: Session, key: ChatKey, typed: str, now: datetime) -> Redemption:
    """Link ``key`` with the code typed, if it is valid; wrong attempts are counted."""
    now = utc(now)
    recent = wrong_attempts(session, key, now)
    if len(recent) >= MAX_WRONG:
        free_at = recent[-MAX_WRONG] + WRONG_WINDOW
        minutes = max(1, math.ceil((free_at - now).total_seconds() / 60))
        return Redemption(Redeemed.THROTTLED, wait_minutes=minutes)
    row = session.exec(
        select(RegistrationCode).where(RegistrationCode.digest == digest(typed))
    ).first()
    if row is None:
        return _wrong(session, key, now, Redeemed.UNKNOWN)
    if row.used_at is not None:
        return _wrong(session, key, now, Redeemed.USED)
    if utc(row.expires_at) <= now:
        return _wrong(session, key, now, Redeemed.EXPIRED)
    if row.unit_code is not None:
        unit = session.get(Unit, row.unit_code)
        if unit is None or not unit.active:
            return Redemption(Redeemed.UNIT_GONE)
    for link in links_of(session, key):
        if link.role == row.role and link.unit_code == row.unit_code:
            return Redemption(Redeemed.ALREADY, link)  # the code stays usable elsewhere
    link = add_link(session, key, row.role, row.unit_code, now, row.person, row.id)
    row.used_at = now
    row.used_by_link = link.id
    session.add(row)
    return Redemption(Redeemed.LINKED, link)


def count_codes(session: Session) -> int:
    return session.exec(select(func.count()).select_from(RegistrationCode)).one()
