"""Import units from the office's CSV or XLSX file, with an error per row in Vietnamese.

Columns (header names with or without diacritics): "Mã đơn vị", "Tên đơn vị", optional "Loại"
(chi bộ, đảng bộ, đảng bộ bộ phận), "Mã cấp trên", "Hoạt động" (có/không). A file with any error
imports nothing; units not in the file are left as they are (nothing is deleted).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from knowledge.normalize import fold
from storage.org_tables import Unit

COLUMNS = {
    "code": {"ma", "ma don vi", "ma chi bo", "code"},
    "name": {"ten", "ten don vi", "ten chi bo", "name"},
    "kind": {"loai", "loai don vi", "kind"},
    "parent": {"ma cap tren", "cap tren", "truc thuoc", "parent", "parent code"},
    "active": {"hoat dong", "con hoat dong", "active"},
}
KINDS = {
    "": "chi_bo",
    "chi bo": "chi_bo",
    "chi_bo": "chi_bo",
    "dang bo": "dang_bo",
    "dang_bo": "dang_bo",
    "dang bo bo phan": "dang_bo_bo_phan",
    "dang_bo_bo_phan": "dang_bo_bo_phan",
}
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[list[str]]:
    """The cells of a .csv (UTF-8, comma or semicolon) or .xlsx file, as text."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        return [
            ["" if c is None else str(c).strip() for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        try:
            dialect: type[csv.Dialect] | str = csv.Sniffer().sniff(text[:2048], ",;\t")
        except csv.Error:  # a single column, or an empty file
            dialect = "excel"
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise ValueError(f"chỉ nhận tệp .csv hoặc .xlsx: {path.name}")


def _columns(header: list[str]) -> dict[str, int] | list[str]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = " ".join(fold(title).replace("_", " ").split())
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = index
    missing = [n for n, label in (("code", "Mã đơn vị"), ("name", "Tên đơn vị")) if n not in found]
    if missing:
        labels = {"code": "Mã đơn vị", "name": "Tên đơn vị"}
        return [f"Dòng 1: thiếu cột «{labels[m]}»" for m in missing]
    return found


def import_units(session: Session, path: Path) -> ImportResult:
    """Check every row, then add or update the units (only when no row has an error)."""
    result = ImportResult()
    try:
        rows = read_rows(path)
    except (ValueError, OSError) as exc:
        result.problems.append(f"Không đọc được tệp: {exc}")
        return result
    if not rows:
        result.problems.append("Tệp rỗng.")
        return result
    columns = _columns(rows[0])
    if isinstance(columns, list):
        result.problems.extend(columns)
        return result

    def cell(row: list[str], name: str) -> str:
        at = columns.get(name)
        return row[at].strip() if at is not None and at < len(row) else ""

    parsed: dict[str, tuple[int, str, str, str | None, bool]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        code, name = cell(row, "code").upper(), cell(row, "name")
        kind_text = " ".join(fold(cell(row, "kind")).split())
        parent = cell(row, "parent").upper() or None
        active_text = fold(cell(row, "active"))
        where = f"Dòng {number}"
        if not code:
            result.problems.append(f"{where}: thiếu mã đơn vị")
            continue
        if not CODE.match(code):
            result.problems.append(
                f"{where}: mã «{code}» chỉ gồm chữ không dấu, số, - và _ (tối đa 32 ký tự)"
            )
            continue
        if code in parsed:
            result.problems.append(f"{where}: mã «{code}» trùng với dòng {parsed[code][0]}")
            continue
        if not name:
            result.problems.append(f"{where}: thiếu tên đơn vị")
        elif len(name) > 200:
            result.problems.append(f"{where}: tên dài quá 200 ký tự")
        if kind_text not in KINDS:
            result.problems.append(
                f"{where}: loại «{cell(row, 'kind')}» không hợp lệ "
                "(chi bộ, đảng bộ, đảng bộ bộ phận)"
            )
        if active_text not in {"", "co", "x", "1", "khong", "0"}:
            result.problems.append(f"{where}: cột «Hoạt động» chỉ nhận «có» hoặc «không»")
        if parent == code:
            result.problems.append(f"{where}: đơn vị không thể trực thuộc chính nó")
        active = active_text not in {"khong", "0"}
        parsed[code] = (number, name, KINDS.get(kind_text, "chi_bo"), parent, active)
    for code, (number, _, _, parent, _) in parsed.items():
        if parent and parent != code and parent not in parsed and session.get(Unit, parent) is None:
            result.problems.append(
                f"Dòng {number}: mã cấp trên «{parent}» không có trong tệp và chưa được nhập"
            )
    if result.problems:
        return result
    for code, (_, name, kind, _, active) in parsed.items():
        unit = session.get(Unit, code)
        if unit is None:
            session.add(Unit(code=code, name=name, kind=kind, active=active))
            result.added += 1
        else:
            unit.name, unit.kind, unit.active = name, kind, active
            session.add(unit)
            result.updated += 1
    session.flush()
    for code, (_, _, _, parent, _) in parsed.items():
        unit = session.get(Unit, code)
        if unit is not None and unit.parent_code != parent:
            unit.parent_code = parent
            session.add(unit)
    session.flush()
    return result
