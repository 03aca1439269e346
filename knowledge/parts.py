"""The parts of a question that asks more than one thing.

People ask two things at once on a phone: "chi bộ phải làm gì, có phải đưa vào sinh hoạt
không?", "giai đoạn 2029-2030 làm gì, có đề xuất cho giai đoạn sau không ạ?". The search
answers the whole question first; each part is then searched on its own, so the answer can
add what another entry says about the second thing asked.
"""

from __future__ import annotations

import re

# commas, semicolons and question marks end a part; so do the words that join two questions
_BETWEEN_PARTS = re.compile(r"[,;?]|\s(?:hay|và|rồi|còn)\s", re.IGNORECASE)


def parts(question: str) -> list[str]:
    """The parts of ``question`` in order, or [] when it is one part only."""
    found = [part.strip() for part in _BETWEEN_PARTS.split(question)]
    found = [part for part in found if part]
    return found if len(found) > 1 else []
