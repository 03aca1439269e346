"""The party organisation as the assistant knows it: units, chat accounts linked to roles, and
the one-time codes that create those links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Index, String
from sqlmodel import Field, SQLModel


class Unit(SQLModel, table=True):
    """The deployment's party committee or one of its cells (chi bộ), imported by the office."""

    __tablename__ = "unit"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    # "dang_bo" | "dang_bo_bo_phan" | "chi_bo" | "demo" (the console's try-it-out cell)
    kind: str = Field(default="chi_bo", max_length=16)
    parent_code: str | None = Field(
        default=None, sa_column=Column(String(32), ForeignKey("unit.code"), nullable=True)
    )
    active: bool = True


class ChatLink(SQLModel, table=True):
    """A chat account (one channel, one user) linked to a role: a unit's secretary or an admin.

    Links are never deleted: revoking sets ``revoked_at``; a delivery that finds the person has
    blocked the bot sets ``blocked_at``. ``person`` ties the Telegram and Zalo accounts of one
    person together (a link made with ``/lienket`` shares the person of the link that asked).
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
    person: str | None = Field(default=None, max_length=32)
    code_id: int | None = Field(default=None)
    linked_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    blocked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class RegistrationCode(SQLModel, table=True):
    """A one-time code the office issues; only its SHA-256 digest is stored."""

    __tablename__ = "registration_code"

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(max_length=64, unique=True)
    role: str = Field(max_length=16)
    unit_code: str | None = Field(
        default=None, sa_column=Column(String(32), ForeignKey("unit.code"), nullable=True)
    )
    person: str | None = Field(default=None, max_length=32)
    issued_by: str = Field(max_length=64)
    issued_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    used_by_link: int | None = Field(default=None)


class RegistrationAttempt(SQLModel, table=True):
    """A wrong code typed by a chat account (for throttling)."""

    __tablename__ = "registration_attempt"
    __table_args__ = (Index("ix_registration_attempt_account", "channel", "user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
