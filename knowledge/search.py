"""Search over curated entries and source passages, with an answer-or-abstain decision.

BM25 over syllables and syllable pairs (``bm25s``, questions and answers) proposes candidates;
for each, :mod:`knowledge.features` measures the evidence (accent- and word-aware coverage of the
question, ``rapidfuzz`` similarity to the curated phrasings, locality, document numbers, the kind
of answer asked for), and two logistic models (:mod:`knowledge.reranker`, fitted on synthetic
questions from the base itself) order the candidates and decide whether the first one answers.
Document numbers in a query must be ones the sources know and a place the documents do not cover
is not answered with Hải Phòng's; close candidates of other localities are offered as choices.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Literal, NamedTuple

import bm25s
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge import index_cache, intent
from knowledge.features import (
    FEATURES,
    HAS_WORDS,
    NUMBERED,
    DocView,
    QueryView,
    Weights,
    count_object,
    counted_after_numbers,
    coverage,
    extract_all,
    phrase_index,
    sorted_words,
    things_counted,
)
from knowledge.instances import instance_asked, names_instance
from knowledge.model import Entry
from knowledge.model_names import model_title
from knowledge.normalize import (
    YEAR,
    accented_forms,
    accented_words,
    analyze,
    chat_words,
    content_tokens,
    document_refs,
    lexicon,
    surface_words,
    typed_with_diacritics,
    with_pairs,
)
from knowledge.parts import parts
from knowledge.passages import Passage
from knowledge.people import PostAsked, asks_signer, names_holder, names_person, post_asked
from knowledge.reranker import Reranker

# bm25s sets its own logger to DEBUG on import; its index-building chatter is not ours to show.
logging.getLogger("bm25s").setLevel(logging.WARNING)

AnswerKind = Literal["entry", "passage", "ambiguous", "abstain"]


_COMMON_WORD_IDF = 4.0  # "mô hình" 1.6, "phần trăm" 3.8; "dương theo" 5.1
_EXACT = 0.999  # rapidfuzz similarity of a phrasing with the same words

# the abstention reason when a candidate lacks the precise answer asked for
_NOT_PRECISE = {
    intent.DAY: "undated",
    intent.WEEKDAY: "undated",
    intent.MONTH: "unmonthed",
    intent.QUARTER: "unquartered",
    intent.PERCENT: "unrated",
}


@dataclass(frozen=True)
class Tuning:
    """Thresholds of the decision; kept together so benchmarks and tests share them."""

    answer_weight: float = 0.35  # BM25 over answers, relative to BM25 over questions
    answer_at: float = 0.25  # probability (from the reranker) needed to answer
    singled_out_at: float = 0.8  # the ranker's probability above which ...
    answer_at_singled_out: float = 0.18  # ... this lower gate probability is enough
    suggest_at: float = 0.15
    passage_at: float = 0.95
    passage_min_words: int = 3
    ambiguity_margin: float = 0.05  # in gate probability
    # ordering weight of an entry about one locality when the question names none: such a
    # question is first about the resolution itself ("nq05 ban hành khi nào")
    unnamed_locality_weight: float = 0.9
    corrected_credit: float = 0.6
    accent_mismatch_credit: float = 0.4
    candidates: int = 12
    runners_up: int = 8  # next candidates that may answer what the first lacks, if sure
    more_parts: int = 2  # entries added for the other things a question of several parts asks
    new_in_part: float = 0.2  # ... each with at least this share of words the reply lacks


@dataclass(frozen=True)
class Hit:
    """A scored candidate entry and the evidence behind its score."""

    entry: Entry
    score: float  # the ranker's probability, used to order candidates
    confidence: float = 0.0  # the gate's probability that this entry answers the question
    features: tuple[float, ...] = ()

    def feature(self, name: str) -> float:
        return self.features[FEATURES.index(name)]


def sure(hit: Hit, tuning: Tuning) -> bool:
    """Whether the gate is sure enough of a candidate to answer with it: less sure will do
    when the ranker singles that candidate out among the others."""
    if hit.score >= tuning.singled_out_at:
        return hit.confidence >= tuning.answer_at_singled_out
    return hit.confidence >= tuning.answer_at


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
    # "unstated_topic": what the documents never state; "unyeared": the year; "not_stated":
    # what the entry (``entry``) says its document does not give ("lead", "names" …);
    # "unknown_model": the name of a model the documents do not have
    topic: str = ""
    more: tuple[Entry, ...] = ()  # "entry": further entries for other parts of the question
    elsewhere: tuple[str, ...] = ()  # "model_elsewhere": the programmes that have the model


@dataclass
class _Index:
    """A BM25 index: ``bm25s``'s precomputed term-by-document scores and its vocabulary."""

    vocab: dict[str, int]
    data: np.ndarray  # the scores of the sparse term-by-document matrix, column by column
    indices: np.ndarray  # the document of each score
    indptr: list[int]  # where each term's column starts in data and indices
    size: int

    @classmethod
    def build(cls, corpus: list[list[str]]) -> _Index:
        retriever = bm25s.BM25()
        retriever.index([doc or ["_"] for doc in corpus], show_progress=False)
        if retriever.nonoccurrence_array is not None:  # BM25L / BM25+: not what we build
            raise ValueError(f"unsupported BM25 variant {retriever.method}")
        matrix = retriever.scores
        return cls(
            dict(retriever.vocab_dict),
            matrix["data"],
            matrix["indices"],
            matrix["indptr"].tolist(),
            len(corpus),
        )

    def __setstate__(self, state: dict[str, object]) -> None:
        """Unpickle (from the cache), giving the arrays numpy's own dtype objects back.

        An unpickled array's dtype equals numpy's but is another object, and ``np.add.at``
        then leaves its fast loop: the scores come out the same some twenty times slower.
        """
        self.__dict__.update(state)
        self.data = _canonical(self.data)
        self.indices = _canonical(self.indices)

    def count(self, term: str) -> int:
        """How many documents the term occurs in."""
        column = self.vocab.get(term)
        if column is None or column + 1 >= len(self.indptr):
            return 0
        return self.indptr[column + 1] - self.indptr[column]

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every document for the terms (repeated terms count again).

        The same sums as ``bm25s.BM25.get_scores``, in the same order and float32, but with one
        ``np.add.at`` over the postings of all the terms instead of one per term.
        """
        scores = np.zeros(self.size, dtype=self.data.dtype)
        vocab, indptr = self.vocab, self.indptr
        columns = [vocab[t] for t in terms if t in vocab]
        if columns:
            spans = [(indptr[c], indptr[c + 1]) for c in columns]
            documents = np.concatenate([self.indices[a:b] for a, b in spans])
            values = np.concatenate([self.data[a:b] for a, b in spans])
            np.add.at(scores, documents, values)
        return scores


def _canonical(array: np.ndarray) -> np.ndarray:
    """The same array viewed with numpy's built-in dtype object for its type."""
    return array.view(np.dtype(array.dtype.str))


