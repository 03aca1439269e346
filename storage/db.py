"""Engine and transactions: SQLite by default (WAL, immediate write locks), PostgreSQL by URL."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from weakref import WeakKeyDictionary

try:
    import fcntl
except ImportError:  # not on Windows: there, urgent writers go first within a process only
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

DEFAULT_URL = "sqlite:///nq05bot.db"


class WriterGate:
    """Urgent writes first across processes too: a lock file that an urgent writer holds
    exclusively while it writes, and that every other writer passes through (shared, released
    at once) before it begins.

    The answering process writes nearly all the time; without the gate the web process, which
    only needs the SQLite write lock for a millisecond to record an update, would have to catch
    the instants between two of its transactions, and could wait a hundred milliseconds.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _file(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._fd

    def close_while(self) -> contextlib.AbstractContextManager[None]:
        """Held by an urgent writer for its whole transaction."""
        return self._locked(fcntl.LOCK_EX)

    def pass_through(self) -> None:
        """Wait until no urgent writer holds the gate."""
        with self._locked(fcntl.LOCK_SH):
            pass

    @contextmanager
    def _locked(self, mode: int) -> Iterator[None]:
        fd = self._file()
        fcntl.flock(fd, mode)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


class WriterLock:
    """One SQLite writer at a time within this process; urgent writers go before the others.

    SQLite admits one writer at a time and makes the others poll with growing sleeps; threads of
    one process queue here instead, so that a busy moment costs milliseconds, not seconds. Short
    urgent writes (recording an update before acknowledging it) skip the queue of answers, and
    with a ``gate`` (a database file) they go first over other processes as well.
    """

    def __init__(self, gate: WriterGate | None = None) -> None:
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._depth = 0
        self._urgent_waiting = 0
        self._gate = gate

    @contextmanager
    def held(self, urgent: bool = False) -> Iterator[None]:
        me = threading.get_ident()
        with self._cond:
            if self._owner != me:
                if urgent:
                    self._urgent_waiting += 1
                try:
                    while self._owner is not None or (not urgent and self._urgent_waiting):
                        self._cond.wait()
                finally:
                    if urgent:
                        self._urgent_waiting -= 1
                self._owner = me
            self._depth += 1
            outermost = self._depth == 1
        try:
            if self._gate is None or not outermost:
                yield
            elif urgent:
                with self._gate.close_while():
                    yield
            else:
                self._gate.pass_through()
                yield
        finally:
            with self._cond:
                self._depth -= 1
                if self._depth == 0:
                    self._owner = None
                    self._cond.notify_all()


_SQLITE_WRITERS: WeakKeyDictionary[Engine, WriterLock] = WeakKeyDictionary()


def make_engine(url: str = DEFAULT_URL) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE transactions."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_pragmas(engine)
        gate = None
        if path and path != ":memory:" and fcntl is not None:
            gate = WriterGate(Path(f"{path}-writegate"))
        _SQLITE_WRITERS[engine] = WriterLock(gate)
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
        urgent = getattr(_URGENT, "active", False)
        # An urgent writer leaves WAL checkpoints (which copy pages and fsync, often 100 ms or
        # more) to the other writers: its commit is what an acknowledgement waits for.
        checkpoint_pages = 0 if urgent else _CHECKPOINT_PAGES
        info = connection.connection.info
        if info.get("wal_autocheckpoint") != checkpoint_pages:
            connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint={checkpoint_pages}")
            info["wal_autocheckpoint"] = checkpoint_pages
        if urgent:
            _begin_eagerly(connection.connection.driver_connection)
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


_CHECKPOINT_PAGES = 1000  # SQLite's default


_URGENT = threading.local()  # set while this thread runs an urgent transaction
_EAGER_PAUSE = 0.0005  # seconds between an urgent writer's attempts at the write lock
_EAGER_LIMIT = 30.0  # seconds an urgent writer keeps trying (as long as the busy timeout)


def _begin_eagerly(raw: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, retried every half millisecond while another process writes.

    SQLite's own busy handler sleeps longer and longer between attempts (up to 100 ms), so a
    writer in another process that writes often (the answering process) would win the lock
    again and again. Trying this often makes the urgent writer (recording an update before it
    is acknowledged) get the lock within about a millisecond of its release.
    """
    raw.execute("PRAGMA busy_timeout=0")
    deadline = time.monotonic() + _EAGER_LIMIT
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(_EAGER_PAUSE)
    finally:
        raw.execute("PRAGMA busy_timeout=30000")


@contextmanager
def transaction(engine: Engine, urgent: bool = False) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error. Repositories never commit.

    ``urgent``: a short write someone is waiting on (SQLite: it goes before queued writers).
    """
    lock = _SQLITE_WRITERS.get(engine)
    writer = lock.held(urgent) if lock is not None else nullcontext()
    with writer, Session(engine, expire_on_commit=False) as session:
        before = getattr(_URGENT, "active", False)
        _URGENT.active = urgent and lock is not None  # read when the session begins (lazily)
        try:
            with session.begin():
                yield session
        finally:
            _URGENT.active = before
