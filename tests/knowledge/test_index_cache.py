"""The on-disk cache of the analysed corpus: used when it matches, never stale, never fatal."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from handlers.context import Services
from knowledge import index_cache
from knowledge.search import Searcher

QUESTIONS = ("nq05 ra doi khi nao", "mô hình dân vận khéo", "chi bo can lam gi", "thời tiết")


def _searcher(services: Services, cache_dir: Path | None, entries: int = 25) -> Searcher:
    kb = services.kb
    localities = {file: doc.locality for file, doc in kb.documents.items()}
    return Searcher(kb.entries[:entries], kb.passages[:10], localities, cache_dir=cache_dir)


def _answers(searcher: Searcher) -> list[tuple[object, ...]]:
    out = []
    for question in QUESTIONS:
        result = searcher.search(question)
        hits = [(h.entry.id, h.score, h.confidence, h.features) for h in searcher.rank(question)]
        entry = result.entry.id if result.entry else None
        out.append((result.kind, result.score, entry, hits))
    return out


def _cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{index_cache.PREFIX}*{index_cache.SUFFIX}"))


def _no_analysis(self: Searcher) -> None:
    raise AssertionError("the corpus was analysed again")


def test_a_second_searcher_reads_the_cache_and_answers_identically(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = _answers(_searcher(services, None))
    assert _answers(_searcher(services, tmp_path)) == fresh
    assert len(_cache_files(tmp_path)) == 1
    monkeypatch.setattr(Searcher, "_analyse", _no_analysis)
    cached = _searcher(services, tmp_path)
    assert _answers(cached) == fresh
    # numpy's own dtype objects, not unpickled copies (with which np.add.at is slow)
    assert cached._questions.data.dtype is np.dtype(np.float32)
    assert cached._questions.indices.dtype is np.dtype(cached._questions.indices.dtype.str)


def test_another_corpus_gets_another_key(services: Services, tmp_path: Path) -> None:
    _searcher(services, tmp_path)
    _searcher(services, tmp_path, entries=24)
    assert len(_cache_files(tmp_path)) == 2


def test_a_changed_package_file_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "abbreviations.yaml"
    rules.write_text("replace: {nq: nghi quyet}\n", encoding="utf-8")
    monkeypatch.setattr(index_cache, "PACKAGE_DIR", tmp_path)
    before = index_cache.key(["text"])
    rules.write_text("replace: {nq: nghi quyet, ubnd: uy ban}\n", encoding="utf-8")
    assert index_cache.key(["text"]) != before
    assert index_cache.key(["text", ""]) != index_cache.key(["text"])


def test_a_damaged_cache_file_is_rebuilt_silently(services: Services, tmp_path: Path) -> None:
    fresh = _answers(_searcher(services, None))
    _searcher(services, tmp_path)
    (cached,) = _cache_files(tmp_path)
    cached.write_bytes(cached.read_bytes()[:1000])
    assert _answers(_searcher(services, tmp_path)) == fresh
    assert _answers(_searcher(services, tmp_path)) == fresh  # and rewritten whole


def test_an_unusable_cache_directory_only_costs_time(services: Services, tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("", encoding="utf-8")
    fresh = _answers(_searcher(services, None))
    assert _answers(_searcher(services, not_a_directory / "cache")) == fresh


def test_only_the_most_recent_cache_files_are_kept(tmp_path: Path) -> None:
    for i in range(index_cache.KEEP + 3):
        index_cache.save(tmp_path, f"{i:064x}", {"n": i})
    assert len(_cache_files(tmp_path)) == index_cache.KEEP
    assert index_cache.load(tmp_path, f"{index_cache.KEEP + 2:064x}") == {"n": index_cache.KEEP + 2}
    assert index_cache.load(tmp_path, "0" * 64) is None
