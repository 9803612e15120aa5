"""The 双随机 draw, pure: reproducibility, fairness of the random share, weights, coverage, refusals."""

import math
import random
from collections import Counter

import pytest

from nqi.spotchecks import draw
from nqi.spotchecks.draw import Candidate, DrawInputs, InfeasiblePlan, Inspector, Lab, Quota

PARAMS = {"min_random_share": 0.2, "strict_always_included": True, "inspectors_per_task": 2}
COUNTIES = ["330402", "330411", "330421", "330424", "330481", "330482", "330483"]


def city(
    n=300,
    categories=("JXPC-01", "JXPC-27"),
    seed=1,
    strict=0,
    weight=lambda i: 1.0,
    industries=("JX-IND-18", ""),
):
    rng = random.Random(seed)
    cands = []
    for i in range(n):
        for code in categories:
            cands.append(
                Candidate(
                    i,
                    f"U{i:06d}",
                    code,
                    COUNTIES[i % 7],
                    industries[i % len(industries)],
                    weight(i),
                    strict=i < strict,
                )
            )
    rng.shuffle(cands)
    return cands


def inputs(cands, quotas, params=PARAMS, excluded=(), inspectors=None, labs=None):
    inspectors = inspectors or tuple(Inspector(100 + k, ("*",)) for k in range(6))
    labs = labs or (Lab(1, tuple(sorted({c.category for c in cands}))),)
    return DrawInputs(
        "plan:t", tuple(quotas), tuple(cands), tuple(excluded), tuple(inspectors), tuple(labs), params
    )


def test_same_seed_same_inputs_same_plan_regardless_of_row_order():
    cands = city()
    quotas = [Quota("JXPC-01", "production", 20), Quota("JXPC-27", "circulation", 15)]
    first = draw.run_draw(inputs(cands, quotas), "seed-a")
    shuffled = list(cands)
    random.Random(9).shuffle(shuffled)
    second = draw.run_draw(inputs(shuffled, list(reversed(quotas))), "seed-a")
    assert draw.result_digest(first) == draw.result_digest(second)
    assert draw.canonical_json(inputs(cands, quotas)) == draw.canonical_json(inputs(shuffled, quotas))
    other = draw.run_draw(inputs(cands, quotas), "seed-b")
    assert draw.result_digest(other) != draw.result_digest(first)


def test_canonical_json_round_trips():
    data = inputs(city(50), [Quota("JXPC-01", "production", 5)], excluded=["U000001|JXPC-01"])
    text = draw.canonical_json(data)
    assert draw.canonical_json(draw.from_canonical(text)) == text
    assert draw.result_digest(draw.run_draw(draw.from_canonical(text), "s")) == draw.result_digest(
        draw.run_draw(data, "s")
    )


def test_quotas_strict_coverage_and_no_repeat():
    cands = city(200, strict=3)
    quotas = [
        Quota("JXPC-01", "production", 10),
        Quota("JXPC-01", "ecommerce", 10),
        Quota("JXPC-27", "production", 8),
    ]
    excluded = [f"U{i:06d}|JXPC-01" for i in range(10, 60)]
    picks = draw.run_draw(inputs(cands, quotas, excluded=excluded), "s1")
    count = Counter((p.candidate.category, p.stage) for p in picks)
    assert count == {
        ("JXPC-01", "production"): 10,
        ("JXPC-01", "ecommerce"): 10,
        ("JXPC-27", "production"): 8,
    }
    keys = [p.candidate.key for p in picks]
    assert len(keys) == len(set(keys)), "no product of an enterprise is sampled twice in the period"
    assert not set(keys) & set(excluded)
    strict = {p.candidate.key for p in picks if p.reason == "strict"}
    assert strict == {f"U{i:06d}|{c}" for i in range(3) for c in ("JXPC-01", "JXPC-27")}
    assert {p.candidate.county for p in picks} == set(COUNTIES)
    assert "JX-IND-18" in {p.candidate.industry for p in picks}
    assert sum(1 for p in picks if p.reason == "random") >= math.ceil(0.2 * 10) * 2 - 2
    for p in picks:
        assert len(p.inspectors) == 2 and p.lab == 1


