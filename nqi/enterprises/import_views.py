"""The import page for bureau officers: upload a spreadsheet of enterprises or products, check it, import it.

Every upload is first a dry run (a background job with a progress bar); the job page then offers the
preview and "confirm import", or the rows to fix and the XLSX error report. Thin adapters over
`nqi.jobs.imports` and `nqi.core.imports`.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from nqi.core.errors import DomainError, NotFound
from nqi.core.imports import get_importer
from nqi.core.imports.reading import MAX_FILE_BYTES
from nqi.core.imports.report import template_xlsx
from nqi.core.permissions import authorize
from nqi.jobs.imports import IMPORT_KIND, import_start
from nqi.jobs.selectors import JobFilter, job_list_visible_to

IMPORTERS = ("enterprises", "products")
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")
RECENT_JOBS = 10


class ImportUploadForm(forms.Form):
    importer = forms.ChoiceField(
        label=_("导入内容"),
        choices=[("enterprises", _("企业名录")), ("products", _("企业产品"))],
        widget=forms.RadioSelect,
        initial="enterprises",
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=_("CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx），第一行为表头，中文或英文表头均可。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ",".join(ALLOWED_SUFFIXES)}
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("只支持 .csv 和 .xlsx 文件。"))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("文件过大，请拆分后分批导入。"))
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_import(request):
    authorize(request.user, "enterprises.import_enterprise")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_start(
                actor=request.user,
                importer=form.cleaned_data["importer"],
                filename=upload.name,
                content=upload.read(),
                dry_run=True,
            )
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            return redirect("jobs:job_detail", pk=job.pk)
    recent = job_list_visible_to(actor=request.user, filters=JobFilter(kind=IMPORT_KIND, mine=True))[
        :RECENT_JOBS
    ]
    context = {"form": form, "recent": recent, "importers": [get_importer(k) for k in IMPORTERS]}
    return render(request, "enterprises/import_upload.html", context, status=422 if form.errors else 200)


@login_required
@require_GET
def import_template(request, importer: str):
    if importer not in IMPORTERS:
        raise Http404
    try:
        spec = get_importer(importer)
    except NotFound as exc:
        raise Http404 from exc
    authorize(request.user, spec.permission)
    response = HttpResponse(
        template_xlsx(spec), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{importer}-template.xlsx"'
    return response
