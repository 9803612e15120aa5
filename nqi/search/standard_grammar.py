"""The grammar of standard numbers: one regular expression with a branch per family, and builders.

Rules are stated in nqi.search.standard_numbers (which is the public API); this module only turns a
match into the fields of a StandardNumber. Patterns run case-insensitively over text already folded by
`standard_numbers.fold` (NFKC, dashes as "-").
"""

from __future__ import annotations

import re

from nqi.search.standard_prefixes import METROLOGY_PREFIXES, NATIONAL_PREFIXES, SECTOR_PREFIXES

MANDATORY, RECOMMENDED, GUIDANCE = "mandatory", "recommended", "guidance"
_MANDATE = {None: MANDATORY, "T": RECOMMENDED, "Z": GUIDANCE}


_S = r"[ \t]*"  # optional blanks, never a line break
_Y4 = r"(?:19|20)[0-9]{2}"


def _cn_tail(p: str) -> str:
    """Serial, year after a dash (2-digit years only 50–99) or a blank, and a 修改单 XGn-yyyy."""
    return (
        rf"{_S}(?P<{p}_serial>[0-9]+(?:\.[0-9]+)*)"
        rf"(?:{_S}-{_S}(?P<{p}_year>{_Y4}|[5-9][0-9])(?![0-9])|[ \t]+(?P<{p}_syear>{_Y4})(?![0-9]))?"
        rf"(?:{_S}/{_S}XG{_S}(?P<{p}_xg>[0-9]+)(?:{_S}-{_S}(?P<{p}_xgyear>{_Y4}))?)?"
    )


_CODES = sorted([*NATIONAL_PREFIXES, *SECTOR_PREFIXES, *METROLOGY_PREFIXES], key=lambda c: (-len(c), c))


def _trie(words: list[str]) -> str:
    """An alternation of `words` as a prefix tree ("G(?:BN|B|SB)|J(?:B|C)"): the regex engine tries
    alternatives in turn, so a flat list of ~80 codes costs ~80 comparisons at every position. Longer
    words come first under each prefix, as in the flat longest-first list: the same match wins."""
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[:1], []).append(word[1:])
    branches = []
    for head, rests in sorted(heads.items(), key=lambda kv: -max(map(len, kv[1]))):
        longer = [r for r in rests if r]
        tail = _trie(sorted(longer, key=lambda r: (-len(r), r))) if longer else ""
        if not longer:
            branches.append(re.escape(head))
        elif "" in rests:
            branches.append(f"{re.escape(head)}(?:{tail})?")
        else:
            branches.append(f"{re.escape(head)}(?:{tail})")
    return "|".join(branches)


