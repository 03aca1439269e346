"""Behaviour of the search's features, its logistic models and their fitting."""

from __future__ import annotations

import random

import pytest

from handlers.context import Services
from knowledge import intent
from knowledge.features import (
    FEATURES,
    PERCENT,
    QueryView,
    Weights,
    count_object,
    count_unmatched,
    counted_after_numbers,
    coverage,
)
from knowledge.normalize import analyze, chat_words, lexicon
from knowledge.reranker import Logistic, Reranker
from knowledge.search import Hit, Tuning, sure
from knowledge.training import _fold_half, fit, negatives

SKIP = lexicon().fillers | frozenset(lexicon().add)


def _query(words: list[str], links: dict[str, tuple[str, ...]]) -> QueryView:
    return QueryView(
        text=" ".join(words),
        words=tuple(words),
        pairs=tuple({p for ps in links.values() for p in ps}),
        links=links,
        corrected=frozenset(),
        accents={},
        places=frozenset(),
        numbers=frozenset(),
        asks=frozenset(),
        weight={w: 1.0 for w in words} | {p: 1.0 for ps in links.values() for p in ps},
    )


def test_word_coverage_requires_the_two_syllable_word_not_its_syllables_elsewhere() -> None:
    query = _query(["dan", "so", "xa"], {"dan": ("dan_so",), "so": ("dan_so",)})
    tokens = frozenset({"cong", "dan", "so", "luong", "xa"})
    w = Weights(max_idf=10.0)
    assert coverage(query, tokens, frozenset(), w) == 1.0  # syllables are all there
    assert coverage(query, tokens, frozenset(), w, frozenset({"cong_dan", "so_luong"})) == 1 / 3
    assert coverage(query, tokens, frozenset(), w, frozenset({"dan_so"})) == 1.0


def test_count_object_is_what_bao_nhieu_asks_to_count() -> None:
    # after "có": a number of things that exist, not a share of them
    assert count_object(analyze("Phường Kiến An có bao nhiêu đảng viên?"), SKIP) == (
        "=dang",
        "=dang_vien",
    )
    assert count_object(analyze("bao nhiêu đảng viên phải học"), SKIP) == ("dang", "dang_vien")
    assert count_object(analyze("yêu cầu bao nhiêu phần trăm cán bộ"), SKIP) == (PERCENT,)
    # kept abbreviations are passed over: "cb" is followed by its expansion "chi bộ"
    assert count_object(analyze("bao nhiêu cb, đv được học tập"), SKIP) == ("chi", "chi_bo")
    assert count_object(analyze("bộ máy chính quyền xây dựng thế nào"), SKIP) == ()


def test_an_answer_counts_what_follows_its_numbers_or_everything_it_lists() -> None:
    counted = counted_after_numbers("Giao 09 mô hình cho UBND xã.", analyze("Giao 09 mô hình"))
    assert "mo_hinh" in counted and "giao" not in counted
    assert PERCENT in counted_after_numbers("100% cán bộ", analyze("100% cán bộ"))
    listed = "Các mô hình gồm:\n- Chính quyền thân thiện\n- Trường học"
    counts = counted_after_numbers(listed, analyze(listed))
    assert not count_unmatched("truong_hoc", counts)  # "bao nhiêu trường học …": listed
    assert not count_unmatched("=mo_hinh", counts)  # "có bao nhiêu mô hình": what it lists
    assert count_unmatched("=truong_hoc", counts)  # "có bao nhiêu trường học": not a count


def test_a_share_answers_how_many_must_but_not_how_many_there_are() -> None:
    counts = counted_after_numbers("100% đảng viên được học tập", analyze("100% đảng viên"))
    assert not count_unmatched("dang_vien", counts)  # "bao nhiêu đảng viên phải học"
    assert count_unmatched("=dang_vien", counts)  # "có bao nhiêu đảng viên"


def test_logistic_weights_round_trip_by_feature_name(tmp_path) -> None:
    model = Reranker(
        Logistic(tuple(float(i) for i in range(len(FEATURES))), -1.0), Logistic.neutral()
    )
    path = tmp_path / "weights.yaml"
    model.save(path, note="test")
    assert Reranker.load(path) == model
    assert Logistic.neutral().probability([0.0] * len(FEATURES)) == 0.5


def test_fit_learns_which_feature_separates_the_classes() -> None:
    rng = random.Random(0)
    rows, labels = [], []
    for _ in range(400):
        label = rng.random() < 0.3
        row = [rng.random() for _ in FEATURES]
        row[0] = 0.8 + 0.2 * rng.random() if label else 0.5 * rng.random()
        rows.append(row)
        labels.append(int(label))
    model = fit(rows, labels, unused=("bm25",))
    assert model.weights[0] == max(model.weights)
    assert model.weights[FEATURES.index("bm25")] == 0.0


