"""Vietnamese text normalisation shared by the index and the query.

One function, :func:`analyze`, turns any text (a curated question, an answer, a source passage or
what a person typed on a phone) into the same kind of tokens: folded syllables (no diacritics,
đ → d), canonical numbers (05 → 5), dates (14-1-2026 = 14/01/2026), months, quarters (Quý II = q2),
percentages, clock times, and abbreviations expanded from ``data/abbreviations.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"

# Every capital letter of Vietnamese, for telling a name ("Đền Mỗ", "Ủy ban") from a word
CAPITALS = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ"
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}

_DATE = re.compile(r"\b(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})\b")
_DATE_WORDS = re.compile(r"\bngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*[/\-]\s*(\d{4})\b")
_MONTH_WORDS = re.compile(r"\bthang (\d{1,2}) nam (\d{4})\b")
_QUARTER = re.compile(
    r"\b(?:quy|qui|q)\s*(iv|iii|ii|i|[1-4])\b(?:\s*[/\-]\s*(\d{4})|\s+(?:nam\s+)?(\d{4}))?"
)
_PERCENT = re.compile(r"\b(\d{1,3})\s*(?:%|phan tram\b)")
_TIME = re.compile(r"\b(\d{1,2})\s*(?:h|gio)\s*(\d{2})?(?:\s*phut)?\b")
_DOC_NUMBER = re.compile(r"\b(\d{1,3})\s*-\s*([a-z]{1,6})\s*/\s*([a-z]{1,8})\b")
# "1234/QĐ-UBND", "345/UBND-VP": the number first, then the kind (or, for a công văn, the issuer)
_DOC_SLASHED = re.compile(r"\b(\d{1,5})\s*/\s*([a-z]{1,6})\s*-\s*[a-z]{1,10}\b")
_GLUED = re.compile(r"\b([a-z]{2,5})(\d{1,3})\b")
YEAR = re.compile(r"(?:19|20)\d\d")  # a year as a token ("2035")
_NON_WORD = re.compile(r"[^0-9a-z_]+")

_DOC_KINDS = {
    "nghi quyet": "nq",
    "nq": "nq",
    "de an": "da",
    "da": "da",
    "huong dan": "hd",
    "hd": "hd",
    "chuong trinh hanh dong": "ctr",
    "chuong trinh hd": "ctr",  # "ctr hđ 09": the programme, not a guide (hướng dẫn) 09
    "ctr hd": "ctr",
    "ct hd": "ctr",
    "ctrhd": "ctr",
    "cthd": "ctr",
    "chuong trinh": "ctr",
    "ctr": "ctr",
    "ke hoach": "kh",
    "kh": "kh",
    "chi thi": "chithi",
    "ket luan": "kl",
    "kl": "kl",
    "quyet dinh": "qd",
    "qd": "qd",
    "nghi dinh": "nd",
    "thong tu": "tt",
    "luat": "luat",
    "cong van": "cv",
    "thong bao": "tb",
    "tb": "tb",
}
_DOC_REF = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(k) for k in _DOC_KINDS), key=len, reverse=True))
    + r")[ \t]*(?:so[ \t]*)?(\d{1,4})\b(?![ \t]*[/\-.%]|[ \t]*phan tram"
    # "đề án 2 mô hình": a number of things, not a document's number
    + r"|[ \t]+(?:mo hinh|tieu chi|noi dung|nhiem vu|linh vuc|giai doan|muc tieu|giai phap"
    + r"|nhom|diem)\b)"
)


@dataclass(frozen=True)
class Lexicon:
    """Abbreviations that replace a token, that add an expansion, and filler words."""

    replace: dict[str, tuple[str, ...]]
    add: dict[str, tuple[str, ...]]
    fillers: frozenset[str]
    phrases: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    typed_fillers: frozenset[str] = frozenset()  # fillers only as typed with these diacritics
    chat_phrases: tuple[str, ...] = ()  # chat of several words, as typed ("nghe bảo", "gì đó")

    @cached_property
    def abbreviations(self) -> frozenset[str]:
        """Every token that ``replace`` or ``add`` expands."""
        return frozenset(self.replace) | frozenset(self.add)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the abbreviation dictionary kept as data."""
    raw = yaml.safe_load((DATA_DIR / "abbreviations.yaml").read_text(encoding="utf-8")) or {}

    def table(name: str) -> dict[str, tuple[str, ...]]:
        return {fold(str(k)): tuple(fold(str(v)).split()) for k, v in (raw.get(name) or {}).items()}

    phrases = {tuple(k.split()): v for k, v in table("phrases").items()}
    if any(len(words) != 2 for words in phrases):
        raise ValueError("abbreviations.yaml: each of `phrases` must be two words, as 'ct hd'")
    return Lexicon(
        replace=table("replace"),
        add=table("add"),
        fillers=frozenset(fold(str(w)) for w in raw.get("fillers") or ()),
        phrases=phrases,
        typed_fillers=frozenset(_typed(w) for w in raw.get("typed_fillers") or ()),
        chat_phrases=tuple(_typed(p) for p in raw.get("chat_phrases") or ()),
    )


