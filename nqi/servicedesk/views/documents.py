"""The enterprise's document library (once-only) and permission-checked downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nqi.core.errors import DomainError, NotFound
from nqi.core.forms import form_errors
from nqi.core.permissions import authorize
from nqi.enterprises.selectors import enterprise_list_visible_to
from nqi.servicedesk.choices import DocumentKind
from nqi.servicedesk.forms import DocumentUploadForm
from nqi.servicedesk.selectors import documents as selectors
from nqi.servicedesk.services import documents as services
from nqi.servicedesk.views.common import or_404


@login_required
@require_http_methods(["GET", "POST"])
def enterprisedocument_list(request):
    authorize(request.user, "servicedesk.manage_document")
    enterprise = enterprise_list_visible_to(actor=request.user).filter(organization__isnull=False).first()
    if enterprise is None:
        raise Http404
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprisedocument_upload(
                actor=request.user,
                enterprise=enterprise,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                valid_until=form.cleaned_data.get("valid_until"),
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("材料已存入材料库，今后的申请将直接复用。"))
            return redirect("servicedesk:enterprisedocument_list")
    documents = selectors.enterprisedocument_list_visible_to(actor=request.user, enterprise_id=enterprise.pk)
    current: dict = {}
    for document in documents:
        if document.is_current:
            current.setdefault(document.kind, document)
    context = {
        "enterprise": enterprise,
        "form": form,
        "documents": documents,
        "kinds": [
            {"kind": k, "label": label, "current": current.get(k)} for k, label in DocumentKind.choices
        ],
    }
    return render(
        request, "servicedesk/enterprisedocument_list.html", context, status=422 if form.errors else 200
    )


def _file_response(field_file, name, content_type):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


@login_required
@require_GET
def enterprisedocument_download(request, pk: int):
    document = or_404(selectors.enterprisedocument_get_for, actor=request.user, pk=pk)
    return _file_response(document.file, document.title, document.content_type)


@login_required
@require_GET
def attachment_download(request, pk: int):
    try:
        attachment = selectors.attachment_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    return _file_response(attachment.file, attachment.name, attachment.content_type)
