"""Import a Q&A booklet ("Tài liệu hỏi và đáp") laid out as "Câu N: … / Trả lời: …".

The booklet's text is kept under ``knowledge/sources/`` (answers cite it and the fidelity check
reads it there) and its questions become a new entries file that the office can then curate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.loader import DATA_DIR, SOURCES_DIR
from knowledge.normalize import fold

_QUESTION = re.compile(
    r"^\s*(?:\*\*)?\s*Câu(?:\s+hỏi)?\s+(\d{1,4})\s*[:.)\-–]\s*(.*)$", re.IGNORECASE
)
_ANSWER = re.compile(
    r"^\s*(?:\*\*)?\s*(?:Trả\s+lời|Đáp|TL)\s*[:.\-–]\s*(?:\*\*)?\s*(.*)$", re.IGNORECASE
)


@dataclass
class ImportReport:
    """What an import did and what it could not read."""

    data_file: Path
    source_file: Path
    imported: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class _Item:
    number: int
    question: list[str] = field(default_factory=list)
    answer: list[str] | None = None


def read_text(path: Path) -> str:
    """Plain text of a .docx, .md or .txt booklet."""
    if path.suffix.lower() == ".docx":
        from docx import Document

        return "\n".join(p.text for p in Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8-sig")


def parse_booklet(text: str) -> tuple[list[_Item], list[str]]:
    """Questions with their answers, and the problems met (numbered as in the booklet)."""
    items: list[_Item] = []
    problems: list[str] = []
    for line in text.splitlines():
        line = line.strip().replace("**", "")
        if not line:
            continue
        if m := _QUESTION.match(line):
            items.append(_Item(int(m[1]), [m[2].strip()] if m[2].strip() else []))
        elif not items:
            continue
        elif (m := _ANSWER.match(line)) and items[-1].answer is None:
            items[-1].answer = [m[1].strip()] if m[1].strip() else []
        elif items[-1].answer is None:
            items[-1].question.append(line)
        else:
            items[-1].answer.append(line)
    good, seen = [], set()
    for item in items:
        where = f"Câu {item.number}"
        if item.number in seen:
            problems.append(f"{where}: số câu bị trùng, bỏ qua")
        elif not " ".join(item.question).strip():
            problems.append(f"{where}: không có nội dung câu hỏi")
        elif item.answer is None:
            problems.append(f"{where}: không thấy phần «Trả lời:»")
        elif not " ".join(item.answer).strip():
            problems.append(f"{where}: phần trả lời để trống")
        else:
            good.append(item)
        seen.add(item.number)
    if not items:
        problems.append("không tìm thấy câu nào theo mẫu «Câu N: …» / «Trả lời: …»")
    return good, problems


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:30] or "tai-lieu"


def _paraphrases(question: str) -> list[str]:
    plain = re.sub(r"[^\w\s]", " ", question.lower())
    plain = " ".join(plain.split())
    variants = [fold(plain), plain, fold(question.rstrip("?").strip())]
    return list(dict.fromkeys(v for v in variants if v)) or [fold(question)]


def import_booklet(
    path: Path, out: Path | None = None, data_dir: Path = DATA_DIR, sources_dir: Path = SOURCES_DIR
) -> ImportReport:
    """Parse a booklet, keep its text as a source and write its entries to a new data file."""
    text = read_text(path)
    slug = _slug(path.stem)
    source_file = sources_dir / f"hoidap_{slug}.txt"
    data_file = out or data_dir / "entries" / f"hoidap_{slug}.yaml"
    report = ImportReport(data_file, source_file)
    items, report.problems = parse_booklet(text)
    if not items:
        return report
    if data_file.exists():
        report.problems.append(f"{data_file} đã có; xóa hoặc chọn --out khác để nhập lại")
        return report
    entries = []
    for item in items:
        question = " ".join(item.question).strip()
        entries.append(
            {
                "id": f"hd-{slug}-{item.number}"[:59].rstrip("-"),
                "question": question,
                "paraphrases": _paraphrases(question),
                "answer": "\n".join(item.answer or []).strip(),
                "tags": ["hỏi đáp"],
                "source": {"file": source_file.name, "section": f"Câu {item.number}"},
            }
        )
    document = {
        "file": source_file.name,
        "title": f"Tài liệu hỏi và đáp ({path.name})",
        "short": f"Tài liệu hỏi và đáp ({path.stem})",
        "locality": "",
    }
    sources_dir.mkdir(parents=True, exist_ok=True)
    source_file.write_text(text, encoding="utf-8")
    data_file.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# Nhập tự động từ {path.name} bằng `nq05bot kb import`.\n"
        "# Hãy rà soát: thêm cách hỏi (paraphrases) theo cách người dùng hay gõ, và thẻ (tags).\n"
    )
    body = yaml.safe_dump(
        {"document": document, "entries": entries}, allow_unicode=True, sort_keys=False, width=100
    )
    data_file.write_text(header + body, encoding="utf-8")
    report.imported = len(entries)
    return report