def test_cross_fitting_holds_out_phrasings_without_emptying_an_entry(services: Services) -> None:
    entry = services.kb.entries[0]
    for fold_no in (0, 1):
        indexed, asked = _fold_half(entry, fold_no)
        kept = {indexed.question, *indexed.paraphrases}
        assert kept and not kept & set(asked)
        assert kept | set(asked) == {entry.question, *entry.paraphrases}


def test_synthetic_negatives_are_not_questions_of_the_base(services: Services) -> None:
    asked = {q for e in services.kb.entries for q in (e.question, *e.paraphrases)}
    found = negatives(services.kb, services.kb.entries, random.Random(1))
    assert len(found) > 500
    assert all(n.target is None and n.question not in asked for n in found)


def test_near_domain_question_abstains_and_its_neighbour_is_answered(services: Services) -> None:
    searcher = services.searcher
    assert searcher.search("xã Tân Minh có bao nhiêu đảng viên").kind == "abstain"
    answered = searcher.search("kiến an yêu cầu bao nhiêu phần trăm đoàn viên đăng ký tiêu chí")
    assert answered.kind == "entry" and answered.entry and "100%" in answered.entry.answer


def test_hits_carry_their_features_and_are_ordered_by_both_models(services: Services) -> None:
    hits = services.searcher.rank("mô hình chính quyền thân thiện ở kiến an khi nào đạt chuẩn")
    assert hits and all(len(h.features) == len(FEATURES) for h in hits)
    ordered = [h.score * h.confidence for h in hits]  # both models: see Searcher._rank
    assert ordered == sorted(ordered, reverse=True)
    assert 0.0 <= hits[0].feature("word_coverage") <= 1.0


def test_a_locality_s_own_group_of_models_answers_for_that_locality(services: Services) -> None:
    # the city's economic models (Cẩm Giàng's appendix) are not Kiến An's
    result = services.searcher.search("mô hình nào thuộc lĩnh vực kinh tế ở phường kiến an")
    assert result.kind == "entry" and result.entry is not None
    assert "Phường đổi mới sáng tạo" in result.entry.answer


def test_a_candidate_the_ranker_singles_out_needs_a_less_sure_gate(services: Services) -> None:
    entry = services.kb.entries[0]
    tuning = Tuning()
    between = (tuning.answer_at_singled_out + tuning.answer_at) / 2
    assert sure(Hit(entry, score=0.9, confidence=between), tuning)
    assert not sure(Hit(entry, score=0.5, confidence=between), tuning)
    assert not sure(Hit(entry, score=0.9, confidence=tuning.answer_at_singled_out - 0.01), tuning)


def test_may_opening_a_question_marks_a_plural_not_a_count(services: Services) -> None:
    def asks(question: str) -> set[str]:
        return intent.asked(analyze(question), lexicon().fillers | chat_words(question))

    assert intent.COUNT in asks("xã Nghi Dương có mấy tiêu chí")
    assert intent.COUNT in asks("cho em hỏi mấy mô hình")  # closing the question, it counts
    assert intent.COUNT not in asks("cho em hỏi mấy mô hình đó là gì")
    # "Mấy phong trào …" is "the movements …": the entry naming them answers, with no number
    result = services.searcher.search(
        "Mấy phong trào an sinh mà Nghi Dương đẩy mạnh là phong trào gì thế anh?"
    )
    assert result.kind == "entry" and result.entry is not None
    assert result.entry.id == "nd-an-sinh-xa-hoi"


def test_gom_nhung_gi_asks_for_a_list_and_names_nothing(services: Services) -> None:
    # "gồm" is how a list is asked for; the word that matters is "hình thức", not "nội dung"
    result = services.searcher.search("cac hinh thuc tuyen truyen o cam giang gom nhung gi")
    assert result.kind == "entry" and result.entry is not None
    assert result.entry.id == "cg-tuyen-truyen-hinh-thuc"


def test_a_question_naming_a_locality_is_not_answered_from_another_one(
    services: Services,
) -> None:
    # the closest entry is Hải An's; asked of Kiến An, it may be suggested, never answered
    result = services.searcher.search("neu guong dien hinh o kien an")
    assert result.kind == "abstain"
    assert [e.id for e in result.suggestions][:1] == ["ha-ttdv-dang-tai-van-ban"]


def test_a_question_typed_as_an_entry_s_own_phrasing_gets_that_entry(services: Services) -> None:
    # each of Kiến An's four groups of models holds every word of this question too
    for question in ("kiến an có những mô hình nào", "kien an co nhung mo hinh nao"):
        result = services.searcher.search(question)
        assert result.entry is not None and result.entry.id == "ka-danh-sach-mo-hinh"


