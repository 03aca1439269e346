"""The deadline calendar: milestones from the source documents, validated, and their occurrences.

Where a source gives only a month, quarter or year, the due moment is the last day of that period
at the policy's due time (``Period.end``); every milestone cites the document and section it
comes from, and the quoted sentence must stand in that document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.fidelity import describe, missing_figures, section_found
from scheduler import periods
from scheduler.periods import Period

DATA_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "calendar"
SOURCES_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "sources"
VN = ZoneInfo("Asia/Ho_Chi_Minh")

Repeat = Literal["once", "monthly", "quarterly", "half_yearly", "yearly"]
Owes = Literal["all_cells", "units", "office"]
_KIND: dict[str, periods.PeriodKind] = {
    "monthly": "month",
    "quarterly": "quarter",
    "half_yearly": "half",
    "yearly": "year",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class CalendarError(Exception):
    """The calendar or policy files have problems; ``problems`` names each milestone."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Lịch nhắc hạn có lỗi:\n" + "\n".join(problems))


class SourceRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    section: str = Field(min_length=1)
    quote: str = Field(min_length=1)


def _text(value: Any) -> Any:
    """YAML reads 2026 as a number and 2026-05-31 as a date: keep period texts as strings."""
    return value.isoformat() if isinstance(value, date) else (None if value is None else str(value))


class Milestone(BaseModel):
    """One deadline the sources set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(min_length=1, max_length=200)
    form: str | None = None
    report_period: str | None = None
    duty: str | None = None
    owes: Owes
    units: tuple[str, ...] = ()
    lead: str | None = None
    repeat: Repeat
    due: str | None = None
    from_: str | None = Field(default=None, alias="from")
    until: str | None = None
    time: str | None = Field(default=None, pattern=r"^\d{2}:\d{2}$")
    members: bool = False
    locality: str | None = None
    note: str | None = None
    source: SourceRef

    _coerce = field_validator("due", "from_", "until", "report_period", mode="before")(
        classmethod(lambda cls, v: _text(v))
    )

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("id chỉ gồm chữ thường không dấu, số và '-'")
        return value


@dataclass(frozen=True)
class Occurrence:
    """A milestone in one period, with its due moment (aware UTC)."""

    milestone: Milestone
    period: Period
    due_at: datetime

    @property
    def key(self) -> str:
        return f"{self.milestone.id}@{self.period.key}"

    @property
    def report_period(self) -> str:
        """The period key a Report row carries for this occurrence."""
        if self.milestone.repeat == "once" and self.milestone.report_period:
            return self.milestone.report_period
        return self.period.key


@dataclass(frozen=True)
class Calendar:
    milestones: tuple[Milestone, ...]
    due_time: time

    def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Every occurrence due in [start, end), soonest first."""
        found = [
            occ
            for m in self.milestones
            for occ in milestone_occurrences(m, self.due_time)
            if start <= occ.due_at < end
        ]
        return sorted(found, key=lambda o: (o.due_at, o.milestone.id))


def parse_clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _once_period(milestone: Milestone) -> Period:
    raw = milestone.due or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        day = date.fromisoformat(raw)
        return periods.once(milestone.form or milestone.id, day, day)
    return periods.parse_period(raw)


def milestone_periods(milestone: Milestone) -> list[Period]:
    """The periods a milestone falls due in (one for "once")."""
    if milestone.repeat == "once":
        return [_once_period(milestone)]
    kind = _KIND[milestone.repeat]
    first = periods.parse_period(milestone.from_ or "")
    last = periods.parse_period(milestone.until or "")
    if first.kind != kind or last.kind != kind:
        raise ValueError(f"from/until phải là kỳ loại {kind} cho repeat={milestone.repeat}")
    if last < first:
        raise ValueError("until đứng trước from")
    found, current = [], first
    while current <= last:
        found.append(current)
        current = periods.following(current)
    return found


def due_moment(period: Period, at: time) -> datetime:
    """The last day of the period at the due time, Vietnam time, as aware UTC."""
    return datetime.combine(period.end, at, tzinfo=VN).astimezone(UTC)


def milestone_occurrences(milestone: Milestone, default_time: time) -> list[Occurrence]:
    at = parse_clock(milestone.time) if milestone.time else default_time
    return [Occurrence(milestone, p, due_moment(p, at)) for p in milestone_periods(milestone)]


def check_milestone(milestone: Milestone, sources: dict[str, str]) -> list[str]:
    """Problems of one milestone: its rule, its period, its citation and its figures."""
    where = f"milestones.yaml: {milestone.id}"
    problems = []
    if (milestone.form is None) == (milestone.duty is None):
        problems.append(f"{where}: cần đúng một trong hai: form (biểu mẫu) hoặc duty (việc)")
    if milestone.owes == "units" and not milestone.units:
        problems.append(f"{where}: owes=units nhưng chưa có danh sách units")
    if milestone.repeat == "once" and not milestone.due:
        problems.append(f"{where}: mốc một lần cần due")
    if milestone.repeat != "once" and not (milestone.from_ and milestone.until):
        problems.append(f"{where}: mốc lặp lại cần from và until")
    try:
        milestone_periods(milestone)
    except ValueError as exc:
        problems.append(f"{where}: {exc}")
    text = sources.get(milestone.source.file)
    if text is None:
        return [*problems, f"{where}: tệp nguồn không có: {milestone.source.file}"]
    if not section_found(milestone.source.section, text):
        problems.append(f"{where}: mục “{milestone.source.section}” không có trong nguồn")
    if not section_found(milestone.source.quote, text):
        problems.append(f"{where}: câu trích “{milestone.source.quote}” không có trong nguồn")
    stated = " ".join(filter(None, [milestone.title, milestone.duty, milestone.source.quote]))
    if missing := missing_figures(stated, text):
        shown = ", ".join(describe(m) for m in missing)
        problems.append(f"{where}: số liệu không có trong nguồn: {shown}")
    return problems


def load_sources(sources_dir: Path = SOURCES_DIR) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(sources_dir.glob("*.txt"))}


def load_calendar(
    path: Path | None = None, due_time: time = time(17, 0), sources: dict[str, str] | None = None
) -> Calendar:
    """Read and validate the milestones; raise CalendarError listing every problem."""
    path = path or DATA_DIR / "milestones.yaml"
    sources = load_sources() if sources is None else sources
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CalendarError([f"{path.name}: không đọc được: {exc}"]) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("milestones"), list):
        raise CalendarError([f"{path.name}: cần khóa 'milestones' chứa danh sách mốc"])
    problems: list[str] = []
    milestones: list[Milestone] = []
    seen: set[str] = set()
    for i, item in enumerate(raw["milestones"]):
        label = item.get("id", f"#{i + 1}") if isinstance(item, dict) else f"#{i + 1}"
        try:
            milestone = Milestone.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"])
                problems.append(f"{path.name}: {label}: {loc}: {err['msg']}")
            continue
        if milestone.id in seen:
            problems.append(f"{path.name}: {milestone.id}: trùng id")
        seen.add(milestone.id)
        problems.extend(check_milestone(milestone, sources))
        milestones.append(milestone)
    if problems:
        raise CalendarError(problems)
    return Calendar(tuple(milestones), due_time)


def local_day(moment: datetime) -> str:
    """How users read a moment: "17:00 31/05/2026" (Vietnam time)."""
    return f"{moment.astimezone(VN):%H:%M %d/%m/%Y}"

