"""How questions, answers, summaries and receipts read on a phone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handlers.reports import texts
from handlers.reports.calendar import VN
from handlers.reports.forms import Form, FormSet, Question
from handlers.reports.parse import option_choices
from handlers.reports.steps import Step, applicable
from handlers.types import Choice, Reply
from storage.org import utc


def when(moment: datetime) -> str:
    """ "08:30 ngày 02/03/2026" in Viet Nam time."""
    return utc(moment).astimezone(VN).strftime("%H:%M ngày %d/%m/%Y")


def day(value: date | str) -> str:
    return (date.fromisoformat(value) if isinstance(value, str) else value).strftime("%d/%m/%Y")


def _option_label(options: list[Any], value: Any) -> str:
    return next((o.label for o in options if o.value == value), str(value))


def value_text(forms: FormSet, q: Question, value: Any, part: str = "value") -> str:
    """An answer as people read it."""
    if value is None:
        return "(bỏ qua)"
    if part == "status":
        return _option_label(q.statuses, value)
    if part == "result" or q.kind == "text":
        return str(value)
    if q.kind == "integer":
        return f"{value} {q.unit}" if q.unit else str(value)
    if q.kind == "yes_no":
        return "Có" if value else "Không"
    if q.kind == "choice":
        return _option_label(q.options, value)
    if q.kind == "multi_choice":
        return ", ".join(_option_label(q.options, v) for v in value) or "Không chọn"
    if q.kind == "date":
        return ", ".join(day(v) for v in value) if isinstance(value, list) else day(value)
    if q.kind == "model_status":
        names = {m.id: m.name for m in forms.models(q)}
        return ", ".join(names.get(v, v) for v in value) or "Không tham gia mô hình nào"
    return str(value)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_text(forms: FormSet, q: Question, answers: dict[str, Any]) -> str:
    """One numbered item of the summary (a per-model question lists each model)."""
    if q.id not in answers:
        return "(chưa trả lời)"
    if q.kind != "model_status" or not answers[q.id]:
        return _short(value_text(forms, q, answers[q.id]))
    names = {m.id: m.name for m in forms.models(q)}
    lines = []
    for model_id in answers[q.id]:
        status = value_text(forms, q, answers.get(f"{q.id}.{model_id}.status"), "status")
        result = answers.get(f"{q.id}.{model_id}.result")
        extra = f" — {_short(result, 60)}" if result else ""
        lines.append(f"\n   • {names.get(model_id, model_id)}: {status}{extra}")
    return "".join(lines)


def summary_lines(forms: FormSet, form: Form, answers: dict[str, Any]) -> list[str]:
    return [
        f"{i}. {q.short}: {item_text(forms, q, answers)}"
        for i, q in enumerate(applicable(form, answers), 1)
    ]


def _expected(q: Question, step: Step, models_count: int) -> str:
    if step.part == "status":
        return "Chọn một tình trạng."
    if step.part == "result":
        return "Gõ ngắn gọn kết quả. Chưa có thì gõ «bỏ qua»."
    if q.kind == "integer":
        unit = f" ({q.unit})" if q.unit else ""
        if q.max is not None and q.max <= 100:
            return f"Gõ một số từ {q.min or 0} đến {q.max}{unit}."
        return f"Gõ một số{unit}, ví dụ: 25."
    if q.kind == "yes_no":
        return "Trả lời «có» hoặc «không»."
    if q.kind == "choice":
        return "Chọn một lựa chọn."
    if q.kind in {"multi_choice", "model_status"}:
        return "Gõ các số thứ tự, cách nhau dấu phẩy, ví dụ: 1, 3. Không chọn mục nào thì gõ 0."
    if q.kind == "date":
        return q.hint or "Gõ ngày dạng ngày/tháng/năm, ví dụ: 15/3/2026."
    return q.hint or "Gõ câu trả lời."


def question_reply(
    forms: FormSet, form: Form, step: Step, answers: dict[str, Any], lead: str = ""
) -> Reply:
    """One question with the answer expected (and the answer kept so far, if any)."""
    asked = applicable(form, answers)
    number = next((i for i, q in enumerate(asked, 1) if q.id == step.question.id), 0)
    q = step.question
    lines = [lead] if lead else []
    if step.model is None:
        lines.append(f"Câu {number}/{len(asked)}. {q.text}")
    elif step.part == "status":
        lines.append(f"Câu {number}/{len(asked)}. Mô hình «{step.model.name}»: tình hình thế nào?")
    else:
        lines.append(f"Câu {number}/{len(asked)}. Kết quả của mô hình «{step.model.name}»?")
    choices: tuple[Choice, ...] = ()
    if step.part == "status":
        choices = option_choices(q.statuses)
    elif q.kind == "yes_no":
        choices = texts.YES_NO
    elif q.kind == "choice":
        choices = option_choices(q.options)
    elif q.kind == "model_status" and step.part == "value":
        lines += [f"{i}. {m.name}" for i, m in enumerate(forms.models(q), 1)]
    elif q.kind == "multi_choice":
        lines += [f"{i}. {o.label}" for i, o in enumerate(q.options, 1)]
    expected = _expected(q, step, len(forms.models(q)))
    if not step.required and "bỏ qua" not in expected:
        expected += " Không có thì gõ «bỏ qua»."
    lines.append(f"➜ {expected}")
    if step.id in answers:
        current = value_text(forms, q, answers[step.id], step.part)
        lines.append(f"(Đang ghi: {_short(current, 60)}. Gõ «giữ» để giữ nguyên.)")
    return Reply("\n".join(lines), choices)


def summary_reply(
    forms: FormSet, form: Form, unit_name: str, period_label: str, answers: dict[str, Any],
    lead: str = "",
) -> Reply:  # fmt: skip
    head = f"Tóm tắt báo cáo «{form.short}» — {unit_name}, {period_label}:"
    lines = [lead, head] if lead else [head]
    lines += summary_lines(forms, form, answers)
    lines.append(f"\n{texts.SUMMARY_ASK}")
    return Reply("\n".join(lines), texts.SUMMARY_CHOICES)
