"""Shared measuring of the search benches: percentiles, a CPU reference, interleaved timing of several
methods over one query set, and the PostgreSQL rerun in a child process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def pct(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p in 0–100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def cpu_reference_ms() -> float:
    """A fixed pure-Python loop (SEARCH-NOTES §7): ~70 ms on an idle machine of this kind."""
    started, total = time.perf_counter(), 0
    for i in range(2_000_000):
        total += i
    return (time.perf_counter() - started) * 1000


def summarise(times: dict[str, list[float]]) -> dict:
    """p50/p95/p99/max over every timing, and p50/p95 per query kind."""
    every = [t for ts in times.values() for t in ts]
    return {
        "p50": statistics.median(every),
        "p95": pct(every, 95),
        "p99": pct(every, 99),
        "max": max(every),
        "kinds": {k: (statistics.median(v), pct(v, 95)) for k, v in times.items()},
    }


def time_interleaved(
    queries: list[tuple[str, object]],
    methods: dict[str, Callable[[object], float]],
    *,
    rounds: int,
    repeated: tuple[str, ...],
    slow: tuple[str, ...] = (),
) -> dict[str, dict]:
    """Every method on every query, query by query, so that load from other processes hits all alike.

    A warm-up pass runs the fast methods on every query and the `slow` ones on the first five; then
    `rounds` passes time the `repeated` methods, the others are timed in the first pass only. Returns
    {method: summarise(...)}.
    """
    for _, q in queries:
        for name, method in methods.items():
            if name not in slow:
                method(q)
    for _, q in queries[:5]:
        for name in slow:
            methods[name](q)
    times: dict[str, dict[str, list[float]]] = {name: {} for name in methods}
    for round_ in range(rounds):
        for kind, q in queries:
            for name, method in methods.items():
                if round_ == 0 or name in repeated:
                    times[name].setdefault(kind, []).append(method(q))
    return {name: summarise(t) for name, t in times.items()}


def ensure_database(url: str) -> None:
    """Create the throw-away database `url` names when the server does not have it yet."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created the PostgreSQL database {name}")


def run_child_on_postgres(script: str, url: str, argv: list[str]) -> dict:
    """Run `script` again with NQI_DATABASE_URL=url and `--json FILE`; returns what it wrote (the child
    creates the database if need be: `_setup.setup_django`)."""
    out = Path(tempfile.mkdtemp()) / "pg.json"
    env = {**os.environ, "NQI_DATABASE_URL": url}
    subprocess.run([sys.executable, script, *argv, "--json", str(out)], env=env, check=True)
    return json.loads(out.read_text())


def print_kinds(report: dict, columns: list[tuple[str, str]], ratios: list[tuple[str, str]]) -> None:
    """A table of p50 / p95 per query kind: `columns` (method, header), then `ratios` (slow, fast) as
    slow.p50 / fast.p50."""
    headers = [h for _, h in columns] + [f"{a}/{b}" for a, b in ratios]
    first = report[columns[0][0]]["kinds"]
    print(f"{'kind':<10}" + "".join(f"{h:>17}" for h in headers))
    for kind in [*first, "ALL"]:
        cells = []
        for name, _ in columns:
            summary = report[name]
            p50, p95 = summary["kinds"][kind] if kind != "ALL" else (summary["p50"], summary["p95"])
            cells.append(f"{p50:>7.2f} / {p95:<7.1f}")
        for slow, fast in ratios:
            a = report[slow]["kinds"][kind][0] if kind != "ALL" else report[slow]["p50"]
            b = report[fast]["kinds"][kind][0] if kind != "ALL" else report[fast]["p50"]
            cells.append(f"{a / b:>15.1f}x ")
        print(f"{kind:<10}" + "".join(f"{c:>17}" for c in cells))


def run_both(parser, run: Callable, script: str, child_argv: Callable) -> tuple[dict, dict | None] | None:
    """The benches' shared command line: --rounds, --seed, --postgres URL (and the hidden --json of the
    child run). Runs `run(args)` here, then again on PostgreSQL in a child process given
    `child_argv(args)` plus the shared options. Returns (sqlite, postgres or None); None in the child."""
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--postgres", metavar="URL", help="also run on this throw-away PostgreSQL database")
    parser.add_argument("--json", metavar="FILE", help="(the child run writes its report here)")
    args = parser.parse_args()
    if args.json:
        Path(args.json).write_text(json.dumps(run(args)))
        return None
    sqlite = run(args)
    if not args.postgres:
        return sqlite, None
    argv = [*child_argv(args), "--rounds", str(args.rounds), "--seed", str(args.seed)]
    return sqlite, run_child_on_postgres(script, args.postgres, argv)
