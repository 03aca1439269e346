"""Importing a city Q&A booklet ("Câu N: … / Trả lời: …") into a new, valid data file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from bot.wiring import build_searcher
from knowledge.booklet import import_booklet, parse_booklet
from knowledge.loader import DATA_DIR, SOURCES_DIR, load_knowledge

BOOKLET = """TÀI LIỆU HỎI VÀ ĐÁP
Câu 1: Mô hình "Trường học xã hội chủ nghĩa" nhằm mục đích gì?
Trả lời: Xây dựng trường học tiên tiến, hiện đại,
gắn với nâng cao chất lượng giáo dục - đào tạo.
Câu 2. Đảng viên cần làm gì để thực hiện Nghị quyết 05?
Trả lời: Gương mẫu nêu gương, tham gia sinh hoạt chi bộ định kỳ đầy đủ.
Câu 3: Câu này quên phần trả lời
Câu 4:
Trả lời: Không có câu hỏi
"""


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(SOURCES_DIR, sources)
    return data, sources


def test_questions_with_answers_are_read_and_problems_named() -> None:
    items, problems = parse_booklet(BOOKLET)
    assert [i.number for i in items] == [1, 2]
    assert items[0].answer == [
        "Xây dựng trường học tiên tiến, hiện đại,",
        "gắn với nâng cao chất lượng giáo dục - đào tạo.",
    ]
    assert problems == [
        "Câu 3: không thấy phần «Trả lời:»",
        "Câu 4: không có nội dung câu hỏi",
    ]


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx"])
def test_an_imported_booklet_loads_and_its_answers_cite_it(
    workspace: tuple[Path, Path], tmp_path: Path, suffix: str
) -> None:
    data, sources = workspace
    path = tmp_path / f"hoi-dap-nq05{suffix}"
    if suffix == ".docx":
        document = Document()
        for line in BOOKLET.splitlines():
            document.add_paragraph(line)
        document.save(str(path))
    else:
        path.write_text(BOOKLET, encoding="utf-8")

    report = import_booklet(path, data_dir=data, sources_dir=sources)

    assert report.imported == 2
    assert len(report.problems) == 2
    kb = load_knowledge(data, sources)  # strict: the new file passes validation
    imported = [e for e in kb.entries if e.source.file == report.source_file.name]
    assert [e.source.section for e in imported] == ["Câu 1", "Câu 2"]
    result = build_searcher(kb).search("dang vien can lam gi de thuc hien nghi quyet 05")
    assert result.entry is not None and result.entry.source.file == report.source_file.name
    assert "Tài liệu hỏi và đáp" in kb.source_line(result.entry.source.file, "Câu 2")


def test_importing_twice_does_not_overwrite(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    data, sources = workspace
    path = tmp_path / "hd.txt"
    path.write_text(BOOKLET, encoding="utf-8")
    import_booklet(path, data_dir=data, sources_dir=sources)
    again = import_booklet(path, data_dir=data, sources_dir=sources)
    assert again.imported == 0
    assert any("đã có" in p for p in again.problems)
