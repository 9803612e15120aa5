"""Writes on comparisons (对标): create, pick benchmarks, enter or import values, compare, transitions.

Every write follows house rule 3 (authorize → lock and re-read → check → mutate atomically → audit).
Once compared, a comparison's results are never stale: changing its benchmarks or values re-runs the
engine in the same transaction, storing the level, its label and the level-rule version used.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.benchmarking.assessing import assess_comparison, standard_key
from nqi.benchmarking.choices import BenchmarkClass, Verdict
from nqi.benchmarking.models import (
    Comparison,
    ComparisonBenchmark,
    Indicator,
    IndicatorResult,
    IndicatorValue,
)
from nqi.benchmarking.selectors.policies import level_rule_in_force
from nqi.benchmarking.selectors.suggestions import own_standard_for
from nqi.benchmarking.services.values import clean_values, rows_from_table
from nqi.benchmarking.workflow import COMPARISON, EDITABLE_STATUSES, ComparisonStatus, has_results
from nqi.core import auditing
from nqi.core.errors import Conflict, DomainError, ValidationFailed
from nqi.core.imports import read_table
from nqi.core.permissions import authorize
from nqi.core.transitions import transition
from nqi.standards.models import Standard

AUDITED = ["product", "own_standard_number", "category", "status", "level", "rule_version"]
EFFECTS: dict[str, list] = {}  # notices come with the messaging module


def _locked(comparison: Comparison) -> Comparison:
    """Lock and re-read; refuse changes once the comparison is attained, declared or abandoned."""
    current = Comparison.objects.select_for_update().get(pk=comparison.pk)
    if current.status not in EDITABLE_STATUSES:
        raise Conflict(
            _("当前状态“%(s)s”下不能修改对标内容。") % {"s": current.get_status_display()},
            code="not_editable",
        )
    return current


def comparison_create(*, actor, product, own_standard_number: str = "", category: str = "") -> Comparison:
    """Start a comparison for `product` against its own standard (Q/…, T/…, GB…; default: the product's
    执行标准). The category groups comparisons for forerunner rankings (default: the product category)."""
    authorize(actor, "benchmarking.add_comparison", product)
    number = (own_standard_number or product.standard_code or "").strip()[:120]
    category = (category or product.category or product.name).strip()[:100]
    if not number:
        raise ValidationFailed({"own_standard_number": [_("请填写产品执行的标准号。")]})
    with transaction.atomic():
        comparison = Comparison.objects.create(
            product=product,
            enterprise_id=product.enterprise_id,
            own_standard_number=number,
            own_standard=own_standard_for(number),
            category=category,
            created_by=actor if getattr(actor, "pk", None) else None,
            status_changed_at=timezone.now(),
        )
        auditing.record(
            actor=actor,
            event_type="benchmarking.comparison_created",
            target=comparison,
            summary=f"{product} · {number}",
            after=auditing.snapshot(comparison, AUDITED),
        )
    return comparison


def _ended_warning(standard: Standard | None) -> str:
    """A withdrawn or replaced benchmark is allowed (old reports cite it) but flagged with its successor."""
    if standard is None or standard.status not in ("replaced", "withdrawn"):
        return ""
    successors = [r.source.canonical for r in standard.relations_in.select_related("source")]
    text = _("%(n)s 已%(s)s。") % {"n": standard.canonical, "s": standard.get_status_display()}
    if successors:
        text += _("现行替代标准：%(r)s，建议同时对标。") % {"r": "、".join(successors)}
    return text


def _resolve_picks(picks: list[tuple[str, str, str]]) -> list[dict]:
    """Each (standard number or key, grade, class) checked against the catalog in one query.

    Only a (standard, grade) with indicators can be compared; the class defaults to the catalog's
    suggestion for that standard.
    """
    keys = {standard_key(number) for number, _grade, _klass in picks}
    rows = list(
        Indicator.objects.filter(standard_key__in=keys).values(
            "standard_key", "grade", "standard_number", "suggested_class"
        )
    )
    resolved = []
    for number, grade, klass in picks:
        key = standard_key(number)
        mine = [r for r in rows if r["standard_key"] == key and r["grade"] in (grade, "")]
        if not key or not any(r["grade"] == grade for r in mine):
            message = _("指标库中没有“%(n)s %(g)s”的指标。") % {"n": number, "g": grade}
            raise ValidationFailed({"benchmark": [message]})
        klass = klass or next((r["suggested_class"] for r in mine if r["suggested_class"]), "")
        if klass not in BenchmarkClass.values:
            raise ValidationFailed({"klass": [_("请选择对标类别。")]})
        resolved.append({"key": key, "grade": grade, "klass": klass, "number": mine[0]["standard_number"]})
    return resolved


def comparison_add_benchmarks(
    *, actor, comparison: Comparison, picks: list[tuple[str, str, str]]
) -> list[tuple[ComparisonBenchmark, str]]:
    """Add benchmark standards (and grades) in one write; each comes back with a warning when its
    standard has been withdrawn or replaced in the catalog (see `_ended_warning`)."""
    authorize(actor, "benchmarking.change_comparison", comparison)
    resolved = _resolve_picks(picks)
    try:
        with transaction.atomic():
            current = _locked(comparison)
            position = current.benchmarks.aggregate(p=Max("position"))["p"] or 0
            standards = {
                s.edition_key: s
                for s in Standard.objects.filter(edition_key__in={r["key"] for r in resolved})
            }
            added = []
            for n, r in enumerate(resolved, start=1):
                benchmark = ComparisonBenchmark.objects.create(
                    comparison=current, standard_number=r["number"], standard_key=r["key"], grade=r["grade"],
                    klass=r["klass"], standard=standards.get(r["key"]), position=position + n,
                )  # fmt: skip
                added.append((benchmark, _ended_warning(standards.get(r["key"]))))
            current.benchmark_count = current.benchmarks.count()
            current.save(update_fields=["benchmark_count", "updated_at"])
            _rerun_if_compared(actor, current)
            auditing.record(
                actor=actor,
                event_type="benchmarking.comparison_benchmark_added",
                target=current,
                summary="；".join(f"{r['number']} {r['grade']}".strip() for r in resolved)[:300],
                data={"benchmarks": [[r["number"], r["grade"], r["klass"]] for r in resolved]},
            )
    except IntegrityError as exc:
        raise ValidationFailed({"benchmark": [_("该标准（等级）已在对标清单中。")]}) from exc
    return added


def comparison_add_benchmark(
    *, actor, comparison: Comparison, standard_number: str, grade: str = "", klass: str = ""
) -> tuple[ComparisonBenchmark, str]:
    """Add one benchmark standard (and grade): see `comparison_add_benchmarks`."""
    return comparison_add_benchmarks(
        actor=actor, comparison=comparison, picks=[(standard_number, grade, klass)]
    )[0]


def comparison_remove_benchmark(*, actor, comparison: Comparison, benchmark_id: int) -> None:
    authorize(actor, "benchmarking.change_comparison", comparison)
    with transaction.atomic():
        current = _locked(comparison)
        deleted, _detail = current.benchmarks.filter(pk=benchmark_id).delete()
        if not deleted:
            raise ValidationFailed({"benchmark": [_("对标清单中没有该标准。")]})
        current.benchmark_count = current.benchmarks.count()
        current.save(update_fields=["benchmark_count", "updated_at"])
        _rerun_if_compared(actor, current)
        auditing.record(
            actor=actor,
            event_type="benchmarking.comparison_benchmark_removed",
            target=current,
            summary=str(benchmark_id),
        )


def indicatorvalues_save(*, actor, comparison: Comparison, rows: list[dict]) -> int:
    """Replace the comparison's indicator values with `rows` (all-or-nothing; empty values skipped)."""
    authorize(actor, "benchmarking.change_comparison", comparison)
    report_ids = dict(comparison.reports.values_list("report_number", "pk"))
    cleaned = clean_values(rows, report_ids=report_ids)
    with transaction.atomic():
        current = _locked(comparison)
        current.values.all().delete()
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                comparison=current,
                quantity=r["quantity"],
                name=r["name"],
                value_text=r["value"],
                unit=r["unit"],
                method_standard=r["method_standard"],
                method_variant=r["method_variant"],
                kind=r["kind"],
                report_id=r["report_id"],
                position=n,
            )  # fmt: skip
            for n, r in enumerate(cleaned)
        )
        current.value_count = len(cleaned)
        current.save(update_fields=["value_count", "updated_at"])
        _rerun_if_compared(actor, current)
        auditing.record(
            actor=actor,
            event_type="benchmarking.indicatorvalues_saved",
            target=current,
            summary=_("指标值 %(n)s 项") % {"n": len(cleaned)},
            data={"values": [f"{r['name']} {r['value']} {r['unit']}" for r in cleaned][:50]},
        )
    return len(cleaned)


