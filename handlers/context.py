"""What a handler may use: the knowledge, the database session of this message, the time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from handlers.types import ChatKey
from knowledge.loader import KnowledgeBase
from knowledge.search import Searcher

if TYPE_CHECKING:  # the database layer is not needed to answer one question from the CLI
    from sqlmodel import Session


@dataclass(frozen=True)
class Services:
    """Long-lived parts shared by every message."""

    kb: KnowledgeBase
    searcher: Searcher


@dataclass(frozen=True)
class Context:
    """One message's view: shared services, its own transaction and the time it is handled."""

    services: Services
    session: Session
    now: datetime
    key: ChatKey

    @property
    def channel(self) -> str:
        return self.key.channel
