"""Search latency and index build time: the real knowledge base and synthetic 10k / 100k bases.

    uv run python bench/bench_search.py            # real base + 10,000 + 100,000
    uv run python bench/bench_search.py --sizes 10000

Targets (issue 2): p99 ≤ 2 ms on the real base, ≤ 20 ms at 100,000 entries, one core;
start-up to first answer ≤ 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import latencies_ms, one_core, percentile, summary, timed

one_core()

from bot.wiring import build_searcher  # noqa: E402
from knowledge.evaluation import load_cases  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from knowledge.model import Entry, SourceRef  # noqa: E402
from knowledge.search import Searcher  # noqa: E402

QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "qa_testset.yaml"


def startup_seconds(cache_dir: str, runs: int = 3) -> list[float]:
    """Wall time of a fresh `nq05bot ask` process answering one question.

    ``cache_dir`` is its INDEX_CACHE_DIR: a directory (filled by a first, untimed run) or "off".
    """
    env = {**os.environ, "INDEX_CACHE_DIR": cache_dir}
    command = [sys.executable, "-m", "bot.cli", "ask", "nq05 ra doi khi nao"]
    if cache_dir != "off":
        subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def synthetic_entries(real: list[Entry], size: int, seed: int = 5) -> list[Entry]:
    """Entries made of the real base's words, recombined, with the real shape and lengths."""
    rng = random.Random(seed)
    words = [w for e in real for w in f"{e.question} {e.answer}".split()]
    out = []
    for i in range(size):
        template = real[i % len(real)]

        def text(like: str) -> str:
            return " ".join(rng.choice(words) for _ in like.split())

        out.append(
            Entry(
                id=f"syn-{i}",
                question=text(template.question),
                paraphrases=[text(p) for p in template.paraphrases[:6]],
                answer=text(template.answer),
                tags=list(template.tags),
                source=SourceRef(file=template.source.file, section=template.source.section),
            )
        )
    return out


def measure(name: str, searcher: Searcher, questions: list[str], rounds: int) -> None:
    for q in questions[:20]:
        searcher.search(q)  # warm up
    values = latencies_ms(searcher.search, questions * rounds)
    print(summary(name, values))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    questions = [c.question for c in load_cases(QUESTIONS)]
    print(f"queries: {len(questions)} questions of {QUESTIONS.name}, one core")

    load_s = timed(load_knowledge)
    kb = load_knowledge()
    build_s = timed(lambda: build_searcher(kb))
    print(
        f"real base: {len(kb.entries)} entries, {len(kb.passages)} passages; "
        f"load {load_s * 1000:.0f} ms, index build {build_s * 1000:.0f} ms"
    )
    measure("search, real base", build_searcher(kb), questions, args.rounds)
    with tempfile.TemporaryDirectory() as cache_dir:
        for name, where in (("index cached", cache_dir), ("no cache", "off")):
            starts = startup_seconds(where)
            print(
                f"start-up to first answer (fresh process, {name}): "
                f"median {statistics.median(starts):.2f} s, "
                f"max {max(starts):.2f} s over {len(starts)} runs"
            )

    for size in args.sizes:
        entries = synthetic_entries(kb.entries, size)
        start = time.perf_counter()
        searcher = Searcher(entries)
        build = time.perf_counter() - start
        print(f"synthetic base: {size} entries; index build {build:.1f} s")
        rounds = max(1, args.rounds // (size // 10_000 or 1))
        values = latencies_ms(searcher.search, questions * rounds)
        print(summary(f"search, {size} entries", values))
        print(f"{'':<28} p99.9={percentile(values, 99.9):.3f} ms")


if __name__ == "__main__":
    main()
