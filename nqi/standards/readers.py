"""Readers that turn each source file into catalog rows (plain dicts), before validation.

A catalog row has the keys of `ROW_KEYS`; list values are `ics` (codes), `replaces` ((number, kind)
pairs) and `drafters` (names). Every reader yields rows in file order so the import report can name
the file's row number. Sources and their quirks: `nqi/standards/data/SOURCE.md`.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path

from nqi.standards.choices import Confidence, RelationKind, StandardStatus

# Plain strings, not enum members: membership tests on members hash in Python, 10× slower in bulk.
CURRENT, UPCOMING, REPLACED, WITHDRAWN, DRAFT = (
    StandardStatus.CURRENT.value,
    StandardStatus.UPCOMING.value,
    StandardStatus.REPLACED.value,
    StandardStatus.WITHDRAWN.value,
    StandardStatus.DRAFT.value,
)
REPLACES, PARTIALLY_REPLACES, AMENDS = (
    RelationKind.REPLACES.value,
    RelationKind.PARTIALLY_REPLACES.value,
    RelationKind.AMENDS.value,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
INTL_PACK = DATA_DIR / "intl_catalog.csv.gz"
CURATED = DATA_DIR / "curated_standards.csv.gz"
ICS_FILE = DATA_DIR / "ics_ed7.csv.gz"
CCS_FILE = DATA_DIR / "ccs.csv.gz"

ROW_KEYS = [
    "number",
    "title_zh",
    "title_en",
    "status",
    "status_verified",
    "stage_code",
    "published",
    "implemented",
    "withdrawn",
    "ics",
    "ccs",
    "replaces",
    "adopted",
    "degree",
    "issuer",
    "committee",
    "doctype",
    "abstract",
    "source_url",
    "confidence",
    "topic",
    "drafters",
]
PACK_COLUMNS = [
    "docid",
    "publisher",
    "doctype",
    "title_en",
    "stage",
    "published",
    "obsoleted",
    "ics",
    "committee",
    "replaces",
    "updated_by",
    "page",
]

# ISO deliverables still in development carry these document prefixes; they never replace a standard.
DRAFT_DOCID = re.compile(
    r"^(?:ISO(?:/IEC)?/)?(?:AWI|NP|PWI|CD|DIS|FDIS|PRF|DTS|DTR|DPAS|WD)\b|/(?:DAmd|FDAmd|CD Amd|DCOR)"
)
SUPPLEMENT = re.compile(r"/(?:Amd|AMD|Cor|COR|Add)\s?\d")
CN_STATUS = {
    "现行": CURRENT,
    "即将实施": UPCOMING,
    "被代替": REPLACED,
    "废止": WITHDRAWN,
    "制定中": DRAFT,
}


def open_text(path: Path | str) -> io.TextIOBase:
    """Open a UTF-8 (optionally BOM-prefixed, optionally gzipped) text file."""
    path = Path(path)
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _split(value: str, sep: str = ";") -> list[str]:
    if not value:
        return []
    return [part.strip() for part in value.split(sep) if part and not part.isspace()]


def blank_row(**values) -> dict:
    row = dict.fromkeys(ROW_KEYS, "")
    row.update(ics=[], replaces=[], drafters=[], status_verified=True)
    row.update(values)
    return row


# -- ISO and IEC (Relaton flattening, see shared data SOURCE.md) ---------------------------------


def iso_status(stage: str, has_successor: bool) -> str:
    """ISO harmonized stage codes: 60/90 published or confirmed → 现行; 95 withdrawn → 被代替 when a
    later edition revises it, else 废止; below 60 → 制定中; blank (directives) → 现行."""
    head = stage.split(".")[0]
    if head in ("60", "90", ""):
        return CURRENT
    if head == "95":
        return REPLACED if has_successor else WITHDRAWN
    return DRAFT


def iec_status(stage: str) -> str:
    """IEC webstore status words: PUBLISHED → 现行; REVISED/REPLACED → 被代替; WITHDRAWN → 废止."""
    return {
        "PUBLISHED": CURRENT,
        "REVISED": REPLACED,
        "REPLACED": REPLACED,
        "WITHDRAWN": WITHDRAWN,
    }.get(stage.upper(), CURRENT)


def _intl_replaces(docid: str, replaces: list[str]) -> list[tuple[str, str]]:
    pairs = [(n, REPLACES) for n in replaces if not DRAFT_DOCID.search(n) and n != docid]
    if "/" in docid and SUPPLEMENT.search(docid):
        pairs.append((SUPPLEMENT.split(docid)[0].strip(), AMENDS))
    return pairs


def pack_row_to_catalog(pack: dict) -> dict:
    """One compact-pack (or raw Relaton) row → a catalog row."""
    publisher = pack["publisher"]
    stage = pack["stage"]
    status = iec_status(stage) if publisher == "IEC" else iso_status(stage, bool(_split(pack["updated_by"])))
    page = pack["page"]
    url = (
        f"https://webstore.iec.ch/publication/{page}"
        if publisher == "IEC"
        else f"https://www.iso.org/standard/{page}.html"
    )
    return blank_row(
        number=pack["docid"],
        title_en=pack["title_en"],
        status=status,
        stage_code=stage,
        published=pack["published"],
        withdrawn=pack["obsoleted"] if status in (REPLACED, WITHDRAWN) else "",
        ics=_split(pack["ics"]),
        replaces=_intl_replaces(pack["docid"], _split(pack["replaces"])),
        issuer="ISO/IEC" if pack["docid"].startswith("ISO/IEC") else publisher,
        committee=pack["committee"],
        doctype=pack["doctype"],
        abstract=pack.get("abstract", ""),
        source_url=url if page else "",
        confidence=Confidence.CATALOG.value,
    )


def _relaton_pack_rows(path: Path, publisher: str) -> Iterator[dict]:
    with open_text(path) as handle:
        for raw in csv.DictReader(handle):
            stage = raw["stage"] + (f".{raw['substage']}" if raw.get("substage") else "")
            yield {
                "docid": raw["docid"].strip(),
                "publisher": publisher,
                "doctype": raw["doctype"],
                "title_en": raw["title_en"],
                "stage": stage,
                "published": raw["published"],
                "obsoleted": raw["obsoleted"],
                "ics": raw["ics_codes"].replace("; ", ";"),
                "committee": raw["committee"],
                "replaces": raw["replaces"].replace("; ", ";"),
                "updated_by": raw["updated_by"].replace("; ", ";"),
                "page": raw["url"].rstrip("/").rsplit("/", 1)[-1].removesuffix(".html"),
            }


def _abstracts(directory: Path, stem: str) -> dict[str, str]:
    path = directory / f"{stem}_abstracts_en.csv.gz"
    if not path.exists():
        return {}
    with open_text(path) as handle:
        return {r["docid"]: r["abstract_en"] for r in csv.DictReader(handle)}


def relaton_rows(path: Path | str, publisher: str) -> Iterator[dict]:
    """The original ISO or IEC catalog (`iso_standards.csv` / `iec_standards.csv`, or the directory
    holding it and its `*_abstracts_en.csv.gz`), as catalog rows with abstracts."""
    path = Path(path)
    stem = publisher.lower()
    if path.is_dir():
        directory, path = path, path / f"{stem}_standards.csv"
    else:
        directory = path.parent
    abstracts = _abstracts(directory, stem)
    pack = list(_relaton_pack_rows(path, publisher))
    if publisher == "IEC":
        infer_iec_successions(pack)
    for row in pack:
        row["abstract"] = abstracts.get(row["docid"], "")
        yield pack_row_to_catalog(row)


def infer_iec_successions(pack: list[dict]) -> None:
    """IEC records carry few Relaton relations; an edition marked REVISED is replaced by the next
    edition of the same number, so that link is added to the successor's `replaces`."""
    editions: dict[str, list[dict]] = {}
    for row in pack:
        docid = row["docid"]
        if SUPPLEMENT.search(docid) or "+" in docid or docid.endswith((" RLV", " CSV")) or ":" not in docid:
            continue
        editions.setdefault(docid.rsplit(":", 1)[0], []).append(row)
    for rows in editions.values():
        rows.sort(key=lambda r: r["docid"].rsplit(":", 1)[1])
        for older, newer in zip(rows, rows[1:], strict=False):
            if older["stage"].upper() == "REVISED":
                listed = _split(newer["replaces"])
                if older["docid"] not in listed:
                    newer["replaces"] = ";".join([*listed, older["docid"]])


