"""Shared set-up of the bench scripts: a throw-away database (SQLite under a temp dir unless
NQI_DATABASE_URL is set), migrated, with the reference regions and industries loaded."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def setup_django(name: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if "NQI_VAR_DIR" not in os.environ:
        os.environ["NQI_VAR_DIR"] = tempfile.mkdtemp(prefix=f"nqi-bench-{name}-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    url = os.environ.get("NQI_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):  # run directly on a server, or as --postgres's child
        from _measure import ensure_database

        ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from nqi.regions.models import Region

    if not Region.objects.exists():
        call_command("load_reference", verbosity=0)
    print(
        f"database ready ({os.environ.get('NQI_DATABASE_URL', 'sqlite')}) in {time.perf_counter() - started:.1f}s"
    )
    _print_server_settings()


SERVER_SETTINGS = ("shared_buffers", "effective_cache_size", "work_mem", "random_page_cost", "jit")


def _print_server_settings() -> None:
    """PostgreSQL's memory and planner settings, which move its figures (docs/deployment.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        shown = []
        for name in SERVER_SETTINGS:
            cursor.execute(f"SHOW {name}")
            shown.append(f"{name}={cursor.fetchone()[0]}")
    print(
        "server: " + ", ".join(shown) + " (docs/deployment.md recommends 25 % of memory for shared_buffers)"
    )


class Timer:
    """Wall-clock seconds, and this process's CPU seconds (which other load on the machine does not inflate)."""

    def __enter__(self):
        self.started, self.cpu_started = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.cpu = time.process_time() - self.cpu_started
