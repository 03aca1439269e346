"""Runs one message through the router inside one transaction: load state, handle, save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from handlers.context import Context, Services
from handlers.router import handle
from handlers.types import Incoming, Reply
from storage.conversations import StaleStateError, load_state, save_state
from storage.db import transaction


@dataclass
class Assistant:
    """The assistant as every channel sees it: a message in, replies out, state kept in the DB."""

    services: Services
    engine: Engine
    retries: int = 3

    def respond(
        self, incoming: Incoming, keep: Callable[[Session, tuple[Reply, ...]], None] | None = None
    ) -> tuple[Reply, ...]:
        """Handle one message; a concurrent update of the same chat is retried on fresh state.

        ``keep`` runs in the same transaction as the new state (a channel stores the replies to
        send there), so a crash can never leave the state advanced without its replies.
        """
        for attempt in range(self.retries):
            try:
                with transaction(self.engine) as session:
                    state = load_state(session, incoming.key)
                    now = _aware(incoming.received_at)
                    ctx = Context(self.services, session, now, incoming.key)
                    outcome = handle(incoming, state, ctx)
                    save_state(session, incoming.key, outcome.state, ctx.now)
                    if keep is not None:
                        keep(session, outcome.replies)
                return outcome.replies
            except StaleStateError:
                if attempt == self.retries - 1:
                    raise
        raise AssertionError("unreachable")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
