"""Load the knowledge data files, validate them and report every problem with file and entry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.fidelity import describe, missing_figures, section_found
from knowledge.model import (
    CriteriaCatalog,
    CriteriaSet,
    Document,
    DocumentList,
    Entry,
    EntryFile,
    Locality,
    ModelCatalog,
)
from knowledge.normalize import document_refs
from knowledge.passages import Passage, split_passages

PACKAGE_DIR = Path(__file__).parent
DATA_DIR = PACKAGE_DIR / "data"
SOURCES_DIR = PACKAGE_DIR / "sources"
T = TypeVar("T", bound=BaseModel)
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(Exception):
    """The knowledge files have problems; ``problems`` lists each with its file and entry."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} lỗi trong dữ liệu tri thức:\n" + "\n".join(problems))


@dataclass
class KnowledgeBase:
    """Everything the assistant knows: documents, curated entries, catalogues, passages."""

    documents: dict[str, Document]
    sources: dict[str, str]
    entries: list[Entry]
    entry_files: dict[str, str] = field(default_factory=dict)
    localities: list[Locality] = field(default_factory=list)
    criteria: list[CriteriaSet] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    other_places: list[str] = field(default_factory=list)
    unstated_topics: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entries}

    def known_refs(self) -> set[tuple[str, str]]:
        """Document references (kind, number) that the sources mention."""
        refs: set[tuple[str, str]] = set()
        for text in self.sources.values():
            refs |= document_refs(text)
        return refs

    def source_line(self, file: str, section: str) -> str:
        """The short line every answer shows: which document and which section."""
        doc = self.documents.get(file)
        title = doc.short if doc else file
        return f"Nguồn: {title} — mục “{section}”"


def _read_yaml(path: Path, problems: list[str]) -> object | None:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: không đọc được YAML: {exc}")
        return None


def _parse(model: type[T], raw: object, where: str, problems: list[str]) -> T | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(f"{where}: {loc}: {err['msg']}")
        return None


def _entries_of(raw: object, path: Path, problems: list[str]) -> Iterable[Entry]:
    """Validate entries one by one so one bad entry does not hide the others."""
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        problems.append(f"{path.name}: cần khóa 'entries' chứa danh sách mục")
        return []
    good = []
    for i, item in enumerate(raw["entries"]):
        label = item.get("id", f"#{i + 1}") if isinstance(item, dict) else f"#{i + 1}"
        entry = _parse(Entry, item, f"{path.name}: mục {label}", problems)
        if entry:
            good.append(entry)
    if not good:
        _parse(EntryFile, raw, path.name, problems)
    return good


def check_entry(entry: Entry, where: str, sources: dict[str, str]) -> list[str]:
    """Problems of one entry against the sources: unknown file, missing section, figures."""
    text = sources.get(entry.source.file)
    if text is None:
        return [f"{where}: tệp nguồn không có: {entry.source.file}"]
    problems = []
    if not section_found(entry.source.section, text):
        problems.append(f"{where}: mục “{entry.source.section}” không có trong {entry.source.file}")
    missing = missing_figures(entry.answer, text)
    if missing:
        shown = ", ".join(describe(m) for m in missing)
        problems.append(f"{where}: câu trả lời có số liệu không có trong nguồn: {shown}")
    return problems


