"""Reading uploaded spreadsheets: encodings, formats, row numbers, limits (no database needed)."""

import codecs
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from nqi.core.imports import ImportRejected, read_table
from nqi.core.imports.reading import cell_text, detect_encoding

HEADER = "统一社会信用代码,企业名称,成立日期"
BODY = "91330402MA2B3C4D1N,嘉兴市示例机械有限公司,2015-06-01"
TEXT = f"{HEADER}\r\n{BODY}\r\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        ("企业,规模\n".encode("gbk"), "gb18030"),  # short GBK that statistics mistake for Big5
        ("uscc,name\nX,José Zürich\n".encode("utf-16"), "utf-16"),
    ],
)
def test_detect_encoding(raw, expected):
    assert detect_encoding(raw) == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_chinese_encoding_reads_the_same(encoding):
    table = read_table(TEXT.encode(encoding), filename="e.csv")
    assert table.format == "csv"
    assert table.header == ["统一社会信用代码", "企业名称", "成立日期"]
    assert table.rows == [(2, ["91330402MA2B3C4D1N", "嘉兴市示例机械有限公司", "2015-06-01"])]


def test_csv_row_numbers_match_excel_and_skip_blank_lines():
    raw = f"\n{HEADER}\n{BODY}\n,,\n{BODY}\n".encode()
    table = read_table(raw)
    assert table.header_row == 2
    assert [number for number, _ in table.rows] == [3, 5]


def test_tab_separated_and_semicolon_files():
    for sep in ("\t", ";"):
        table = read_table(TEXT.replace(",", sep).encode())
        assert table.rows[0][1][1] == "嘉兴市示例机械有限公司"


def test_quoted_multiline_cell_counts_as_one_row():
    raw = f'{HEADER}\n91330402MA2B3C4D1N,"第一行\n第二行",2015-06-01\n{BODY}\n'.encode()
    table = read_table(raw)
    assert [n for n, _ in table.rows] == [2, 3]
    assert table.rows[0][1][1] == "第一行\n第二行"


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_become_text_as_typed():
    data = _xlsx(
        [
            ["统一社会信用代码", "企业名称", "成立日期", "联系电话", "注册资本"],
            ["91330402MA2B3C4D1N", " 示例 ", dt.datetime(2015, 6, 1), 13812345678, 12.5],
            [None, None, None, None, None],
            ["91330402MA2B3C4D1N", "第二家", dt.date(2016, 1, 2), "0573-1234567", None],
        ]
    )
    table = read_table(data, filename="whatever.bin")
    assert table.format == "xlsx"
    assert table.rows[0] == (2, ["91330402MA2B3C4D1N", "示例", "2015-06-01", "13812345678", "12.5"])
    assert table.rows[1][0] == 4


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (3.0, "3"),
        (True, "1"),
        (dt.datetime(2020, 1, 2, 3, 4), "2020-01-02 03:04:00"),
        ("a ", "a"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("raw", "filename", "fragment"),
    [
        (b"", "a.csv", "空的"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.xls", ".xls"),
        (b"PK\x03\x04garbage", "bad.xlsx", "无法读取"),
        (b"\n\n", "blank.csv", "没有表头"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(raw, filename, fragment):
    with pytest.raises(ImportRejected) as caught:
        read_table(raw, filename=filename)
    assert fragment in str(caught.value.message)


def test_row_limit():
    raw = (HEADER + "\n" + (BODY + "\n") * 11).encode()
    with pytest.raises(ImportRejected) as caught:
        read_table(raw, max_rows=10)
    assert "10" in str(caught.value.message)
