"""Pages: the enterprise workbench end to end, scoping (404 for others), downloads, public pages, query counts."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.benchmarking import services
from nqi.benchmarking.tests.factories import (
    formaldehyde,
    load_indicators,
    make_comparison,
    make_firm,
    make_product,
)
from nqi.benchmarking.workflow import ComparisonStatus as S

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def firm(system):
    load_indicators(system)
    enterprise, owner, staff = make_firm(system)
    return enterprise, owner, staff, make_product(system, enterprise)


def declared(owner, product):
    comparison = make_comparison(owner, product)
    services.indicatorvalues_save(actor=owner, comparison=comparison, rows=[formaldehyde("0.030")])
    comparison = services.comparison_run(actor=owner, comparison=comparison)
    comparison = services.comparison_transition(actor=owner, comparison=comparison, name="attain")
    upload = SimpleUploadedFile("r.pdf", PDF)
    services.testreport_add(
        actor=owner, comparison=comparison, report_number="R-1", lab_name="嘉兴院", upload=upload
    )
    comparison.refresh_from_db()
    return services.comparison_transition(actor=owner, comparison=comparison, name="declare")


def test_owner_walks_the_workbench_with_plain_posts(client, firm):
    _e, owner, _staff, product = firm
    client.force_login(owner)
    response = client.post(reverse("benchmarking:comparison_create"), {"product": product.pk})
    assert response.status_code == 302
    detail = response["Location"]
    pk = int(detail.rstrip("/").rsplit("/", 1)[-1])
    page = client.get(detail)
    assert page.status_code == 200 and "GB/T 39600-2021" in page.content.decode()
    option = next(
        o for o in page.context["options"] if o.standard_number == "GB/T 39600-2021" and o.grade == "E0"
    )
    client.post(reverse("benchmarking:comparison_benchmark_add", args=[pk]), {"option": option.token})
    row = formaldehyde("0.031")
    data = {k: [v] for k, v in row.items()} | {"then": ["compare"]}
    response = client.post(reverse("benchmarking:comparison_values_save", args=[pk]), data)
    assert response.status_code == 302 and response["Location"].endswith("#sec-matrix")
    page = client.get(detail)
    assert page.context["comparison"].status == S.COMPARED
    assert page.context["comparison"].level == "domestic_advanced_lead"
    assert 'data-verdict="better"' in page.content.decode()


def test_a_bad_value_re_renders_with_the_row_named(client, firm):
    _e, owner, _staff, product = firm
    comparison = make_comparison(owner, product)
    client.force_login(owner)
    data = {k: [v] for k, v in formaldehyde("-1").items()}
    response = client.post(reverse("benchmarking:comparison_values_save", args=[comparison.pk]), data)
    assert response.status_code == 422
    assert "第 1 行" in response.content.decode() and "物理常识" in response.content.decode()
    assert 'name="value" value="-1"' in response.content.decode()  # what was typed is kept


def test_other_enterprises_get_404_everywhere(client, firm, system):
    _e, owner, _staff, product = firm
    comparison = declared(owner, product)
    _other, stranger, _s = make_firm(system, "330482")
    client.force_login(stranger)
    report = comparison.reports.get()
    for url in (
        reverse("benchmarking:comparison_detail", args=[comparison.pk]),
        reverse("benchmarking:comparison_report", args=[comparison.pk, "docx"]),
        reverse("benchmarking:testreport_file", args=[report.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("benchmarking:comparison_run", args=[comparison.pk])).status_code == 404


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", ["对标差距矩阵", "优于"]), ("en", ["Gap matrix", "better"])]
)
def test_word_report_in_both_languages(client, firm, lang, words):
    _e, owner, _staff, product = firm
    comparison = declared(owner, product)
    client.force_login(owner)
    response = client.get(
        reverse("benchmarking:comparison_report", args=[comparison.pk, "docx"]) + f"?lang={lang}"
    )
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert all(w in text for w in words)
    assert "GB/T 39600-2021" in text


def test_pdf_without_weasyprint_explains_and_offers_the_print_page(client, firm):
    from nqi.benchmarking.reports.pdf import pdf_available

    _e, owner, _staff, product = firm
    comparison = declared(owner, product)
    client.force_login(owner)
    response = client.get(reverse("benchmarking:comparison_report", args=[comparison.pk, "pdf"]))
    if pdf_available():
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    else:
        assert response.status_code == 503 and "WeasyPrint" in response.content.decode()
    page = client.get(reverse("benchmarking:comparison_report_print", args=[comparison.pk]) + "?lang=en")
    assert page.status_code == 200 and "Benchmarking report" in page.content.decode()


def test_uploaded_report_downloads_for_the_enterprise(client, firm):
    _e, owner, _staff, product = firm
    comparison = declared(owner, product)
    client.force_login(owner)
    response = client.get(reverse("benchmarking:testreport_file", args=[comparison.reports.get().pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_public_pages_need_no_sign_in_and_show_only_declared(client, firm):
    _e, owner, _staff, product = firm
    comparison = declared(owner, product)
    draft = make_comparison(owner, make_product(owner, product.enterprise, name="木家具"))
    listing = client.get(reverse("benchmarking:public_declaration_list"))
    assert listing.status_code == 200 and str(product) in listing.content.decode()
    detail = client.get(reverse("benchmarking:public_declaration_detail", args=[comparison.pk]))
    assert detail.status_code == 200 and comparison.enterprise.contact_phone not in detail.content.decode()
    assert client.get(reverse("benchmarking:public_declaration_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("benchmarking:public_ranking_list")).status_code == 200


def test_list_page_query_count_is_flat(client, firm, django_assert_max_num_queries):
    _e, owner, _staff, product = firm
    for _ in range(6):
        make_comparison(owner, product)
    client.force_login(owner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("benchmarking:comparison_list"))
    assert response.status_code == 200 and len(response.context["comparisons"]) == 6


def test_detail_page_query_count_is_bounded(client, firm, django_assert_max_num_queries):
    _e, owner, _staff, product = firm
    comparison = declared(owner, product)
    client.force_login(owner)
    with django_assert_max_num_queries(26):
        assert client.get(reverse("benchmarking:comparison_detail", args=[comparison.pk])).status_code == 200


def test_bureau_pages_and_exports(client, firm, make_member):
    _e, owner, _staff, product = firm
    declared(owner, product)
    officer = make_member(K.BUREAU, R.OFFICER, "330400")
    client.force_login(officer)
    overview = client.get(reverse("benchmarking:overview"))
    assert overview.status_code == 200 and overview.context["summary"].enterprises_attained == 1
    assert client.get(reverse("benchmarking:overview") + "?export=csv").status_code == 200
    assert client.get(reverse("benchmarking:comparison_list") + "?export=xlsx").status_code == 200
    catalog = client.get(reverse("benchmarking:indicator_list") + "?industry=wood_furniture")
    assert catalog.status_code == 200 and catalog.context["window"].paginator.count == 37
    assert client.get(reverse("benchmarking:indicator_list") + "?export=csv").status_code == 200
    client.force_login(owner)
    assert client.get(reverse("benchmarking:overview")).status_code == 403
    assert client.get(reverse("benchmarking:comparison_list") + "?export=csv").status_code == 403


def test_enterprise_profile_shows_the_section(client, firm):
    enterprise, owner, _staff, product = firm
    declared(owner, product)
    client.force_login(owner)
    page = client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk]))
    assert page.status_code == 200 and 'data-section="benchmarking"' in page.content.decode()
    assert str(product) in page.content.decode()
