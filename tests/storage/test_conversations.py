"""Conversation state survives restarts and never silently loses a concurrent update."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from handlers.types import ChatKey, ConversationState
from storage.conversations import StaleStateError, load_state, save_state
from storage.db import transaction

KEY = ChatKey("zalo", "chat-9", "user-9")
NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def test_state_round_trip(engine: Engine) -> None:
    with transaction(engine) as session:
        save_state(session, KEY, ConversationState("report", "members", {"members": 25}), NOW)
    with transaction(engine) as session:
        state = load_state(session, KEY)
    assert (state.flow, state.step, state.data, state.version) == (
        "report",
        "members",
        {"members": 25},
        1,
    )


def test_a_stale_write_is_refused(engine: Engine) -> None:
    with transaction(engine) as session:
        save_state(session, KEY, ConversationState(), NOW)
    with transaction(engine) as session:
        first = load_state(session, KEY)
    with transaction(engine) as session:
        save_state(session, KEY, first.but(step="a"), NOW)
    with pytest.raises(StaleStateError), transaction(engine) as session:
        save_state(session, KEY, first.but(step="b"), NOW)
    with transaction(engine) as session:
        assert load_state(session, KEY).step == "a"
