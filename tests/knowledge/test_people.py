"""Who holds a post: answered only when the documents name that very holder."""

from __future__ import annotations

import pytest

from handlers.context import Services
from knowledge.people import PostAsked, names_holder, post_asked


def test_a_question_for_the_holder_of_a_post_is_recognised() -> None:
    assert post_asked("ai là chủ tịch ubnd phường hải an") == PostAsked("Chủ tịch", False)
    assert post_asked("pho chu tich ubnd phuong hai an la ai") == PostAsked("Chủ tịch", True)
    assert post_asked("Chủ tịch Ủy ban MTTQ xã Tân Minh tên là gì?") == PostAsked("Chủ tịch", False)
    assert post_asked("bí thư chi bộ có nhiệm vụ gì") is None
    assert post_asked("ai ký kế hoạch của đảng ủy xã cẩm giàng") is None


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
