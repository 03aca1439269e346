"""Reminder outbox and reminder preferences (issue 5). Times are aware UTC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _utc(nullable: bool) -> Field:  # type: ignore[valid-type]
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable))


class ReminderRow(SQLModel, table=True):
    """One message the scheduler owes someone: planned once, claimed, sent, and its outcome."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("occurrence", "recipient", "offset_id", name="uq_reminder_once"),
        Index("ix_reminder_due", "status", "channel", "send_at"),
        Index("ix_reminder_chat", "channel", "chat_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    occurrence: str = Field(max_length=120)  # "<milestone id>@<period key>"
    recipient: str = Field(max_length=120)  # "link:12" | "member:telegram:<chat id>"
    offset_id: str = Field(max_length=32)  # policy offset id: "t-7", "qua-han-1", "tong-hop-t-1"
    milestone_id: str = Field(max_length=64)
    period: str = Field(max_length=32)
    form_id: str | None = Field(default=None, max_length=64)
    unit_code: str | None = Field(default=None, max_length=32)
    kind: str = Field(max_length=16)  # "before" | "overdue" | "digest" | "duty" | "member"
    channel: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    link_id: int | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    due_at: datetime = _utc(False)
    send_at: datetime = _utc(False)
    useful_until: datetime = _utc(False)
    # pending → sent | failed | dropped | cancelled | blocked
    status: str = Field(default="pending", max_length=16)
    reason: str | None = Field(default=None, max_length=300)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = _utc(True)
    next_attempt_at: datetime | None = _utc(True)
    created_at: datetime = _utc(False)
    finished_at: datetime | None = _utc(True)


class ReminderPreference(SQLModel, table=True):
    """A person's choice about general reminders (``/nhacnho bat|tat``)."""

    __tablename__ = "reminder_preference"

    channel: str = Field(primary_key=True, max_length=16)
    chat_id: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(max_length=64)
    enabled: bool = True
    changed_at: datetime = _utc(False)
