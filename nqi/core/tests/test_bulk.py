"""The bulk-work helpers: the garbage collector pause, the page cache and deferred indexes restore
exactly the state they found; reserved ids never collide; constants reach every row."""

import gc

import pytest
from django.db import connection, transaction

from nqi.core.bulk import IdBlocks, collector_paused, indexes_deferred, insert_rows, page_cache_enlarged
from nqi.standards.models import Standard, StandardDrafter, StandardIcs


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_collector_is_off_inside_and_back_on_after(collector_on):
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner block must not turn the collector back on"
    assert gc.isenabled()


def test_collector_comes_back_after_an_error(collector_on):
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("import failed")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_page_cache_is_enlarged_for_the_block_and_restored_after_an_error():
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite connection setting")
    before = _cache_size()
    with pytest.raises(RuntimeError), page_cache_enlarged(kib=300_000):
        assert _cache_size() == -300_000
        raise RuntimeError("import failed")
    assert _cache_size() == before


@pytest.mark.django_db
def test_reserved_ids_follow_the_rows_in_use_and_never_repeat(system):
    from nqi.standards.tests.factories import import_rows, row

    import_rows(system, [row("GB/T 39001-2020"), row("GB/T 39002-2020")])
    highest = Standard.objects.order_by("-pk").values_list("pk", flat=True).first()
    blocks = IdBlocks(Standard)
    first, second = list(blocks.take(3)), list(blocks.take(2))
    assert len(set(first + second)) == 5 and min(first + second) > highest
    assert first == sorted(first) and max(first) < min(second)


@pytest.mark.django_db
def test_constants_are_written_into_every_row(system):
    from nqi.standards.tests.factories import import_rows, row

    import_rows(system, [row("GB/T 39011-2020")])
    standard = Standard.objects.get()
    code = StandardIcs._meta.get_field("code")
    link = StandardIcs._meta.get_field("standard")
    insert_rows(StandardIcs, [code], [("11.040",), ("11.060",)], constants={link: standard.pk}, ready=True)
    assert set(standard.ics_links.values_list("code", flat=True)) >= {"11.040", "11.060"}


def _indexes(*tables) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
            [t._meta.db_table for t in tables],
        )
        return dict(cursor.fetchall())


SERIES = Standard._meta.get_field("series_key")
ICS_CODE = StandardIcs._meta.get_field("code")


@pytest.mark.django_db(transaction=True)
def test_the_indexes_on_the_fields_named_are_dropped_for_the_block_and_built_again_after_it(system):
    from nqi.standards.tests.factories import import_rows, row

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL keeps its indexes (DROP INDEX would lock readers out)")
    before = _indexes(Standard, StandardIcs)
    with transaction.atomic(), indexes_deferred(SERIES, ICS_CODE):
        during = _indexes(Standard, StandardIcs)
        assert set(before) - set(during) == {
            "standards_standard_series_key_94bd9cc0",
            "standards_standardics_code_861cd9d3",
        }, "only the plain indexes on exactly those fields"
        import_rows(system, [row("GB/T 39021-2020")])  # an import inside finds nothing more to defer
    assert _indexes(Standard, StandardIcs) == before
    assert _sort_threads() == 0, "the sorter's helper threads are the connection's own setting again"


def _sort_threads() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA threads")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_failed_load_gets_its_indexes_back_with_the_rollback():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    before = _indexes(Standard, StandardIcs)
    with pytest.raises(RuntimeError), transaction.atomic(), indexes_deferred(SERIES, ICS_CODE):
        raise RuntimeError("import failed")
    assert _indexes(Standard, StandardIcs) == before
    with transaction.atomic(), indexes_deferred(SERIES, ICS_CODE, when=False):
        assert _indexes(Standard, StandardIcs) == before


@pytest.mark.django_db
def test_constants_are_literals_where_they_can_be_and_bound_where_not(system):
    from nqi.standards.tests.factories import import_rows, row

    import_rows(system, [row("GB/T 39041-2020")])
    standard = Standard.objects.get()
    get = StandardDrafter._meta.get_field
    names = ["O'Brien 50% %s"]
    if connection.vendor == "sqlite":  # PostgreSQL text holds no NUL at all
        names.append("a\x00b")  # nor can a SQLite literal: bound instead
    for name in names:
        insert_rows(
            StandardDrafter,
            [get("position")],
            [(0,), (1,)],
            constants={get("standard"): standard.pk, get("name"): name, get("enterprise"): None},
            ready=True,
        )
    saved = StandardDrafter.objects.filter(standard=standard).order_by("pk")
    assert list(saved.values_list("name", "position", "enterprise")) == [
        (name, position, None) for name in names for position in (0, 1)
    ]
