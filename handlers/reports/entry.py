"""/baocao: who may report, for which unit, form and period; resume, amend, or the demo cell."""

from __future__ import annotations

from typing import Any

from handlers.context import Context
from handlers.reports import texts
from handlers.reports.calendar import closes, local_day, open_periods, period_for_key, period_label
from handlers.reports.flow import (
    Job,
    ask,
    ask_open,
    begin,
    closed_text,
    forms_of,
    intro,
    leave,
    load_job,
    resume_outcome,
    stay,
)
from handlers.reports.forms import Form
from handlers.reports.render import summary_lines, when
from handlers.reports.steps import flatten
from handlers.types import Choice, ConversationState, Incoming, Outcome, Reply
from knowledge.normalize import fold
from scheduler.periods import Period
from storage.demo import ensure_demo_unit
from storage.org import admin_link, links_of, reporting_units, secretary_units
from storage.org_tables import ChatLink, Unit
from storage.reports import draft_of, report_of, submitted_unit_codes

ENTRY_STEPS = {"demo", "pick_unit", "pick_form"}


def _pick(state: ConversationState, step: str, reply: Reply, **data: Any) -> Outcome:
    data["choices"] = [{"id": c.id, "label": c.label} for c in reply.choices]
    return Outcome((reply,), state.but(flow=texts.FLOW, step=step, data=data, expires_at=None))


