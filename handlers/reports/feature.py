"""The reports feature: /baocao and its conversation, /dangky, /lienket, the office commands."""

from __future__ import annotations

from handlers.context import Context
from handlers.feature import Feature
from handlers.reports import entry, flow, office, registration, texts
from handlers.types import ConversationState, Incoming, Outcome, Reply
from knowledge.normalize import fold

_SLASH_WORDS = {"huy": "huy", "help": "tro giup", "trogiup": "tro giup", "huongdan": "tro giup"}


def report_flow(incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome | None:
    """Every message while a report is open; None lets the router handle other commands."""
    text = (incoming.text or "").strip()
    choice = incoming.choice_id
    if choice is not None and not choice.startswith("bc:"):
        return None
    said = flow.word(text)
    if text.startswith("/"):
        name = fold(text[1:].split(" ", 1)[0].split("@", 1)[0])
        if name not in _SLASH_WORDS:
            return None
        said, text = _SLASH_WORDS[name], _SLASH_WORDS[name]
    step = state.step or ""
    if step in entry.ENTRY_STEPS:
        if choice is None:
            return None  # not one of the offered choices: a question, answered by the router
        return entry.on_step(step, choice, state, ctx)
    job = flow.load_job(state, ctx)
    if isinstance(job, Outcome):
        return job
    working = step.startswith("q:") or step in {"summary", "fix"}
    if working and state.expires_at is not None and state.expires_at < ctx.now:
        return flow.resume_outcome(job, stale=True)  # a message days later is not an answer
    if working and choice is None and said in flow.CANCEL:
        return flow.cancel_prompt(job, step)
    if step.startswith("q:"):
        return flow.on_question(job, step[2:], text, choice)
    if step in {"summary", "fix"} and choice is None and said in flow.HELP:
        return flow.ask(job, None, texts.HELP + "\n")
    if step == "summary":
        return flow.on_summary(job, text, choice)
    if step == "fix":
        return flow.on_fix(job, said) if choice is None else flow.on_summary(job, text, choice)
    if step == "cancel":
        return flow.on_cancel(job, choice, str(state.data.get("back", "")))
    if step == "resume":
        return flow.on_resume(job, choice)
    if step == "sent":
        return entry.on_sent(job, choice)
    return flow.ask_open(job)


def _stale(value: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    return Outcome((Reply(texts.STALE_CHOICE),), state)


def _nothing(args: str, incoming: Incoming, state: ConversationState, ctx: Context) -> Outcome:
    return Outcome((Reply("Hiện không có báo cáo nào đang làm để hủy."),), state)


FEATURE = Feature(
    name="reports",
    commands={
        "baocao": entry.command,
        "dangky": registration.register,
        "lienket": registration.link_other,
        "tonghop": office.totals,
        "chuabaocao": office.missing,
        "xuat": office.export,
        "huy": _nothing,
    },
    choices={"bc": _stale},
    flows={texts.FLOW: report_flow},
    help_lines=(
        "- /baocao — Bí thư chi bộ báo cáo kết quả thực hiện Nghị quyết 05.",
        "- /dangky MÃ — đăng ký Bí thư hoặc quản trị bằng mã Văn phòng Đảng ủy cấp.",
        "- /tonghop, /chuabaocao, /xuat — Văn phòng Đảng ủy xem tổng hợp, xuất Excel.",
    ),
)
