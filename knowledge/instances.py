"""Questions that ask which particular thing ("trường nào", "hợp tác xã … tên là gì").

The documents often speak of a kind of thing without naming any ("01 Trường", "05 Cơ sở",
"phát triển hợp tác xã kiểu mới"). A question asking which one is answered only by an answer
that names one: the kind followed closely by a capitalised word, a number or a quotation ("di
tích Đền Mỗ", "Thuế cơ sở 5"), other than the words of the question itself ("Trường" in a
question about "Trường học xã hội chủ nghĩa" names no school).
"""

from __future__ import annotations

import re

from knowledge.normalize import CAPITALS, analyze, fold, surface_words, typed_with_diacritics

# Kinds of thing a place has many of, each of which has a proper name. Kinds people mostly ask
# the sort of ("sản phẩm gì": "sản phẩm nhựa dùng một lần"; "cá nhân nào": "có thành tích")
# are left out.
KINDS = (
    "trường",
    "hợp tác xã",
    "htx",
    "cơ sở",
    "doanh nghiệp",
    "công ty",
    "thôn",
    "tổ dân phố",
    "di tích",
    "đền",
    "chùa",
    "miếu",
    "đình",
    "lễ hội",
    "làng nghề",
    "chợ",
    "bệnh viện",
    "nhà văn hóa",
    "công viên",
    "khu công nghiệp",
    "cụm công nghiệp",
    "hội trường",
    "địa điểm",
    "báo cáo viên",
    "đồng chí",
)
# Typed without diacritics these could be other words ("den" đến, "cho" cho, "chua" chưa).
_NEED_ACCENTS = frozenset({"đền", "chùa", "miếu", "đình", "chợ"})
_PHRASE_END = ".,;:"
_AROUND = '“”"«».,;:()'  # quotation marks and punctuation around a word
_QUOTE_REACH = 15  # words of a quoted name after the kind
_REACH = 5  # words after the kind where its name may begin
_NAME = re.compile(rf"[{CAPITALS}0-9“\"«]")


# Syllables that make the kind part of another word: "môi trường", "thị trường", "nông thôn",
# "gia đình".
_PART_OF = ("môi", "moi", "thị", "thi", "hội", "hoi", "nông", "nong", "gia")
_NOT_AFTER = "".join(f"(?<!{syllable} )" for syllable in _PART_OF)


def _which(words: str) -> re.Pattern[str]:
    """ "<kind> [up to two words] nào|gì", or "<kind> [up to six words] tên (là) gì", in a text
    of space-separated words."""
    which = r"(?: \w+){0,2} (?:nào|nao|gì|gi)"
    named = r"(?: \w+){0,6} (?:tên|ten)(?: là| la)? (?:gì|gi)"
    return re.compile(rf"(?:^| ){_NOT_AFTER}{words}(?:{which}|{named})(?: |$)")


_ASKED = sorted(
    ((_which(re.escape(" ".join(analyze(kind)))), _which(re.escape(kind)), kind) for kind in KINDS),
    key=lambda k: -len(k[2]),
)


def instance_asked(question: str) -> str:
    """The kind of thing of which the question asks which one, or "". Typed with diacritics,
    the kind must be written with them ("đến năm nào" does not ask which temple)."""
    typed = surface_words(question).strip()
    accented = typed_with_diacritics(question)
    folded = " ".join(analyze(question))
    for unaccented, written, kind in _ASKED:
        if accented and written.search(typed):
            return kind
        if not accented and kind not in _NEED_ACCENTS and unaccented.search(folded):
            return kind
    return ""


def names_instance(answer: str, kind: str, question: str) -> bool:
    """Whether ``answer`` names a thing of that kind: the kind, then in the same phrase within
    a few words a capitalised word, a number or an opening quotation mark, other than a word of
    the question ("Thuế cơ sở 5", "di tích Đền Mỗ", "lễ hội truyền thống tiêu biểu Vật cầu")."""
    asked = set(fold(question).split())
    kind = fold(kind)
    return any(_names_in_line(line.split(), kind, asked) for line in answer.splitlines())


def _names_in_line(words: list[str], kind: str, asked: set[str]) -> bool:
    """:func:`names_instance` within one line of text (a name does not run across lines)."""
    folded = [fold(w).strip(_AROUND) for w in words]
    size = len(kind.split())
    for i in range(len(words) - size + 1):
        if " ".join(folded[i : i + size]) != kind:
            continue
        if i and folded[i - 1] in _PART_OF:  # "môi trường" is not a school
            continue
        # a quotation opening with the kind is a name when a proper name is in it:
        # “Công viên sinh thái … Thiên Văn”, not “Trường học xã hội chủ nghĩa”
        quoted = words[i][:1] in '“"«'
        if not quoted and words[i + size - 1][-1:] in _PHRASE_END:  # "01 Trường;"
            continue
        for word in words[i + size : i + size + (_QUOTE_REACH if quoted else _REACH)]:
            if _NAME.match(word) and fold(word).strip(_AROUND) not in asked:
                return True
            if quoted and word.rstrip(_PHRASE_END)[-1:] in '”"»':
                break
            if not quoted and word[-1:] in _PHRASE_END:  # the name comes in the same phrase
                break
    return False
