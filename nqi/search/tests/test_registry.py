"""The index registry and what a declaration turns into (no database needed for most of it)."""

from __future__ import annotations

import pytest

from nqi.enterprises.models import Enterprise, Product
from nqi.search import registry
from nqi.search.documents import DocumentBuilder, identifier_terms
from nqi.search.registry import SearchIndex, keyword_token, register


def test_apps_declare_their_indexes_in_search_py():
    keys = [i.key for i in registry.indexes()]
    assert {"enterprises.enterprise", "enterprises.product", "institutions.institution"} <= set(keys)
    assert keys.index("enterprises.enterprise") < keys.index("enterprises.product")
    assert registry.for_model(Enterprise).key == "enterprises.enterprise"
    assert registry.get("Enterprises.Enterprise") is registry.for_model(Enterprise)
    with pytest.raises(LookupError):
        registry.get("nope.nothing")


def test_products_follow_enterprises():
    assert [(i.model, lookup) for i, lookup in registry.followers(Enterprise)] == [(Product, "enterprise")]
    assert registry.followers(Product) == []


@pytest.mark.parametrize(
    ("name", "value", "token"),
    [
        ("family", "GB/T", "family_gbt"),
        ("family", "ＧＢ／Ｔ", "family_gbt"),
        ("rg", "330400M01", "rg_330400m01"),
        ("org", 15, "org_15"),
        ("issuer", "全国标准化技术委员会", "issuer_全国标准化技术委员会"),
        ("ics", "13.220.20", "ics_1322020"),
        ("kind", "", None),
        ("kind", None, None),
        ("kind", "!!!", None),
    ],
)
def test_keyword_tokens(name, value, token):
    assert keyword_token(name, value) == token


def test_identifier_terms_are_prefixes_then_the_whole_code():
    terms = identifier_terms("91330402MA2B12345X")
    assert terms[:3] == ["_9", "_91", "_913"] and terms[9] == "_91330402ma"
    assert terms[-1] == "_91330402ma2b12345x" and len(terms) == 11
    assert identifier_terms("2211") == ["_2", "_22", "_221", "_2211"]
    assert identifier_terms("") == []


@pytest.mark.parametrize(
    "attrs",
    [
        {"fields": {}},
        {"fields": {f"f{i}": 1.0 for i in range(9)}},
        {"fields": {"name": 1.0}, "filters": ("Bad-Name",)},
        {"fields": {"name": 1.0}, "prefix_lengths": (2, 3)},
    ],
)
def test_bad_declarations_are_refused(attrs):
    declaration = type("Bad", (SearchIndex,), {"model": Enterprise, **attrs})
    with pytest.raises(ValueError):
        register(declaration)
    assert registry.for_model(Enterprise).__class__.__name__ == "EnterpriseIndex"


@pytest.mark.django_db
def test_documents_read_only_declared_paths(system, django_assert_num_queries):
    from nqi.enterprises.tests.factories import make_enterprise

    enterprise = make_enterprise(system, "330402", name="嘉兴市文档测试有限公司", address="南湖路1号")
    builder = DocumentBuilder(registry.for_model(Enterprise))
    with django_assert_num_queries(1):
        ((docs, missing),) = list(builder.for_ids([enterprise.pk, 10**9]))
    (doc,) = docs
    assert missing == [10**9]
    assert doc.texts == ("嘉兴市文档测试有限公司", "南湖路1号")
    assert doc.identifiers[-1] == "_" + enterprise.uscc.lower()
    assert "rg_330402" in doc.keywords and "rg_330000" in doc.keywords


def test_keyword_memo_is_bounded_and_tokens_stay_right(monkeypatch):
    """Pairs unique to a record (ids) must not pile up in a long-lived builder: past MEMO_PAIRS the
    memo starts again, and every record still gets exactly its own tokens."""
    from nqi.search import documents

    monkeypatch.setattr(documents, "MEMO_PAIRS", 3)
    builder = DocumentBuilder(registry.get("standards.standard"))
    base = {"family": "national", "mandate": "recommended", "status": "current", "ccs_code": "", "year": 2020}
    for n in range(10):
        row = {**base, "issuer": f"机构{n}", "ics_codes": f"97.200.{n:02d} 13.120"}
        tokens = builder._keywords(row)
        assert f"issuer_机构{n}" in tokens and "year_2020" in tokens
        assert tokens[-5:] == ("ics_97", "ics_97200", f"ics_97200{n:02d}", "ics_13", "ics_13120")
        assert len(builder._tokens) <= 3
    assert builder._keywords({**base, "issuer": "", "ics_codes": "", "ccs_code": "Y57"})[-2:] == (
        "ccs_y",
        "ccs_y57",
    )