def _typed(words: object) -> str:
    """Words of the lexicon as :func:`surface_words` gives them, without the padding."""
    return surface_words(str(words)).strip()


def canonical_tones(text: str) -> str:
    """Place tone marks one way for the open syllables "oa", "oe", "uy" (hoà → hòa, thuỷ → thủy).

    Vietnamese is written with two conventions for these syllables; the tone here always goes on
    the first vowel, so both spellings give identical text before any further processing.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _NEW_STYLE_TONE.sub(r"\1\3\2", decomposed))


# In decomposed text, new-style placement puts the tone after the last vowel of a final
# "oa"/"oe"/"uy" ("hoà" = h o a ◌̀); move it after the first vowel ("hòa"). "quý" is left alone.
_NEW_STYLE_TONE = re.compile(
    "(?<![qQ])([oOuU])([aAeEyY][\u0302\u0306]?)([\u0300\u0301\u0303\u0309\u0323])"
    "(?![\\w\u0300-\u036f])"
)


def _fold_table() -> dict[int, str]:
    """Each precomposed Latin letter mapped to its base letter (ế → e, Ư → U), and đ → d."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x1EFF + 1):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base.isalpha() and base != chr(code):
            table[code] = base
    for code in range(0x300, 0x370):  # stray combining marks
        table[code] = None  # type: ignore[assignment]
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case, NFKC, strip diacritics (đ → d)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.lower().translate(_FOLD)


def _num(value: str) -> str:
    return str(int(value))


def _special_forms(text: str) -> str:
    """Rewrite dates, months, quarters, times, percentages and document numbers as single tokens."""
    text = _DOC_NUMBER.sub(lambda m: f" {_num(m[1])} {m[2]} {m[3]} ", text)
    text = _DATE_WORDS.sub(lambda m: f" d{m[3]}{int(m[2]):02d}{int(m[1]):02d} ", text)
    text = _DATE.sub(lambda m: f" d{m[3]}{int(m[2]):02d}{int(m[1]):02d} ", text)

    def quarter(m: re.Match[str]) -> str:
        q = _ROMAN.get(m[1], m[1])
        year = m[2] or m[3]
        return f" quy q{q} " + (f"q{q}y{year} {year} " if year else "")

    text = _QUARTER.sub(quarter, text)
    text = _MONTH_WORDS.sub(lambda m: f" thang {_num(m[1])} m{m[2]}{int(m[1]):02d} ", text)
    text = _MONTH_YEAR.sub(lambda m: f" {_num(m[1])} m{m[2]}{int(m[1]):02d} ", text)
    text = _PERCENT.sub(lambda m: f" p{_num(m[1])} phan tram ", text)
    text = text.replace("%", " phan tram ")  # "bao nhiêu %"
    text = _TIME.sub(lambda m: f" {_num(m[1])}h ", text)
    return text


