"""The guided report conversation: one question at a time, every answer saved in the draft.

The chat's state only points at the unit's draft (``d``), the draft version it last saw (``dv``)
and the link that allows it (``l``); the answers live in the database, so a report can be
continued after a restart or on the other messenger, and two secretaries never overwrite each
other silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from handlers.context import Context
from handlers.reports import texts
from handlers.reports.calendar import closes, deadline, local_day, period_for_key, period_label
from handlers.reports.forms import Form, FormSet, forms_for
from handlers.reports.parse import Invalid, parse_answer
from handlers.reports.render import day, question_reply, summary_lines, summary_reply, when
from handlers.reports.steps import Step, applicable, finalize, find, first_open, next_step, steps
from handlers.types import ConversationState, Outcome, Reply
from knowledge.normalize import fold
from scheduler.outbox import cancel_for_report
from scheduler.periods import Period
from storage.org_tables import ChatLink, Unit
from storage.report_tables import Report, ReportDraft
from storage.reports import DraftConflict, change_draft, lock_draft, send_report, start_draft

TTL = timedelta(hours=12)
BACK = {"quay lai", "quaylai", "tro lai", "back", "lui", "quay lai cau truoc", "cau truoc"}
SKIP = {"bo qua", "boqua", "skip", "bo", "qua"}
CANCEL = {"huy", "huy bo", "cancel", "huy bao cao"}
HELP = {"tro giup", "trogiup", "giup", "help", "?", "huong dan"}
KEEP = {"giu", "giu nguyen", "nhu cu", "giu nhu cu", "khong doi"}


def forms_of(ctx: Context) -> FormSet:
    return forms_for(ctx.services.kb.localities)


def word(text: str) -> str:
    """A typed message folded for keyword matching ("Quay lại!" → "quay lai")."""
    return " ".join(fold(text).replace("!", " ").replace(".", " ").split()).strip(" ,;:")


@dataclass(frozen=True)
class Job:
    """What one chat is working on: a unit's draft for a form and period."""

    ctx: Context
    state: ConversationState
    forms: FormSet
    form: Form
    period: Period
    unit: Unit
    link: ChatLink
    draft: ReportDraft

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.draft.answers)

    @property
    def sequence(self) -> list[Step]:
        return steps(self.forms, self.form, self.answers)


def leave(state: ConversationState, *replies: Reply) -> Outcome:
    """End the flow (the draft stays in the database)."""
    return Outcome(replies, state.but(flow=None, step=None, data={}, expires_at=None))


def stay(job: Job, step: str, *replies: Reply, **extra: Any) -> Outcome:
    """Stay in the flow at ``step``, remembering the choices offered for a typed "2"."""
    offered = replies[-1].choices if replies else ()
    data = {"d": job.draft.id, "dv": job.draft.version, "l": job.link.id, **extra}
    data["choices"] = [{"id": c.id, "label": c.label} for c in offered]
    expires = job.ctx.now + TTL
    moved = job.state.but(flow=texts.FLOW, step=step, data=data, expires_at=expires)
    return Outcome(replies, moved)


def load_job(state: ConversationState, ctx: Context) -> Job | Outcome:
    """The job the state points at, or the reply that ends the flow."""
    link = ctx.session.get(ChatLink, state.data.get("l"))
    if link is None or link.revoked_at is not None:
        return leave(state, Reply(texts.REVOKED))
    draft_id = state.data.get("d")
    draft = lock_draft(ctx.session, draft_id) if isinstance(draft_id, int) else None
    forms = forms_of(ctx)
    form = forms.get(draft.form_id) if draft else None
    unit = ctx.session.get(Unit, draft.unit_code) if draft else None
    if draft is None or form is None or unit is None:
        return leave(state, Reply(texts.STALE_CHOICE))
    period = period_for_key(form, draft.period)
    return Job(ctx, state, forms, form, period, unit, link, draft)


def head(job: Job) -> str:
    return f"{job.unit.name} — {period_label(job.period)}"


def ask(job: Job, step: Step | None, lead: str = "") -> Outcome:
    """Ask ``step``, or show the summary when nothing is left to ask."""
    if step is None:
        reply = summary_reply(
            job.forms, job.form, job.unit.name, period_label(job.period), job.answers, lead
        )
        return stay(job, "summary", reply)
    reply = question_reply(job.forms, job.form, step, job.answers, lead)
    return stay(job, f"q:{step.id}", reply)


def ask_open(job: Job, lead: str = "") -> Outcome:
    return ask(job, first_open(job.sequence, job.answers), lead)


def begin(
    ctx: Context,
    state: ConversationState,
    link: ChatLink,
    unit: Unit,
    form: Form,
    period: Period,
    answers: dict[str, Any] | None = None,
    base_version: int = 0,
) -> Job:
    """Open (or reopen) the unit's draft and return the job."""
    draft = start_draft(
        ctx.session, form.id, period.key, unit.code, answers or {}, base_version, link.id, ctx.now
    )
    return Job(ctx, state, forms_of(ctx), form, period, unit, link, draft)


