"""Conversation state per chat: load and save with an optimistic version check."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from handlers.types import ChatKey, ConversationState
from storage.tables import ConversationRow


class StaleStateError(Exception):
    """The state changed since it was read (another message of the same chat won the race)."""


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def load_state(session: Session, key: ChatKey) -> ConversationState:
    """The stored state of a chat, or an empty one."""
    row = session.get(ConversationRow, (key.channel, key.chat_id))
    if row is None:
        return ConversationState()
    return ConversationState(
        row.flow, row.step, dict(row.data), row.version, _aware(row.expires_at)
    )


def save_state(session: Session, key: ChatKey, state: ConversationState, now: datetime) -> int:
    """Store a chat's state if nobody changed it since it was read; return the new version."""
    row = session.get(ConversationRow, (key.channel, key.chat_id), with_for_update=True)
    if row is None:
        if state.version != 0:
            raise StaleStateError(key)
        row = ConversationRow(channel=key.channel, chat_id=key.chat_id, user_id=key.user_id)
    elif row.version != state.version:
        raise StaleStateError(key)
    row.user_id = key.user_id
    row.flow, row.step, row.data = state.flow, state.step, dict(state.data)
    row.expires_at = state.expires_at
    row.version = state.version + 1
    row.updated_at = now
    session.add(row)
    return row.version
