"""The calendar: milestones from the sources, quarter arithmetic, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.calendar import CalendarError, load_calendar, local_day
from scheduler.service import default_calendar
from tests.reminders.conftest import vn


def _due(milestone_id: str, period: str | None = None) -> str:
    calendar = default_calendar()
    occurrences = calendar.occurrences(vn("2025-01-01 00:00"), vn("2031-12-31 00:00"))
    for occ in occurrences:
        if occ.milestone.id == milestone_id and (period is None or occ.period.key == period):
            return local_day(occ.due_at)
    raise AssertionError(f"no occurrence {milestone_id} {period}")


def test_ships_the_deadlines_the_sources_set() -> None:
    assert _due("quan-triet-nq05") == "17:00 31/05/2026"  # "Tháng 5/2026" → last day of May
    assert _due("nd-so-ket-2026") == "17:00 31/12/2026"
    assert _due("nd-giua-ky-2027-2028") == "17:00 31/12/2028"
    assert _due("nd-tong-ket-2029-2030") == "17:00 31/12/2030"
    assert _due("so-ket-6-thang", "2026-H1") == "17:00 30/06/2026"
    assert _due("so-ket-nam", "2027") == "17:00 31/12/2027"
    assert _due("ka-phuong-khong-ma-tuy-trien-khai") == "17:00 31/03/2026"  # Quý I/2026
    assert _due("ka-cong-vien-thien-van-trien-khai") == "17:00 31/12/2026"  # Quý IV/2026
    assert _due("ka-chinh-quyen-than-thien-dat-chuan") == "17:00 30/06/2027"  # Quý II/2027


def test_quarterly_report_falls_due_on_each_quarters_last_day() -> None:
    assert _due("tien-do-quy", "2026-Q1") == "17:00 31/03/2026"
    assert _due("tien-do-quy", "2026-Q2") == "17:00 30/06/2026"
    assert _due("tien-do-quy", "2026-Q3") == "17:00 30/09/2026"
    assert _due("tien-do-quy", "2026-Q4") == "17:00 31/12/2026"
    assert _due("tien-do-quy", "2030-Q4") == "17:00 31/12/2030"


def test_every_milestone_cites_its_document() -> None:
    for milestone in default_calendar().milestones:
        assert milestone.source.file.endswith(".txt")
        assert milestone.source.section and milestone.source.quote


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "milestones.yaml"
    path.write_text("milestones:\n" + body, encoding="utf-8")
    return path


GOOD = """
  - id: x
    title: Báo cáo tiến độ hằng quý
    form: tien-do-quy
    owes: all_cells
    repeat: quarterly
    from: 2026-Q1
    until: 2026-Q4
    source:
      file: 003_7aa2ef119b9669d1.txt
      section: "1. Ban Thường vụ Đảng ủy phường"
      quote: "Định kỳ hàng quý nghe báo cáo tiến độ"
"""


def test_a_valid_file_loads(tmp_path: Path) -> None:
    assert len(load_calendar(_write(tmp_path, GOOD)).milestones) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("Định kỳ hàng quý nghe", "Định kỳ hàng tuần nghe"), "câu trích"),
        (("1. Ban Thường vụ Đảng ủy phường", "9. Không có mục này"), "không có trong nguồn"),
        (("Báo cáo tiến độ hằng quý", "Báo cáo trước ngày 15/07/2026"), "số liệu"),
        (("from: 2026-Q1", "from: 2026-05"), "kỳ loại quarter"),
        (("owes: all_cells", "owes: everyone"), "owes"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(CalendarError) as caught:
        load_calendar(_write(tmp_path, GOOD.replace(*change)))
    assert any(message in p and ": x" in p for p in caught.value.problems), caught.value.problems
