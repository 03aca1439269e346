"""Questions about places and topics the documents do not cover get no answer; theirs do."""

from __future__ import annotations

import pytest

from handlers.context import Services
from handlers.qa import why_not_answered


@pytest.mark.parametrize(
    "question",
    [
        "Hà Nội triển khai nghị quyết 05 thế nào",
        "tp hcm có mô hình nào",
        "quang ninh co mo hinh nha o xa hoi chu nghia khong",
    ],
)
def test_a_place_outside_the_documents_is_refused(services: Services, question: str) -> None:
    result = services.searcher.search(question)
    assert (result.kind, result.reason) == ("abstain", "other_place")


@pytest.mark.parametrize(
    "question",
    [
        "nghi duong kinh te phat trien theo huong nao",  # not "Dương Kinh"
        "Mục tiêu kinh tế của xã Nghi Dương là gì?",
        "tan minh hoc tap tu tuong hcm the nao",  # Hồ Chí Minh's thought, not the city
    ],
)
def test_the_documents_own_names_are_not_other_places(services: Services, question: str) -> None:
    assert services.searcher.search(question).reason != "other_place"


@pytest.mark.parametrize(
    "question",
    [
        "dân số xã nghi dương là bao nhiêu người",
        "dan so phuong kien an bao nhieu",
        "công viên thiên văn kiến an có bán vé vào cửa không",
        "trụ sở ubnd xã tân minh ở đâu",
        "xã nghi dương được sáp nhập từ những xã nào",
        "so dien thoai dang uy xa cam giang",
        "đv được miễn sinh hoạt đảng khi nào",  # "miễn" is not corrected into "biên"
        "cá nhân làm tốt mô hình cnxh được thưởng bao nhiêu tiền",  # no sums of money
        "công viên thiên văn ở kiến an khi nào khánh thành",
        "tiêu chuẩn công nhận gia đình văn hóa là gì",  # nor what earns recognition
        "ai thẩm định mô hình chính quyền thân thiện ở kiến an",  # nor who appraises it
        "chi bộ chưa học xong nghị quyết trước tháng 5 được gia hạn không",  # nor extensions
        "mô hình chăm sóc sức khỏe học sinh kiến an khám mấy lần một năm",  # rhythms, not counts
        "hệ thống truyền thanh phường hải an phát tin nghị quyết mấy phút mỗi tuần",  # nor lengths
        "khu đô thị nhà ở xhcn ở kiến an có tổng mức đầu tư là bao nhiêu",  # nor investment
        "chi bộ ở tân minh báo cáo kết quả theo biểu mẫu nào",  # nor forms to fill in
        "truyền thanh phường hải an phát tin nghị quyết vào khung giờ nào",  # nor hours
    ],
)
def test_a_topic_the_documents_never_state_is_not_answered(
    services: Services, question: str
) -> None:
    assert services.searcher.search(question).kind == "abstain"


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Tân Minh nâng cao thu nhập bình quân đầu người bằng mô hình nào", "thu nhập"),
        ("hải an cổ động trực quan ở trụ sở phường và ở đâu nữa", "trụ sở"),
        ("mo hinh phuong trong diem quoc phong an ninh kien an xay dung luc luong gi", ""),
    ],
)
def test_a_topic_the_answer_states_is_answered(
    services: Services, question: str, fact: str
) -> None:
    result = services.searcher.search(question)
    assert result.kind == "entry" and result.entry is not None
    assert fact in result.entry.answer.lower()


def test_a_penalty_is_named_as_what_the_documents_do_not_state(services: Services) -> None:
    result = services.searcher.search("chi bo ko lam bao cao thi bi ky luat the nao")
    assert (result.reason, result.topic) == ("unstated_topic", "bị kỷ luật")


def test_the_reply_says_what_the_documents_do_not_state(services: Services) -> None:
    from handlers.qa import view

    result = services.searcher.search("dan so xa nghi duong bao nhieu")
    assert (result.reason, result.topic) == ("unstated_topic", "dân số")
    shown = view(services.kb, result)
    assert shown.answer is None