def intro(job: Job) -> str:
    due = day(deadline(job.form, job.period))
    lines = [f"Báo cáo «{job.form.title}»", f"{head(job)}, hạn nộp {due}."]
    if job.form.intro:
        lines.append(job.form.intro)
    lines.append(f"Mỗi câu trả lời được lưu ngay. {texts.COMMANDS_HINT}\n")
    return "\n".join(lines)


def who_changed(job: Job, draft: ReportDraft) -> str:
    other = job.ctx.session.get(ChatLink, draft.updated_by) if draft.updated_by else None
    where = texts.CHANNELS.get(other.channel, other.channel) if other else ""
    if other is not None and other.person == job.link.person:
        return f"Đồng chí vừa cập nhật báo cáo này trên {where}"
    return f"Một bí thư khác của chi bộ vừa cập nhật báo cáo này (trên {where})"


def conflict(job: Job, draft: ReportDraft) -> Outcome:
    """Someone else changed the draft: say so, show its answers, and go on from there."""
    fresh = replace(job, draft=draft)
    lead = f"⚠️ {who_changed(job, draft)} lúc {when(draft.updated_at)}. "
    if draft.status == "sent":
        return leave(job.state, Reply(lead + "Báo cáo đã được gửi. Gõ /baocao để xem hoặc sửa."))
    if draft.status == "cancelled":
        return leave(job.state, Reply(lead + "Báo cáo đã bị hủy. Gõ /baocao để làm lại."))
    current = "\n".join(summary_lines(fresh.forms, fresh.form, fresh.answers))
    lead += f"Câu trả lời vừa gõ chưa được ghi. Các câu trả lời hiện nay:\n{current}\n"
    return ask_open(fresh, lead)


def save(
    job: Job, action: str, answers: dict[str, Any], step: str | None = None, value: Any = None
) -> Job | Outcome:
    try:
        draft = change_draft(
            job.ctx.session, job.draft.id, job.state.data.get("dv", -1), job.link.id,
            job.ctx.now, action, answers=answers, step=step, value=value,
        )  # fmt: skip
    except DraftConflict as exc:
        return conflict(job, exc.draft)
    return replace(job, draft=draft)


def on_question(job: Job, step_id: str, text: str, choice: str | None) -> Outcome:
    """An answer (or a command word) to the question at ``step_id``."""
    sequence = job.sequence
    at = find(sequence, step_id)
    if at is None:  # the form changed or a condition no longer holds
        return ask_open(job)
    step, said = sequence[at], word(text)
    if choice is None and said in BACK:
        return ask(job, sequence[at - 1]) if at > 0 else ask(job, step, texts.FIRST)
    if choice is None and said in HELP:
        return ask(job, step, texts.HELP + "\n")
    if choice is None and re.fullmatch(r"sua (muc |cau )?\d+", said):
        return on_fix(job, said)
    if choice is None and said in KEEP:
        if step.id not in job.answers:
            return ask(job, step, texts.NOTHING_TO_KEEP)
        return ask(job, next_step(sequence, job.answers, step.id))
    if choice is None and said in SKIP:
        if step.required:
            return ask(job, step, texts.REQUIRED)
        saved = save(job, "skip", {**job.answers, step.id: None}, step.id)
        return saved if isinstance(saved, Outcome) else after(saved, step.id)
    value_choice = choice[len("bc:v:") :] if choice and choice.startswith("bc:v:") else None
    models = job.forms.models(step.question)
    today = local_day(job.ctx.now)
    value = parse_answer(job.form, step, models, text, value_choice, job.answers, today)
    if isinstance(value, Invalid):
        return ask(job, step, f"❗ {value.reason}")
    saved = save(job, "answer", {**job.answers, step.id: value}, step.id, value)
    return saved if isinstance(saved, Outcome) else after(saved, step.id)


def after(job: Job, step_id: str) -> Outcome:
    return ask(job, next_step(job.sequence, job.answers, step_id))


def on_summary(job: Job, text: str, choice: str | None) -> Outcome:
    said = word(text)
    if choice == "bc:send":
        return send(job)
    if choice == "bc:keep":
        due = day(deadline(job.form, job.period))
        return leave(job.state, Reply(f"{texts.KEPT} Hạn nộp: {due}."))
    if choice == "bc:fix":
        count = len(applicable(job.form, job.answers))
        return stay(job, "fix", Reply(f"Đồng chí muốn sửa mục số mấy? (từ 1 đến {count})"))
    if said in BACK:
        return ask(job, job.sequence[-1])
    if said.startswith(("sua", "fix")) or said.isdigit():
        return on_fix(job, said)
    return ask(job, None, texts.SUMMARY_ASK)