_MT = rf"(?:{_S}/{_S}(?P<{{p}}_m>[TZ])(?![A-Z])|(?P<{{p}}_m2>[TZ])(?={_S}[0-9]))?"
_INTL_ORG = r"BS|DIN|NF|EN|ISO|IEC"
_BRANCHES = {
    "loc": rf"DB{_S}(?P<loc_area>[0-9]{{2}}(?:[0-9]{{2}}){{0,2}})"
    rf"(?:{_S}/{_S}(?P<loc_m>[TZ])?(?![A-Z])|(?P<loc_m2>[TZ]))?" + _cn_tail("loc"),
    "cn": rf"(?P<cn_code>{_trie(_CODES)})" + _MT.format(p="cn") + _cn_tail("cn"),
    "grp": rf"T{_S}/{_S}(?P<grp_org>[A-Z][A-Z0-9]*?)" + _cn_tail("grp"),
    "ent": rf"Q{_S}/{_S}(?P<ent_org>[A-Z0-9]+?)(?:{_S}/{_S}(?P<ent_var>[A-Z]))?"
    rf"{_S}(?P<ent_serial>[0-9]+(?:\.[0-9]+)*[A-Z]?)"
    rf"(?:{_S}-{_S}(?P<ent_year>{_Y4}|[5-9][0-9])(?![0-9])|[ \t]+(?P<ent_syear>{_Y4})(?![0-9]))?",
    "zb": rf"ZB{_S}(?P<zb_ccs>[A-Z][0-9]{{2}}){_S}(?P<zb_serial>[0-9]+)(?:{_S}-{_S}(?P<zb_year>[0-9]{{2}}|{_Y4}))?",
    "intl": rf"(?P<intl_org>(?:{_INTL_ORG})(?:{_S}[/ \t]{_S}(?:EN|ISO|IEC|IEEE)(?![A-Z]))*)"
    rf"(?:{_S}[/ \t]{_S}(?P<intl_kind>TS|TR|PAS|GUIDE)(?![A-Z]))?"
    rf"{_S}(?P<intl_serial>[0-9]+(?:-[0-9]+)*(?:-[0-9]+[A-Z])?)"
    rf"(?:{_S}:{_S}(?P<intl_year>{_Y4})|[ \t]+(?P<intl_syear>{_Y4}))?(?![0-9])"
    rf"(?P<intl_amd>(?:{_S}[/+]{_S}(?:AMD|A|COR|AC){_S}\.?{_S}[0-9]*(?:{_S}:{_S}{_Y4})?)*)",
    "astm": rf"ASTM{_S}(?P<astm_serial>[A-Z]{_S}[0-9]+(?:\.[0-9]+)?(?:{_S}/{_S}[A-Z]{_S}[0-9]+(?:\.[0-9]+)?M)?)"
    rf"(?:{_S}-{_S}(?P<astm_year>{_Y4}|[0-9]{{2}})(?P<astm_rev>[A-Z])?(?![0-9]))?"
    rf"(?:{_S}\({_S}(?P<astm_re>{_Y4}){_S}\))?",
    "jis": rf"JIS{_S}(?P<jis_div>[A-Z]){_S}(?P<jis_serial>[0-9]{{4}}(?:-[0-9]+)*)(?:{_S}:{_S}(?P<jis_year>{_Y4}))?",
    "ansi": rf"ANSI(?:{_S}/{_S}(?P<ansi_co>[A-Z]+))?{_S}(?P<ansi_serial>[A-Z]{{0,3}}{_S}[0-9]+(?:\.[0-9]+)*[A-Z]?)"
    rf"(?:{_S}-{_S}(?P<ansi_year>{_Y4})(?![0-9]))?",
    "ul": rf"UL{_S}(?P<ul_serial>[0-9]+[A-Z]?(?:-[0-9]+)*)(?:{_S}:{_S}(?P<ul_year>{_Y4}))?",
    "ieee": rf"IEEE(?:{_S}STD\.?)?{_S}(?P<ieee_serial>[A-Z]?[0-9]+(?:\.[0-9]+)*[A-Z]*)"
    rf"(?:{_S}-{_S}(?P<ieee_year>{_Y4})(?![0-9]))?",
}
NUMBER_RE = re.compile(
    r"(?<![A-Z0-9])(?=[A-Z])(?:"
    + "|".join(f"(?P<{name}>{pat})" for name, pat in _BRANCHES.items())
    + r")(?![0-9A-Z])",
    re.IGNORECASE,
)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value if len(text) == 4 else (1900 + value if value >= 50 else 2000 + value)


def _mk(**fields) -> dict:
    return fields


def _cn(m: re.Match, p: str, designation: str, prefix: str, family: str, mandate: str, level: str):
    serial = m.group(f"{p}_serial")
    ytext = m.group(f"{p}_year") or m.group(f"{p}_syear")
    year = _year(ytext)
    amendment = ""
    if m.group(f"{p}_xg"):
        xgy = m.group(f"{p}_xgyear")
        amendment = f"XG{int(m.group(f'{p}_xg'))}" + (f"—{xgy}" if xgy else "")
    canonical = (
        f"{designation} {serial}" + (f"—{ytext}" if ytext else "") + (f"/{amendment}" if amendment else "")
    )
    return _mk(
        family=family,
        mandate=mandate,
        prefix=prefix,
        designation=designation,
        number=serial,
        year=year,
        amendment=amendment,
        canonical=canonical,
        level=level,
    )


