"""An on-disk cache of the search's analysed corpus, so that a fresh process starts quickly.

Analysing every entry and passage (normalisation, BM25 indexes, features' precomputed sets) takes
most of the start-up time, and its result depends only on the texts analysed and on the code and
data that analyse them. The cache is keyed on a hash of exactly that:

- the texts the searcher was given (every entry, every passage, the documents' localities);
- the bytes of every file of the ``knowledge`` package: its code (normalisation, intent,
  features, search), its data (abbreviations, entries, reranker weights) and its sources;
- the versions of Python, numpy and bm25s.

So an entry edited, a source added or a normalisation rule changed gives another key, and the
cache can never answer with a stale index. Any problem (a missing, unreadable, truncated or
foreign file, a read-only directory) falls back silently to analysing the corpus again.

The cache is a pickle: it is read only from the user's own cache directory, which must not be
writable by others.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).parent
FORMAT = 1  # bump when the shape of what is cached changes without any file of the package doing so
PREFIX = "search-"
SUFFIX = ".pickle"
KEEP = 4  # cache files kept in the directory (other checkouts or deployments may share it)


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/nq05bot``, or ``~/.cache/nq05bot``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nq05bot"


def _package_files() -> list[Path]:
    """Every file of the knowledge package (code, data, sources), in a stable order."""
    return sorted(
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def key(texts: Iterable[str]) -> str:
    """The cache key of a corpus: its texts, the package's files and the library versions."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        # length-prefixed, so that no two different sequences of parts hash alike
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    add("format", str(FORMAT).encode())
    add("versions", f"{sys.version}|{np.__version__}|{bm25s.__version__}".encode())
    for path in _package_files():
        add(path.relative_to(PACKAGE_DIR).as_posix(), path.read_bytes())
    for text in texts:
        add("text", text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _path(directory: Path, cache_key: str) -> Path:
    return directory / f"{PREFIX}{cache_key}{SUFFIX}"


def load(directory: Path, cache_key: str) -> object | None:
    """What :func:`save` stored under this key, or None (absent, unreadable or not ours)."""
    try:
        with _path(directory, cache_key).open("rb") as file:
            stored_key, payload = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or foreign file is only a missed cache
        log.debug("search cache unreadable, rebuilding: %s", exc)
        return None
    if stored_key != cache_key:
        return None
    return payload


def save(directory: Path, cache_key: str, payload: object) -> None:
    """Store ``payload`` under the key (atomically), keeping the few most recent files only."""
    temporary: Path | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=SUFFIX)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as file:
            pickle.dump((cache_key, payload), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, _path(directory, cache_key))
    except Exception as exc:  # a cache that cannot be written is only a slower next start
        log.debug("search cache not written: %s", exc)
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        return
    _prune(directory)


def _prune(directory: Path) -> None:
    """Remove all but the :data:`KEEP` most recently written cache files."""
    try:
        files = sorted(
            directory.glob(f"{PREFIX}*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("search cache not pruned: %s", exc)
