"""Report forms as data files (knowledge/data/forms/*.yaml), validated at load.

A form has an id, a title, a period kind and questions. Every problem found is reported with the
file and the question it is in, all at once (``FormError.problems``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from knowledge.model import Locality, Model

FORMS_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "forms"
Kind = Literal["integer", "yes_no", "choice", "multi_choice", "text", "date", "model_status"]
ID = r"^[a-z][a-z0-9_]{0,39}$"
DEFAULT_STATUSES = (
    ("chua", "Chưa triển khai"),
    ("dang", "Đang triển khai"),
    ("xong", "Đã hoàn thành"),
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(_Strict):
    value: str = Field(pattern=r"^[a-z0-9_]{1,20}$")
    label: str = Field(min_length=1, max_length=60)


class Condition(_Strict):
    """Ask a question only if an earlier yes/no or choice question got this answer."""

    question: str
    equals: bool | str = True


class Check(_Strict):
    """A cross-check between two integer answers: this one ≤ (or ≥) another one."""

    le: str | None = None
    ge: str | None = None
    message: str | None = None


class Question(_Strict):
    id: str = Field(pattern=ID)
    kind: Kind
    text: str = Field(min_length=3)
    short: str = Field(min_length=1, max_length=60)
    required: bool = True
    hint: str | None = None
    when: Condition | None = None
    checks: list[Check] = Field(default_factory=list)
    # integer
    min: int | None = None
    max: int | None = None
    unit: str | None = None
    # choice, multi_choice
    options: list[Option] = Field(default_factory=list)
    # date
    earliest: date | None = None
    not_future: bool = True
    many: bool = False
    # text
    max_length: int = Field(default=1000, ge=1, le=4000)
    # model_status
    catalog: str | None = None
    statuses: list[Option] = Field(
        default_factory=lambda: [Option(value=v, label=lb) for v, lb in DEFAULT_STATUSES]
    )
    ask_result: bool = True


class Ratio(_Strict):
    label: str
    part: str
    whole: str


class Form(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    title: str = Field(min_length=3)
    short: str = Field(min_length=2, max_length=60)
    period: Literal["month", "quarter", "half", "year", "once"]
    start: date
    due: date | None = None
    due_days: int = Field(default=0, ge=-60, le=120)
    amend_days: int = Field(default=30, ge=0, le=365)
    intro: str | None = None
    totals: list[str] = Field(default_factory=list)
    ratio: Ratio | None = None
    questions: list[Question] = Field(min_length=1)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class FormError(Exception):
    """Form files with problems; ``problems`` lists them all, each naming file and question."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class FormSet:
    """The loaded forms, and the model catalogue their per-model questions use."""

    def __init__(self, forms: list[Form], catalogs: dict[str, list[Model]]):
        self.forms = forms
        self.by_id = {f.id: f for f in forms}
        self._catalogs = catalogs

    def models(self, question: Question) -> list[Model]:
        return self._catalogs.get(question.catalog or "", [])

    def get(self, form_id: str) -> Form | None:
        return self.by_id.get(form_id)

    def pick(self, args: str) -> tuple[list[Form], str]:
        """The forms named by the first words of ``args`` (all if none), and the rest."""
        from knowledge.normalize import fold
        from scheduler.periods import parse_period

        words = args.split()
        found: tuple[list[Form], str] | None = None
        for size in range(len(words), 0, -1):
            phrase = fold(" ".join(words[:size]))
            named = [
                f for f in self.forms if f.id.startswith(phrase) or fold(f.short).startswith(phrase)
            ]
            if not named:
                continue
            rest = " ".join(words[size:])
            try:
                if rest:
                    parse_period(rest)
                return named, rest
            except ValueError:
                found = found or (named, rest)
        return found or (list(self.forms), args.strip())


