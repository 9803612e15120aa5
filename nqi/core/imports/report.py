"""Spreadsheets handed back to the person importing: the error report and the blank template."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from nqi.core.imports.mapping import Importer
from nqi.core.imports.runner import ImportOutcome


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def error_report_xlsx(outcome: ImportOutcome) -> bytes:
    """Every problem of an import, one line each: row, column, value, message (sorted by row)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("错误明细"))
    sheet.append([_("行号"), _("列"), _("填写的值"), _("问题")])
    for problem in outcome.problems:
        sheet.append([problem.row, problem.column, problem.value, problem.message])
    summary = workbook.create_sheet(_("说明"))
    summary.append([_("文件"), outcome.filename])
    summary.append([_("数据行数"), outcome.rows])
    summary.append([_("有误的行数"), len(outcome.bad_rows)])
    summary.append([_("问题条数"), len(outcome.problems)])
    summary.append([_("处理结果"), _("未写入任何记录。请按错误明细修改原文件后重新导入。")])
    return _save(workbook)


def template_xlsx(importer: Importer) -> bytes:
    """A blank sheet with the importer's headers (required ones marked '*' in red) and a guide sheet
    listing each column, whether it is required, an example and the other headers it accepts."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(importer.label)
    for index, column in enumerate(importer.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=f"{column.label}{'*' if column.required else ''}")
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(column.label)) * 2 + 4)
    guide = workbook.create_sheet(_("填写说明"))
    guide.append([_("列"), _("必填"), _("示例"), _("也可使用的表头")])
    for column in importer.columns:
        guide.append(
            [str(column.label), _("是") if column.required else "", column.example, "、".join(column.aliases)]
        )
    return _save(workbook)
