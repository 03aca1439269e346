"""The one normalisation shared by index and query: how people type must not matter."""

from __future__ import annotations

import pytest

from knowledge.normalize import (
    accented_forms,
    accented_words,
    analyze,
    canonical_tones,
    chat_words,
    content_tokens,
    document_refs,
    fold,
)


def same(a: str, b: str) -> bool:
    return analyze(a) == analyze(b)


def test_accents_and_d_are_folded() -> None:
    assert fold("Đảng ủy xã Tân Minh") == "dang uy xa tan minh"
    assert same("nghị quyết", "nghi quyet")


def test_old_and_new_tone_placement_read_the_same() -> None:
    assert canonical_tones("hoà thuỷ khoẻ") == canonical_tones("hòa thủy khỏe")
    assert same("Hoà bình", "hòa bình")


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("nq 05", "nghị quyết 5"),
        ("NQ05", "nghị quyết 5"),
        ("14-1-2026", "14/01/2026"),
        ("ngày 14 tháng 1 năm 2026", "14/01/2026"),
        ("quý 2/2026", "Quý II/2026"),
        ("q2 2026", "quý ii năm 2026"),
        ("quí II/2026", "Quý II/2026"),  # the old spelling
        ("triển khai qui mấy", "triển khai quý mấy"),
        ("100 phần trăm", "100%"),
        ("bn %", "bao nhiêu phần trăm"),
        ("14h", "14h00"),
        ("ubnd", "Ủy ban nhân dân"),
        ("cnxh", "chủ nghĩa xã hội"),
        ("xhcn", "xã hội chủ nghĩa"),
        ("ko biet j", "không biết gì"),
        ("ubnd xd xong thì bc", "ủy ban nhân dân xây dựng xong thì báo cáo"),
        ("mh cơ sở kd", "mô hình cơ sở kinh doanh"),
        ("vh xh", "văn hóa xã hội"),
        ("ct hđ", "chương trình hành động"),  # two tokens, one abbreviation
        ("ctr hđ", "chương trình hành động"),
        ("p. vh-xh phường hải an", "phòng văn hóa xã hội phường hải an"),  # an office's "p."
        ("p.vhxh", "phòng văn hóa xã hội"),
        ("do đ/c nào ký", "do đồng chí nào ký"),
        ("ktra gs", "kiểm tra giám sát"),
        ("tập trung kt, gs", "tập trung kiểm tra giám sát"),  # not kinh tế
        ("lĩnh vực ptkt", "lĩnh vực phát triển kinh tế"),
        ("kq thực hiện", "kết quả thực hiện"),
        ("bxd đảng", "ban xây dựng đảng"),
        ("mttq và các tc ct-xh", "mặt trận tổ quốc và các tổ chức chính trị - xã hội"),
        ("cq nào phối hợp", "cơ quan nào phối hợp"),  # how question writers use "cq"
        ("mh cq thân thiện", "mô hình chính quyền thân thiện"),  # the model's name
        ("cấp kp bn", "cấp kinh phí bao nhiêu"),
    ],
)
def test_forms_people_type_mean_the_same(typed: str, canonical: str) -> None:
    assert same(typed, canonical)


def test_ambiguous_abbreviation_keeps_the_syllable_and_adds_the_meaning() -> None:
    tokens = analyze("nhiệm vụ của đu")
    assert {"du", "dang", "uy"} <= set(tokens)
    assert {"xa", "phuong", "dang", "bo"} <= set(analyze("đb x. Nghi Dương, p. Kiến An"))


def test_document_numbers_are_read_with_their_kind() -> None:
    refs = document_refs("Nghị quyết số 05-NQ/TU, nq57, chỉ thị 35 và kế hoạch 2026-2030")
    assert refs == {("nq", "5"), ("nq", "57"), ("chithi", "35")}
    assert document_refs("mttq cẩm giàng làm đề án 2 mô hình thế nào") == set()


def test_numbers_written_before_their_kind_are_document_numbers_too() -> None:
    refs = document_refs("Quyết định 1234/QĐ-UBND và công văn 345/UBND-VP")
    assert refs == {("qd", "1234"), ("cv", "345")}
    assert document_refs("quyết định số 1520 ban hành khi nào") == {("qd", "1520")}
    assert document_refs("kế hoạch 2026 của xã, ngày 14/01/2026") == set()  # a year, a date


