"""The office in chat: /tonghop (totals), /chuabaocao (who is missing), /xuat (Excel file)."""

from __future__ import annotations

from collections.abc import Callable

from handlers.context import Context
from handlers.reports import texts
from handlers.reports.calendar import local_day, open_periods, period_for_key, period_label
from handlers.reports.export import file_name, xlsx_bytes
from handlers.reports.flow import forms_of
from handlers.reports.forms import Form
from handlers.reports.render import day
from handlers.reports.tally import Tally, model_question, tally
from handlers.types import ConversationState, Incoming, Outcome, Reply
from scheduler.periods import Period
from storage.org import admin_link, secretary_links
from storage.reports import draft_of


def targets(ctx: Context, args: str) -> list[tuple[Form, Period]] | str:
    """The forms and periods an office command is about: "[form] [period]", or what is open."""
    forms, wanted = forms_of(ctx).pick(args)
    today = local_day(ctx.now)
    found: list[tuple[Form, Period]] = []
    for form in forms:
        if not wanted:
            periods = open_periods(form, today)
            if periods:
                found.append((form, periods[0]))
            continue
        try:
            found.append((form, period_for_key(form, wanted)))
        except ValueError:
            continue
    if not found:
        if wanted:
            return f"Không hiểu kỳ báo cáo «{wanted}». Ví dụ: /tonghop Quý I/2026 hoặc 2026-Q1."
        return "Hiện chưa có kỳ báo cáo nào đang mở."
    return found


def _guard(ctx: Context, state: ConversationState) -> Outcome | None:
    if admin_link(ctx.session, ctx.key) is None:
        return Outcome((Reply(texts.NOT_ADMIN),), state)
    return None


def _title(t: Tally) -> str:
    return f"📊 {t.form.short} — {period_label(t.period)} (hạn {day(t.deadline)})"


def totals_text(ctx: Context, t: Tally) -> str:
    """One form's totals as a short message."""
    forms = forms_of(ctx)
    n, k = len(t.expected), len(t.reported)
    share = f" ({round(100 * k / n)}%)" if n else ""
    lines = [_title(t), f"Đã báo cáo: {k}/{n} đơn vị{share}."]
    if t.late:
        lines.append(f"Nộp muộn: {len(t.late)} ({', '.join(u.name for u in t.late)}).")
    if t.missing:
        lines.append(f"Chưa báo cáo: {len(t.missing)} — gõ /chuabaocao để xem.")
    for qid, total in t.totals.items() if t.reported else ():
        q = t.form.question(qid)
        if q is not None:
            lines.append(f"- {q.short}: {total}" + (f" {q.unit}" if q.unit else ""))
    if (ratio := t.ratio()) is not None and t.form.ratio is not None and t.reported:
        part, whole, percent = ratio
        shown = f"{percent:.1f}".replace(".", ",")  # Vietnamese decimal comma
        lines.append(f"- {t.form.ratio.label}: {part}/{whole} = {shown}%")
    mq = model_question(t.form)
    if mq is not None and t.reported:
        lines.append("Mô hình (số đơn vị theo tình trạng):")
        labels = {s.value: s.label for s in mq.statuses}
        for model in forms.models(mq):
            counts = t.models.get(model.id)
            if counts:
                shown = ", ".join(f"{labels.get(s, s)} {c}" for s, c in counts.items())
                lines.append(f"- {model.name}: {shown}")
    return "\n".join(lines)


def _for_each_target(
    args: str, state: ConversationState, ctx: Context, render: Callable[[Context, Tally], Reply]
) -> Outcome:
    """Admins only: one reply per form and period the arguments name (all open ones if none)."""
    if (refused := _guard(ctx, state)) is not None:
        return refused
    found = targets(ctx, args)
    if isinstance(found, str):
        return Outcome((Reply(found),), state)
    forms = forms_of(ctx)
    return Outcome(tuple(render(ctx, tally(ctx.session, forms, f, p)) for f, p in found), state)


def totals(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """/tonghop [form] [period]"""
    return _for_each_target(args, state, ctx, lambda c, t: Reply(totals_text(c, t)))


def missing(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """/chuabaocao [form] [period]"""
    return _for_each_target(args, state, ctx, _missing_reply)


def _missing_reply(ctx: Context, t: Tally) -> Reply:
    if not t.missing:
        return Reply(f"{_title(t)}\n✅ Tất cả {len(t.expected)} đơn vị đã báo cáo.")
    lines = [_title(t), f"Còn {len(t.missing)}/{len(t.expected)} đơn vị chưa báo cáo:"]
    for unit in t.missing:
        note = ""
        if not secretary_links(ctx.session, unit.code):
            note = " (chưa có bí thư đăng ký)"
        elif (d := draft_of(ctx.session, t.form.id, t.period.key, unit.code)) and d.answers:
            note = " (đang làm dở)" if d.status == "open" else ""
        lines.append(f"- {unit.name} ({unit.code}){note}")
    return Reply("\n".join(lines))


def export(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """/xuat [form] [period]: the Excel file, attached to the reply."""
    return _for_each_target(args, state, ctx, _export_reply)


def _export_reply(ctx: Context, t: Tally) -> Reply:
    name = file_name(t, "xlsx")
    count = f"{len(t.reported)}/{len(t.expected)}"
    text = f"📎 {name}: {t.form.short}, {period_label(t.period)}, {count} đơn vị đã báo cáo."
    if ctx.channel == "console":
        text += (
            f"\nTrên dòng lệnh, lưu tệp bằng: uv run nq05bot report export --form {t.form.id} "
            f"--period {t.period.key} --out {name}"
        )
    return Reply(text, document=xlsx_bytes(forms_of(ctx), t), filename=name)
