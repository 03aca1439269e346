"""Engine and transactions: SQLite by default (WAL, immediate write locks), PostgreSQL by URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

DEFAULT_URL = "sqlite:///nq05bot.db"
# SQLite admits one writer at a time and makes the others poll with growing sleeps; threads of
# one process queue on this lock instead, so that a busy moment costs milliseconds, not seconds.
_SQLITE_WRITERS: WeakKeyDictionary[Engine, threading.RLock] = WeakKeyDictionary()


def make_engine(url: str = DEFAULT_URL) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE transactions."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_pragmas(engine)
        _SQLITE_WRITERS[engine] = threading.RLock()
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE: a write transaction takes the
        # write lock up front, so two writers never dead-lock upgrading from a read lock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error. Repositories never commit."""
    writer = _SQLITE_WRITERS.get(engine) or nullcontext()
    with writer, Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
