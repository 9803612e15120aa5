"""CSV and XLSX export of list pages: the same rows the page shows, every page, no row limit surprises.

Columns are (header, accessor) pairs; an accessor is a callable taking the row. CSV is written with a
UTF-8 BOM so Excel on Chinese Windows opens it correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

Column = tuple[str, Callable]
EXPORT_MAX_ROWS = 200_000


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def export_response(fmt: str, *, rows: Iterable, columns: list[Column], basename: str):
    """Return an HTTP download of `rows` as CSV (streamed) or XLSX."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    headers = [str(h) for h, _ in columns]
    if fmt == "xlsx":
        return _xlsx(rows, columns, headers, f"{basename}-{stamp}.xlsx")
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        yield writer.writerow(headers)
        for n, row in enumerate(rows):
            if n >= EXPORT_MAX_ROWS:
                break
            yield writer.writerow([_cell(get(row)) for _, get in columns])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.csv"'
    return response


def _xlsx(rows, columns, headers, filename):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for n, row in enumerate(rows):
        if n >= EXPORT_MAX_ROWS:
            break
        sheet.append([_cell(get(row)) for _, get in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
