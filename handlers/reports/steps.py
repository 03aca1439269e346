"""A form as the sequence of steps asked, given the answers so far.

Answers of a draft are keyed by step id: a question id ("members"), or for the models of a
per-model question "models.<model id>.status" and "models.<model id>.result". A skipped optional
step is stored as None. Steps are named, never numbered, so an edited form never corrupts drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.reports.forms import Form, FormSet, Question
from knowledge.model import Model


@dataclass(frozen=True)
class Step:
    """One thing asked: a question, or the status or result of one model of a question."""

    id: str
    question: Question
    model: Model | None = None
    part: str = "value"  # "value" | "status" | "result"

    @property
    def required(self) -> bool:
        return self.part == "status" or (self.part == "value" and self.question.required)


def applicable(form: Form, answers: dict[str, Any]) -> list[Question]:
    """The questions asked given the answers (conditions on earlier answers)."""
    asked: list[Question] = []
    shown: set[str] = set()
    for q in form.questions:
        if q.when is not None and (
            q.when.question not in shown or answers.get(q.when.question) != q.when.equals
        ):
            continue
        asked.append(q)
        shown.add(q.id)
    return asked


def question_steps(forms: FormSet, q: Question, answers: dict[str, Any]) -> list[Step]:
    steps = [Step(q.id, q)]
    if q.kind == "model_status":
        by_id = {m.id: m for m in forms.models(q)}
        for model_id in answers.get(q.id) or []:
            model = by_id.get(model_id)
            if model is None:
                continue
            steps.append(Step(f"{q.id}.{model_id}.status", q, model, "status"))
            if q.ask_result:
                steps.append(Step(f"{q.id}.{model_id}.result", q, model, "result"))
    return steps


def steps(forms: FormSet, form: Form, answers: dict[str, Any]) -> list[Step]:
    """Every step asked, in order."""
    return [s for q in applicable(form, answers) for s in question_steps(forms, q, answers)]


def find(sequence: list[Step], step_id: str | None) -> int | None:
    return next((i for i, s in enumerate(sequence) if s.id == step_id), None)


def first_open(sequence: list[Step], answers: dict[str, Any], after: int = -1) -> Step | None:
    """The first unanswered step after position ``after``, else the first anywhere."""
    for s in sequence[after + 1 :]:
        if s.id not in answers:
            return s
    return next((s for s in sequence if s.id not in answers), None)


def next_step(sequence: list[Step], answers: dict[str, Any], current: str) -> Step | None:
    """Where to go after answering ``current``: its own next part, else the next open step."""
    at = find(sequence, current)
    if at is None:
        return first_open(sequence, answers)
    if at + 1 < len(sequence) and sequence[at + 1].question.id == sequence[at].question.id:
        return sequence[at + 1]
    return first_open(sequence, answers, at)


def finalize(forms: FormSet, form: Form, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as stored in a sent report: applicable questions only, models nested."""
    result: dict[str, Any] = {}
    for q in applicable(form, answers):
        if q.kind != "model_status":
            result[q.id] = answers.get(q.id)
            continue
        result[q.id] = {
            model_id: {
                "status": answers.get(f"{q.id}.{model_id}.status"),
                "result": answers.get(f"{q.id}.{model_id}.result"),
            }
            for model_id in answers.get(q.id) or []
        }
    return result


def flatten(form: Form, report_answers: dict[str, Any]) -> dict[str, Any]:
    """A sent report's answers back as draft answers (to amend it)."""
    flat: dict[str, Any] = {}
    for q in form.questions:
        if q.id not in report_answers:
            continue
        value = report_answers[q.id]
        if q.kind == "model_status" and isinstance(value, dict):
            flat[q.id] = list(value)
            for model_id, parts in value.items():
                flat[f"{q.id}.{model_id}.status"] = parts.get("status")
                if q.ask_result:
                    flat[f"{q.id}.{model_id}.result"] = parts.get("result")
        else:
            flat[q.id] = value
    return flat
