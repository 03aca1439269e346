"""Typed shapes of the knowledge data files (validated with pydantic at load)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ENTRY_ID = r"^[a-z0-9][a-z0-9-]{1,58}$"

# What an answer may say its document leaves out: the document's number or date (left blank),
# the names of the things it counts, the body that leads, the source of funding, the models,
# the detailed explanation (an appendix the document points to but does not hold).
Unstated = Literal["number", "date", "names", "lead", "funding", "models", "explained"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SourceRef(_Strict):
    """Where an answer comes from: a file in ``knowledge/sources`` and a heading in it."""

    file: str = Field(min_length=1)
    section: str = Field(min_length=1)


class Document(_Strict):
    """An approved source document."""

    file: str
    title: str
    short: str
    locality: str = ""
    kind: str = ""  # as people name it: "Kế hoạch", "Chương trình hành động"


class Entry(_Strict):
    """One curated question with its answer."""

    id: str = Field(pattern=ENTRY_ID)
    question: str = Field(min_length=3)
    paraphrases: list[str] = Field(min_length=1)
    answer: str = Field(min_length=3)
    tags: list[str] = Field(default_factory=list)
    source: SourceRef
    # what the answer says its document does not give: a question asking only that is told
    # so (with this answer as what the document does say) instead of being answered
    unstated: list[Unstated] = Field(default_factory=list)

    @field_validator("paraphrases", "tags")
    @classmethod
    def _no_empty_items(cls, items: list[str]) -> list[str]:
        cleaned = [str(i).strip() for i in items]
        if any(not i for i in cleaned):
            raise ValueError("có mục rỗng")
        return cleaned


class EntryFile(_Strict):
    """A data file of curated entries (an imported booklet also names its document)."""

    document: Document | None = None
    entries: list[Entry] = Field(min_length=1)


class DocumentList(_Strict):
    documents: list[Document] = Field(min_length=1)


class Milestone(_Strict):
    label: str
    quarter: str | None = None
    text: str | None = None


class Model(_Strict):
    """A model ("mô hình") of a locality's programme."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")
    name: str
    # what people call the model ("cụm công nghiệp", "âm nhạc"): a question about a model of
    # that name in a locality whose programme has none is told so instead of being answered
    keys: list[Annotated[str, Field(min_length=2)]] = Field(default_factory=list)
    section: str
    goal: str | None = None
    lead: str | None = None
    advisor: str | None = None
    partners: str | None = None
    target: str | None = None
    milestones: list[Milestone] = Field(default_factory=list)


class ModelGroup(_Strict):
    name: str
    models: list[Model] = Field(min_length=1)


class Locality(_Strict):
    """The model catalogue of one locality (or of the city)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,30}$")
    name: str
    source: str
    groups: list[ModelGroup] = Field(min_length=1)

    @property
    def models(self) -> list[Model]:
        return [m for g in self.groups for m in g.models]


class ModelCatalog(_Strict):
    localities: list[Locality] = Field(min_length=1)


class CriteriaSet(_Strict):
    """A criteria set ("Bộ tiêu chí") item by item."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,30}$")
    name: str
    source: str
    section: str
    items: list[str] = Field(min_length=1)
    note: str | None = None


class CriteriaCatalog(_Strict):
    sets: list[CriteriaSet] = Field(min_length=1)
