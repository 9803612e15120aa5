"""Single-indicator forerunner rankings (企业标准"领跑者" 单指标排行榜), as pure computation.

Per the assessment steps of the forerunner scheme (DOMAIN.md §1.6, SRC bzhpt.com): for each core
indicator the values of the declared enterprise standards are banded into tiers; the lowest tier may
not fall below the national/industry requirement; enterprises in the same tier are not ranked against
each other (equal values always share a tier); when every enterprise has the same value no ranking is
published for that indicator.

Banding [INF, configurable]: `tiers` bands of equal width between the best value and the requirement
(or the worst value when no requirement exists). Values that do not meet the requirement are not
ranked and are listed as ineligible with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nqi.benchmarking.engine.indicators import Direction


@dataclass(frozen=True)
class Entry:
    ref: object
    value: Decimal


@dataclass(frozen=True)
class Tier:
    """Tier `number` (1 = best) holds values better than `bound`, or up to it when `inclusive`
    (the last tier, whose bound is the requirement)."""

    number: int
    bound: Decimal
    inclusive: bool
    members: tuple[Entry, ...]


@dataclass(frozen=True)
class Ranking:
    published: bool
    reason: str  # "" | "all_equal" | "too_few" | "no_eligible"
    tiers: tuple[Tier, ...] = ()
    ineligible: tuple[Entry, ...] = ()

    def tier_of(self, ref) -> int | None:
        for tier in self.tiers:
            if any(e.ref == ref for e in tier.members):
                return tier.number
        return None


def _meets(value: Decimal, direction: Direction, requirement: Decimal | None) -> bool:
    if requirement is None:
        return True
    return value <= requirement if direction is Direction.MAX else value >= requirement


def rank(
    entries: list[Entry],
    direction: Direction,
    *,
    requirement: Decimal | None = None,
    tiers: int = 3,
    minimum_entries: int = 2,
) -> Ranking:
    """Band `entries` of an at-most (MAX) or at-least (MIN) indicator into at most `tiers` tiers."""
    if direction not in (Direction.MAX, Direction.MIN):
        raise ValueError("only at-most and at-least indicators are ranked by value")
    eligible = [e for e in entries if _meets(e.value, direction, requirement)]
    ineligible = tuple(e for e in entries if e not in eligible)
    if not eligible:
        return Ranking(False, "no_eligible", ineligible=ineligible)
    if len(eligible) < minimum_entries:
        return Ranking(False, "too_few", ineligible=ineligible)
    values = {e.value for e in eligible}
    if len(values) == 1:
        return Ranking(False, "all_equal", ineligible=ineligible)
    sign = 1 if direction is Direction.MAX else -1
    best = min(values, key=lambda v: v * sign)
    floor = requirement if requirement is not None else max(values, key=lambda v: v * sign)
    span = (floor - best) * sign  # > 0: the values differ and none is beyond the floor
    members: dict[int, list[Entry]] = {}
    for entry in eligible:
        # exact integer division: a value on a band boundary always opens the next (worse) tier
        number = min(tiers, int(((entry.value - best) * sign * tiers) // span) + 1)
        members.setdefault(number, []).append(entry)
    bands = []
    for number in sorted(members):
        last = number == tiers
        bound = floor if last else best + (floor - best) * number / tiers
        bands.append(Tier(number, _tidy(bound), last, tuple(members[number])))
    return Ranking(True, "", tuple(bands), ineligible)


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001")).normalize() if value.as_tuple().exponent < -4 else value