def test_ctr_hd_abbreviates_an_action_programme_not_a_guide() -> None:
    # "hđ" alone is a guide (hướng dẫn); after "ctr" it is the "hành động" of the programme
    assert document_refs("ctr hđ 09 của đu phường hải an ban hành ngày nào") == {("ctr", "9")}
    assert document_refs("ct hđ số 09") == {("ctr", "9")}
    assert document_refs("hđ 20 của ban tuyên giáo") == {("hd", "20")}


def test_chat_words_are_fillers_only_with_their_diacritics() -> None:
    assert chat_words("chi bộ tụi em bên Tân Minh thì cần làm gì vậy") >= {"tui", "ben", "thi"}
    assert "ben" not in chat_words("phat trien ben vung")  # "bền" without diacritics
    assert "hoi" not in chat_words("cho e hỏi hội nghị nào")  # "hỏi" and "hội" fold alike
    assert "minh" not in chat_words("xã Tân Minh")
    assert {"chi", "anh", "cai", "no"} <= chat_words("chị hỏi anh, cái đó nó là gì")
    assert "chi" not in chat_words("chi bộ thôn")
    assert "ma" in chat_words("phong trào mà Nghi Dương đẩy mạnh")  # "mà" links, it asks nothing


def test_chat_of_several_words_is_dropped_as_a_whole() -> None:
    said = chat_words("Nghe bảo Nghi Dương muốn thành cực tăng trưởng gì đó phải không?")
    assert {"nghe", "bao", "do", "phai"} <= said
    assert "hinh" not in chat_words("hình như mô hình này do xã chủ trì")  # "mô hình" stays
    assert chat_words("định kỳ nghe báo cáo tiến độ") == frozenset()  # not "nghe bảo"
    relayed = chat_words("Mấy bác trong thôn hỏi khẩu hiệu là gì, em quên mất, chỉ giúp em với")
    assert {"bac", "quen", "mat"} <= relayed and "thon" not in relayed


def test_a_word_typed_with_diacritics_is_not_an_abbreviation() -> None:
    assert analyze("ghi đủ giúp") == ["ghi", "du", "giup"]  # not "đu" = đảng ủy
    assert analyze("từ năm nào") == ["tu", "nam", "nao"]  # not "tu" = thành ủy
    assert analyze("đu xã, tu hp") == [
        "du",
        "dang",
        "uy",
        "xa",
        "tu",
        "thanh",
        "uy",
        "hai",
        "phong",
    ]
    assert "khong" not in analyze("quận Hồng Bàng")  # "hong" typed plain is "không"


def test_an_answer_holds_every_accented_word_even_those_that_fold_alike() -> None:
    # "có" and "cơ" both fold to "co": a question typed "có" finds its word in this answer
    assert {"có", "cơ", "sở"} <= accented_forms("Phường có mô hình cơ sở kinh doanh")
    assert "co" not in accented_forms("co so")  # typed without diacritics: no word told apart


def test_a_tone_no_syllable_can_have_tells_nothing_about_the_word() -> None:
    # a syllable closed by p, t, c, ch takes sắc or nặng only: "kêt" is "kết" mistyped
    typed = accented_words("sơ kêt định kỳ, tôt, học, lương")
    assert "ket" not in typed and "tot" not in typed
    assert typed["hoc"] == "học" and typed["luong"] == "lương"  # real words keep their accents


def test_words_that_ask_nothing_are_not_looked_for() -> None:
    asked = "em muốn biết việc phát triển nông nghiệp gồm những gì"
    assert content_tokens(analyze(asked)) == ["phat", "trien", "nong", "nghiep"]
    assert "cap" in content_tokens(analyze("cung cấp thông tin"))  # the pair stays searchable
    assert content_tokens(analyze("tuyen truyen truc quan lam nhu the nao")) == [
        "tuyen",
        "truyen",
        "truc",
        "quan",
    ]


def test_the_public_service_centre_is_abbreviated_in_several_ways() -> None:
    centre = "trung tâm dịch vụ sự nghiệp công"
    for typed in ("ttdvsnc", "ttdv snc", "trung tâm dvsnc", "ttdv sự nghiệp công", "tt dvsn công"):
        assert same(typed, centre), typed
