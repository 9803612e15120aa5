"""Highlighting: what a query matches in a text, marked for display (search results' titles and
numbers). It finds exactly what the analyzer indexes (`nqi.search.analyzer`): Han phrases as
substrings, standard numbers by their terms, words by their runs (the year rule included)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator

from nqi.search.analyzer import HAN_CLAUSE, NUMBER_CLAUSE, Clause, QueryPlan, as_plan, strip_marks, text_runs
from nqi.search.standard_numbers import fold_with_offsets, iter_numbers


def _normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    folded, offsets = fold_with_offsets(text)
    out: list[str] = []
    where: list[int] = []
    for ch, i in zip(folded, offsets, strict=True):
        piece = strip_marks(ch.lower())
        out.append(piece)
        where.extend([i] * len(piece))
    return "".join(out), where


def highlight(text: str, plan: QueryPlan | str) -> str:
    """`text` HTML-escaped, with what the query matches wrapped in <mark>…</mark>."""
    text = text if isinstance(text, str) else ""
    plan = as_plan(plan)
    n, where = _normalize_with_offsets(text)
    spans = [span for clause in plan.clauses for span in _clause_spans(clause, n)]
    out, pos = [], 0
    where.append(len(text))
    # A span ends where the next normalized character comes from, so the marks and other characters
    # that normalizing dropped ("é" written e + U+0301) stay inside it.
    ends = ((where[s], where[e] if where[e] > where[e - 1] else where[e - 1] + 1) for s, e in spans if e > s)
    for start, end in _merge(ends):
        out += [html.escape(text[pos:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _clause_spans(clause: Clause, n: str) -> Iterator[tuple[int, int]]:
    if clause.kind == HAN_CLAUSE:
        needle = clause.tokens[0] + "".join(t[1:] for t in clause.tokens[1:])
        start = n.find(needle)
        while start >= 0:
            yield start, start + len(needle)
            start = n.find(needle, start + 1)
    elif clause.kind == NUMBER_CLAUSE:
        token = clause.tokens[0]
        for number, start, end in iter_numbers(n):
            terms = number.terms
            if any(t.startswith(token) for t in terms) if clause.prefix else token in terms:
                yield start, end
    else:
        runs = list(text_runs(n))
        size = len(clause.tokens)
        for i in range(len(runs) - size + 1):
            window = runs[i : i + size]
            if any(r[3] for r in window):
                continue
            *head, last = clause.tokens
            if [r[2] for r in window[:-1]] != head:
                continue
            run = window[-1]
            if run[2] == last:
                yield window[0][0], run[1]
            elif clause.prefix and run[2].startswith(last):
                added_y = run[2][1:] == n[run[0] : run[1]]  # the year rule put a "y" in front
                yield window[0][0], run[0] + len(last) - added_y


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
