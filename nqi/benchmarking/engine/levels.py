"""The overall benchmarking level of a comparison, by a configurable, versioned rule.

No published rule maps an indicator-by-indicator comparison to a level (DOMAIN.md §1.5, open question);
the shipped default is this platform's inference [INF], using the vocabulary of Chinese
standardisation (国际领先 / 国际先进 / 国内领先 / 国内先进):

- benchmark classes are tried from the highest: international standards, foreign advanced standards,
  domestic advanced standards;
- a class is met when, for every benchmark standard of that class in the comparison, every KEY
  indicator is met (better or equal) — a key indicator that is worse, not comparable or missing blocks
  the class, and at least `minimum_key` key indicators must have been compared;
- the level is the highest class met, "领先" (lead) when at least one key indicator of that class is
  strictly better, else "先进" (advanced);
- the national/industry requirement (mandatory standards) is reported separately.

Every result stores the rule version it was computed with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from nqi.benchmarking.engine.verdicts import MET, Assessment, Verdict


class BenchmarkClass(StrEnum):
    INTERNATIONAL = "international"
    FOREIGN_ADVANCED = "foreign_advanced"
    DOMESTIC_ADVANCED = "domestic_advanced"
    REQUIREMENT = "requirement"


DEFAULT_PARAMS = {
    "order": ["international", "foreign_advanced", "domestic_advanced"],
    "labels": {
        "international": {"advanced": "国际先进", "lead": "国际领先"},
        "foreign_advanced": {"advanced": "国外先进", "lead": "国外领先"},
        "domestic_advanced": {"advanced": "国内先进", "lead": "国内领先"},
    },
    "requirement_label": "符合国家/行业标准要求",
    "not_attained_label": "未达到对标水平",
    "lead_when": "any_key_better",
    "minimum_key": 1,
}


@dataclass(frozen=True)
class LevelRule:
    version: int
    params: dict = field(default_factory=lambda: DEFAULT_PARAMS)

    @property
    def order(self) -> list[str]:
        return list(self.params["order"])

    def label(self, klass: str, lead: bool) -> str:
        return self.params["labels"][klass]["lead" if lead else "advanced"]


SHIPPED_RULE = LevelRule(version=0)


@dataclass(frozen=True)
class BenchmarkAssessment:
    """One benchmark standard (and grade) of a comparison with its indicators judged."""

    ref: object
    klass: str
    assessments: tuple[Assessment, ...]

    def key_assessments(self) -> list[Assessment]:
        return [a for a in self.assessments if a.indicator.is_key]


@dataclass(frozen=True)
class ClassOutcome:
    klass: str
    met: bool
    lead: bool
    compared_keys: int
    blocking: tuple[Assessment, ...] = ()


@dataclass(frozen=True)
class LevelOutcome:
    code: str  # "<class>_lead" | "<class>_advanced" | "requirement_met" | "not_attained"
    label: str
    klass: str
    lead: bool
    attained: bool
    requirement_met: bool | None  # None when no requirement standard was in the comparison
    rule_version: int
    classes: tuple[ClassOutcome, ...] = ()


def _class_outcome(rule: LevelRule, klass: str, benchmarks: list[BenchmarkAssessment]) -> ClassOutcome:
    keys = [a for b in benchmarks for a in b.key_assessments()]
    blocking = tuple(a for a in keys if a.verdict not in MET)
    compared = sum(1 for a in keys if a.verdict in MET or a.verdict is Verdict.WORSE)
    enough = compared >= int(rule.params.get("minimum_key", 1))
    met = bool(benchmarks) and enough and not blocking
    better = [a for a in keys if a.verdict is Verdict.BETTER]
    if rule.params.get("lead_when") == "all_key_better":
        lead = met and len(better) == len(keys)
    else:
        lead = met and bool(better)
    return ClassOutcome(klass, met, lead, compared, blocking)


def evaluate(rule: LevelRule, benchmarks: list[BenchmarkAssessment]) -> LevelOutcome:
    """The level for the judged benchmarks under `rule` (see the module docstring)."""
    by_class: dict[str, list[BenchmarkAssessment]] = {}
    for benchmark in benchmarks:
        by_class.setdefault(benchmark.klass, []).append(benchmark)
    outcomes = tuple(_class_outcome(rule, k, by_class.get(k, [])) for k in rule.order)
    requirement = by_class.get(BenchmarkClass.REQUIREMENT)
    requirement_met = _class_outcome(rule, "requirement", requirement).met if requirement else None
    for outcome in outcomes:
        if outcome.met:
            code = f"{outcome.klass}_{'lead' if outcome.lead else 'advanced'}"
            return LevelOutcome(
                code,
                rule.label(outcome.klass, outcome.lead),
                outcome.klass,
                outcome.lead,
                True,
                requirement_met,
                rule.version,
                outcomes,
            )
    if requirement_met:
        label = rule.params["requirement_label"]
        return LevelOutcome("requirement_met", label, "", False, False, True, rule.version, outcomes)
    label = rule.params["not_attained_label"]
    return LevelOutcome("not_attained", label, "", False, False, requirement_met, rule.version, outcomes)
