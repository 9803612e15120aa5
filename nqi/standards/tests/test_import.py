"""Catalog imports: row-level reports, all-or-nothing, relations, derived dates, one audit event."""

import gzip

import pytest

from nqi.audit.models import AuditEvent
from nqi.search import registry
from nqi.search.backends import backend
from nqi.standards import loading, readers, services
from nqi.standards.choices import Confidence, ImportKind, RelationKind, StandardStatus
from nqi.standards.models import CatalogImport, Standard, StandardIcs, StandardRelation
from nqi.standards.tests.factories import import_rows, row

pytestmark = pytest.mark.django_db


def test_malformed_rows_are_reported_by_row_and_field_and_nothing_is_written(system):
    rows = [
        row("GB/T 30001-2020"),
        row("GB/T 30002-2020", published="2020-13-45"),
        row("GB/T 30003-2020", title_zh="", title_en=""),
        row("", title_zh="没有标准号"),
        row("GB/T 30005-2020", status="作废了"),
        row("GB/T 30006-2020", degree="XYZ", adopted="ISO 1:2000"),
        row("GB/T 30007-2020", confidence="maybe"),
    ]
    with pytest.raises(services.CatalogImportFailed) as failure:
        import_rows(system, rows)
    errors = {(i["row"], i["field"]) for i in failure.value.report.issues() if i["level"] == "error"}
    assert errors == {
        (2, "published"),
        (3, "title_zh"),
        (4, "number"),
        (5, "status"),
        (6, "degree"),
        (7, "confidence"),
    }
    assert set(failure.value.row_errors) == {2, 3, 4, 5, 6, 7}
    assert Standard.objects.count() == 0 and CatalogImport.objects.count() == 0


def test_skip_invalid_imports_the_good_rows_and_keeps_the_report(system):
    batch = import_rows(
        system, [row("GB/T 30011-2020"), row("GB/T 30012-2020", published="yesterday")], skip_invalid=True
    )
    assert batch.created_count == 1 and batch.error_count == 1
    assert batch.report[0]["row"] == 2 and batch.report[0]["level"] == "error"


def test_text_holding_nul_is_a_row_error_not_a_database_error(system):
    """PostgreSQL rejects NUL in text: such a row gets its message and the others still import."""
    rows = [
        row("GB/T 30021-2020"),
        row("GB/T 30022-2020", title_zh="标题\x00"),
        row("GB/T 30023-2020", drafters=["某某公司", "另一\x00公司"]),
        row("GB/T 30024-2020", replaces=[("GB/T 30024-2\x00010", "replaces")]),
        row("GB/T 30025-2020", abstract="摘要\x00"),
        row("GB/T 3002\x006-2020"),
        row("GB/T 30027-2020", published="2020\x00"),
        row("GB/T 30028-2020", ics=["97.\x00200"]),
    ]
    batch = import_rows(system, rows, skip_invalid=True)
    assert batch.created_count == 2  # the first and the last, whose bad ICS code is dropped
    assert [(i["row"], i["field"]) for i in batch.report if i["level"] == "error"] == [
        (2, "title_zh"),
        (3, "drafters"),
        (4, "replaces"),
        (5, "abstract"),
        (6, "number"),
        (7, "published"),
    ]
    assert not any("\x00" in i["message"] + i["number"] for i in batch.report)  # jsonb rejects NUL


def test_warnings_do_not_block_unparseable_numbers_are_kept(system):
    batch = import_rows(
        system,
        [
            row("ISO/DIS 12345", title_en="Draft thing", title_zh=""),
            row("GB/T 30021-2020", ics=["97.200.50", "bad"], ccs="ZZZ"),
        ],
    )
    assert batch.created_count == 2 and batch.warning_count == 3
    draft = Standard.objects.get(number="ISO/DIS 12345")
    assert draft.parse_warning and draft.canonical == "ISO/DIS 12345"
    kept = Standard.objects.get(number="GB/T 30021-2020")
    assert kept.ics_codes == "97.200.50" and kept.ccs_code == ""
    assert list(StandardIcs.objects.filter(standard=kept).values_list("code", flat=True)) == ["97.200.50"]


def test_duplicates_in_a_batch_and_in_the_catalog_are_skipped(system):
    import_rows(system, [row("GB/T 30031-2020")])
    batch = import_rows(system, [row("gbt 30031—2020"), row("GB/T 30032-2020"), row("GB/T30032-2020")])
    assert (batch.created_count, batch.skipped_count) == (1, 2)
    assert any("第 2 行" in i["message"] for i in batch.report)


