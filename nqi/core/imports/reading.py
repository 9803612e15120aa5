"""Reading an uploaded spreadsheet into a header and rows of text cells, whatever Excel or WPS wrote.

CSV comes from Excel on Chinese Windows in GBK (GB 2312/GBK/GB 18030), from newer tools in UTF-8, often
with a byte-order mark; XLSX is read with openpyxl in read-only mode. Every cell becomes stripped text,
so each importer validates strings exactly as a form would. Row numbers are the ones the user sees in
Excel (the header is row 1 when it is the first line), so error reports point at the right line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from nqi.core.imports.errors import ImportRejected

MAX_FILE_BYTES = 50 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (BIFF) and other OLE documents
CHINESE_ENCODINGS = {"gb2312", "gbk", "gb18030", "cp936", "hz", "big5"}
_CJK = re.compile(r"[\u3400-\u9fff]")

Progress = Callable[[int], None]


@dataclass
class Table:
    """A sheet as text: `rows` are (spreadsheet row number, cells) for every non-empty data row."""

    format: str
    encoding: str
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def detect_encoding(raw: bytes) -> str:
    """The text encoding of a CSV file: UTF-8 (with or without BOM), GB 18030 (a superset of GBK), or a guess.

    GB 18030 is tried before statistical detection because short Chinese files are often mistaken
    for Big5; it wins only when the bytes decode strictly and contain Chinese characters.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        if _CJK.search(raw.decode("gb18030")):
            return "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is None:
        raise ImportRejected(_("无法识别文件的字符编码，请另存为 UTF-8 编码的 CSV 或 XLSX 文件。"))
    return "gb18030" if best.encoding in CHINESE_ENCODINGS else best.encoding


def cell_text(value) -> str:
    """One cell as the text a person would type: integral numbers without '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def read_table(data: bytes, *, filename: str = "", max_rows: int = 200_000, progress=None) -> Table:
    """Parse an uploaded file (CSV or XLSX, told apart by content, not by name) into a Table.

    Raises ImportRejected for an empty, oversized, legacy-.xls or unreadable file, or one with more
    than `max_rows` data rows. `progress(rows_read)` is called every few thousand rows.
    """
    if not data:
        raise ImportRejected(_("文件是空的。"))
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(
            _("文件过大（超过 %(mb)s MB），请拆分后分批导入。") % {"mb": MAX_FILE_BYTES // 1024 // 1024}
        )
    if data.startswith(OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise ImportRejected(_("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入。"))
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, max_rows, progress)
    return _read_csv(data, max_rows, progress)


def _read_csv(data: bytes, max_rows: int, progress) -> Table:
    encoding = detect_encoding(data)
    text = data.decode(encoding)
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return _collect("csv", encoding, (list(row) for row in reader), max_rows, progress, strip=str.strip)


def _read_xlsx(data: bytes, max_rows: int, progress) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign zip
        raise ImportRejected(_("无法读取该 Excel 文件，请确认它是 .xlsx 格式且未损坏。")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = (list(values) for values in sheet.iter_rows(values_only=True))
        return _collect("xlsx", "", rows, max_rows, progress, strip=cell_text)
    finally:
        workbook.close()


def _collect(fmt, encoding, rows, max_rows, progress, *, strip) -> Table:
    table = None
    for number, cells in enumerate(rows, start=1):
        values = [strip(c) if isinstance(c, str) else cell_text(c) for c in cells]
        if not any(values):
            continue
        if table is None:
            table = Table(fmt, encoding, values, number)
            continue
        if len(table.rows) >= max_rows:
            raise ImportRejected(_("数据超过 %(n)s 行的上限，请拆分后分批导入。") % {"n": f"{max_rows:,}"})
        table.rows.append((number, values))
        if progress and len(table.rows) % 5000 == 0:
            progress(len(table.rows))
    if table is None:
        raise ImportRejected(_("文件中没有表头和数据。"))
    return table