def indicatorvalues_import(*, actor, comparison: Comparison, data: bytes, filename: str = "") -> int:
    """Import values from CSV or XLSX (columns 量, 指标名称, 数值, 单位, 检测方法, 方法条款, 数值类型, 检测报告);
    the file replaces every value, all-or-nothing, errors naming the spreadsheet row."""
    authorize(actor, "benchmarking.change_comparison", comparison)
    table = read_table(data, filename=filename, max_rows=500)
    return indicatorvalues_save(
        actor=actor, comparison=comparison, rows=rows_from_table(table.header, table.rows)
    )


def _run(actor, current: Comparison) -> Comparison:
    """Judge every benchmark indicator, replace the stored results and record the level and rule version."""
    rule = level_rule_in_force()
    results, outcome = assess_comparison(current, rule)
    current.results.all().delete()
    IndicatorResult.objects.bulk_create(results, batch_size=500)
    current.level = outcome.code
    current.level_label = outcome.label
    current.level_attained = outcome.attained
    current.requirement_met = outcome.requirement_met
    current.rule_version = outcome.rule_version
    current.compared_at = timezone.now()
    current.verdict_counts = {v: sum(1 for r in results if r.verdict == v) for v in Verdict.values}
    current.save(
        update_fields=[
            "level", "level_label", "level_attained", "requirement_met", "rule_version", "compared_at",
            "verdict_counts", "updated_at",
        ]
    )  # fmt: skip
    auditing.record(
        actor=actor,
        event_type="benchmarking.comparison_run",
        target=current,
        summary=f"{outcome.label}（{_('判定规则第 %(v)s 版') % {'v': outcome.rule_version}}）",
        data={"level": outcome.code, "rule_version": outcome.rule_version, "counts": current.verdict_counts},
    )
    return current


