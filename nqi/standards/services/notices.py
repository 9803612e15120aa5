"""Watching standards and the notices a change sends (glossary: watch, notice).

When a standard is replaced, withdrawn, takes effect or gets a new version, every user watching it
and every enterprise whose products are made to it (`ProductStandard`) gets one notice. An enterprise
hears once, even when several of its users watch the standard and several products use it; the notice
names the products, because 《产品质量法》第二十六条 holds the enterprise to the standard it declares.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.core import auditing
from nqi.core.errors import ValidationFailed
from nqi.core.permissions import authorize
from nqi.enterprises.models import Enterprise
from nqi.standards.choices import NoticeKind, NoticeReason
from nqi.standards.models import Notice, ProductStandard, Standard, StandardWatch

MAX_PRODUCTS_NAMED = 20


def _title(standard: Standard, kind: str, successor: Standard | None) -> str:
    name = f"{standard.canonical}《{standard.title}》"
    if kind == NoticeKind.REPLACED and successor is not None:
        return _("%(s)s 已被 %(n)s 代替") % {"s": name, "n": successor.canonical}
    if kind == NoticeKind.NEW_VERSION and successor is not None:
        return _("%(s)s 发布新版本 %(n)s") % {"s": name, "n": successor.canonical}
    labels = {
        NoticeKind.REPLACED: _("%(s)s 已被代替"),
        NoticeKind.WITHDRAWN: _("%(s)s 已废止"),
        NoticeKind.TOOK_EFFECT: _("%(s)s 开始实施"),
        NoticeKind.PUBLISHED: _("%(s)s 已发布"),
        NoticeKind.NEW_VERSION: _("%(s)s 发布新版本"),
    }
    return labels[kind] % {"s": name}


def _body(kind: str, successor, effective_on, comment: str, products: list[str]) -> str:
    lines = []
    if effective_on:
        lines.append(_("生效日期：%(d)s。") % {"d": effective_on.isoformat()})
    if comment:
        lines.append(_("依据：%(c)s") % {"c": comment})
    if products:
        lines.append(_("贵单位以下产品执行该标准：%(p)s。") % {"p": "、".join(products)})
        if kind in (NoticeKind.REPLACED, NoticeKind.NEW_VERSION) and successor is not None:
            lines.append(
                _("请对照新版本 %(n)s 评估差异，及时更新产品执行标准并按新版本组织生产和检验。")
                % {"n": successor.canonical}
            )
        elif kind == NoticeKind.WITHDRAWN:
            lines.append(_("请改用现行有效的标准，或依法制定并公开企业标准。"))
    return "\n".join(lines)


def notices_fan_out(
    *, standard: Standard, kind: str, successor=None, effective_on: dt.date | None = None, comment: str = ""
) -> int:
    """Create the notices of one change, inside the caller's transaction; returns how many."""
    by_enterprise: dict[int, list[str]] = {}
    for enterprise_id, name, model in (
        ProductStandard.objects.filter(standard=standard)
        .values_list("product__enterprise_id", "product__name", "product__model")
        .order_by("product__enterprise_id", "product__name")
    ):
        by_enterprise.setdefault(enterprise_id, []).append(f"{name} {model}".strip())
    watched_by_enterprise, users = set(), set()
    for user_id, enterprise_id in StandardWatch.objects.filter(standard=standard).values_list(
        "user_id", "enterprise_id"
    ):
        if enterprise_id:
            watched_by_enterprise.add(enterprise_id)
        else:
            users.add(user_id)
    common = {"standard": standard, "kind": kind, "successor": successor, "effective_on": effective_on}
    title = _title(standard, kind, successor)
    notices = [
        Notice(
            recipient_user_id=user_id,
            reason=NoticeReason.WATCH,
            title=title,
            body=_body(kind, successor, effective_on, comment, []),
            **common,
        )
        for user_id in sorted(users)
    ]
    for enterprise_id in sorted(set(by_enterprise) | watched_by_enterprise):
        products = sorted(set(by_enterprise.get(enterprise_id, [])))[:MAX_PRODUCTS_NAMED]
        notices.append(
            Notice(
                recipient_enterprise_id=enterprise_id,
                reason=NoticeReason.PRODUCT if products else NoticeReason.WATCH,
                title=title,
                body=_body(kind, successor, effective_on, comment, products),
                products=products,
                **common,
            )
        )
    Notice.objects.bulk_create(notices, batch_size=1000)
    return len(notices)


def _acting_enterprise(actor) -> Enterprise | None:
    """The enterprise an enterprise user acts for (the first one, when they belong to several)."""
    orgs = scope_for(actor).org_ids(OrganizationKind.ENTERPRISE)
    if not orgs:
        return None
    return Enterprise.objects.filter(organization_id__in=orgs).order_by("pk").first()


def standardwatch_add(*, actor, standard: Standard) -> StandardWatch:
    """Watch a standard; an enterprise user watches for their enterprise. Watching twice is a no-op."""
    authorize(actor, "standards.watch_standard", standard)
    existing = StandardWatch.objects.filter(standard=standard, user=actor).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            watch = StandardWatch.objects.create(
                standard=standard, user=actor, enterprise=_acting_enterprise(actor)
            )
            auditing.record(
                actor=actor,
                event_type="standards.standardwatch_added",
                target=standard,
                summary=standard.canonical,
            )
    except IntegrityError:  # a concurrent double click
        return StandardWatch.objects.get(standard=standard, user=actor)
    return watch


def standardwatch_remove(*, actor, standard: Standard) -> bool:
    authorize(actor, "standards.watch_standard", standard)
    with transaction.atomic():
        deleted, _rows = StandardWatch.objects.filter(standard=standard, user=actor).delete()
        if deleted:
            auditing.record(
                actor=actor,
                event_type="standards.standardwatch_removed",
                target=standard,
                summary=standard.canonical,
            )
    return bool(deleted)


def notice_mark_read(*, actor, notice: Notice) -> Notice:
    """Mark a notice read (for an enterprise notice: read for the whole enterprise)."""
    from nqi.standards.selectors import notice_list_visible_to

    if not notice_list_visible_to(actor=actor).filter(pk=notice.pk).exists():
        raise ValidationFailed({"notice": [_("没有这条通知。")]})
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at=None).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
    return notice
