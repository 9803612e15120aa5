"""Tabular import framework (ARCHITECTURE.md §2 core): CSV/XLSX in, rows validated by the app's services.

An app declares importers in `importers.py` (`@register class …(Importer)`); `run_import` reads,
maps and validates a file and writes it all-or-nothing; `report` builds the XLSX error report and the
blank template. The jobs app runs imports in the background with progress.
"""

from nqi.core.imports.errors import ImportRejected, RowErrors
from nqi.core.imports.mapping import Column, Importer, normalize_header
from nqi.core.imports.reading import read_table
from nqi.core.imports.registry import all_importers, get_importer, register
from nqi.core.imports.runner import ImportOutcome, RowProblem, run_import

__all__ = [
    "Column",
    "ImportOutcome",
    "ImportRejected",
    "Importer",
    "RowErrors",
    "RowProblem",
    "all_importers",
    "get_importer",
    "normalize_header",
    "read_table",
    "register",
    "run_import",
]
