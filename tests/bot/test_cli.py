"""The command line as a newcomer and the office use it."""

from __future__ import annotations

import io
import json
import sys

import pytest

from bot.cli import main


@pytest.fixture(autouse=True)
def _database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str]:
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdin = sys.__stdin__
    return code, capsys.readouterr().out


def test_ask_json_prints_one_object_per_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "ask", "--json", stdin="nq05 ra doi khi nao\nnghị quyết 57 nói gì\n")
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert set(first) == {"question", "answer", "source", "score", "suggestions"}
    assert "14/01/2026" in first["answer"] and ".txt" in first["source"]
    assert second["answer"] is None and second["source"] is None


def test_ask_with_the_question_as_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "ask", "nq05", "ra", "doi", "khi", "nao")
    assert code == 0 and "14/01/2026" in out and "Nguồn:" in out


def test_ask_says_why_it_does_not_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "ask", "nghị quyết 57 nói gì")
    assert code == 0 and "chưa có tài liệu về Nghị quyết số 57" in out


def test_chat_reads_piped_lines_and_stops_at_thoat(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "chat", stdin="nq05 ra doi khi nao\n/thoat\nkhông được đọc\n")
    assert code == 0
    assert "14/01/2026" in out and "Tạm biệt" in out and "không được đọc" not in out


def test_unanswered_questions_are_listed_most_frequent_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "chat", stdin="giá vàng hôm nay\ngia vang hom nay\nxổ số miền bắc\n")
    code, out = run(capsys, "kb", "unanswered")
    lines = [line for line in out.splitlines() if "lần" in line]
    assert code == 0 and "2 lần" in lines[0] and "1 lần" in lines[1]


def test_kb_export_and_check(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "kb", "export", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) >= 200
    assert set(rows[0]) == {"id", "question", "answer", "source", "section"}
    code, out = run(capsys, "kb", "check")
    assert code == 0 and "Dữ liệu hợp lệ" in out


def test_kb_score_counts_right_answers_and_refusals(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    questions = tmp_path / "mine.yaml"
    questions.write_text(
        "- q: nq05 ra doi khi nao\n  facts: ['14/01/2026']\n"
        "- q: nq05 ra doi khi nao\n  facts: ['01/01/1999']\n"
        "- q: giá vàng hôm nay\n  out_of_scope: true\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "kb", "score", "--failures", str(questions))
    assert code == 0
    assert "mine.yaml: trả lời đúng 1/2 câu trong phạm vi (50.0%)" in out
    assert "từ chối 1/1 câu ngoài phạm vi (100.0%)" in out
    assert "01/01/1999" in out  # the failure is listed