@dataclass
class _Corpus:
    """What the searcher derives from its entries and passages (what the cache keeps)."""

    docs: list[DocView]
    passage_docs: list[DocView]
    questions: _Index  # BM25 over the entries' questions, paraphrases and tags
    answers: _Index  # BM25 over the entries' answers
    passage_index: _Index | None
    idf: dict[str, float]
    vocab: list[str]  # the syllables spelled right for sure: typo correction keeps and offers them


@dataclass
class Searcher:
    """Answers questions from curated entries, falling back to source passages."""

    entries: Sequence[Entry]
    passages: Sequence[Passage] = ()
    localities: dict[str, str] = field(default_factory=dict)
    known_refs: frozenset[tuple[str, str]] = frozenset()
    other_places: tuple[str, ...] = ()
    # things the documents never state (places.yaml), each with longer words it is not part of
    unstated_topics: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # source file -> what kind of document it is ("Chương trình hành động"): a question that
    # names the document ("theo Chương trình hành động …") names it of each of its entries
    document_kinds: dict[str, str] = field(default_factory=dict)
    # locality -> what people call each model of its programme -> the model's name (catalogue)
    models_by_place: dict[str, dict[str, str]] = field(default_factory=dict)
    tuning: Tuning = field(default_factory=Tuning)
    reranker: Reranker | None = None

    cache_dir: Path | None = None  # keep the analysed corpus here between runs (index_cache)

    def __post_init__(self) -> None:
        if self.reranker is None:
            self.reranker = Reranker.load()
        self._locality_names = {
            name: tuple(analyze(name)) for name in set(self.localities.values())
        }
        self._places = {f" {' '.join(analyze(p))} ": p for p in self.other_places}
        self._topics = [_Topic.of(topic, unless) for topic, unless in self.unstated_topics]
        self._fillers = lexicon().fillers
        self._kept = frozenset(lexicon().add)
        self._skip = self._fillers | self._kept
        corpus = self._cached_corpus() if self.cache_dir is not None else self._analyse()
        self._docs, self._passage_docs = corpus.docs, corpus.passage_docs
        self._questions, self._answers = corpus.questions, corpus.answers
        self._passage_index = corpus.passage_index
        self._idf, self._vocab = corpus.idf, corpus.vocab
        self._spelled = frozenset(self._vocab)
        self._position = {e.id: i for i, e in enumerate(self.entries)}
        keys = {key for names in self.models_by_place.values() for key in names}
        self._model_keys = {key: analyze(key) for key in sorted(keys)}
        self._max_idf = math.log(len(self._docs) + len(self._passage_docs) + 1) + 2.0
        self._source_words = "|".join(doc.words for doc in self._passage_docs)
        self._postings: dict[str, int] = {}  # a known term -> its postings in both indexes
        self._w = Weights(self._max_idf, self.tuning.accent_mismatch_credit)

    def _cached_corpus(self) -> _Corpus:
        """The analysed corpus from the cache when it has this very corpus, else analysed now."""
        assert self.cache_dir is not None
        try:
            key = index_cache.key(self._texts())
        except OSError:  # the package's files unreadable: no key, no cache
            return self._analyse()
        corpus = index_cache.load(self.cache_dir, key)
        if isinstance(corpus, _Corpus):
            return corpus
        corpus = self._analyse()
        index_cache.save(self.cache_dir, key, corpus)
        return corpus

    def _texts(self) -> Iterator[str]:
        """Everything :meth:`_analyse` reads, as text (what the cache key covers)."""
        for entry in self.entries:
            yield entry.model_dump_json()
        for passage in self.passages:
            yield repr(passage)
        yield repr(sorted(self.localities.items()))
        yield repr(sorted(self.document_kinds.items()))

    def _analyse(self) -> _Corpus:
        """Analyse every entry and passage: their views for the features, the BM25 indexes."""
        question_corpus, answer_corpus, docs = [], [], []
        spelled: set[str] = set()  # syllables spelled right for sure (see _correct)
        phrased: Counter[str] = Counter()
        for entry in self.entries:
            # "p" of "p. Kiến An" stands beside its "phường": as a word it only ties the
            # question to whichever paraphrase happened to abbreviate so
            asked = [
                [t for t in analyze(phrasing) if not (len(t) == 1 and t in self._kept)]
                for phrasing in (entry.question, *entry.paraphrases)
            ]
            tags = [t for tag in entry.tags for t in analyze(tag)]
            tags += analyze(self.document_kinds.get(entry.source.file, ""))
            said = analyze(entry.answer)
            question_corpus.append([t for tokens in asked for t in with_pairs(tokens)] + tags)
            answer_corpus.append(with_pairs(said))
            named = self._named_localities(asked[0])
            text = " ".join((entry.question, *entry.paraphrases, entry.answer, *entry.tags))
            locality = min(named) if named else ""
            every = [t for tokens in (*asked, said, tags) for t in tokens]  # analyze(text)
            doc = self._doc(locality, asked, said, tags, text, entry.answer, said, every)
            asks = frozenset(intent.asked(asked[0]))
            docs.append(replace(doc, asks=asks, unstated=frozenset(entry.unstated)))
            spelled.update(asked[0], said, tags)
            phrased.update({t for tokens in asked[1:] for t in tokens})
        passage_corpus, passage_docs = [], []
        for passage in self.passages:
            text = f"{passage.parent} {passage.section} {passage.text}"
            said = analyze(text)
            passage_corpus.append(with_pairs(said))
            locality = self.localities.get(passage.file, "")
            doc = self._doc(locality, [], said, [], text, passage.text, analyze(passage.text), said)
            passage_docs.append(doc)
            spelled.update(said)
        idf, vocab = _weights([*docs, *passage_docs])
        spelled.update(t for t, entries in phrased.items() if entries > 1)
        vocab = [t for t in vocab if t in spelled]
        return _Corpus(
            docs=docs,
            passage_docs=passage_docs,
            questions=_Index.build(question_corpus),
            answers=_Index.build(answer_corpus),
            passage_index=_Index.build(passage_corpus) if self.passages else None,
            idf=idf,
            vocab=vocab,
        )

    def _doc(
        self,
        locality: str,
        asked: list[list[str]],
        said: list[str],
        tags: list[str],
        text: str,
        answer: str,
        answer_tokens: list[str],
        text_tokens: list[str],
    ) -> DocView:
        place = list(self._locality_names.get(locality, ()))
        question_words = {t for tokens in asked for t in tokens} | set(tags) | set(place)
        words = question_words | set(said)
        question_pairs = {p for tokens in (*asked, tags, place) for p in _pairs(tokens)}
        pairs = question_pairs | set(_pairs(said))
        phrases = tuple(" ".join(tokens) for tokens in asked) or ("",)
        return DocView(
            tokens=frozenset(words),
            question_tokens=frozenset(question_words),
            phrase_words=phrase_index([frozenset(tokens) | set(place) for tokens in asked]),
            phrase_count=len(asked),
            phrases=phrases,
            sorted_phrases=tuple(sorted_words(phrase) for phrase in phrases),
            pairs=frozenset(pairs),
            question_pairs=frozenset(question_pairs),
            accented=accented_forms(f"{text} {locality}"),
            locality=locality,
            numbers=frozenset(t for t in words if t.isdigit()),
            kinds=frozenset(intent.offered(answer, answer_tokens)),
            asks=frozenset(),
            counted=counted_after_numbers(answer, answer_tokens),
            words=f" {' '.join(text_tokens)} ",
            surface=surface_words(text),
        )

    # -- the question ---------------------------------------------------------------------------

    def _query(
        self,
        question: str,
        analysed: list[str] | None = None,
        refs: set[tuple[str, str]] | None = None,
    ) -> QueryView:
        """The question as the features see it (``analysed`` and ``refs``: when already known)."""
        analysed = analyze(question) if analysed is None else analysed
        refs = document_refs(question) if refs is None else refs
        tokens, corrected = self._correct(analysed)
        numbers = {n for _, n in refs if n != "5"}
        # chat words, and abbreviations kept beside their expansion that the base never uses
        # ("p" of "p. Kiến An" is "phường"; "du" stays: "du lịch")
        dropped = chat_words(question) | {
            t for t in tokens if t in self._kept and t not in self._idf
        }
        words = tuple(w for w in dict.fromkeys(content_tokens(tokens)) if w not in dropped)
        accents = accented_words(question)
        pairs = tuple(p for p in dict.fromkeys(_pairs(tokens)) if p in self._idf)
        links: dict[str, tuple[str, ...]] = {}
        for pair in pairs:
            for word in pair.split("_"):
                links[word] = (*links.get(word, ()), pair)
        return QueryView(
            text=" ".join(tokens),
            words=words,
            pairs=pairs,
            links=links,
            corrected=frozenset(corrected),
            accents=accents,
            places=frozenset(self._named_localities(tokens)),
            numbers=frozenset(numbers),
            asks=frozenset(intent.asked(tokens, self._skip | dropped)),
            counted=count_object(tokens, self._skip),
            things=self._things(question, tokens),
            aspects=intent.aspects_asked(tokens, refs, parts(question)),
            models=tuple(f" {' '.join(self._model_keys[k])} " for k in self._models_named(tokens)),
            wants_name=intent.asks_name(tokens),
            wants_signer=asks_signer(tokens),
            wants=intent.asks_exactly(tokens),
            instance=instance_asked(question),
            years=tuple(t for t in analysed if YEAR.fullmatch(t)),
            as_typed=" ".join(analysed),
            weight={t: self._idf_of(t) for t in (*words, *pairs)},
            credit={t: self.tuning.corrected_credit for t in corrected},
        )

    def _things(self, question: str, tokens: list[str]) -> str:
        """What the question counts of things that exist: "trường học", else "trường". A
        question typed with diacritics must say "có" or "gồm" ("thuế cơ sở mấy" counts nothing)."""
        surface = surface_words(question)
        if typed_with_diacritics(question) and not any(f" {w} " in surface for w in HAS_WORDS):
            return ""
        found = things_counted(tokens, self._skip)
        return found[-1] if found and found[-1] in self._idf else (found[0] if found else "")

    def _correct(self, tokens: list[str]) -> tuple[list[str], set[str]]:
        """Replace unknown syllables by a known one one edit away (typos: a letter dropped,
        added, changed, or two swapped); see :meth:`_closest`. Known means spelled right for
        sure: a syllable of an answer, a source, an entry's own question or tags, or of the
        paraphrases of two entries or more. A syllable of one entry's paraphrases only may be
        a typo written there ("tuyen truen"), and a true one edit away is preferred to it."""
        fixed, corrected = [], set()
        for i, token in enumerate(tokens):
            if token in self._spelled or len(token) < 3 or not token.isalpha():
                fixed.append(token)
                continue
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            match = self._closest(token, fixed[-1] if fixed else "", after)
            if match:
                fixed.append(match)
                corrected.add(match)
            else:
                fixed.append(token)
        return fixed, corrected

    def _closest(self, token: str, before: str, after: str) -> str:
        """The known syllable one edit from ``token`` that makes the commonest known word with a
        neighbour ("hành độg" → "hành động"; "Cẩm Giàg có" → "Cẩm Giàng", not "giao có"), else
        the most common one, a filler word too ("khôg" → "không", not "khỏe"); "" when there is
        none. A three-letter syllable has too many neighbours to guess from frequency alone:
        only a dropped letter that makes a common word is restored ("mô hìn" → "mô hình", while
        "thờ" is not made "theo" for the rare "dương theo")."""
        found = process.extract(token, self._vocab, scorer=OSA.distance, score_cutoff=1, limit=None)
        options = [word for word, _, _ in found]

        def word_made(word: str) -> float:
            """The IDF of the commonest word the syllable makes with a neighbour (∞: none)."""
            pairs = (f"{before}_{word}", f"{word}_{after}")
            return min((self._idf[p] for p in pairs if p in self._idf), default=math.inf)

        if len(token) < 4:
            options = [
                w for w in options if len(w) > len(token) and word_made(w) <= _COMMON_WORD_IDF
            ]
        return min(options, key=lambda w: (word_made(w), self._idf[w]), default="")

    def _idf_of(self, token: str) -> float:
        return self._idf.get(token, self._max_idf)

    def _other_place(self, analysed: list[str]) -> str:
        """A place outside the documents that the question (analysed) names, if any.

        The documents' own localities are masked first: "Nghi Dương kinh tế" does not name
        Dương Kinh.
        """
        text = f" {' '.join(analysed)} "
        for words in self._locality_names.values():
            text = text.replace(f" {' '.join(words[1:])} ", " | ")
        return next((name for key, name in self._places.items() if key in text), "")

    def _model_elsewhere(self, analysed: list[str]) -> tuple[str, str, tuple[str, ...]] | None:
        """A model the question (analysed) asks about in the one locality it names, when that
        locality's programme has no model of that name but another's has: the locality, the
        model's short name, and "locality: model" for each programme that has one."""
        named = self._named_localities(analysed) & self.models_by_place.keys()
        if len(named) != 1:
            return None
        place = named.pop()
        keys = self._models_named(analysed)
        if not keys or any(key in self.models_by_place[place] for key in keys):
            return None
        key = keys[0]
        where = tuple(
            f"{other}: “{names[key]}”"
            for other, names in self.models_by_place.items()
            if key in names
        )
        return place, key, where

    def _unknown_model(self, question: str, query: QueryView) -> str:
        """The name the question gives a model with capitals ("Mô hình Chợ văn minh thương
        mại"), when it is no model of the catalogue and the source documents never use it;
        typos in it are corrected first ("Chính quyền thân thiệ")."""
        title = model_title(question) if self._source_words and not query.models else ""
        if not title:
            return ""
        words = " ".join(self._correct(analyze(title))[0])
        return "" if f" {words} " in self._source_words else title

    def _models_named(self, tokens: list[str]) -> list[str]:
        """The models' short names that follow "mô hình" (within a few words: "mô hình thành
        phố âm nhạc") in the tokens."""
        starts = [i + 2 for i in range(len(tokens) - 1) if tokens[i : i + 2] == ["mo", "hinh"]]
        if not starts:
            return []
        return [
            key
            for key, words in self._model_keys.items()
            if any(
                f" {' '.join(words)} " in f" {' '.join(tokens[at : at + len(words) + 3])} "
                for at in starts
            )
        ]

    def _named_localities(self, tokens: list[str]) -> set[str]:
        text = f" {' '.join(tokens)} "
        return {
            name
            for name, words in self._locality_names.items()
            if f" {' '.join(words[1:])} " in text
        }

    # -- deciding -------------------------------------------------------------------------------

    def search(self, question: str) -> SearchResult:
        """Decide how to answer one question; an answered question of several parts gets the
        entries that answer its other parts too."""
        result, query, hits, whole = self._search(question)
        if result.kind == "entry" and result.entry is not None and query is not None:
            more = self._other_parts(question, query, result.entry, hits, whole)
            if more:
                return replace(result, more=more)
        return result

    def _search(
        self, question: str
    ) -> tuple[SearchResult, QueryView | None, list[Hit], np.ndarray]:
        """The decision for the whole question, the question as the features see it, its
        candidates, and every entry's BM25 score for it (empty when it was not searched)."""
        nothing = np.zeros(0)
        refs = document_refs(question)
        unknown = tuple(sorted(r for r in refs if r not in self.known_refs))
        if unknown:
            return (
                SearchResult("abstain", question, reason="unknown_document", unknown_refs=unknown),
                None,
                [],
                nothing,
            )
        analysed = analyze(question)
        place = self._other_place(analysed)
        if place:
            result = SearchResult("abstain", question, reason="other_place", place=place)
            return result, None, [], nothing
        elsewhere = self._model_elsewhere(analysed)
        if elsewhere is not None:
            place, key, where = elsewhere
            result = SearchResult(
                "abstain",
                question,
                reason="model_elsewhere",
                place=place,
                topic=key,
                elsewhere=where,
            )
            return result, None, [], nothing
        query = self._query(question, analysed, refs)
        if not query.words:
            return SearchResult("abstain", question, reason="empty"), query, [], nothing
        unknown_model = self._unknown_model(question, query)
        if unknown_model:
            result = SearchResult("abstain", question, reason="unknown_model", topic=unknown_model)
            return result, query, [], nothing
        whole = self._bm25(list(query.text.split()))
        hits = self._rank(query, whole)
        return self._decide(question, query, hits), query, hits, whole

    def _other_parts(
        self, question: str, query: QueryView, first: Entry, hits: list[Hit], whole: np.ndarray
    ) -> tuple[Entry, ...]:
        """Entries that answer the other parts of a question that asks several things
        (:func:`knowledge.parts.parts`): for each part (with the localities the question names
        when the part names none), the entry BM25 finds best for it, when that entry is also a
        candidate of the whole question that the gate finds plausible (a part alone, "mục tiêu
        là gì", may fit any entry), and its answer adds to what the reply already says."""
        plausible = {h.entry.id for h in hits if h.confidence >= self.tuning.suggest_at}
        asked = Counter(with_pairs(list(query.text.split())))  # the terms ``whole`` scored
        chosen = [first]
        said = set(_pairs(analyze(first.answer)))
        for part in parts(question):
            if len(chosen) > self.tuning.more_parts:
                break
            tokens = analyze(part)
            if len(set(content_tokens(tokens)) - self._skip) < 2:
                continue  # too little to search on its own
            if query.places and not self._named_localities(tokens):
                tokens = analyze(" ".join((part, *sorted(query.places))))
            entry = self.entries[int(np.argmax(self._part_scores(tokens, asked, whole)))]
            if entry.id not in plausible or entry.id in {e.id for e in chosen}:
                continue
            words = set(_pairs(analyze(entry.answer)))
            if len(words - said) < self.tuning.new_in_part * len(words):
                continue
            chosen.append(entry)
            said |= words
        return tuple(chosen[1:])

    def rank(self, question: str) -> list[Hit]:
        """Candidate entries for a question, best first (for diagnostics and tuning)."""
        return self._rank(self._query(question))

    def _bm25(self, tokens: list[str]) -> np.ndarray:
        """Every entry's BM25 score for these tokens and their pairs."""
        return self._scores(with_pairs(tokens))

    def _scores(self, terms: list[str]) -> np.ndarray:
        """Every entry's BM25 score for these terms (tokens and pairs)."""
        scores = self._questions.scores(terms)
        return scores + self.tuning.answer_weight * self._answers.scores(terms)

    def _part_scores(self, tokens: list[str], asked: Counter[str], whole: np.ndarray) -> np.ndarray:
        """:meth:`_bm25` of a part of the question, the cheaper way: summed over the part's
        own postings, or, for a part that is most of the question, derived from the whole
        question's scores (``whole``, for the terms ``asked``) by taking off what the part
        lacks and adding what it has more (BM25 adds up term by term; the two ways differ by
        float rounding only)."""
        own = Counter(with_pairs(tokens))
        lacks, more = asked - own, own - asked
        known = self._postings

        def postings(terms: Counter[str]) -> int:
            total = 0
            for term, n in terms.items():
                count = known.get(term)
                if count is None:
                    count = self._questions.count(term) + self._answers.count(term)
                    if count:  # only the bases' own terms: bounded by their vocabularies
                        known[term] = count
                total += n * count
            return total

        if postings(own) <= postings(lacks) + postings(more):
            return self._scores(list(own.elements()))
        return whole - self._scores(list(lacks.elements())) + self._scores(list(more.elements()))

    def _candidates(
        self, query: QueryView, scores: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The entries BM25 finds most relevant (``scores``: every entry's, when known), and
        their scores relative to the best."""
        if scores is None:
            scores = self._bm25(list(query.text.split()))
        count = min(self.tuning.candidates, len(scores))
        if not count:
            return np.zeros(0, dtype=int), np.zeros(0)
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[scores[top] > 0]
        best = float(scores[top].max()) if len(top) else 1.0
        return top, scores[top] / best

    def features(self, question: str) -> list[tuple[Entry, list[float]]]:
        """Feature vectors of a question's candidates (for fitting the reranker)."""
        query = self._query(question)
        top, vectors = self._vectors(query)
        return [(self.entries[i], vector) for i, vector in zip(top, vectors, strict=True)]

    def _vectors(
        self, query: QueryView, scores: np.ndarray | None = None
    ) -> tuple[list[int], list[list[float]]]:
        """The candidates' positions and their feature vectors."""
        top, relative = self._candidates(query, scores)
        positions = top.tolist()
        docs = [self._docs[i] for i in positions]
        return positions, extract_all(query, docs, relative.tolist(), self._w)

    def _rank(self, query: QueryView, scores: np.ndarray | None = None) -> list[Hit]:
        assert self.reranker is not None
        rank, gate = self.reranker.rank, self.reranker.gate
        hits = []
        for i, vector in zip(*self._vectors(query, scores), strict=True):
            score, confidence = rank.probability(vector), gate.probability(vector)
            hits.append(Hit(self.entries[i], score, confidence, tuple(vector)))
        # Best first by both models at once: the ranker's "this is the entry" and the gate's
        # "this entry answers it" (the ranker alone put a sibling entry first too often).
        weight = self.tuning.unnamed_locality_weight

        def order(hit: Hit) -> tuple[bool, float]:
            # a question typed as one of an entry's own phrasings (in any word order) asks that
            # entry's question, whatever the models make of its siblings
            exact = hit.feature("similar") >= _EXACT
            local = not query.places and self._doc_of(hit.entry).locality
            return exact, hit.score * hit.confidence * (weight if local else 1.0)

        hits.sort(key=order, reverse=True)
        return hits

    def _decide(self, question: str, query: QueryView, hits: list[Hit]) -> SearchResult:
        t = self.tuning
        best = hits[0] if hits else None
        topics = self._topics_asked(question, query)
        holder = post_asked(question)  # "ai là chủ tịch …": only a named holder answers it
        confident = bool(best and self._may_answer(query, best, holder))
        unstated = None
        if best and confident:
            unstated = self._first_unstated(topics, self._doc_of(best.entry))
            confident = unstated is None
        lacking = ""
        if best and confident:
            lacking = self._lacks(query, self._doc_of(best.entry), best.entry.answer)
            # a close candidate may give what the first one lacks, unless the first one says
            # its document does not give it
            seek = lacking and lacking != "not_stated"
            fitting = self._fitting_runner_up(query, hits, topics, holder) if seek else None
            if fitting is not None:
                best, lacking = fitting, ""
        confident = confident and not lacking
        if lacking == "not_stated" and best:  # the entry says its document does not give it
            aspect = min(intent.unstated_asked(query.aspects, self._doc_of(best.entry).unstated))
            return SearchResult(
                "abstain", question, best.confidence, best.entry, reason=lacking, topic=aspect
            )
        if best and confident:
            rivals = self._of_the_kind_asked(self._rivals(best, hits, query), query)
            if len(rivals) == 1:  # "hđnd xã …": of Cẩm Giàng's and Kiến An's, the commune's
                best, rivals = rivals[0], []
            if rivals:
                suggestions = tuple(h.entry for h in rivals)
                return SearchResult("ambiguous", question, best.confidence, suggestions=suggestions)
            return SearchResult("entry", question, best.confidence, entry=best.entry)
        passage, passage_score = (None, 0.0) if holder else self._best_passage(query, topics)
        if passage is not None and passage_score >= t.passage_at:
            return SearchResult("passage", question, passage_score, passage=passage)
        if lacking and best:  # the right subject, but not the number, name or year asked for
            year = self._missing_year(query, self._doc_of(best.entry))
            return SearchResult("abstain", question, best.confidence, reason=lacking, topic=year)
        score = best.confidence if best else 0.0
        if unstated is None and topics and best and best.confidence >= t.suggest_at:
            # the subject is recognised but the answer unsure: does any close candidate say it?
            close = [self._doc_of(h.entry) for h in hits[:3]]
            missing = [self._first_unstated(topics, doc) for doc in close]
            if close and all(m is not None for m in missing):
                unstated = missing[0]
        if unstated is not None:  # the subject is known, what is asked of it is not
            return SearchResult(
                "abstain", question, score, reason="unstated_topic", topic=unstated.shown
            )
        suggestions = tuple(h.entry for h in hits[:3] if h.confidence >= t.suggest_at)
        return SearchResult(
            "abstain", question, score, suggestions=suggestions, reason="low_confidence"
        )

    def _fitting_runner_up(
        self,
        query: QueryView,
        hits: list[Hit],
        topics: list[tuple[_Topic, bool]],
        holder: PostAsked | None,
    ) -> Hit | None:
        """The first of the next candidates that may answer and gives what the question asks
        for (a count, a name, a date …), or None; when the question names a locality, only a
        candidate from that locality's document fills in what the first one lacks."""
        for hit in hits[1 : self.tuning.runners_up + 1]:
            doc = self._doc_of(hit.entry)
            if query.places and self.localities.get(hit.entry.source.file) not in query.places:
                continue  # another locality's plan does not fill in what this one lacks
            if (
                self._may_answer(query, hit, holder)
                and self._first_unstated(topics, doc) is None
                and not self._lacks(query, doc, hit.entry.answer)
            ):
                return hit
        return None

    def _may_answer(self, query: QueryView, hit: Hit, holder: PostAsked | None) -> bool:
        """Whether the gate is sure of a candidate, it is not about another locality than the
        one the question names, it shares a word with the question, it speaks of a model the
        question names after "mô hình" ("mô hình phường âm nhạc … quý nào" is not answered by
        the one model with a quarter), and it names the holder of the post the question asks
        about, if any."""
        return (
            sure(hit, self.tuning)
            and not hit.feature("other_locality")
            and self._shares_a_word(query, hit)
            and (not query.models or self._speaks_of(hit, query.models))
            and (holder is None or names_holder(hit.entry.answer, holder))
        )

    def _speaks_of(self, hit: Hit, models: tuple[str, ...]) -> bool:
        """Whether a candidate's words hold one of the models (padded folded words)."""
        words = self._doc_of(hit.entry).words
        return any(model in words for model in models)

    def _doc_of(self, entry: Entry) -> DocView:
        """What the features know of an entry."""
        return self._docs[self._position[entry.id]]

    @staticmethod
    def _lacks(query: QueryView, doc: DocView, text: str) -> str:
        """What a candidate (``text``: its answer or passage) lacks that the question asks for,
        as an abstention reason: "uncounted" when "có bao nhiêu / có mấy X" finds no whole
        number right before X ("8 mô hình"); "unnamed" when "tên là gì" finds no name in
        quotation marks, "ai ký" no person named, or "X nào" (trường, hợp tác xã …) no X
        named; "undated", "unmonthed", "unquartered", "unrated" when "ngày nào", "tháng mấy",
        "quý mấy", "tỷ lệ" find no whole date, month, quarter, percentage; "unyeared" when it
        does not mention a year the question names ("đến năm 2035"); "not_stated" when the
        entry says its document does not give what the question asks (``Entry.unstated``)."""
        if intent.unstated_asked(query.aspects, doc.unstated):
            return "not_stated"
        if query.things and f"{NUMBERED}{query.things}" not in doc.counted:
            return "uncounted"
        if query.wants_name and intent.NAME not in doc.kinds:
            return "unnamed"
        if query.wants_signer and not names_person(text):
            return "unnamed"
        imprecise = sorted(query.wants - doc.kinds)
        if imprecise:
            return _NOT_PRECISE[imprecise[0]]
        if query.instance and not names_instance(text, query.instance, query.text):
            return "unnamed"
        if Searcher._missing_year(query, doc):
            return "unyeared"
        return ""

    @staticmethod
    def _missing_year(query: QueryView, doc: DocView) -> str:
        """The first year the question names that the candidate does not mention, or "".

        A date or a month mentions its year ("tháng 5/2026" is a token of its own, m202605)."""
        for year in query.years:
            dated = (f"d{year}", f"m{year}")
            if year not in doc.tokens and not any(t.startswith(dated) for t in doc.tokens):
                return year
        return ""

    def _shares_a_word(self, query: QueryView, hit: Hit) -> bool:
        """Whether the answer shares at least one two-syllable word with the question.

        Vietnamese words are mostly two syllables; a question whose syllables all occur in an
        entry but never as one of its words ("thời tiết" against "tiết kiệm thời gian") is
        about something else.
        """
        return bool(set(query.pairs) & self._doc_of(hit.entry).pairs)

    def _rivals(self, best: Hit, hits: list[Hit], query: QueryView) -> list[Hit]:
        """Close candidates about other localities, when the question names none."""
        best_doc = self._doc_of(best.entry)
        if query.places or not best_doc.locality:
            return []
        chosen, seen = [best], {best_doc.locality}
        for hit in hits[1:]:
            if len(chosen) == 3:
                break
            if hit.confidence < best.confidence - self.tuning.ambiguity_margin:
                continue
            locality = self._doc_of(hit.entry).locality
            if locality and locality not in seen:
                chosen.append(hit)
                seen.add(locality)
        return chosen if len(chosen) > 1 else []

    def _of_the_kind_asked(self, rivals: list[Hit], query: QueryView) -> list[Hit]:
        """The rivals about the kind of locality the question speaks of ("xã", "phường"), when
        any is; else all of them."""
        kind = _locality_kind(query.as_typed)
        same = [h for h in rivals if kind and self._doc_of(h.entry).locality.startswith(kind)]
        return same or rivals

    def _topics_asked(self, question: str, query: QueryView) -> list[tuple[_Topic, bool]]:
        """The unstated topics the question names, each with whether it was typed with
        diacritics.

        A topic counts when its words occur as typed with its diacritics, or typed without any;
        the same letters with other diacritics are another word ("lượng" is not "lương"), and a
        one-syllable topic typed without diacritics could be any of them, so it does not count.
        """
        # as typed, before typo correction ("miễn" is not corrected into "biên")
        text = f" {query.as_typed} "
        named = [topic for topic in self._topics if topic.folded in text]  # the cheap test first
        if not named:
            return []
        typed = surface_words(question)
        asked = []
        for topic in named:
            if topic.folded not in topic.outside(text, folded=True):
                continue
            if topic.written in topic.outside(typed, folded=False):
                asked.append((topic, topic.written != topic.folded))
            elif topic.folded in typed and len(topic.folded.split()) > 1:  # "luong": lương?
                asked.append((topic, False))
        return asked

    @staticmethod
    def _first_unstated(topics: list[tuple[_Topic, bool]], doc: DocView) -> _Topic | None:
        """The first unstated topic the question names that a candidate does not mention."""
        for topic, accented in topics:
            if accented:
                found = topic.written in topic.outside(doc.surface, folded=False)
            else:
                found = topic.folded in topic.outside(doc.words, folded=True)
            if not found:
                return topic
        return None

    def _best_passage(
        self, query: QueryView, topics: list[tuple[_Topic, bool]] | None = None
    ) -> tuple[Passage | None, float]:
        """The source passage that contains (nearly) every word of the question, if any."""
        if self._passage_index is None or len(query.words) < self.tuning.passage_min_words:
            return None, 0.0
        scores = self._passage_index.scores(with_pairs(list(query.text.split())))
        best_i = int(np.argmax(scores))
        if scores[best_i] <= 0:
            return None, 0.0
        doc = self._passage_docs[best_i]
        if topics and self._first_unstated(topics, doc) is not None:
            return None, 0.0
        if self._lacks(query, doc, self.passages[best_i].text):
            return None, 0.0
        known_pairs = set(query.pairs)
        if len(known_pairs & doc.pairs) < max(2, len(known_pairs) - 1):
            return None, 0.0  # a quoted passage needs the question's words, not just its syllables
        score = coverage(query, doc.tokens, doc.accented, self._w)
        if query.places and doc.locality not in query.places:
            score *= 0.75
        return self.passages[best_i], score


class _Topic(NamedTuple):
    """A topic the documents never state, as padded folded and written words."""

    folded: str
    written: str
    unless_folded: tuple[str, ...]  # longer words that contain it but mean something else
    unless_written: tuple[str, ...]
    shown: str  # how the reply names it: "đá với = bóng đá" is looked for as "đá với"

    @classmethod
    def of(cls, topic: str, unless: tuple[str, ...]) -> _Topic:
        words, _, shown = topic.partition("=")
        return cls(
            f" {' '.join(analyze(words))} ",
            surface_words(words),
            tuple(f" {' '.join(analyze(u))} " for u in unless),
            tuple(surface_words(u) for u in unless),
            (shown or words).strip(),
        )

    def outside(self, text: str, folded: bool) -> str:
        """``text`` without the longer words this topic is not ("công dân số" for "dân số")."""
        for longer in self.unless_folded if folded else self.unless_written:
            text = text.replace(longer, " ")
        return text


def _locality_kind(as_typed: str) -> str:
    """ "xã" or "phường" when the question (analysed, before typo correction) speaks of one
    kind of locality without naming it ("hđnd xã có nhiệm vụ gì"), else ""."""
    words = as_typed.split()
    commune = any(w == "xa" and words[i + 1 : i + 2] != ["hoi"] for i, w in enumerate(words))
    ward = "phuong" in words
    if commune == ward:
        return ""
    return "xã" if commune else "phường"


def _pairs(tokens: list[str]) -> list[str]:
    """Adjacent syllable pairs ("chi bo" → chi_bo) where neither syllable is a filler word."""
    fillers = lexicon().fillers
    return [f"{a}_{b}" for a, b in pairwise(tokens) if a not in fillers and b not in fillers]


def _weights(docs: list[DocView]) -> tuple[dict[str, float], list[str]]:
    """IDF of every syllable and syllable pair over entries and passages, and the syllables."""
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(doc.tokens)
        frequency.update(doc.pairs)
    total = len(docs) + 1
    idf = {t: math.log(total / (n + 0.5)) + 1.0 for t, n in frequency.items()}
    return idf, sorted(t for t in frequency if "_" not in t)
