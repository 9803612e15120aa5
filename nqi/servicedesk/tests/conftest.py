import pytest


@pytest.fixture
def desk(system, make_member, settings, tmp_path):
    """A platform with its catalog, staff, providers and an enterprise with an owner account."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from nqi.servicedesk.tests.factories import Desk

    return Desk(system, make_member)
