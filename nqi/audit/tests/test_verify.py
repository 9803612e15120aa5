"""`nqi audit verify` detects any edit, deletion or insertion made behind the services' back (raw SQL)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from nqi.audit.chain import link_hash
from nqi.audit.models import AuditChainHead, AuditEvent
from nqi.core import auditing

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


@pytest.fixture
def chain(system):
    """Six events on top of whatever the fixtures wrote; returns their ids, oldest first."""
    for n in range(6):
        auditing.record(
            actor=system,
            event_type="tests.thing_done",
            summary=f"第 {n} 件事",
            before={"n": n - 1},
            after={"n": n, "名称": "甲"},
            data={"float": 1.5, "list": [1, "二"]},
        )
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))


def verify(**options):
    out = io.StringIO()
    call_command("audit", "verify", stdout=out, **options)
    return out.getvalue()


def broken_at(**options) -> str:
    with pytest.raises(CommandError) as caught:
        verify(**options)
    assert caught.value.returncode == 1
    return str(caught.value)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE), params)


def test_intact_chain_verifies_with_progress_lines(chain):
    out = verify(progress_every=2, chunk_size=100)
    assert f"audit chain intact: {len(chain)} events verified" in out
    assert f"verified 2 / {len(chain)} events" in out


def test_empty_trail_is_intact():
    sql("DELETE FROM {table}")
    AuditChainHead.objects.all().delete()
    assert "0 events verified" in verify()


@pytest.mark.parametrize("position", ["first", "middle", "tail"])
def test_edited_row_is_reported(chain, position):
    target = {"first": chain[0], "middle": chain[len(chain) // 2], "tail": chain[-1]}[position]
    sql("UPDATE {table} SET summary = %s WHERE id = %s", ["篡改", target])
    message = broken_at()
    assert f"event #{target} " in message and "row edited" in message


def test_edited_json_is_reported(chain):
    sql("UPDATE {table} SET after = %s WHERE id = %s", ['{"n": 99}', chain[2]])
    assert f"event #{chain[2]} " in broken_at()


def test_deleted_middle_row_is_reported_at_its_successor(chain):
    sql("DELETE FROM {table} WHERE id = %s", [chain[3]])
    message = broken_at()
    assert f"event #{chain[4]} " in message and "removed or inserted" in message


def test_deleted_tail_is_reported_by_the_chain_head(chain):
    sql("DELETE FROM {table} WHERE id >= %s", [chain[-2]])
    message = broken_at()
    assert f"event #{chain[-1]} " in message and "tail removed" in message


def test_rehashed_forgery_breaks_the_next_link(chain):
    """Recomputing the edited row's own hash does not help: its successor still points at the old one."""
    row = AuditEvent.objects.filter(id=chain[1]).values().get()
    row["summary"] = "伪造"
    sql(
        "UPDATE {table} SET summary = %s, hash = %s WHERE id = %s",
        ["伪造", link_hash(row["prev_hash"], row), chain[1]],
    )
    assert f"event #{chain[2]} " in broken_at()


def test_row_appended_behind_the_services_back_is_reported(chain):
    last = AuditEvent.objects.filter(id=chain[-1]).values().get()
    forged = {**last, "summary": "补记", "prev_hash": last["hash"]}
    forged["hash"] = link_hash(last["hash"], forged)
    del forged["id"]
    AuditEvent.objects.bulk_create([AuditEvent(**forged)])
    message = broken_at()
    assert "chain head does not match" in message


def test_unknown_action_is_refused():
    with pytest.raises(CommandError):
        call_command("audit", "rewrite")


def test_an_event_written_in_local_time_still_verifies(system, monkeypatch):
    """The chain hashes instants, not the zone a writer happened to use (the database returns UTC)."""
    import datetime as dt

    from django.utils import timezone

    local = timezone.localtime().replace(microsecond=0)
    assert local.utcoffset() != dt.timedelta(0)
    monkeypatch.setattr(timezone, "now", lambda: local)
    auditing.record(actor=system, event_type="tests.thing_done", summary="本地时间")
    monkeypatch.undo()
    assert "audit chain intact" in verify()


def test_a_bulk_segment_links_into_the_chain_and_verifies(chain, system):
    """record_many writes its events by one prepared INSERT: they must hash exactly like single ones."""
    items = [(None, f"批量第 {n} 条", {"n": n, "名称": "乙"}) for n in range(5)]
    assert auditing.record_many(actor=system, event_type="tests.bulk_done", items=items) == 5
    auditing.record(actor=system, event_type="tests.thing_done", summary="之后一件事")
    head = AuditChainHead.objects.get()
    last = AuditEvent.objects.order_by("-id").first()
    assert (
        head.last_event_id == last.id
        and head.last_hash == last.hash
        and head.length == AuditEvent.objects.count()
    )
    bulk = list(AuditEvent.objects.filter(event_type="tests.bulk_done").order_by("id"))
    assert [e.after["n"] for e in bulk] == list(range(5)) and bulk[0].after["名称"] == "乙"
    assert "audit chain intact" in verify()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET summary = 'x' WHERE id = %s", [bulk[2].id])
    assert str(bulk[2].id) in broken_at()
