"""Database tables (SQLModel). Times are stored as aware UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index
from sqlmodel import Field, SQLModel


def _utc(**kwargs: Any) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), **kwargs))


class ConversationRow(SQLModel, table=True):
    """Where one chat stands in a conversation (flow, named step, data)."""

    __tablename__ = "conversation"

    channel: str = Field(primary_key=True, max_length=16)
    chat_id: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(max_length=64)
    flow: str | None = Field(default=None, max_length=32)
    step: str | None = Field(default=None, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = 0
    expires_at: datetime | None = _utc(nullable=True)
    updated_at: datetime = _utc(nullable=False)


class UnansweredQuestion(SQLModel, table=True):
    """A question the assistant could not answer, kept for curation."""

    __tablename__ = "unanswered_question"
    __table_args__ = (Index("ix_unanswered_normalized", "normalized"),)

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=2000)
    normalized: str = Field(max_length=2000)
    channel: str = Field(max_length=16)
    asked_at: datetime = _utc(nullable=False)
