"""Reminder commands: check the calendar, preview, status, plan once, demo cell, run the ticker."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.settings import Settings


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    from storage.db import make_engine
    from storage.migrate import ensure_schema

    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    return engine


def _window(settings: Settings):  # type: ignore[no-untyped-def]
    from scheduler.policy import DayWindow

    return DayWindow.from_text(
        settings.reminder_day_start, settings.reminder_day_end, settings.timezone
    )


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from scheduler.calendar import CalendarError
    from scheduler.service import default_calendar, default_policy

    try:
        policy = default_policy()
        calendar = default_calendar()
    except CalendarError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        print(f"Có {len(exc.problems)} lỗi.", file=sys.stderr)
        return 1
    print(
        f"Lịch hợp lệ: {len(calendar.milestones)} mốc, {len(policy.reminders)} mốc nhắc trước hạn, "
        f"{len(policy.overdue)} nhắc quá hạn, {len(policy.office_digest)} bản tổng hợp."
    )
    return 0


def _parse_at(text: str, tz: str) -> datetime:
    try:
        local = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError as exc:
        raise SystemExit(f"Không hiểu thời điểm «{text}» (ví dụ: 2026-05-24 08:00)") from exc
    return local.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def _line(item, tz: ZoneInfo) -> str:  # type: ignore[no-untyped-def]
    head = f"[{item.send_at.astimezone(tz):%H:%M}] {item.channel}:{item.chat_id}"
    text = item.text.replace("\n", "\n      ")
    return f"{head} — vì {item.why}\n      {text}"


def _preview(args: argparse.Namespace, settings: Settings) -> int:
    from scheduler.audience import load_audience
    from scheduler.service import DEMO_AUDIENCE, ReminderService
    from storage.db import transaction

    tz = ZoneInfo(settings.timezone)
    at = _parse_at(args.at, settings.timezone)
    engine = _engine(settings)
    with transaction(engine) as session:
        audience = load_audience(session)
    if not audience.units:
        print("(Chưa có đơn vị nào trong cơ sở dữ liệu: xem trước với «Chi bộ Demo» minh họa.)\n")
        audience = DEMO_AUDIENCE
    shown = ReminderService(engine, _window(settings)).preview(at, audience)
    print(f"Xem trước lúc {at.astimezone(tz):%H:%M %d/%m/%Y} (giờ Việt Nam):")
    if not shown.open:
        print("Ngoài khung giờ gửi: các lời nhắc đến hạn sẽ chờ đến sáng.")
    print(f"\nSẽ gửi ngay: {len(shown.now)} tin")
    for item in shown.now:
        print(_line(item, tz))
    print(f"\nCòn trong ngày: {len(shown.later_today)} tin")
    for item in shown.later_today:
        print(_line(item, tz))
    return 0


def _status(args: argparse.Namespace, settings: Settings) -> int:
    from sqlmodel import select

    from scheduler import outbox
    from storage.db import transaction
    from storage.reminder_tables import ReminderRow

    names = {
        "pending": "chờ gửi", "sent": "đã gửi", "failed": "lỗi", "blocked": "bị chặn",
        "dropped": "bỏ qua", "cancelled": "đã hủy",
    }  # fmt: skip
    tz = ZoneInfo(settings.timezone)
    with transaction(_engine(settings)) as session:
        counts = outbox.counts(session)
        recent = session.exec(
            select(ReminderRow)
            .where(ReminderRow.status.in_(("failed", "blocked", "dropped")))
            .order_by(ReminderRow.finished_at.desc())
            .limit(args.limit)
        ).all()
        soon = session.exec(
            select(ReminderRow)
            .where(ReminderRow.status == "pending")
            .order_by(ReminderRow.send_at)
            .limit(args.limit)
        ).all()
    print("Hàng đợi nhắc hạn:")
    for key, label in names.items():
        print(f"  {label:<9} {counts.get(key, 0):>7}")
    if soon:
        print("\nSắp gửi:")
        for row in soon:
            when = outbox.aware(row.send_at).astimezone(tz)
            print(f"  {when:%H:%M %d/%m/%Y}  {row.channel}:{row.chat_id}  {row.occurrence}")
    if recent:
        print("\nKhông gửi được / bỏ qua gần đây:")
        for row in recent:
            where = f"{row.channel}:{row.chat_id}"
            print(f"  [{names[row.status]}] {where} {row.occurrence}: {row.reason}")
    return 0


def _plan(args: argparse.Namespace, settings: Settings) -> int:
    from scheduler.service import ReminderService

    result = ReminderService(_engine(settings), _window(settings)).plan_tick()
    swept = ", ".join(f"{k}: {v}" for k, v in sorted(result.swept.items())) or "không"
    print(f"Đã lập {result.added} lời nhắc mới; dọn hàng đợi: {swept}.")
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from scheduler.demo import DEMO_NAME, ensure_demo_cell
    from storage.db import transaction

    with transaction(_engine(settings)) as session:
        ensure_demo_cell(session, datetime.now(UTC), "console", "console")
    print(f"Đã tạo «{DEMO_NAME}» (mã DEMO); cửa sổ `nq05bot chat` là bí thư của chi bộ này.")
    return 0


async def build_senders(settings: Settings, engine, clock=None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The configured channels' senders (issue 3's ``TelegramSender`` and ``ZaloSender``);
    ``clock`` stamps a chat found blocked (now, unless a test injects its own)."""
    from bot.telegram import TelegramSender, make_bot
    from bot.zalo import ZaloSender
    from bot.zalo_client import ZaloClient

    senders = {}
    if settings.telegram_bot_token:
        bot = make_bot(
            settings.telegram_bot_token.get_secret_value(), settings.telegram_api_base_url
        )
        await bot.initialize()
        senders["telegram"] = TelegramSender(bot, engine, clock or (lambda: datetime.now(UTC)))
    if settings.zalo_bot_token:
        client = ZaloClient(settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base_url)
        senders["zalo"] = ZaloSender(client)
    if not senders:
        print("Chưa cấu hình TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN: chỉ lập lịch.", file=sys.stderr)
    return senders


