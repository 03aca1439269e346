"""Fidelity checks: an answer's figures and its section must stand in the source it cites."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.normalize import analyze, fold

# Tokens produced by the normaliser that carry a figure: numbers, dates (d20260114), months
# (m202605), quarters (q2, q2y2026), percentages (p100) and clock times (14h).
_FIGURE = re.compile(r"^(\d+|d\d{8}|m\d{6}|q[1-4]|q[1-4]y\d{4}|p\d+|\d+h)$")
_MARKUP = re.compile(r"[*#_`>]+")
_SPACE = re.compile(r"\s+")


def figures(text: str) -> set[str]:
    """The figures a text states, in normalised form."""
    return {t for t in analyze(text) if _FIGURE.match(t)}


@lru_cache(maxsize=64)
def _source_figures(source_text: str) -> frozenset[str]:
    return frozenset(figures(source_text))


@lru_cache(maxsize=64)
def _plain_source(source_text: str) -> str:
    return plain(source_text)


def missing_figures(answer: str, source_text: str) -> list[str]:
    """Figures stated in the answer that the source does not state (sorted)."""
    return sorted(figures(answer) - _source_figures(source_text))


def plain(text: str) -> str:
    """Text folded with markdown marks and runs of white space removed, for locating headings."""
    return _SPACE.sub(" ", _MARKUP.sub(" ", fold(text))).strip()


def section_found(section: str, source_text: str) -> bool:
    """True when the cited heading stands in the source (accents, case and markup ignored)."""
    wanted = plain(section)
    return bool(wanted) and wanted in _plain_source(source_text)


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def describe(figure: str) -> str:
    """A normalised figure written back the way people read it (d20260114 → 14/01/2026)."""
    if m := re.fullmatch(r"d(\d{4})(\d{2})(\d{2})", figure):
        return f"{m[3]}/{m[2]}/{m[1]}"
    if m := re.fullmatch(r"m(\d{4})(\d{2})", figure):
        return f"{int(m[2])}/{m[1]}"
    if m := re.fullmatch(r"q([1-4])y(\d{4})", figure):
        return f"Quý {_ROMAN[m[1]]}/{m[2]}"
    if m := re.fullmatch(r"q([1-4])", figure):
        return f"Quý {_ROMAN[m[1]]}"
    if m := re.fullmatch(r"p(\d+)", figure):
        return f"{m[1]}%"
    return figure