def _rerun_if_compared(actor, current: Comparison) -> None:
    if current.status != ComparisonStatus.DRAFT and current.benchmark_count and current.value_count:
        _run(actor, current)


def comparison_run(*, actor, comparison: Comparison) -> Comparison:
    """Compare now. A draft becomes "compared" through the one door; later runs keep the status."""
    authorize(actor, "benchmarking.change_comparison", comparison)
    with transaction.atomic():
        current = _locked(comparison)
        refusal = has_results(current, actor)
        if refusal:
            raise DomainError(refusal, code="nothing_to_compare")
        _run(actor, current)
        if current.status == ComparisonStatus.DRAFT:
            current = comparison_transition(actor=actor, comparison=current, name="compare")
    return current


def _declaration(comparison: Comparison) -> str:
    """The public statement; a level resting on illustrative (DEMO) limits says so in the statement."""
    benchmarks = "、".join(f"{b.standard_number} {b.grade}".strip() for b in comparison.benchmarks.all())
    demo = comparison.results.filter(is_key=True, is_demo=True).exists()
    note = _("（注：部分对标限值为演示用示意值，非标准原文。）") if demo else ""
    statement = _(
        "%(e)s 声明：产品“%(p)s”执行 %(s)s，经与 %(b)s 逐项对比，达到“%(l)s”水平（判定规则第 %(v)s 版）。"
        "对比所依据的检测报告已在平台登记。"
    ) % {
        "e": comparison.enterprise.name,
        "p": comparison.product,
        "s": comparison.own_standard_number,
        "b": benchmarks,
        "l": comparison.level_label,
        "v": comparison.rule_version,
    }
    return statement + note


def comparison_transition(
    *, actor, comparison: Comparison, name: str, comment: str = "", expected_version: int | None = None
) -> Comparison:
    """The one door for status changes; attaining stamps the date, declaring writes the public statement."""
    today = timezone.localdate()
    changes: dict = {}
    if name == "attain":
        changes["attained_on"] = today
    elif name == "declare":
        current = Comparison.objects.select_related("enterprise", "product").get(pk=comparison.pk)
        changes |= {
            "declared_on": today,
            "declaration": _declaration(current) + (f"\n{comment.strip()}" if comment.strip() else ""),
        }
    elif name == "reopen":
        changes["attained_on"] = None
    return transition(
        actor=actor,
        obj=comparison,
        workflow=COMPARISON,
        name=name,
        comment=comment,
        expected_version=expected_version,
        changes=changes,
        effects=EFFECTS,
    )