def build_dispatcher(settings: Settings, engine, senders, clock=None, sleep=None, worker=None):  # type: ignore[no-untyped-def]
    """The dispatcher paced by the settings; tests and the bench inject clock, sleep, worker."""
    from scheduler.dispatcher import DispatchConfig, Dispatcher
    from scheduler.pacing import Pacer

    pacers = {
        "telegram": Pacer(settings.telegram_messages_per_second, per_chat=1.0),
        "zalo": Pacer(settings.zalo_messages_per_second),
    }
    config = DispatchConfig(lease_seconds=settings.reminder_lease_seconds)
    return Dispatcher(
        engine, senders, {name: pacers.get(name, Pacer(1.0)) for name in senders},
        _window(settings), clock or (lambda: datetime.now(UTC)), sleep or asyncio.sleep,
        config=config, worker=worker,
    )  # fmt: skip


async def run_reminders(settings: Settings, stop: asyncio.Event) -> None:
    """Plan and dispatch on the APScheduler clock until ``stop`` is set."""
    from scheduler.service import ReminderService
    from scheduler.ticker import start_ticker

    engine = _engine(settings)
    dispatcher = build_dispatcher(settings, engine, await build_senders(settings, engine))
    service = ReminderService(engine, _window(settings))
    clock = start_ticker(
        service, dispatcher, settings.reminder_plan_seconds, settings.reminder_dispatch_seconds
    )
    try:
        await stop.wait()
    finally:
        clock.shutdown(wait=False)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    print("Đang chạy nhắc hạn (Ctrl-C để dừng)…", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_reminders(settings, asyncio.Event()))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``remind check | preview | status | plan | demo | run``."""
    remind = sub.add_parser("remind", help="nhắc hạn theo lịch từ văn bản").add_subparsers(
        dest="remind", required=True
    )
    remind.add_parser("check", help="kiểm tra lịch và chính sách nhắc").set_defaults(run=_check)
    preview = remind.add_parser("preview", help="xem trước những tin sẽ gửi vào một thời điểm")
    preview.add_argument("--at", required=True, help='giờ Việt Nam, ví dụ "2026-05-24 08:00"')
    preview.set_defaults(run=_preview)
    status = remind.add_parser("status", help="số tin chờ gửi, đã gửi, lỗi")
    status.add_argument("--limit", type=int, default=10)
    status.set_defaults(run=_status)
    remind.add_parser("plan", help="lập lịch nhắc một lần (không gửi)").set_defaults(run=_plan)
    remind.add_parser("demo", help="tạo Chi bộ Demo cho cửa sổ chat").set_defaults(run=_demo)
    remind.add_parser("run", help="chạy bộ đếm giờ: lập lịch và gửi").set_defaults(run=_run)
