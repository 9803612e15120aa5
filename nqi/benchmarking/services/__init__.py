"""Writes of the benchmarking app, one module per aggregate (re-exported here)."""

from nqi.benchmarking.services.catalog import (
    indicator_create,
    indicators_link_catalog,
    indicators_load_shipped,
)
from nqi.benchmarking.services.comparisons import (
    comparison_add_benchmark,
    comparison_add_benchmarks,
    comparison_create,
    comparison_remove_benchmark,
    comparison_run,
    comparison_transition,
    indicatorvalues_import,
    indicatorvalues_save,
)
from nqi.benchmarking.services.evidence import improvementitem_add, improvementitem_complete, testreport_add
from nqi.benchmarking.services.forerunner import rankinglist_build, rankinglist_publish
from nqi.benchmarking.services.policies import benchmarkpolicy_create

__all__ = [
    "benchmarkpolicy_create",
    "comparison_add_benchmark",
    "comparison_add_benchmarks",
    "comparison_create",
    "comparison_remove_benchmark",
    "comparison_run",
    "comparison_transition",
    "improvementitem_add",
    "improvementitem_complete",
    "indicator_create",
    "indicators_link_catalog",
    "indicators_load_shipped",
    "indicatorvalues_import",
    "indicatorvalues_save",
    "rankinglist_build",
    "rankinglist_publish",
    "testreport_add",
]