@pytest.mark.parametrize(
    "question",
    [
        "xã tân minh có mấy trường học",
        "Phường Hải An có bao nhiêu tổ dân phố?",
        "xa nghi duong co bao nhieu thon",  # not "(2) Thôn văn hóa kiểu mẫu" of a list
        "tiêu chí Đoàn viên XHCN ở kiến an gồm mấy tiêu chí",  # "gồm" counts as "có" does
    ],
)
def test_a_count_the_documents_never_give_is_not_answered(
    services: Services, question: str
) -> None:
    from handlers.qa import view

    result = services.searcher.search(question)
    assert (result.kind, result.reason) == ("abstain", "uncounted")
    assert view(services.kb, result).answer is None


def test_a_name_the_documents_never_give_is_not_answered(services: Services) -> None:
    result = services.searcher.search("hợp tác xã kiểu mới ở nghi dương tên là gì")
    assert (result.kind, result.reason) == ("abstain", "unnamed")


def test_a_name_the_answer_gives_is_answered(services: Services) -> None:
    result = services.searcher.search("mo hinh chinh quyen o xa tan minh ten la gi")
    assert result.kind == "entry" and result.entry is not None
    assert "“" in result.entry.answer or '"' in result.entry.answer


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("nghi dương có bn mô hình", "năm mô hình"),  # a number written in words
        ("bo tieu chi cnxh o xa nghi duong co may tieu chi", "tám tiêu chí"),
        ("bộ tiêu chí cnxh ở nghi dương gồm mấy tiêu chí", "tám tiêu chí"),
        ("thuế cơ sở mấy phối hợp mô hình ở kiến an", ""),  # "cơ sở mấy" counts nothing
    ],
)
def test_a_count_the_answer_gives_is_answered(
    services: Services, question: str, count: str
) -> None:
    result = services.searcher.search(question)
    assert result.kind == "entry" and result.entry is not None
    assert count in result.entry.answer


def test_a_year_given_as_part_of_a_month_is_mentioned(services: Services) -> None:
    question = (
        "đến tháng mấy năm 2026 thì 100% chi, đảng bộ trực thuộc kiến an quán triệt xong nq05"
    )
    result = services.searcher.search(question)
    assert result.kind == "entry" and result.entry is not None
    assert "Tháng 5/2026" in result.entry.answer


@pytest.mark.parametrize(
    ("unanswerable", "reason", "answerable", "given"),
    [
        (
            "hoi nghi quan triet nghi quyet 05 o xa tan minh to chuc ngay nao",
            "undated",
            "hội nghị trực tuyến ở cẩm giàng diễn ra hôm nào",
            "11/02/2026",
        ),
        (  # Tân Minh's programme sets no quarters; Kiến An's does
            "Mô hình Chính quyền cơ sở phục vụ Nhân dân ở xã Tân Minh triển khai vào quý mấy?",
            "unquartered",
            "mô hình chính quyền thân thiện ở kiến an triển khai quý nào",
            "Quý",
        ),
        (  # Nghi Dương gives a year for its mid-term review; Kiến An a month for studying
            "nghi dương tổ chức sơ kết giữa kỳ vào tháng mấy",
            "unmonthed",
            "phường kiến an phải hoàn thành quán triệt nghị quyết 05 trong tháng mấy",
            "Tháng 5/2026",
        ),
    ],
)
def test_a_day_month_or_quarter_the_documents_never_give_is_not_answered(
    services: Services, unanswerable: str, reason: str, answerable: str, given: str
) -> None:
    said = services.searcher.search(unanswerable)
    assert (said.kind, said.reason) == ("abstain", reason)
    # «… không nêu quý cụ thể này …»
    assert "cụ thể này" in (why_not_answered(said, services.kb) or "")
    found = services.searcher.search(answerable)
    assert found.kind == "entry" and found.entry is not None
    assert given in found.entry.answer


def test_a_close_candidate_gives_the_date_the_first_one_lacks(services: Services) -> None:
    # the programme's overview comes first but has no date; the entry on what it is based on has
    result = services.searcher.search(
        "chương trình hành động xã nghi dương thực hiện nghị quyết ngày nào"
    )
    assert result.kind == "entry" and result.entry is not None
    assert "14/01/2026" in result.entry.answer


def test_another_locality_s_plan_does_not_give_the_date_this_one_lacks(services: Services) -> None:
    # Nghi Dương's programme dates no conference; Cẩm Giàng's plan cites a guide of 28/01/2026
    question = "Hội nghị quán triệt nghị quyết 05 của Đảng ủy xã Nghi Dương tổ chức vào ngày nào"
    assert services.searcher.search(question).kind == "abstain"


