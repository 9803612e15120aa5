"""The runtime checks report what the platform cannot do here, and stay quiet when it can."""

from django.core.checks import run_checks

from nqi.core import checks


def test_this_runtime_can_hand_rows_over_as_database_images():
    assert checks.sqlite_images_supported()
    assert not [m for m in run_checks() if m.id == "nqi.core.E001"]


def test_a_runtime_without_sqlite_images_is_reported(monkeypatch):
    monkeypatch.setattr(checks, "sqlite_images_supported", lambda: False)
    found = [m for m in run_checks() if m.id == "nqi.core.E001"]
    assert len(found) == 1 and "3.36" in found[0].hint
