"""Running one import: read the file, map the header, validate (dry run) or write every row all-or-nothing.

The runner knows no domain: the importer's bulk service validates each row exactly as its form does
and refuses the whole batch if any row is bad, naming the rows. The runner turns those row errors into
problems a person can fix in Excel (row number, column header as written in the file, the value, the
message) and reports progress in three stages: reading, validating, writing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from nqi.core import bulk
from nqi.core.errors import ValidationFailed
from nqi.core.imports.errors import ImportRejected
from nqi.core.imports.mapping import HeaderMapping, Importer
from nqi.core.imports.reading import Table, read_table

PREVIEW_ROWS = 20
RESULT_PROBLEMS = 200  # problems kept in a job's JSON result; the XLSX report has them all
Reporter = Callable[[int, int, str], None]  # (done, total, message)


@dataclass
class RowProblem:
    row: int
    column: str
    value: str
    message: str


@dataclass
class ImportOutcome:
    importer: str
    dry_run: bool
    filename: str
    format: str
    encoding: str
    rows: int = 0
    written: int = 0
    columns: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})

    def as_result(self) -> dict:
        """A JSON-safe summary for the job record (problems capped; the error report has them all)."""
        data = asdict(self)
        data["problems"] = data["problems"][:RESULT_PROBLEMS]
        data["problem_count"] = len(self.problems)
        data["bad_rows"] = self.bad_rows[:RESULT_PROBLEMS]
        data["bad_row_count"] = len(self.bad_rows)
        return data


class _Stages:
    """Maps stage progress onto one monotonic bar: reading weighs 1, validating 2, writing 2."""

    def __init__(self, report: Reporter | None, dry_run: bool):
        self.report = report or (lambda done, total, message: None)
        self.weights = {"read": 1, "validate": 2} | ({} if dry_run else {"write": 2})
        self.rows = 0

    def _offset(self, stage: str) -> int:
        offset = 0
        for name, weight in self.weights.items():
            if name == stage:
                return offset
            offset += weight * self.rows
        return offset

    def reading(self, count: int) -> None:
        if not count:
            self.report(0, 0, _("正在读取文件…"))
            return
        self.report(0, 0, _("正在读取文件：已读 %(n)s 行") % {"n": f"{count:,}"})

    def stage(self, stage: str, done: int, total: int) -> None:
        self.rows = self.rows or total
        overall = sum(self.weights.values()) * self.rows
        label = _("正在写入") if stage == "write" else _("正在校验")
        self.report(
            self._offset(stage) + self.weights.get(stage, 1) * done,
            overall,
            _("%(stage)s：%(done)s / %(total)s 行")
            % {"stage": label, "done": f"{done:,}", "total": f"{total:,}"},
        )


def run_import(
    importer: Importer, data: bytes, *, filename: str, actor, dry_run: bool, report: Reporter | None = None
) -> ImportOutcome:
    """Import `data` (CSV or XLSX bytes) with `importer` as `actor`; with `dry_run` nothing is kept.

    Returns the outcome with problems when rows are bad (then nothing was written); raises
    ImportRejected for a whole-file problem and lets other DomainErrors (e.g. permission) through.
    """
    with bulk.collector_paused():
        return _run(importer, data, filename=filename, actor=actor, dry_run=dry_run, report=report)


def _run(importer: Importer, data: bytes, *, filename: str, actor, dry_run: bool, report) -> ImportOutcome:
    stages = _Stages(report, dry_run)
    stages.reading(0)
    table = read_table(data, filename=filename, max_rows=importer.max_rows, progress=stages.reading)
    mapping = importer.map_header(table.header)
    records = [mapping.record(cells) for _number, cells in table.rows]
    if not records:
        raise ImportRejected(_("文件中只有表头，没有数据行。"))
    stages.rows = len(records)
    stages.stage("read", len(records), len(records))
    outcome = _outcome(importer, table, mapping, filename, dry_run)
    try:
        work = importer.check if dry_run else importer.commit
        count = work(actor=actor, records=records, progress=stages.stage)
    except ValidationFailed as exc:
        row_errors = getattr(exc, "row_errors", None)
        if row_errors is None:
            raise
        outcome.problems = _problems(importer, table, mapping, records, row_errors)
        return outcome
    outcome.written = 0 if dry_run else count
    return outcome


def _outcome(importer, table: Table, mapping: HeaderMapping, filename, dry_run) -> ImportOutcome:
    fields = [c.field for c in importer.columns if c.field in mapping.positions]
    preview = [
        [cells[mapping.positions[f]] if mapping.positions[f] < len(cells) else "" for f in fields]
        for _n, cells in table.rows[:PREVIEW_ROWS]
    ]
    return ImportOutcome(
        importer=importer.key,
        dry_run=dry_run,
        filename=filename,
        format=table.format,
        encoding=table.encoding,
        rows=len(table.rows),
        columns=[mapping.headers[f] for f in fields],
        preview=preview,
        ignored=mapping.ignored,
    )


def _problems(importer, table, mapping, records, row_errors: dict) -> list[RowProblem]:
    problems = []
    for position in sorted(row_errors):
        row_number = table.rows[position - 1][0]
        for name, messages in row_errors[position].items():
            column = importer.column(name)
            header = mapping.headers.get(name) or (str(column.label) if column else name)
            value = records[position - 1].get(name, "")
            problems.extend(RowProblem(row_number, header, value, str(m)) for m in messages)
    return problems
