"""search_visible_to: matching, scope, highlighting, absurd input, ordering, paging, counts, facets."""

from __future__ import annotations

import pytest

from nqi.enterprises.models import Enterprise
from nqi.enterprises.search import EnterpriseIndex
from nqi.search import selectors
from nqi.search.analyzer import normalize

pytestmark = pytest.mark.django_db
ENTERPRISE = "enterprises.enterprise"


def _names(page) -> set[str]:
    return {hit.obj.name for hit in page.hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("压缩机", {"嘉兴市南湖区恒丰压缩机有限公司", "嘉善县永信压缩机股份有限公司"}),
        ("木业家具", {"嘉兴南湖瑞丰木业家具有限公司"}),
        ("南湖 电子", {"嘉兴市南湖区新宇电子科技有限公司"}),
        ("皮", {"海宁市宏远皮革服饰有限公司"}),
        ("sunny", {"海宁Sunny智能科技有限公司"}),
        ("SUN", {"海宁Sunny智能科技有限公司"}),
        ("ｓｕｎｎｙ", {"海宁Sunny智能科技有限公司"}),
        ("缩机股", {"嘉善县永信压缩机股份有限公司"}),
        ("压缩机有限", {"嘉兴市南湖区恒丰压缩机有限公司"}),
        ("机压缩", set()),
        ("不存在", set()),
    ],
)
def test_chinese_is_exact_substring_and_latin_is_word_prefix(system, city, query, expected):
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q=query)
    assert _names(page) == expected
    assert page.total == len(expected) and not page.total_is_estimate


def test_uscc_any_prefix_and_full_code_pinned_first(system, city):
    target = city["330421"][1]
    for length in (2, 4, 6, 8, 12, 17):
        page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q=target.uscc[:length].lower())
        assert target.pk in {h.obj.pk for h in page.hits}, length
    assert selectors.search_visible_to(actor=system, index=ENTERPRISE, q="91330421").total == 2
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q=target.uscc)
    assert [(h.obj.pk, h.pinned) for h in page.hits] == [(target.pk, True)]
    assert page.hits[0].subtitle.startswith(f"<mark>{target.uscc}</mark>")


def test_district_officer_never_sees_another_districts_enterprise(nanhu_officer, city_officer, city):
    nanhu = {e.pk for e in city["330402"]}
    for query in [
        "有限公司",
        "公司",
        "压缩机",
        "嘉",
        city["330421"][0].uscc,
        city["330421"][0].uscc[:8],
        "91",
    ]:
        page = selectors.search_visible_to(actor=nanhu_officer, index=ENTERPRISE, q=query, page_size=100)
        assert {h.obj.pk for h in page.hits} <= nanhu, query
        assert page.total == len(page.hits), query
        products = selectors.search_visible_to(
            actor=nanhu_officer, index="enterprises.product", q=query, page_size=100
        )
        assert {h.obj.enterprise_id for h in products.hits} <= nanhu, query
    assert selectors.search_visible_to(actor=city_officer, index=ENTERPRISE, q="有限公司").total == 7


def test_engine_scope_equals_the_visibility_rule(nanhu_officer, city_officer, make_member, city):
    from nqi.accounts.choices import OrganizationKind, Role

    lab_user = make_member(OrganizationKind.INSTITUTION, Role.MANAGER)
    for actor in (nanhu_officer, city_officer, lab_user):
        page = selectors.search_visible_to(actor=actor, index=ENTERPRISE, q="公司", page_size=100)
        visible = Enterprise.objects.filter(EnterpriseIndex().visibility(actor), name__contains="公司")
        assert page.total == visible.count()
        assert {h.obj.pk for h in page.hits} == set(visible.values_list("pk", flat=True))


def test_enterprise_user_finds_only_own_enterprise(system, make_member, city):
    from nqi.accounts.choices import OrganizationKind, Role
    from nqi.enterprises import services

    owner = make_member(OrganizationKind.ENTERPRISE, Role.OWNER)
    own = city["330481"][0]
    services.enterprise_link_organization(
        actor=system, enterprise=own, organization=owner.memberships.get().organization
    )
    owner = type(owner).objects.get(pk=owner.pk)  # a fresh scope
    page = selectors.search_visible_to(actor=owner, index=ENTERPRISE, q="有限公司")
    assert [h.obj.pk for h in page.hits] == [own.pk]


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "压" * 10_000,
        "!!! ??? ... ———",
        '"',
        "' OR 1=1; DROP TABLE enterprises_enterprise; --",
        'NEAR("a" "b", 2) AND c* OR -d ^e {c0}:f',
        "a & b | !c <-> d:*",
        "\x00\ud800\ufffd",
        "%_%",
        "   ",
        "",
    ],
)
def test_absurd_queries_give_a_clean_result(system, city, query):
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q=query)
    assert page.total >= 0 and isinstance(page.hits, list)
    for hit in page.hits:
        assert hit.title and hit.subtitle is not None
    assert selectors.global_search_visible_to(actor=system, q=query) is not None


def test_punctuation_only_is_nothing_to_search(system, city):
    assert not selectors.is_searchable("《》、。，!!!")
    assert selectors.search_visible_to(actor=system, index=ENTERPRISE, q="《》、。").total == 0
    assert selectors.is_truncated("压" * 300) and not selectors.is_truncated("压缩机")


def test_highlight_marks_what_matched_and_escapes_the_rest(system, city):
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q="南湖 压缩")
    assert [h.title for h in page.hits] == ["嘉兴市<mark>南湖</mark>区恒丰<mark>压缩</mark>机有限公司"]
    from nqi.enterprises import services

    odd = services.enterprise_update(
        actor=system, enterprise=city["330421"][1], data={"name": "嘉善<b>华美</b>木业有限公司"}
    )
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q="华美")
    assert [h.obj.pk for h in page.hits] == [odd.pk]
    assert page.hits[0].title == "嘉善&lt;b&gt;<mark>华美</mark>&lt;/b&gt;木业有限公司"


