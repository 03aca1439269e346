"""Builds the assistant from settings: knowledge, search index, database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.context import Services
from knowledge.loader import KnowledgeBase, load_knowledge
from knowledge.search import Searcher

if TYPE_CHECKING:
    from bot.settings import Settings
    from handlers.engine import Assistant


def build_searcher(kb: KnowledgeBase) -> Searcher:
    """The search index over the curated entries and the source passages."""
    localities = {file: doc.locality for file, doc in kb.documents.items()}
    return Searcher(
        kb.entries, kb.passages, localities, frozenset(kb.known_refs()), tuple(kb.other_places)
    )


def build_services(kb: KnowledgeBase | None = None) -> Services:
    kb = kb or load_knowledge()
    return Services(kb, build_searcher(kb))


def build_assistant(settings: Settings, services: Services | None = None) -> Assistant:
    """The assistant with its database brought up to date."""
    # imported here: answering one question (`nq05bot ask`) needs no database layer
    from handlers.engine import Assistant
    from storage.db import make_engine
    from storage.migrate import ensure_schema

    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    return Assistant(services or build_services(), engine)
