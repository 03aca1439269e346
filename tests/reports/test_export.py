"""The office's Excel file: one row per unit, one column per question, a summary sheet."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook

from bot.cli import main
from handlers.engine import Assistant
from storage.codes import issue_code, shown
from storage.db import transaction
from tests.reports.conftest import OFFICE, OTHER_SECRETARY, QUARTERLY, linked
from tests.support.clock import FakeClock
from tests.support.conversation import Conversation, run_script

SECOND_CELL = """
    > /baocao tiến độ
    > 40
    > 31
    > 3
    > 3
    > không
    > 1, 2
    > Đã hoàn thành
    > bỏ qua
    > 2
    > Đang làm
    > bỏ qua
    > bỏ qua
    > Thiếu kinh phí
    < Tóm tắt
    > Gửi báo cáo
    < ✅
"""


def _two_reports(secretary: Conversation, assistant: Assistant, clock: FakeClock) -> None:

    run_script(secretary, "> /baocao tiến độ\n" + QUARTERLY + "> Gửi báo cáo\n< ✅")
    with transaction(assistant.engine) as session:
        code, _ = issue_code(session, "secretary", "CB02", clock(), timedelta(hours=1), "test")
    other = Conversation(assistant, clock, OTHER_SECRETARY)
    run_script(other, f"> /dangky {shown(code)}\n< Chi bộ Tổ dân phố 2")
    run_script(other, SECOND_CELL)


def _check_workbook(data: bytes) -> None:
    book = load_workbook(io.BytesIO(data))
    sheet = book["Báo cáo"]
    header = [c.value for c in sheet[1]]
    rows = {
        row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    }
    assert set(rows) == {"CB01", "CB02"}  # the ward committee itself does not report
    first, second = rows["CB01"], rows["CB02"]
    assert (first["Số đảng viên"], first["Đã học tập, quán triệt"]) == (25, 20)
    assert (second["Số đảng viên"], second["Đã học tập, quán triệt"]) == (40, 31)
    assert first["Sinh hoạt chuyên đề"] == 1 and second["Sinh hoạt chuyên đề"] is None
    assert first["Thời gian gửi"] == "02/03/2026 08:00"
    assert (
        "Chính quyền thân thiện: Đang triển khai — Đã ra mắt tổ tự quản"
        in first["Mô hình tham gia"]
    )
    assert (
        second["Khó khăn, vướng mắc"] is None and second["Đề xuất, kiến nghị"] == "Thiếu kinh phí"
    )
    summary = {row[0]: row[1:] for row in book["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert summary["Đã báo cáo"][0] == 2 and summary["Nộp muộn"][0] == 0
    assert summary["Tổng: Số đảng viên"][0] == 65
    assert summary["Tổng: Đã học tập, quán triệt"][0] == 51
    assert summary["Tỷ lệ đảng viên đã học tập (%)"][0] == round(100 * 51 / 65, 1)
    # models × status: Chưa triển khai, Đang triển khai, Đã hoàn thành, Cộng
    assert summary["Chính quyền thân thiện"][:4] == (0, 1, 1, 2)
    assert summary["Thành phố thượng tôn và tuân thủ pháp luật"][:4] == (0, 1, 0, 1)
    assert summary["Thành phố văn minh, xã, phường hạnh phúc"][:4] == (0, 0, 1, 1)


def test_cli_export_matches_the_answers_sent(
    secretary: Conversation, assistant: Assistant, clock: FakeClock, tmp_path: Path,
    database_url: str, monkeypatch,
) -> None:  # fmt: skip
    _two_reports(secretary, assistant, clock)
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "quy1.xlsx"
    assert main(["report", "export", "--form", "tien-do-quy", "--period", "Quý I/2026",
                 "--out", str(out)]) == 0  # fmt: skip
    _check_workbook(out.read_bytes())
    csv_out = tmp_path / "quy1.csv"
    assert main(["report", "export", "--form", "tien-do-quy", "--period", "2026-Q1",
                 "--out", str(csv_out)]) == 0  # fmt: skip
    text = csv_out.read_text(encoding="utf-8-sig")
    assert "CB02,Chi bộ Tổ dân phố 2,Đã báo cáo" in text and ",40,31," in text


def test_admin_gets_the_same_file_in_chat(
    secretary: Conversation, assistant: Assistant, clock: FakeClock
) -> None:
    _two_reports(secretary, assistant, clock)
    admin = linked(assistant, clock, OFFICE, None)
    run_script(
        admin,
        """
        > /tonghop tiến độ
        < Đã báo cáo: 2/2 đơn vị (100%)
        < - Số đảng viên: 65 đồng chí
        < - Tỷ lệ đảng viên đã học tập: 51/65 = 78,5%
        < - Chính quyền thân thiện: Đang triển khai 1, Đã hoàn thành 1
        > /chuabaocao tiến độ
        < ✅ Tất cả 2 đơn vị đã báo cáo.
        > /xuat tiến độ
        < 📎 tien-do-quy_2026-Q1.xlsx
        """,
    )
    [reply] = admin.replies
    assert reply.filename == "tien-do-quy_2026-Q1.xlsx" and reply.document
    _check_workbook(reply.document)
