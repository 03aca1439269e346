"""Reporting periods and their calendar arithmetic ("Quý II/2026" is 01/04–30/06/2026).

A period has a kind (month, quarter, half, year, once) and a key that sorts and reads well:
"2026-05", "2026-Q2", "2026-H1", "2026", "once:<form id>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["month", "quarter", "half", "year", "once"]
ROMAN = ("I", "II", "III", "IV")
_QUARTER_TEXT = re.compile(r"^\s*(?:quý|quy|q)\s*(IV|III|II|I|[1-4])\s*[/\-\s]\s*(\d{4})\s*$", re.I)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: first and last day included."""

    start: date
    end: date
    kind: PeriodKind
    key: str

    @property
    def label(self) -> str:
        """How people write it: "tháng 5/2026", "Quý II/2026", "năm 2026"…"""
        if self.kind == "month":
            return f"tháng {self.start.month}/{self.start.year}"
        if self.kind == "quarter":
            return f"Quý {ROMAN[(self.start.month - 1) // 3]}/{self.start.year}"
        if self.kind == "half":
            half = "đầu" if self.start.month == 1 else "cuối"
            return f"6 tháng {half} năm {self.start.year}"
        if self.kind == "year":
            return f"năm {self.start.year}"
        return f"đợt báo cáo đến {self.end:%d/%m/%Y}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def month(year: int, number: int) -> Period:
    return Period(date(year, number, 1), _month_end(year, number), "month", f"{year}-{number:02d}")


def quarter(year: int, number: int) -> Period:
    """Quarter ``number`` (1–4) of ``year``: Q2 is 01/04 to 30/06."""
    if not 1 <= number <= 4:
        raise ValueError(f"quý phải từ 1 đến 4: {number}")
    first = 3 * (number - 1) + 1
    return Period(date(year, first, 1), _month_end(year, first + 2), "quarter", f"{year}-Q{number}")


def half(year: int, number: int) -> Period:
    first = 1 if number == 1 else 7
    return Period(date(year, first, 1), _month_end(year, first + 5), "half", f"{year}-H{number}")


def year(number: int) -> Period:
    return Period(date(number, 1, 1), date(number, 12, 31), "year", str(number))


def once(form_id: str, start: date, due: date) -> Period:
    return Period(start, due, "once", f"once:{form_id}")


def period_of(kind: PeriodKind, day: date) -> Period:
    """The period of a kind that contains a day (not for "once")."""
    if kind == "month":
        return month(day.year, day.month)
    if kind == "quarter":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "half":
        return half(day.year, 1 if day.month <= 6 else 2)
    if kind == "year":
        return year(day.year)
    raise ValueError("kỳ một lần không tính theo ngày")


def following(period: Period) -> Period:
    """The next period of the same kind."""
    return period_of(period.kind, period.end + timedelta(days=1))


def parse_period(text: str) -> Period:
    """Read "2026-Q2", "Q2/2026", "Quý II/2026", "2026-05", "2026-H1", "2026"."""
    raw = text.strip()
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", raw, re.I):
        return quarter(int(m[1]), int(m[2]))
    if m := _QUARTER_TEXT.match(raw):
        number = ROMAN.index(m[1].upper()) + 1 if m[1].upper() in ROMAN else int(m[1])
        return quarter(int(m[2]), number)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
        return month(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})", raw):
        return month(int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{4})-H([12])", raw, re.I):
        return half(int(m[1]), int(m[2]))
    if re.fullmatch(r"\d{4}", raw):
        return year(int(raw))
    raise ValueError(f"không hiểu kỳ báo cáo «{text}» (ví dụ: 2026-Q2, Quý II/2026, 2026-05)")