def test_a_rate_is_answered_only_with_a_percentage(services: Services) -> None:
    given = services.searcher.search(
        "đến 2030 tỷ lệ cơ sở kinh doanh dịch vụ thân thiện môi trường ở kiến an là bao nhiêu"
    )
    assert given.kind == "entry" and given.entry is not None
    assert "50%" in given.entry.answer
    said = services.searcher.search(
        "tỷ lệ đoàn viên tham gia mô hình chi đoàn xhcn ở tân minh là bao nhiêu"
    )
    assert (said.kind, said.reason) == ("abstain", "unrated")
    assert "không nêu tỷ lệ này" in (why_not_answered(said, services.kb) or "")
    poor = services.searcher.search("ty le ho ngheo cua xa tan minh hien nay la bao nhieu")
    assert (poor.kind, poor.reason, poor.topic) == ("abstain", "unstated_topic", "hộ nghèo")


def test_an_amount_of_money_is_never_given(services: Services) -> None:
    said = services.searcher.search("mô hình chi đoàn xhcn ở Kiến An được cấp kinh phí bao nhiêu")
    assert (said.kind, said.reason) == ("abstain", "unstated_topic")


def test_chat_words_do_not_hide_a_colloquial_question(services: Services) -> None:
    result = services.searcher.search(
        "chi bộ tụi em bên Tân Minh cần làm gì với chương trình hành động này"
    )
    assert result.kind == "entry" and result.entry is not None
    assert "Tân Minh" in result.entry.answer


@pytest.mark.parametrize(
    ("question", "place", "key"),
    [
        ("Mô hình Thành phố âm nhạc ở xã Tân Minh do ai chủ trì?", "xã Tân Minh", "âm nhạc"),
        ("mo hinh chi doan xhcn o nghi duong ai phu trach", "xã Nghi Dương", "chi đoàn"),
        (
            "Tân Minh làm mô hình chính quyền thân thiện từ quý mấy",
            "xã Tân Minh",
            "chính quyền thân thiện",
        ),
    ],
)
def test_a_model_the_locality_does_not_have_is_refused(
    services: Services, question: str, place: str, key: str
) -> None:
    result = services.searcher.search(question)
    assert (result.kind, result.reason, result.place, result.topic) == (
        "abstain",
        "model_elsewhere",
        place,
        key,
    )


@pytest.mark.parametrize(
    "question",
    [
        "Nông nghiệp ở Nghi Dương phát triển theo mô hình gì?",  # not "mô hình nông nghiệp"
        "mô hình trường học xhcn ở nghi dương xây ở mấy trường",  # Nghi Dương has this one
        "mô hình xã phường hạnh phúc ở cẩm giàng giao cho ai",
        "mô hình chợ văn minh ở hải an",  # no catalogue for Hải An: not for this check
    ],
)
def test_a_model_the_locality_has_is_not_refused_as_missing(
    services: Services, question: str
) -> None:
    assert services.searcher.search(question).reason != "model_elsewhere"


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Mô hình Bến cảng xanh ở Kiến An triển khai khi nào", "Bến cảng xanh"),
        ("mô hình “Làng nghề truyền thống” ở xã Tân Minh do ai chủ trì?", "Làng nghề truyền thống"),
    ],
)
def test_a_model_named_nowhere_in_the_documents_is_refused_by_its_name(
    services: Services, question: str, name: str
) -> None:
    result = services.searcher.search(question)
    assert (result.kind, result.reason, result.topic) == ("abstain", "unknown_model", name)
    assert f"không có mô hình “{name}”" in (why_not_answered(result, services.kb) or "")


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        (
            "Mô hình Chính quyền thân thiệ ở xã Cẩm Giàng giao cho ai?",
            "cg-mh-chinh-quyen-than-thien",
        ),
        ("Mô hình Dân vận khéo ở Nghi Dương là gì", "nd-thi-dua-dan-van-kheo"),  # in the text
        ("Mô hình CNXH ở Tân Minh gồm những gì", "tm-danh-sach-mo-hinh"),
    ],
)
def test_a_model_name_the_documents_use_is_searched_as_usual(
    services: Services, question: str, entry_id: str
) -> None:
    result = services.searcher.search(question)
    assert result.entry is not None and result.entry.id == entry_id


