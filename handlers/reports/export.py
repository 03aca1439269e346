"""The office's spreadsheet: one row per unit, one column per question, and a summary sheet."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from handlers.reports.calendar import VN, period_label
from handlers.reports.forms import FormSet, Question
from handlers.reports.render import value_text
from handlers.reports.tally import Tally, model_question
from storage.org import utc


def file_name(t: Tally, ext: str) -> str:
    return f"{t.form.id}_{t.period.key.replace(':', '-')}.{ext}"


def _cell(forms: FormSet, q: Question, value: Any) -> Any:
    """A question's answer as one spreadsheet cell (numbers stay numbers)."""
    if value is None:
        return None
    if q.kind == "integer":
        return value
    if q.kind == "model_status":
        names = {m.id: m.name for m in forms.models(q)}
        parts = []
        for model_id, item in value.items():
            status = value_text(forms, q, item.get("status"), "status")
            result = f" — {item['result']}" if item.get("result") else ""
            parts.append(f"{names.get(model_id, model_id)}: {status}{result}")
        return "; ".join(parts) or "Không tham gia"
    return value_text(forms, q, value)


def rows(forms: FormSet, t: Tally) -> tuple[list[str], list[list[Any]]]:
    """The unit table: headers and one row per expected unit."""
    headers = ["Mã đơn vị", "Tên đơn vị", "Trạng thái", "Thời gian gửi", "Nộp muộn", "Số lần sửa"]
    headers += [q.short for q in t.form.questions]
    table = []
    for unit in t.expected:
        report = t.reports.get(unit.code)
        row: list[Any] = [unit.code, unit.name]
        if report is None:
            row += ["Chưa báo cáo", None, None, None]
            row += [None] * len(t.form.questions)
        else:
            sent = utc(report.submitted_at).astimezone(VN).strftime("%d/%m/%Y %H:%M")
            row += ["Đã báo cáo", sent, "Có" if report.late else "Không", report.version - 1]
            row += [_cell(forms, q, report.answers.get(q.id)) for q in t.form.questions]
        table.append(row)
    return headers, table


def summary(forms: FormSet, t: Tally) -> list[list[Any]]:
    """The summary sheet: counts, totals, ratio, models by status."""
    lines: list[list[Any]] = [
        ["Biểu mẫu", t.form.title],
        ["Kỳ báo cáo", period_label(t.period)],
        ["Hạn nộp", t.deadline.strftime("%d/%m/%Y")],
        ["Số đơn vị phải báo cáo", len(t.expected)],
        ["Đã báo cáo", len(t.reported)],
        ["Nộp muộn", len(t.late)],
        ["Chưa báo cáo", len(t.missing)],
    ]
    for qid, total in t.totals.items():
        q = t.form.question(qid)
        lines.append([f"Tổng: {q.short if q else qid}", total])
    if (ratio := t.ratio()) is not None and t.form.ratio is not None:
        lines.append([f"{t.form.ratio.label} (%)", round(ratio[2], 1)])
    mq = model_question(t.form)
    if mq is not None:
        lines.append([])
        lines.append(["Mô hình (số đơn vị)", *[s.label for s in mq.statuses], "Cộng"])
        for model in forms.models(mq):
            counts = t.models.get(model.id, {})
            per = [counts.get(s.value, 0) for s in mq.statuses]
            lines.append([model.name, *per, sum(per)])
    return lines


def xlsx_bytes(forms: FormSet, t: Tally) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    headers, table = rows(forms, t)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(row)
    sheet.freeze_panes = "C2"
    totals = book.create_sheet("Tổng hợp")
    for line in summary(forms, t):
        totals.append(line)
    totals.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(forms: FormSet, t: Tally) -> bytes:
    """The unit table as CSV (UTF-8 with BOM so that Excel reads the diacritics)."""
    headers, table = rows(forms, t)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(table)
    return out.getvalue().encode("utf-8-sig")
