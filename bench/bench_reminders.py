"""Bench: plan and dispatch 10,000 reminders to local fake Telegram and Zalo servers.

The dispatcher is built as ``nq05bot remind run`` builds it (``bot.reminders``: the real
``TelegramSender`` on python-telegram-bot and ``ZaloSender`` on our httpx client) and talks HTTP
to the shared fake Bot API servers of ``tests/support``, which enforce the limits (Telegram
≤ 25 msg/s overall and ≤ 1/s per chat with ``retry_after``; Zalo ≤ the configured rate). The
dispatcher runs as its own process; the later runs stop it (SIGTERM) or kill it (SIGKILL)
part-way and start a new one. Prints the achieved rate against each limit, duplicates and lost
reminders.

    uv run python bench/bench_reminders.py [--total 10000] [--zalo-rate 50] [--database-url …]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlmodel import select  # noqa: E402

from bot.reminders import build_dispatcher, build_senders  # noqa: E402
from bot.settings import Settings  # noqa: E402
from scheduler.policy import DayWindow  # noqa: E402
from scheduler.service import ReminderService  # noqa: E402
from storage.db import make_engine, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.org_tables import ChatLink, Unit  # noqa: E402
from storage.reminder_tables import ReminderRow  # noqa: E402
from tests.support.fake_http import RateLimit  # noqa: E402
from tests.support.fake_telegram import TELEGRAM_LIMITS, FakeTelegram  # noqa: E402
from tests.support.fake_zalo import FakeZalo  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BUSINESS_TIME = datetime(2026, 5, 31, 7, 30, tzinfo=VN)  # morning of the quán triệt deadline
TELEGRAM_RATE, ZALO_RATE_DEFAULT = float(TELEGRAM_LIMITS.per_second or 25), 50.0
LEASE = 10.0


def business_clock(epoch: float):  # type: ignore[no-untyped-def]
    """The business day advancing with real time from ``epoch`` (shared by restarted workers)."""
    return lambda: BUSINESS_TIME.astimezone(UTC) + timedelta(seconds=time.time() - epoch)


def seed(url: str, total: int, telegram_share: float) -> tuple[int, int]:
    """Cells with secretaries: each Telegram chat serves two cells (two messages to pace 1/s)."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as c:
            c.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    telegram = int(total * telegram_share) // 2 * 2
    now = datetime.now(UTC)
    with transaction(engine) as s:
        s.add(Unit(code="DU", name="Đảng ủy", kind="dang_bo"))
        s.flush()
        s.add_all(
            Unit(code=f"U{i:05d}", name=f"Chi bộ {i:05d}", kind="chi_bo", parent_code="DU")
            for i in range(total)
        )
        s.flush()
        s.add_all(
            ChatLink(
                channel="telegram" if i < telegram else "zalo",
                chat_id=str(100000 + i // 2) if i < telegram else f"z{i}",
                user_id=f"u{i}", role="secretary", unit_code=f"U{i:05d}", linked_at=now,
            )
            for i in range(total)
        )
    engine.dispose()
    return telegram, total - telegram


def _due() -> tuple:  # type: ignore[type-arg]
    """Rows due at the bench's moment (rows planned for later days are not part of it)."""
    return (ReminderRow.status != "dropped", ReminderRow.send_at <= BUSINESS_TIME)


def plan(url: str) -> int:
    engine = make_engine(url)
    window = DayWindow.from_text("07:00", "21:00")
    result = ReminderService(engine, window, lambda: BUSINESS_TIME.astimezone(UTC)).plan_tick()
    with transaction(engine) as s:
        due = s.exec(select(ReminderRow).where(*_due())).all()
    engine.dispose()
    assert result.added >= len(due)
    return len(due)


def worker_settings(args: argparse.Namespace) -> Settings:
    """The deployment's settings, pointing at the fake servers (nothing read from .env)."""
    from tests.support import fake_telegram, fake_zalo

    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=args.database_url,
        telegram_bot_token=fake_telegram.TOKEN,
        telegram_api_base_url=args.telegram_url,
        zalo_bot_token=fake_zalo.TOKEN,
        zalo_api_base_url=args.zalo_url,
        telegram_messages_per_second=TELEGRAM_RATE,
        zalo_messages_per_second=args.zalo_rate,
        reminder_day_start="07:00",
        reminder_day_end="21:00",
        reminder_lease_seconds=LEASE,
    )


async def work(args: argparse.Namespace) -> None:
    """One dispatcher process, wired as ``nq05bot remind run``: send until nothing is due."""
    settings = worker_settings(args)
    engine = make_engine(args.database_url)
    clock = business_clock(args.epoch)
    senders = await build_senders(settings, engine, clock)
    dispatcher = build_dispatcher(settings, engine, senders, clock)
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, dispatcher.stop)
    while not dispatcher._stopping:
        await dispatcher.run_until_idle()
        with transaction(engine) as s:
            left = s.exec(
                select(ReminderRow.id).where(ReminderRow.status == "pending", *_due())
            ).first()
        if left is None:
            break
        await asyncio.sleep(0.5)  # rows waiting out a lease or retry_after
    for sender in senders.values():
        await sender.aclose()


