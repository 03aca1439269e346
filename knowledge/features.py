"""Evidence that a candidate entry answers a question, as a vector of numbers in [0, 1].

The search computes these for each of its few candidates and a small logistic model
(:mod:`knowledge.reranker`) turns them into the probability that the candidate is the right
answer. Keeping the evidence here, apart from the weights, lets the weights be fitted on
synthetic questions built from the knowledge base itself (:mod:`knowledge.training`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz, process

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
    phrase_tokens: tuple[frozenset[str], ...]
    phrases: tuple[str, ...]
    pairs: frozenset[str]
    question_pairs: frozenset[str]
    accented: frozenset[str]
    locality: str
    numbers: frozenset[str]
    kinds: frozenset[str]
    asks: frozenset[str]
    counted: frozenset[str] = frozenset()  # words and pairs right after a number in the answer


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
    total = got = 0.0
    weights, credits, accents, links = query.weight, query.credit, query.accents, query.links
    for word in query.words:
        weight = weights[word]
        total += weight
        if word not in tokens:
            continue
        if pairs is not None and word in links and not any(p in pairs for p in links[word]):
            continue
        credit = credits.get(word, 1.0)
        typed = accents.get(word) if accented else None
        if typed and typed not in accented:
            credit = min(credit, w.accent_mismatch_credit)
        got += weight * credit
    return got / total if total else 0.0


def _best(text: str, phrases: tuple[str, ...], scorer: Callable[..., float]) -> float:
    """The best rapidfuzz similarity of ``text`` to any of ``phrases``, in [0, 1]."""
    found = process.extractOne(text, phrases, scorer=scorer)
    return found[1] / 100 if found else 0.0


def _has_word(query: QueryView, word: str, doc: DocView) -> bool:
    """The candidate has the word, and the two-syllable word it forms in the question if any."""
    if word not in doc.tokens:
        return False
    links = query.links.get(word)
    return not links or any(p in doc.pairs for p in links)


def extract(query: QueryView, doc: DocView, bm25: float, w: Weights) -> list[float]:
    """The feature vector (in the order of :data:`FEATURES`) of one question–candidate pair."""
    missing = [word for word in query.words if word not in doc.tokens]
    weights = query.weight
    rare = max((weights[word] for word in missing), default=0.0)
    unmatched = [word for word in query.words if not _has_word(query, word, doc)]
    word_rare = max((weights[word] for word in unmatched), default=0.0)
    pair_total = sum(weights[p] for p in query.pairs)
    pair_got = sum(weights[p] for p in query.pairs if p in doc.pairs)
    phrase = max(
        (coverage(query, tokens, frozenset(), w) for tokens in doc.phrase_tokens), default=0.0
    )
    similar = _best(query.text, doc.phrases, fuzz.token_sort_ratio)
    overlap = _best(query.text, doc.phrases, fuzz.token_set_ratio)
    named = bool(query.places)
    other = named and doc.locality not in query.places
    return [
        coverage(query, doc.tokens, doc.accented, w),
        coverage(query, doc.question_tokens, frozenset(), w),
        phrase,
        similar,
        overlap,
        bm25,
        pair_got / pair_total if pair_total else 1.0,
        coverage(query, doc.tokens, doc.accented, w, doc.pairs),
        coverage(query, doc.question_tokens, frozenset(), w, doc.question_pairs),
        min(rare / w.max_idf, 1.0),
        min(len(missing), 3) / 3,
        min(word_rare / w.max_idf, 1.0),
        min(len(unmatched), 3) / 3,
        float(bool(query.counted) and query.counted[-1] not in doc.counted),
        float(other and bool(doc.locality)),
        float(other and not doc.locality),
        float(bool(query.numbers) and not query.numbers <= doc.numbers),
        min(len(query.asks - doc.kinds), 2) / 2,
        float(bool(query.asks and doc.asks) and not query.asks & doc.asks),
        len(query.corrected & set(query.words)) / len(query.words) if query.words else 0.0,
        float(len(query.words) <= 2),
    ]


_COUNT_WINDOW = 3
_LIST_ITEM = re.compile(r"^\s*(?:-|\+|\(\d+\)|\d+[.)])\s", re.MULTILINE)
PERCENT = "%"


def counted_after_numbers(answer: str, tokens: list[str]) -> frozenset[str]:
    """What an answer counts: words and pairs right after a number ("09 mô hình"), "%" for a
    percentage, and every word of it when it enumerates items (a list answers "bao nhiêu")."""
    if len(_LIST_ITEM.findall(answer)) >= 2:
        return frozenset(tokens) | {f"{a}_{b}" for a, b in pairwise(tokens)}
    found: set[str] = set()
    for i, token in enumerate(tokens):
        percent = token[:1] == "p" and token[1:].isdigit()
        if not (token.isdigit() or percent):
            continue
        if percent:
            found.add(PERCENT)
        window = tokens[i + 1 : i + 1 + _COUNT_WINDOW]
        found.update(window)
        found.update(f"{a}_{b}" for a, b in pairwise(window))
    return frozenset(found)


def count_object(tokens: list[str], skip: frozenset[str]) -> tuple[str, ...]:
    """What "bao nhiêu" asks to count: the word after it and its pair ("có bao nhiêu đảng viên"
    → dang, dang_vien), or "%" for "bao nhiêu phần trăm". Words in ``skip`` (fillers, kept
    abbreviations) are passed over. "mấy" is left out: people use it loosely ("số mấy")."""
    for i in range(1, len(tokens)):
        if tokens[i - 1 : i + 1] != ["bao", "nhieu"]:
            continue
        rest = [t for t in tokens[i + 1 : i + 4] if t not in skip][:2]
        if rest[:2] == ["phan", "tram"]:
            return (PERCENT,)
        if rest:
            return (rest[0], "_".join(rest)) if len(rest) == 2 else (rest[0],)
    return ()
