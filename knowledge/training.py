"""Fit the reranker's weights on synthetic questions built from the knowledge base itself.

No test question is used. Two kinds of examples:

- **positives** (cross-fitted): the paraphrases of every entry are split in two halves; an index
  is built from one half and the other half is asked against it, so each question is one the
  index has never seen. Unaccented copies are asked too. The right entry is labelled 1, the
  other top candidates 0 (near-duplicate entries of other localities are left out).
- **negatives** (out of scope): questions the documents cannot answer, made from the base's own
  subjects (localities, bodies, model names) joined to things the documents never state
  (population, address, salaries…), and known questions with their key word swapped for a word
  from outside the documents. Every candidate they reach is labelled 0.

Run ``uv run python -m knowledge.training`` to refit and rewrite ``data/reranker.yaml``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz

from knowledge.features import FEATURES
from knowledge.loader import KnowledgeBase, load_knowledge
from knowledge.model import Entry
from knowledge.normalize import fold
from knowledge.reranker import Logistic, Reranker
from knowledge.search import Searcher

# Things people ask about a place, a body or a model that a resolution and its implementation
# plans never state. Generic on purpose: they teach "the subject is known, the question is not".
UNSTATED = (
    "có bao nhiêu đảng viên",
    "dân số bao nhiêu người",
    "diện tích bao nhiêu km2",
    "trụ sở đặt ở đâu",
    "số điện thoại liên hệ là gì",
    "ai đang làm chủ tịch",
    "phó bí thư là ai",
    "được thành lập từ năm nào",
    "có bao nhiêu hộ nghèo",
    "thu nhập bình quân đầu người là bao nhiêu",
    "làm việc từ mấy giờ",
    "địa chỉ email là gì",
    "tổng vốn đầu tư bao nhiêu tỷ",
    "có bao nhiêu công chức",
    "lương tháng bao nhiêu tiền",
    "được khen thưởng gì năm ngoái",
    "có mấy trường mầm non",
    "website chính thức là gì",
    "có bao nhiêu học sinh",
    "có bao nhiêu doanh nghiệp",
    "tăng trưởng kinh tế năm 2025 đạt bao nhiêu",
    "có bao nhiêu giường bệnh",
    "giá đất hiện nay bao nhiêu",
    "có bao nhiêu người dân tộc thiểu số",
    "năm ngoái bị kỷ luật bao nhiêu người",
    "thu ngân sách được bao nhiêu",
    "xếp hạng thứ mấy của thành phố",
    "có bao nhiêu nhà văn hóa",
    "ai là người đứng đầu trước đây",
    "quy mô bao nhiêu hecta",
)
# Words from outside the documents, to swap into known questions.
FOREIGN = (
    "học phí",
    "sổ đỏ",
    "bảo hiểm xã hội",
    "lương hưu",
    "đảng phí",
    "thuế thu nhập",
    "giấy phép lái xe",
    "căn cước",
    "tiền điện",
    "xe buýt",
    "bóng đá",
    "chứng khoán",
    "vắc xin",
    "tuyển sinh",
    "nghĩa vụ quân sự",
    "hộ chiếu",
    "giá vàng",
    "thời tiết",
    "kết hôn",
    "khai sinh",
)
OFF_TOPIC = (
    "hôm nay thời tiết thế nào",
    "giá xăng bao nhiêu",
    "cách nấu canh chua",
    "tỷ giá đô la hôm nay",
    "lịch nghỉ tết năm nay",
    "mua vé máy bay ở đâu",
    "xem bóng đá trực tiếp ở đâu",
    "cách đổi mật khẩu zalo",
)
GENERIC_SUBJECTS = (
    "Đảng ủy xã",
    "Ủy ban nhân dân phường",
    "Mặt trận Tổ quốc xã",
    "Đoàn Thanh niên",
    "chi bộ thôn",
    "Ban Xây dựng Đảng",
    "Trung tâm Dịch vụ sự nghiệp công",
    "Trạm y tế xã",
    "Ban Chấp hành Đảng bộ thành phố",
    "Thành ủy Hải Phòng",
)


@dataclass(frozen=True)
class Example:
    """A question and the entry that answers it (None: nothing in the base does)."""

    question: str
    target: str | None


def _fold_half(entry: Entry, fold_no: int) -> tuple[Entry, list[str]]:
    """The entry with one half of its phrasings, and the other half (to be asked)."""
    phrases = [entry.question, *entry.paraphrases]
    kept = [p for i, p in enumerate(phrases) if i % 2 != fold_no]
    asked = [p for i, p in enumerate(phrases) if i % 2 == fold_no]
    if not kept:
        kept, asked = asked[:1], asked[1:]
    indexed = entry.model_copy(update={"question": kept[0], "paraphrases": kept[1:] or kept[:1]})
    return indexed, asked


# How people pad a question in chat: the gate must not take these for unexplained words.
PADDING = (
    "cho em hỏi",
    "ad ơi",
    "đồng chí cho hỏi",
    "vậy ạ",
    "thế nhỉ",
    "ấy nhỉ",
    "hiện nay",
    "cụ thể là",
    "nhé",
    "với ạ",
)


def _typed(question: str, rng: random.Random) -> str:
    """A question as someone might type it: padded, one word dropped, maybe unaccented."""
    words = question.split()
    if len(words) > 4 and rng.random() < 0.4:
        del words[rng.randrange(len(words))]
    if rng.random() < 0.5:
        words.insert(0, rng.choice(PADDING[:3]))
    else:
        words.append(rng.choice(PADDING[3:]))
    text = " ".join(words)
    return fold(text) if rng.random() < 0.5 else text


def positives(
    entries: Sequence[Entry], fold_no: int, rng: random.Random
) -> tuple[list[Entry], list[Example]]:
    """Entries for a cross-fitted index, and the questions held out of it (some as typed)."""
    indexed, examples = [], []
    for entry in entries:
        kept, asked = _fold_half(entry, fold_no)
        indexed.append(kept)
        for question in asked:
            examples.append(Example(question, entry.id))
            examples.append(Example(_typed(question, rng), entry.id))
    return indexed, examples


def subjects(kb: KnowledgeBase) -> list[str]:
    """Things the base talks about: localities, bodies, model names (from the catalogue)."""
    names = [doc.locality for doc in kb.documents.values() if doc.locality]
    names += list(GENERIC_SUBJECTS)
    for locality in kb.localities:
        for model in locality.models:
            names.append(f"mô hình {model.name}")
    return names


def negatives(kb: KnowledgeBase, entries: Sequence[Entry], rng: random.Random) -> list[Example]:
    """Out-of-scope questions built from the base's subjects and outside words."""
    found = [Example(f"{s} {a}", None) for s in subjects(kb) for a in UNSTATED]
    found = rng.sample(found, min(len(found), 600))
    for entry in rng.sample(list(entries), min(len(entries), 300)):
        words = entry.paraphrases[0].split()
        if len(words) < 4:
            continue
        at = rng.randrange(1, len(words) - 1)
        words[at : at + 2] = [rng.choice(FOREIGN)]
        found.append(Example(" ".join(words), None))
    found += [Example(q, None) for q in OFF_TOPIC]
    found += [Example(fold(e.question), None) for e in found[: len(found) // 3]]
    return found


def _near_duplicates(entries: Sequence[Entry]) -> dict[str, set[str]]:
    """Entries that ask the same thing (other localities' copies of a city-wide fact)."""
    same: dict[str, set[str]] = {e.id: set() for e in entries}
    for i, a in enumerate(entries):
        for b in entries[i + 1 :]:
            if fuzz.token_set_ratio(fold(a.answer), fold(b.answer)) >= 85:
                same[a.id].add(b.id)
                same[b.id].add(a.id)
    return same


def _is_right(example: Example, entry: Entry, same: dict[str, set[str]]) -> bool:
    return example.target is not None and (
        entry.id == example.target or entry.id in same.get(example.target, ())
    )


def rank_samples(
    searcher: Searcher, examples: Iterable[Example], same: dict[str, set[str]], per_query: int = 8
) -> tuple[list[list[float]], list[int]]:
    """Ranker rows: for each answerable question, its target (1) and strongest rivals (0)."""
    rows: list[list[float]] = []
    labels: list[int] = []
    for example in examples:
        if example.target is None:
            continue
        found = searcher.rank(example.question)
        rivals = 0
        for hit in found:
            if hit.entry.id == example.target:
                rows.append(list(hit.features))
                labels.append(1)
            elif not _is_right(example, hit.entry, same) and rivals < per_query:
                rows.append(list(hit.features))
                labels.append(0)
                rivals += 1
    return rows, labels


def gate_samples(
    searcher: Searcher, examples: Iterable[Example], same: dict[str, set[str]]
) -> tuple[list[list[float]], list[int]]:
    """Gate rows: the first candidate of each question, 1 when answering with it is right."""
    rows: list[list[float]] = []
    labels: list[int] = []
    for example in examples:
        found = searcher.rank(example.question)
        if found:
            rows.append(list(found[0].features))
            labels.append(int(_is_right(example, found[0].entry, same)))
    return rows, labels


def fit(
    rows: list[list[float]], labels: list[int], l2: float = 1.0, unused: Sequence[str] = ()
) -> Logistic:
    """Logistic regression by Newton's method, classes balanced, L2 on the weights."""
    keep = [i for i, f in enumerate(FEATURES) if f not in unused]
    x = np.asarray(rows, dtype=float)[:, keep]
    x = np.hstack([np.ones((len(rows), 1)), x])
    y = np.asarray(labels, dtype=float)
    balance = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (balance * (p - y)) + penalty @ w
        hessian = (x * (balance * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = [0.0] * len(FEATURES)
    for j, i in enumerate(keep):
        weights[i] = float(w[j + 1])
    return Logistic(tuple(weights), float(w[0]))


# The gate judges the first candidate on its own: evidence relative to the other candidates
# (BM25 relative to the best is always 1 for the first) tells nothing about whether to answer.
GATE_UNUSED = ("bm25",)


def fit_reranker(kb: KnowledgeBase, seed: int = 5) -> tuple[Reranker, str]:
    """Fit the ranker, then the gate on what the fitted ranker puts first (two folds each)."""
    from bot.wiring import build_searcher

    rng = random.Random(seed)
    base = build_searcher(kb)
    same = _near_duplicates(kb.entries)
    out_of_scope = negatives(kb, kb.entries, rng)
    folds = []
    for fold_no in (0, 1):
        indexed, asked = positives(kb.entries, fold_no, rng)
        # the same searcher as the assistant's (every setting copied), over part of the entries
        searcher = replace(base, entries=indexed, reranker=Reranker.neutral())
        folds.append((searcher, [*asked, *out_of_scope[fold_no::2]]))
    rows: list[list[float]] = []
    labels: list[int] = []
    for searcher, examples in folds:
        r, y = rank_samples(searcher, examples, same)
        rows += r
        labels += y
    rank = fit(rows, labels)
    gate_rows: list[list[float]] = []
    gate_labels: list[int] = []
    for searcher, examples in folds:
        searcher.reranker = Reranker(rank, Logistic.neutral())
        r, y = gate_samples(searcher, examples, same)
        gate_rows += r
        gate_labels += y
    gate = fit(gate_rows, gate_labels, unused=GATE_UNUSED)
    note = (
        f"ranker: {len(rows)} rows ({sum(labels)} right); "
        f"gate: {len(gate_rows)} questions ({sum(gate_labels)} answered right); seed {seed}"
    )
    return Reranker(rank, gate), note


def main() -> None:
    model, note = fit_reranker(load_knowledge())
    model.save(note=note)
    print(note)
    print(f"  {'feature':18s} {'rank':>7s} {'gate':>7s}")
    for name, r, g in zip(FEATURES, model.rank.weights, model.gate.weights, strict=True):
        print(f"  {name:18s} {r:+7.3f} {g:+7.3f}")
    print(f"  {'bias':18s} {model.rank.bias:+7.3f} {model.gate.bias:+7.3f}")


if __name__ == "__main__":
    main()
