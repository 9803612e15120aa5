"""Rows staged in an SQLite image arrive as they were given, on SQLite and PostgreSQL alike; images
of different layouts copied one after another in one transaction each arrive intact; dropped records
stay out; a failed transaction leaves nothing."""

import pytest
from django.db import transaction

from nqi.core.staging import Stage, opened
from nqi.standards.models import StandardDrafter, StandardIcs, StandardRelation
from nqi.standards.tests.factories import make_standard

DRAFTER = ("standard_id", "name", "position")
TRICKY = "O'Brien 100% %s ? 合格"


@pytest.fixture
def parents(system):
    return [make_standard(system).pk for _ in range(3)]


def _image(ics: list[tuple], drafters: list[tuple]) -> bytes:
    stage = Stage()
    stage.add(StandardIcs, ("standard_id", "code"), ics)
    stage.add(StandardDrafter, DRAFTER, drafters)
    return stage.image()


def _drafters() -> list[tuple]:
    return list(StandardDrafter.objects.order_by("pk").values_list(*DRAFTER))


def test_values_arrive_as_given_and_constants_reach_every_row(parents):
    a, b, _ = parents
    stage = Stage()
    stage.add(StandardDrafter, DRAFTER, [(a, "007", 0), (b, TRICKY, 1)])
    stage.add(StandardRelation, ("source_id", "target_key"), [(a, "gbt1"), (b, "gbt2")])
    with transaction.atomic(), opened(stage.image()) as staged:
        assert staged.copy(StandardDrafter) == 2
        assert staged.copy(StandardRelation, {"target_number": TRICKY, "kind": "replaces"}) == 2
    assert _drafters() == [(a, "007", 0), (b, TRICKY, 1)]  # no type affinity: "007" stays text
    relations = StandardRelation.objects.order_by("pk").values_list(
        "source_id", "target_key", "target_number"
    )
    assert list(relations) == [(a, "gbt1", TRICKY), (b, "gbt2", TRICKY)]


def test_images_of_different_layouts_in_one_transaction_each_arrive_intact(parents):
    """The drafter table of the second image starts on another page (its ICS table is 200 times
    smaller): a statement prepared for the first image must not read the second by its layout."""
    a, b, c = parents
    codes = [f"{n // 1000:02d}.{n % 1000:03d}" for n in range(1000)]
    big = _image([(pk, code) for pk in (a, b) for code in codes], [(a, "甲公司", 0)])
    small = _image([(c, code) for code in codes[:10]], [(b, "乙公司", 0), (c, "丙公司", 1)])
    with transaction.atomic():
        for image, expected in ((big, (2000, 1)), (small, (10, 2))):
            with opened(image) as staged:
                assert (staged.copy(StandardIcs), staged.copy(StandardDrafter)) == expected
    assert _drafters() == [(a, "甲公司", 0), (b, "乙公司", 0), (c, "丙公司", 1)]
    assert StandardIcs.objects.filter(standard_id=c, code__startswith="00.").count() == 10


def test_dropped_records_and_their_rows_stay_out(parents):
    a, b, _ = parents
    with (
        transaction.atomic(),
        opened(_image([(a, "11.040"), (b, "11.040")], [(a, "甲", 0), (b, "乙", 0)])) as staged,
    ):
        staged.delete(StandardIcs, "standard_id", {b})
        staged.delete(StandardDrafter, "standard_id", {b})
        assert (staged.copy(StandardIcs), staged.copy(StandardDrafter)) == (1, 1)
    assert _drafters() == [(a, "甲", 0)]
    assert not StandardIcs.objects.filter(standard_id=b, code="11.040").exists()


def test_a_failed_transaction_leaves_nothing(parents):
    a, _, _ = parents
    with pytest.raises(RuntimeError), transaction.atomic():
        with opened(_image([], [(a, "甲", 0)])) as staged:
            staged.copy(StandardDrafter)
        raise RuntimeError("the import failed later")
    assert _drafters() == []


def test_an_empty_stage_copies_nothing(parents):
    with transaction.atomic(), opened(Stage().image()) as staged:
        staged.delete(StandardDrafter, "standard_id", parents)
        assert staged.copy(StandardDrafter) == 0
    assert _drafters() == []


def test_lookups_point_rows_at_records_found_by_key_on_sqlite(parents):
    """A relation whose target is in the catalog points at it as it is copied (SQLite); one whose target
    is not stays NULL, as every row does on PostgreSQL, whose COPY leaves lookups to the caller."""
    from django.db import connection

    from nqi.standards.models import Standard

    a, b, _ = parents
    target = Standard.objects.get(pk=b)
    stage = Stage()
    stage.add(
        StandardRelation,
        ("source_id", "target_number", "target_key", "kind"),
        [(a, target.number, target.edition_key, "replaces"), (a, "GB 1—1900", "gb11900", "replaces")],
    )
    with transaction.atomic(), opened(stage.image()) as staged:
        assert staged.copy(StandardRelation, lookups={"target": ("edition_key", "target_key")}) == 2
    found = dict(StandardRelation.objects.filter(source_id=a).values_list("target_key", "target_id"))
    assert found == {target.edition_key: b if connection.vendor == "sqlite" else None, "gb11900": None}
