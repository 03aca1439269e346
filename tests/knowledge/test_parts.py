"""A question that asks two things: its parts, and the entries added for them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from handlers.context import Services
from knowledge.evaluation import load_cases
from knowledge.normalize import analyze, with_pairs
from knowledge.parts import parts

DATA = Path(__file__).parent.parent / "data"


def test_a_question_splits_at_commas_question_marks_and_joining_words() -> None:
    assert parts("tân minh có mấy mô hình, ai chủ trì?") == [
        "tân minh có mấy mô hình",
        "ai chủ trì",
    ]
    assert parts("nq05 ban hành ngày nào và đề án 04 là gì") == [
        "nq05 ban hành ngày nào",
        "đề án 04 là gì",
    ]
    assert parts("nq05 ra doi khi nao") == []  # one part: nothing to add


def _ids(services: Services, question: str) -> tuple[str, list[str]]:
    result = services.searcher.search(question)
    assert result.entry is not None, question
    return result.entry.id, [e.id for e in result.more]


def test_each_part_of_a_question_gets_its_entry(services: Services) -> None:
    first, more = _ids(services, "tân minh có mấy mô hình, mô hình trường học xhcn ai chủ trì")
    assert (first, more) == ("tm-danh-sach-mo-hinh", ["tm-mo-hinh-truong-hoc-phan-cong"])


def test_a_part_that_names_no_subject_is_not_answered_from_an_unrelated_entry(
    services: Services,
) -> None:
    # "mục tiêu là gì" alone fits any of Kiến An's goals; only the chi đoàn's own entries count
    first, more = _ids(services, "ai chủ trì mô hình chi đoàn xhcn ở kiến an, mục tiêu là gì")
    assert {first, *more} == {"ka-chi-doan-xhcn-muc-tieu", "ka-chi-doan-xhcn-chu-tri"}


def test_a_part_whose_answer_the_reply_already_holds_adds_nothing(services: Services) -> None:
    # the chi bộ's six duties already include reporting (cg-chi-bo-bao-cao says it again)
    assert _ids(services, "chi bộ ở cẩm giàng phải làm gì, báo cáo thế nào") == (
        "cg-chi-bo-nhiem-vu",
        [],
    )


def test_a_question_of_one_part_gets_one_entry(services: Services) -> None:
    assert _ids(services, "tân minh có mấy mô hình")[1] == []


def test_a_part_scored_from_the_whole_question_ranks_as_if_scored_on_its_own(
    services: Services,
) -> None:
    # a part that is most of the question is scored as the whole question's scores less what
    # the part lacks: the entry it points to must be the one its own BM25 pass points to
    searcher = services.searcher
    for case in load_cases(DATA / "qa_testset.yaml"):
        _, query, _, whole = searcher._search(case.question)
        if query is None or not len(whole):
            continue
        for part in parts(case.question):
            # with the question's locality added, as the part search does: words it lacks
            tokens = analyze(" ".join((part, *sorted(query.places))))
            own = searcher._bm25(tokens)
            asked = Counter(with_pairs(list(query.text.split())))
            derived = searcher._part_scores(tokens, asked, whole)
            assert np.allclose(own, derived, atol=1e-3), part
            assert int(np.argmax(derived)) == int(np.argmax(own)), part
