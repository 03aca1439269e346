"""Recording an update before acknowledging it never queues behind answers (SQLite)."""

from __future__ import annotations

import fcntl
import os
import threading
import time

from storage.db import WriterGate, WriterLock


def _wait_until(predicate, limit: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < deadline, "threads did not get there in time"
        time.sleep(0.001)


def test_an_urgent_writer_goes_before_the_queued_ones() -> None:
    lock = WriterLock()
    order: list[str] = []
    release = threading.Event()

    def hold() -> None:
        with lock.held():
            release.wait(5)

    def write(name: str, urgent: bool) -> None:
        with lock.held(urgent):
            order.append(name)

    holder = threading.Thread(target=hold)
    holder.start()
    _wait_until(lambda: lock._owner is not None)
    answer = threading.Thread(target=write, args=("answer", False))
    answer.start()
    record = threading.Thread(target=write, args=("record", True))
    record.start()
    _wait_until(lambda: lock._urgent_waiting == 1)
    release.set()
    for thread in (holder, answer, record):
        thread.join(5)
    assert order == ["record", "answer"]


def test_the_same_thread_may_nest_transactions() -> None:
    lock = WriterLock()
    with lock.held(), lock.held(urgent=True):
        pass
    assert lock._owner is None


def _gate_is_open(path) -> bool:  # type: ignore[no-untyped-def]
    """Whether another process could pass the gate now (a non-blocking shared lock)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing the descriptor releases its lock
    return True


def test_an_urgent_writer_closes_the_gate_to_other_processes_while_it_writes(tmp_path) -> None:
    path = tmp_path / "bot.db-writegate"
    lock = WriterLock(WriterGate(path))
    with lock.held():
        assert _gate_is_open(path)  # an ordinary writer only passes through
    with lock.held(urgent=True):
        assert not _gate_is_open(path)
        with lock.held(urgent=True):  # nested: still closed, and reopened only at the end
            assert not _gate_is_open(path)
        assert not _gate_is_open(path)
    assert _gate_is_open(path)
