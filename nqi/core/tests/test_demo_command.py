"""`nqi demo` on a database that already holds the demo city: it reuses the city, but an index made
stale by a code update is rebuilt, whatever its size, so the demo's search keeps finding records."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from nqi.accounts.models import User
from nqi.core.management.commands.demo import DEMO_MARKER_USER
from nqi.enterprises.tests.factories import make_enterprise
from nqi.search import services as search_services
from nqi.search.models import IndexState

pytestmark = pytest.mark.django_db


def test_reusing_the_city_rebuilds_out_of_date_indexes(system, monkeypatch):
    User.objects.create(username=DEMO_MARKER_USER)
    make_enterprise(system, name="嘉兴复用演示机械有限公司")
    IndexState.objects.filter(key="enterprises.enterprise").update(signature="an older analyzer")
    monkeypatch.setattr(search_services, "AUTO_REBUILD_LIMIT", 0)  # as if the city were large
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "reusing it" in out.getvalue()
    assert "search index enterprises.enterprise rebuilt: 1 documents" in out.getvalue()
    assert IndexState.objects.get(key="enterprises.enterprise").signature != "an older analyzer"
