"""Industry standard systems (built by experts in the UI) and key standard projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.core.errors import DomainError, NotFound
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize
from nqi.core.transitions import available_transitions
from nqi.enterprises.selectors import enterprise_get_by_uscc_for
from nqi.industries.models import FeaturedIndustry
from nqi.standards import selectors, services
from nqi.standards.forms import (
    KeyProjectFilterForm,
    KeyProjectForm,
    MilestoneForm,
    ParticipantForm,
    StandardSystemForm,
    SystemCategoryForm,
    SystemEntryForm,
)
from nqi.standards.models import KeyProjectMilestone, SystemCategory, SystemEntry
from nqi.standards.workflow import KEY_PROJECT


def _or_404(getter, request, pk):
    try:
        return getter(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


def _featured(value):
    return FeaturedIndustry.objects.filter(pk=value).first() if value and str(value).isdigit() else None


@login_required
@require_GET
def standardsystem_list(request):
    systems = selectors.standardsystem_list_visible_to(actor=request.user)
    window = paginate(systems.order_by("name"), page=request.GET.get("page"))
    return render_page_or_partial(
        request,
        "standards/standardsystem_list.html",
        {"window": window, "systems": window.object_list, "form": StandardSystemForm()},
    )


@login_required
@require_POST
def standardsystem_create(request):
    form = StandardSystemForm(request.POST)
    if form.is_valid():
        try:
            system = services.standardsystem_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                featured_industry=_featured(form.cleaned_data["featured_industry"]),
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            return redirect("standards:standardsystem_detail", pk=system.pk)
    return redirect("standards:standardsystem_list")


@login_required
@require_GET
def standardsystem_detail(request, pk: int):
    system = _or_404(selectors.standardsystem_get_for, request, pk)
    context = {
        "system": system,
        "tree": selectors.standardsystem_tree(system),
        "category_form": SystemCategoryForm(),
        "entry_form": SystemEntryForm(),
    }
    return render(request, "standards/standardsystem_detail.html", context)


@login_required
@require_POST
def standardsystem_edit(request, pk: int):
    """Add or remove a category or an entry (the expert's tree editor); one POST, one service call."""
    system = _or_404(selectors.standardsystem_get_for, request, pk)
    action = request.POST.get("action")
    try:
        if action == "add_category":
            _add_category(request, system)
        elif action == "add_entry":
            _add_entry(request, system)
        elif action == "remove_category":
            category = SystemCategory.objects.filter(system=system, pk=request.POST.get("id")).first()
            if category:
                services.systemcategory_remove(actor=request.user, category=category)
        elif action == "remove_entry":
            entry = SystemEntry.objects.filter(category__system=system, pk=request.POST.get("id")).first()
            if entry:
                services.systementry_remove(actor=request.user, entry=entry)
    except NotFound:
        messages.error(request, _("标准库中没有该标准号，请核对，或按“拟制定标准”填写名称。"))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("standards:standardsystem_detail", pk=system.pk)


def _add_category(request, system) -> None:
    form = SystemCategoryForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("请填写类目名称。"), field="name")
    parent = SystemCategory.objects.filter(system=system, pk=form.cleaned_data["parent"]).first()
    services.systemcategory_add(
        actor=request.user,
        system=system,
        name=form.cleaned_data["name"],
        code=form.cleaned_data["code"],
        parent=parent,
    )


def _add_entry(request, system) -> None:
    form = SystemEntryForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("请检查填写的内容。"))
    category = SystemCategory.objects.filter(system=system, pk=form.cleaned_data["category"]).first()
    if category is None:
        raise DomainError(_("类目不存在。"), field="category")
    number = form.cleaned_data["number"].strip()
    standard = selectors.standard_get_by_number(number) if number else None
    services.systementry_add(
        actor=request.user,
        category=category,
        standard=standard,
        planned_title=form.cleaned_data["planned_title"],
        note=form.cleaned_data["note"],
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def keyproject_list(request):
    form = KeyProjectFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    projects = selectors.keyproject_list_visible_to(actor=request.user, status=status)
    window = paginate(projects, page=request.GET.get("page"))
    context = {
        "form": form,
        "window": window,
        "projects": window.object_list,
        "counts": selectors.keyproject_counts_by_status(),
    }
    return render_page_or_partial(request, "standards/keyproject_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def keyproject_create(request):
    authorize(request.user, "standards.add_keyproject")
    form = KeyProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["lead_enterprise"] = enterprise_get_by_uscc_for(
                actor=request.user, uscc=data.pop("lead_uscc")
            )
            data["featured_industry"] = _featured(data["featured_industry"])
            project = services.keyproject_create(actor=request.user, data=data)
        except NotFound:
            form.add_error("lead_uscc", _("您辖区内没有该统一社会信用代码的企业。"))
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("standards:keyproject_detail", pk=project.pk)
    return render(
        request, "standards/keyproject_form.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
@require_GET
def keyproject_detail(request, pk: int):
    project = _or_404(selectors.keyproject_get_for, request, pk)
    context = {
        "project": project,
        "participants": list(project.participants.select_related("enterprise")),
        "milestones": list(project.milestones.all()),
        "transitions": available_transitions(request.user, project, KEY_PROJECT),
        "history": selectors.status_timeline(project, KEY_PROJECT),
        "milestone_form": MilestoneForm(),
        "participant_form": ParticipantForm(),
    }
    return render(request, "standards/keyproject_detail.html", context)


@login_required
@require_POST
def keyproject_action(request, pk: int):
    """A stage transition, a new milestone, a milestone done, or a new participant."""
    project = _or_404(selectors.keyproject_get_for, request, pk)
    action = request.POST.get("action")
    try:
        if action == "transition":
            number = request.POST.get("standard_number", "").strip()
            standard = selectors.standard_get_by_number(number) if number else None
            services.keyproject_transition(
                actor=request.user,
                project=project,
                name=request.POST.get("name", ""),
                comment=request.POST.get("comment", ""),
                standard=standard,
                expected_version=_int(request.POST.get("version")),
            )
        elif action == "milestone":
            form = MilestoneForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("请填写节点名称和计划日期。"))
            services.keyproject_add_milestone(actor=request.user, project=project, **form.cleaned_data)
        elif action == "milestone_done":
            milestone = KeyProjectMilestone.objects.filter(project=project, pk=request.POST.get("id")).first()
            if milestone:
                services.keyproject_complete_milestone(actor=request.user, milestone=milestone)
        elif action == "participant":
            form = ParticipantForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("请填写单位名称和角色。"))
            services.keyproject_add_participant(actor=request.user, project=project, **form.cleaned_data)
    except NotFound:
        messages.error(request, _("标准库中没有该标准号。"))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("standards:keyproject_detail", pk=project.pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
