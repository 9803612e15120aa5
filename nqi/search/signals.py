"""Signal receivers: every single save or delete of an indexed record updates its index in the same
transaction. Bulk writes (bulk_create, QuerySet.update/delete) send no signals: their services call
`nqi.search.services.index_objects` / `unindex_objects` instead.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_migrate, post_save

from nqi.search import registry, services


def _indexed(model) -> bool:
    return registry.for_model(model) is not None or bool(registry.followers(model))


def record_saved(sender, instance, raw=False, **kwargs):
    if raw or not _indexed(sender):  # raw: fixtures; run `nqi reindex` after loaddata
        return
    services.index_objects(sender, [instance.pk])


def record_deleted(sender, instance, **kwargs):
    if not _indexed(sender):
        return
    services.unindex_objects(sender, [instance.pk])
    for follower, lookup in registry.followers(sender):
        dependent = follower.model._default_manager.filter(**{lookup: instance.pk})
        services.index_objects(follower.model, list(dependent.values_list("pk", flat=True)))


def indexes_migrated(sender, verbosity=1, **kwargs):
    """After `migrate` (and after a test-database flush): tables exist and small stale indexes rebuilt."""
    services.indexes_ensure(log=print if verbosity else None)


def connect(app_config) -> None:
    post_save.connect(record_saved, dispatch_uid="nqi.search.record_saved")
    post_delete.connect(record_deleted, dispatch_uid="nqi.search.record_deleted")
    post_migrate.connect(indexes_migrated, sender=app_config, dispatch_uid="nqi.search.indexes_migrated")
