"""The one analyzer behind every search engine (ARCHITECTURE §5, SEARCH-NOTES §6 `fts5_smart_y`).

Documents and queries go through the same steps, so what is indexed is what is asked for:

1. `normalize`: NFKC (full-width → half-width), lower case, every dash to "-", diacritics removed.
2. Runs: maximal Han runs and maximal runs of other letters/digits (SEARCH-NOTES uses [a-z0-9]; other
   scripts are kept as words too, which changes nothing for Chinese and ASCII text).
   - A Han run c1…cn gives the overlapping bigrams c1c2 … c(n-1)cn plus the tail unigram cn; a 1-character
     run gives itself. "压缩机" → 压缩 缩机 机. Every character therefore starts some token, so a 1-character
     query is the prefix query "c"* (served by FTS5 `prefix='1'`) and is complete.
   - A word run is one token. A 4-digit year right after "-" or ":" becomes "y2012"
     ("GB/T 19580-2012" → gb t 19580 y2012), so a partly typed "T/TZ 20" does not prefix-match every year.
3. Standard numbers found in the text (nqi.search.standard_numbers) are also indexed under their search
   terms, appended after the text's tokens: "GB/T 4806.1-2016" adds gbt_4806 gbt_4806_1 gbt_4806_1_y2016.

Queries (`query_plan`) are the same runs turned into clauses that are AND-ed:
- a Han segment of 2+ characters is the exact phrase of its bigrams → exact substring semantics;
- a 1-character Han segment is the prefix "c"*;
- a recognised standard number is its most specific term, one token ("GB 18580 甲醛" → "gb_18580" AND "甲醛");
- other words form one phrase per segment;
- only the last clause is a prefix (typeahead), as measured best in SEARCH-NOTES §4. A last number that is
  still being typed ("GB/T 19580-20") becomes the term prefix gbt_19580_y20*.
Queries are cut to MAX_QUERY_CHARS characters and MAX_CLAUSES clauses; tokens to MAX_TOKEN_CHARS.

Renderers (`to_fts5_match`, `to_tsquery`) emit only quoted tokens made of letters, digits and "_", so any input
(FTS5 or tsquery syntax, SQL, quotes, 10,000 characters) gives a valid expression, or None for "nothing
to search": callers must then return no rows instead of running the query.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from nqi.search.standard_numbers import StandardNumber, fold, iter_numbers
from nqi.search.standard_prefixes import METROLOGY_PREFIXES, NATIONAL_PREFIXES, SECTOR_PREFIXES

MAX_QUERY_CHARS = 256
MAX_CLAUSES = 32
MAX_TOKEN_CHARS = 64
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUN_RE = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+")
_HAN_RUN = re.compile(rf"[{HAN}]")
_ASCII_RUN_RE = re.compile(r"[a-z0-9]+")  # the same runs, for ASCII text (lower-cased already)
_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}(?![0-9])")
_PARTIAL_YEAR_RE = re.compile(r"[ \t]*[-:][ \t]*")
_DIGIT_RE = re.compile(r"[0-9]")
HAN_CLAUSE, WORD_CLAUSE, NUMBER_CLAUSE = "han", "word", "number"


_MARKS_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]")


def strip_marks(s: str) -> str:
    """Remove combining diacritics ("café" → "cafe"), the same whether s is one character or a text."""
    if s.isascii():
        return s
    decomposed = unicodedata.normalize("NFD", s)
    if not _MARKS_RE.search(decomposed):
        return s
    return unicodedata.normalize("NFC", _MARKS_RE.sub("", decomposed))


def normalize(text: str) -> str:
    """NFKC, dashes folded, lower case, diacritics removed: the text every token is cut from."""
    return strip_marks(fold(text).lower())


def text_runs(n: str) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, token, is_han) for each run of normalized text, the year rule applied to words."""
    ascii_only = n.isascii()
    for m in (_ASCII_RUN_RE if ascii_only else _RUN_RE).finditer(n):
        run, start = m.group(), m.start()
        if not ascii_only and _HAN_RUN.match(run):
            yield start, m.end(), run, True
            continue
        if start and n[start - 1] in "-:" and _YEAR_RE.match(run):
            run = "y" + run
        yield start, m.end(), run[:MAX_TOKEN_CHARS], False


