"""Search over curated entries and source passages, with an answer-or-abstain decision.

Ranking fuses BM25 over syllables and syllable pairs (``bm25s``) with ``rapidfuzz`` similarity to
the curated questions and an IDF-weighted coverage of the query's words (accent-aware: a word typed
with diacritics must be that word). Document numbers in a query must be ones the sources know, a
place the documents do not cover is not answered with Hải Phòng's, localities named in a query steer
to that locality's plan, and an answer of the wrong kind (no date for "khi nào") is doubted.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import bm25s
import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from knowledge import intent
from knowledge.model import Entry
from knowledge.normalize import (
    accented_words,
    analyze,
    content_tokens,
    document_refs,
    lexicon,
    with_pairs,
)
from knowledge.passages import Passage

# bm25s sets its own logger to DEBUG on import; its index-building chatter is not ours to show.
logging.getLogger("bm25s").setLevel(logging.WARNING)

AnswerKind = Literal["entry", "passage", "ambiguous", "abstain"]


@dataclass(frozen=True)
class Tuning:
    """Weights and thresholds of the decision; kept together so benchmarks and tests share them."""

    answer_weight: float = 0.35  # BM25 over answers, relative to BM25 over questions
    coverage_weight: float = 0.4
    fuzzy_weight: float = 0.2
    set_weight: float = 0.1
    bm25_weight: float = 0.3
    answer_at: float = 0.69
    min_overlap: float = 0.75  # the best curated question must share most of the question's words
    suggest_at: float = 0.5
    passage_at: float = 0.95
    passage_min_words: int = 3
    ambiguity_margin: float = 0.03
    other_locality_factor: float = 0.75
    missing_number_factor: float = 0.8
    wrong_kind_factor: float = 0.85
    other_question_factor: float = 0.85
    generic_factor: float = 0.9
    corrected_credit: float = 0.6
    accent_mismatch_credit: float = 0.4
    candidates: int = 25


@dataclass(frozen=True)
class Hit:
    """A scored candidate entry and the evidence behind its score."""

    entry: Entry
    score: float
    coverage: float
    fuzzy: float
    overlap: float
    bm25: float


@dataclass(frozen=True)
class SearchResult:
    """What the search decided for one question."""

    kind: AnswerKind
    question: str
    score: float = 0.0
    entry: Entry | None = None
    passage: Passage | None = None
    suggestions: tuple[Entry, ...] = ()
    reason: str = ""
    unknown_refs: tuple[tuple[str, str], ...] = ()
    place: str = ""


@dataclass(frozen=True)
class _Doc:
    """Precomputed view of one entry or passage."""

    tokens: frozenset[str]
    accented: frozenset[str]
    phrases: tuple[str, ...]
    locality: str
    numbers: frozenset[str]
    kinds: frozenset[str]
    asks: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Query:
    """A question analysed once: tokens (typos corrected), meaningful words, what it asks."""

    text: str
    tokens: list[str]
    words: list[str]
    corrected: frozenset[str]
    accents: dict[str, str]
    places: frozenset[str]
    numbers: frozenset[str]
    asks: frozenset[str]


@dataclass
class _Index:
    """A BM25 index with the vocabulary it knows."""

    retriever: bm25s.BM25
    vocab: frozenset[str]
    size: int

    @classmethod
    def build(cls, corpus: list[list[str]]) -> _Index:
        retriever = bm25s.BM25()
        retriever.index([doc or ["_"] for doc in corpus], show_progress=False)
        return cls(retriever, frozenset(retriever.vocab_dict), len(corpus))

    def scores(self, terms: list[str]) -> np.ndarray:
        known = [t for t in terms if t in self.vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return self.retriever.get_scores(known)


@dataclass
class Searcher:
    """Answers questions from curated entries, falling back to source passages."""

    entries: Sequence[Entry]
    passages: Sequence[Passage] = ()
    localities: dict[str, str] = field(default_factory=dict)
    known_refs: frozenset[tuple[str, str]] = frozenset()
    other_places: tuple[str, ...] = ()
    tuning: Tuning = field(default_factory=Tuning)

    def __post_init__(self) -> None:
        self._locality_names = {
            name: tuple(analyze(name)) for name in set(self.localities.values())
        }
        self._places = {f" {' '.join(analyze(p))} ": p for p in self.other_places}
        self._fillers = lexicon().fillers
        question_corpus, answer_corpus, self._docs = [], [], []
        for entry in self.entries:
            asked = [analyze(t) for t in (entry.question, *entry.paraphrases)]
            tags = [t for tag in entry.tags for t in analyze(tag)]
            said = analyze(entry.answer)
            question_corpus.append([t for tokens in asked for t in with_pairs(tokens)] + tags)
            answer_corpus.append(with_pairs(said))
            named = self._named_localities(asked[0])
            text = " ".join((entry.question, *entry.paraphrases, entry.answer, *entry.tags))
            doc = self._doc(min(named) if named else "", asked, said + tags, text, entry.answer)
            self._docs.append(replace(doc, asks=frozenset(intent.asked(asked[0]))))
        self._questions = _Index.build(question_corpus)
        self._answers = _Index.build(answer_corpus)
        self._position = {e.id: i for i, e in enumerate(self.entries)}
        passage_corpus, self._passage_docs = [], []
        for passage in self.passages:
            text = f"{passage.parent} {passage.section} {passage.text}"
            said = analyze(text)
            passage_corpus.append(with_pairs(said))
            locality = self.localities.get(passage.file, "")
            self._passage_docs.append(self._doc(locality, [], said, text, passage.text))
        self._passage_index = _Index.build(passage_corpus) if self.passages else None
        self._idf, self._vocab = self._weights()

    def _doc(
        self, locality: str, asked: list[list[str]], said: list[str], text: str, answer: str
    ) -> _Doc:
        words = {t for tokens in asked for t in tokens} | set(said)
        words |= set(self._locality_names.get(locality, ()))
        accented = set(accented_words(f"{text} {locality}").values())
        return _Doc(
            tokens=frozenset(words),
            accented=frozenset(accented),
            phrases=tuple(" ".join(tokens) for tokens in asked) or ("",),
            locality=locality,
            numbers=frozenset(t for t in words if t.isdigit()),
            kinds=frozenset(intent.offered(answer, analyze(answer))),
        )

    def _weights(self) -> tuple[dict[str, float], list[str]]:
        frequency: Counter[str] = Counter()
        docs = [*self._docs, *self._passage_docs]
        for doc in docs:
            frequency.update(doc.tokens)
        total = len(docs) + 1
        idf = {t: math.log(total / (n + 0.5)) + 1.0 for t, n in frequency.items()}
        return idf, sorted(frequency)

    # -- the question ---------------------------------------------------------------------------

    def _query(self, question: str) -> _Query:
        tokens, corrected = self._correct(analyze(question))
        numbers = {n for _, n in document_refs(question) if n != "5"}
        return _Query(
            text=" ".join(tokens),
            tokens=tokens,
            words=list(dict.fromkeys(content_tokens(tokens))),
            corrected=frozenset(corrected),
            accents=accented_words(question),
            places=frozenset(self._named_localities(tokens)),
            numbers=frozenset(numbers),
            asks=frozenset(intent.asked(tokens)),
        )

    def _correct(self, tokens: list[str]) -> tuple[list[str], set[str]]:
        """Replace unknown syllables by a known one at edit distance 1 (typos)."""
        fixed, corrected = [], set()
        for token in tokens:
            if token in self._idf or len(token) < 4 or not token.isalpha():
                fixed.append(token)
                continue
            match = process.extractOne(
                token, self._vocab, scorer=Levenshtein.distance, score_cutoff=1
            )
            if match and match[0] not in self._fillers:
                fixed.append(match[0])
                corrected.add(match[0])
            else:
                fixed.append(token)
        return fixed, corrected

    def _idf_of(self, token: str) -> float:
        return self._idf.get(token, math.log(len(self._docs) + 1) + 2.0)

    def _coverage(self, query: _Query, doc: _Doc) -> float:
        """IDF-weighted share of the question's words that the candidate contains."""
        total = got = 0.0
        for word in query.words:
            weight = self._idf_of(word)
            total += weight
            if word not in doc.tokens:
                continue
            credit = self.tuning.corrected_credit if word in query.corrected else 1.0
            accented = query.accents.get(word)
            if accented and accented not in doc.accented:
                credit = min(credit, self.tuning.accent_mismatch_credit)
            got += weight * credit
        return got / total if total else 0.0

    def _other_place(self, question: str) -> str:
        """A place outside the documents that the question names, if any."""
        text = f" {' '.join(analyze(question))} "
        return next((name for key, name in self._places.items() if key in text), "")

    def _named_localities(self, tokens: list[str]) -> set[str]:
        text = f" {' '.join(tokens)} "
        return {
            name
            for name, words in self._locality_names.items()
            if f" {' '.join(words[1:])} " in text
        }

    # -- deciding -------------------------------------------------------------------------------

    def search(self, question: str) -> SearchResult:
        """Decide how to answer one question."""
        refs = document_refs(question)
        unknown = tuple(sorted(r for r in refs if r not in self.known_refs))
        if unknown:
            return SearchResult(
                "abstain", question, reason="unknown_document", unknown_refs=unknown
            )
        place = self._other_place(question)
        if place:
            return SearchResult("abstain", question, reason="other_place", place=place)
        query = self._query(question)
        if not query.words:
            return SearchResult("abstain", question, reason="empty")
        return self._decide(question, query, self._rank(query))

    def rank(self, question: str) -> list[Hit]:
        """Candidate entries for a question, best first (for diagnostics and tuning)."""
        return self._rank(self._query(question))

    def _rank(self, query: _Query) -> list[Hit]:
        t = self.tuning
        terms = with_pairs(query.tokens)
        scores = self._questions.scores(terms) + t.answer_weight * self._answers.scores(terms)
        count = min(t.candidates, len(scores))
        if not count:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        best = float(scores[top].max())
        hits = []
        for i in top:
            if scores[i] <= 0:
                continue
            doc = self._docs[i]
            coverage = self._coverage(query, doc)
            similar = max(fuzz.token_sort_ratio(query.text, p) for p in doc.phrases) / 100
            overlap = max(fuzz.token_set_ratio(query.text, p) for p in doc.phrases) / 100
            relative = float(scores[i]) / best
            score = (
                t.coverage_weight * coverage
                + t.fuzzy_weight * similar
                + t.set_weight * overlap
                + t.bm25_weight * relative
            ) * self._doubt(query, doc)
            hits.append(Hit(self.entries[i], score, coverage, similar, overlap, relative))
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits

    def _doubt(self, query: _Query, doc: _Doc) -> float:
        """Factors below 1 for a candidate of another locality, document or kind of answer."""
        t = self.tuning
        factor = 1.0
        if query.places and doc.locality not in query.places:
            factor *= t.other_locality_factor if doc.locality else t.generic_factor
        if query.numbers and not query.numbers <= doc.numbers:
            factor *= t.missing_number_factor
        for _ in query.asks - doc.kinds:
            factor *= t.wrong_kind_factor
        if query.asks and doc.asks and not query.asks & doc.asks:
            factor *= t.other_question_factor
        return factor

    def _decide(self, question: str, query: _Query, hits: list[Hit]) -> SearchResult:
        t = self.tuning
        best = hits[0] if hits else None
        if best and best.score >= t.answer_at and best.overlap >= t.min_overlap:
            rivals = self._rivals(best, hits, query)
            if rivals:
                suggestions = tuple(h.entry for h in rivals)
                return SearchResult("ambiguous", question, best.score, suggestions=suggestions)
            return SearchResult("entry", question, best.score, entry=best.entry)
        passage, passage_score = self._best_passage(query)
        if passage is not None and passage_score >= t.passage_at:
            return SearchResult("passage", question, passage_score, passage=passage)
        suggestions = tuple(h.entry for h in hits[:3] if h.score >= t.suggest_at)
        score = best.score if best else 0.0
        return SearchResult(
            "abstain", question, score, suggestions=suggestions, reason="low_confidence"
        )

    def _rivals(self, best: Hit, hits: list[Hit], query: _Query) -> list[Hit]:
        """Close candidates about other localities, when the question names none."""
        best_doc = self._docs[self._position[best.entry.id]]
        if query.places or not best_doc.locality:
            return []
        chosen, seen = [best], {best_doc.locality}
        for hit in hits[1:]:
            if hit.score < best.score - self.tuning.ambiguity_margin or len(chosen) == 3:
                break
            locality = self._docs[self._position[hit.entry.id]].locality
            if locality and locality not in seen:
                chosen.append(hit)
                seen.add(locality)
        return chosen if len(chosen) > 1 else []

    def _best_passage(self, query: _Query) -> tuple[Passage | None, float]:
        """The source passage that contains (nearly) every word of the question, if any."""
        if self._passage_index is None or len(query.words) < self.tuning.passage_min_words:
            return None, 0.0
        scores = self._passage_index.scores(with_pairs(query.tokens))
        best_i = int(np.argmax(scores))
        if scores[best_i] <= 0:
            return None, 0.0
        doc = self._passage_docs[best_i]
        score = self._coverage(query, doc) * self._doubt(query, doc)
        return self.passages[best_i], score
