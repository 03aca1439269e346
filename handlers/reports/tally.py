"""The office's view of one form and period: who reported, who is late, totals, models."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from handlers.reports.calendar import deadline
from handlers.reports.forms import Form, FormSet, Question
from scheduler.periods import Period
from storage.org import reporting_units
from storage.org_tables import Unit
from storage.report_tables import Report
from storage.reports import reports_for


@dataclass
class Tally:
    form: Form
    period: Period
    deadline: date
    expected: list[Unit]
    reports: dict[str, Report]
    totals: dict[str, int] = field(default_factory=dict)
    models: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def reported(self) -> list[Unit]:
        return [u for u in self.expected if u.code in self.reports]

    @property
    def missing(self) -> list[Unit]:
        return [u for u in self.expected if u.code not in self.reports]

    @property
    def late(self) -> list[Unit]:
        return [u for u in self.reported if self.reports[u.code].late]

    def ratio(self) -> tuple[int, int, float] | None:
        """(part, whole, percent) of the form's ratio over the reports received."""
        if self.form.ratio is None:
            return None
        part = self.totals.get(self.form.ratio.part, 0)
        whole = self.totals.get(self.form.ratio.whole, 0)
        return part, whole, (100.0 * part / whole if whole else 0.0)


def model_question(form: Form) -> Question | None:
    return next((q for q in form.questions if q.kind == "model_status"), None)


def tally(session: Session, forms: FormSet, form: Form, period: Period) -> Tally:
    """Count the reports of every expected unit (units that reported are always counted)."""
    expected = reporting_units(session)
    reports = {r.unit_code: r for r in reports_for(session, form.id, period.key)}
    known = {u.code for u in expected}
    expected += [u for code in sorted(reports) if code not in known
                 if (u := session.get(Unit, code)) is not None]  # fmt: skip
    result = Tally(form, period, deadline(form, period), expected, reports)
    for qid in form.totals:
        result.totals[qid] = sum(
            v for r in reports.values() if isinstance(v := r.answers.get(qid), int)
        )
    if form.ratio is not None:
        for qid in (form.ratio.part, form.ratio.whole):
            if qid not in result.totals:
                result.totals[qid] = sum(
                    v for r in reports.values() if isinstance(v := r.answers.get(qid), int)
                )
    mq = model_question(form)
    if mq is not None:
        for model in forms.models(mq):
            result.models[model.id] = Counter()
        for report in reports.values():
            for model_id, parts in (report.answers.get(mq.id) or {}).items():
                result.models.setdefault(model_id, Counter())[parts.get("status") or ""] += 1
    return result
