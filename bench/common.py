"""Helpers shared by the benchmark scripts: one core, percentiles, a printed table."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterable


def one_core() -> None:
    """Pin this process to a single core, as the targets are stated for one core."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def latencies_ms(action: Callable[[str], object], inputs: Iterable[str]) -> list[float]:
    out = []
    for item in inputs:
        start = time.perf_counter()
        action(item)
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(name: str, values_ms: list[float]) -> str:
    total_s = sum(values_ms) / 1000
    rate = len(values_ms) / total_s if total_s else 0.0
    return (
        f"{name:<28} n={len(values_ms):>6}  median={statistics.median(values_ms):7.3f} ms  "
        f"p99={percentile(values_ms, 99):7.3f} ms  throughput={rate:8.0f}/s"
    )
