"""The importer registry: each app declares its importers in its own `importers.py`."""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from nqi.core.errors import NotFound
from nqi.core.imports.mapping import Importer

_importers: dict[str, Importer] = {}
_discovered = False


def register(importer_class: type[Importer]) -> type[Importer]:
    """Class decorator: `@register` on an Importer subclass makes it available under its `key`."""
    key = importer_class.key
    existing = _importers.get(key)
    if existing is not None and type(existing) is not importer_class:
        raise RuntimeError(f"importer {key!r} declared twice")
    _importers[key] = importer_class()
    return importer_class


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("importers")
        _discovered = True


def get_importer(key: str) -> Importer:
    _discover()
    try:
        return _importers[key]
    except KeyError:
        raise NotFound(_("没有名为“%(k)s”的导入类型。") % {"k": key}) from None


def all_importers() -> list[Importer]:
    _discover()
    return [_importers[k] for k in sorted(_importers)]
