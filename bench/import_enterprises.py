"""Bench: import 100,000 enterprise rows through the real path and compare with row-by-row registration.

The real path is what the upload page and `nqi import` run: a CSV file in storage → a job → header
mapping → `enterprise_bulk_create` (the form's validation for every row, jurisdiction check, one
all-or-nothing transaction, one hash-chained audit event per enterprise, search indexing) → job result.
The baseline registers a sample one by one with `enterprise_create` (what a loop over the form's
service would do), measured in the same run on the same database. Target: ≥ 5,000 rows/s.

    .venv/bin/python bench/import_enterprises.py [--rows 100000] [--baseline 1000]

Uses a throw-away SQLite database unless NQI_DATABASE_URL points at a scratch PostgreSQL database.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import Timer, setup_django

TARGET = 5_000
DIVISIONS = ("330402", "330411", "330421", "330424", "330481", "330482", "330483")
HEADER = [
    "统一社会信用代码",
    "企业名称",
    "国民经济行业代码",
    "企业规模",
    "成立日期",
    "住所",
    "联系人",
    "联系电话",
]


def make_rows(count: int, offset: int, seed: int = 7) -> list[list[str]]:
    """`count` valid, distinct rows (USCCs minted with real check characters) starting at serial `offset`."""
    from nqi.core.uscc import with_check_chars

    rng = random.Random(seed + offset)
    industries = ("3442", "3444", "2110", "3360", "1811", "3922")
    scales = ("大型", "中型", "小型", "微型")
    rows = []
    for n in range(offset, offset + count):
        division = DIVISIONS[n % len(DIVISIONS)]
        rows.append(
            [
                with_check_chars(f"91{division}MB{n:06d}"),
                f"嘉兴市第{n}号测试制造有限公司",
                rng.choice(industries),
                rng.choice(scales),
                f"{rng.randint(1995, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"嘉兴市某某路{rng.randint(1, 999)}号",
                "张三",
                f"138{rng.randint(0, 99_999_999):08d}",
            ]
        )
    return rows


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def officer():
    """A city-level bureau officer: every row is checked against a real jurisdiction."""
    from nqi.accounts import services
    from nqi.accounts.choices import OrganizationKind, Role
    from nqi.regions.models import Region

    system = services.system_actor()
    org = services.organization_create(
        actor=system,
        kind=OrganizationKind.BUREAU,
        name="嘉兴市市场监督管理局（基准）",
        jurisdiction=Region.objects.get(pk="330400"),
    )
    user = services.user_create(
        actor=system, username=f"bench-{time.time_ns()}", password=None, display_name="基准"
    )
    services.membership_grant(actor=system, user=user, organization=org, role=Role.OFFICER)
    return user


def baseline(actor, rows: list[list[str]]) -> float:
    """Rows per second of the naive path: one `enterprise_create` (own transaction, audit, index) per row."""
    from nqi.enterprises.services import ReferenceMaps, enterprise_create

    refs = ReferenceMaps.load()
    fields = ["uscc", "name", "industry", "scale", "founded_on", "address", "contact_name", "contact_phone"]
    with Timer() as timer:
        for row in rows:
            enterprise_create(actor=actor, data=dict(zip(fields, row, strict=True)), refs=refs)
    return len(rows) / timer.seconds


def real_import(actor, content: bytes) -> tuple[float, float, dict, list]:
    """Wall and CPU seconds for the whole job (read, map, validate, write, audit, index), stage marks."""
    from nqi.jobs.imports import import_start
    from nqi.jobs.models import Job
    from nqi.jobs.runner import job_execute

    marks = []
    started = 0.0

    def listen(done, total, message):
        stage = message.split("：")[0].rstrip("…")
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter() - started))

    job = import_start(
        actor=actor,
        importer="enterprises",
        filename="bench.csv",
        content=content,
        dry_run=False,
        enqueue=False,
    )
    cpu = time.process_time()
    with Timer() as timer:
        started = timer.started
        job_execute(job_id=job.pk, listeners=[listen])
    cpu = time.process_time() - cpu
    job = Job.objects.get(pk=job.pk)
    if job.status != "succeeded":
        raise SystemExit(f"import failed: {job.error}")
    return timer.seconds, cpu, job.result, marks


def fault_check(actor, count: int) -> None:
    """The issue's fault case at full size: three bad rows among `count` are named and nothing is written."""
    from nqi.audit.models import AuditEvent
    from nqi.enterprises.models import Enterprise
    from nqi.jobs.imports import import_start
    from nqi.jobs.runner import job_execute

    rows = make_rows(count, offset=2 * count + 1_000)  # serials unused by the runs before
    bad = (7, count // 2, count - 1)
    rows[bad[0]][0] = "91330402MB0000000X"  # wrong check characters
    rows[bad[1]][1] = ""  # name missing
    rows[bad[2]][4] = "2019-02-30"  # no such day
    before = (
        Enterprise.objects.count(),
        AuditEvent.objects.filter(event_type__startswith="enterprises.").count(),
    )
    job = import_start(
        actor=actor,
        importer="enterprises",
        filename="bad.csv",
        content=csv_bytes(rows),
        dry_run=False,
        enqueue=False,
    )
    with Timer() as timer:
        job_execute(job_id=job.pk)
    job.refresh_from_db()
    after = (
        Enterprise.objects.count(),
        AuditEvent.objects.filter(event_type__startswith="enterprises.").count(),
    )
    expected = [n + 2 for n in bad]  # spreadsheet rows: the header is row 1
    named = job.result["bad_rows"] == expected
    print(f"fault: {count:,} rows with 3 bad ones → {job.status} in {timer.seconds:.2f}s: {job.error}")
    print(
        f"  rows named {job.result['bad_rows']} (expected {expected}): {'yes' if named else 'NO'}; "
        f"nothing written: {'yes' if after == before else 'NO'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--baseline", type=int, default=1_000, help="rows registered one by one for the baseline"
    )
    parser.add_argument("--no-fault", action="store_true", help="skip the three-bad-rows run")
    args = parser.parse_args()
    setup_django("import")
    from django.db import connection

    actor = officer()
    content = csv_bytes(make_rows(args.rows, offset=0))
    print(f"{args.rows:,} rows, {len(content) / 1e6:.1f} MB CSV, database: {connection.vendor}")

    seconds, cpu, result, marks = real_import(actor, content)
    rate = args.rows / seconds
    print(f"import (real path): {result['written']:,} rows in {seconds:.2f}s = {rate:,.0f} rows/s")
    print(
        f"  this process's CPU: {cpu:.2f}s = {args.rows / cpu:,.0f} rows/s (wall time includes waiting for a busy CPU)"
    )
    for (stage, at), following in zip(marks, [*marks[1:], ("end", seconds)], strict=True):
        print(f"  {stage or 'start'}: {following[1] - at:.2f}s")

    naive = baseline(actor, make_rows(args.baseline, offset=args.rows))
    print(f"baseline (enterprise_create per row, {args.baseline:,} rows): {naive:,.0f} rows/s")
    print(f"ratio import / baseline: {rate / naive:.1f}x")
    verdict = "meets" if rate >= TARGET else "BELOW"
    print(f"target ≥ {TARGET:,} rows/s: {verdict} ({rate:,.0f} rows/s)")
    if not args.no_fault:
        fault_check(actor, args.rows)


if __name__ == "__main__":
    main()
