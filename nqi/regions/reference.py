"""Reading the shipped region files into rows (code, name, level, parent_code, source, official)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).parent / "data"

# Functional areas run by the city with no GB/T 2260 code of their own. Codes are ours (M = managed).
MANAGEMENT_AREAS = [
    ("330400M01", "嘉兴经济技术开发区", "330400"),
    ("330400M02", "嘉兴港区", "330400"),
    ("330400M03", "嘉兴高新技术产业开发区", "330400"),
]


def county_level_rows(path: Path | None = None) -> Iterator[tuple]:
    """MCA's county-level-and-above list: province xx0000, prefecture xxyy00, county otherwise."""
    path = path or DATA / "mca_county_level_codes_2024.txt"
    codes = {}
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[0].isdigit():
                codes[parts[0]] = parts[1]
    for code, name in codes.items():
        if code.endswith("0000"):
            yield code, name, "province", None, "MCA 2024", True
        elif code.endswith("00"):
            yield code, name, "prefecture", code[:2] + "0000", "MCA 2024", True
        else:
            prefecture = code[:4] + "00"
            parent = prefecture if prefecture in codes else code[:2] + "0000"
            yield code, name, "county", parent, "MCA 2024", True


def township_rows(path: Path | None = None) -> Iterator[tuple]:
    """Townships and streets: the shipped Jiaxing extract, or a full NBS streets file."""
    path = path or DATA / "jiaxing_divisions.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if "areaCode" in row:  # the national NBS streets file
                yield row["code"], row["name"], "township", row["areaCode"], "NBS 2023", True
            elif row.get("level") == "township":
                yield row["code"], row["name"], "township", row["parent_code"], row["source"], True


def management_area_rows() -> Iterator[tuple]:
    for code, name, parent in MANAGEMENT_AREAS:
        yield code, name, "management_area", parent, "NQI Hub (no GB/T 2260 code)", False
