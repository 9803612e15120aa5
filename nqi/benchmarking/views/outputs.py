"""Downloads of a comparison: the report (Word or PDF, Chinese or English), its print page, an uploaded
test report file. Visible exactly when the comparison is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nqi.benchmarking.reports.content import LANGUAGES, build_content
from nqi.benchmarking.reports.pdf import PdfUnavailable, render_pdf
from nqi.benchmarking.reports.word import render_docx
from nqi.benchmarking.selectors import testreport_get_for
from nqi.benchmarking.views.comparisons import comparison_or_404
from nqi.core.errors import NotFound

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _lang(request) -> str:
    lang = request.GET.get("lang", "zh")
    return lang if lang in LANGUAGES else "zh"


def _filename(comparison, lang: str, suffix: str) -> str:
    return f"benchmarking-report-{comparison.pk}-{lang}.{suffix}"


@login_required
@require_GET
def comparison_report(request, pk: int, fmt: str):
    comparison = comparison_or_404(request, pk)
    lang = _lang(request)
    content = build_content(comparison, lang)
    if fmt == "docx":
        response = HttpResponse(render_docx(content), content_type=DOCX)
    elif fmt == "pdf":
        try:
            data = render_pdf(content, base_url=request.build_absolute_uri("/"))
        except PdfUnavailable as exc:
            context = {"content": content, "c": comparison, "pdf_error": exc}
            return render(request, "benchmarking/report_print.html", context, status=exc.status_code)
        response = HttpResponse(data, content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{_filename(comparison, lang, fmt)}"'
    return response


@login_required
@require_GET
def comparison_report_print(request, pk: int):
    comparison = comparison_or_404(request, pk)
    content = build_content(comparison, _lang(request))
    return render(
        request, "benchmarking/report_print.html", {"content": content, "c": comparison, "printable": True}
    )


@login_required
@require_GET
def testreport_file(request, pk: int):
    try:
        report = testreport_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    if not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file_name or "report",
        content_type=report.content_type,
    )