def start_worker(args: argparse.Namespace, epoch: float, urls: tuple[str, str]) -> subprocess.Popen:
    command = [
        sys.executable, __file__, "--worker", "--database-url", args.database_url,
        "--epoch", str(epoch), "--telegram-url", urls[0], "--zalo-url", urls[1],
        "--zalo-rate", str(args.zalo_rate),
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT)


def one_run(
    args: argparse.Namespace, kill_at: float | None, how: signal.Signals = signal.SIGKILL
) -> dict[str, object]:
    seed(args.database_url, args.total, args.telegram_share)
    planned = plan(args.database_url)
    telegram = FakeTelegram(limit=TELEGRAM_LIMITS).start()
    zalo = FakeZalo(limit=RateLimit(per_second=args.zalo_rate)).start()
    urls = (telegram.base_url, zalo.base_url)

    def delivered() -> int:
        return len(telegram.arrivals) + len(zalo.arrivals)

    epoch = time.time()
    worker = start_worker(args, epoch, urls)
    killed = 0
    if kill_at is not None:
        while delivered() < kill_at * planned and worker.poll() is None:
            time.sleep(0.05)
        worker.send_signal(how)
        worker.wait()
        killed = delivered()
        worker = start_worker(args, epoch, urls)
    worker.wait()
    telegram.stop()
    zalo.stop()
    return report(args, telegram, zalo, planned, killed) | {"signal": how.name}


def _rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


def report(
    args: argparse.Namespace, telegram: FakeTelegram, zalo: FakeZalo, planned: int, killed: int
) -> dict[str, object]:
    engine = make_engine(args.database_url)
    with transaction(engine) as s:
        rows = s.exec(select(ReminderRow).where(*_due())).all()
        expected = {(r.chat_id, r.text) for r in rows}
        statuses = Counter(r.status for r in rows)
    engine.dispose()
    received = {(c, t) for c, t, _ in telegram.accepted() + zalo.accepted()}
    return {
        "planned": planned,
        "delivered": len(received & expected),
        "duplicates": telegram.duplicates() + zalo.duplicates(),
        "lost": len(expected - received),
        "telegram_rate": _rate([at for _, _, at in telegram.accepted()]),
        "zalo_rate": _rate([at for _, _, at in zalo.accepted()]),
        "telegram_429": dict(telegram.rejected),
        "zalo_429": zalo.rejected["rate"],
        "statuses": dict(statuses),
        "killed_after": killed,
    }


def show(title: str, r: dict[str, object], zalo_rate: float) -> None:
    tg, za = float(r["telegram_rate"]), float(r["zalo_rate"])  # type: ignore[arg-type]
    print(f"\n== {title}")
    print(f"planned {r['planned']}, delivered {r['delivered']}, outbox {r['statuses']}")
    if r["killed_after"]:
        print(f"dispatcher killed ({r['signal']}) after {r['killed_after']} deliveries, restarted")
    print(f"Telegram: {tg:.2f} msg/s of {TELEGRAM_RATE:g} allowed = {tg / TELEGRAM_RATE:.1%}; "
          f"429 answers {r['telegram_429']}")  # fmt: skip
    print(f"Zalo:     {za:.2f} msg/s of {zalo_rate:g} allowed = {za / zalo_rate:.1%}; "
          f"429 answers {r['zalo_429']}")  # fmt: skip
    rule = "(must be 0)" if r["signal"] == "SIGTERM" else "(at most the sends in flight)"
    print(f"duplicates {r['duplicates']} {rule}, lost {r['lost']} (must be 0)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=10_000)
    parser.add_argument("--telegram-share", type=float, default=1 / 3)
    parser.add_argument("--zalo-rate", type=float, default=ZALO_RATE_DEFAULT)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'bench/out/bench.db'}")
    parser.add_argument("--kill-at", type=float, default=0.4, help="share delivered before kill")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--epoch", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--telegram-url", help=argparse.SUPPRESS)
    parser.add_argument("--zalo-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(work(args))
        return 0
    if args.database_url.startswith("sqlite:///"):
        path = Path(args.database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    runs = [
        ("run 1: one dispatcher", None, signal.SIGTERM),
        ("run 2: dispatcher stopped (SIGTERM) mid-way, restarted", args.kill_at, signal.SIGTERM),
        ("run 3: dispatcher crashed (SIGKILL) mid-way, restarted", args.kill_at, signal.SIGKILL),
    ]
    failed = False
    for title, kill_at, how in runs:
        if args.database_url.startswith("sqlite:///"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        result = one_run(args, kill_at, how)
        show(title, result, args.zalo_rate)
        failed |= bool(result["lost"]) or (how is signal.SIGTERM and bool(result["duplicates"]))
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    raise SystemExit(main())
