"""A typed reply selects the pending choice the way a button would."""

from __future__ import annotations

import pytest

from handlers.choices import match_choice
from handlers.types import Choice

CHOICES = (
    Choice("ml:thanh-pho", "Thành phố Hải Phòng"),
    Choice("ml:nghi-duong", "Xã Nghi Dương"),
    Choice("ml:kien-an", "Phường Kiến An"),
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2", "ml:nghi-duong"),
        ("hai", "ml:nghi-duong"),
        ("số 3", "ml:kien-an"),
        ("phuong kien an", "ml:kien-an"),
        ("Xã Nghi Dương", "ml:nghi-duong"),
        ("xa nghi duog", "ml:nghi-duong"),
    ],
)
def test_number_word_or_label(typed: str, expected: str) -> None:
    picked = match_choice(typed, CHOICES)
    assert picked is not None and picked.id == expected


@pytest.mark.parametrize("typed", ["4", "0", "mười", "kien", "chi bộ phải làm gì"])
def test_anything_else_is_not_a_choice(typed: str) -> None:
    assert match_choice(typed, CHOICES) is None
