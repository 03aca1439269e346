"""Questions the assistant could not answer, for the office to curate."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from storage.tables import UnansweredQuestion


def record_unanswered(
    session: Session, text: str, normalized: str, channel: str, at: datetime
) -> None:
    """Remember a question that got no answer."""
    session.add(
        UnansweredQuestion(
            text=text[:2000], normalized=normalized[:2000], channel=channel, asked_at=at
        )
    )


def most_frequent(session: Session, limit: int = 20) -> list[tuple[str, int, datetime]]:
    """The most often unanswered questions: (an example text, how many times, last asked)."""
    rows = session.exec(
        select(
            UnansweredQuestion.normalized,
            func.count(),
            func.max(UnansweredQuestion.asked_at),
            func.min(UnansweredQuestion.text),
        )
        .group_by(UnansweredQuestion.normalized)
        .order_by(func.count().desc(), func.max(UnansweredQuestion.asked_at).desc())
        .limit(limit)
    ).all()
    return [(text, count, last) for _, count, last, text in rows]
