"""Reports: the current one per (form, period, unit), every version sent, the draft being
written, and an append-only log of every change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel


class Report(SQLModel, table=True):
    """The report a unit sent for a form and period (its latest version)."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("form_id", "period", "unit_code", name="uq_report_unit_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    form_id: str = Field(max_length=64)
    period: str = Field(max_length=32)  # a scheduler.periods key: "2026-Q2", "once:<form>" …
    unit_code: str = Field(sa_column=Column(String(32), ForeignKey("unit.code"), nullable=False))
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = 1
    late: bool = False  # the first version arrived after the deadline
    submitted_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    submitted_by: int | None = Field(default=None, foreign_key="chat_link.id")


class ReportVersion(SQLModel, table=True):
    """Every version of every report as it was sent (never changed afterwards)."""

    __tablename__ = "report_version"
    __table_args__ = (UniqueConstraint("report_id", "version", name="uq_report_version"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id")
    version: int
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    late: bool = False
    submitted_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    submitted_by: int | None = Field(default=None, foreign_key="chat_link.id")


class ReportDraft(SQLModel, table=True):
    """The answers being written for a (form, period, unit), shared by the unit's secretaries.

    ``version`` grows with every change (optimistic check); ``status`` is "open", "sent" or
    "cancelled" (a cancelled draft keeps its answers); ``base_version`` is the report version an
    amendment starts from (0 for a first report).
    """

    __tablename__ = "report_draft"
    __table_args__ = (
        UniqueConstraint("form_id", "period", "unit_code", name="uq_draft_unit_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    form_id: str = Field(max_length=64)
    period: str = Field(max_length=32)
    unit_code: str = Field(sa_column=Column(String(32), ForeignKey("unit.code"), nullable=False))
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="open", max_length=16)
    base_version: int = 0
    version: int = 1
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_by: int | None = Field(default=None, foreign_key="chat_link.id")


class ReportEvent(SQLModel, table=True):
    """One change to a draft or report: who, when, what (append-only audit trail)."""

    __tablename__ = "report_event"
    __table_args__ = (Index("ix_report_event_draft", "draft_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int = Field(foreign_key="report_draft.id")
    link_id: int | None = Field(default=None, foreign_key="chat_link.id")
    action: str = Field(max_length=16)  # start | answer | skip | cancel | send | amend | reopen
    step: str | None = Field(default=None, max_length=100)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
