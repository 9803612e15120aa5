"""The enterprise document library and the once-only check on a request's required documents.

Once-only (EU Regulation 2018/1724 art. 14; 浙江"最多跑一次" 材料不重复提交): for every document kind the
requested items require, a current document already on file is reused; only kinds not on file must be
uploaded, and an upload replaces the older document of its kind for every later request.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nqi.core import auditing
from nqi.core.errors import ValidationFailed
from nqi.core.permissions import authorize
from nqi.servicedesk.choices import DocumentKind
from nqi.servicedesk.models import EnterpriseDocument
from nqi.servicedesk.selectors.documents import documents_on_file
from nqi.servicedesk.uploads import CleanFile, clean_upload, removed_on_failure, save_file


def clean_kind(kind: str, *, field: str = "kind") -> str:
    if kind not in DocumentKind.values:
        raise ValidationFailed({field: [_("未知的材料类型“%(kind)s”。") % {"kind": kind}]})
    return kind


def clean_document_uploads(uploads: dict | None) -> dict[str, CleanFile]:
    """{kind: uploaded file} → {kind: CleanFile}; the error names the kind's form field `doc_<kind>`."""
    cleaned = {}
    for kind, upload in (uploads or {}).items():
        if upload is None:
            continue
        clean_kind(kind, field=f"doc_{kind}")
        cleaned[kind] = clean_upload(upload, field=f"doc_{kind}")
    return cleaned


def required_kinds(items) -> list[str]:
    kinds: list[str] = []
    for item in items:
        for kind in item.required_documents or []:
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def check_coverage(*, enterprise_id: int, required: list[str], uploads: dict[str, CleanFile]) -> dict:
    """The library documents to reuse; ValidationFailed lists each required kind neither on file nor uploaded."""
    on_file = documents_on_file(enterprise_id=enterprise_id, kinds=required)
    missing = [k for k in required if k not in uploads and k not in on_file]
    if missing:
        raise ValidationFailed(
            {
                f"doc_{kind}": [
                    _("缺少必需材料“%(kind)s”：企业材料库中没有有效的存档，请上传。")
                    % {"kind": DocumentKind(kind).label}
                ]
                for kind in missing
            },
            message=_("缺少必需材料：%(kinds)s。")
            % {"kinds": "、".join(str(DocumentKind(k).label) for k in missing)},
        )
    return {k: doc for k, doc in on_file.items() if k not in uploads}


def store_documents(
    *, actor, enterprise, uploads: dict[str, CleanFile], written: list[str], valid_until=None
) -> list:
    """Save uploads into the library, each replacing the current document of its kind."""
    stored = []
    for kind, clean in uploads.items():
        document = EnterpriseDocument(
            enterprise=enterprise,
            kind=kind,
            title=clean.name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            valid_until=valid_until,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        save_file(document.file, clean, written)
        document.save()
        EnterpriseDocument.objects.filter(enterprise=enterprise, kind=kind, replaced_by__isnull=True).exclude(
            pk=document.pk
        ).update(replaced_by=document)
        stored.append(document)
    return stored


def enterprisedocument_upload(
    *, actor, enterprise, kind: str, upload, valid_until=None
) -> EnterpriseDocument:
    """Put a document into the enterprise's library ahead of any request (API clients do this first)."""
    authorize(actor, "servicedesk.manage_document", enterprise)
    clean_kind(kind)
    clean = clean_upload(upload, field="file")
    with removed_on_failure() as written, transaction.atomic():
        (document,) = store_documents(
            actor=actor,
            enterprise=enterprise,
            uploads={kind: clean},
            written=written,
            valid_until=valid_until,
        )
        auditing.record(
            actor=actor,
            event_type="servicedesk.enterprisedocument_uploaded",
            target=document,
            summary=f"{enterprise.name}：{document.get_kind_display()} {document.title}",
            after={"kind": kind, "sha256": clean.sha256, "size": clean.size},
        )
    return document


def enterprisedocument_bulk_import(*, actor, rows: list[dict]) -> list[EnterpriseDocument]:
    """Register documents already in storage (migrated from the previous platform) in the library.

    Each row: enterprise, kind, title, name (storage name), content_type, size, sha256, optional valid_until.
    """
    authorize(actor, "servicedesk.import_history")
    for number, row in enumerate(rows, start=1):
        clean_kind(row["kind"], field=f"row {number}.kind")
    built = [
        EnterpriseDocument(
            enterprise=row["enterprise"],
            kind=row["kind"],
            title=row["title"][:200],
            file=row["name"],
            content_type=row["content_type"],
            size=row["size"],
            sha256=row["sha256"],
            valid_until=row.get("valid_until"),
            uploaded_by=row.get("uploaded_by"),
        )
        for row in rows
    ]
    with transaction.atomic():
        created = EnterpriseDocument.objects.bulk_create(built, batch_size=2000)
        auditing.record_many(
            actor=actor,
            event_type="servicedesk.enterprisedocument_imported",
            items=[(d, f"{d.enterprise_id}：{d.get_kind_display()}", {"kind": d.kind}) for d in created],
        )
    return created
