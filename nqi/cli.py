"""`nqi`: the platform's command line, a thin front door to the Django management commands.

nqi demo            build (or refresh) the demo city
nqi serve           serve with gunicorn on $HOST:$PORT (default 127.0.0.1:8000)
nqi load_reference  load regions, industries and featured industries
nqi <command> …     any other management command (migrate, reindex, audit, worker …)
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(argv) > 1 and argv[1] == "serve":
        serve(argv[2:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nqi", *argv[1:]])


def serve(extra: list[str]) -> None:
    """Run gunicorn (never runserver) with workers sized for the machine.

    `--with-worker` also runs the background-job worker beside it (what `make demo` uses), stopped
    together with the web server.
    """
    import subprocess

    with_worker = "--with-worker" in extra
    extra = [a for a in extra if a != "--with-worker"]
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    workers = os.environ.get("NQI_WEB_WORKERS", str(min(4, (os.cpu_count() or 1) * 2)))
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--threads",
        "2",
        "--timeout",
        "120",
        "--access-logfile",
        "-",
        *extra,
    ]
    if not with_worker:
        os.execv(sys.executable, args)
    worker = subprocess.Popen([sys.executable, "-m", "nqi.cli", "worker"])
    try:
        raise SystemExit(subprocess.call(args))
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    main()
