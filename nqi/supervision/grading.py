"""The grading rules themselves, pure (no database): product risk, enterprise class, county colour, mode.

Zhejiang's “三分” mechanism (DOMAIN.md §5.1) and DB3304/T 055 (§5.2): products graded 高/中/低 from their
characteristics, quality data and sensitive factors; enterprises classed AA/A/B/C from three years of
facts; counties coloured by the share of C-class enterprises; a product-risk × enterprise-class matrix
chooses the supervision mode (clause 5.2.1). Every weight, threshold and matrix cell comes from the
policy parameters passed in; this module only applies them, identically for the whole-city regrade and
for one enterprise, and reports each factor's points so a grade can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nqi.supervision.choices import CountyColour, EnterpriseClass, RiskLevel

YEARS = 3


@dataclass(frozen=True)
class ProductFacts:
    """What product grading counts for one catalogue category over the policy window."""

    hazard_severity: int
    vulnerable: bool
    failures: int = 0
    passes: int = 0
    complaints: int = 0
    recalls: int = 0
    external_alerts: int = 0


@dataclass(frozen=True)
class ProductRisk:
    score: float
    level: str
    factors: dict  # factor → {"value": …, "points": …}


def _share(value: float, saturation: float) -> float:
    """A factor value scaled to 0..1, saturating at `saturation` (more counts no further)."""
    if saturation <= 0:
        return 0.0
    return max(0.0, min(1.0, value / saturation))


def product_risk(params: dict, facts: ProductFacts) -> ProductRisk:
    """Risk score 0–100 of a catalogue product and its grade 高/中/低.

    Inherent hazard uses the EU RAG severity scale 1–4 (ANCHORS.md §3); the failure factor is the
    share of failed batches among checked batches in the window.
    """
    rule = params["product_risk"]
    weights, sat = rule["weights"], rule["saturation"]
    checked = facts.failures + facts.passes
    failure_rate = facts.failures / checked if checked else 0.0
    values = {
        "hazard": (facts.hazard_severity, (facts.hazard_severity - 1) / 3),
        "vulnerable": (facts.vulnerable, 1.0 if facts.vulnerable else 0.0),
        "failure_history": (round(failure_rate, 4), _share(failure_rate, sat["failure_rate"])),
        "complaints": (facts.complaints, _share(facts.complaints, sat["complaints"])),
        "recalls": (facts.recalls, _share(facts.recalls, sat["recalls"])),
        "external_alerts": (facts.external_alerts, _share(facts.external_alerts, sat["external_alerts"])),
    }
    factors = {
        name: {"value": value, "points": round(weights[name] * scaled, 1)}
        for name, (value, scaled) in values.items()
    }
    score = round(sum(f["points"] for f in factors.values()), 1)
    cut = rule["thresholds"]
    level = (
        RiskLevel.HIGH
        if score >= cut["high"]
        else RiskLevel.MEDIUM
        if score >= cut["medium"]
        else RiskLevel.LOW
    )
    return ProductRisk(score, str(level), factors)


@dataclass(frozen=True)
class EnterpriseFacts:
    """Three years of facts about one enterprise; per-year lists run newest year first."""

    failures: tuple = (0, 0, 0)
    passes: tuple = (0, 0, 0)
    recalls: tuple = (0, 0, 0)
    complaints: tuple = (0, 0, 0)
    certifications: int = 0
    programmes: int = 0
    credit_class: str = ""


@dataclass(frozen=True)
class EnterpriseResult:
    score: float
    grade_class: str
    points: dict = field(default_factory=dict)
    capped_by_credit: bool = False


def _weighted(per_year, points: float, year_weights) -> float:
    return sum(w * points * n for w, n in zip(year_weights, per_year, strict=False))


def enterprise_class(params: dict, facts: EnterpriseFacts) -> EnterpriseResult:
    """Score an enterprise and class it AA/A/B/C.

    Base points, plus: failed batches (recent years weigh more) and a capped bonus for passed ones;
    recalls; substantiated complaints (capped); certifications and quality programmes (capped bonuses);
    the credit-risk class A–D. With the policy's `credit_d_forces_c`, credit class D is class C outright.
    """
    rule = params["enterprise_class"]
    yw = rule["year_weights"]
    points = {
        "spotcheck": round(
            _weighted(facts.failures, rule["spotcheck_fail"], yw)
            + min(rule["spotcheck_pass"] * sum(facts.passes), rule["spotcheck_pass_cap"]),
            1,
        ),
        "recall": round(_weighted(facts.recalls, rule["recall"], yw), 1),
        "complaint": round(max(_weighted(facts.complaints, rule["complaint"], yw), rule["complaint_cap"]), 1),
        "certification": float(min(rule["certification"] * facts.certifications, rule["certification_cap"])),
        "programme": float(min(rule["quality_programme"] * facts.programmes, rule["quality_programme_cap"])),
        "credit": float(rule["credit"].get(facts.credit_class or "B", 0)),
    }
    score = round(rule["base"] + sum(points.values()), 1)
    cut = rule["thresholds"]
    if score >= cut["AA"]:
        grade = EnterpriseClass.AA
    elif score >= cut["A"]:
        grade = EnterpriseClass.A
    elif score >= cut["B"]:
        grade = EnterpriseClass.B
    else:
        grade = EnterpriseClass.C
    capped = bool(rule.get("credit_d_forces_c")) and facts.credit_class == "D" and grade != EnterpriseClass.C
    if capped:
        grade = EnterpriseClass.C
    return EnterpriseResult(score, str(grade), points, capped)


def county_colour(params: dict, c_share: float) -> str:
    """Red / yellow / blue / green by the county's share of C-class enterprises (区域分色)."""
    cut = params["county_colour"]
    if c_share >= cut["red"]:
        return str(CountyColour.RED)
    if c_share >= cut["yellow"]:
        return str(CountyColour.YELLOW)
    if c_share >= cut["blue"]:
        return str(CountyColour.BLUE)
    return str(CountyColour.GREEN)


def supervision_mode(params: dict, risk_level: str, grade_class: str) -> str:
    """The matrix cell for (product risk, enterprise class): DB3304/T 055 clause 5.2.1."""
    return params["mode_matrix"][risk_level][grade_class]