def _where(name: str, raw: Any, loc: tuple[Any, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = raw.get("questions") if isinstance(raw, dict) else None
        qid = None
        if isinstance(questions, list) and loc[1] < len(questions):
            item = questions[loc[1]]
            qid = item.get("id") if isinstance(item, dict) else None
        field = ".".join(str(p) for p in loc[2:])
        label = f"câu «{qid}»" if qid else f"câu thứ {loc[1] + 1}"
        return f"{name}: {label}" + (f", mục {field}" if field else "")
    return f"{name}: " + (".".join(str(p) for p in loc) or "tệp")


_MESSAGES = {
    "missing": "thiếu",
    "extra_forbidden": "không có mục này (gõ nhầm tên?)",
    "literal_error": "giá trị không hợp lệ",
    "string_pattern_mismatch": "sai dạng mã",
    "int_parsing": "phải là số nguyên",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "too_short": "không được để trống",
}


def _pydantic_problems(name: str, raw: Any, error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        message = _MESSAGES.get(item["type"], item["msg"])
        problems.append(f"{_where(name, raw, tuple(item['loc']))}: {message}")
    return problems


def check_form(name: str, form: Form, localities: dict[str, Locality]) -> list[str]:
    """The problems of a well-shaped form: references, kinds and bounds that do not fit."""
    problems: list[str] = []
    seen: dict[str, Question] = {}

    def bad(q: Question, text: str) -> None:
        problems.append(f"{name}: câu «{q.id}»: {text}")

    if form.period == "once" and form.due is None:
        problems.append(f"{name}: báo cáo một lần (period: once) phải có hạn nộp (due)")
    if form.due is not None and form.due < form.start:
        problems.append(f"{name}: hạn nộp (due) trước ngày bắt đầu (start)")
    for q in form.questions:
        if q.id in seen:
            bad(q, "trùng mã câu hỏi")
        if q.when is not None:
            ref = seen.get(q.when.question)
            if ref is None:
                bad(q, f"điều kiện nhắc tới câu «{q.when.question}» chưa có ở phía trước")
            elif ref.kind == "yes_no" and not isinstance(q.when.equals, bool):
                bad(q, "điều kiện với câu có/không phải là true hoặc false")
            elif ref.kind == "choice" and q.when.equals not in {o.value for o in ref.options}:
                bad(q, f"điều kiện: «{q.when.equals}» không phải lựa chọn của «{ref.id}»")
            elif ref.kind not in {"yes_no", "choice"}:
                bad(q, "điều kiện chỉ dùng với câu có/không hoặc chọn một")
        if q.kind in {"choice", "multi_choice"} and len(q.options) < 2:
            bad(q, "câu chọn phải có ít nhất 2 lựa chọn (options)")
        if q.kind != "integer" and (q.min is not None or q.max is not None or q.checks):
            bad(q, "min, max và checks chỉ dùng cho câu số (integer)")
        if q.min is not None and q.max is not None and q.min > q.max:
            bad(q, f"min ({q.min}) lớn hơn max ({q.max})")
        if q.kind == "model_status":
            if q.catalog not in localities:
                known = ", ".join(localities) or "không có"
                bad(q, f"danh mục mô hình «{q.catalog}» không có (có: {known})")
            if len(q.statuses) < 2:
                bad(q, "cần ít nhất 2 trạng thái (statuses)")
        elif q.catalog is not None:
            bad(q, "catalog chỉ dùng cho câu trạng thái mô hình (model_status)")
        seen[q.id] = q
    for q in form.questions:
        for check in q.checks:
            refs = [r for r in (check.le, check.ge) if r is not None]
            if len(refs) != 1:
                bad(q, "mỗi kiểm tra chéo cần đúng một trong le hoặc ge")
            for ref in refs:
                other = seen.get(ref)
                if other is None or other.kind != "integer":
                    bad(q, f"kiểm tra chéo nhắc tới «{ref}» không phải câu số trong biểu mẫu")
    for qid in form.totals:
        if seen.get(qid) is None or seen[qid].kind != "integer":
            problems.append(f"{name}: totals: «{qid}» không phải câu số trong biểu mẫu")
    if form.ratio is not None:
        for qid in (form.ratio.part, form.ratio.whole):
            if seen.get(qid) is None or seen[qid].kind != "integer":
                problems.append(f"{name}: ratio: «{qid}» không phải câu số trong biểu mẫu")
    return problems


def _files(directory: Path) -> Iterable[Path]:
    return sorted(p for p in directory.glob("*.y*ml") if p.is_file())


def load_forms(localities: list[Locality], directory: Path | None = None) -> FormSet:
    """Read and validate every form file; raise FormError listing every problem."""
    directory = directory or FORMS_DIR
    by_id = {loc.id: loc for loc in localities}
    problems: list[str] = []
    forms: list[Form] = []
    for path in _files(directory):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(f"{path.name}: không đọc được YAML: {exc}")
            continue
        try:
            form = Form.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(path.name, raw, exc))
            continue
        problems.extend(check_form(path.name, form, by_id))
        if any(f.id == form.id for f in forms):
            problems.append(f"{path.name}: trùng mã biểu mẫu «{form.id}»")
        forms.append(form)
    if not forms and not problems:
        problems.append(f"{directory}: chưa có biểu mẫu báo cáo nào")
    if problems:
        raise FormError(problems)
    return FormSet(forms, {loc.id: loc.models for loc in localities})


_CACHE: dict[int, FormSet] = {}


def forms_for(localities: list[Locality]) -> FormSet:
    """The shipped forms for a knowledge base's catalogue (loaded once per catalogue)."""
    key = id(localities)
    if key not in _CACHE:
        _CACHE[key] = load_forms(localities)
    return _CACHE[key]
