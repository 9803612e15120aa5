"""The content of a benchmarking report, in Chinese or English, shared by the Word and PDF renderers.

A report is a document handed to customers, certifiers and the bureau, so its fixed wording is held
here in both languages (the UI's locale files may lag behind); the data — standard numbers, values,
units, the verdict of each cell with its reason and any unit conversion — come from the stored results
of the latest comparison. DEMO (illustrative) limits are flagged in the document itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone, translation

from nqi.benchmarking.choices import BenchmarkClass, Level, Verdict
from nqi.benchmarking.selectors.matrix import Matrix, comparison_matrix

LANGUAGES = ("zh", "en")
LABELS = {
    "title": ("对标达标报告", "Benchmarking report"),
    "enterprise": ("企业", "Enterprise"),
    "uscc": ("统一社会信用代码", "Unified social credit code"),
    "product": ("产品", "Product"),
    "own_standard": ("执行标准", "Standard applied"),
    "status": ("状态", "Status"),
    "level": ("对标水平", "Benchmarking level"),
    "rule": ("判定规则版本", "Level rule version"),
    "compared_at": ("对比时间", "Compared on"),
    "benchmarks": ("对标标准", "Benchmark standards"),
    "class": ("类别", "Class"),
    "grade": ("等级/类别", "Grade / class"),
    "warning": ("提示", "Note"),
    "matrix": ("对标差距矩阵", "Gap matrix"),
    "indicator": ("指标", "Indicator"),
    "own_value": ("企业值", "Enterprise value"),
    "limit": ("对标值", "Benchmark limit"),
    "verdict": ("结论", "Verdict"),
    "explanation": ("说明", "Explanation"),
    "key": ("关键", "key"),
    "plan": ("提升计划", "Improvement plan"),
    "owner": ("责任人", "Owner"),
    "due": ("计划完成", "Due"),
    "done": ("完成", "Done"),
    "evidence": ("检测报告", "Test reports"),
    "lab": ("检测机构", "Laboratory"),
    "issued": ("签发日期", "Issued on"),
    "declaration": ("公开声明", "Public declaration"),
    "demo": (
        "注：标有“示意值”的对标限值为演示用示意数值，非标准原文，不得用于判定。",
        "Note: limits marked DEMO are illustrative values, not the standard's text, and must not be used for decisions.",
    ),
    "demo_mark": ("示意值", "DEMO"),
    "generated": ("生成时间", "Generated"),
    "replaced": ("已被代替，现行标准：", "replaced; current standard: "),
    "none": ("无", "none"),
}
VERDICTS = {
    Verdict.BETTER: ("优于", "better"),
    Verdict.EQUAL: ("持平", "equal"),
    Verdict.WORSE: ("低于", "worse"),
    Verdict.NOT_COMPARABLE: ("不可比", "not comparable"),
    Verdict.MISSING: ("缺数据", "missing"),
}
CLASSES = {
    BenchmarkClass.INTERNATIONAL: ("国际标准", "international standard"),
    BenchmarkClass.FOREIGN_ADVANCED: ("国外先进标准", "foreign advanced standard"),
    BenchmarkClass.DOMESTIC_ADVANCED: ("国内先进标准", "domestic advanced standard"),
    BenchmarkClass.REQUIREMENT: ("国家/行业标准要求", "national/industry requirement"),
}
LEVELS = {
    Level.INTERNATIONAL_LEAD: "International leading",
    Level.INTERNATIONAL_ADVANCED: "International advanced",
    Level.FOREIGN_LEAD: "Leading against foreign advanced standards",
    Level.FOREIGN_ADVANCED: "Advanced against foreign standards",
    Level.DOMESTIC_LEAD: "Domestic leading",
    Level.DOMESTIC_ADVANCED: "Domestic advanced",
    Level.REQUIREMENT_MET: "Meets the national/industry requirement",
    Level.NOT_ATTAINED: "Benchmark not attained",
}


@dataclass
class ReportContent:
    lang: str
    comparison: object
    matrix: Matrix
    plan_items: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    generated_at: object = None

    @property
    def labels(self) -> dict[str, str]:
        """Every fixed label in the report's language (for templates)."""
        return {key: self.t(key) for key in LABELS}

    def t(self, key: str) -> str:
        zh, en = LABELS[key]
        return en if self.lang == "en" else zh

    def verdict(self, value: str) -> str:
        zh, en = VERDICTS.get(value, (value, value))
        return en if self.lang == "en" else zh

    def klass(self, value: str) -> str:
        zh, en = CLASSES.get(value, (value, value))
        return en if self.lang == "en" else zh

    def level(self) -> str:
        c = self.comparison
        if not c.level:
            return "—"
        return LEVELS.get(c.level, c.level_label) if self.lang == "en" else c.level_label

    def indicator_name(self, result) -> str:
        indicator = result.indicator
        if self.lang == "en" and indicator is not None and indicator.name_en:
            return indicator.name_en
        return result.name

    def identification(self) -> list[tuple[str, str]]:
        c = self.comparison
        status = str(c.get_status_display()) if self.lang == "zh" else c.status
        rule = "—" if c.rule_version is None else f"v{c.rule_version}"
        compared = timezone.localtime(c.compared_at).strftime("%Y-%m-%d %H:%M") if c.compared_at else "—"
        return [
            (self.t("enterprise"), c.enterprise.name),
            (self.t("uscc"), c.enterprise.uscc),
            (self.t("product"), str(c.product)),
            (self.t("own_standard"), c.own_standard_number),
            (self.t("status"), status),
            (self.t("level"), self.level()),
            (self.t("rule"), rule),
            (self.t("compared_at"), compared),
        ]

    def benchmark_lines(self) -> list[list[str]]:
        lines = []
        for column in self.matrix.columns:
            b = column.benchmark
            note = ""
            if column.ended:
                note = f"{column.status_label}; {self.t('replaced')}{', '.join(column.replaced_by) or self.t('none')}"
            lines.append([b.standard_number, b.grade or "—", self.klass(b.klass), note])
        return lines

    def matrix_lines(self) -> list[dict]:
        """One line per benchmark indicator, benchmark by benchmark, with every string resolved."""
        lines = []
        for column in self.matrix.columns:
            for row in self.matrix.rows:
                for cell in row.cells.get(column.benchmark.pk, []):
                    r = cell.result
                    lines.append(
                        {
                            "benchmark": f"{column.benchmark.standard_number} {column.benchmark.grade}".strip(),
                            "name": self.indicator_name(r) + (f" ({self.t('key')})" if r.is_key else ""),
                            "own": f"{r.own_value} {r.unit}".strip() if r.own_value else "—",
                            "limit": f"{r.limit_text} {r.unit}".strip()
                            + (f" [{self.t('demo_mark')}]" if r.is_demo else ""),
                            "verdict": r.verdict,
                            "verdict_text": self.verdict(r.verdict),
                            "explanation": "; ".join(t for t in (cell.explanation, cell.conversion) if t),
                        }
                    )
        return lines


def build_content(comparison, lang: str = "zh") -> ReportContent:
    """Gather a comparison's report data; cell explanations are rendered in the report's language."""
    lang = lang if lang in LANGUAGES else "zh"
    with translation.override("en" if lang == "en" else "zh-hans"):
        matrix = comparison_matrix(comparison)
    return ReportContent(
        lang=lang,
        comparison=comparison,
        matrix=matrix,
        plan_items=list(comparison.plan_items.all()),
        reports=list(comparison.reports.all()),
        generated_at=timezone.localtime(),
    )
