"""Two small logistic models over the features of :mod:`knowledge.features`.

- ``rank`` orders the candidates of one question (it may use evidence relative to the other
  candidates, such as the BM25 score relative to the best);
- ``gate`` gives the probability that the first candidate really answers the question, from
  absolute evidence only, and decides between answering and abstaining.

Their weights are data (``data/reranker.yaml``), fitted by :mod:`knowledge.training` on
synthetic questions built from the knowledge base; scoring is one dot product per candidate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import mul
from pathlib import Path
from typing import Any

import yaml

from knowledge.features import FEATURES

WEIGHTS_FILE = Path(__file__).parent / "data" / "reranker.yaml"


@dataclass(frozen=True)
class Logistic:
    """Weights over :data:`knowledge.features.FEATURES` and a bias."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, features: list[float] | tuple[float, ...]) -> float:
        if len(features) != len(self.weights):
            raise ValueError(f"{len(features)} features for {len(self.weights)} weights")
        z = self.bias + sum(map(mul, self.weights, features))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    @classmethod
    def neutral(cls) -> Logistic:
        return cls((0.0,) * len(FEATURES), 0.0)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Logistic:
        """Weights by feature name; features the data does not name weigh nothing."""
        named = raw.get("weights") or {}
        return cls(tuple(float(named.get(f, 0.0)) for f in FEATURES), float(raw.get("bias", 0)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "bias": round(self.bias, 4),
            "weights": {f: round(w, 4) for f, w in zip(FEATURES, self.weights, strict=True)},
        }


@dataclass(frozen=True)
class Reranker:
    """The candidate ranker and the answer-or-abstain gate."""

    rank: Logistic
    gate: Logistic

    @classmethod
    def neutral(cls) -> Reranker:
        return cls(Logistic.neutral(), Logistic.neutral())

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Reranker:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rank, gate = raw.get("rank") or {}, raw.get("gate") or {}
        return cls(Logistic.from_dict(rank), Logistic.from_dict(gate))

    def save(self, path: Path = WEIGHTS_FILE, note: str = "") -> None:
        header = (
            "# Logistic weights of the candidate ranker and of the answer-or-abstain gate,\n"
            "# fitted by `uv run python -m knowledge.training` on synthetic questions built from\n"
            "# the knowledge base (no test question). Do not edit by hand: refit instead.\n"
        )
        header += "".join(f"# {line}\n" for line in note.splitlines())
        body = {"rank": self.rank.to_dict(), "gate": self.gate.to_dict()}
        path.write_text(header + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
