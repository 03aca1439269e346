"""The pure planner: who is reminded, when, and never at night."""

from __future__ import annotations

from datetime import datetime

from scheduler.planner import Audience, Planned, Recipient, UnitInfo, plan
from scheduler.policy import DayWindow
from scheduler.service import default_calendar, default_policy
from tests.reminders.conftest import WINDOW, vn
from tests.support.clock import VN

SEC_A = Recipient("link:1", "telegram", "101", "secretary", "A", 1)
SEC_B = Recipient("link:2", "telegram", "102", "secretary", "B", 2)
OFFICE = Recipient("link:9", "telegram", "900", "admin", None, 9)
AUDIENCE = Audience(
    (UnitInfo("A", "Chi bộ A"), UnitInfo("B", "Chi bộ B"), UnitInfo("C", "Chi bộ C")),
    (SEC_A, SEC_B, OFFICE),
    frozenset(),
)


def _plan(at: datetime, audience: Audience = AUDIENCE, window: DayWindow = WINDOW) -> list[Planned]:
    return plan(default_calendar(), default_policy(), window, audience, at)


def _of(items: list[Planned], milestone: str, recipient: str) -> dict[str, str]:
    return {
        p.offset_id: f"{p.send_at.astimezone(VN):%d/%m %H:%M}"
        for p in items
        if p.milestone_id == milestone and p.recipient == recipient
    }


def test_a_cell_is_reminded_7_3_1_days_before_and_on_the_morning() -> None:
    items = _plan(vn("2026-05-23 12:00")) + _plan(vn("2026-05-27 12:00"))
    items += _plan(vn("2026-05-30 12:00"))
    assert _of(items, "quan-triet-nq05", "link:1") == {
        "t-7": "24/05 08:00", "t-3": "28/05 08:00", "t-1": "30/05 08:00", "t-0": "31/05 07:30",
        "qua-han-1": "01/06 08:00",
    }  # fmt: skip


def test_quarter_boundary_reminders_fall_in_the_right_quarter() -> None:
    items = _plan(vn("2026-06-28 12:00"))
    q2 = [p for p in items if p.milestone_id == "tien-do-quy" and p.recipient == "link:1"]
    assert {p.period for p in q2} == {"2026-Q2"}
    assert "(Quý II/2026)" in q2[0].text and "17:00 30/06/2026" in q2[0].text


def test_only_units_that_have_not_submitted_are_reminded() -> None:
    submitted = frozenset({("quan-triet-nq05", "once:quan-triet-nq05", "A")})
    done = Audience(AUDIENCE.units, AUDIENCE.recipients, submitted)
    items = _plan(vn("2026-05-23 12:00"), done)
    assert not _of(items, "quan-triet-nq05", "link:1")
    assert _of(items, "quan-triet-nq05", "link:2")


def test_night_offsets_wait_for_the_morning() -> None:
    short_day = DayWindow.from_text("09:00", "17:00")
    items = _plan(vn("2026-05-23 12:00"), window=short_day)
    assert _of(items, "quan-triet-nq05", "link:1")["t-7"] == "24/05 09:00"
    late = DayWindow.fit(WINDOW, vn("2026-05-24 22:30"))
    assert f"{late.astimezone(VN):%d/%m %H:%M}" == "25/05 07:00"


def test_the_office_digest_lists_who_has_not_reported_and_who_muted() -> None:
    muted_b = Recipient("link:2", "telegram", "102", "secretary", "B", 2, muted=True)
    audience = Audience(
        AUDIENCE.units,
        (SEC_A, muted_b, OFFICE),
        frozenset({("quan-triet-nq05", "once:quan-triet-nq05", "A")}),
    )
    items = _plan(vn("2026-05-30 16:00"), audience)
    digest = [p for p in items if p.kind == "digest" and p.milestone_id == "quan-triet-nq05"]
    assert len(digest) == 1 and digest[0].recipient == "link:9"
    text = digest[0].text
    assert "Chưa nộp: 2/3 đơn vị." in text
    assert "- Chi bộ B (bí thư đã tắt nhắc nhở)" in text
    assert "- Chi bộ C (chưa có bí thư liên kết)" in text
    assert "Chi bộ A" not in text
    assert not _of(items, "quan-triet-nq05", "link:2")  # muted: no reminder, but the office knows


def test_missed_reminders_collapse_to_the_latest_useful_one() -> None:
    items = _plan(vn("2026-05-29 10:00"))  # t-7 (24/05) and t-3 (28/05) both missed
    mine = [p for p in items if p.milestone_id == "quan-triet-nq05" and p.recipient == "link:1"]
    status = {p.offset_id: p.status for p in mine if p.send_at <= vn("2026-05-29 10:00")}
    assert status == {"t-3": "pending"}  # t-7 lies beyond the catch-up window
    after = _plan(vn("2026-06-03 10:00"))  # the deadline and the overdue follow-up have passed
    late = [p for p in after if p.milestone_id == "quan-triet-nq05" and p.recipient == "link:1"]
    assert late and all(p.status == "dropped" for p in late)
