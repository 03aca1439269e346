"""The proper name of a model that a question gives after "mô hình".

People name a model as a title, with capitals: "Mô hình Chợ văn minh thương mại ở phường Hải
An do ai chủ trì?". When that name is nowhere in the documents, the model is not one of theirs,
and an answer about some other model of the place would mislead.
"""

from __future__ import annotations

import re
import unicodedata

from knowledge.normalize import CAPITALS, canonical_tones

# Words that end a name: where, whose, who, what is asked of it
_AFTER_NAME = re.compile(
    "ở|tại|của|do|có|là|được|thì|gồm|phải|nào|gì|ai|và|trong|theo|cho|khi|bao|mấy|đã|sẽ|đạt"
    "|triển|thực|xây|ra|nhằm|với|cần"
)
_TITLE = re.compile(
    rf"\b(?i:mô hình)\s+[\"“«]?([{CAPITALS}][^\s,;:?!.\"”»]*(?:\s+[^\s,;:?!.\"”»]+)*)"
)
_MAX_WORDS = 8


def model_title(question: str) -> str:
    """The name typed with a capital after "mô hình", up to the words that ask about it; ""
    when there is none ("mô hình nào", "mô hình chính quyền thân thiện" typed in lower case)."""
    text = unicodedata.normalize("NFC", canonical_tones(question))
    found = _TITLE.search(text)
    if found is None:
        return ""
    words = []
    for word in found.group(1).split()[:_MAX_WORDS]:
        if words and _AFTER_NAME.fullmatch(word.lower()):
            break
        words.append(word)
    return " ".join(words)
