"""Mapping what a person typed to the choice they meant: "2", "hai", or the label itself."""

from __future__ import annotations

from rapidfuzz import fuzz

from handlers.types import Choice
from knowledge.normalize import fold

_NUMBER_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_PREFIXES = ("so ", "chon ", "muc ", "phuong an ", "y ", "cau ")


def _clean(text: str) -> str:
    text = fold(text).strip().strip(".!?:)")
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    return text


def match_choice(text: str, choices: list[Choice] | tuple[Choice, ...]) -> Choice | None:
    """The pending choice that the typed text designates, if any."""
    if not choices:
        return None
    cleaned = _clean(text)
    position = int(cleaned) if cleaned.isdigit() else _NUMBER_WORDS.get(cleaned)
    if position is not None:
        return choices[position - 1] if 1 <= position <= len(choices) else None
    labels = [fold(c.label) for c in choices]
    for choice, label in zip(choices, labels, strict=True):
        if cleaned == label:
            return choice
    if len(cleaned) < 4:
        return None
    scored = sorted(
        (
            (fuzz.ratio(cleaned, label), choice)
            for choice, label in zip(choices, labels, strict=True)
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    best, second = scored[0][0], scored[1][0] if len(scored) > 1 else 0
    return scored[0][1] if best >= 85 and best - second >= 10 else None