def test_typos_are_read_as_the_word_meant(services: Services) -> None:
    searcher = services.searcher
    fixed, corrected = searcher._correct(analyze("kế hạoch hành độg mô hìn"))
    assert fixed == ["ke", "hoach", "hanh", "dong", "mo", "hinh"]  # swapped, dropped letters
    assert corrected == {"hoach", "dong", "hinh"}
    # a filler word mistyped is read as that filler, not as a content word one edit away
    assert searcher._correct(analyze("xã khôg ma túy"))[0][1] == "khong"
    # a whole syllable the documents never use is not forced into a rare neighbour
    assert searcher._correct(analyze("nghi dương thờ ai"))[0][2] == "tho"


def test_a_question_saying_xa_or_phuong_is_about_that_kind_of_locality(
    services: Services,
) -> None:
    search = services.searcher.search
    unsaid = search("hdnd co nhiem vu gi trong thuc hien nq05")  # Cẩm Giàng's or Kiến An's
    assert unsaid.kind == "ambiguous"
    assert {e.id for e in unsaid.suggestions} == {"cg-hdnd-nhiem-vu", "ka-hdnd-giam-sat"}
    commune = search("hội đồng nhân dân xã có nhiệm vụ gì trong thực hiện nghị quyết 05")
    assert commune.entry is not None and commune.entry.id == "cg-hdnd-nhiem-vu"
    ward = search("hđnd phường có nhiệm vụ gì trong thực hiện nghị quyết 05")
    assert ward.entry is not None and ward.entry.id == "ka-hdnd-giam-sat"
    # "xã hội chủ nghĩa" is no commune: two communes' youth unions stay a choice
    assert search("mô hình chi đoàn xhcn ở xã do ai chủ trì").kind == "ambiguous"


def test_p_for_phuong_counts_as_phuong_whichever_way_a_paraphrase_wrote_it(
    services: Services,
) -> None:
    short = services.searcher.search("thường trực hđnd p. kiến an có nhiệm vụ gì với nq05")
    full = services.searcher.search("thường trực hđnd phường kiến an có nhiệm vụ gì với nq05")
    assert short.entry is not None and short.entry.id == "ka-hdnd-giam-sat"
    assert short.score == pytest.approx(full.score, abs=0.01)  # was 0.67 against 0.77


def test_a_missing_tone_on_a_closed_syllable_costs_nothing(services: Services) -> None:
    typo = services.searcher.search(
        "đảng ủy kiến an sơ kêt đánh giá nghị quyết 05 mấy tháng một lần"
    )
    right = services.searcher.search(
        "đảng ủy kiến an sơ kết đánh giá nghị quyết 05 mấy tháng một lần"
    )
    assert typo.entry is not None and typo.entry.id == "ka-so-ket-6-thang-hang-nam"
    assert typo.score == right.score


def test_a_typo_is_read_as_the_syllable_that_makes_the_commoner_word(services: Services) -> None:
    # "giao" is a commoner syllable than "giang", but "cẩm giàng" a commoner word than "giao có"
    fixed = services.searcher._correct(analyze("mặt trận tổ quốc xã cẩm giàg có vai trò gì"))[0]
    assert fixed[5:7] == ["cam", "giang"]
    result = services.searcher.search("Mặt trận xã Cẩm Giàg có giám sát, phản biện không")
    assert result.entry is not None and result.entry.id == "cg-mttq-giam-sat-phan-bien"


def test_a_typo_written_in_one_entry_s_paraphrases_is_still_corrected(services: Services) -> None:
    searcher = services.searcher
    assert "truen" in searcher._idf  # one of Hải An's paraphrases reads "tuyen truen"
    assert searcher._correct(analyze("hình thức tuyên truền"))[0][-1] == "truyen"
    result = searcher.search("hình thức tuyên truền nghị quyết ở xã Cẩm Giàng gồm những gì")
    assert result.entry is not None and result.entry.id == "cg-tuyen-truyen-hinh-thuc"
    # a chat word that the paraphrases of several entries use is kept as it is
    assert searcher._correct(analyze("họp lúc mấy giờ"))[0][-1] == "gio"


def test_a_chatty_question_is_answered_from_what_it_asks(services: Services) -> None:
    result = services.searcher.search(
        "Nghe bảo Nghi Dương muốn thành cực tăng trưởng gì đó phải không, cụ thể là cực nào vậy?"
    )
    assert result.entry is not None and result.entry.id == "nd-kinh-te-cuc-tang-truong"


def test_a_question_naming_the_document_finds_the_entries_drawn_from_it(
    services: Services,
) -> None:
    # the entry never says "Chương trình hành động": its document is one (documents.yaml kind)
    result = services.searcher.search(
        "Xã Nghi Dương xây dựng những mô hình nào theo Chương trình hành động?"
    )
    assert result.entry is not None and result.entry.id == "nd-cac-mo-hinh"