def han_terms(run: str) -> list[str]:
    """Overlapping bigrams plus the tail unigram: "压缩机" → ["压缩", "缩机", "机"]; "泵" → ["泵"]."""
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def number_terms(number: StandardNumber) -> list[str]:
    """Extra index terms for one standard number: its compound keys, its year token, and its standard
    code as one word ("GB/T" → gbt, "DB33/T" → db33t), which a code typed alone matches (`match_tokens`)."""
    return [
        *number.terms,
        *([f"y{number.year}"] if number.year else []),
        designation_term(number.designation),
    ]


@lru_cache(maxsize=4096)
def designation_term(designation: str) -> str:
    """A standard code as one index term: its letters and digits, "ISO/IEC" → isoiec (a few thousand
    codes recur on every number: remembered)."""
    return "".join(m.group() for m in _ASCII_RUN_RE.finditer(designation.lower()))


def index_terms(text: str) -> list[str]:
    """Index terms of one field, in order (positions matter for phrases). Join with " " for FTS5."""
    n = normalize(text or "")
    terms = _run_terms(n)
    if _DIGIT_RE.search(n):
        _add_number_terms(terms, (number for number, _, _ in iter_numbers(n)))
    return terms


# The runs of ASCII text in one C call: a run after "-" or ":" that starts with a year comes in the
# first group (the year rule of `text_runs`), any other run in the second.
_ASCII_TERMS_RE = re.compile(r"(?<=[-:])((?:19|20)[0-9]{2}(?![0-9])[a-z0-9]*)|([a-z0-9]+)")


def _run_terms(normalized: str) -> list[str]:
    """The terms of the runs of normalized text: `text_runs`' tokens, Han runs cut into bigrams."""
    if normalized.isascii():
        return [
            ("y" + year)[:MAX_TOKEN_CHARS] if year else word[:MAX_TOKEN_CHARS]
            for year, word in _ASCII_TERMS_RE.findall(normalized)
        ]
    terms: list[str] = []
    for _, _, token, han in text_runs(normalized):
        if han:
            terms.extend(han_terms(token))
        else:
            terms.append(token)
    return terms


def _add_number_terms(terms: list[str], numbers: Iterable[StandardNumber]) -> None:
    seen = set(terms)
    for number in numbers:
        for term in number_terms(number):
            if term not in seen:
                seen.add(term)
                terms.append(term)


class CutText(str):
    """A field's text that arrives with its index terms (`number_text`): `field_terms` returns them."""

    terms: tuple[str, ...]


def number_text(number: StandardNumber) -> CutText:
    """A standard number's canonical form, as a field's text, with its index terms made from the
    number already parsed: what `index_terms` gives for that text (the canonical form holds exactly
    this number; nqi/standards/tests/test_numbers.py compares the two over every shipped catalog
    record), for a third of the cost, as the number is not sought and parsed again (an import's
    validation has parsed it: 15 µs a record)."""
    text = CutText(number.canonical)
    terms = _run_terms(normalize(text))
    _add_number_terms(terms, (number,))
    text.terms = tuple(terms)
    return text


def field_terms(text: str) -> tuple[str, ...]:
    """`index_terms` as a tuple: given with the text (`CutText`), else remembered by text."""
    if type(text) is CutText:
        return text.terms
    return _remembered_terms(text)


@lru_cache(maxsize=16_384)
def _remembered_terms(text: str) -> tuple[str, ...]:
    """The editions of one standard share their titles (a catalog's 75 % of titles are repeats), so a
    bulk run analyses each distinct text about once per process."""
    return tuple(index_terms(text))


