"""Standard numbers (标准编号): parse, normalise and find them in what people type or paste.

Rules (DOMAIN.md §18; GB/T 1.1-2020 §8.2 and the SAC numbering rules for national, sector (行业),
local (地方), group (团体) and enterprise (企业) standards):

- A Chinese number is `代号 顺序号—年代号`: the code, the serial (parts after a dot, "GB 4806.1"), the
  official em dash "—" and the year; old standards have 2-digit years ("SJ/T 10460-93" = 1993).
  National `GB` is mandatory, `GB/T` recommended, `GB/Z` a guidance document. A sector code
  (JB, QB, FZ …, `standard_prefixes.SECTOR_PREFIXES`) follows the same /T and /Z rule.
  Local standards are `DB` + the 2-, 4- or 6-digit division code (GB/T 2260): `DB33/T` Zhejiang,
  `DB3304/T` Jiaxing; without /T (printed `DB33/ 1234`) they are mandatory. Group standards are
  `T/<org>` (T/ZZB = 浙江制造); enterprise standards `Q/<enterprise code>` (variants `Q/xxx/J`).
  Amendments (修改单) are written `GB 4706.1-2005/XG1-2006`. The old 专业标准 form `ZB W63 001-86` is read.
- ISO and IEC write parts with hyphens and the year after a colon ("IEC 60335-2-24:2020"), deliverables
  as ISO/TS, ISO/TR, IEC TS, ISO/IEC Guide, amendments "/Amd 1:2024" (IEC "/AMD1:2013", EN "+A1:2018").
  European and national adoptions stack: EN, BS EN, DIN EN ISO. ASTM writes "ASTM F963-17" (2-digit year,
  revision letter, reapproval year in brackets), JIS "JIS A 1460:2015", ANSI "ANSI Z535.1-2017",
  UL "UL 94", IEEE "IEEE 802.11-2020".
- Input is read leniently: NFKC (full-width "ＧＢ／Ｔ　１９５８０" → "GB/T 19580"), any case, any dash
  (— – － ‒ ―, doubled "——"), missing spaces or slash ("gbt19580-2012"), "ISO 9001-2015".
  Output is the canonical form: Chinese families with the em dash ("GB/T 19580—2012"), ISO/IEC with a colon.
- `parse` returns None for text that is not one standard number; callers keep such text verbatim
  and show a warning.

Catalog keys (stored on records, compared for equality) are lower-case ASCII letters and digits only:
`key` "gbt19580", `key_with_year` "gbt195802012", `base_key` without parts ("gb4806" for GB 4806.1),
`number_key` "19580". Search terms (`terms`, used by nqi.search.analyzer) keep the parts, the year and
the amendment apart ("gbt_4806_1_y2016"), so that prefix search follows the number's own
prefixes. Years always have 4 digits, so "SJ/T 10460-93" and "SJ/T 10460-1993" agree.

The patterns live in nqi.search.standard_grammar and the code lists in nqi.search.standard_prefixes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import NamedTuple

from nqi.search.standard_grammar import GUIDANCE, MANDATORY, NUMBER_RE, RECOMMENDED, fields_from_match
from nqi.search.standard_prefixes import METROLOGY_PREFIXES, NATIONAL_PREFIXES, SECTOR_PREFIXES

__all__ = [
    "GUIDANCE",
    "MANDATORY",
    "METROLOGY_PREFIXES",
    "RECOMMENDED",
    "NATIONAL_PREFIXES",
    "SECTOR_PREFIXES",
    "NumberMatch",
    "StandardNumber",
    "compact",
    "find_numbers",
    "fold",
    "fold_with_offsets",
    "iter_numbers",
    "looks_like_standard_number",
    "normalize_query",
    "parse",
]


_DASHES = str.maketrans(
    {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"}
)
_DASH_RUN = re.compile(r"-{2,}")


def fold(text: str) -> str:
    """NFKC (full-width → half-width), every dash to "-", doubled dashes ("——") to one. Keeps case.
    Text that is ASCII once its dashes are folded (every canonical number: "GB/T 19580—2012") skips
    NFKC, which changes neither ASCII nor what those dashes fold to. The em dash of the canonical
    form is tried first, alone: a `replace` costs a tenth of the `translate` (0.1 against 1.2 µs)."""
    if not text.isascii():
        dashed = text.replace("\u2014", "-")
        if not dashed.isascii():
            dashed = text.translate(_DASHES)
        text = dashed if dashed.isascii() else unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _DASH_RUN.sub("-", text) if "--" in text else text


def _remembered(method):
    """A property computed once per number. (functools.cached_property takes a lock on every first
    read before Python 3.12: a fifth of the cost of indexing a number.)"""
    name = f"_{method.__name__}"

    @wraps(method)
    def read(self):
        try:
            return self.__dict__[name]
        except KeyError:
            value = self.__dict__[name] = method(self)
            return value

    return property(read)


@dataclass(frozen=True)
class StandardNumber:
    """One parsed standard number. `canonical` is the form to store and show."""

    family: str  # "GB/T", "JB/T", "DB33/T", "T/ZZB", "Q", "ISO", "ISO/TS", "IEC TS", "BS EN ISO", "ASTM" …
    mandate: str  # "mandatory" | "recommended" | "guidance" | "" (not a Chinese government standard)
    prefix: str  # issuer code without /T or /Z: "GB", "JB", "DB33", "T/ZZB", "Q/ABC", "ISO/IEC", "ASTM"
    designation: str  # what is printed before the serial: "GB/T", "DB33/", "Q/ABC/J", "ISO/TS", "JIS"
    number: str  # serial with parts: "19580", "4806.1", "60335-2-24", "F963", "A 1460"
    year: int | None  # 4-digit edition year, or None
    amendment: str  # "XG1—2006", "Amd 1:2024", "A1:2018", ASTM "a(2021)"; "" if none
    canonical: str  # "GB/T 19580—2012", "ISO 9001:2015/Amd 1:2024", "ASTM F963-17"
    level: str  # national | sector | local | group | enterprise | international | regional | foreign

    @property
    def key(self) -> str:
        return self.keys[1]

    @property
    def key_with_year(self) -> str:
        return self.keys[2]

    @property
    def base_key(self) -> str:
        return self.keys[0]

    @property
    def number_key(self) -> str:
        return compact(self.number)

    @property
    def query_key(self) -> str:
        """The most specific key: what a search for exactly this number looks up."""
        return self.keys[3]

    @_remembered
    def keys(self) -> tuple[str, str, str, str]:
        """(base_key, key, key_with_year, query_key): every compound key a document with this number
        is indexed under, general to specific (equal entries repeat; `index_keys` removes them)."""
        designation = _compact_code(self.designation)
        number = compact(self.number)
        head = _PART_RE.split(self.number, maxsplit=1)[0]
        base = designation + (number if head == self.number else compact(head))
        key = designation + number
        with_year = key + str(self.year) if self.year else key
        return base, key, with_year, with_year + compact(self.amendment)

    @property
    def index_keys(self) -> tuple[str, ...]:
        """The distinct compound keys, general to specific."""
        return tuple(dict.fromkeys(self.keys))

    @_remembered
    def terms(self) -> tuple[str, ...]:
        """The distinct search-index terms, general to specific: `keys` with the serial's parts kept
        apart by "_", the year by "_y" and the amendment by "_", so a term's prefixes are exactly the
        number's own prefixes — "gb_4806_1" (GB 4806.1) begins "gb_4806_1_y2016" and "gb_4806_10",
        never "gb_48061" (GB 48061) nor "gb_4806_y1996" (GB 4806—1996), and "iso_9001" never begins
        ISO 900:1977's "iso_900_y1977"."""
        designation = _compact_code(self.designation)
        serial = _term(self.number)
        key = f"{designation}_{serial}"
        head = _PART_RE.split(self.number, maxsplit=1)[0]
        terms = [key] if head == self.number else [f"{designation}_{_term(head)}", key]
        if self.year:
            terms.append(f"{key}_y{self.year}")
        if self.amendment:
            terms.append(f"{terms[-1]}_{_term(self.amendment)}")
        return tuple(dict.fromkeys(terms))

    @property
    def query_term(self) -> str:
        """The most specific search term: what a search for exactly this number looks up."""
        return self.terms[-1]

    def __str__(self) -> str:
        return self.canonical

    @classmethod
    def of(cls, fields: dict) -> StandardNumber:
        """A number from the grammar's complete field dict, without the frozen dataclass's nine
        `object.__setattr__` calls (a tenth of the cost of indexing a number)."""
        number = object.__new__(cls)
        number.__dict__.update(fields)
        return number


