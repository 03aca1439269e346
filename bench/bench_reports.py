"""1,000 simulated secretaries complete the quarterly report at the same time (threads).

    uv run python bench/bench_reports.py                       # SQLite (a temporary file)
    uv run python bench/bench_reports.py --postgres URL        # also PostgreSQL (schema reset!)
    uv run python bench/bench_reports.py --think 0 --threads 8 # saturation: no pause at all

Each secretary is a thread that types the 16 messages of the quarterly report, pausing a random
0–2×``--think`` seconds before each (people read and type), so all 1,000 are in the middle of
the form at once. Prints completed reports per second, p50/p99 latency of one step (the time
``Assistant.respond`` takes, waiting for the database included) and the data size.
Target: p99 per step ≤ 50 ms on SQLite.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, text

from bot.wiring import build_services
from handlers.context import Services
from handlers.engine import Assistant
from handlers.types import ChatKey, Incoming
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.org_tables import ChatLink, Unit

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SCRIPT = (
    "/baocao tiến độ", "25 đồng chí", "20", "3", "2", "có", "1", "1, 3", "Đang triển khai",
    "Đã ra mắt tổ tự quản", "3", "bỏ qua", "Tổ 1 làm tốt", "bỏ qua", "bỏ qua", "Gửi báo cáo",
)  # fmt: skip


def prepare(url: str, count: int, reset: bool) -> Engine:
    """A migrated database with ``count`` cells, each with a linked secretary."""
    engine = make_engine(url)
    if reset:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    with transaction(engine) as session:
        session.add(Unit(code="DB", name="Đảng bộ thử tải", kind="dang_bo"))
        session.flush()
        for i in range(count):
            code = f"CB{i:04d}"
            session.add(Unit(code=code, name=f"Chi bộ {i}", kind="chi_bo", parent_code="DB"))
        session.flush()
        for i in range(count):
            session.add(
                ChatLink(
                    channel="bench", chat_id=f"c{i}", user_id=f"u{i}", role="secretary",
                    unit_code=f"CB{i:04d}", person=f"p{i}", linked_at=datetime.now(UTC),
                )
            )  # fmt: skip
    return engine


def secretary(assistant: Assistant, number: int, think: float) -> tuple[list[float], bool]:
    """One secretary's whole conversation; the latency of each step in seconds."""
    key = ChatKey("bench", f"c{number}", f"u{number}")
    pauses = random.Random(number)
    latencies, last = [], ""
    for said in SCRIPT:
        if think:
            time.sleep(pauses.uniform(0, 2 * think))
        started = time.perf_counter()
        replies = assistant.respond(Incoming(key, NOW, text=said))
        latencies.append(time.perf_counter() - started)
        last = replies[-1].text
    return latencies, last.startswith("✅ Đã nhận báo cáo")


def data_size(engine: Engine, url: str) -> str:
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    else:
        with engine.connect() as connection:
            size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
    return f"{size / 1_048_576:.1f} MB"


def run(
    name: str, url: str, services: Services, count: int, threads: int, think: float, reset: bool
) -> None:
    engine = prepare(url, count, reset)
    assistant = Assistant(services, engine)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda n: secretary(assistant, n, think), range(count)))
    elapsed = time.perf_counter() - started
    steps = sorted(s for latencies, _ in results for s in latencies)
    done = sum(1 for _, ok in results if ok)
    p50 = statistics.median(steps) * 1000
    p99 = steps[min(len(steps) - 1, int(len(steps) * 0.99))] * 1000
    print(
        f"{name:<10} secretaries={count} threads={threads} think={think}s completed={done} "
        f"in {elapsed:.1f} s → {done / elapsed:.1f} reports/s; steps={len(steps)} "
        f"p50={p50:.1f} ms p99={p99:.1f} ms max={steps[-1] * 1000:.1f} ms; "
        f"data {data_size(engine, url)}"
    )
    engine.dispose()
    if done != count:
        raise SystemExit(f"only {done} of {count} reports were completed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secretaries", type=int, default=1000)
    parser.add_argument("--threads", type=int, help="default: one per secretary")
    parser.add_argument("--think", type=float, default=4.0, help="mean pause (s) before a step")
    parser.add_argument("--postgres", help="PostgreSQL URL (its public schema is recreated)")
    args = parser.parse_args()
    threads = args.threads or args.secretaries
    services = build_services()
    gc.freeze()  # the knowledge base is long-lived: keep it out of the collector's full passes
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        run("SQLite", url, services, args.secretaries, threads, args.think, reset=False)
    if args.postgres:
        run("PostgreSQL", args.postgres, services, args.secretaries, threads, args.think, True)


if __name__ == "__main__":
    main()
