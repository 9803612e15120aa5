import pytest

from nqi.core import workdays


@pytest.fixture(autouse=True)
def _statutory_calendar_only(request):
    """Pure calendar tests use the statutory calendar alone; DB-backed overrides are tested with the DB."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        yield
        return
    previous = workdays._override_provider
    workdays.set_override_provider(None)
    yield
    workdays.set_override_provider(previous)