def test_small_result_sets_are_ranked_broad_ones_newest_first(system, city, monkeypatch):
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q="有限公司")
    assert page.ordering == selectors.RELEVANCE
    monkeypatch.setattr(EnterpriseIndex, "rank_limit", 3)
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q="有限公司")
    assert page.ordering == selectors.NEWEST
    ids = [h.obj.pk for h in page.hits]
    assert ids == sorted(ids, reverse=True)
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q="有限公司", sort="newest")
    assert page.ordering == selectors.NEWEST


def test_counts_above_the_limit_are_marked_estimates(system, city, monkeypatch):
    monkeypatch.setattr(EnterpriseIndex, "count_limit", 3)
    page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q="公司")
    assert page.total_is_estimate and page.total >= 4
    assert page.ordering == selectors.NEWEST  # an estimate is never ranked
    exact = selectors.search_visible_to(actor=system, index=ENTERPRISE, q="压缩机")
    assert exact.total == 2 and not exact.total_is_estimate


@pytest.mark.parametrize("rank_limit", [10_000, 2])
def test_paging_walks_every_hit_once(system, city, monkeypatch, rank_limit):
    monkeypatch.setattr(EnterpriseIndex, "rank_limit", rank_limit)
    expected = set(Enterprise.objects.filter(name__contains="公司").values_list("pk", flat=True))
    by_offset, by_cursor, page = [], [], None
    for number in range(1, 6):
        current = selectors.search_visible_to(
            actor=system, index=ENTERPRISE, q="公司", page=number, page_size=2
        )
        by_offset += [h.obj.pk for h in current.hits]
        page = selectors.search_visible_to(
            actor=system,
            index=ENTERPRISE,
            q="公司",
            page=number,
            page_size=2,
            after=page.next_after if page else None,
        )
        by_cursor += [h.obj.pk for h in page.hits]
        assert page.has_next == (number < 4)
        if not page.has_next:
            break
    assert sorted(by_offset) == sorted(expected) and len(by_offset) == len(expected)
    assert by_cursor == by_offset


def test_pinned_exact_match_is_not_repeated_on_later_pages(system, city):
    target = city["330402"][0]
    seen = []
    for number in (1, 2, 3):
        page = selectors.search_visible_to(
            actor=system, index=ENTERPRISE, q=target.name, page=number, page_size=1
        )
        seen += [h.obj.pk for h in page.hits]
    assert seen[0] == target.pk and seen.count(target.pk) == 1


def test_filters_and_facets(system, city, lab):
    page = selectors.search_visible_to(
        actor=system, index="institutions.institution", q="检测", facets=["kind"]
    )
    assert [h.obj.pk for h in page.hits] == [lab.pk]
    assert [(f.value, f.count) for f in page.facets["kind"]] == [("testing_lab", 1)]
    assert not page.facets_are_estimates
    only_labs = selectors.search_visible_to(
        actor=system, index="institutions.institution", q="检测", filters={"kind": ["testing_lab"]}
    )
    assert only_labs.total == 1
    none = selectors.search_visible_to(
        actor=system, index="institutions.institution", q="检测", filters={"kind": "ip_centre"}
    )
    assert none.total == 0
    browse = selectors.search_visible_to(
        actor=system, index="institutions.institution", filters={"kind": "testing_lab"}
    )
    assert browse.total == 1


def test_undeclared_filter_is_a_validation_error(system, city):
    from nqi.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        selectors.search_visible_to(actor=system, index=ENTERPRISE, q="公司", filters={"nope": "x"})


def test_institution_by_cma_number_prefix_and_exact(system, lab):
    assert selectors.search_visible_to(actor=system, index="institutions.institution", q="2211").total == 1
    page = selectors.search_visible_to(actor=system, index="institutions.institution", q=lab.cma_number)
    assert page.hits[0].pinned


def test_product_found_by_any_form_of_its_standard_number(system, city):
    for query in ["GB/T 9098—2021", "gbt9098", "ＧＢ／Ｔ　９０９８", "9098"]:
        page = selectors.search_visible_to(actor=system, index="enterprises.product", q=query)
        assert page.total == 7, query


def test_global_search_groups_by_kind_and_leaves_out_empty_groups(system, nanhu_officer, city, lab):
    groups = selectors.global_search_visible_to(actor=system, q="压缩机")
    assert [g.key for g in groups] == [ENTERPRISE, "enterprises.product", "institutions.institution"]
    assert [g.total for g in groups] == [2, 1, 1]
    groups = selectors.global_search_visible_to(actor=nanhu_officer, q="压缩机")
    assert [g.key for g in groups][0] == ENTERPRISE and groups[0].total == 1
    assert selectors.global_search_visible_to(actor=system, q="!!!") == []


def test_recall_equals_brute_force_substring_truth(system, city, lab):
    """Every Chinese query of 1+ characters finds exactly the records containing it (name or address)."""
    rows = [(e.pk, normalize(f"{e.name}\n{e.address}")) for e in Enterprise.objects.all()]
    text = "".join(name for _, name in rows)
    queries = {text[i : i + n] for n in (1, 2, 3, 5) for i in range(0, len(text) - n, 7)}
    queries = [q for q in queries if all("\u4e00" <= c <= "\u9fff" for c in q)]
    assert len(queries) > 30
    for query in queries:
        truth = {pk for pk, value in rows if query in value}
        page = selectors.search_visible_to(actor=system, index=ENTERPRISE, q=query, page_size=100)
        assert {h.obj.pk for h in page.hits} == truth, query