def load_knowledge(
    data_dir: Path = DATA_DIR, sources_dir: Path = SOURCES_DIR, *, strict: bool = True
) -> KnowledgeBase:
    """Load and validate all knowledge files; raise KnowledgeError listing every problem."""
    problems: list[str] = []
    sources = {
        p.name: p.read_text(encoding="utf-8") for p in sorted(sources_dir.glob("*")) if p.is_file()
    }

    docs_raw = _read_yaml(data_dir / "documents.yaml", problems)
    doc_list = _parse(DocumentList, docs_raw, "documents.yaml", problems) if docs_raw else None
    documents = {d.file: d for d in doc_list.documents} if doc_list else {}
    for name in documents:
        if name not in sources:
            problems.append(f"documents.yaml: tệp nguồn không có: {name}")

    entries: list[Entry] = []
    entry_files: dict[str, str] = {}
    for path in sorted((data_dir / "entries").glob("*.y*ml")):
        raw = _read_yaml(path, problems)
        if raw is None:
            continue
        if isinstance(raw, dict) and raw.get("document"):
            doc = _parse(Document, raw["document"], f"{path.name}: document", problems)
            if doc:
                documents[doc.file] = doc
        for entry in _entries_of(raw, path, problems):
            where = f"{path.name}: mục {entry.id}"
            if entry.id in entry_files:
                problems.append(f"{where}: trùng id với {entry_files[entry.id]}")
                continue
            entry_files[entry.id] = path.name
            problems.extend(check_entry(entry, where, sources))
            entries.append(entry)

    places_raw = (
        _read_yaml(data_dir / "places.yaml", problems)
        if (data_dir / "places.yaml").exists()
        else {}
    )
    other_places = [str(p) for p in (places_raw or {}).get("other_places") or []]
    unstated_topics = _unstated_topics(places_raw or {}, problems)
    localities = _load_catalog(data_dir, sources, problems)
    criteria = _load_criteria(data_dir, sources, problems)

    if strict and problems:
        raise KnowledgeError(problems)
    passages = [p for name, text in sources.items() for p in split_passages(name, text)]
    return KnowledgeBase(
        documents,
        sources,
        entries,
        entry_files,
        localities,
        criteria,
        passages,
        other_places,
        unstated_topics,
    )


def _unstated_topics(raw: dict, problems: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """places.yaml ``unstated_topics``: "topic" or "topic: [longer words it is not]"; a topic
    written "words = name" is looked for as the words and named so in the reply."""
    topics = []
    for item in raw.get("unstated_topics") or []:
        name = next(iter(item), "") if isinstance(item, dict) else item
        if isinstance(name, str) and "=" in name and not all(p.strip() for p in name.split("=")):
            problems.append(f"places.yaml: unstated_topics: thiếu chữ ở một bên dấu = ({name!r})")
            continue
        if isinstance(item, str) and item.strip():
            topics.append((item.strip(), ()))
        elif isinstance(item, dict) and len(item) == 1:
            ((topic, unless),) = item.items()
            words = unless if isinstance(unless, list) else [unless]
            if str(topic).strip() and all(isinstance(w, str) and w.strip() for w in words):
                topics.append((str(topic).strip(), tuple(w.strip() for w in words)))
                continue
            problems.append(f"places.yaml: unstated_topics: không hiểu mục {item!r}")
        else:
            problems.append(f"places.yaml: unstated_topics: không hiểu mục {item!r}")
    return topics


def _load_catalog(data_dir: Path, sources: dict[str, str], problems: list[str]) -> list[Locality]:
    path = data_dir / "catalog" / "models.yaml"
    if not path.exists():
        return []
    raw = _read_yaml(path, problems)
    catalog = _parse(ModelCatalog, raw, path.name, problems) if raw else None
    if not catalog:
        return []
    seen: set[str] = set()
    for loc in catalog.localities:
        text = sources.get(loc.source)
        if text is None:
            problems.append(f"{path.name}: {loc.id}: tệp nguồn không có: {loc.source}")
            continue
        for model in loc.models:
            if model.id in seen:
                problems.append(f"{path.name}: {model.id}: trùng id")
            seen.add(model.id)
            if not section_found(model.section, text):
                problems.append(
                    f"{path.name}: {model.id}: mục “{model.section}” không có trong nguồn"
                )
            stated = " ".join(
                filter(
                    None,
                    [model.goal, model.target, *(m.quarter or m.text for m in model.milestones)],
                )
            )
            if missing := missing_figures(stated, text):
                shown = ", ".join(describe(m) for m in missing)
                problems.append(f"{path.name}: {model.id}: số liệu không có trong nguồn: {shown}")
    return catalog.localities


def _load_criteria(
    data_dir: Path, sources: dict[str, str], problems: list[str]
) -> list[CriteriaSet]:
    path = data_dir / "catalog" / "criteria.yaml"
    if not path.exists():
        return []
    raw = _read_yaml(path, problems)
    catalog = _parse(CriteriaCatalog, raw, path.name, problems) if raw else None
    if not catalog:
        return []
    for cset in catalog.sets:
        text = sources.get(cset.source)
        if text is None:
            problems.append(f"{path.name}: {cset.id}: tệp nguồn không có: {cset.source}")
        elif not section_found(cset.section, text):
            problems.append(f"{path.name}: {cset.id}: mục “{cset.section}” không có trong nguồn")
    return catalog.sets
