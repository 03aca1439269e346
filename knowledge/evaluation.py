"""Scores the assistant against a question set: answered correctly in scope, abstained out of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.loader import KnowledgeBase
from knowledge.normalize import fold, normalized_text
from knowledge.search import Searcher


@dataclass(frozen=True)
class Case:
    """One test question: facts a correct answer contains, or out of scope."""

    question: str
    facts: tuple[str, ...] = ()
    out_of_scope: bool = False
    kind: str = ""


@dataclass
class Report:
    """How the assistant did."""

    in_scope: int = 0
    correct: int = 0
    out_of_scope: int = 0
    abstained: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.in_scope if self.in_scope else 1.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.out_of_scope if self.out_of_scope else 1.0


def load_cases(path: Path) -> list[Case]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Case(
            str(item["q"]),
            tuple(str(f) for f in item.get("facts") or ()),
            bool(item.get("out_of_scope")),
            str(item.get("kind", "")),
        )
        for item in raw
    ]


def _flat(text: str) -> str:
    return " ".join(fold(text).split())


def states(answer: str, fact: str) -> bool:
    """True when the answer states the fact: same words, ignoring case, diacritics, punctuation
    and abbreviations (UBND = Ủy ban nhân dân)."""
    if _flat(fact) in _flat(answer):
        return True
    return f" {normalized_text(fact)} " in f" {normalized_text(answer)} "


def evaluate(kb: KnowledgeBase, searcher: Searcher, cases: list[Case]) -> Report:
    """Run every case and collect failures with what the assistant did instead."""
    from handlers.qa import view

    report = Report()
    for case in cases:
        result = searcher.search(case.question)
        shown = view(kb, result)
        if case.out_of_scope:
            report.out_of_scope += 1
            if shown.answer is None:
                report.abstained += 1
            else:
                report.failures.append(
                    f"OOS answered ({result.score:.2f}): {case.question} -> {shown.source}"
                )
            continue
        report.in_scope += 1
        missing = [f for f in case.facts if not states(shown.answer or "", f)]
        if shown.answer is not None and not missing:
            report.correct += 1
            continue
        if shown.answer is None:
            what = f"{result.kind}/{result.reason} {[s[:50] for s in shown.suggestions]}"
        else:
            what = f"missing {missing} in {result.entry.id if result.entry else 'passage'}"
        report.failures.append(f"[{case.kind}] ({result.score:.2f}) {case.question} -> {what}")
    return report
