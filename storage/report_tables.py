"""Submitted reports: one current row per (form, period, unit)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, String, UniqueConstraint
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
    late: bool = False
    submitted_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    submitted_by: int | None = Field(default=None, foreign_key="chat_link.id")
