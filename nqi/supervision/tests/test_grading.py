"""The grading rules as a table (no database): product risk, enterprise class, colour, mode matrix."""

import json
from pathlib import Path

import pytest

from nqi.supervision import grading
from nqi.supervision.grading import EnterpriseFacts, ProductFacts

DEFAULTS = json.loads((Path(__file__).resolve().parents[1] / "data" / "policy_defaults.json").read_text())
P = DEFAULTS["grading"]["params"]


@pytest.mark.parametrize(
    ("facts", "level", "score"),
    [
        (ProductFacts(hazard_severity=1, vulnerable=False), "low", 0.0),
        (ProductFacts(hazard_severity=4, vulnerable=False), "low", 30.0),
        (ProductFacts(hazard_severity=4, vulnerable=True), "medium", 50.0),
        (ProductFacts(hazard_severity=4, vulnerable=True, failures=2, passes=8), "high", 75.0),
        (ProductFacts(hazard_severity=2, vulnerable=False, failures=1, passes=9, complaints=25), "low", 27.5),
        (
            ProductFacts(hazard_severity=1, vulnerable=False, recalls=9, external_alerts=9, complaints=99),
            "low",
            25.0,
        ),
    ],
)
def test_product_risk_table(facts, level, score):
    result = grading.product_risk(P, facts)
    assert (result.level, result.score) == (level, score)
    assert round(sum(f["points"] for f in result.factors.values()), 1) == result.score


@pytest.mark.parametrize(
    ("facts", "grade", "score"),
    [
        (EnterpriseFacts(), "A", 80.0),
        (EnterpriseFacts(credit_class="A"), "A", 85.0),
        (EnterpriseFacts(credit_class="A", certifications=3, programmes=2), "AA", 102.0),
        (EnterpriseFacts(failures=(1, 0, 0)), "B", 65.0),
        (EnterpriseFacts(failures=(0, 0, 1)), "B", 74.0),  # a failure two years back weighs 0.4
        (EnterpriseFacts(failures=(1, 1, 0)), "C", 54.5),
        (EnterpriseFacts(passes=(3, 3, 3)), "A", 90.0),  # pass bonus capped at +10
        (EnterpriseFacts(complaints=(9, 0, 0)), "B", 65.0),  # complaints capped at −15
        (EnterpriseFacts(recalls=(1, 0, 0), credit_class="C"), "C", 55.0),
        (EnterpriseFacts(credit_class="D", certifications=3, programmes=3), "C", 71.0),  # D forces C
    ],
)
def test_enterprise_class_table(facts, grade, score):
    result = grading.enterprise_class(P, facts)
    assert (result.grade_class, result.score) == (grade, score)
    assert round(P["enterprise_class"]["base"] + sum(result.points.values()), 1) == result.score


def test_credit_d_cap_is_reported():
    result = grading.enterprise_class(P, EnterpriseFacts(credit_class="D", certifications=3, programmes=3))
    assert result.capped_by_credit and result.points["credit"] == -30


@pytest.mark.parametrize(
    ("share", "colour"),
    [(0.0, "green"), (0.019, "green"), (0.02, "blue"), (0.05, "yellow"), (0.1, "red"), (0.5, "red")],
)
def test_county_colour(share, colour):
    assert grading.county_colour(P, share) == colour


@pytest.mark.parametrize(
    ("risk", "grade", "mode"),
    [
        ("high", "AA", "responsibility"),
        ("high", "C", "strict"),
        ("medium", "AA", "credit"),
        ("medium", "B", "routine"),
        ("low", "AA", "credit"),
        ("low", "C", "routine"),
    ],
)
def test_mode_matrix(risk, grade, mode):
    assert grading.supervision_mode(P, risk, grade) == mode


def test_matrix_is_complete_and_monotone():
    """No cell is lighter than the cell of a better class or a lower risk (stricter = higher rank)."""
    rank = {"credit": 0, "responsibility": 1, "routine": 2, "strict": 3}
    classes, risks = ["AA", "A", "B", "C"], ["low", "medium", "high"]
    for r in risks:
        row = [rank[P["mode_matrix"][r][c]] for c in classes]
        assert row == sorted(row)
    for c in classes:
        column = [rank[P["mode_matrix"][r][c]] for r in risks]
        assert column == sorted(column)