def intl_pack_rows(path: Path | str = INTL_PACK) -> Iterator[dict]:
    """The shipped compact ISO+IEC pack (built by `nqi standards build-intl-pack`)."""
    with open_text(path) as handle:
        for pack in csv.DictReader(handle):
            yield pack_row_to_catalog(pack)


def build_intl_pack(iso_path: Path | str, iec_path: Path | str, out: Path | str) -> int:
    """Write the compact pack: ISO and IEC rows with only the fields the catalog uses, joint ISO/IEC
    documents once (ISO's stage code, IEC's exact date when ISO has only a month)."""
    iso_dir, iec_dir = Path(iso_path), Path(iec_path)
    iso_file = iso_dir / "iso_standards.csv" if iso_dir.is_dir() else iso_dir
    iec_file = iec_dir / "iec_standards.csv" if iec_dir.is_dir() else iec_dir
    rows: dict[str, dict] = {r["docid"]: r for r in _relaton_pack_rows(iso_file, "ISO")}
    iec = list(_relaton_pack_rows(iec_file, "IEC"))
    infer_iec_successions(iec)
    for row in iec:
        known = rows.get(row["docid"])
        if known is None:
            rows[row["docid"]] = row
        elif len(row["published"]) > len(known["published"]):
            known["published"] = row["published"]
    with gzip.open(out, "wt", encoding="utf-8", newline="", compresslevel=9) as handle:
        writer = csv.DictWriter(handle, fieldnames=PACK_COLUMNS)
        writer.writeheader()
        writer.writerows(rows.values())
    return len(rows)


