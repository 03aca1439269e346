"""The party organisation as the assistant knows it: units, and chat accounts linked to roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Index, String
from sqlmodel import Field, SQLModel


class Unit(SQLModel, table=True):
    """The deployment's party committee or one of its cells (chi bộ), imported by the office."""

    __tablename__ = "unit"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    kind: str = Field(default="chi_bo", max_length=16)  # "dang_bo" | "dang_bo_bo_phan" | "chi_bo"
    parent_code: str | None = Field(
        default=None, sa_column=Column(String(32), ForeignKey("unit.code"), nullable=True)
    )
    active: bool = True


class ChatLink(SQLModel, table=True):
    """A chat account (one channel, one user) linked to a role: a unit's secretary or an admin.

    Links are never deleted: revoking sets ``revoked_at``; a delivery that finds the person has
    blocked the bot sets ``blocked_at``.
    """

    __tablename__ = "chat_link"
    __table_args__ = (Index("ix_chat_link_account", "channel", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    user_id: str = Field(max_length=64)
    role: str = Field(max_length=16)  # "secretary" | "admin"
    unit_code: str | None = Field(
        default=None, sa_column=Column(String(32), ForeignKey("unit.code"), nullable=True)
    )
    display_name: str | None = Field(default=None, max_length=200)
    linked_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    blocked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