def test_a_duplicate_in_a_later_chunk_is_skipped_and_leaves_no_search_document(system, monkeypatch):
    """Chunks are prepared apart (worker processes): a repeat of a row in an earlier chunk is only
    found when the chunks come back, after its search document was made; it must not be indexed."""
    from nqi.search import parallel
    from nqi.standards import loading
    from nqi.standards.search import standard_search

    monkeypatch.setattr(loading, "CHUNK", 2)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    rows = [row(f"GB/T {30050 + n}-2020", title_zh=f"分块去重{n}") for n in range(3)]
    rows.append(row("gbt 30050—2020", title_zh="分块去重重复行"))
    batch = import_rows(system, rows)
    assert (batch.created_count, batch.skipped_count) == (3, 1)
    assert any(i["row"] == 4 and "第 1 行" in i["message"] for i in batch.report)
    found = standard_search(actor=system, query="分块去重").hits
    assert sorted(hit.standard.number for hit in found) == [f"GB/T {30050 + n}-2020" for n in range(3)]
    assert backend().size(registry.get("standards.standard")) == Standard.objects.count() == 3


def test_relations_resolve_and_replaced_editions_get_their_end_date(system):
    import_rows(
        system,
        [
            row("GB 30041-2010", status="被代替"),
            row(
                "GB 30041-2020", implemented="2021-01-01", replaces=[("GB 30041-2010", RelationKind.REPLACES)]
            ),
            row("GB 30042-2021", replaces=[("GB 99999-1999", RelationKind.PARTIALLY_REPLACES)]),
        ],
    )
    old = Standard.objects.get(number="GB 30041-2010")
    assert old.status == StandardStatus.REPLACED and str(old.withdrawn_on) == "2021-01-01"
    relation = StandardRelation.objects.get(target_key=old.edition_key)
    assert relation.target_id == old.pk and relation.source.number == "GB 30041-2020"
    dangling = StandardRelation.objects.get(target_number="GB 99999-1999")
    assert dangling.target is None and dangling.kind == RelationKind.PARTIALLY_REPLACES
    import_rows(system, [row("GB 99999-1999", status="被代替")])
    dangling.refresh_from_db()
    assert dangling.target is not None


def test_one_audit_event_per_batch_with_counts(system):
    before = AuditEvent.objects.count()
    batch = import_rows(system, [row() for _ in range(50)])
    events = AuditEvent.objects.filter(event_type="standards.catalog_imported")
    assert AuditEvent.objects.count() - before == 1
    assert events.get().data["created"] == 50 == batch.created_count


def test_curated_set_keeps_confidence_and_marks_inferred_status(system):
    batch = services.standard_import(actor=system, kind=ImportKind.CURATED, rows=readers.curated_rows())
    assert batch.created_count == 282 and batch.error_count == 0
    assert Standard.objects.filter(confidence=Confidence.MEMORY).count() == 96
    assert Standard.objects.filter(confidence=Confidence.SOURCE).count() == 186
    assert Standard.objects.filter(status_verified=False).count() == 216
    zzb = Standard.objects.get(number="T/ZZB 0175-2017")
    assert zzb.family == "group" and zzb.canonical == "T/ZZB 0175—2017"
    toy = Standard.objects.get(number="GB 6675.1-2014")
    assert toy.relations_in.get().source.number == "GB 6675.1-2025"
    appliance = Standard.objects.get(number="GB 19865-2005")
    assert appliance.adopted_number == "IEC 62115:2003" and appliance.adoption_degree == "IDT"


