"""Builds the assistant from settings: knowledge, search index, database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handlers.context import Services
from knowledge import index_cache
from knowledge.loader import KnowledgeBase, load_knowledge
from knowledge.search import Searcher

if TYPE_CHECKING:
    from bot.settings import Settings
    from handlers.engine import Assistant


def index_cache_dir(settings: Settings) -> Path | None:
    """Where the analysed knowledge base is cached between runs; None when ``off``."""
    value = settings.index_cache_dir.strip()
    if value.lower() == "off":
        return None
    return Path(value).expanduser() if value else index_cache.default_dir()


def build_searcher(kb: KnowledgeBase, cache_dir: Path | None = None) -> Searcher:
    """The search index over the curated entries and the source passages.

    With ``cache_dir``, the analysed corpus is read from (or written to) the on-disk cache of
    :mod:`knowledge.index_cache`, which makes a fresh process start several times faster.
    """
    localities = {file: doc.locality for file, doc in kb.documents.items()}
    models_by_place: dict[str, dict[str, str]] = {}
    for catalogue in kb.localities:
        place = localities.get(catalogue.source)
        if place:
            names = models_by_place.setdefault(place, {})
            names.update({key: m.name for m in catalogue.models for key in m.keys})
    return Searcher(
        kb.entries,
        kb.passages,
        localities,
        frozenset(kb.known_refs()),
        tuple(kb.other_places),
        unstated_topics=tuple(kb.unstated_topics),
        document_kinds={file: doc.kind for file, doc in kb.documents.items() if doc.kind},
        models_by_place=models_by_place,
        cache_dir=cache_dir,
    )


def build_services(kb: KnowledgeBase | None = None, cache_dir: Path | None = None) -> Services:
    kb = kb or load_knowledge()
    return Services(kb, build_searcher(kb, cache_dir))


def build_assistant(settings: Settings, services: Services | None = None) -> Assistant:
    """The assistant with its database brought up to date."""
    # imported here: answering one question (`nq05bot ask`) needs no database layer
    from handlers.engine import Assistant
    from storage.db import make_engine
    from storage.migrate import ensure_schema

    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    return Assistant(services or build_services(cache_dir=index_cache_dir(settings)), engine)
