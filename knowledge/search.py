"""Search over curated entries and source passages, with an answer-or-abstain decision.

Ranking fuses BM25 over syllables and syllable pairs (``bm25s``) with ``rapidfuzz`` similarity to
the curated questions and an IDF-weighted coverage of the query's words. Document numbers in a
query must be ones the sources know; localities named in a query steer to that locality's plan.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import bm25s
import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from knowledge.model import Entry
from knowledge.normalize import analyze, content_tokens, document_refs, with_pairs
from knowledge.passages import Passage

# bm25s sets its own logger to DEBUG on import; its index-building chatter is not ours to show.
logging.getLogger("bm25s").setLevel(logging.WARNING)

AnswerKind = Literal["entry", "passage", "ambiguous", "abstain"]


@dataclass(frozen=True)
class Tuning:
    """Weights and thresholds of the decision; kept together so benchmarks and tests share them."""

    answer_weight: float = 0.35
    coverage_weight: float = 0.55
    fuzzy_weight: float = 0.45
    answer_at: float = 0.62
    suggest_at: float = 0.40
    passage_at: float = 0.86
    ambiguity_margin: float = 0.03
    other_locality_factor: float = 0.75
    missing_number_factor: float = 0.8
    corrected_credit: float = 0.6
    candidates: int = 25


@dataclass(frozen=True)
class Hit:
    """A scored candidate entry."""

    entry: Entry
    score: float
    coverage: float
    fuzzy: float


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


@dataclass(frozen=True)
class _Doc:
    """Precomputed view of one entry or passage."""

    tokens: frozenset[str]
    phrases: tuple[str, ...]
    locality: str
    numbers: frozenset[str]


@dataclass
class _Index:
    """A BM25 index with the vocabulary it knows."""

    retriever: bm25s.BM25
    vocab: frozenset[str]

    @classmethod
    def build(cls, corpus: list[list[str]]) -> _Index:
        retriever = bm25s.BM25()
        retriever.index([doc or ["_"] for doc in corpus], show_progress=False)
        return cls(retriever, frozenset(retriever.vocab_dict))

    def scores(self, terms: list[str]) -> np.ndarray:
        known = [t for t in terms if t in self.vocab]
        if not known:
            return np.zeros(self.retriever.scores["num_docs"], dtype=np.float32)
        return self.retriever.get_scores(known)


@dataclass
class Searcher:
    """Answers questions from curated entries, falling back to source passages."""

    entries: Sequence[Entry]
    passages: Sequence[Passage] = ()
    localities: dict[str, str] = field(default_factory=dict)
    known_refs: frozenset[tuple[str, str]] = frozenset()
    tuning: Tuning = field(default_factory=Tuning)

    def __post_init__(self) -> None:
        self._locality_names = {
            name: tuple(analyze(name)) for name in set(self.localities.values())
        }
        question_corpus, answer_corpus, self._docs = [], [], []
        for entry in self.entries:
            asked = [analyze(t) for t in (entry.question, *entry.paraphrases)]
            tags = [t for tag in entry.tags for t in analyze(tag)]
            said = analyze(entry.answer)
            question_corpus.append([t for tokens in asked for t in with_pairs(tokens)] + tags)
            answer_corpus.append(with_pairs(said))
            self._docs.append(self._doc(entry.source.file, asked, said + tags))
        self._questions = _Index.build(question_corpus)
        self._answers = _Index.build(answer_corpus)
        passage_corpus, self._passage_docs = [], []
        for passage in self.passages:
            said = analyze(f"{passage.parent} {passage.section} {passage.text}")
            passage_corpus.append(with_pairs(said))
            self._passage_docs.append(self._doc(passage.file, [], said))
        self._passage_index = _Index.build(passage_corpus) if self.passages else None
        self._idf, self._vocab = self._weights()

    def _doc(self, file: str, asked: list[list[str]], said: list[str]) -> _Doc:
        locality = self.localities.get(file, "")
        words = {t for tokens in asked for t in tokens} | set(said)
        words |= set(self._locality_names.get(locality, ()))
        return _Doc(
            tokens=frozenset(words),
            phrases=tuple(" ".join(tokens) for tokens in asked) or ("",),
            locality=locality,
            numbers=frozenset(t for t in words if t.isdigit()),
        )

    def _weights(self) -> tuple[dict[str, float], list[str]]:
        frequency: Counter[str] = Counter()
        docs = [*self._docs, *self._passage_docs]
        for doc in docs:
            frequency.update(doc.tokens)
        total = len(docs) + 1
        idf = {t: math.log(total / (n + 0.5)) + 1.0 for t, n in frequency.items()}
        return idf, sorted(frequency)

    # -- query side -------------------------------------------------------------------------

    def _correct(self, tokens: list[str]) -> tuple[list[str], set[str]]:
        """Replace unknown syllables by a known one at edit distance 1 (typos)."""
        fixed, corrected = [], set()
        for token in tokens:
            if token in self._idf or len(token) < 3 or not token.isalpha():
                fixed.append(token)
                continue
            match = process.extractOne(
                token, self._vocab, scorer=Levenshtein.distance, score_cutoff=1
            )
            if match:
                fixed.append(match[0])
                corrected.add(match[0])
            else:
                fixed.append(token)
        return fixed, corrected

    def _idf_of(self, token: str) -> float:
        return self._idf.get(token, math.log(len(self._docs) + 1) + 2.0)

    def _coverage(self, words: list[str], doc: _Doc, corrected: set[str]) -> float:
        total = sum(self._idf_of(t) for t in words)
        if not total:
            return 0.0
        got = sum(
            self._idf_of(t) * (self.tuning.corrected_credit if t in corrected else 1.0)
            for t in words
            if t in doc.tokens
        )
        return got / total

    def _named_localities(self, tokens: list[str]) -> set[str]:
        text = f" {' '.join(tokens)} "
        return {
            name
            for name, words in self._locality_names.items()
            if f" {' '.join(words[1:])} " in text
        }

    def search(self, question: str) -> SearchResult:
        """Decide how to answer one question."""
        refs = document_refs(question)
        unknown = tuple(sorted(r for r in refs if r not in self.known_refs))
        if unknown:
            return SearchResult(
                "abstain", question, reason="unknown_document", unknown_refs=unknown
            )
        tokens, corrected = self._correct(analyze(question))
        words = list(dict.fromkeys(content_tokens(tokens)))
        if not words:
            return SearchResult("abstain", question, reason="empty")
        hits = self._rank(tokens, words, corrected, refs)
        return self._decide(question, tokens, words, corrected, hits)

    def _rank(
        self, tokens: list[str], words: list[str], corrected: set[str], refs: set[tuple[str, str]]
    ) -> list[Hit]:
        terms = with_pairs(tokens)
        scores = self._questions.scores(terms) + self.tuning.answer_weight * self._answers.scores(
            terms
        )
        count = min(self.tuning.candidates, len(scores))
        top = np.argpartition(-scores, count - 1)[:count] if count else []
        query_text = " ".join(tokens)
        places = self._named_localities(tokens)
        numbers = {n for _, n in refs if n != "5"}
        hits = []
        for i in top:
            if scores[i] <= 0:
                continue
            doc = self._docs[i]
            coverage = self._coverage(words, doc, corrected)
            similar = max(fuzz.token_sort_ratio(query_text, p) for p in doc.phrases) / 100
            score = self.tuning.coverage_weight * coverage + self.tuning.fuzzy_weight * similar
            if places and doc.locality and doc.locality not in places:
                score *= self.tuning.other_locality_factor
            if numbers and not numbers <= doc.numbers:
                score *= self.tuning.missing_number_factor
            hits.append(Hit(self.entries[i], score, coverage, similar))
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits

    def _decide(
        self,
        question: str,
        tokens: list[str],
        words: list[str],
        corrected: set[str],
        hits: list[Hit],
    ) -> SearchResult:
        t = self.tuning
        best = hits[0] if hits else None
        if best and best.score >= t.answer_at:
            rivals = self._rivals(best, hits, tokens)
            if rivals:
                return SearchResult(
                    "ambiguous", question, best.score, suggestions=tuple(h.entry for h in rivals)
                )
            return SearchResult("entry", question, best.score, entry=best.entry)
        passage, passage_score = self._best_passage(tokens, words, corrected)
        if passage is not None and passage_score >= t.passage_at:
            return SearchResult("passage", question, passage_score, passage=passage)
        suggestions = tuple(h.entry for h in hits[:3] if h.score >= t.suggest_at)
        return SearchResult(
            "abstain",
            question,
            best.score if best else 0.0,
            suggestions=suggestions,
            reason="low_confidence",
        )

    def _rivals(self, best: Hit, hits: list[Hit], tokens: list[str]) -> list[Hit]:
        """Close candidates from other localities when the question names none."""
        if self._named_localities(tokens):
            return []
        best_doc = self._doc_of(best.entry)
        chosen = [best]
        for hit in hits[1:]:
            if hit.score < best.score - self.tuning.ambiguity_margin or len(chosen) == 3:
                break
            doc = self._doc_of(hit.entry)
            if doc.locality == best_doc.locality or not doc.locality or not best_doc.locality:
                continue
            if any(doc.locality == self._doc_of(c.entry).locality for c in chosen):
                continue
            chosen.append(hit)
        return chosen if len(chosen) > 1 else []

    def _doc_of(self, entry: Entry) -> _Doc:
        return self._docs[self._position[entry.id]]

    @property
    def _position(self) -> dict[str, int]:
        cached = self.__dict__.get("_positions")
        if cached is None:
            cached = {e.id: i for i, e in enumerate(self.entries)}
            self.__dict__["_positions"] = cached
        return cached

    def _best_passage(
        self, tokens: list[str], words: list[str], corrected: set[str]
    ) -> tuple[Passage | None, float]:
        if self._passage_index is None or len(words) < 2:
            return None, 0.0
        scores = self._passage_index.scores(with_pairs(tokens))
        best_i = int(np.argmax(scores))
        if scores[best_i] <= 0:
            return None, 0.0
        doc = self._passage_docs[best_i]
        places = self._named_localities(tokens)
        score = self._coverage(words, doc, corrected)
        if places and doc.locality not in places:
            score *= self.tuning.other_locality_factor
        return self.passages[best_i], score