@dataclass(frozen=True)
class Clause:
    """One AND-ed part of a query: a phrase of tokens; `prefix` marks the last token as a prefix."""

    kind: str  # "han" | "word" | "number"
    tokens: tuple[str, ...]
    prefix: bool
    text: str  # what the user typed for it, normalized (numbers: canonical form)


@dataclass(frozen=True)
class QueryPlan:
    """The analysed query. Empty (no clauses) means: nothing searchable, return no rows."""

    clauses: tuple[Clause, ...]
    numbers: tuple[StandardNumber, ...]  # standard numbers recognised in the query
    truncated: bool  # the query was longer than MAX_QUERY_CHARS or had more than MAX_CLAUSES clauses

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def __bool__(self) -> bool:
        return bool(self.clauses)


@dataclass
class _Part:
    """A clause under construction, with its span in the normalized query."""

    kind: str
    tokens: list[str]
    text: str
    start: int
    end: int
    number: StandardNumber | None = None
    prefix: bool = False


def query_plan(text: str) -> QueryPlan:
    """Analyse a user query (never raises). See the module docstring for the clause rules."""
    text = text if isinstance(text, str) else ""
    truncated = len(text) > MAX_QUERY_CHARS
    n = normalize(text[:MAX_QUERY_CHARS])
    numbers = list(iter_numbers(n)) if _DIGIT_RE.search(n) else []
    parts: list[_Part] = []
    words: list[tuple[int, int, str, bool]] = []

    def flush() -> None:
        if words:
            start, end = words[0][0], words[-1][1]
            parts.append(_Part(WORD_CLAUSE, [w[2] for w in words], n[start:end], start, end))
            words.clear()

    pending = iter(numbers)
    current = next(pending, None)
    for run in text_runs(n):
        start, end, token, han = run
        while current is not None and current[2] <= start:
            current = next(pending, None)
        if current is not None and current[1] <= start:  # the run belongs to a standard number
            number = current[0]
            if not parts or parts[-1].number is not number:
                flush()
                parts.append(
                    _Part(NUMBER_CLAUSE, [number.query_term], number.canonical, *current[1:], number)
                )
        elif han:
            flush()
            parts.append(
                _Part(HAN_CLAUSE, han_terms(token)[:-1] or [token], token, start, end, prefix=len(token) == 1)
            )
        else:
            words.append(run)
    flush()
    _merge_partial_year(parts, n)
    if parts and parts[-1].kind != HAN_CLAUSE and not is_designation(parts[-1]):
        parts[-1].prefix = True
    clauses = list(dict.fromkeys(Clause(p.kind, tuple(p.tokens), p.prefix, p.text) for p in parts))
    return QueryPlan(
        clauses=tuple(clauses[:MAX_CLAUSES]),
        numbers=tuple(number for number, _, _ in numbers),
        truncated=truncated or len(clauses) > MAX_CLAUSES,
    )


_DESIGNATIONS = frozenset(
    code.lower() + mark
    for code in [*NATIONAL_PREFIXES, *SECTOR_PREFIXES, *METROLOGY_PREFIXES, "ISO", "IEC", "EN", "ASTM", "DB"]
    for mark in ("", " t", " z")
) | {"q", "t", "iso iec", "bs en", "din en"}
_LOCAL_DESIGNATION_RE = re.compile(r"db ?[0-9]{2}(?:[0-9]{2}){0,2}(?: [tz])?")


def is_designation(part: _Part | Clause) -> bool:
    """A word clause that is a whole standard code ("GB", "GB/T", "Q", "ISO", "DB33/T") is matched as
    typed, not as a prefix: "GB" is the token every GB number carries, while "gb"* would merge the
    doclists of every number key starting with gb (180 ms at 1.6 M records, against ~1 ms). It narrows
    a search to a family rather than describing what is sought, so engines may leave it out of the
    relevance score (`scoring_clauses`)."""
    if part.kind != WORD_CLAUSE:
        return False
    words = " ".join(part.tokens)
    return words in _DESIGNATIONS or bool(_LOCAL_DESIGNATION_RE.fullmatch(words))


