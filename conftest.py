"""Shared pytest fixtures: reference data loaded once per test database, and one actor per role."""

from __future__ import annotations

import pytest

from nqi.accounts.choices import OrganizationKind, Role


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After migrations, load the shipped regions and industries once for the whole session."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table after they run (pytest-django runs them last): each one
    starts by putting the shipped reference data back when an earlier one has flushed it."""
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from django.core.management import call_command

        from nqi.regions.models import Region

        if not Region.objects.exists():
            call_command("load_reference", verbosity=0)
            _replay_data_migrations()
    yield


def _replay_data_migrations():
    """A flush also empties the rows data migrations shipped (SLA defaults, product catalogue, policies):
    run their forward functions again, in migration order, against the current models."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    with connection.schema_editor(atomic=True) as editor:
        for key in plan:
            if key[0] not in {c.label for c in apps.get_app_configs() if c.name.startswith("nqi.")}:
                continue
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, editor)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test must not leave cached rows behind."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def system(db):
    from nqi.accounts.services import system_actor

    return system_actor()


@pytest.fixture
def make_member(system):
    """make_member(kind, role, jurisdiction_code=None, organization=None) → a user with that membership."""
    from nqi.accounts import services
    from nqi.regions.models import Region

    counter = {"n": 0}

    def make(kind, role, jurisdiction=None, organization=None, username=None):
        counter["n"] += 1
        if organization is None:
            region = Region.objects.get(pk=jurisdiction) if jurisdiction else None
            organization = services.organization_create(
                actor=system, kind=kind, name=f"{kind}-{counter['n']}", jurisdiction=region
            )
        user = services.user_create(
            actor=system, username=username or f"{role}-{counter['n']}", password=None, display_name=role
        )
        services.membership_grant(actor=system, user=user, organization=organization, role=role)
        return user

    return make


@pytest.fixture
def city_officer(make_member):
    return make_member(OrganizationKind.BUREAU, Role.OFFICER, "330400")


@pytest.fixture
def nanhu_officer(make_member):
    return make_member(OrganizationKind.BUREAU, Role.OFFICER, "330402")


@pytest.fixture
def city_leader(make_member):
    return make_member(OrganizationKind.BUREAU, Role.LEADER, "330400")
