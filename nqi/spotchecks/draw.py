"""The 双随机 draw as a published, reproducible algorithm (pure: no database).

Given the plan's quotas, the candidate register (enterprise × catalogue product, with its weight and
whether it is under 加严 supervision), the inspector register, the labs' CMA scopes, the sampling
policy and a seed, `run_draw` returns the same tasks on any machine. Every random choice comes from
a generator seeded with the seed and walked over the inputs in canonical order (sorted by key), so the
result does not depend on the order in which rows were read, only on the inputs, whose canonical JSON
digest is published with the seed.

Order of selection for each catalogue product (rules in DOMAIN.md §4 and DB3304/T 055 clause 5.2.1):
1. enterprises under 加严 supervision are always included;
2. every county and featured industry of the register gets at least one batch (coverage);
3. a minimum share of each quota is drawn purely at random (equal chance; the control share);
4. the rest is drawn at random weighted by risk (enterprise class × product risk), Efraimidis–Spirakis.
A product of an enterprise already sampled in the period is excluded (no repeat sampling). Then each
task gets a lab whose CMA scope covers all the product's test items and ≥ 2 inspectors drawn at random
among those without a declared conflict and who have not inspected that enterprise in the rotation
period, least-loaded first. An infeasible plan is refused with the reason and nothing is drawn.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from operator import attrgetter

from django.utils.translation import gettext as _

from nqi.core.errors import DomainError

ALGORITHM_VERSION = "jx-draw-1"
STAGES = ("production", "circulation", "ecommerce")


class InfeasiblePlan(DomainError):
    """The plan cannot be drawn as specified; `reason` says why (quota, lab scope, inspectors)."""

    code = "infeasible_plan"


@dataclass(frozen=True)
class Quota:
    category: str  # catalogue code
    stage: str
    quota: int


@dataclass(frozen=True)
class Candidate:
    enterprise: int
    uscc: str
    category: str
    county: str
    industry: str  # featured industry key, "" when none
    weight: float
    strict: bool = False
    key: str = field(default="", compare=False, repr=False)  # "uscc|category", the canonical identity

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.uscc}|{self.category}")


@dataclass(frozen=True)
class Inspector:
    id: int
    areas: tuple  # county codes covered, or ("*",) for the whole city
    conflicts: tuple = ()  # enterprise ids (declared conflicts of interest)
    recent: tuple = ()  # enterprise ids inspected within the rotation period


@dataclass(frozen=True)
class Lab:
    id: int
    categories: tuple  # catalogue codes whose every test item is within the CMA scope


@dataclass(frozen=True)
class DrawInputs:
    plan: str
    quotas: tuple
    candidates: tuple
    excluded: tuple  # candidate keys already sampled in the period
    inspectors: tuple
    labs: tuple
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Pick:
    candidate: Candidate
    stage: str
    reason: str
    rank: int = 0
    lab: int = 0
    inspectors: tuple = ()


# -- canonical form ------------------------------------------------------------------------------


def canonical_json(inputs: DrawInputs) -> str:
    """The inputs as canonical JSON: every list sorted, keys sorted, no spaces; the digest is its SHA-256."""
    doc = {
        "algorithm": ALGORITHM_VERSION,
        "plan": inputs.plan,
        "quotas": sorted([q.category, q.stage, q.quota] for q in inputs.quotas),
        "candidates": sorted(
            [c.uscc, c.category, c.enterprise, c.county, c.industry, round(c.weight, 6), c.strict]
            for c in inputs.candidates
        ),
        "excluded": sorted(inputs.excluded),
        "inspectors": sorted(
            [i.id, sorted(i.areas), sorted(i.conflicts), sorted(i.recent)] for i in inputs.inspectors
        ),
        "labs": sorted([lab.id, sorted(lab.categories)] for lab in inputs.labs),
        "params": inputs.params,
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_canonical(text: str) -> DrawInputs:
    """Rebuild inputs from published canonical JSON (to re-run a draw)."""
    doc = json.loads(text)
    return DrawInputs(
        plan=doc["plan"],
        quotas=tuple(Quota(*q) for q in doc["quotas"]),
        candidates=tuple(
            Candidate(enterprise=e, uscc=u, category=c, county=co, industry=i, weight=w, strict=s)
            for u, c, e, co, i, w, s in doc["candidates"]
        ),
        excluded=tuple(doc["excluded"]),
        inspectors=tuple(Inspector(i, tuple(a), tuple(c), tuple(r)) for i, a, c, r in doc["inspectors"]),
        labs=tuple(Lab(i, tuple(c)) for i, c in doc["labs"]),
        params=doc["params"],
    )


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def result_digest(picks: list[Pick]) -> str:
    rows = [[p.rank, p.candidate.key, p.stage, p.reason, p.lab, list(p.inspectors)] for p in picks]
    return digest(json.dumps(rows, ensure_ascii=False, separators=(",", ":")))


_MASK64 = (1 << 64) - 1
_INV64 = 2.0**-64


def _uniforms(seed: str, key: str) -> tuple[float, float]:
    """Two independent uniforms in (0, 1) for a key: one for the pure draw, one for the weighted draw.

    BLAKE2b-128 of "seed|key"; the high and low 64 bits, plus one half, scaled by 2⁻⁶⁴.
    """
    x = int.from_bytes(hashlib.blake2b(f"{seed}|{key}".encode(), digest_size=16).digest(), "big")
    return ((x >> 64) + 0.5) * _INV64, ((x & _MASK64) + 0.5) * _INV64


# -- the draw ------------------------------------------------------------------------------------


def _pools(inputs: DrawInputs) -> dict[str, list[Candidate]]:
    excluded = set(inputs.excluded)
    pools: dict[str, list[Candidate]] = defaultdict(list)
    for c in inputs.candidates:
        if c.key not in excluded:
            pools[c.category].append(c)
    return pools


def check_feasible(inputs: DrawInputs, pools: dict[str, list[Candidate]]) -> None:
    """Refuse a plan whose quotas exceed its candidates, whose 加严 firms exceed its quota, or that no lab can test."""
    need = Counter()
    for q in inputs.quotas:
        need[q.category] += q.quota
    covered = {code for lab in inputs.labs for code in lab.categories}
    for category in sorted(need):
        pool = pools.get(category, [])
        if need[category] > len(pool):
            raise InfeasiblePlan(
                _("产品 %(c)s 的计划批次数 %(n)s 超过可抽对象 %(m)s 个。")
                % {"c": category, "n": need[category], "m": len(pool)},
                field=category,
            )
        strict = sum(1 for c in pool if c.strict)
        if inputs.params.get("strict_always_included", True) and strict > need[category]:
            raise InfeasiblePlan(
                _("产品 %(c)s 有 %(m)s 家加严监管企业必须抽查，超过计划批次数 %(n)s。")
                % {"c": category, "m": strict, "n": need[category]},
                field=category,
            )
        if category not in covered:
            raise InfeasiblePlan(
                _("没有检验检测机构的资质认定能力范围覆盖产品 %(c)s 的全部检验项目。") % {"c": category},
                field=category,
            )


def _orders(seed: str, pools: dict[str, list[Candidate]]):
    """Per product: candidates in pure-random order and in weighted-random order.

    For each product, take its n candidates in canonical order (by key) and 2n numbers from a Mersenne
    Twister seeded with "seed|product" (Python's `random.Random`, string seeding version 2): the first n
    (`a`) order the pure draw; the next n (`b`) give the Efraimidis–Spirakis keys −ln(1−b)/w, so taking
    the smallest keys is weighted sampling without replacement.
    """
    u_random: dict[str, float] = {}
    by_random, by_weight = {}, {}
    log = math.log
    for category in sorted(pools):
        pool = sorted(pools[category], key=attrgetter("key"))
        rnd = random.Random(f"{seed}|{category}").random
        n = len(pool)
        a = [rnd() for _ in range(n)]
        w = [-log(1.0 - rnd()) / max(c.weight, 1e-9) for c in pool]
        u_random.update(zip((c.key for c in pool), a, strict=True))
        by_random[category] = [pool[k] for k in sorted(range(n), key=a.__getitem__)]
        by_weight[category] = [pool[k] for k in sorted(range(n), key=w.__getitem__)]
    return u_random, by_random, by_weight


def _coverage_picks(attribute, picks, categories, by_random, u_random, taken) -> dict[str, Candidate]:
    """For each county (or featured industry) not yet in `picks`, its candidate with the lowest pure-random
    number among the products that still have room."""
    covered = {getattr(p.candidate, attribute) for p in picks}
    best: dict[str, Candidate] = {}
    for category in categories:
        for c in by_random[category]:
            value = getattr(c, attribute)
            fresh = value and value not in covered and c.key not in taken
            if fresh and (value not in best or u_random[c.key] < u_random[best[value].key]):
                best[value] = c
    return best


def _select(inputs: DrawInputs, seed: str, pools: dict[str, list[Candidate]]) -> list[Pick]:
    u_random, by_random, by_weight = _orders(seed, pools)
    quotas = {(q.category, q.stage): q.quota for q in inputs.quotas if q.quota > 0}
    slots = dict(quotas)
    order = sorted(slots, key=lambda s: (s[0], STAGES.index(s[1]) if s[1] in STAGES else 9, s[1]))
    taken: set[str] = set()
    picks: list[Pick] = []

    def open_slot(category: str):
        return next((s for s in order if s[0] == category and slots[s] > 0), None)

    def take(candidate: Candidate, slot, reason: str) -> None:
        slots[slot] -= 1
        taken.add(candidate.key)
        picks.append(Pick(candidate, slot[1], reason))

    if inputs.params.get("strict_always_included", True):
        for category in sorted(pools):
            for c in by_random[category]:
                if c.strict:
                    take(c, open_slot(category), "strict")
    for attribute in ("county", "industry"):
        open_categories = [c for c in sorted({s[0] for s in order}) if open_slot(c) is not None]
        best = _coverage_picks(attribute, picks, open_categories, by_random, u_random, taken)
        for value in sorted(best):
            slot = open_slot(best[value].category)
            if slot is not None:
                take(best[value], slot, "coverage")
    share = float(inputs.params.get("min_random_share", 0.0))
    for slot in order:
        want = min(slots[slot], math.ceil(share * quotas[slot]))
        for reason, ranking, n in (("random", by_random, want), ("weighted", by_weight, None)):
            n = slots[slot] if n is None else n
            for c in ranking[slot[0]]:
                if n <= 0:
                    break
                if c.key not in taken:
                    take(c, slot, reason)
                    n -= 1
    return picks


def _assign_labs(inputs: DrawInputs, seed: str, picks: list[Pick]) -> list[Pick]:
    by_category: dict[str, list[int]] = defaultdict(list)
    for lab in sorted(inputs.labs, key=lambda lab: lab.id):
        for code in lab.categories:
            by_category[code].append(lab.id)
    load: Counter = Counter()
    out = []
    for p in picks:
        labs = by_category[p.candidate.category]
        lab = min(
            labs, key=lambda lab_id: (load[lab_id], _uniforms(seed, f"lab|{lab_id}|{p.candidate.key}")[0])
        )
        load[lab] += 1
        out.append(Pick(p.candidate, p.stage, p.reason, p.rank, lab, p.inspectors))
    return out


def _assign_inspectors(inputs: DrawInputs, seed: str, picks: list[Pick]) -> list[Pick]:
    need = int(inputs.params.get("inspectors_per_task", 2))
    by_area: dict[str, list[Inspector]] = defaultdict(list)
    for inspector in sorted(inputs.inspectors, key=lambda i: i.id):
        for area in inspector.areas:
            by_area[area].append(inspector)
    blocked = {i.id: set(i.conflicts) | set(i.recent) for i in inputs.inspectors}
    load: Counter = Counter()
    out = []
    for p in picks:
        c = p.candidate
        eligible = [i for i in by_area[c.county] + by_area["*"] if c.enterprise not in blocked[i.id]]
        if len(eligible) < need:
            raise InfeasiblePlan(
                _("企业 %(e)s（%(c)s）可派的无回避检查人员只有 %(n)s 名，至少需要 %(k)s 名。")
                % {"e": c.uscc, "c": c.county, "n": len(eligible), "k": need},
                field="inspectors",
            )
        chosen = sorted(eligible, key=lambda i: (load[i.id], _uniforms(seed, f"insp|{i.id}|{c.key}")[0]))[
            :need
        ]
        for i in chosen:
            load[i.id] += 1
        out.append(Pick(c, p.stage, p.reason, p.rank, p.lab, tuple(sorted(i.id for i in chosen))))
    return out


def run_draw(inputs: DrawInputs, seed: str) -> list[Pick]:
    """Draw the plan; same inputs and seed give the same picks, ranked in canonical order."""
    if not seed:
        raise InfeasiblePlan(_("缺少随机种子。"), field="seed")
    pools = _pools(inputs)
    check_feasible(inputs, pools)
    picks = _select(inputs, seed, pools)
    stage_index = {s: n for n, s in enumerate(STAGES)}
    picks.sort(key=lambda p: (p.candidate.category, stage_index.get(p.stage, 9), p.candidate.uscc))
    ranked = [Pick(p.candidate, p.stage, p.reason, n) for n, p in enumerate(picks, start=1)]
    return _assign_inspectors(inputs, seed, _assign_labs(inputs, seed, ranked))


def summary(picks: list[Pick]) -> dict:
    return {
        "batches": len(picks),
        "by_reason": dict(Counter(p.reason for p in picks)),
        "counties": sorted({p.candidate.county for p in picks}),
        "industries": sorted({p.candidate.industry for p in picks if p.candidate.industry}),
    }


def pick_as_dict(p: Pick) -> dict:
    return {
        **asdict(p.candidate),
        "stage": p.stage,
        "reason": p.reason,
        "rank": p.rank,
        "lab": p.lab,
        "inspectors": list(p.inspectors),
    }
