"""Bench: draw 2,000 batches from 200,000 candidates (target ≤ 1 s) and verify reproducibility.

Builds the inputs of a city-wide plan in memory (the candidate register enterprise × catalogue product
across Jiaxing's counties and featured industries, weighted by class × risk, 1 % under 加严; 60
inspectors with conflicts and rotation; 20 labs), times `draw.run_draw`, and in the same run times a
naive draw (for each batch, filter the whole register and roulette-select by weight), measured on a
sample of batches and extrapolated. Then re-runs the same seed from the published canonical JSON and
checks the result digest is identical, and that another seed gives another plan.

    .venv/bin/python bench/spotcheck_draw.py [--candidates 200000] [--batches 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
COUNTIES = ["330402", "330411", "330421", "330424", "330481", "330482", "330483", "330400M01", "330400M02"]


def build_inputs(n_candidates: int, n_batches: int, rng: random.Random):
    from nqi.spotchecks import draw

    categories = [f"JXPC-{i:02d}" for i in range(1, 55)]
    industries = [f"JX-IND-{i:02d}" for i in range(1, 28)] + [""] * 20
    class_w = {"AA": 0.5, "A": 1.0, "B": 2.0, "C": 4.0}
    risk_w = {c: rng.choice((1.0, 1.5, 3.0)) for c in categories}
    candidates = []
    for i in range(n_candidates):
        grade = rng.choices(list(class_w), [6, 73, 18, 3])[0]
        code = rng.choice(categories)
        candidates.append(
            draw.Candidate(
                i, f"91330400MA{i:08d}", code, rng.choice(COUNTIES), rng.choice(industries),
                round(class_w[grade] * risk_w[code], 6), strict=rng.random() < 0.002,
            )
        )  # fmt: skip
    per = n_batches // (len(categories) * 3)
    quotas, left = [], n_batches
    for code in categories:
        for stage in draw.STAGES:
            q = min(per, left)
            quotas.append(draw.Quota(code, stage, q))
            left -= q
    quotas[0] = draw.Quota(quotas[0].category, quotas[0].stage, quotas[0].quota + left)
    inspectors = tuple(
        draw.Inspector(
            k, (("*",) if k < 12 else (COUNTIES[k % 9],)),
            tuple(rng.sample(range(n_candidates), 30)), tuple(rng.sample(range(n_candidates), 200)),
        )
        for k in range(60)
    )  # fmt: skip
    labs = tuple(draw.Lab(k, tuple(sorted(rng.sample(categories, 20)))) for k in range(20))
    labs += (draw.Lab(99, tuple(categories)),)
    params = {"min_random_share": 0.2, "strict_always_included": True, "inspectors_per_task": 2}
    return draw.DrawInputs("plan:bench", tuple(quotas), tuple(candidates), (), inspectors, labs, params)


def naive_draw(inputs, seed: str, batches: int) -> float:
    """Per batch: scan the whole register for eligible candidates and roulette-select by weight."""
    rng = random.Random(seed)
    taken: set[str] = set()
    quota_list = [q for q in inputs.quotas for _ in range(q.quota)][:batches]
    started = time.perf_counter()
    for q in quota_list:
        pool = [c for c in inputs.candidates if c.category == q.category and c.key not in taken]
        pick = rng.choices(pool, weights=[c.weight for c in pool])[0]
        taken.add(pick.key)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=200_000)
    parser.add_argument("--batches", type=int, default=2_000)
    parser.add_argument("--naive-sample", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from nqi.spotchecks import draw

    rng = random.Random(20261125)
    inputs = build_inputs(args.candidates, args.batches, rng)
    seed = "3f9a1c2e7b5d4e6f8a0b1c2d3e4f5a6b"
    started, cpu_started = time.perf_counter(), time.process_time()
    picks = draw.run_draw(inputs, seed)
    fast, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    started = time.perf_counter()
    text = draw.canonical_json(inputs)
    input_digest = draw.digest(text)
    digest_seconds = time.perf_counter() - started
    first = draw.result_digest(picks)
    again = draw.result_digest(draw.run_draw(draw.from_canonical(text), seed))
    other = draw.result_digest(draw.run_draw(inputs, seed + "x"))
    naive = naive_draw(inputs, seed, args.naive_sample) / args.naive_sample * len(picks)
    summary = draw.summary(picks)
    print(
        f"candidates {len(inputs.candidates):,}, batches drawn {len(picks):,}, by reason {summary['by_reason']}"
    )
    print(
        f"counties covered {len(summary['counties'])}/9, featured industries covered {len(summary['industries'])}/27"
    )
    print(
        f"draw (targets + labs + inspectors): {fast:.3f} s (target ≤ 1 s); CPU {cpu:.3f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"canonical inputs {len(text) / 1e6:.1f} MB, SHA-256 {input_digest[:16]}… in {digest_seconds:.2f} s"
    )
    print(f"naive per-batch scan + roulette: {naive:.1f} s estimated for {len(picks):,} batches")
    print(f"ratio naive / draw: {naive / fast:.0f}×")
    print(f"reproducible from published seed + inputs: {'yes' if again == first else 'NO'} ({first[:16]}…)")
    print(f"another seed gives another plan: {'yes' if other != first else 'NO'}")
    ok = fast <= 1.0 and again == first and other != first
    print("PASS" if ok else "FAIL")


if __name__ == "__main__":
    main()
