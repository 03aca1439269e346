"""Deadlines: ``/lich`` lists the next ones that concern the person; ``/nhacnho bat|tat``."""

from __future__ import annotations

from sqlmodel import select

from handlers.context import Context
from handlers.feature import Feature
from handlers.types import ConversationState, Incoming, Outcome, Reply
from knowledge.normalize import fold
from scheduler.calendar import Occurrence, local_day
from scheduler.service import default_calendar
from storage.org_tables import ChatLink, Unit
from storage.reminder_tables import ReminderPreference
from storage.report_tables import Report

SHOWN = 6
_ON = {"bat", "on", "mo", "1"}
_OFF = {"tat", "off", "ngung", "0"}


def _links(ctx: Context) -> list[ChatLink]:
    return list(
        ctx.session.exec(
            select(ChatLink).where(
                ChatLink.channel == ctx.key.channel,
                ChatLink.user_id == ctx.key.user_id,
                ChatLink.revoked_at.is_(None),
            )
        ).all()
    )


def _concerns(occ: Occurrence, admin: bool, units: set[str]) -> bool:
    m = occ.milestone
    if admin:
        return True
    if m.owes == "all_cells" or m.members:
        return True
    return m.owes == "units" and bool(units & set(m.units))


def _upcoming(ctx: Context, admin: bool, units: set[str]) -> list[Occurrence]:
    """The next occurrence of each milestone that concerns the person, soonest first."""
    calendar = default_calendar()
    seen: set[str] = set()
    found = []
    for occ in calendar.occurrences(ctx.now, ctx.now.replace(year=ctx.now.year + 6)):
        if occ.milestone.id in seen or not _concerns(occ, admin, units):
            continue
        seen.add(occ.milestone.id)
        found.append(occ)
        if len(found) == SHOWN:
            break
    return found


def _status(ctx: Context, occ: Occurrence, units: set[str]) -> str:
    m = occ.milestone
    if not m.form or not units or (m.owes == "units" and not units & set(m.units)):
        return ""
    done = ctx.session.exec(
        select(Report.unit_code).where(
            Report.form_id == m.form,
            Report.period == occ.report_period,
            Report.unit_code.in_(units),
        )
    ).all()
    return " — ✅ đã nộp" if set(done) >= units else " — ⏳ chưa nộp"


def _lich(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    links = _links(ctx)
    admin = any(link.role == "admin" for link in links)
    units = {link.unit_code for link in links if link.role == "secretary" and link.unit_code}
    names = [u.name for code in sorted(units) if (u := ctx.session.get(Unit, code))]
    lines = ["📅 Các hạn sắp tới" + (f" của {', '.join(names)}:" if names else ":")]
    for occ in _upcoming(ctx, admin, units):
        place = f" ({occ.milestone.locality})" if occ.milestone.locality else ""
        lines.append(
            f"- {local_day(occ.due_at)}: {occ.milestone.title}, {occ.period.label}{place}"
            f"{_status(ctx, occ, units)}"
        )
    if len(lines) == 1:
        lines.append("Không còn hạn nào trong lịch.")
    if not links:
        lines.append("Đồng chí chưa liên kết với chi bộ nào nên đây là các hạn chung.")
    lines.append("Hạn lấy từ văn bản; nếu văn bản chỉ nêu tháng hay quý thì hạn là ngày cuối kỳ.")
    return Outcome((Reply("\n".join(lines)),), state)


def _nhacnho(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    word = fold(args).strip()
    pref = ctx.session.get(ReminderPreference, (ctx.key.channel, ctx.key.chat_id))
    units = [link.unit_code for link in _links(ctx) if link.role == "secretary"]
    if word not in _ON | _OFF:
        on = pref.enabled if pref else bool(units)
        now_text = "đang bật" if on else "đang tắt"
        text = f"Nhắc hạn {now_text}. Gõ /nhacnho bat để bật, /nhacnho tat để tắt."
        return Outcome((Reply(text),), state)
    enabled = word in _ON
    if pref is None:
        pref = ReminderPreference(
            channel=ctx.key.channel, chat_id=ctx.key.chat_id, user_id=ctx.key.user_id
        )
    pref.enabled, pref.changed_at, pref.user_id = enabled, ctx.now, ctx.key.user_id
    ctx.session.add(pref)
    if enabled:
        text = "Đã bật nhắc hạn. Trợ lý sẽ nhắc đồng chí trước các mốc chung, trong giờ ban ngày."
        if units:
            text += " Nhắc hạn báo cáo của chi bộ cũng đã bật lại."
    elif units:
        text = (
            "Đã tắt nhắc hạn. Lưu ý: chi bộ vẫn phải nộp báo cáo đúng hạn, và văn phòng Đảng ủy "
            "sẽ thấy chi bộ đang tắt nhắc nhở trong bản tổng hợp. Gõ /nhacnho bat để bật lại."
        )
    else:
        text = "Đã tắt nhắc chung. Gõ /nhacnho bat để bật lại."
    return Outcome((Reply(text),), state)


FEATURE = Feature(
    name="lich",
    commands={"lich": _lich, "hanchot": _lich, "nhacnho": _nhacnho},
    help_lines=(
        "- /lich — các hạn sắp tới của đồng chí, lấy từ văn bản.",
        "- /nhacnho bat | /nhacnho tat — bật hoặc tắt nhắc hạn.",
    ),
)
