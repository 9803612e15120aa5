"""Header mapping, the runner's row-error translation and the XLSX reports, with a toy importer."""

import io

import pytest
from openpyxl import load_workbook

from nqi.core.imports import Column, Importer, ImportRejected, RowErrors, normalize_header, run_import
from nqi.core.imports.report import error_report_xlsx, template_xlsx


class ToyImporter(Importer):
    key = "toy"
    label = "玩具"
    permission = "toy.import"
    columns = (
        Column("code", "代码", ("code", "编号"), required=True),
        Column("name", "名称", ("name",), required=True),
        Column("note", "备注", ("remark",)),
    )

    def __init__(self):
        self.written = []
        self.calls = []

    def commit(self, *, actor, records, progress):
        progress("validate", 0, len(records))
        bad = {i: {"code": ["代码必须是数字。"]} for i, r in enumerate(records, 1) if not r["code"].isdigit()}
        if bad:
            raise RowErrors(bad)
        progress("validate", len(records), len(records))
        self.written.extend(records)
        progress("write", len(records), len(records))
        return len(records)

    def check(self, *, actor, records, progress):
        return self.commit(actor=actor, records=records, progress=progress) and 0 or len(records)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("代码", "code"),
        ("代码*", "code"),
        (" CODE ", "code"),
        ("编号（必填）", "code"),
        ("编 号", "code"),
        ("Remark", "note"),
        ("名称:", "name"),
    ],
)
def test_headers_match_fields_by_label_alias_or_name(header, field):
    rest = {"code": ["名称"], "name": ["代码"], "note": ["代码", "名称"]}[field]
    mapping = ToyImporter().map_header([header, *rest])
    assert mapping.positions[field] == 0


def test_normalize_header_folds_width_and_case():
    assert normalize_header("ＵＳＣＣ") == normalize_header("uscc") == "uscc"


def test_unknown_headers_are_listed_not_guessed():
    mapping = ToyImporter().map_header(["代码", "名称", "颜色", ""])
    assert mapping.ignored == ["颜色"]
    assert mapping.record(["1"]) == {"code": "1", "name": ""}


@pytest.mark.parametrize(
    ("header", "fragment"),
    [(["代码"], "名称"), (["名称", "备注"], "代码"), (["代码", "编号", "名称"], "两列")],
)
def test_missing_or_doubled_columns_reject_the_file(header, fragment):
    with pytest.raises(ImportRejected) as caught:
        ToyImporter().map_header(header)
    assert fragment in str(caught.value.message)


def test_run_import_maps_row_errors_to_excel_rows_and_headers():
    importer = ToyImporter()
    raw = "编号,名称\n1,甲\nX,乙\n\n3,丙\nY,丁\n".encode("gbk")
    outcome = run_import(importer, raw, filename="t.csv", actor=None, dry_run=False)
    assert not outcome.ok and importer.written == []
    assert outcome.bad_rows == [3, 6]
    assert [(p.row, p.column, p.value) for p in outcome.problems] == [(3, "编号", "X"), (6, "编号", "Y")]
    assert outcome.encoding == "gb18030"


def test_run_import_reports_monotonic_progress_and_writes():
    importer = ToyImporter()
    seen = []
    outcome = run_import(
        importer,
        b"code,name\n1,a\n2,b\n",
        filename="t.csv",
        actor=None,
        dry_run=False,
        report=lambda done, total, message: seen.append((done, total)),
    )
    assert outcome.ok and outcome.written == 2 and len(importer.written) == 2
    dones = [d for d, t in seen if t]
    assert dones == sorted(dones) and seen[-1] == (10, 10)
    assert outcome.preview == [["1", "a"], ["2", "b"]] and outcome.columns == ["code", "name"]


def test_header_only_file_is_rejected():
    with pytest.raises(ImportRejected):
        run_import(ToyImporter(), b"code,name\n", filename="t.csv", actor=None, dry_run=True)


def test_error_report_lists_every_problem():
    outcome = run_import(
        ToyImporter(), "代码,名称\nA,甲\nB,乙\n".encode(), filename="t.csv", actor=None, dry_run=True
    )
    sheet = load_workbook(io.BytesIO(error_report_xlsx(outcome))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "填写的值", "问题")
    assert rows[1:] == [(2, "代码", "A", "代码必须是数字。"), (3, "代码", "B", "代码必须是数字。")]


def test_template_has_required_markers_and_a_guide():
    workbook = load_workbook(io.BytesIO(template_xlsx(ToyImporter())))
    assert [c.value for c in workbook.worksheets[0][1]] == ["代码*", "名称*", "备注"]
    assert workbook.worksheets[1]["D2"].value == "code、编号"
