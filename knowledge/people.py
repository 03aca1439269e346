"""Questions that ask who holds a post ("ai là chủ tịch …", "bí thư … là ai", "… tên là gì").

The documents name people only where they sign; such a question is answered only by an answer
that names a person right after that very post ("Bí thư Lương Văn Công"), not by one where a
deputy signs for the holder ("Phó Chủ tịch Bùi Quang Ngân ký … KT. Chủ tịch").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from knowledge.intent import asks_name
from knowledge.normalize import CAPITALS, analyze

POSTS = (
    "Chủ tịch",
    "Bí thư",
    "Giám đốc",
    "Trưởng ban",
    "Trưởng phòng",
    "Trưởng Công an",
    "Hiệu trưởng",
    "Chánh Văn phòng",
    "Chủ nhiệm",
    "Báo cáo viên",
)
# Common family names; those that also begin place names ("Hà Nội", "Cao Bằng", "Thái Bình")
# or everyday words ("Văn hóa") are left out.
SURNAMES = frozenset(
    {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"}
    | {"Hồ", "Ngô", "Dương", "Lý", "Lương", "Đinh", "Đào", "Trịnh", "Tạ", "Vương", "Lưu", "Tô"}
    | {"Đoàn", "Phùng", "Triệu", "Quách", "Nghiêm", "Khúc"}
)
_FOLDED_POSTS = [(post, f" {' '.join(analyze(post))} ") for post in POSTS]
_NAME = r"(?:" + "|".join(sorted(SURNAMES)) + rf")(?:\s+[{CAPITALS}][^\s,.;:]*){{1,3}}"


# "ai là chủ tịch", "chủ tịch … là ai", "họ tên bí thư", "đồng chí nào làm trưởng ban"; and
# "chủ tịch … tên là gì"
# (:func:`knowledge.intent.asks_name`)
_WHO_CUES = (" ai la ", " la ai ", " ho ten ", " dong chi nao ", " ong nao ", " ba nao ")
_HOLDS = (" ai lam", " ai giu chuc", " ai giu", " ai dam nhiem", " ai dam nhan", " nguoi nao lam")


# "ai ký", "người ký", "đồng chí nào ký", "ký bởi ai": the person who signed a document
_SIGNER_CUES = (" ai ky ", " nguoi ky ", " nao ky ", " ky boi ", " ky ten ", " ai da ky ")
_PERSON = re.compile(_NAME)


def asks_signer(tokens: list[str]) -> bool:
    """Whether a question (as normalised tokens) asks who signed a document."""
    text = f" {' '.join(tokens)} "
    return any(cue in text for cue in _SIGNER_CUES)


def names_person(answer: str) -> bool:
    """Whether ``answer`` names a person (a family name followed by capitalised words)."""
    return _PERSON.search(answer) is not None


class PostAsked(NamedTuple):
    """The post a question asks the holder of, and whether it asks for the deputy."""

    post: str
    deputy: bool


def post_asked(question: str) -> PostAsked | None:
    """The post whose holder the question asks for, if it asks that."""
    tokens = analyze(question)
    text = f" {' '.join(tokens)} "
    asked = any(cue in text for cue in _WHO_CUES) or asks_name(tokens)
    for post, folded in _FOLDED_POSTS:
        # "ai làm trưởng ban …", "ai giữ chức bí thư …": the post right after the cue
        if folded in text and (asked or any(f"{cue}{folded}" in text for cue in _HOLDS)):
            return PostAsked(post, f" pho{folded}" in text)
    return None


def names_holder(answer: str, asked: PostAsked) -> bool:
    """Whether ``answer`` names a person right after the post asked (deputy or not, as asked)."""
    deputy = r"Phó\s+" if asked.deputy else r"(?<!Phó\s)"
    pattern = rf"{deputy}(?i:{re.escape(asked.post)})\s+(?:[^\s]+\s+){{0,6}}?{_NAME}"
    return re.search(pattern, answer) is not None
