"""Reading the shipped GB/T 4754-2017 tree and the featured-industry list."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).parent / "data"


def industry_rows(path: Path | None = None) -> Iterator[dict]:
    path = path or DATA / "gbt4754_2017_industries.csv.gz"
    if str(path).endswith(".gz"):
        with gzip.open(path, "rb") as fh:
            raw = fh.read()
    else:
        raw = Path(path).read_bytes()
    yield from csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))


def featured_rows(path: Path | None = None) -> Iterator[dict]:
    path = path or DATA / "featured_industries.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def featured_region_code(row: dict) -> str:
    """The county a featured industry belongs to; functional zones map to their management area."""
    name = row["county_name"]
    if "经济技术开发区" in name:
        return "330400M01"
    if "港区" in name:
        return "330400M02"
    return row["county_code"]