def test_relaton_files_import_with_abstracts(system, tmp_path):
    header = (
        "docid,relaton_id,file,publisher,doctype,title_en,title_fr,stage,substage,edition,published,updated,"
        "corrected,obsoleted,stable_until,ics_codes,ics_text,committee,committee_name,replaces,updated_by,"
        "other_relations,urn,url\n"
    )
    lines = [
        "ISO 9001:2008,x,f,ISO,international-standard,Quality management systems - Requirements,,95,99,4,2008-11,,,,,"
        "03.120.10,t,ISO/TC 176/SC 2,n,,ISO 9001:2015,,u,https://www.iso.org/standard/46486.html\n",
        "ISO 9001:2015,x,f,ISO,international-standard,Quality management systems - Requirements,,90,93,5,2015-09,,,,,"
        "03.120.10,t,ISO/TC 176/SC 2,n,ISO 9001:2008; ISO/DIS 9001,,,u,https://www.iso.org/standard/62085.html\n",
        "ISO/DIS 9999,x,f,ISO,international-standard,A draft,,40,20,1,,,,,,01.040.01,t,c,n,,,,u,https://x/1.html\n",
    ]
    (tmp_path / "iso_standards.csv").write_text(header + "".join(lines), encoding="utf-8")
    with gzip.open(tmp_path / "iso_abstracts_en.csv.gz", "wt", encoding="utf-8") as handle:
        handle.write("docid,abstract_en\nISO 9001:2015,Specifies requirements for a QMS.\n")
    batch = services.standard_import(
        actor=system, kind=ImportKind.ISO, rows=readers.relaton_rows(tmp_path, "ISO")
    )
    assert batch.created_count == 3
    new, old = Standard.objects.get(number="ISO 9001:2015"), Standard.objects.get(number="ISO 9001:2008")
    assert new.status == "current" and new.stage_code == "90.93" and new.abstract.startswith("Specifies")
    assert old.status == "replaced" and str(old.withdrawn_on) == "2015-09-01"
    assert Standard.objects.get(number="ISO/DIS 9999").status == "draft"
    assert list(new.relations_out.values_list("target_number", flat=True)) == ["ISO 9001:2008"]


def test_shipped_pack_reader_gives_catalog_rows():
    rows = list(zip(range(200), readers.intl_pack_rows(), strict=False))
    assert len(rows) == 200
    assert all(r["number"] and r["confidence"] == Confidence.CATALOG for _n, r in rows)


def test_an_error_in_a_later_chunk_undoes_the_chunks_already_written(system, monkeypatch):
    from nqi.standards import loading

    monkeypatch.setattr(loading, "CHUNK", 2)
    finished = []
    engine = type(backend())
    monkeypatch.setattr(engine, "appended", lambda self, index, **kw: finished.append(index))
    rows = [row(f"GB/T {30100 + n}-2020") for n in range(5)] + [row("GB/T 30199-2020", published="x")]
    rows += [row("GB/T 30200-2020", status="作废了")]
    with pytest.raises(services.CatalogImportFailed) as failure:
        import_rows(system, rows)
    assert set(failure.value.row_errors) == {6, 7}, "rows after the first error are still checked"
    assert finished == [], "the index does not finish work that is undone"
    assert failure.value.report.created == 0
    assert Standard.objects.count() == 0 and StandardIcs.objects.count() == 0


def test_a_successor_named_in_a_later_chunk_gets_the_relation(system, monkeypatch):
    from nqi.standards import loading

    monkeypatch.setattr(loading, "CHUNK", 1)
    batch = import_rows(
        system,
        [
            row("GB 30301-2010", status="被代替", successors=[("GB 30301-2020", RelationKind.REPLACES)]),
            row("GB 30302-2021"),
            row("GB 30301-2020", implemented="2021-01-01"),
        ],
    )
    assert batch.created_count == 3
    relation = StandardRelation.objects.get(source__number="GB 30301-2020")
    assert relation.target.number == "GB 30301-2010" and relation.kind == RelationKind.REPLACES
    assert str(relation.target.withdrawn_on) == "2021-01-01"


def test_imports_are_searchable_whether_the_index_is_rebuilt_or_added_to(system, monkeypatch):
    """Rows are indexed from the values written, chunk by chunk: a large share of the index rebuilds
    its structures once, a few rows are added to them, and a file already imported changes nothing."""
    from nqi.search import services as search_services
    from nqi.search.models import IndexState
    from nqi.standards import loading
    from nqi.standards.search import standard_search

    monkeypatch.setattr(loading, "CHUNK", 2)
    monkeypatch.setattr(search_services, "BATCH", 2)  # several batches: analysed by worker processes
    engine = type(backend())
    paths = []
    appended = engine.appended
    monkeypatch.setattr(
        engine, "appended", lambda self, index, **kw: paths.append(kw["whole"]) or appended(self, index, **kw)
    )

    def found(query):
        return {hit.standard.number for hit in standard_search(actor=system, query=query).hits}

    first = [row(f"GB/T {30400 + n}-2020", title_zh=f"压缩机 第{n}部分") for n in range(5)]
    import_rows(system, first)
    assert IndexState.objects.get(key="standards.standard").documents == 5
    extra = [row("GB/T 30499-2021", title_zh="房间空气调节器能效")]
    import_rows(system, extra)
    import_rows(system, first + extra)
    assert paths == [True, False, True]
    assert found("压缩机") == {r["number"] for r in first}
    assert found("空气调节器") == {"GB/T 30499-2021"} and found("GB/T 30499") == {"GB/T 30499-2021"}


