"""Browser tests: a real server (gunicorn, as `make demo` runs it) on a fresh small demo city, driven by
Playwright on Debian's Chromium. Never a downloaded browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("NQI_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "Demo@2026!"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
# The demo server's and job worker's output (Django logs a refused request's reason there, e.g. a CSRF failure).
SERVER_LOGS = ROOT / "test-results" / "server"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report ends with the demo server's last log lines: a refused request (a CSRF
    failure, a permission denied, a traceback) is explained there and nowhere else."""
    report = yield
    log = SERVER_LOGS / "web.log"
    if report.failed and log.exists():
        tail = log.read_text(errors="replace").splitlines()[-40:]
        report.sections.append(("demo server log (last lines)", "\n".join(tail)))
    return report


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_server():
    """Migrate, build a small demo city and serve it with gunicorn; yields the base URL."""
    var = Path(tempfile.mkdtemp(prefix="nqi-browser-"))
    env = {
        **os.environ,
        "NQI_VAR_DIR": str(var),
        "NQI_TESTING": "",
        "NQI_DATABASE_URL": f"sqlite:///{var / 'nqi.sqlite3'}",
        "NQI_REQUIRE_2FA_FOR_ADMINS": "1",
        "NQI_WEB_WORKERS": "2",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("NQI_TESTING")
    nqi = [sys.executable, "-m", "nqi.cli"]
    steps = (
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["demo", "--scale", "0.1"],
    )
    for args in steps:
        subprocess.run(nqi + args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    port = _free_port()
    SERVER_LOGS.mkdir(parents=True, exist_ok=True)
    server_log = SERVER_LOGS / "web.log"
    with server_log.open("wb") as web, (SERVER_LOGS / "worker.log").open("wb") as jobs:
        server = subprocess.Popen(
            nqi + ["serve"], cwd=ROOT, env={**env, "PORT": str(port)}, stdout=web, stderr=subprocess.STDOUT
        )
        worker = subprocess.Popen(nqi + ["worker"], cwd=ROOT, env=env, stdout=jobs, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if server.poll() is not None:
            raise RuntimeError("demo server exited: " + server_log.read_text(errors="replace")[-2000:])
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        raise RuntimeError("demo server did not answer: " + server_log.read_text(errors="replace")[-2000:])
    yield base
    for proc in (server, worker):
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    shutil.rmtree(var, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()


@pytest.fixture
def login(browser, demo_server):
    """login(username) → a Playwright page signed in as that demo account (Chinese UI)."""
    contexts = []

    def sign_in(username: str, locale: str = "zh-CN"):
        context = browser.new_context(locale=locale, viewport={"width": 1440, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(demo_server + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
