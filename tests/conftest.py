"""Fixtures shared by every test: database (SQLite, or PostgreSQL when configured), clock, bot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, text

from bot.wiring import build_services
from handlers.context import Services
from handlers.engine import Assistant
from storage.db import make_engine
from storage.migrate import upgrade
from tests.support.clock import VN, FakeClock
from tests.support.conversation import Conversation

# CI sets this to a real PostgreSQL database and runs the whole suite a second time against it.
POSTGRES_URL = os.environ.get("NQ05_TEST_DATABASE_URL")


@pytest.fixture(scope="session", autouse=True)
def _index_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands run by the tests cache the analysed knowledge base here, not in ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INDEX_CACHE_DIR", str(tmp_path_factory.mktemp("index-cache")))
        yield


@pytest.fixture(scope="session")
def services() -> Services:
    """The real knowledge base and search index (built once per test run)."""
    return build_services()


def _fresh_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path) -> str:
    """An empty database for this test."""
    if POSTGRES_URL:
        _fresh_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a migrated, empty database."""
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=VN))


@pytest.fixture
def assistant(services: Services, engine: Engine) -> Assistant:
    return Assistant(services, engine)


@pytest.fixture
def chat(assistant: Assistant, clock: FakeClock) -> Conversation:
    return Conversation(assistant, clock)