class NumberMatch(NamedTuple):
    """A standard number found in free text; start/end index the text that was searched."""

    number: StandardNumber
    start: int
    end: int
    text: str


def compact(text: str) -> str:
    """Lower-case ASCII letters and digits only: "GB/T 4806.1" → "gbt48061"."""
    return _NOT_ALNUM_RE.sub("", text.lower())


_NOT_ALNUM_RE = re.compile(r"[^0-9a-z]")
_SEPARATORS_RE = re.compile(r"[^0-9a-z]+")


def _term(text: str) -> str:
    """Lower-case ASCII letters and digits, each run of anything else one "_": "A 1460" → "a_1460"."""
    if text.isalnum() and text.isascii():  # most serials: "19580"
        return text.lower()
    return _SEPARATORS_RE.sub("_", fold(text).lower()).strip("_")


@lru_cache(maxsize=4096)
def _compact_code(designation: str) -> str:
    """`compact` of a standard code ("GB/T" → "gbt"): a few thousand codes recur on every number."""
    return compact(designation)


_PART_RE = re.compile(r"[.-]")


_WRAPPERS = " \t\r\n\"'“”‘’《》〈〉「」『』()[]【】"


def parse(text: str) -> StandardNumber | None:
    """The standard number that `text` is (blanks and quoting brackets around it ignored), or None."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    s = fold(text).strip()
    m = NUMBER_RE.fullmatch(s) or NUMBER_RE.fullmatch(s.strip(_WRAPPERS))
    fields = fields_from_match(m) if m else None
    return StandardNumber.of(fields) if fields else None


# Every number starts a word with a Latin letter and reaches its first digit through at most 24 more
# letters, blanks, slashes or dots: the grammar is tried only at the word starts of such a stretch.
_STRETCH = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ \t/.")
_STRETCH_MAX = 25
_DIGIT_RUN_RE = re.compile(r"[0-9]+")
_WORD_START_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]")


def iter_numbers(folded: str) -> Iterator[tuple[StandardNumber, int, int]]:
    """Yield (StandardNumber, start, end) for every number in already `fold`-ed text (any case).

    The same matches as `NUMBER_RE.finditer`, leftmost and not overlapping, found faster: from each run
    of digits the stretch before it is read back, and the grammar (an alternation of ~80 codes, tried
    in turn) runs only at the word starts in that stretch — not at every word of a long title.
    """
    end = 0
    for digits in _DIGIT_RUN_RE.finditer(folded):
        first = digits.start()
        start, low = first, max(end, first - _STRETCH_MAX)
        while start > low and folded[start - 1] in _STRETCH:
            start -= 1
        for word in _WORD_START_RE.finditer(folded, start, first):
            if word.start() < end:
                continue
            m = NUMBER_RE.match(folded, word.start())
            if m is None:
                continue
            end = m.end()
            fields = fields_from_match(m)
            if fields is not None:
                yield StandardNumber.of(fields), m.start(), m.end()
            break


def find_numbers(text: str) -> list[NumberMatch]:
    """Standard numbers embedded in free text ("按GB 18580—2017检测甲醛"), in order, not overlapping.

    Offsets index `text` itself, so callers can cut or highlight the original.
    """
    folded, offsets = fold_with_offsets(text if isinstance(text, str) else "")
    found = []
    for number, start, end in iter_numbers(folded):
        a, b = offsets[start], offsets[end - 1] + 1
        found.append(NumberMatch(number, a, b, text[a:b]))
    return found


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold` applied character by character, with the index in `text` of each output character."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        piece = ch if ch.isascii() else unicodedata.normalize("NFKC", ch).translate(_DASHES)
        for c in piece:
            if c == "-" and out and out[-1] == "-":
                continue
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets


def normalize_query(text: str) -> str:
    """Folded text with blanks collapsed and every standard number in it rewritten canonically.

    "gbt 19580—2012" → "GB/T 19580—2012"; "按gb18580-2017检测" → "按GB 18580—2017检测".
    """
    s = re.sub(r"\s+", " ", fold(text if isinstance(text, str) else "")).strip()
    pieces, pos = [], 0
    for number, start, end in iter_numbers(s):
        pieces += [s[pos:start], number.canonical]
        pos = end
    return "".join(pieces) + s[pos:]


_PARTIAL_RE = re.compile(r"(?P<num>.*?)[ \t]*[-:/][ \t]*[0-9]{0,3}", re.DOTALL)


def looks_like_standard_number(text: str) -> bool:
    """True if `text` is a standard number, possibly still being typed ("GB/T 19580-20", "ISO 9001:")."""
    if parse(text) is not None:
        return True
    if not isinstance(text, str) or len(text) > 200:
        return False
    m = _PARTIAL_RE.fullmatch(fold(text).strip())
    return bool(m and parse(m.group("num")))
