"""Answer/abstain quality of the search on the thirty-one question sets.

Issue 2 asks for ≥ 95% of in-scope questions answered correctly and ≥ 95% of out-of-scope
questions abstained, on questions written by others. The thresholds below are what the search
reaches today (so a regression fails the build); raise them as the search improves, towards
the 95% goal. ``qa_heldout.yaml`` is not tuned on, though its failures have been read (the
unstated topics of places.yaml were written after seeing some of them), nor are
``qa_dev2.yaml`` to ``qa_dev16.yaml`` (whose failures are read too); ``qa_blind.yaml`` to
``qa_blind14.yaml``, by fourteen more authors, have only been scored: they are the best
estimate of generalisation (the failures of ``qa_blind.yaml`` to ``qa_blind3.yaml`` were once
printed by a ``kb score --failures`` over every set, which now leaves the blind sets out).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.context import Services
from knowledge.evaluation import evaluate, load_cases

DATA = Path(__file__).parent.parent / "data"
GOAL = 0.95  # issue 2, for both rates


@pytest.mark.parametrize(
    ("name", "accuracy", "abstention"),
    [
        ("qa_testset.yaml", 0.95, 0.95),  # development set (thresholds were chosen on it)
        ("qa_heldout.yaml", 0.95, 0.95),  # held-out set, written from the sources alone
        ("qa_dev2.yaml", 0.95, 0.95),  # fourth author; failures read (see its header)
        ("qa_blind.yaml", 0.95, 0.95),  # third author, only scored (see its header)
        ("qa_blind2.yaml", 0.95, 0.95),  # fifth author, only scored (see its header)
        ("qa_dev3.yaml", 0.95, 0.95),  # sixth author; failures read (see its header)
        ("qa_blind3.yaml", 0.95, 0.95),  # seventh author, only scored (see its header)
        ("qa_dev4.yaml", 0.95, 0.95),  # ninth author; failures read (see its header)
        ("qa_blind4.yaml", 0.95, 0.91),  # eighth author, only scored (see its header)
        ("qa_dev5.yaml", 0.95, 0.95),  # eleventh author; failures read (see its header)
        ("qa_blind5.yaml", 0.93, 0.95),  # tenth author, only scored (see its header)
        ("qa_dev6.yaml", 0.95, 0.95),  # twelfth author; failures read (see its header)
        ("qa_blind6.yaml", 0.95, 0.95),  # thirteenth author, only scored (see its header)
        ("qa_dev7.yaml", 0.95, 0.95),  # fourteenth author; failures read (see its header)
        ("qa_blind7.yaml", 0.95, 0.95),  # fifteenth author, only scored (see its header)
        ("qa_dev8.yaml", 0.95, 0.95),  # sixteenth author; failures read (see its header)
        ("qa_blind8.yaml", 0.95, 0.95),  # seventeenth author, only scored (see its header)
        ("qa_blind9.yaml", 0.95, 0.93),  # eighteenth author, only scored (see its header)
        ("qa_blind10.yaml", 0.94, 0.95),  # nineteenth author, only scored (see its header)
        ("qa_dev9.yaml", 0.95, 0.95),  # twentieth author; failures read (see its header)
        ("qa_blind11.yaml", 0.95, 0.95),  # twenty-first author, only scored (see its header)
        ("qa_blind12.yaml", 0.94, 0.95),  # twenty-second author, only scored (see its header)
        ("qa_dev10.yaml", 0.95, 0.95),  # twenty-third author; failures read (see its header)
        ("qa_dev11.yaml", 0.95, 0.95),  # twenty-sixth author; failures read (see its header)
        ("qa_dev12.yaml", 0.95, 0.95),  # twenty-seventh author; failures read (see its header)
        ("qa_dev13.yaml", 0.95, 0.95),  # twenty-eighth author; failures read (see its header)
        ("qa_dev14.yaml", 0.95, 0.95),  # twenty-ninth author; failures read (see its header)
        ("qa_dev15.yaml", 0.95, 0.95),  # thirtieth author; failures read (see its header)
        ("qa_dev16.yaml", 0.95, 0.95),  # thirty-first author; failures read (see its header)
        ("qa_blind13.yaml", 0.95, 0.95),  # twenty-fourth author, only scored (see its header)
        ("qa_blind14.yaml", 0.95, 0.95),  # twenty-fifth author, only scored (see its header)
    ],
)
def test_quality_does_not_regress(
    services: Services, name: str, accuracy: float, abstention: float
) -> None:
    report = evaluate(services.kb, services.searcher, load_cases(DATA / name))
    # a blind set's questions must stay unread: a failing run shows its counts only
    failures = "" if "blind" in name else "\n".join(report.failures)
    assert report.accuracy >= accuracy, f"{name}: {report.accuracy:.3f} in scope\n{failures}"
    assert report.abstention >= abstention, f"{name}: {report.abstention:.3f} out\n{failures}"
    assert accuracy <= GOAL and abstention <= GOAL


def test_heldout_set_is_large_and_varied() -> None:
    cases = load_cases(DATA / "qa_heldout.yaml")
    assert len(cases) >= 150
    assert sum(c.out_of_scope for c in cases) >= 40
    kinds = {c.kind for c in cases}
    assert {"accented", "unaccented", "typo", "abbreviation", "colloquial"} <= kinds
