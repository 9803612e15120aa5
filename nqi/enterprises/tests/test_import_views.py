"""The import page: who may use it, upload → dry-run job page → confirm → import, templates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.enterprises.models import Enterprise
from nqi.enterprises.tests.factories import valid_uscc
from nqi.jobs.models import Job

pytestmark = pytest.mark.django_db
PAGE = reverse("enterprises:enterprise_import")


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NQI_JOBS_PROGRESS_FILE = tmp_path / "progress.sqlite3"


def _upload(rows, name="企业.csv"):
    text = "统一社会信用代码,企业名称\n" + "".join(f"{u},{n}\n" for u, n in rows)
    return SimpleUploadedFile(name, text.encode("gbk"), content_type="text/csv")


@pytest.mark.parametrize(
    ("role", "status"), [(R.OFFICER, 200), (R.ADMIN, 200), (R.INSPECTOR, 403), (R.LEADER, 403)]
)
def test_bureau_officers_only(client, make_member, settings, role, status):
    settings.NQI_REQUIRE_2FA_FOR_ADMINS = False
    client.force_login(make_member(K.BUREAU, role, "330400"))
    assert client.get(PAGE).status_code == status


def test_enterprise_users_may_not(client, make_member):
    client.force_login(make_member(K.ENTERPRISE, R.OWNER))
    assert client.get(PAGE).status_code == 403


def test_upload_check_confirm_import(client, city_officer, django_capture_on_commit_callbacks):
    client.force_login(city_officer)
    rows = [(valid_uscc(), "页面导入甲有限公司"), (valid_uscc(), "页面导入乙有限公司")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"importer": "enterprises", "file": _upload(rows)})
    checked = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[checked.pk])
    page = client.get(response.url).content.decode()
    assert (
        "预检通过：全部 2 行均有效。" in page
        and "页面导入乙有限公司" in page
        and 'data-action="commit"' in page
    )
    assert not Enterprise.objects.filter(name__startswith="页面导入").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:import_commit", args=[checked.pk]))
    imported = Job.objects.exclude(pk=checked.pk).get()
    assert response.url == reverse("jobs:job_detail", args=[imported.pk])
    assert "已导入 2 条记录。" in client.get(response.url).content.decode()
    assert Enterprise.objects.filter(name__startswith="页面导入").count() == 2


def test_bad_rows_show_the_report_link(client, city_officer, django_capture_on_commit_callbacks):
    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"importer": "enterprises", "file": _upload([("123", "坏行企业")])})
    page = client.get(response.url).content.decode()
    assert (
        "1 行数据有误" in page and 'data-testid="error-report"' in page and 'data-action="commit"' not in page
    )
    job = Job.objects.get()
    report = client.get(reverse("jobs:job_download", args=[job.pk, "error_report"]))
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).worksheets[0]
    assert list(sheet.iter_rows(values_only=True))[1][:3] == (2, "统一社会信用代码", "123")


def test_wrong_file_type_is_a_form_error(client, city_officer):
    client.force_login(city_officer)
    upload = SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")
    response = client.post(PAGE, {"importer": "enterprises", "file": upload})
    assert response.status_code == 422 and "只支持" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("importer", "first"), [("enterprises", "统一社会信用代码*"), ("products", "生产企业统一社会信用代码*")]
)
def test_templates(client, city_officer, importer, first):
    client.force_login(city_officer)
    response = client.get(reverse("enterprises:import_template", args=[importer]))
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value == first
    assert client.get(reverse("enterprises:import_template", args=["users"])).status_code == 404


def test_list_page_offers_import_to_officers_only(client, city_officer, city_leader):
    client.force_login(city_officer)
    assert PAGE in client.get(reverse("enterprises:enterprise_list")).content.decode()
    client.force_login(city_leader)
    assert PAGE not in client.get(reverse("enterprises:enterprise_list")).content.decode()
