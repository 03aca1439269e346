"""Recording an update before acknowledging it never queues behind answers (SQLite)."""

from __future__ import annotations

import threading
import time

from storage.db import WriterLock


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
