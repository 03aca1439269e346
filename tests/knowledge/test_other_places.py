"""Questions about places the documents do not cover are refused; the documents' own are not."""

from __future__ import annotations

import pytest

from handlers.context import Services


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
