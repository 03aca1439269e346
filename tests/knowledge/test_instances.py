"""Questions asking which particular thing: answered only when the documents name one."""

from __future__ import annotations

import pytest

from handlers.context import Services
from knowledge.instances import instance_asked, names_instance


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Trường nào ở Nghi Dương được chọn làm trường học xhcn?", "trường"),
        ("htx nong nghiep nao o tan minh tham gia", "htx"),
        ("hợp tác xã kiểu mới ở nghi dương tên là gì", "hợp tác xã"),
        ("nghi dương có di tích, lễ hội nào", "di tích"),
        ("hội nghị ở kiến an tổ chức tại hội trường nào", "hội trường"),
        ("báo cáo viên nào trình bày nghị quyết", "báo cáo viên"),  # a person, by name
        ("mô hình môi trường nào ở tân minh", ""),  # "môi trường" is not a school
        ("tân minh xây dựng gia đình như thế nào", ""),  # "gia đình" is not a temple
        ("kế hoạch triển khai đến năm nào", ""),  # "đến" is not "đền"
        ("mh cơ sở kd thân thiện môi trường hạn chế sản phẩm gì", ""),  # asks the sort
    ],
)
def test_which_thing_a_question_asks_for(question: str, kind: str) -> None:
    assert instance_asked(question) == kind


@pytest.mark.parametrize(
    ("answer", "kind", "named"),
    [
        ("bảo tồn khu Di tích lịch sử Đền Mỗ, Miếu Đông", "di tích", True),
        ("duy trì các lễ hội truyền thống tiêu biểu Vật cầu, rước lợn", "lễ hội", True),
        ("Phối hợp: Bệnh viện Nhi Hải Phòng", "bệnh viện", True),
        ("bảo tồn di tích Ốc", "di tích", True),  # a capital with a circumflex and a tone
        ("mô hình “Công viên sinh thái sáng tạo nghệ thuật Thiên Văn”", "công viên", True),
        ("(3) “Trường học xã hội chủ nghĩa”: 01 Trường;\n(4) “Cơ sở …”", "trường", False),
        ("phát triển hợp tác xã kiểu mới", "hợp tác xã", False),
        ("“Cơ sở … thân thiện với môi trường” tại 05 Cơ sở", "trường", False),
    ],
)
def test_whether_an_answer_names_one(answer: str, kind: str, named: bool) -> None:
    assert names_instance(answer, kind, "nghi duong") is named


@pytest.mark.parametrize(
    "question",
    [
        "Trường nào ở Nghi Dương được chọn làm mô hình trường học xã hội chủ nghĩa?",
        "05 cơ sở kinh doanh dịch vụ thân thiện với môi trường ở Nghi Dương là những cơ sở nào?",
        "Hội nghị quán triệt Nghị quyết 05 của phường Kiến An tổ chức ở hội trường nào?",
        "báo cáo viên nào của thành phố nói ở hội nghị trực tuyến cẩm giàng",
    ],
)
def test_a_thing_the_documents_do_not_name_is_not_answered(
    services: Services, question: str
) -> None:
    result = services.searcher.search(question)
    assert (result.kind, result.reason) == ("abstain", "unnamed")


def test_a_thing_the_documents_name_is_answered(services: Services) -> None:
    result = services.searcher.search("nghi dương duy trì lễ hội truyền thống nào")
    assert result.kind in ("entry", "passage")
    text = result.entry.answer if result.entry else result.passage.text  # type: ignore[union-attr]
    assert "Vật cầu" in text
