"""Keeping indexes equal to the records: single saves and deletes, bulk paths, rollbacks, rebuilds."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from nqi.enterprises import services as enterprise_services
from nqi.enterprises.models import Enterprise, Product
from nqi.enterprises.tests.factories import enterprise_data, make_enterprise
from nqi.search import registry, selectors, services
from nqi.search.backends import backend
from nqi.search.models import IndexState

pytestmark = pytest.mark.django_db
ENTERPRISE = "enterprises.enterprise"


def _found(actor, q, index=ENTERPRISE) -> set:
    return {h.obj.pk for h in selectors.search_visible_to(actor=actor, index=index, q=q, page_size=100).hits}


def _engine_ids(q, index=ENTERPRISE) -> set:
    """What the engine itself matches (no visibility, no row fetch): stale documents would show here."""
    from nqi.search.analyzer import query_plan
    from nqi.search.backends import EngineQuery

    sql, params = backend().ids_sql(registry.get(index), EngineQuery(plan=query_plan(q)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def test_create_update_delete_are_indexed_at_once(system):
    enterprise = make_enterprise(system, name="嘉兴市旭日光伏科技有限公司")
    assert _found(system, "旭日光伏") == {enterprise.pk}
    enterprise_services.enterprise_update(
        actor=system, enterprise=enterprise, data={"name": "嘉兴市明月照明有限公司"}
    )
    assert _found(system, "旭日") == set() and _engine_ids("旭日") == set()
    assert _found(system, "明月照明") == {enterprise.pk}
    product = enterprise_services.product_create(
        actor=system, enterprise=enterprise, data={"name": "太阳能路灯", "standard_code": "GB/T 24827—2015"}
    )
    assert _found(system, "路灯", "enterprises.product") == {product.pk}
    Enterprise.objects.filter(pk=enterprise.pk).first().delete()  # cascades to the product
    assert _engine_ids("明月照明") == set() and _engine_ids("路灯", "enterprises.product") == set()


def test_a_rolled_back_write_leaves_no_document(system):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_enterprise(system, name="嘉兴市幻影回滚有限公司")
        assert _engine_ids("幻影回滚")  # visible inside the transaction
        raise RuntimeError
    assert _engine_ids("幻影回滚") == set()


def test_a_contact_only_edit_rewrites_nothing(system, django_assert_max_num_queries):
    enterprise = make_enterprise(system, name="嘉兴市平静无变有限公司")
    before = _engine_ids("平静无变")
    enterprise_services.enterprise_update(actor=system, enterprise=enterprise, data={"contact_name": "王伟"})
    assert _engine_ids("平静无变") == before == {enterprise.pk}


def test_products_follow_their_enterprise_into_another_district(system, nanhu_officer):
    enterprise = make_enterprise(system, "330421", name="嘉善县迁移测试有限公司")
    product = enterprise_services.product_create(
        actor=system, enterprise=enterprise, data={"name": "迁移牌插座"}
    )
    assert _found(nanhu_officer, "迁移", "enterprises.product") == set()
    enterprise_services.enterprise_update(actor=system, enterprise=enterprise, data={"region": "330402"})
    assert _found(nanhu_officer, "迁移测试") == {enterprise.pk}
    assert _found(nanhu_officer, "迁移", "enterprises.product") == {product.pk}


def test_bulk_paths_are_indexed_by_index_objects(system):
    rows = [enterprise_data(name=f"嘉兴批量导入{i}号有限公司") for i in range(30)]
    created = enterprise_services.enterprise_bulk_create(actor=system, rows=rows)
    ids = [e.pk for e in created]
    assert _found(system, "批量导入") == set(ids)  # the bulk service calls index_objects per batch
    Enterprise.objects.filter(pk__in=ids).update(name="嘉兴批量改名有限公司")  # no signals …
    assert _engine_ids("批量改名") == set()
    with transaction.atomic():
        assert services.index_objects(Enterprise, ids) == 30  # … so the bulk path calls this
    assert _found(system, "批量改名") == set(ids) and _engine_ids("批量导入") == set()
    Product.objects.filter(enterprise_id__in=ids[:10])._raw_delete(Product.objects.db)
    Enterprise.objects.filter(pk__in=ids[:10])._raw_delete(Enterprise.objects.db)
    services.index_objects(Enterprise, ids[:10])  # records gone: their documents are removed
    assert len(_engine_ids("批量改名")) == 20


def test_deferred_indexing_batches_single_saves(system, django_assert_max_num_queries):
    enterprise = make_enterprise(system, name="嘉兴市延迟索引有限公司")
    with services.indexing_deferred():
        for i in range(5):
            enterprise.name = f"嘉兴市延迟索引第{i}次有限公司"
            enterprise.save()
        assert _engine_ids("第4次") == set()
    assert _engine_ids("第4次") == {enterprise.pk} and _engine_ids("第3次") == set()


def test_rebuild_and_state(system):
    made = [make_enterprise(system, name=f"嘉兴重建{i}有限公司") for i in range(3)]
    index = registry.get(ENTERPRISE)
    assert services.index_rebuild(index) == Enterprise.objects.count()
    state = IndexState.objects.get(key=ENTERPRISE)
    assert state.signature == services.signature(index) and not services.index_is_stale(index)
    assert _found(system, "重建") == {e.pk for e in made}


def test_reindex_command_prints_progress(system, capsys):
    make_enterprise(system, name="嘉兴命令行有限公司")
    call_command("reindex", ENTERPRISE)
    out = capsys.readouterr().out
    assert f"{ENTERPRISE}: 1/1 (100%" in out and f"{ENTERPRISE}: 1 documents" in out
    call_command("reindex", "--stale")
    assert "nothing to rebuild" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="declared indexes"):
        call_command("reindex", "nope.nothing")


def test_ensure_clears_documents_of_flushed_records(system):
    make_enterprise(system, name="嘉兴已清空有限公司")
    Product.objects.all()._raw_delete(Product.objects.db)  # like a flush: no signal reaches the index
    Enterprise.objects.all()._raw_delete(Enterprise.objects.db)
    assert backend().size(registry.get(ENTERPRISE)) == 1
    services.indexes_ensure()
    assert backend().size(registry.get(ENTERPRISE)) == 0


def test_demo_builder_rebuilds_every_index_it_owns(system):
    from nqi.core.demo import DemoContext
    from nqi.search.demo import build

    make_enterprise(system, name="嘉兴演示有限公司")
    lines = []
    build(DemoContext(actor=system, log=lines.append))
    assert any(ENTERPRISE in line for line in lines)
    assert all(registry.get(line.split()[2].rstrip(":")).reindex_in_demo for line in lines)