def _build_cn(m: re.Match) -> dict | None:
    raw = m.group("cn_code").upper()
    code = "GBn" if raw == "GBN" else raw
    letter = (m.group("cn_m") or m.group("cn_m2") or "").upper() or None
    if code == "DB" and letter is None:  # bare "DB 15" is neither seismology (DB/T) nor local (DB33)
        return None
    if code in METROLOGY_PREFIXES or code == "GSB":
        mandate, level = "", "national"
    else:
        mandate, level = _MANDATE[letter], "national" if code in NATIONAL_PREFIXES else "sector"
    designation = code + (f"/{letter}" if letter else "")
    return _cn(m, "cn", designation, code, designation, mandate, level)


def _build_loc(m: re.Match) -> dict:
    prefix = "DB" + m.group("loc_area")
    letter = (m.group("loc_m") or m.group("loc_m2") or "").upper() or None
    designation = prefix + (f"/{letter}" if letter else "/")
    family = prefix + (f"/{letter}" if letter else "")
    return _cn(m, "loc", designation, prefix, family, _MANDATE[letter], "local")


def _build_grp(m: re.Match) -> dict:
    prefix = "T/" + m.group("grp_org").upper()
    return _cn(m, "grp", prefix, prefix, prefix, "", "group")


def _build_ent(m: re.Match) -> dict:
    prefix = "Q/" + m.group("ent_org").upper()
    designation = prefix + (f"/{m.group('ent_var').upper()}" if m.group("ent_var") else "")
    serial = m.group("ent_serial").upper()
    ytext = m.group("ent_year") or m.group("ent_syear")
    canonical = f"{designation} {serial}" + (f"—{ytext}" if ytext else "")
    return _mk(
        family="Q",
        mandate="",
        prefix=prefix,
        designation=designation,
        number=serial,
        year=_year(ytext),
        amendment="",
        canonical=canonical,
        level="enterprise",
    )


def _build_zb(m: re.Match) -> dict:
    number = f"{m.group('zb_ccs').upper()} {m.group('zb_serial')}"
    ytext = m.group("zb_year")
    canonical = f"ZB {number}" + (f"—{ytext}" if ytext else "")
    return _mk(
        family="ZB",
        mandate="",
        prefix="ZB",
        designation="ZB",
        number=number,
        year=_year(ytext),
        amendment="",
        canonical=canonical,
        level="sector",
    )


_AMD_RE = re.compile(rf"[/+]{_S}(AMD|A|COR|AC){_S}\.?{_S}([0-9]*)(?:{_S}:{_S}({_Y4}))?", re.IGNORECASE)


def _intl_family(org: str) -> tuple[str, str] | None:
    """["BS","EN","ISO"] → ("BS EN ISO", level); ISO, IEC and IEEE join with "/", the others with a blank."""
    words = [w.upper() for w in re.split(r"[ \t/]+", org) if w]
    if len(set(words)) != len(words):
        return None
    parts: list[str] = []
    for w in words:
        if parts and w in ("ISO", "IEC", "IEEE") and parts[-1].split("/")[-1] in ("ISO", "IEC", "IEEE"):
            parts[-1] += "/" + w
        else:
            parts.append(w)
    level = {"ISO": "international", "IEC": "international", "EN": "regional"}.get(words[0], "foreign")
    return " ".join(parts), level


def _amendments(text: str, family: str) -> tuple[str, str]:
    """Canonical amendment text and the separator before it, in the issuer's own style."""
    out = []
    for kind, num, year in _AMD_RE.findall(text):
        kind = kind.upper()
        corr = kind in ("COR", "AC")
        if "EN" in family.split():
            item = ("/AC" if corr else "+A") + num + (f":{year}" if year else "")
        elif family.startswith("IEC"):
            item = ("/COR" if corr else "/AMD") + num + (f":{year}" if year else "")
        else:
            item = ("/Cor " if corr else "/Amd ") + num + (f":{year}" if year else "")
        out.append(item)
    joined = "".join(out)
    return (joined[1:], joined[0]) if joined else ("", "")


