"""Models of the benchmarking app, one module per aggregate (re-exported for `benchmarking.<Model>`)."""

from nqi.benchmarking.models.comparisons import (
    Comparison,
    ComparisonBenchmark,
    IndicatorResult,
    IndicatorValue,
)
from nqi.benchmarking.models.forerunner import RankingEntry, RankingList
from nqi.benchmarking.models.indicators import Indicator, MethodEquivalence
from nqi.benchmarking.models.plans import ImprovementItem, TestReport
from nqi.benchmarking.models.policies import BenchmarkPolicy

__all__ = [
    "BenchmarkPolicy",
    "Comparison",
    "ComparisonBenchmark",
    "ImprovementItem",
    "Indicator",
    "IndicatorResult",
    "IndicatorValue",
    "MethodEquivalence",
    "RankingEntry",
    "RankingList",
    "TestReport",
]
