"""Form files and unit files are checked with errors that name the file, question or row."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine

from handlers.reports.forms import FormError, load_forms
from storage.db import transaction
from storage.org import all_units
from storage.unit_import import import_units

BROKEN = """
id: thu-nghiem
title: "Biểu mẫu thử"
short: "Thử"
period: once
start: 2026-01-01
totals: [ghi_chu]
questions:
  - id: so_dang_vien
    kind: integer
    text: "Bao nhiêu đảng viên?"
    short: "Số đảng viên"
    min: 10
    max: 5
  - id: da_hoc
    kind: integer
    text: "Bao nhiêu đã học?"
    short: "Đã học"
    checks: [{le: khong_co}]
  - id: ngay
    kind: date
    text: "Ngày nào?"
    short: "Ngày"
    when: {question: ke_hoach}
  - id: mo_hinh
    kind: model_status
    text: "Mô hình nào?"
    short: "Mô hình"
    catalog: sao-hoa
  - id: ghi_chu
    kind: text
    text: "Ghi chú?"
    short: "Ghi chú"
    bounds: 3
"""


def test_the_shipped_forms_load(services) -> None:
    forms = load_forms(services.kb.localities)
    assert {"quan-triet-nq05", "tien-do-quy"} <= set(forms.by_id)
    models = forms.models(forms.get("tien-do-quy").question("models"))
    assert len(models) == 11 and models[0].name == "Chính quyền thân thiện"


def test_a_broken_form_lists_every_problem_with_file_and_question(services, tmp_path: Path) -> None:
    (tmp_path / "thu.yaml").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_forms(services.kb.localities, tmp_path)
    assert caught.value.problems == [
        "thu.yaml: câu «ghi_chu», mục bounds: không có mục này (gõ nhầm tên?)"
    ]
    (tmp_path / "thu.yaml").write_text(BROKEN.replace("    bounds: 3\n", ""), encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_forms(services.kb.localities, tmp_path)
    problems = "\n".join(caught.value.problems)
    assert "thu.yaml: báo cáo một lần (period: once) phải có hạn nộp (due)" in problems
    assert "thu.yaml: câu «so_dang_vien»: min (10) lớn hơn max (5)" in problems
    assert "thu.yaml: câu «da_hoc»: kiểm tra chéo nhắc tới «khong_co»" in problems
    assert "thu.yaml: câu «ngay»: điều kiện nhắc tới câu «ke_hoach» chưa có" in problems
    assert "thu.yaml: câu «mo_hinh»: danh mục mô hình «sao-hoa» không có" in problems
    assert "thu.yaml: totals: «ghi_chu» không phải câu số" in problems


def test_forms_check_command_reports_the_problems(services: object, tmp_path: Path, capsys) -> None:
    from bot.cli import main

    (tmp_path / "thu.yaml").write_text("id: [", encoding="utf-8")
    assert main(["forms", "check", "--dir", str(tmp_path)]) == 1
    assert "thu.yaml: không đọc được YAML" in capsys.readouterr().err
    assert main(["forms", "check"]) == 0
    assert "tien-do-quy" in capsys.readouterr().out


CSV = """Mã đơn vị;Tên đơn vị;Loại;Mã cấp trên;Hoạt động
DB;Đảng bộ phường Kiến An;Đảng bộ;;có
cb01;Chi bộ Tổ dân phố 1;chi bộ;DB;
CB02;Chi bộ Tổ dân phố 2;;DB;không
"""


def test_units_import_from_csv_then_update_without_deleting(engine: Engine, tmp_path) -> None:
    path = tmp_path / "donvi.csv"
    path.write_text(CSV, encoding="utf-8")
    with transaction(engine) as session:
        result = import_units(session, path)
    assert (result.added, result.updated, result.problems) == (3, 0, [])
    path.write_text("ma,ten\nCB01,Chi bộ TDP số 1\n", encoding="utf-8")
    with transaction(engine) as session:
        result = import_units(session, path)
        units = {u.code: u for u in all_units(session)}
    assert (result.added, result.updated) == (0, 1)
    assert units["CB01"].name == "Chi bộ TDP số 1" and units["CB01"].parent_code is None
    assert not units["CB02"].active and units["DB"].kind == "dang_bo" and len(units) == 3


def test_units_import_from_xlsx_reports_every_bad_row_and_imports_nothing(
    engine: Engine, tmp_path
) -> None:
    book = Workbook()
    sheet = book.active
    for row in [
        ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã cấp trên"],
        ["CB01", "Chi bộ 1", "chi bộ", None],
        ["CB01", "Chi bộ trùng", None, None],
        [None, "Không có mã", None, None],
        ["CB 3", "Mã có dấu cách", None, None],
        ["CB04", None, "hội", "ZZ"],
        [None, None, None, None],
    ]:
        sheet.append(row)
    path = tmp_path / "donvi.xlsx"
    book.save(path)
    with transaction(engine) as session:
        result = import_units(session, path)
        assert all_units(session) == []
    assert result.problems == [
        "Dòng 3: mã «CB01» trùng với dòng 2",
        "Dòng 4: thiếu mã đơn vị",
        "Dòng 5: mã «CB 3» chỉ gồm chữ không dấu, số, - và _ (tối đa 32 ký tự)",
        "Dòng 6: thiếu tên đơn vị",
        "Dòng 6: loại «hội» không hợp lệ (chi bộ, đảng bộ, đảng bộ bộ phận)",
        "Dòng 6: mã cấp trên «ZZ» không có trong tệp và chưa được nhập",
    ]


def test_units_import_needs_the_code_and_name_columns(engine: Engine, tmp_path) -> None:
    path = tmp_path / "donvi.csv"
    path.write_text("Tên\nChi bộ 1\n", encoding="utf-8")
    with transaction(engine) as session:
        assert import_units(session, path).problems == ["Dòng 1: thiếu cột «Mã đơn vị»"]
    with transaction(engine) as session:
        problems = import_units(session, tmp_path / "donvi.txt").problems
    assert problems[0].startswith("Không đọc được tệp: chỉ nhận tệp .csv hoặc .xlsx")
