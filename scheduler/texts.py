"""What reminders say (Vietnamese, full diacritics, short enough for a phone)."""

from __future__ import annotations

from datetime import datetime

from scheduler.calendar import VN, Occurrence, local_day

MAX_LISTED = 25  # units listed in one digest; Zalo texts stop at 2000 characters


def _left(due_at: datetime, at: datetime) -> str:
    days = (due_at.astimezone(VN).date() - at.astimezone(VN).date()).days
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hôm nay là hạn cuối"
    return f"đã quá hạn {-days} ngày"


def _where(occ: Occurrence) -> str:
    m = occ.milestone
    place = f" của {m.locality}" if m.locality else ""
    return f"Theo văn bản{place}, mục «{m.source.section}»."


def unit_reminder(occ: Occurrence, unit_name: str, at: datetime) -> str:
    m = occ.milestone
    return (
        f"⏰ Nhắc hạn: {m.title} ({occ.period.label})\n"
        f"Đơn vị: {unit_name}\n"
        f"Hạn: {local_day(occ.due_at)} — {_left(occ.due_at, at)}.\n"
        "Đơn vị chưa nộp báo cáo này. Nộp xong, trợ lý sẽ thôi nhắc.\n"
        "Gõ /lich để xem các hạn sắp tới."
    )


def duty_reminder(occ: Occurrence, at: datetime) -> str:
    m = occ.milestone
    lines = [f"⏰ Nhắc việc: {m.title} ({occ.period.label})"]
    if m.duty:
        lines.append(f"Việc: {m.duty}.")
    if m.lead:
        lines.append(f"Chủ trì: {m.lead}.")
    lines.append(f"Hạn: {local_day(occ.due_at)} — {_left(occ.due_at, at)}.")
    lines.append(_where(occ))
    return "\n".join(lines)


def member_reminder(occ: Occurrence, at: datetime) -> str:
    return (
        f"📌 Nhắc chung: {occ.milestone.title}\n"
        f"Hạn: {local_day(occ.due_at)} — {_left(occ.due_at, at)}.\n"
        "Gõ /nhacnho tat để tắt nhắc chung."
    )


def digest(occ: Occurrence, owing: list[tuple[str, str]], total: int, at: datetime) -> str:
    """The office's list of units that have not reported; each with a note when it matters."""
    m = occ.milestone
    lines = [
        f"📋 Tổng hợp: {m.title} ({occ.period.label})",
        f"Hạn: {local_day(occ.due_at)} — {_left(occ.due_at, at)}.",
        f"Chưa nộp: {len(owing)}/{total} đơn vị.",
    ]
    for name, note in owing[:MAX_LISTED]:
        lines.append(f"- {name}{f' ({note})' if note else ''}")
    if len(owing) > MAX_LISTED:
        lines.append(f"… và {len(owing) - MAX_LISTED} đơn vị khác.")
    return "\n".join(lines)


MUTED = "bí thư đã tắt nhắc nhở"
NO_SECRETARY = "chưa có bí thư liên kết"
BLOCKED = "bí thư đã chặn trợ lý"
DROPPED_LATE = "bỏ: đã qua thời điểm còn tác dụng khi dịch vụ chạy lại"
SUPERSEDED = "bỏ: đã có lời nhắc mới hơn cho cùng hạn"
CANCELLED_SUBMITTED = "hủy: đơn vị đã nộp báo cáo"
CANCELLED_MUTED = "hủy: người nhận đã tắt nhắc nhở"
CANCELLED_GONE = "hủy: liên kết đã bị thu hồi hoặc người nhận đã chặn trợ lý"