def _spelled_out(toned: str, raws: list[str], abbreviations: frozenset[str]) -> list[bool]:
    """For each raw token, whether it was typed with diacritics other than "đ": such a word is
    that word, not an abbreviation ("đủ", "từ", "Hồng" are not "đu", "tu", "hong" = không).
    Tokens are matched to the words as typed (``toned``: the text, tones placed one way) in
    order; tokens the rewriting of dates, quarters or percentages made up match none."""
    spelled = [False] * len(raws)
    if toned.isascii() or abbreviations.isdisjoint(raws):
        return spelled
    lowered = unicodedata.normalize("NFC", toned).lower()
    plain = lowered.translate(_FOLD)
    if len(plain) != len(lowered):  # stray combining marks: fold word by word
        typed = [(w, fold(w)) for w in _LETTERS.findall(lowered)]
    else:
        typed = [(m[0], plain[m.start() : m.end()]) for m in _LETTERS.finditer(lowered)]
    j = 0
    for i, raw in enumerate(raws):
        if j < len(typed) and raw == typed[j][1]:
            spelled[i] = typed[j][0].replace("đ", "d") != raw
            j += 1
    return spelled


def analyze(text: str) -> list[str]:
    """Turn text into normalised tokens (syllables and special forms), abbreviations expanded."""
    return list(_analysed(text))


@lru_cache(maxsize=8192)
def _analysed(text: str) -> tuple[str, ...]:
    """:func:`analyze`, remembered: the same answers and sources are analysed by the loader's
    fidelity check, the search index and its features."""
    toned = canonical_tones(text)
    folded = fold(toned)
    folded = _GLUED.sub(lambda m: f"{m[1]} {m[2]}", folded)
    folded = _special_forms(folded)
    lex = lexicon()
    raws = [_num(raw) if raw.isdigit() else raw for raw in _NON_WORD.split(folded) if raw]
    spelled = _spelled_out(toned, raws, lex.abbreviations)
    tokens: list[str] = []
    i = 0
    while i < len(raws):
        pair = tuple(raws[i : i + 2])
        if pair in lex.phrases:  # "ct hđ" is one abbreviation, "chương trình hành động"
            tokens.extend(lex.phrases[pair])
            i += 2
            continue
        token = raws[i]
        i += 1
        if spelled[i - 1]:
            tokens.append(token)
        elif token in lex.replace:
            tokens.extend(lex.replace[token])
        elif token in lex.add:
            tokens.append(token)
            tokens.extend(lex.add[token])
        else:
            tokens.append(token)
    return tuple(tokens)


def with_pairs(tokens: list[str]) -> list[str]:
    """Syllables plus adjacent syllable pairs ("chi bo" → chi, bo, chi_bo)."""
    return tokens + [f"{a}_{b}" for a, b in pairwise(tokens)]


def content_tokens(tokens: list[str]) -> list[str]:
    """Tokens that carry meaning: filler words removed."""
    fillers = lexicon().fillers
    return [t for t in tokens if t not in fillers]


def normalized_text(text: str) -> str:
    """The analysed form joined by spaces, for fuzzy string comparison."""
    return " ".join(analyze(text))


def document_refs(text: str) -> set[tuple[str, str]]:
    """Document references in text, as (kind, number): "NQ 57", "05-NQ/TU", "chỉ thị 35"."""
    folded = fold(canonical_tones(text))
    folded = _GLUED.sub(lambda m: f"{m[1]} {m[2]}", folded)
    refs: set[tuple[str, str]] = set()
    for m in _DOC_NUMBER.finditer(folded):
        kind = _DOC_KINDS.get(m[2], m[2])
        refs.add((kind, _num(m[1])))
    for m in _DOC_SLASHED.finditer(folded):
        refs.add((_DOC_KINDS.get(m[2], "cv"), _num(m[1])))
    rest = _DOC_SLASHED.sub(" ", _DOC_NUMBER.sub(" ", folded))
    for m in _DOC_REF.finditer(rest):
        if not YEAR.fullmatch(m[2]):  # "kế hoạch 2026": the plan of a year
            refs.add((_DOC_KINDS[m[1]], _num(m[2])))
    return refs