def test_the_documents_an_import_writes_are_those_a_rebuild_makes(system, monkeypatch):
    """The workers stage each chunk's search documents with its catalog rows (SQLite) or return them
    (PostgreSQL); either way the index holds what a rebuild from the records makes, and a record
    dropped as a duplicate of an earlier chunk's row leaves no document behind."""
    from django.db import connection

    from nqi.search import services as search_services
    from nqi.search.backends.base import table_names

    monkeypatch.setattr(loading, "CHUNK", 2)
    rows = [row(f"GB/T {30600 + n}-2020", title_zh=f"电动机 第{n}部分") for n in range(5)]
    import_rows(system, [*rows, row("GB/T 30600-2020", title_zh="重复的一行")], skip_invalid=True)
    doc, _ = table_names(registry.get("standards.standard"))

    def documents():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {doc} ORDER BY id")
            return cursor.fetchall()

    written = documents()
    assert [d[0] for d in written] == list(Standard.objects.order_by("pk").values_list("pk", flat=True))
    assert len(written) == 5
    search_services.index_rebuild("standards.standard")
    assert documents() == written


def test_an_adopted_standard_is_linked_whichever_comes_first(system):
    """A national standard that adopts an international one points at it once both are in the
    catalog: in the same import, or when the adopted one comes later."""
    import_rows(system, [row("GB/T 19001-2016", adopted="ISO 9001:2015", degree="IDT")])
    adopter = Standard.objects.get(number="GB/T 19001-2016")
    assert adopter.adopted_standard is None and adopter.adoption_degree == "IDT"
    import_rows(system, [row("ISO 9001:2015", title_en="Quality management systems")])
    adopter.refresh_from_db()
    assert adopter.adopted_standard == Standard.objects.get(number="ISO 9001:2015")
    import_rows(
        system, [row("ISO 14001:2015"), row("GB/T 24001-2016", adopted="ISO 14001:2015", degree="IDT")]
    )
    assert Standard.objects.get(number="GB/T 24001-2016").adopted_standard.canonical == "ISO 14001:2015"


def test_values_arrive_intact_through_the_stage(system):
    """Rows travel from the workers in an SQLite image and are copied by INSERT … SELECT (COPY on
    PostgreSQL), the batch's constants bound once: quotes, percent signs and placeholders arrive as
    given, and a serial's leading zero stays (stage columns have no type affinity)."""
    tricky = "O'Brien 100% 合格 %s %% ?"
    rows = [
        row(f"Q/JX 00{n}-2024", abstract=tricky, committee=f"TC {n}", title_zh="同名标准") for n in range(3)
    ]
    import_rows(system, rows)
    saved = Standard.objects.order_by("pk").values_list(
        "serial", "abstract", "committee", "title_zh", "source"
    )
    assert list(saved) == [(f"00{n}", tricky, f"TC {n}", "同名标准", "csv") for n in range(3)]
    assert loading.table_rows([]).ids == []


def test_a_large_import_merges_less_while_it_writes_and_puts_the_settings_back(system, monkeypatch):
    """While a large share of the index is appended FTS5 merges only when 64 segments pile up on a
    level (automerge off); after it, its defaults are back for the everyday writes."""
    from django.db import connection

    from nqi.search.backends.base import table_names

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 settings")
    _, fts = table_names(registry.get("standards.standard"))

    def settings():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT k, v FROM {fts}_config WHERE k IN ('automerge', 'crisismerge')")
            return dict(cursor.fetchall())

    during = []
    engine = type(backend())
    append = engine.append_staged  # an import's workers stage the documents with the catalog rows
    monkeypatch.setattr(
        engine, "append_staged", lambda self, *a: during.append(settings()) or append(self, *a)
    )
    import_rows(system, [row(f"GB/T {30500 + n}-2020") for n in range(3)])
    assert during == [{"automerge": 0, "crisismerge": 64}]
    assert settings() == {"automerge": 4, "crisismerge": 16}