def _build_intl(m: re.Match) -> dict | None:
    fam = _intl_family(m.group("intl_org"))
    if fam is None:
        return None
    prefix, level = fam
    serial = m.group("intl_serial").upper()  # an old IEC part may carry a letter: "60335-1A"
    ytext = m.group("intl_year") or m.group("intl_syear")
    if not ytext and "-" in serial and re.fullmatch(_Y4, serial.rsplit("-", 1)[1]):
        serial, ytext = serial.rsplit("-", 1)  # "ISO 9001-2015" is typed for "ISO 9001:2015"
    kind = (m.group("intl_kind") or "").upper()
    if kind == "GUIDE":
        designation = f"{prefix} Guide"
    elif kind:
        designation = f"{prefix}/{kind}" if prefix == "ISO" else f"{prefix} {kind}"
    else:
        designation = prefix
    amendment, sep = _amendments(m.group("intl_amd") or "", prefix)
    canonical = (
        f"{designation} {serial}" + (f":{ytext}" if ytext else "") + (sep + amendment if amendment else "")
    )
    return _mk(
        family=designation,
        mandate="",
        prefix=prefix,
        designation=designation,
        number=serial,
        year=_year(ytext),
        amendment=amendment,
        canonical=canonical,
        level=level,
    )


def _build_astm(m: re.Match) -> dict:
    serial = re.sub(r"[ \t]", "", m.group("astm_serial")).upper()
    ytext, rev, reappr = m.group("astm_year"), (m.group("astm_rev") or "").lower(), m.group("astm_re")
    year = _year(ytext)
    amendment = rev + (f"({reappr})" if reappr else "")
    canonical = f"ASTM {serial}" + (f"-{year % 100:02d}" if year else "") + amendment
    return _mk(
        family="ASTM",
        mandate="",
        prefix="ASTM",
        designation="ASTM",
        number=serial,
        year=year,
        amendment=amendment,
        canonical=canonical,
        level="foreign",
    )


def _simple(family: str, number: str, year: str | None, sep: str) -> dict:
    canonical = f"{family} {number}" + (f"{sep}{year}" if year else "")
    return _mk(
        family=family,
        mandate="",
        prefix=family,
        designation=family,
        number=number,
        year=_year(year),
        amendment="",
        canonical=canonical,
        level="foreign",
    )


def _build_ieee(m: re.Match) -> dict:
    lead, rest = re.fullmatch(r"([A-Za-z]?)(.*)", m.group("ieee_serial")).groups()
    return _simple("IEEE", lead.upper() + rest.lower(), m.group("ieee_year"), "-")


_BUILDERS = {
    "loc": _build_loc,
    "cn": _build_cn,
    "grp": _build_grp,
    "ent": _build_ent,
    "zb": _build_zb,
    "intl": _build_intl,
    "astm": _build_astm,
    "jis": lambda m: _simple(
        "JIS", f"{m.group('jis_div').upper()} {m.group('jis_serial')}", m.group("jis_year"), ":"
    ),
    "ansi": lambda m: _simple(
        "ANSI" + (f"/{m.group('ansi_co').upper()}" if m.group("ansi_co") else ""),
        re.sub(r"[ \t]", "", m.group("ansi_serial")).upper(),
        m.group("ansi_year"),
        "-",
    ),
    "ul": lambda m: _simple("UL", m.group("ul_serial").upper(), m.group("ul_year"), ":"),
    "ieee": _build_ieee,
}


def fields_from_match(m: re.Match) -> dict | None:
    """The StandardNumber fields for a NUMBER_RE match, or None when the match is not a valid number."""
    return _BUILDERS[m.lastgroup](m)  # the branch's group closes last: it is the last matched group
