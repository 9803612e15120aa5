"""Online submission by an enterprise and registration by a window clerk (the two doors into the window).

The form lists, for the chosen platform, every document kind its items may require and says which are
already on file (reused, once-only) and which must be uploaded.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nqi.core.errors import DomainError, NotFound
from nqi.core.forms import form_errors
from nqi.core.permissions import authorize
from nqi.enterprises.selectors import enterprise_get_by_uscc_for, enterprise_list_visible_to
from nqi.servicedesk.choices import DocumentKind
from nqi.servicedesk.forms import RegisterForm, RequestForm
from nqi.servicedesk.selectors.documents import documents_on_file
from nqi.servicedesk.selectors.platforms import ItemFilter, platform_choices_for, serviceitem_list_visible_to
from nqi.servicedesk.selectors.scope import desk_scope_for
from nqi.servicedesk.services import requests
from nqi.servicedesk.views.common import int_or_none


def _catalog(actor, platform_id):
    """Items of the platform and the document kinds they need, with the items needing each."""
    items = (
        list(serviceitem_list_visible_to(actor=actor, filters=ItemFilter(platform=platform_id)))
        if platform_id
        else []
    )
    needs: dict[str, list] = {}
    for item in items:
        for kind in item.required_documents or []:
            needs.setdefault(kind, []).append(item.name)
    return items, needs


def _documents_table(needs: dict, enterprise) -> list[dict]:
    on_file = documents_on_file(enterprise_id=enterprise.pk, kinds=needs) if enterprise else {}
    return [
        {"kind": kind, "label": DocumentKind(kind).label, "items": names, "on_file": on_file.get(kind)}
        for kind, names in needs.items()
    ]


def _own_enterprise(user):
    return enterprise_list_visible_to(actor=user).filter(organization__isnull=False).first()


def _page(request, form_class, *, template, platforms, enterprise, submit):
    platform_id = int_or_none(request.POST.get("platform") or request.GET.get("platform"))
    if platform_id not in {p.pk for p in platforms}:
        platform_id = None
    items, needs = _catalog(request.user, platform_id)
    initial = {"platform": platform_id, "items": [int(i) for i in request.GET.getlist("item") if i.isdigit()]}
    form = form_class(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        platforms=platforms,
        items=items,
        document_kinds=list(needs),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = submit(form)
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("申请已提交，编号 %(n)s。") % {"n": created.number})
            return redirect("servicedesk:servicerequest_detail", pk=created.pk)
    context = {
        "form": form,
        "enterprise": enterprise,
        "platform_id": platform_id,
        "documents": _documents_table(needs, enterprise),
        "register": form_class is RegisterForm,
    }
    if request.htmx and request.GET.get("partial") == "catalog":
        return render(request, f"{template}#catalog", context)
    return render(request, template, context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def servicerequest_submit(request):
    authorize(request.user, "servicedesk.submit_servicerequest")
    enterprise = _own_enterprise(request.user)
    if enterprise is None:
        raise NotFound("no enterprise")
    platforms = platform_choices_for(actor=request.user)

    def submit(form):
        platform = next(p for p in platforms if p.pk == form.cleaned_data["platform"])
        return requests.servicerequest_submit(
            actor=request.user,
            enterprise=enterprise,
            platform=platform,
            item_ids=form.cleaned_data["items"],
            data=form.cleaned_data,
            uploads=form.uploads(),
        )

    return _page(
        request,
        RequestForm,
        template="servicedesk/servicerequest_form.html",
        platforms=platforms,
        enterprise=enterprise,
        submit=submit,
    )


@login_required
@require_http_methods(["GET", "POST"])
def servicerequest_register(request):
    authorize(request.user, "servicedesk.register_servicerequest")
    staffed = desk_scope_for(request.user).staff_platforms
    platforms = [p for p in platform_choices_for(actor=request.user) if p.pk in staffed]
    uscc = (request.POST.get("uscc") or request.GET.get("uscc") or "").strip().upper()
    try:
        enterprise = enterprise_get_by_uscc_for(actor=request.user, uscc=uscc) if uscc else None
    except NotFound:
        enterprise = None

    def submit(form):
        if enterprise is None:
            raise DomainError(_("未找到该统一社会信用代码对应的企业。"), field="uscc")
        platform = next(p for p in platforms if p.pk == form.cleaned_data["platform"])
        return requests.servicerequest_register(
            actor=request.user,
            platform=platform,
            enterprise=enterprise,
            channel=form.cleaned_data["channel"],
            item_ids=form.cleaned_data["items"],
            data=form.cleaned_data,
            uploads=form.uploads(),
        )

    return _page(
        request,
        RegisterForm,
        template="servicedesk/servicerequest_form.html",
        platforms=platforms,
        enterprise=enterprise,
        submit=submit,
    )
