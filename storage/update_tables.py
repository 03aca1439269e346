"""Messenger updates received (inbox), replies to send (outbox) and chats that blocked the bot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Inbox statuses: recorded → its replies computed and stored → every reply handled.
RECEIVED, ANSWERED, DONE = "received", "answered", "done"
# Outbox statuses.
PENDING, SENT, FAILED, BLOCKED = "pending", "sent", "failed", "blocked"


class ChannelUpdate(SQLModel, table=True):
    """One update from Telegram or Zalo, recorded before it is acknowledged."""

    __tablename__ = "channel_update"
    __table_args__ = (
        UniqueConstraint("channel", "update_key", name="uq_channel_update_key"),
        Index("ix_channel_update_status", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    update_key: str = Field(max_length=160)  # Telegram update_id; Zalo event_name + message_id
    chat_id: str = Field(max_length=64)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default=RECEIVED, max_length=16)
    received_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    done_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class ChannelReply(SQLModel, table=True):
    """One reply computed for an update, kept until it is sent (or given up on)."""

    __tablename__ = "channel_reply"
    __table_args__ = (UniqueConstraint("update_id", "seq", name="uq_channel_reply_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    update_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("channel_update.id", ondelete="CASCADE"), nullable=False
        )
    )
    seq: int
    channel: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    choices: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    status: str = Field(default=PENDING, max_length=16)
    attempts: int = 0
    detail: str = Field(default="", max_length=300)
    sent_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class ChannelChat(SQLModel, table=True):
    """A chat as a channel knows it; ``blocked_at`` is set when the person blocked the bot."""

    __tablename__ = "channel_chat"

    channel: str = Field(primary_key=True, max_length=16)
    chat_id: str = Field(primary_key=True, max_length=64)
    blocked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    detail: str = Field(default="", max_length=300)
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
