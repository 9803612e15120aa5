"""Checks on uploaded files and their storage through Django's storage API (ARCHITECTURE.md §6: no local
files other servers need).

A file is accepted only when its extension is on the list and its first bytes match that type (a renamed
executable is refused), it is not empty and not larger than MAX_UPLOAD_BYTES. Files written during a
service that then fails are deleted again, so a refused request leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from nqi.core.errors import ValidationFailed

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_ZIP = (b"PK\x03\x04",)
# extension → (content type, accepted leading bytes); OFD is the national e-document format (GB/T 33190—2016).
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".ofd": ("application/ofd", _ZIP),
}


@dataclass(frozen=True)
class CleanFile:
    upload: object
    name: str
    content_type: str
    size: int
    sha256: str


def clean_upload(upload, *, field: str) -> CleanFile:
    """Validate one uploaded file; ValidationFailed names `field` and says what is wrong."""
    name = os.path.basename(getattr(upload, "name", "") or "")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_TYPES:
        allowed = "、".join(sorted({e.lstrip(".").upper() for e in ALLOWED_TYPES}))
        raise ValidationFailed(
            {
                field: [
                    _("文件“%(name)s”的类型不允许上传；允许的类型：%(allowed)s。")
                    % {"name": name, "allowed": allowed}
                ]
            }
        )
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ValidationFailed({field: [_("文件“%(name)s”是空文件。") % {"name": name}]})
    if size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            {
                field: [
                    _("文件“%(name)s”大小为 %(size)s，超过上限 %(max)s。")
                    % {"name": name, "size": filesizeformat(size), "max": filesizeformat(MAX_UPLOAD_BYTES)}
                ]
            }
        )
    content_type, magics = ALLOWED_TYPES[ext]
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[:16]
        digest.update(chunk)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise ValidationFailed(
            {field: [_("文件“%(name)s”的内容与扩展名 %(ext)s 不符。") % {"name": name, "ext": ext}]}
        )
    return CleanFile(
        upload=upload, name=name, content_type=content_type, size=size, sha256=digest.hexdigest()
    )


def clean_uploads(uploads, *, field: str) -> list[CleanFile]:
    return [clean_upload(upload, field=field) for upload in uploads or []]


@contextmanager
def removed_on_failure() -> Iterator[list[str]]:
    """Collect the storage names a service writes; delete them all if the service then fails."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def save_file(field_file, clean: CleanFile, written: list[str]) -> None:
    """Write `clean` into a model's FileField (not saving the model) and remember the storage name."""
    field_file.save(clean.name, clean.upload, save=False)
    written.append(field_file.name)
