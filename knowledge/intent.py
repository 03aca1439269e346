"""What kind of answer a question expects (a time, a number, a body) and what an answer offers.

A question that asks "khi nào" is not well answered by a text without any date, nor "bao nhiêu" by
one without any number: the search uses this to doubt a lexically close but unfitting answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from knowledge.normalize import analyze, canonical_tones

TIME, COUNT, WHO, NAME = "time", "count", "who", "name"
# precise answers: a whole date, a quarter, a percentage
DAY, QUARTER, PERCENT, WEEKDAY = "day", "quarter", "percent", "weekday"
MONTH = "month"

_ASKS = {
    TIME: (
        " khi nao ",
        " bao gio ",
        " ngay nao ",
        " thang nao ",
        " nam nao ",
        " quy nao ",
        " luc nao ",
        " thoi gian ",
        " thoi han ",
        " han chot ",
        " may gio ",
        " tien do ",
        " den bao gio ",
    ),
    COUNT: (" bao nhieu ", " so luong ", " ty le ", " phan tram ", " bn ", " bao nhiu "),
    WHO: (" ai ", " co quan nao ", " don vi nao ", " to chuc nao ", " ban nao ", " ai chu tri "),
}
_TIME_ANSWER = re.compile(
    r"\b(?:d\d{8}|m\d{6}|q[1-4]|q[1-4]y\d{4}|20\d\d|\d+h|hang thang|hang quy|hang nam|dinh ky"
    r"|cuoi nam|thang|quy|giai doan)\b"
)
_WHO_ANSWER = re.compile(
    r"\b(?:uy ban|ban|dang uy|dang bo|chi bo|dong chi|phong|trung tam|mat tran|doan|hoi dong"
    r"|bi thu|cong an|truong|tram|van phong|thuong truc|cap uy|hiep hoi|to chuc|can bo)\b"
)
# "… tên là gì", "tên gọi", "mang tên gì": the name of something, which an answer gives in
# quotation marks (“Chính quyền thân thiện”)
_NAME_CUES = (" ten la gi ", " ten gi ", " ten goi ", " ten la ", " mang ten ", " co ten ")
_QUOTED = re.compile(r"[“\"«][^”\"»\n]{3,}[”\"»]")
_NUMBER_WORDS = re.compile(r"\b(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi)\b")


# "(hôm / ngày …) thứ mấy": a day of the week, unless "thứ mấy" numbers something else
# ("tiêu chí thứ mấy", "mô hình thứ mấy")
_WEEKDAY_ASKED = re.compile(r"(?:^| )(?:ngay|hom) (?:\S+ ){0,8}thu (?:may|nao|bao nhieu)(?: |$)")
_WEEKDAY_ANSWER = re.compile(r"\b(?:thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)\b")

_OTHER_QUESTION = frozenset({"gi", "nao", "sao", "ai", "dau"})


def asked(tokens: list[str], padding: frozenset[str] = frozenset()) -> set[str]:
    """The kinds of answer a question (as normalised tokens) asks for. ``padding``: words a
    question may open with before it starts ("cho em hỏi")."""
    text = f" {' '.join(tokens)} "
    kinds = {kind for kind, cues in _ASKS.items() if any(cue in text for cue in cues)}
    # "mấy" counts ("có mấy mô hình"), except opening a question that asks something else of
    # them, where it marks a plural ("Mấy mô hình giữ an ninh … là mô hình gì")
    start = next((i for i, t in enumerate(tokens) if t == "may" or t not in padding), 0)
    rest = tokens[start + 1 :]
    plural = tokens[start : start + 1] == ["may"] and not _OTHER_QUESTION.isdisjoint(rest)
    if _WEEKDAY_ASKED.search(text):  # "hôm thứ mấy" asks a day, not a count
        kinds.add(TIME)
    if " may " in f" {' '.join(rest if plural else tokens)} " and TIME not in kinds:
        kinds.add(COUNT)
    return kinds


def asks_name(tokens: list[str]) -> bool:
    """Whether a question asks for the name of something ("hợp tác xã đó tên là gì")."""
    text = f" {' '.join(tokens)} "
    return any(cue in text for cue in _NAME_CUES)


# Questions that only a precise answer answers: "ngày nào" a whole date (14/01/2026), "quý mấy"
# a quarter (Quý II/2026), "tỷ lệ" a percentage (100%), "tháng mấy" a month (tháng 5/2026).
_EXACT_CUES = {
    DAY: (" ngay nao ", " ngay may ", " hom nao ", " ngay bao nhieu ", " ngay cu the "),
    QUARTER: (" quy nao ", " quy may ", " quy bao nhieu "),
    PERCENT: (" ty le ", " ti le ", " phan tram "),
    MONTH: (" thang may ", " thang nao ", " thang bao nhieu "),
}
_EXACT_ANSWER = {
    DAY: re.compile(r"\bd\d{8}\b"),
    QUARTER: re.compile(r"\bq[1-4]\b"),
    PERCENT: re.compile(r"\bp\d+\b"),
    MONTH: re.compile(r"\bd\d{8}\b|\bm\d{6}\b|\bthang \d{1,2}\b"),  # a date names its month
}


# What a question may ask of its subject that an entry may declare its document silent on
# (``Entry.unstated``), by the words that ask it.
ASPECT_CUES = {
    "number": (" so hieu ", " so ky hieu ", " ky hieu ", " mang so ", " so may ", " so bao nhieu "),
    "date": (*_EXACT_CUES[DAY], " ngay thang ", " khi nao ", " bao gio "),
    "names": (" ten ",),
    "lead": (
        " chu tri ",
        " ai ",
        " co quan nao ",
        " don vi nao ",
        " ban nao ",
        " phu trach ",
        " dau moi ",
    ),
    "funding": (" kinh phi ", " ngan sach ", " nguon tien ", " bao nhieu tien "),
    "models": (" mo hinh ",),
    # what a listed item means in detail ("nội hàm … được giải thích thế nào"), not where it is
    "explained": (" giai thich ", " dien giai ", " noi ham cu the ", " noi ham chi tiet "),
}
_WHERE = (" o dau ", " nam dau ", " xem dau ", " tim dau ", " phu luc nao ")
_ASK_WORDS = frozenset({"gi", "nao", "sao", "ai", "dau", "may"})
_DOCUMENT_WORDS = (" ke hoach ", " chuong trinh ", " van ban ", " de an ")
_OF_A_DOCUMENT = frozenset({"number", "date"})
# "… thực hiện nghị quyết (ban hành) ngày nào", "số hiệu nq là gì": the date or number asked
# is the resolution's
_RESOLUTION_DATED = re.compile(
    r" (?:nghi quyet|de an|huong dan)(?: ban hanh| ky| ra| duoc)* (?:ngay|khi nao|bao gio|so) "
    r"| (?:so hieu|ky hieu)(?: cua)? (?:nghi quyet|de an|huong dan) "
)


def aspects_asked(
    tokens: list[str],
    refs: set[tuple[str, str]],
    parts: Sequence[str] = (),
) -> tuple[frozenset[str], ...]:
    """What a question that asks one thing ("cơ quan nào chủ trì …", "tên … là gì", "kế hoạch
    số mấy", "cho em xin tên …") asks of its subject, as a 1-tuple. A question that asks
    several things gets the aspects of each of its ``parts`` (:func:`knowledge.parts.parts`,
    analysed only then) when each part asks one thing ("số mấy, ngày nào"), else nothing, as
    some of them may be answered. A question
    naming a document by its number (``refs``) asks that document's date, not that of an
    unnumbered plan; Nghị quyết 05 counts only when the question names no other document ("kế
    hoạch quán triệt Nghị quyết 05 số mấy" asks the plan's number), and "thực hiện nghị quyết
    ngày nào" or "ghi số hiệu nghị quyết là gì" asks the resolution's."""
    if _asks(tokens) > 1:
        analysed = [analyze(part) for part in parts]
        each = tuple(_aspects_of(part, refs) for part in analysed if _asks(part) == 1)
        if len(each) < 2 or len(each) != len(analysed) or not all(each):
            return ()
        return each
    found = _aspects_of(tokens, refs)
    return (found,) if found else ()


def unstated_asked(asked: tuple[frozenset[str], ...], unstated: frozenset[str]) -> frozenset[str]:
    """The aspects asked (:func:`aspects_asked`) that an entry declares its document silent on,
    when every part of the question asks one of them; else nothing."""
    if not asked or not all(part & unstated for part in asked):
        return frozenset()
    return frozenset().union(*asked) & unstated


_ONE_DATE = re.compile(r" ngay (?:may|nao) thang (?:may|nao) ")  # "ngày mấy tháng mấy": a date


def _asks(tokens: list[str]) -> int:
    """How many question words the tokens hold ("gì", "nào", "ai", "bao nhiêu" …); "ngày mấy
    tháng mấy" asks one thing, a date."""
    words = sum(
        t in _ASK_WORDS or (t == "bao" and tokens[i + 1 : i + 2] == ["nhieu"])
        for i, t in enumerate(tokens)
    )
    return words - len(_ONE_DATE.findall(f" {' '.join(tokens)} "))


def _aspects_of(tokens: list[str], refs: set[tuple[str, str]]) -> frozenset[str]:
    """The aspects a question (or a part of one) that asks one thing asks."""
    text = f" {' '.join(tokens)} "
    aspects = {kind for kind, cues in ASPECT_CUES.items() if any(c in text for c in cues)}
    if any(where in text for where in _WHERE):  # "giải thích chi tiết … xem ở đâu"
        aspects.discard("explained")
    others = refs - {("nq", "5")}
    if (
        others
        or (refs and not any(word in text for word in _DOCUMENT_WORDS))
        or _RESOLUTION_DATED.search(text)
    ):
        aspects -= _OF_A_DOCUMENT
    return frozenset(aspects)


def asks_exactly(tokens: list[str]) -> frozenset[str]:
    """The precise answers a question asks for: a day, a month, a quarter, a percentage, a
    weekday."""
    text = f" {' '.join(tokens)} "
    kinds = {kind for kind, cues in _EXACT_CUES.items() if any(c in text for c in cues)}
    if _WEEKDAY_ASKED.search(text):
        kinds.add(WEEKDAY)
    return frozenset(kinds)


def offered(answer: str, tokens: list[str]) -> set[str]:
    """The kinds of answer a text gives."""
    text = " ".join(tokens)
    kinds = set()
    if _TIME_ANSWER.search(text):
        kinds.add(TIME)
    plain = unicodedata.normalize("NFC", canonical_tones(answer).lower())
    if any(t.isdigit() or re.fullmatch(r"p\d+", t) for t in tokens) or _NUMBER_WORDS.search(plain):
        kinds.add(COUNT)
    if _WHO_ANSWER.search(text):
        kinds.add(WHO)
    if _QUOTED.search(answer):
        kinds.add(NAME)
    kinds.update(kind for kind, found in _EXACT_ANSWER.items() if found.search(text))
    if _WEEKDAY_ANSWER.search(plain):
        kinds.add(WEEKDAY)
    return kinds