def test_a_milestone_of_another_model_does_not_answer_for_the_one_named(
    services: Services,
) -> None:
    # Kiến An gives a "đạt chuẩn" quarter for Chính quyền thân thiện only
    result = services.searcher.search(
        "mô hình phường không ma túy ở kiến an phải đạt chuẩn vào quý nào"
    )
    assert result.kind == "abstain"
    assert "ka-mo-hinh-dat-chuan-quy-ii-2027" in {e.id for e in result.suggestions}


@pytest.mark.parametrize(
    ("question", "aspect", "shown"),
    [
        ("Tên 05 cơ sở kinh doanh thân thiện môi trường ở Nghi Dương là gì?", "names", "05 Cơ sở"),
        ("Ở Nghi Dương cơ quan nào chủ trì mô hình Câu lạc bộ văn hóa, văn nghệ?", "lead", "100%"),
        ("ctr hanh dong phuong kien an so may", "number", "Trần Quang Tuấn"),
        ("Kế hoạch của Đảng ủy xã Cẩm Giàng mang số hiệu bao nhiêu?", "number", "02 năm 2025"),
        ("Kinh phí thực hiện chương trình xã Tân Minh lấy từ nguồn nào?", "funding", "Tân Minh"),
        ("phường hải an có những mô hình gì", "models", "mô hình tiêu biểu"),
        # two things asked, the document gives neither
        ("kế hoạch tuyên truyền của phường hải an số mấy, ký ngày nào", "date", "Số: /KH-UBND"),
        ("kế hoạch tuyên truyền phường hải an ký ngày mấy tháng mấy", "date", "Số: /KH-UBND"),
        (  # the appendix that explains the criteria is not in the documents
            "nội hàm tiêu chí yêu nước trong phụ lục 1 nghi dương được giải thích cụ thể thế nào",
            "explained",
            "Phụ lục số 1",
        ),
    ],
)
def test_what_an_entry_says_its_document_leaves_out_is_refused_with_what_it_does_say(
    services: Services, question: str, aspect: str, shown: str
) -> None:
    said = services.searcher.search(question)
    assert (said.kind, said.reason, said.topic) == ("abstain", "not_stated", aspect)
    text = why_not_answered(said, services.kb) or ""
    # said first, by the refusal or by the answer itself ("… không ghi số hiệu …")
    first = text.splitlines()[0]
    assert any(says in first for says in ("không nêu", "không ghi", "không có mục", "để trống"))
    assert shown in text and "📄 Nguồn:" in text


@pytest.mark.parametrize(
    ("question", "given"),
    [
        # a question asking two things, one of them given
        ("mô hình clb văn hóa văn nghệ ở nghi dương có chỉ tiêu bao nhiêu, ai chủ trì", "100%"),
        # the date of a document named by its number, which the document gives
        ("kế hoạch 80-KH/ĐU của đảng ủy phường hải an ban hành ngày nào", "24/02/2026"),
        ("nghị quyết 05 ban hành ngày nào", "14/01/2026"),
        # the number and date of the resolution a programme cites, not the programme's own
        ("chương trình của đảng ủy xã nghi dương ghi số hiệu nghị quyết là gì, ngày nào", "14/01"),
        # where the criteria are explained, which the documents say
        (
            "muốn đọc giải thích chi tiết các tiêu chí con người xhcn của nghi dương thì xem ở đâu",
            "Phụ lục số 1",
        ),
    ],
)
def test_what_the_documents_do_give_is_still_answered(
    services: Services, question: str, given: str
) -> None:
    found = services.searcher.search(question)
    assert found.kind == "entry" and found.entry is not None
    assert given in found.entry.answer


@pytest.mark.parametrize(
    "question",
    [
        "Hội nghi trực tuyến ngày 11/02/2026 là thứ mấy vậy",
        "hoi nghi truc tuyen ngay 11/2 o cam giang roi vao thu may",
        "cho e hỏi hội nghị tiếp sóng trực tuyến bên Cẩm Giàng là hôm thứ mấy ạ",
    ],
)
def test_a_day_of_the_week_is_answered_by_the_entry_that_names_it(
    services: Services, question: str
) -> None:
    found = services.searcher.search(question)
    assert found.kind == "entry" and found.entry is not None
    assert "Thứ tư" in found.entry.answer


def test_thu_may_after_a_criterion_asks_its_number_not_a_weekday(services: Services) -> None:
    found = services.searcher.search("văn hóa lịch sử là tiêu chí thứ mấy ở nghi dương")
    assert found.kind == "entry" and found.entry is not None
    assert found.entry.answer.startswith("Tiêu chí thứ 2")
