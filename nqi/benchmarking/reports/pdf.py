"""The benchmarking report as PDF: the print page (`benchmarking/report_print.html`) rendered by WeasyPrint.

ARCHITECTURE.md §1 chose WeasyPrint for PDF. It needs the system's Pango library; on a machine without it
`render_pdf` raises PdfUnavailable and users get the same print page in the browser ("打印 / 另存为 PDF") —
the content and layout WeasyPrint uses.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.reports.content import ReportContent
from nqi.core.errors import DomainError


class PdfUnavailable(DomainError):
    status_code = 503
    code = "pdf_unavailable"


def render_html(content: ReportContent) -> str:
    return render_to_string("benchmarking/report_print.html", {"content": content, "c": content.comparison})


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the Pango system library is missing
        return False
    return True


def render_pdf(content: ReportContent, *, base_url: str = "") -> bytes:
    """The PDF bytes, or PdfUnavailable naming the missing component and the alternatives."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _("PDF 生成组件（WeasyPrint）尚未安装。请下载 Word 版报告，或打开打印版后用浏览器“另存为 PDF”。")
        ) from exc
    return HTML(string=render_html(content), base_url=base_url).write_pdf()
