"""Split the source documents into passages by section, for the fallback index."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKUP = re.compile(r"[*#]+")
_HEADING = re.compile(
    r"^(?:[IVX]{1,4}\.\s|\d{1,2}(?:\.\d{1,2})*\.{0,2}\s*\S|[a-d]\.\s|Giai đoạn\s)",
)
_MAX_CHARS = 700
# The distribution list and the signature block: names and bodies, never an answer to quote.
_BOILERPLATE = re.compile(r"^(?:Nơi nhận|T/?M\.|KT\.|Q\.\s|TL\.)", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    """A piece of a source document under one heading."""

    id: str
    file: str
    section: str
    parent: str
    text: str


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub("", line)).strip(" -\u00a0")


def _is_heading(raw: str, line: str) -> bool:
    if not line or len(line) > 160:
        return False
    if raw.lstrip().startswith(("#", "***")):
        return True
    if line.startswith("Nơi nhận"):
        return True
    stripped = raw.strip()
    if stripped.startswith("**") and stripped.endswith("**") and len(line) < 120:
        return not stripped.lstrip("*").startswith(("-", "+")) and not line[:1].islower()
    return bool(_HEADING.match(line)) and not line.startswith(("(", "+"))


def split_passages(file: str, text: str) -> list[Passage]:
    """Passages of a document: each heading with the paragraphs under it, long ones chunked."""
    passages: list[Passage] = []
    top = ""
    section = ""
    parent = ""
    buffer: list[str] = []

    def flush() -> None:
        chunk: list[str] = []
        size = 0
        for para in buffer:
            if chunk and size + len(para) > _MAX_CHARS:
                _emit(chunk)
                chunk, size = [], 0
            chunk.append(para)
            size += len(para) + 1
        if chunk:
            _emit(chunk)
        buffer.clear()

    def _emit(chunk: list[str]) -> None:
        if _BOILERPLATE.match(section or top):
            return
        body = "\n".join(chunk)
        passages.append(Passage(f"{file}#{len(passages)}", file, section or top, parent, body))

    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            continue
        if _is_heading(raw, line):
            flush()
            if re.match(r"^[IVX]{1,4}\.\s", line):
                top, parent = line, ""
            else:
                parent = top
            section = line
            continue
        buffer.append(line)
    flush()
    return passages
