"""Whether two test methods give comparable results.

Two results are comparable only when measured by the same method: the same method standard (any
edition, with a note when editions differ) and, for standards that contain several methods (GB/T 17657
has desiccator, perforator and chamber methods), the same variant. Methods of different standards are
comparable only when an equivalence is declared with its basis — an identical adoption (IDT, e.g.
GB 4706.1—2005 = IEC 60335-1:2004) is such a basis; a "similar principle" is not. Without a
declaration the verdict is "not comparable", never a number (EN 717-1 chamber vs JIS A 1460 desiccator
vs GB/T 17657 are three different methods).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nqi.benchmarking.engine.indicators import TestMethod
from nqi.search.standard_numbers import compact, fold, parse


@dataclass(frozen=True)
class MethodIdentity:
    series: str  # the method standard without its year ("gbt17657", "en7171", "jisa1460")
    year: int | None
    variant: str  # folded variant ("4.60", "1m³气候箱法"), "" when the standard holds one method


def _variant_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\s()（）]", "", folded)


def identity(method: TestMethod) -> MethodIdentity:
    """The comparable identity of a method; a text that is no standard number is kept as written."""
    parsed = parse(method.standard)
    if parsed is not None:
        return MethodIdentity(parsed.key, parsed.year, _variant_key(method.variant))
    return MethodIdentity(compact(fold(method.standard)), None, _variant_key(method.variant))


@dataclass(frozen=True)
class Equivalence:
    """Results of method `a` may be compared with results of method `b` (either way)."""

    a: str  # series key, optionally "series#variant"
    b: str
    basis: str
    source: str = ""


@dataclass(frozen=True)
class MethodMatch:
    comparable: bool
    kind: str  # "same" | "edition" | "equivalent" | "different" | "unknown"
    note: str = ""


def _keys(ident: MethodIdentity) -> set[str]:
    return {ident.series, f"{ident.series}#{ident.variant}"} if ident.variant else {ident.series}


def match(own: TestMethod, benchmark: TestMethod, equivalences: tuple[Equivalence, ...] = ()) -> MethodMatch:
    """Compare the method behind an enterprise's value with the benchmark's method.

    No benchmark method: the benchmark does not fix one, so any stated method is accepted. A benchmark
    method but none stated for the value: "unknown", not comparable (the value may come from another
    method). Variants must agree when both are given.
    """
    if not benchmark:
        return MethodMatch(True, "same")
    if not own:
        return MethodMatch(False, "unknown")
    mine, theirs = identity(own), identity(benchmark)
    if mine.series == theirs.series:
        if mine.variant and theirs.variant and mine.variant != theirs.variant:
            return MethodMatch(False, "different")
        if mine.year and theirs.year and mine.year != theirs.year:
            return MethodMatch(True, "edition", f"{mine.year}/{theirs.year}")
        return MethodMatch(True, "same")
    km, kt = _keys(mine), _keys(theirs)
    for rule in equivalences:
        if (rule.a in km and rule.b in kt) or (rule.b in km and rule.a in kt):
            return MethodMatch(True, "equivalent", rule.basis)
    return MethodMatch(False, "different")
