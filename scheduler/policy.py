"""The reminder policy (data the office edits) and the daytime window reminders are sent in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scheduler.calendar import DATA_DIR, CalendarError, parse_clock

_CLOCK = r"^\d{2}:\d{2}$"


class Offset(BaseModel):
    """When to remind, relative to the due day: ``before_days`` or ``after_days``, at a time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9-]{1,32}$")
    before_days: int | None = Field(default=None, ge=0, le=60)
    after_days: int | None = Field(default=None, ge=1, le=60)
    at: str = Field(pattern=_CLOCK)
    useful_hours: int = Field(default=48, ge=1)

    @model_validator(mode="after")
    def _one_side(self) -> Offset:
        if (self.before_days is None) == (self.after_days is None):
            raise ValueError("cần đúng một trong hai: before_days hoặc after_days")
        return self

    @property
    def overdue(self) -> bool:
        return self.after_days is not None

    def send_at(self, due_at: datetime, tz: ZoneInfo) -> datetime:
        """The planned moment (before quiet hours are applied), aware UTC."""
        days = -(self.before_days or 0) if not self.overdue else (self.after_days or 0)
        day = due_at.astimezone(tz).date() + timedelta(days=days)
        return datetime.combine(day, parse_clock(self.at), tzinfo=tz).astimezone(UTC)

    def label(self) -> str:
        if self.overdue:
            return f"quá hạn {self.after_days} ngày"
        if self.before_days == 0:
            return "sáng ngày đến hạn"
        return f"trước hạn {self.before_days} ngày"


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    due_time: str = Field(default="17:00", pattern=_CLOCK)
    reminders: tuple[Offset, ...]
    overdue: tuple[Offset, ...] = ()
    office_digest: tuple[Offset, ...] = ()
    office_duties: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    catch_up_hours: int = Field(default=72, ge=0)
    plan_ahead_hours: int = Field(default=48, ge=0)

    @model_validator(mode="after")
    def _known_ids(self) -> Policy:
        ids = [o.id for o in (*self.reminders, *self.overdue, *self.office_digest)]
        if len(ids) != len(set(ids)):
            raise ValueError("trùng id mốc nhắc")
        for name in (*self.office_duties, *self.members):
            if name not in {o.id for o in self.reminders}:
                raise ValueError(f"mốc nhắc «{name}» không có trong reminders")
        return self

    def offsets(self, names: tuple[str, ...]) -> tuple[Offset, ...]:
        return tuple(o for o in self.reminders if o.id in names)


def load_policy(path: Path | None = None) -> Policy:
    path = path or DATA_DIR / "policy.yaml"
    try:
        return Policy.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise CalendarError([f"{path.name}: không đọc được: {exc}"]) from exc
    except ValidationError as exc:
        problems = [
            f"{path.name}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        ]
        raise CalendarError(problems) from exc


@dataclass(frozen=True)
class DayWindow:
    """Daytime hours when messages may go out (local time); night ones wait for the morning."""

    start: time
    end: time
    tz: ZoneInfo

    @classmethod
    def from_text(cls, start: str, end: str, tz: str = "Asia/Ho_Chi_Minh") -> DayWindow:
        return cls(parse_clock(start), parse_clock(end), ZoneInfo(tz))

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz).time()
        return self.start <= local < self.end

    def fit(self, moment: datetime) -> datetime:
        """The moment itself if it is daytime, else the next opening (aware UTC)."""
        local = moment.astimezone(self.tz)
        if self.is_open(moment):
            return moment.astimezone(UTC)
        day = local.date() if local.time() < self.start else local.date() + timedelta(days=1)
        return datetime.combine(day, self.start, tzinfo=self.tz).astimezone(UTC)