def command(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    """/baocao [form or period]: start, resume or amend the unit's report."""
    pairs = secretary_units(ctx.session, ctx.key)
    if not pairs:
        if admin_link(ctx.session, ctx.key) is not None:
            return leave(state, Reply(texts.ADMIN_NOT_SECRETARY))
        newcomer = ctx.channel == "console" and not links_of(ctx.session, ctx.key)
        if newcomer and not reporting_units(ctx.session):
            choices = (Choice("bc:demo", "Thử với Chi bộ Demo"), Choice("bc:nodemo", "Để sau"))
            return _pick(state, "demo", Reply(texts.DEMO_OFFER, choices))
        return leave(state, Reply(texts.NOT_SECRETARY))
    wanted = fold(args).strip().upper()
    chosen = [p for p in pairs if p[1].code == wanted]
    if chosen:
        return for_unit(*chosen[0], "", state, ctx)
    if wanted and ctx.session.get(Unit, wanted) is not None:
        own = ", ".join(unit.name for _, unit in pairs)
        return leave(state, Reply(f"Đồng chí chỉ báo cáo được cho {own}."))
    if len(pairs) > 1:
        choices = tuple(Choice(f"bc:u:{unit.code}", unit.name) for _, unit in pairs)
        return _pick(state, "pick_unit", Reply("Đồng chí báo cáo cho chi bộ nào?", choices), a=args)
    return for_unit(*pairs[0], args, state, ctx)


def _period_for(ctx: Context, form: Form, unit: Unit) -> Period | None:
    """The oldest open period the unit has not reported for, else the newest open one."""
    periods = open_periods(form, local_day(ctx.now))
    for period in periods:
        if unit.code not in submitted_unit_codes(ctx.session, form.id, period.key):
            return period
    return periods[-1] if periods else None


def for_unit(
    link: ChatLink, unit: Unit, args: str, state: ConversationState, ctx: Context
) -> Outcome:
    """Choose the form (and its period) for one unit, then open the report."""
    today = local_day(ctx.now)
    forms, wanted = forms_of(ctx).pick(args)
    options: list[tuple[Form, Period]] = []
    for form in forms:
        period = _period_for(ctx, form, unit)
        if period is None:
            continue
        if wanted:
            try:  # a period named explicitly ("/baocao tiến độ 2026-Q1")
                period = period_for_key(form, wanted)
            except ValueError:
                continue
            if period.start > today or period.end < form.start:
                continue
        options.append((form, period))
    if not options:
        return leave(state, Reply(texts.NOTHING_OPEN))
    if len(options) == 1:
        return open_report(ctx, state, link, unit, *options[0])
    choices = []
    for form, period in options:
        mark = ""
        if unit.code in submitted_unit_codes(ctx.session, form.id, period.key):
            mark = " ✓ đã gửi"
        else:
            draft = draft_of(ctx.session, form.id, period.key, unit.code)
            mark = " (đang làm dở)" if draft and draft.status == "open" and draft.answers else ""
        label = f"{form.short} — {period_label(period)}{mark}"
        choices.append(Choice(f"bc:f:{form.id}", label))
    periods = {form.id: period.key for form, period in options}
    reply = Reply(f"{unit.name}: đồng chí muốn báo cáo gì?", tuple(choices))
    return _pick(state, "pick_form", reply, l=link.id, u=unit.code, p=periods)


def open_report(
    ctx: Context, state: ConversationState, link: ChatLink, unit: Unit, form: Form, period: Period
) -> Outcome:
    """A first report, a draft to resume, or a sent report to view or amend."""
    report = report_of(ctx.session, form.id, period.key, unit.code)
    draft = draft_of(ctx.session, form.id, period.key, unit.code)
    forms = forms_of(ctx)
    if report is not None:
        if draft and draft.status == "open" and draft.base_version == report.version:
            return resume_outcome(Job(ctx, state, forms, form, period, unit, link, draft))
        sent = f"«{form.short}» của {unit.name}, {period_label(period)}: đã gửi lúc "
        sent += when(report.submitted_at)
        sent += f" (bản sửa lần {report.version - 1})." if report.version > 1 else "."
        if local_day(ctx.now) > closes(form, period):
            lines = summary_lines(forms, form, flatten(form, report.answers))
            return leave(state, Reply("\n".join([sent, *lines, closed_text(form, period)])))
        assert draft is not None
        job = Job(ctx, state, forms, form, period, unit, link, draft)
        return stay(job, "sent", Reply(sent, texts.SENT_CHOICES))
    if draft is not None and draft.status == "open" and draft.answers:
        return resume_outcome(Job(ctx, state, forms, form, period, unit, link, draft))
    job = begin(ctx, state, link, unit, form, period)
    return ask_open(job, intro(job))


def on_sent(job: Job, choice: str | None) -> Outcome:
    """A sent report: view it, or amend it until the period closes."""
    report = report_of(job.ctx.session, job.form.id, job.period.key, job.unit.code)
    if report is None:
        return ask_open(job)
    if choice == "bc:view":
        lines = summary_lines(job.forms, job.form, flatten(job.form, report.answers))
        head = f"Báo cáo đã gửi ({job.unit.name}, {period_label(job.period)}):"
        return stay(job, "sent", Reply("\n".join([head, *lines]), texts.SENT_CHOICES))
    if choice == "bc:amend":
        if local_day(job.ctx.now) > closes(job.form, job.period):
            return leave(job.state, Reply(closed_text(job.form, job.period)))
        answers = flatten(job.form, report.answers)
        amended = begin(
            job.ctx, job.state, job.link, job.unit, job.form, job.period, answers, report.version
        )
        return ask(amended, None, "Sửa mục nào thì gõ «sửa» và số mục, ví dụ «sửa 2».")
    return stay(job, "sent", Reply("Xin chọn một trong hai:", texts.SENT_CHOICES))


def on_step(step: str, choice: str | None, state: ConversationState, ctx: Context) -> Outcome:
    """The choices before a draft exists: demo, unit, form."""
    if step == "demo":
        if choice == "bc:demo":
            link = ensure_demo_unit(ctx.session, ctx.key, ctx.now, as_admin=True)
            unit = ctx.session.get(Unit, link.unit_code)
            assert unit is not None
            outcome = for_unit(link, unit, "", state, ctx)
            return Outcome((Reply(texts.DEMO_START), *outcome.replies), outcome.state)
        return leave(state, Reply(texts.DEMO_NO))
    if step == "pick_unit" and choice and choice.startswith("bc:u:"):
        code = choice[len("bc:u:") :]
        for link, unit in secretary_units(ctx.session, ctx.key):
            if unit.code == code:
                return for_unit(link, unit, state.data.get("a", ""), state, ctx)
    if step == "pick_form" and choice and choice.startswith("bc:f:"):
        form = forms_of(ctx).get(choice[len("bc:f:") :])
        link = ctx.session.get(ChatLink, state.data.get("l"))
        unit = ctx.session.get(Unit, state.data.get("u"))
        key = state.data.get("p", {}).get(form.id) if form else None
        if form and link and unit and key and link.revoked_at is None:
            return open_report(ctx, state, link, unit, form, period_for_key(form, key))
    if choice is None:
        offered = tuple(Choice(c["id"], c["label"]) for c in state.data.get("choices", ()))
        return Outcome((Reply("Xin chọn một trong các lựa chọn:", offered),), state)
    return leave(state, Reply(texts.STALE_CHOICE))


__all__ = ["ENTRY_STEPS", "command", "load_job", "on_sent", "on_step"]
