"""The knowledge files are validated at load, with every problem named by file and entry."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest
import yaml

from handlers.qa import NOT_STATED
from knowledge.intent import ASPECT_CUES
from knowledge.loader import DATA_DIR, SOURCES_DIR, KnowledgeError, load_knowledge
from knowledge.model import Unstated

SOURCE = "003_7aa2ef119b9669d1.txt"


def test_the_shipped_knowledge_base_is_valid_and_covers_every_document() -> None:
    kb = load_knowledge()
    assert len(kb.entries) >= 200
    cited = {e.source.file for e in kb.entries}
    assert set(kb.documents) <= cited
    assert {s.id for s in kb.criteria} == {"tieu-chi-cnxh", "tieu-chi-con-nguoi-xhcn"}
    assert [len(c.items) for c in kb.criteria] == [8, 5]
    assert sum(len(loc.models) for loc in kb.localities) == 11 + 5 + 14 + 8


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A knowledge data folder with the real documents list and no entries yet."""
    root = tmp_path / "data"
    (root / "entries").mkdir(parents=True)
    shutil.copy(DATA_DIR / "documents.yaml", root / "documents.yaml")
    return root


def entry(**changes: object) -> dict:
    base = {
        "id": "ka-han-quan-triet",
        "question": "Hạn quán triệt Nghị quyết 05 ở phường Kiến An?",
        "paraphrases": ["han quan triet nq05 kien an"],
        "answer": "Tháng 5/2026: 100% chi, đảng bộ trực thuộc hoàn thành việc quán triệt.",
        "source": {"file": SOURCE, "section": "1. Công tác tuyên truyền, quán triệt"},
    }
    base.update(changes)
    return base


def write(data_dir: Path, name: str, *entries: dict) -> None:
    (data_dir / "entries" / name).write_text(
        yaml.safe_dump({"entries": list(entries)}, allow_unicode=True), encoding="utf-8"
    )


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data_dir, SOURCES_DIR)
    return caught.value.problems


def test_a_valid_entry_loads(data_dir: Path) -> None:
    write(data_dir, "a.yaml", entry())
    assert [e.id for e in load_knowledge(data_dir, SOURCES_DIR).entries] == ["ka-han-quan-triet"]


def test_duplicate_ids_are_reported_with_both_files(data_dir: Path) -> None:
    write(data_dir, "a.yaml", entry())
    write(data_dir, "b.yaml", entry())
    assert any(
        "b.yaml: mục ka-han-quan-triet: trùng id với a.yaml" in p for p in problems(data_dir)
    )


def test_empty_fields_are_reported(data_dir: Path) -> None:
    write(data_dir, "a.yaml", entry(answer=""), entry(id="ka-khac", paraphrases=["ok", " "]))
    found = problems(data_dir)
    assert any("a.yaml: mục ka-han-quan-triet: answer" in p for p in found)
    assert any("a.yaml: mục ka-khac: paraphrases" in p for p in found)


def test_an_unknown_unstated_aspect_is_reported(data_dir: Path) -> None:
    write(data_dir, "a.yaml", entry(unstated=["lead", "giá vé"]))
    assert any("a.yaml: mục ka-han-quan-triet: unstated" in p for p in problems(data_dir))


def test_unknown_source_file_is_reported(data_dir: Path) -> None:
    write(data_dir, "a.yaml", entry(source={"file": "999_khong_co.txt", "section": "I."}))
    assert any("tệp nguồn không có: 999_khong_co.txt" in p for p in problems(data_dir))


def test_a_section_that_is_not_in_the_source_is_reported(data_dir: Path) -> None:
    write(data_dir, "a.yaml", entry(source={"file": SOURCE, "section": "9. Mục bịa ra"}))
    assert any("mục “9. Mục bịa ra” không có" in p for p in problems(data_dir))


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("Hạn là Tháng 6/2026.", "6/2026"),
        ("Hạn là ngày 30/05/2026.", "30/05/2026"),
        ("Phải đạt 95% chi bộ.", "95%"),
        ("Triển khai từ Quý I/2027.", "Quý I/2027"),
        ("Có 17 mô hình.", "17"),
    ],
)
def test_a_figure_the_source_does_not_state_fails_naming_file_and_entry(
    data_dir: Path, answer: str, shown: str
) -> None:
    write(data_dir, "a.yaml", entry(answer=answer))
    found = problems(data_dir)
    assert any(
        p.startswith("a.yaml: mục ka-han-quan-triet: câu trả lời có số liệu không có trong nguồn")
        and shown in p
        for p in found
    ), found


def test_an_unstated_topic_with_an_empty_side_is_reported(data_dir: Path) -> None:
    write(data_dir, "a.yaml", entry())
    (data_dir / "places.yaml").write_text(
        "unstated_topics:\n  - ' = bóng đá'\n  - 'đá với ='\n", encoding="utf-8"
    )
    found = [p for p in problems(data_dir) if "unstated_topics" in p]
    assert len(found) == 2 and "dấu =" in found[0]


def test_every_unstated_value_has_words_that_ask_it_and_a_refusal_that_names_it() -> None:
    # an office-editable value the search cannot recognise, or the reply cannot word, would
    # silently never refuse, or fail when it does
    assert set(get_args(Unstated)) == set(ASPECT_CUES) == set(NOT_STATED)