def match_tokens(clause: Clause) -> tuple[str, ...]:
    """The index terms an engine matches for a clause. A standard code of several words ("GB/T",
    "DB33/T", "ISO/IEC") is its one code term (`designation_term`): the phrase "gb t" would check the
    positions of two of the commonest tokens in every record that has both (a third of the catalog),
    ~20 ms at 1.6 M records before any other clause narrows it."""
    if len(clause.tokens) > 1 and is_designation(clause):
        return ("".join(clause.tokens),)
    return clause.tokens


def scoring_clauses(plan: QueryPlan) -> tuple[Clause, ...]:
    """The clauses that say what is sought, for relevance: all but standard codes (`is_designation`).
    Every hit of "GB/T 压缩机" carries "GB/T"; scoring it adds nothing to the order of the hits, while
    bm25 reads its whole doclist to weigh it (30 of 50 ms at 1.6 M records)."""
    return tuple(c for c in plan.clauses if not is_designation(c))


def _merge_partial_year(parts: list[_Part], n: str) -> None:
    """A number without a year, then "-" or ":" and 1–3 digits at the very end → one key prefix."""
    if len(parts) < 2 or parts[-2].kind != NUMBER_CLAUSE or parts[-1].kind != WORD_CLAUSE:
        return
    number, digits = parts[-2], parts[-1]
    if number.number.year or len(digits.tokens) != 1 or not re.fullmatch(r"[0-9]{1,3}", digits.tokens[0]):
        return
    if _PARTIAL_YEAR_RE.fullmatch(n[number.end : digits.start]) and not n[digits.end :].strip():
        number.tokens = [f"{number.number.query_term}_y{digits.tokens[0]}"]
        number.text, number.end = n[number.start : digits.end], digits.end
        del parts[-1]


def as_plan(plan: QueryPlan | str) -> QueryPlan:
    return plan if isinstance(plan, QueryPlan) else query_plan(plan)


def to_fts5_match(plan: QueryPlan | str) -> str | None:
    """FTS5 MATCH expression: '"gb_18580" AND "甲醛"', '"gb t"*', '"泵"*'; None when there is nothing to search."""
    parts = []
    for clause in as_plan(plan).clauses:
        phrase = " ".join(token.replace('"', '""') for token in match_tokens(clause))
        parts.append(f'"{phrase}"' + ("*" if clause.prefix else ""))
    return " AND ".join(parts) or None


def lexeme(token: str, prefix: bool = False) -> str:
    """A token quoted as a tsvector or tsquery lexeme ("gb" → 'gb'; a prefix → 'gb':*)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def to_tsquery(plan: QueryPlan | str) -> str | None:
    """PostgreSQL tsquery text: "('压缩' <-> '缩机') & 'gb_18580':*"; None when there is nothing to search.

    Use it as a literal, `%s::tsquery`, against a tsvector built from the same terms (`to_tsvector`):
    to_tsquery() would re-parse the lexemes.
    """
    parts = []
    for clause in as_plan(plan).clauses:
        tokens = match_tokens(clause)
        last = len(tokens) - 1
        lexemes = [lexeme(t, clause.prefix and i == last) for i, t in enumerate(tokens)]
        parts.append(lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts) or None


def to_tsvector(fields: Iterable[tuple[str, str]], gap: int = 100) -> str:
    """tsvector literal for (text, weight) pairs, weights "A"–"D"; positions continue across fields with
    a gap so no phrase spans two fields. Use as `%s::tsvector`."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for text, weight in fields:
        weight = weight if weight in ("A", "B", "C", "D") else "D"
        for term in field_terms(text):
            pos += 1
            slots = positions.setdefault(term, [])
            if len(slots) < 255 and pos <= 16383:
                slots.append(f"{pos}{weight}")
        pos += gap
    return " ".join(lexeme(t) + (":" + ",".join(p) if p else "") for t, p in positions.items())
