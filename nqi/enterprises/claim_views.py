"""Enterprise-claim pages: the bureau's verification list, a claim with its buttons and timeline, and the
"claim an enterprise" form for enterprise users (thin adapters over claim_selectors and claims)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.audit.selectors import auditevent_list_for_target
from nqi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize, has_perm
from nqi.enterprises import claim_selectors, claims
from nqi.enterprises.claim_forms import EnterpriseClaimFilterForm, EnterpriseClaimForm
from nqi.enterprises.workflow import EnterpriseClaimStatus

EXPORT_COLUMNS = [
    (gettext_lazy("企业名称"), lambda c: c.enterprise.name),
    (gettext_lazy("统一社会信用代码"), lambda c: c.enterprise.uscc),
    (gettext_lazy("区域"), lambda c: c.enterprise.region.name),
    (gettext_lazy("申请人"), lambda c: c.applicant_name),
    (gettext_lazy("职务"), lambda c: c.applicant_position),
    (gettext_lazy("联系电话"), lambda c: c.contact_phone),
    (gettext_lazy("状态"), lambda c: c.get_status_display()),
    (gettext_lazy("提交时间"), lambda c: c.created_at),
    (gettext_lazy("核验时限（工作日）"), lambda c: c.deadline_working_days),
    (gettext_lazy("办理时限"), lambda c: c.due_at),
    (gettext_lazy("办结时间"), lambda c: c.decided_at),
    (gettext_lazy("核验意见"), lambda c: c.decision_comment),
]


def _claim_or_404(request, pk):
    try:
        return claim_selectors.enterpriseclaim_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
@vary_on_headers("HX-Request")
def enterpriseclaim_list(request):
    """Bureau users see the claims in their jurisdiction with due/overdue badges; claimants their own."""
    authorize(request.user, "enterprises.view_enterpriseclaim")
    form = EnterpriseClaimFilterForm(request.GET or None)
    qs = claim_selectors.enterpriseclaim_list_visible_to(actor=request.user, filters=form.to_filter())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        authorize(request.user, "enterprises.export_enterpriseclaim")
        return export_response(
            export, rows=qs.iterator(chunk_size=2000), columns=EXPORT_COLUMNS, basename="enterprise-claims"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    claims_page = list(window.object_list)
    context = {
        "form": form,
        "window": window,
        "claims": claims_page,
        "deadlines": claim_selectors.deadline_statuses(claims_page),
        "counts": claim_selectors.enterpriseclaim_counts(actor=request.user),
    }
    return render_page_or_partial(request, "enterprises/claim_list.html", context)


def _detail_context(request, claim, *, error: DomainError | None = None, comment: str = "") -> dict:
    errors = {}
    if isinstance(error, ValidationFailed):
        errors = {k: [str(m) for m in v] for k, v in error.errors.items()}
    return {
        "claim": claim,
        "actions": claim_selectors.enterpriseclaim_available_transitions(actor=request.user, claim=claim),
        "timeline": claim_selectors.enterpriseclaim_timeline(claim=claim),
        "history": auditevent_list_for_target(actor=request.user, target=claim)[:20],
        "show_personal": claim.claimant_id == request.user.pk
        or has_perm(request.user, "enterprises.view_personal_data", claim.enterprise),
        "error": error,
        "field_errors": errors,
        "comment": comment,
        "is_open": claim.status == EnterpriseClaimStatus.SUBMITTED,
    }


@login_required
@require_GET
def enterpriseclaim_detail(request, pk: int):
    claim = _claim_or_404(request, pk)
    return render(request, "enterprises/claim_detail.html", _detail_context(request, claim))


@login_required
@require_POST
def enterpriseclaim_transition(request, pk: int):
    """Press one button; a refusal (stale page, someone acted first, missing reason) re-renders with it."""
    claim = _claim_or_404(request, pk)
    comment = request.POST.get("comment", "")[:2000]
    name = request.POST.get("transition", "")
    try:
        done = claims.enterpriseclaim_transition(
            actor=request.user,
            claim=claim,
            name=name,
            comment=comment,
            expected_version=_int(request.POST.get("version")),
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        claim = _claim_or_404(request, pk)
        context = _detail_context(request, claim, error=exc, comment=comment)
        return render(request, "enterprises/claim_detail.html", context, status=exc.status_code)
    messages.success(request, _("已办理：%(status)s。") % {"status": done.get_status_display()})
    return redirect("enterprises:enterpriseclaim_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def enterpriseclaim_create(request):
    authorize(request.user, "enterprises.submit_enterpriseclaim")
    initial = {"applicant_name": request.user.display_name, "contact_phone": request.user.phone}
    form = EnterpriseClaimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            claim = claims.enterpriseclaim_submit(actor=request.user, data=form.cleaned_data)
        except DomainError as exc:
            errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field: [exc.message]}
            for field, field_messages in errors.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, str(message))
        else:
            messages.success(request, _("认领申请已提交，请等待监管部门核验。"))
            return redirect("enterprises:enterpriseclaim_detail", pk=claim.pk)
    context = {"form": form, "policy": claim_selectors.enterpriseclaimpolicy_in_force()}
    return render(request, "enterprises/claim_form.html", context, status=422 if form.errors else 200)
