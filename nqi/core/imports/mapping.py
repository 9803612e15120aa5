"""Importer declarations and how a file's header row is matched to their fields.

An app declares, in its `importers.py`, one `Importer` per record type: its columns (field name, the
Chinese header, English and colloquial aliases, whether required) and how to write a batch through
the app's own bulk service, which validates every row exactly as the forms do. Headers match after
NFKC folding, case-folding and dropping spaces, '*' markers and a trailing note in brackets, so
"统一社会信用代码*", "USCC" and "统一社会信用代码（必填）" all find the same field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nqi.core.imports.errors import ImportRejected

Progress = Callable[[int, int], None]
_NOTE = re.compile(r"\([^()]*\)$")
_NOISE = re.compile(r"[\s*_\-:：]+")


def normalize_header(text: str) -> str:
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold().strip()
    folded = _NOTE.sub("", _NOISE.sub("", folded))
    return _NOISE.sub("", folded)


@dataclass(frozen=True)
class Column:
    """One importable field: `label` is the header written in templates and error reports."""

    field: str
    label: str | Promise
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""

    def names(self) -> set[str]:
        return {normalize_header(n) for n in (self.field, str(self.label), *self.aliases)}


@dataclass
class HeaderMapping:
    """Which file column feeds which field; unknown headers are listed, never guessed."""

    positions: dict[str, int]
    headers: dict[str, str]  # field → header text as written in the file
    ignored: list[str] = field(default_factory=list)

    def record(self, cells: list[str]) -> dict[str, str]:
        width = len(cells)
        return {name: cells[i] if i < width else "" for name, i in self.positions.items()}


class Importer:
    """Base for an app's importer. Subclasses set the class attributes and implement `commit`.

    `commit(actor=, records=, progress=)` writes all records through the app's bulk service and returns
    how many were written; it raises an error with `row_errors` ({position: {field: [messages]}},
    1-based positions in `records`) when any row is bad, having written nothing.
    """

    key: str = ""
    label: str | Promise = ""
    permission: str = ""
    columns: tuple[Column, ...] = ()
    max_rows: int = 200_000

    def commit(self, *, actor, records: list[dict], progress: Progress) -> int:
        raise NotImplementedError

    def check(self, *, actor, records: list[dict], progress: Progress) -> int:
        """Dry run: validate exactly as `commit` does, then roll everything back.

        Importers whose service can validate without writing override this to skip the writes.
        """
        with transaction.atomic():
            count = self.commit(actor=actor, records=records, progress=progress)
            transaction.set_rollback(True)
        return count

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    def map_header(self, header: list[str]) -> HeaderMapping:
        """Match the file's headers to fields; raise ImportRejected naming missing or doubled columns."""
        lookup = {}
        for column in self.columns:
            for name in column.names():
                lookup.setdefault(name, column.field)
        positions, headers, ignored = {}, {}, []
        for index, text in enumerate(header):
            name = lookup.get(normalize_header(text))
            if name is None:
                if text:
                    ignored.append(text)
                continue
            if name in positions:
                raise ImportRejected(
                    _("“%(a)s”和“%(b)s”两列都对应“%(label)s”，请删除其中一列。")
                    % {"a": headers[name], "b": text, "label": self.column(name).label}
                )
            positions[name], headers[name] = index, text
        missing = [str(c.label) for c in self.columns if c.required and c.field not in positions]
        if missing:
            raise ImportRejected(
                _("缺少必需的列：%(cols)s。请使用导入模板中的表头。") % {"cols": "、".join(missing)}
            )
        return HeaderMapping(positions, headers, ignored)