def on_fix(job: Job, said: str) -> Outcome:
    if said in BACK:
        return ask(job, None)
    digits = "".join(ch for ch in said if ch.isdigit())
    asked = applicable(job.form, job.answers)
    if not digits or not 1 <= int(digits) <= len(asked):
        return stay(job, "fix", Reply(f"Xin gõ số thứ tự của mục cần sửa, từ 1 đến {len(asked)}."))
    question = asked[int(digits) - 1]
    return ask(job, next(s for s in job.sequence if s.question.id == question.id))


def on_cancel(job: Job, choice: str | None, back_to: str) -> Outcome:
    if choice == "bc:cy":
        try:
            change_draft(
                job.ctx.session, job.draft.id, job.state.data.get("dv", -1), job.link.id,
                job.ctx.now, "cancel", status="cancelled", value=job.answers,
            )  # fmt: skip
        except DraftConflict as exc:
            return conflict(job, exc.draft)
        done = texts.CANCELLED_AMEND if job.draft.base_version else texts.CANCELLED
        return leave(job.state, Reply(done))
    if back_to.startswith("q:"):
        at = find(job.sequence, back_to[2:])
        if at is not None:
            return ask(job, job.sequence[at])
    return ask_open(job)


def cancel_prompt(job: Job, back_to: str) -> Outcome:
    return stay(job, "cancel", Reply(texts.CANCEL_ASK, texts.CANCEL_CHOICES), back=back_to)


def send(job: Job) -> Outcome:
    """Send the draft: a receipt with unit, period and time; late ones are marked late."""
    missing = first_open(job.sequence, job.answers)
    if missing is not None:
        return ask(job, missing, "Còn câu chưa trả lời:")
    today = local_day(job.ctx.now)
    amending = job.draft.base_version > 0
    if amending and today > closes(job.form, job.period):
        return leave(job.state, Reply(closed_text(job.form, job.period)))
    late = today > deadline(job.form, job.period)
    final = finalize(job.forms, job.form, job.answers)
    try:
        report = send_report(
            job.ctx.session, job.draft.id, job.state.data.get("dv", -1), final, late,
            job.link.id, job.ctx.now,
        )  # fmt: skip
    except DraftConflict as exc:
        return conflict(job, exc.draft)
    # the unit no longer owes this report: its pending reminders go, in the same transaction
    cancel_for_report(job.ctx.session, report.form_id, report.period, report.unit_code, job.ctx.now)
    return leave(job.state, Reply(receipt(job, report, late)))


def closed_text(form: Form, period: Period) -> str:
    return (
        f"Kỳ {period_label(period)} đã khóa sổ từ sau ngày {day(closes(form, period))}, "
        "không sửa báo cáo được nữa. Cần điều chỉnh, xin liên hệ Văn phòng Đảng ủy."
    )


def receipt(job: Job, report: Report, late: bool) -> str:
    verb = "Đã nhận báo cáo" if report.version == 1 else f"Đã nhận bản sửa lần {report.version - 1}"
    lines = [
        f"✅ {verb} «{job.form.short}» của {job.unit.name}, {period_label(job.period)}, "
        f"lúc {when(report.submitted_at)} (giờ Việt Nam)."
    ]
    if late:
        due = day(deadline(job.form, job.period))
        lines.append(f"⚠️ Gửi sau hạn {due} nên được ghi là nộp muộn.")
    lines.append(f"Có thể sửa đến hết ngày {day(closes(job.form, job.period))}: gõ /baocao.")
    return "\n".join(lines)


def resume_outcome(job: Job, stale: bool = False) -> Outcome:
    """Offer to continue a draft that already has answers."""
    answered = sum(1 for q in applicable(job.form, job.answers) if q.id in job.answers)
    total = len(applicable(job.form, job.answers))
    other = job.ctx.session.get(ChatLink, job.draft.updated_by) if job.draft.updated_by else None
    by = ""
    if other is not None:
        where = texts.CHANNELS.get(other.channel, other.channel)
        by = f" (trên {where})" if other.person == job.link.person else f" (bí thư khác, {where})"
    what = "bản sửa báo cáo" if job.draft.base_version else "báo cáo"
    text = (
        f"{head(job)}: đang có {what} «{job.form.short}» làm dở, đã trả lời {answered}/{total} "
        f"câu, cập nhật lúc {when(job.draft.updated_at)}{by}."
    )
    if stale:
        return stay(job, "resume", Reply(text, texts.STALE_RESUME_CHOICES), stale=1)
    return stay(job, "resume", Reply(text, texts.RESUME_CHOICES))


def on_resume(job: Job, choice: str | None) -> Outcome:
    if choice == "bc:review":
        return ask(job, None)
    if choice == "bc:later":
        return leave(job.state, Reply(texts.LATER))
    if choice == "bc:go":
        return ask_open(job)
    return resume_outcome(job, stale="stale" in job.state.data)
