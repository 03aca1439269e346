"""Repository of the channel inbox and outbox. Functions take a Session; the caller commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from handlers.types import Choice, Reply
from storage.org_tables import ChatLink
from storage.update_tables import (
    ANSWERED,
    DONE,
    PENDING,
    RECEIVED,
    ChannelChat,
    ChannelReply,
    ChannelUpdate,
)


@dataclass(frozen=True)
class NewUpdate:
    """An update about to be recorded."""

    channel: str
    update_key: str
    chat_id: str
    payload: dict[str, Any]
    received_at: datetime


def record_update(session: Session, new: NewUpdate) -> int | None:
    """Record an update once; the new row id, or None when this key was already recorded."""
    values = {
        "channel": new.channel,
        "update_key": new.update_key,
        "chat_id": new.chat_id,
        "payload": new.payload,
        "status": RECEIVED,
        "received_at": new.received_at,
    }
    table = ChannelUpdate.__table__
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["channel", "update_key"])
        .returning(table.c.id)
    )
    return session.execute(statement).scalar_one_or_none()


def unfinished_updates(
    session: Session,
    channels: Sequence[str] | None = None,
    after: int = 0,
    limit: int | None = None,
) -> list[ChannelUpdate]:
    """Updates recorded but not yet fully answered, oldest first: all of them to resume after
    a restart, or those recorded after id ``after`` to follow what another process records."""
    query = select(ChannelUpdate).where(ChannelUpdate.status != DONE, ChannelUpdate.id > after)
    if channels is not None:
        query = query.where(ChannelUpdate.channel.in_(channels))
    return list(session.scalars(query.order_by(ChannelUpdate.id).limit(limit)))


def get_update(session: Session, update_id: int) -> ChannelUpdate | None:
    return session.get(ChannelUpdate, update_id)


def store_replies(session: Session, row: ChannelUpdate, replies: Sequence[Reply]) -> None:
    """Keep the replies computed for an update and mark it answered (the core ran once)."""
    for seq, reply in enumerate(replies):
        session.add(
            ChannelReply(
                update_id=row.id,
                seq=seq,
                channel=row.channel,
                chat_id=row.chat_id,
                text=reply.text,
                choices=[{"id": c.id, "label": c.label} for c in reply.choices],
                document=reply.document,
                filename=reply.filename,
            )
        )
    session.execute(update(ChannelUpdate).where(ChannelUpdate.id == row.id).values(status=ANSWERED))


def pending_replies(session: Session, update_id: int) -> list[ChannelReply]:
    query = (
        select(ChannelReply)
        .where(ChannelReply.update_id == update_id, ChannelReply.status == PENDING)
        .order_by(ChannelReply.seq)
    )
    return list(session.scalars(query))


def as_reply(row: ChannelReply) -> Reply:
    choices = tuple(Choice(c["id"], c["label"]) for c in row.choices)
    return Reply(row.text, choices, document=row.document, filename=row.filename)


def mark_reply(
    session: Session, reply_id: int, status: str, attempts: int, detail: str, now: datetime
) -> None:
    """Record what became of one reply (sent, failed, blocked)."""
    session.execute(
        update(ChannelReply)
        .where(ChannelReply.id == reply_id)
        .values(status=status, attempts=attempts, detail=detail[:300], sent_at=now)
    )


def finish_update(session: Session, update_id: int, now: datetime) -> None:
    session.execute(
        update(ChannelUpdate).where(ChannelUpdate.id == update_id).values(status=DONE, done_at=now)
    )


def mark_blocked(session: Session, channel: str, chat_id: str, detail: str, now: datetime) -> None:
    """The person blocked the bot: remember it, and mark their linked accounts inactive."""
    row = session.get(ChannelChat, (channel, chat_id))
    if row is None:
        row = ChannelChat(channel=channel, chat_id=chat_id, updated_at=now)
    row.blocked_at, row.detail, row.updated_at = now, detail[:300], now
    session.add(row)
    session.execute(
        update(ChatLink)
        .where(
            ChatLink.channel == channel, ChatLink.chat_id == chat_id, ChatLink.blocked_at.is_(None)
        )
        .values(blocked_at=now)
    )


def mark_reachable(session: Session, channel: str, chat_id: str, now: datetime) -> None:
    """The person wrote again: they can be reached, whatever we noted before."""
    row = session.get(ChannelChat, (channel, chat_id))
    if row is not None and row.blocked_at is not None:
        row.blocked_at, row.detail, row.updated_at = None, "", now
        session.add(row)
        session.execute(
            update(ChatLink)
            .where(ChatLink.channel == channel, ChatLink.chat_id == chat_id)
            .values(blocked_at=None)
        )


def blocked_at(session: Session, channel: str, chat_id: str) -> datetime | None:
    row = session.get(ChannelChat, (channel, chat_id))
    return row.blocked_at if row else None


def prune_updates(session: Session, before: datetime) -> int:
    """Forget finished updates received before ``before`` (their keys no longer need de-dup)."""
    old = select(ChannelUpdate.id).where(
        ChannelUpdate.status == DONE, ChannelUpdate.received_at < before
    )
    session.execute(delete(ChannelReply).where(ChannelReply.update_id.in_(old)))
    result = session.execute(delete(ChannelUpdate).where(ChannelUpdate.id.in_(old)))
    return result.rowcount or 0


__all__ = [
    "ANSWERED",
    "RECEIVED",
    "NewUpdate",
    "as_reply",
    "blocked_at",
    "finish_update",
    "get_update",
    "mark_blocked",
    "mark_reachable",
    "mark_reply",
    "pending_replies",
    "prune_updates",
    "record_update",
    "store_replies",
    "unfinished_updates",
]