# -- curated Chinese standards --------------------------------------------------------------------

_PARTIAL = re.compile(r"\s*[（(]\s*部分代替\s*[)）]\s*$")
_DEGREE = re.compile(r",\s*(IDT|MOD|NEQ|EQV)\b")


def _cn_relations(value: str) -> list[tuple[str, str]]:
    pairs = []
    for part in _split(value):
        kind = PARTIALLY_REPLACES if _PARTIAL.search(part) else REPLACES
        pairs.append((_PARTIAL.sub("", part), kind))
    return pairs


def curated_row(raw: dict) -> dict:
    """One row of `curated_standards.csv`. A blank status means the sources did not establish it:
    the status is inferred (被代替 when a successor is listed, else 现行) and marked unverified."""
    status = CN_STATUS.get(raw["status"].strip(), "")
    verified = bool(status)
    if not status:
        status = REPLACED if raw["replaced_by"].strip() else CURRENT
    adopted = raw["adopted_international"].strip()
    degree = _DEGREE.search(adopted)
    return blank_row(
        number=raw["number"],
        title_zh=raw["title_zh"],
        title_en=raw["title_en"],
        status=status,
        status_verified=verified,
        published=raw["published"],
        implemented=raw["implemented"],
        ics=_split(raw["ics"]),
        ccs=raw["ccs"].strip(),
        replaces=_cn_relations(raw["replaces"]),
        adopted=re.sub(r"\s*[,(（].*$", "", adopted),
        degree=degree.group(1) if degree else "",
        source_url=raw["source_url"],
        confidence=Confidence.SOURCE.value if raw["confidence"] == "SRC" else Confidence.MEMORY.value,
        topic=raw.get("industry", ""),
        successors=_cn_relations(raw["replaced_by"]),
    )


def curated_rows(path: Path | str = CURATED) -> Iterator[dict]:
    with open_text(path) as handle:
        for raw in csv.DictReader(handle):
            yield curated_row(raw)


# -- classification trees --------------------------------------------------------------------------


def ics_rows(path: Path | str = ICS_FILE) -> Iterator[dict]:
    with open_text(path) as handle:
        yield from csv.DictReader(handle)


def ccs_rows(path: Path | str = CCS_FILE) -> Iterator[dict]:
    with open_text(path) as handle:
        yield from csv.DictReader(handle)
