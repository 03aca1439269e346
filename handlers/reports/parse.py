"""Forgiving reading of answers ("25 đồng chí", "co", "rồi", "1, 3", "15/3"), or a short reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from handlers.choices import match_choice
from handlers.reports.forms import Form, Option, Question
from handlers.reports.steps import Step
from handlers.types import Choice
from knowledge.model import Model
from knowledge.normalize import fold


@dataclass(frozen=True)
class Invalid:
    """Why an answer was not accepted (shown to the person, then the question again)."""

    reason: str


_YES = {"co", "roi", "da", "da co", "da roi", "co roi", "dung", "yes", "y", "ok", "vang", "u"}
_NO = {"khong", "ko", "k", "kh", "chua", "chua co", "no", "n", "khong co", "chua a", "khong a"}
_UNSURE = {"le", "chac", "biet", "nhu", "hinh", "nho"}  # "có lẽ", "chắc", "không biết"…
_NONE = {"khong", "ko", "k", "khong co", "chua", "chua co", "0", "khong tham gia"}
_WORDS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
}  # fmt: skip
_FILLER = {
    "dong", "chi", "dc", "nguoi", "dang", "vien", "cuoc", "buoi", "lan", "khoang", "co", "la",
    "duoc", "da", "tong", "so", "cong", "ca", "hop", "sinh", "hoat", "bo", "roi", "a",
}  # fmt: skip
_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*(\d{4}|\d{2}))?(?!\d)")
_DATE_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{2,4}))?")


def _clean(text: str) -> str:
    return " ".join(fold(text).replace("!", " ").replace(".", " ").split()).strip(" ,;:?")


def yes_no(text: str) -> bool | None:
    """True for "có", "rồi", "đã ban hành"…, False for "không", "chưa"…, else None."""
    cleaned = _clean(text)
    if _UNSURE & set(cleaned.split()):
        return None
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    first = cleaned.split(" ", 1)[0] if cleaned else ""
    if first in {"khong", "chua", "ko"}:
        return False
    if first in {"co", "da", "roi"} or cleaned.endswith(" roi"):
        return True
    return None


def parse_integer(text: str) -> int | Invalid:
    """ "25", "25 đồng chí", "khoảng 25 người", "1.200", "hai" → the number."""
    cleaned = " ".join(fold(text).replace("d/c", "dc").split()).strip(" ,;:?!.")
    if re.search(r"(^|\s)-\s*\d", cleaned):
        return Invalid("Số không được âm.")
    numbers = re.findall(r"\d+(?:[.,]\d{3})*", cleaned)
    if len(numbers) > 1:
        return Invalid("Chỉ gõ một số thôi ạ.")
    rest = re.sub(r"\d+(?:[.,]\d{3})*", " ", cleaned).split()
    if not numbers and rest and rest[0] in _WORDS:
        numbers, rest = [str(_WORDS[rest[0]])], rest[1:]
    if len(numbers) == 1 and all(word in _FILLER for word in rest):
        return int(re.sub(r"[.,]", "", numbers[0]))
    return Invalid("Cần một con số, ví dụ: 25.")


def _one_date(day: str, month: str, year: str | None, today: date) -> date | Invalid:
    number = int(year) if year else today.year
    if number < 100:
        number += 2000
    try:
        return date(number, int(month), int(day))
    except ValueError:
        return Invalid(f"Không có ngày {day}/{month}/{number}.")


def parse_dates(text: str, today: date) -> list[date] | Invalid:
    cleaned = _clean(text.replace(".", "/"))
    found: list[date] = []
    if "hom nay" in cleaned:
        found.append(today)
    if "hom qua" in cleaned:
        found.append(today - timedelta(days=1))
    for m in [*_DATE.finditer(cleaned), *_DATE_WORDS.finditer(cleaned)]:
        value = _one_date(m[1], m[2], m[3], today)
        if isinstance(value, Invalid):
            return value
        found.append(value)
    if not found:
        return Invalid("Cần ngày dạng ngày/tháng/năm, ví dụ: 15/3/2026.")
    return sorted(set(found))


def _check_date(q: Question, day: date, today: date) -> Invalid | None:
    if q.earliest and day < q.earliest:
        return Invalid(f"Ngày {day:%d/%m/%Y} sớm hơn {q.earliest:%d/%m/%Y}, xin xem lại.")
    if q.not_future and day > today:
        return Invalid(f"Ngày {day:%d/%m/%Y} chưa tới, xin xem lại.")
    return None


def option_choices(options: list[Option], prefix: str = "bc:v:") -> tuple[Choice, ...]:
    return tuple(Choice(f"{prefix}{o.value}", o.label) for o in options)


def _pick(options: list[Option], text: str, choice_value: str | None) -> str | Invalid:
    values = {o.value for o in options}
    if choice_value is not None and choice_value in values:
        return choice_value
    picked = match_choice(text, option_choices(options))
    if picked is not None:
        return picked.id.rsplit(":", 1)[-1]
    numbers = ", ".join(f"{i} = {o.label}" for i, o in enumerate(options, 1))
    return Invalid(f"Xin chọn một trong: {numbers}.")


def parse_selection(ids: list[str], text: str, noun: str = "mô hình") -> list[str] | Invalid:
    """Items chosen by number: "1, 3", "1 3 5"; "0" or "không" for none."""
    cleaned = _clean(text)
    if cleaned in _NONE:
        return []
    tokens = [t for t in re.split(r"[,;\s]+|\bva\b", cleaned) if t]
    if not tokens or not all(t.isdigit() for t in tokens):
        return Invalid(f"Xin gõ số thứ tự các {noun}, cách nhau dấu phẩy, ví dụ: 1, 3.")
    chosen: list[str] = []
    for token in tokens:
        number = int(token)
        if not 1 <= number <= len(ids):
            return Invalid(f"Không có {noun} số {number} (chỉ từ 1 đến {len(ids)}).")
        if ids[number - 1] not in chosen:
            chosen.append(ids[number - 1])
    return chosen


def _cross_checks(form: Form, q: Question, value: int, answers: dict[str, Any]) -> Invalid | None:
    for check in q.checks:
        other_id = check.le or check.ge or ""
        other = answers.get(other_id)
        if not isinstance(other, int):
            continue
        if (check.le and value > other) or (check.ge and value < other):
            message = check.message or f"Không khớp với «{form.question(other_id).short}»"
            return Invalid(f"{message} ({other}).")
    for p in form.questions:
        theirs = answers.get(p.id)
        if not isinstance(theirs, int):
            continue
        for check in p.checks:
            if (check.le == q.id and theirs > value) or (check.ge == q.id and theirs < value):
                return Invalid(
                    f"Đã ghi «{p.short}» là {theirs}, nên số này không thể là {value}. "
                    "Xin xem lại (hoặc sửa câu kia trước)."
                )
    return None


def parse_answer(
    form: Form,
    step: Step,
    models: list[Model],
    text: str,
    choice_value: str | None,
    answers: dict[str, Any],
    today: date,
) -> Any:
    """The value to store for ``step``, or an Invalid with the reason."""
    q = step.question
    if step.part == "status":
        return _pick(q.statuses, text, choice_value)
    if step.part == "result" or q.kind == "text":
        value = " ".join(text.split())
        if not value:
            return Invalid("Xin gõ câu trả lời.")
        if len(value) > q.max_length:
            return Invalid(f"Dài quá ({len(value)} ký tự), tối đa {q.max_length} ký tự.")
        return value
    if q.kind == "integer":
        number = parse_integer(text)
        if isinstance(number, Invalid):
            return number
        low = q.min if q.min is not None else 0
        if number < low or (q.max is not None and number > q.max):
            top = f" đến {q.max}" if q.max is not None else " trở lên"
            return Invalid(f"Số phải từ {low}{top}.")
        return _cross_checks(form, q, number, answers) or number
    if q.kind == "yes_no":
        if choice_value in {"yes", "no"}:
            return choice_value == "yes"
        value = yes_no(text)
        return Invalid("Xin trả lời «có» hoặc «không».") if value is None else value
    if q.kind == "choice":
        return _pick(q.options, text, choice_value)
    if q.kind == "multi_choice":
        return parse_selection([o.value for o in q.options], text, "lựa chọn")
    if q.kind == "model_status":
        return parse_selection([m.id for m in models], text)
    if q.kind == "date":
        days = parse_dates(text, today)
        if isinstance(days, Invalid):
            return days
        if not q.many and len(days) > 1:
            return Invalid("Chỉ gõ một ngày thôi ạ.")
        for day in days:
            problem = _check_date(q, day, today)
            if problem:
                return problem
        shown = [d.isoformat() for d in days]
        return shown if q.many else shown[0]
    return Invalid("Câu hỏi này chưa được hỗ trợ.")
