"""Reads of the benchmarking app, one module per concern (re-exported here)."""

from nqi.benchmarking.selectors.catalog import (
    BenchmarkOption,
    EntryRow,
    IndicatorFilter,
    benchmark_options,
    entry_rows,
    indicator_list,
)
from nqi.benchmarking.selectors.comparisons import (
    ComparisonFilter,
    comparison_available_transitions,
    comparison_counts,
    comparison_get_for,
    comparison_list_visible_to,
    comparison_timeline,
    plan_items_of,
    planitem_get_for,
    reports_of,
    testreport_get_for,
)
from nqi.benchmarking.selectors.matrix import Matrix, benchmark_columns, comparison_matrix
from nqi.benchmarking.selectors.policies import level_rule_in_force, policy_in_force, policy_list
from nqi.benchmarking.selectors.suggestions import benchmark_suggestions, industry_family, own_standard_for

__all__ = [
    "BenchmarkOption",
    "ComparisonFilter",
    "EntryRow",
    "IndicatorFilter",
    "Matrix",
    "benchmark_columns",
    "benchmark_options",
    "benchmark_suggestions",
    "comparison_available_transitions",
    "comparison_counts",
    "comparison_get_for",
    "comparison_list_visible_to",
    "comparison_matrix",
    "comparison_timeline",
    "entry_rows",
    "indicator_list",
    "industry_family",
    "level_rule_in_force",
    "own_standard_for",
    "plan_items_of",
    "planitem_get_for",
    "policy_in_force",
    "policy_list",
    "reports_of",
    "testreport_get_for",
]
