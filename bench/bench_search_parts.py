"""What answering the other parts of a question costs: the same base, searched with the part
search on and off (``Tuning.more_parts``), alternating, in one process.

    uv run python bench/bench_search_parts.py               # the real base
    uv run python bench/bench_search_parts.py --size 100000  # a synthetic base of that size
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import latencies_ms, one_core, summary

one_core()

from bench.bench_search import QUESTIONS, synthetic_entries  # noqa: E402
from bot.wiring import build_searcher  # noqa: E402
from knowledge.evaluation import load_cases  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from knowledge.parts import parts  # noqa: E402
from knowledge.search import Searcher  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=0, help="synthetic entries (0: real base)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    kb = load_knowledge()
    searcher = Searcher(synthetic_entries(kb.entries, args.size)) if args.size else None
    searcher = searcher or build_searcher(kb)
    questions = [c.question for c in load_cases(QUESTIONS)]
    several = sum(1 for q in questions if parts(q))
    print(
        f"base: {len(searcher.entries)} entries; queries: {len(questions)} of {QUESTIONS.name}, "
        f"{several} of them in several parts; one core"
    )
    on = searcher.tuning
    off = dataclasses.replace(on, more_parts=0)
    for q in questions[:20]:
        searcher.search(q)  # warm up
    for round_no in range(args.rounds):
        for name, tuning in (("parts on", on), ("parts off", off)):
            searcher.tuning = tuning
            values = latencies_ms(searcher.search, questions)
            print(summary(f"{name}, round {round_no + 1}", values))


if __name__ == "__main__":
    main()
