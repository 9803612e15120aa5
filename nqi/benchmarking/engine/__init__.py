"""The comparison engine of 对标达标: pure Python, no database (glossary: indicator, verdict, level).

- `units` reads units and converts only by SI prefix or a declared rule, always showing how;
- `quantities` says which test principles measure the same thing, declared unit changes, physical bounds;
- `indicators` reads limits and values as standards and enterprises write them;
- `methods` decides whether two test methods give comparable results;
- `verdicts` gives better / equal / worse / not comparable / missing per indicator;
- `levels` turns the verdicts into the overall level by a versioned rule;
- `ranking` bands declared enterprise standards into forerunner tiers.
"""

from nqi.benchmarking.engine.indicators import (
    Direction,
    IndicatorDefinition,
    Limit,
    LimitError,
    Measurement,
    TestMethod,
    parse_limit,
)
from nqi.benchmarking.engine.levels import (
    SHIPPED_RULE,
    BenchmarkAssessment,
    BenchmarkClass,
    LevelOutcome,
    LevelRule,
    evaluate,
)
from nqi.benchmarking.engine.methods import Equivalence
from nqi.benchmarking.engine.ranking import Entry, Ranking, rank
from nqi.benchmarking.engine.units import UnitError, parse_unit
from nqi.benchmarking.engine.verdicts import Assessment, Reason, Result, Verdict, assess, compare

__all__ = [
    "SHIPPED_RULE",
    "Assessment",
    "BenchmarkAssessment",
    "BenchmarkClass",
    "Direction",
    "Entry",
    "Equivalence",
    "IndicatorDefinition",
    "LevelOutcome",
    "LevelRule",
    "Limit",
    "LimitError",
    "Measurement",
    "Ranking",
    "Reason",
    "Result",
    "TestMethod",
    "UnitError",
    "Verdict",
    "assess",
    "compare",
    "evaluate",
    "parse_limit",
    "parse_unit",
    "rank",
]
