"""Who holds a post: answered only when the documents name that very holder."""

from __future__ import annotations

import pytest

from handlers.context import Services
from knowledge.normalize import analyze
from knowledge.people import PostAsked, asks_signer, names_holder, names_person, post_asked


def test_a_question_for_the_holder_of_a_post_is_recognised() -> None:
    assert post_asked("ai là chủ tịch ubnd phường hải an") == PostAsked("Chủ tịch", False)
    assert post_asked("pho chu tich ubnd phuong hai an la ai") == PostAsked("Chủ tịch", True)
    assert post_asked("Chủ tịch Ủy ban MTTQ xã Tân Minh tên là gì?") == PostAsked("Chủ tịch", False)
    assert post_asked("bí thư chi bộ có nhiệm vụ gì") is None
    assert post_asked("ai ký kế hoạch của đảng ủy xã cẩm giàng") is None
    # "ai làm / giữ chức" right before the post asks who holds it; elsewhere it asks who does
    assert post_asked("ai làm trưởng ban chỉ đạo ở tân minh") == PostAsked("Trưởng ban", False)
    assert post_asked("ai giu chuc bi thu dang uy xa") == PostAsked("Bí thư", False)
    assert post_asked("bí thư chi bộ ai làm báo cáo") is None


def test_a_deputy_signing_for_the_holder_does_not_name_the_holder() -> None:
    signed = "Phó Chủ tịch Bùi Quang Ngân ký.\nHình thức ký: TM. Ủy ban nhân dân, KT. Chủ tịch."
    assert not names_holder(signed, PostAsked("Chủ tịch", False))
    assert names_holder(signed, PostAsked("Chủ tịch", True))
    assert names_holder("Bí thư Lương Văn Công ký.", PostAsked("Bí thư", False))


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("ai là chủ tịch ubnd phường hải an", False),
        ("bi thu thanh uy hai phong la ai", False),
        ("bí thư đảng ủy xã nghi dương là ai", True),  # the programme's signer
        ("ai ký kế hoạch tuyên truyền của ubnd phường hải an", True),
        ("đồng chí nào làm trưởng ban xây dựng đảng đảng ủy xã nghi dương", False),
        ("báo cáo viên tại hội nghị trực tuyến ngày 11/02/2026 là đồng chí nào", False),
    ],
)
def test_only_a_named_holder_answers(services: Services, question: str, answered: bool) -> None:
    assert (services.searcher.search(question).kind == "entry") is answered


def test_who_signed_is_answered_by_an_entry_naming_the_signer(services: Services) -> None:
    assert asks_signer(analyze("đ/c nào ký kế hoạch"))
    assert asks_signer(analyze("ai ky chuong trinh hanh dong"))
    assert not asks_signer(analyze("đoàn viên đăng ký tiêu chí gì"))
    assert names_person("Ký: T/M Ban Thường vụ, Bí thư Nguyễn Văn Công.")
    assert not names_person("Ký: T/M Ban Thường vụ.")
    # the plan's overview comes first and names nobody; an entry naming the signer answers
    result = services.searcher.search(
        "ai ký kế hoạch quán triệt và tuyên truyền nq05 của đảng ủy xã cẩm giàng"
    )
    assert result.kind == "entry" and result.entry is not None
    assert "Nguyễn Văn Công" in result.entry.answer