_LETTERS = re.compile(r"[^\W\d_]+")


def accented_words(text: str) -> dict[str, str]:
    """Words written with diacritics, by their folded form ("chuyện" under "chuyen"); of
    several words that fold alike, the last.

    When a person types diacritics they tell which word they mean; the search then asks the
    answer for that very word, not for any word that folds the same way.
    """
    return {plain: word for plain, word in _accented(text) if not _impossible(word)}


# A syllable closed by p, t, c or ch takes the sắc or nặng tone only ("kết", "học"): "kêt",
# "tôt" are typos of the tone, which say nothing about which word was meant.
_STOP_FINAL = re.compile(r"(?:p|t|c|ch)$")
_STOP_TONES = {"\u0301", "\u0323"}


def _impossible(word: str) -> bool:
    """Whether a word typed with diacritics is no Vietnamese syllable: a stop final without
    the sắc or nặng tone."""
    if not _STOP_FINAL.search(word):
        return False
    return not _STOP_TONES & set(unicodedata.normalize("NFD", word))


def accented_forms(text: str) -> frozenset[str]:
    """Every word of ``text`` written with diacritics: an answer that says both "cơ quan" and
    "có" holds both words, not only the one written last."""
    return frozenset(word for _, word in _accented(text))


def _accented(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` written with diacritics, each with its folded form, in order."""
    lowered = unicodedata.normalize("NFC", canonical_tones(text)).lower()
    folded = lowered.translate(_FOLD)
    if len(folded) != len(lowered):  # stray combining marks: fall back to word by word
        return [(fold(w), w) for w in _LETTERS.findall(lowered) if not w.isascii()]
    words = []
    for m in _LETTERS.finditer(lowered):
        word = m.group(0)
        if not word.isascii():
            plain = folded[m.start() : m.end()]
            if plain != word.replace("đ", "d"):
                words.append((plain, word))
    return words


def chat_words(text: str) -> frozenset[str]:
    """Folded words that the person typed only as chat words ("thì", "bên", "hỏi"): every time
    they occur, with the diacritics of a filler in ``typed_fillers`` or within a phrase of
    ``chat_phrases`` ("nghe bảo", "hình như"). "cho e hỏi hội nghị" gives nothing: "hoi" is
    also "hội"; "ben" typed without diacritics may be "bền"; "hình như … mô hình" keeps "hinh"."""
    lex = lexicon()
    surface = surface_words(text)
    rest = surface
    for phrase in lex.chat_phrases:  # "nghe bảo …", "… gì đó": chat as a whole
        rest = rest.replace(f" {phrase} ", "  ")
    forms: dict[str, set[str]] = {}
    for word in rest.split():
        forms.setdefault(fold(word), set()).add(word)
    chatted = {fold(word) for word in surface.split()} - set(forms)
    return frozenset(w for w, typed in forms.items() if typed <= lex.typed_fillers) | chatted


def typed_with_diacritics(text: str) -> bool:
    """Whether the person typed any diacritics: then the words mean what they spell."""
    words = surface_words(text)
    return fold(words) != words


def surface_words(text: str) -> str:
    """The words of ``text`` as written (lower case, diacritics kept, tones in one placement),
    space-separated and padded with spaces, for whole-word look-ups."""
    lowered = unicodedata.normalize("NFC", canonical_tones(text)).lower()
    return f" {' '.join(_WORDS.findall(lowered))} "


_WORDS = re.compile(r"\w+")
