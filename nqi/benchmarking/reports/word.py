"""The benchmarking report as a Word document (python-docx): what bureaus and firms exchange.

Sections: identification, level (with the rule version), benchmark standards (with withdrawal notes),
the gap matrix (one row per benchmark indicator: value, limit, verdict, explanation incl. conversion),
the improvement plan, the test reports and — once declared — the public declaration.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from nqi.benchmarking.reports.content import ReportContent

VERDICT_COLOURS = {
    "better": RGBColor(0x1B, 0x7F, 0x3B),
    "equal": RGBColor(0x1D, 0x4F, 0x91),
    "worse": RGBColor(0xC8, 0x10, 0x2E),
    "not_comparable": RGBColor(0xB2, 0x6B, 0x00),
    "missing": RGBColor(0x6B, 0x72, 0x80),
}


def _fonts(document) -> None:
    """A CJK-capable default font so Chinese renders in Word and WPS alike."""
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    return table


def _identification(document, content: ReportContent) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in content.identification():
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def _benchmarks(document, content: ReportContent) -> None:
    document.add_heading(content.t("benchmarks"), level=2)
    header = [content.t("benchmarks"), content.t("grade"), content.t("class"), content.t("warning")]
    _table(document, header, content.benchmark_lines())


def _matrix(document, content: ReportContent) -> None:
    document.add_heading(content.t("matrix"), level=2)
    header = [
        content.t("benchmarks"), content.t("indicator"), content.t("own_value"), content.t("limit"),
        content.t("verdict"), content.t("explanation"),
    ]  # fmt: skip
    table = _table(document, header, [])
    for line in content.matrix_lines():
        cells = table.add_row().cells
        for target, text in zip(
            cells,
            [line["benchmark"], line["name"], line["own"], line["limit"], "", line["explanation"]],
            strict=True,
        ):
            target.text = text
        run = cells[4].paragraphs[0].add_run(line["verdict_text"])
        run.bold = True
        run.font.color.rgb = VERDICT_COLOURS.get(line["verdict"])
    if content.matrix.has_demo_values:
        note = document.add_paragraph(content.t("demo"))
        note.runs[0].font.color.rgb = VERDICT_COLOURS["not_comparable"]


def _plan_and_evidence(document, content: ReportContent) -> None:
    if content.plan_items:
        document.add_heading(content.t("plan"), level=2)
        rows = [
            [
                i.indicator_name,
                i.action,
                i.owner_name,
                i.due_on.isoformat(),
                i.done_on.isoformat() if i.done_on else "—",
            ]
            for i in content.plan_items
        ]
        _table(
            document,
            [
                content.t("indicator"),
                content.t("plan"),
                content.t("owner"),
                content.t("due"),
                content.t("done"),
            ],
            rows,
        )
    document.add_heading(content.t("evidence"), level=2)
    if content.reports:
        rows = [
            [r.report_number, r.lab_name, r.issued_on.isoformat() if r.issued_on else "—"]
            for r in content.reports
        ]
        _table(document, [content.t("evidence"), content.t("lab"), content.t("issued")], rows)
    else:
        document.add_paragraph(content.t("none"))
    if content.comparison.declaration:
        document.add_heading(content.t("declaration"), level=2)
        document.add_paragraph(content.comparison.declaration)


def render_docx(content: ReportContent) -> bytes:
    document = Document()
    _fonts(document)
    title = document.add_heading(content.t("title"), level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _identification(document, content)
    _benchmarks(document, content)
    _matrix(document, content)
    _plan_and_evidence(document, content)
    footer = document.add_paragraph(f"{content.t('generated')}: {content.generated_at:%Y-%m-%d %H:%M}")
    footer.runs[0].font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