@pytest.mark.parametrize(
    ("quotas", "cands", "labs", "message"),
    [
        ([Quota("JXPC-01", "production", 400)], city(300), None, "超过可抽对象"),
        ([Quota("JXPC-01", "production", 2)], city(30, strict=5), None, "加严监管企业"),
        ([Quota("JXPC-27", "production", 2)], city(30), (Lab(1, ("JXPC-01",)),), "资质认定能力范围"),
    ],
)
def test_infeasible_plans_are_refused_with_the_reason(quotas, cands, labs, message):
    with pytest.raises(InfeasiblePlan) as exc:
        draw.run_draw(inputs(cands, quotas, labs=labs), "s")
    assert message in str(exc.value.message)


def test_too_few_inspectors_without_conflict_is_refused():
    cands = city(20, categories=("JXPC-01",))
    everyone = tuple(range(20))
    inspectors = (Inspector(1, ("*",)), Inspector(2, ("*",), conflicts=everyone), Inspector(3, ("330402",)))
    with pytest.raises(InfeasiblePlan) as exc:
        draw.run_draw(inputs(cands, [Quota("JXPC-01", "production", 5)], inspectors=inspectors), "s")
    assert "检查人员" in str(exc.value.message)


def test_inspectors_respect_conflicts_rotation_and_share_the_load():
    cands = city(100, categories=("JXPC-01",))
    inspectors = tuple(
        Inspector(
            k,
            ("*",),
            conflicts=tuple(range(0, 100, 2)) if k == 1 else (),
            recent=tuple(range(1, 100, 2)) if k == 2 else (),
        )
        for k in range(1, 7)
    )
    picks = draw.run_draw(inputs(cands, [Quota("JXPC-01", "production", 40)], inspectors=inspectors), "s")
    for p in picks:
        assert not (1 in p.inspectors and p.candidate.enterprise % 2 == 0)
        assert not (2 in p.inspectors and p.candidate.enterprise % 2 == 1)
    load = Counter(i for p in picks for i in p.inspectors)
    assert max(load.values()) - min(load.values()) <= 3


def _chi_square_critical(df: int, z: float = 3.09) -> float:
    """Wilson–Hilferty upper quantile of χ²(df); z = 3.09 is the one-sided 0.1 % point."""
    return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3


def test_random_share_is_uniform_whatever_the_weights():
    """χ² over 3,000 draws: the purely random picks ignore risk weights (the control share)."""
    n = 40
    cands = city(n, categories=("JXPC-01",), weight=lambda i: 8.0 if i < 10 else 1.0, industries=("",))
    params = {**PARAMS, "min_random_share": 0.5}
    counts, total = Counter(), 0
    for s in range(3000):
        for p in draw.run_draw(
            inputs(cands, [Quota("JXPC-01", "production", 8)], params=params), f"seed-{s}"
        ):
            if p.reason == "random":
                counts[p.candidate.enterprise] += 1
                total += 1
    expected = total / n
    chi2 = sum((counts[i] - expected) ** 2 / expected for i in range(n))
    assert chi2 < _chi_square_critical(n - 1), chi2


def test_weights_shift_selection_as_the_policy_says():
    """With no random share, a candidate of weight 4 is chosen about 4× as often as one of weight 1."""
    cands = city(200, categories=("JXPC-01",), weight=lambda i: 4.0 if i % 2 else 1.0, industries=("",))
    params = {**PARAMS, "min_random_share": 0.0}
    heavy = light = 0
    for s in range(400):
        for p in draw.run_draw(inputs(cands, [Quota("JXPC-01", "production", 10)], params=params), f"w{s}"):
            if p.reason == "weighted":
                heavy += p.candidate.enterprise % 2
                light += 1 - p.candidate.enterprise % 2
    assert 3.2 < heavy / light < 4.8, heavy / light
