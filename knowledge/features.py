"""Evidence that a candidate entry answers a question, as a vector of numbers in [0, 1].

The search computes these for each of its few candidates and a small logistic model
(:mod:`knowledge.reranker`) turns them into the probability that the candidate is the right
answer. Keeping the evidence here, apart from the weights, lets the weights be fitted on
synthetic questions built from the knowledge base itself (:mod:`knowledge.training`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.normalize import analyze, fold

FEATURES: tuple[str, ...] = (
    "coverage",  # IDF-weighted share of the question's words found anywhere in the entry
    "question_coverage",  # ... found in the entry's question, paraphrases and tags only
    "phrase_coverage",  # ... found in the single best-matching paraphrase
    "similar",  # rapidfuzz token_sort_ratio to the best paraphrase
    "overlap",  # rapidfuzz token_set_ratio to the best paraphrase
    "bm25",  # BM25 score relative to the best candidate
    "pair_coverage",  # share of the question's known two-syllable words the entry contains
    "word_coverage",  # like coverage, but a syllable of a two-syllable word counts only with it
    "word_question_coverage",  # ... in the entry's question, paraphrases and tags only
    "rare_missing",  # how rare the rarest word of the question that the entry lacks is
    "missing",  # how many meaningful words of the question the entry lacks (capped at 3)
    "word_rare_missing",  # rare_missing, with two-syllable words required whole
    "word_missing",  # missing, with two-syllable words required whole
    "count_unmatched",  # "bao nhiêu X": the answer has no number closely followed by X
    "other_locality",  # the question names a locality, the entry is about another one
    "no_locality",  # the question names a locality, the entry names none
    "missing_number",  # a document number of the question is not in the entry
    "wrong_kind",  # the question asks a time/count/body, the answer offers none
    "other_question",  # the question and the entry's question ask different kinds of thing
    "corrected",  # share of the question's words that were typo-corrected
    "short",  # the question has one or two meaningful words only
)


@dataclass(frozen=True)
class DocView:
    """What the features need to know about one candidate entry (precomputed at index time)."""

    tokens: frozenset[str]
    question_tokens: frozenset[str]
    phrase_words: Mapping[str, tuple[int, ...]]  # word -> the phrasings (by position) holding it
    phrase_count: int  # how many phrasings (question and paraphrases) the entry has
    phrases: tuple[str, ...]
    sorted_phrases: tuple[str, ...]  # each phrase's words sorted (see :func:`sorted_words`)
    pairs: frozenset[str]
    question_pairs: frozenset[str]
    accented: frozenset[str]
    locality: str
    numbers: frozenset[str]
    kinds: frozenset[str]
    asks: frozenset[str]
    counted: frozenset[str] = frozenset()  # words and pairs right after a number in the answer
    words: str = ""  # every word of the entry, folded, space-separated and padded with spaces
    surface: str = ""  # ... as written (lower case, diacritics kept)
    unstated: frozenset[str] = frozenset()  # what the answer says its document does not give


@dataclass(frozen=True)
class QueryView:
    """What the features need to know about the question."""

    text: str
    words: tuple[str, ...]
    pairs: tuple[str, ...]
    links: Mapping[str, tuple[str, ...]]  # word -> the known two-syllable words it is part of
    corrected: frozenset[str]
    accents: Mapping[str, str]
    places: frozenset[str]
    numbers: frozenset[str]
    asks: frozenset[str]
    counted: tuple[str, ...] = ()  # what "bao nhiêu" asks to count, as word and pair
    wants_name: bool = False  # "tên là gì": a name in quotation marks answers it
    wants_signer: bool = False  # "ai ký": a person named answers it
    wants: frozenset[str] = frozenset()  # "ngày nào", "quý mấy", "tỷ lệ": precise answers only
    instance: str = ""  # "trường nào", "hợp tác xã nào": the kind of thing whose name is asked
    years: tuple[str, ...] = ()  # the years the question names ("2035")
    as_typed: str = ""  # the analysed question before typo correction ("miễn" stays "mien")
    things: str = ""  # what "có bao nhiêu / có mấy" asks to count: a known pair, else a word
    aspects: tuple[frozenset[str], ...] = ()  # what each thing the question asks asks of it
    models: tuple[str, ...] = ()  # the models it names after "mô hình", as padded folded words
    weight: Mapping[str, float] = field(default_factory=dict)  # IDF of each word and pair
    credit: Mapping[str, float] = field(default_factory=dict)  # < 1 for typo-corrected words


@dataclass(frozen=True)
class Weights:
    """The largest IDF (to scale rarity) and the credit of a word typed with other accents."""

    max_idf: float
    accent_mismatch_credit: float = 0.4


def coverage(
    query: QueryView,
    tokens: frozenset[str],
    accented: frozenset[str],
    w: Weights,
    pairs: frozenset[str] | None = None,
) -> float:
    """IDF-weighted share of the question's words that ``tokens`` contains.

    A word the person typed with diacritics must be that very word (accent-aware), and a word
    that exists only as a typo correction earns partial credit. With ``pairs``, a syllable that
    the question uses inside a known two-syllable word ("dân số", "đảng viên") counts only when
    the candidate has that word too, not the syllable elsewhere ("công dân", "số lượng").
    """
    return Terms.of(query, w).coverage(tokens, accented, pairs)


class _Word(NamedTuple):
    """One meaningful word of the question with what :meth:`Terms.coverage` needs of it."""

    word: str
    weight: float  # its IDF
    full: float  # weight × credit: what the word earns when found
    mismatch: float  # weight × the lower credit of a word found only with other accents
    typed: str | None  # how the person wrote it, when with diacritics
    links: tuple[str, ...]  # the known two-syllable words it is part of in the question


@dataclass(frozen=True)
class Terms:
    """The question's words with their weights and credits, worked out once per question.

    Every candidate of a question is measured against the same words; computing each word's
    weight × credit here keeps the per-candidate loops to set look-ups and additions (in the
    order of the question's words, so the sums are exactly those of a word-by-word loop).
    """

    words: tuple[_Word, ...]
    total: float  # the summed IDF of the words: the denominator of every coverage

    @classmethod
    def of(cls, query: QueryView, w: Weights) -> Terms:
        total = 0.0
        words = []
        for word in query.words:
            weight = query.weight[word]
            total += weight
            credit = query.credit.get(word, 1.0)
            words.append(
                _Word(
                    word,
                    weight,
                    weight * credit,
                    weight * min(credit, w.accent_mismatch_credit),
                    query.accents.get(word),
                    tuple(query.links.get(word, ())),
                )
            )
        return cls(tuple(words), total)

    def share(self, got: float) -> float:
        """``got`` as a share of the question's total weight."""
        return got / self.total if self.total else 0.0

    def coverage(
        self,
        tokens: frozenset[str],
        accented: frozenset[str],
        pairs: frozenset[str] | None = None,
    ) -> float:
        """See :func:`coverage`."""
        got = 0.0
        for word, _, full, mismatch, typed, links in self.words:
            if word not in tokens:
                continue
            if pairs is not None and links and pairs.isdisjoint(links):
                continue
            got += mismatch if accented and typed and typed not in accented else full
        return self.share(got)


def phrase_index(phrasings: Sequence[frozenset[str]]) -> dict[str, tuple[int, ...]]:
    """Each word of the ``phrasings`` with the positions of the phrasings that hold it."""
    index: dict[str, list[int]] = {}
    for position, words in enumerate(phrasings):
        for word in words:
            index.setdefault(word, []).append(position)
    return {word: tuple(positions) for word, positions in index.items()}


def _best_held(found: list[tuple[str, float]], doc: DocView) -> float:
    """The largest summed credit of the ``found`` words that one phrasing of ``doc`` holds.

    Each phrasing's sum is added up in the words' order, so it is exactly the sum a loop over
    that phrasing alone would give."""
    held = [0.0] * doc.phrase_count
    where = doc.phrase_words
    for word, full in found:
        for position in where.get(word, ()):
            held[position] += full
    return max(held)


def sorted_words(text: str) -> str:
    """The words of ``text`` in sorted order: ``fuzz.ratio`` of two such strings is exactly
    ``fuzz.token_sort_ratio`` of the originals (whose sorting each call would otherwise redo)."""
    return " ".join(sorted(text.split()))


def _best_of(
    text: str, choices: list[tuple[str, ...]], scorer: Callable[..., float]
) -> list[float]:
    """For each candidate, the best rapidfuzz similarity of ``text`` to its strings, in [0, 1].

    One :func:`rapidfuzz.process.cdist` call over the strings of every candidate (scores as
    float64, exactly what :func:`rapidfuzz.process.extractOne` gives for each pair).
    """
    flat = [choice for strings in choices for choice in strings]
    if not flat:
        return [0.0] * len(choices)
    row = process.cdist([text], flat, scorer=scorer, dtype=np.float64)[0].tolist()
    best, start = [], 0
    for strings in choices:
        end = start + len(strings)
        best.append(max(row[start:end]) / 100 if end > start else 0.0)
        start = end
    return best


def extract(query: QueryView, doc: DocView, bm25: float, w: Weights) -> list[float]:
    """The feature vector (in the order of :data:`FEATURES`) of one question–candidate pair."""
    return extract_all(query, [doc], [bm25], w)[0]


def extract_all(
    query: QueryView, docs: Sequence[DocView], bm25: Sequence[float], w: Weights
) -> list[list[float]]:
    """The feature vectors of all of a question's candidates, computing once what they share."""
    terms = Terms.of(query, w)
    share, max_idf = terms.share, w.max_idf
    weights = query.weight
    pair_weights = [(p, weights[p]) for p in query.pairs]
    pair_total = sum([weight for _, weight in pair_weights])
    similar = _best_of(sorted_words(query.text), [d.sorted_phrases for d in docs], fuzz.ratio)
    overlap = _best_of(query.text, [d.phrases for d in docs], fuzz.token_set_ratio)
    named = bool(query.places)
    corrected = len(query.corrected & set(query.words)) / len(query.words) if query.words else 0.0
    short = float(len(query.words) <= 2)
    counted = query.counted[-1] if query.counted else None
    out = []
    for doc, relative, sim, over in zip(docs, bm25, similar, overlap, strict=True):
        tokens, pairs, accented = doc.tokens, doc.pairs, doc.accented
        asked, asked_pairs = doc.question_tokens, doc.question_pairs
        got = got_word = got_question = got_word_question = 0.0
        missing: list[float] = []  # the weights of the words the candidate lacks
        unmatched: list[float] = []  # ... lacks as syllable or as two-syllable word
        found: list[tuple[str, float]] = []  # the words of its question phrasings and tags
        for word, weight, full, mismatch, typed, links in terms.words:
            if word not in tokens:
                missing.append(weight)
                unmatched.append(weight)
                continue
            value = mismatch if accented and typed and typed not in accented else full
            got += value
            if links and pairs.isdisjoint(links):
                unmatched.append(weight)
            else:
                got_word += value
            if word in asked:  # a subset of tokens
                found.append((word, full))
                got_question += full
                if not links or not asked_pairs.isdisjoint(links):
                    got_word_question += full
        phrase = 0.0  # each phrasing holds only words of ``found``: none, nothing to share
        if found and doc.phrase_count:  # (dividing by the total keeps the order: max first)
            phrase = share(_best_held(found, doc))
        pair_got = sum([weight for p, weight in pair_weights if p in pairs])
        other = named and doc.locality not in query.places
        out.append(
            [
                share(got),
                share(got_question),
                phrase,
                sim,
                over,
                relative,
                pair_got / pair_total if pair_total else 1.0,
                share(got_word),
                share(got_word_question),
                min(max(missing, default=0.0) / max_idf, 1.0),
                min(len(missing), 3) / 3,
                min(max(unmatched, default=0.0) / max_idf, 1.0),
                min(len(unmatched), 3) / 3,
                float(count_unmatched(counted, doc.counted)),
                float(other and bool(doc.locality)),
                float(other and not doc.locality),
                float(bool(query.numbers) and not query.numbers <= doc.numbers),
                min(len(query.asks - doc.kinds), 2) / 2,
                float(bool(query.asks and doc.asks) and not query.asks & doc.asks),
                corrected,
                short,
            ]
        )
    return out


_COUNT_WINDOW = 3
_LIST_ITEM = re.compile(r"^\s*(?:-|\+|\(\d+\)|\d+[.)])\s", re.MULTILINE)
# numbers that label items rather than count things: "(2)" anywhere, "1." or "2.4." opening a line
_ITEM_NUMBER = re.compile(r"\(\d+\)|^\s*\d+(?:\.\d+)*[.)]\s", re.MULTILINE)
PERCENT = "%"
WHOLE = "="
LISTED = "*"
NUMBERED = "#"  # right after a number, not only named by a list's lead-in
_NUMBER_WORD = re.compile(
    r"(?<!\w)(?:một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười)\s+((?:\w+\s*){1,3})",
    re.IGNORECASE,
)


def counted_after_numbers(answer: str, tokens: list[str]) -> frozenset[str]:
    """What an answer counts: words and pairs right after a number ("09 mô hình"), "%" for a
    percentage and its words marked as a share ("100% đảng viên" → %dang_vien), and again
    marked "#" when a whole number counts them ("14 mô hình" → #mo_hinh). An answer that
    enumerates items answers "bao nhiêu" with any of its words (marked "*"), and a number of
    things with the words of the line that introduces the list ("Các mô hình gồm:")."""
    found: set[str] = set()
    if len(_LIST_ITEM.findall(answer)) >= 2:
        found.update(f"{LISTED}{w}" for w in _with_pairs(tokens))
        lines = [line for line in answer.splitlines() if line.strip()]
        first = next((i for i, line in enumerate(lines) if _LIST_ITEM.match(line + " ")), 0)
        if first:
            found.update(_with_pairs(analyze(lines[first - 1])))
    after = _after_numbers(tokens)
    found.update(after)
    # a whole number of things: not the labels of items ("(2) Thôn văn hóa", "Mô hình (2)")
    if _ITEM_NUMBER.search(answer):
        after = _after_numbers(analyze(_ITEM_NUMBER.sub(" ", answer)))
    found.update(f"{NUMBERED}{w}" for w in after if w[:1] != PERCENT)
    for match in _NUMBER_WORD.finditer(answer):  # "năm mô hình", "tám tiêu chí"
        found.update(f"{NUMBERED}{w}" for w in _with_pairs(analyze(match[1])[:_COUNT_WINDOW]))
    return frozenset(found)


def _after_numbers(tokens: list[str]) -> set[str]:
    """The words and pairs right after each number, and after each percentage marked "%"."""
    found: set[str] = set()
    for i, token in enumerate(tokens):
        percent = token[:1] == "p" and token[1:].isdigit()
        if not (token.isdigit() or percent):
            continue
        after = i + 1
        while tokens[after : after + 2] == ["phan", "tram"]:  # "100 phần trăm đảng viên"
            after += 2
        words = _with_pairs(tokens[after : after + _COUNT_WINDOW])
        if percent:
            found.add(PERCENT)
            words = [f"{PERCENT}{w}" for w in words]
        found.update(words)
    return found


def _with_pairs(tokens: list[str]) -> list[str]:
    return [*tokens, *(f"{a}_{b}" for a, b in pairwise(tokens))]


def count_unmatched(counted: str | None, answer_counts: frozenset[str]) -> bool:
    """Whether an answer fails to give what "bao nhiêu" asks to count: "bao nhiêu đảng viên
    phải học" is answered by "100% đảng viên"; "có bao nhiêu đảng viên" (marked "=") only by a
    number of them."""
    if counted is None:
        return False
    if counted[:1] == WHOLE:
        return counted[1:] not in answer_counts
    return not any(f"{mark}{counted}" in answer_counts for mark in ("", PERCENT, LISTED))


_HOW_MANY = (["bao", "nhieu"], ["may"])
_ON_THE_WHOLE = frozenset({"tat", "ca", "tong", "cong", "so", "khoang", "duoc"})


# the words that a count of things that exist follows ("có mấy", "gồm bao nhiêu"), as typed
HAS_WORDS = ("có", "gồm")
_HAS = tuple(fold(word) for word in HAS_WORDS)


def things_counted(tokens: list[str], skip: frozenset[str]) -> tuple[str, ...]:
    """What "có bao nhiêu / có mấy X" asks to count of things that exist ("xã có mấy trường
    học" → truong, truong_hoc; "gồm mấy tiêu chí" too): the word after it and its pair; empty
    for any other question. Words in ``skip`` (fillers) are passed over, and so are "tất cả",
    "tổng cộng" after "có"."""
    for i, token in enumerate(tokens):
        if token not in _HAS:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j] in _ON_THE_WHOLE:
            j += 1
        for asked in _HOW_MANY:
            if tokens[j : j + len(asked)] != asked:
                continue
            after = tokens[j + len(asked) : j + len(asked) + 4]
            rest = [t for t in after if t not in skip and t != "cai"][:2]  # "mấy cái mô hình"
            if not rest or not rest[0].isalpha():
                return ()
            return (rest[0], "_".join(rest)) if len(rest) == 2 else (rest[0],)
    return ()


def count_object(tokens: list[str], skip: frozenset[str]) -> tuple[str, ...]:
    """What "bao nhiêu" asks to count: the word after it and its pair ("có bao nhiêu đảng viên"
    → dang, dang_vien), or "%" for "bao nhiêu phần trăm". After "có" the count is of things
    that exist, not a share: marked with "=" ("=dang"). Words in ``skip`` (fillers, kept
    abbreviations) are passed over. "mấy" is left out: people use it loosely ("số mấy")."""
    for i in range(1, len(tokens)):
        if tokens[i - 1 : i + 1] != ["bao", "nhieu"]:
            continue
        rest = [t for t in tokens[i + 1 : i + 4] if t not in skip][:2]
        if rest[:2] == ["phan", "tram"]:
            return (PERCENT,)
        if rest:
            found = (rest[0], "_".join(rest)) if len(rest) == 2 else (rest[0],)
            if i >= 2 and tokens[i - 2] == "co":
                found = tuple(f"{WHOLE}{w}" for w in found)
            return found
    return ()
