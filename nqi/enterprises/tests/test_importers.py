"""Enterprise and product imports through the real path: file → job → importer → bulk service → audit."""

import codecs
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from nqi.audit.models import AuditEvent
from nqi.core.errors import PermissionDenied
from nqi.enterprises.models import Enterprise, Product
from nqi.enterprises.tests.factories import make_enterprise, valid_uscc
from nqi.jobs.imports import import_commit, import_start
from nqi.jobs.models import Job
from nqi.jobs.runner import job_execute

pytestmark = pytest.mark.django_db
HEADER_ZH = ["统一社会信用代码", "企业名称", "行业代码", "企业规模", "成立日期", "联系电话"]
HEADER_EN = ["USCC", "Name", "Industry", "Scale", "Founded on", "Phone"]


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NQI_JOBS_PROGRESS_FILE = tmp_path / "progress.sqlite3"


def _rows(n, division="330402"):
    return [
        [valid_uscc(division), f"导入测试企业{i}有限公司", "3442", "小型", "2012-03-04", "13812345678"]
        for i in range(n)
    ]


def _csv(header, rows, encoding="utf-8") -> bytes:
    text = "\r\n".join(",".join(r) for r in [header, *rows]) + "\r\n"
    return text.encode(encoding)


def _xlsx(header, rows) -> bytes:
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _run(actor, content, *, importer="enterprises", dry_run=False, filename="data.csv"):
    job = import_start(
        actor=actor, importer=importer, filename=filename, content=content, dry_run=dry_run, enqueue=False
    )
    job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


def _counts():
    """Enterprises, products and audit events other than the job's own bookkeeping."""
    business_events = AuditEvent.objects.exclude(event_type__startswith="jobs.")
    return Enterprise.objects.count(), Product.objects.count(), business_events.count()


class TestEnterpriseImport:
    @pytest.mark.parametrize(
        ("header", "content"),
        [
            (HEADER_ZH, lambda h, r: _csv(h, r)),
            (HEADER_ZH, lambda h, r: codecs.BOM_UTF8 + _csv(h, r)),
            (HEADER_ZH, lambda h, r: _csv(h, r, "gbk")),
            (HEADER_EN, lambda h, r: _csv(h, r)),
            (HEADER_ZH, lambda h, r: _xlsx(h, r)),
        ],
        ids=["utf8", "utf8-bom", "gbk", "english-headers", "xlsx"],
    )
    def test_every_format_imports_and_audits(self, city_officer, header, content):
        rows = _rows(3)
        before = AuditEvent.objects.filter(event_type="enterprises.enterprise_created").count()
        job = _run(city_officer, content(header, rows))
        assert job.status == "succeeded", job.error
        assert job.result["written"] == 3
        saved = Enterprise.objects.get(uscc=rows[1][0])
        assert (saved.name, saved.scale, saved.region_id, str(saved.founded_on)) == (
            rows[1][1],
            "small",
            "330402",
            "2012-03-04",
        )
        created = AuditEvent.objects.filter(event_type="enterprises.enterprise_created")
        assert created.count() == before + 3
        assert created.filter(actor=city_officer).count() == 3  # the requester, not the worker

    def test_imported_enterprises_are_found_by_search(self, city_officer):
        from nqi.search.selectors import search_visible_to

        rows = _rows(3)
        rows[1][1] = "嘉兴市鸿雁搜索验证机械有限公司"
        assert _run(city_officer, _csv(HEADER_ZH, rows)).status == "succeeded"
        page = search_visible_to(actor=city_officer, index="enterprises.enterprise", q="鸿雁搜索")
        assert page.total == 1

    def test_three_bad_rows_in_twenty_thousand_are_named_and_nothing_is_written(self, city_officer):
        rows = _rows(20_000)
        rows[41][0] = rows[41][0][:-1] + ("0" if rows[41][0][-1] != "0" else "1")  # check character
        rows[9_999][1] = ""  # name missing
        rows[19_998][4] = "2012-13-40"  # impossible date
        before = _counts()
        job = _run(city_officer, _csv(HEADER_ZH, rows))
        assert job.status == "failed"
        assert job.result["bad_rows"] == [43, 10_001, 20_000]  # Excel rows: the header is row 1
        assert "第 43、10001、20000 行" in job.error
        assert {(p["row"], p["column"]) for p in job.result["problems"]} == {
            (43, "统一社会信用代码"),
            (10_001, "企业名称"),
            (20_000, "成立日期"),
        }
        assert _counts() == before

    def test_error_report_has_row_column_value_message(self, city_officer):
        rows = _rows(2)
        rows[1][3] = "巨型"
        job = _run(city_officer, _csv(HEADER_ZH, rows))
        with default_storage.open(job.result["files"]["error_report"], "rb") as handle:
            sheet = load_workbook(handle).worksheets[0]
        assert list(sheet.iter_rows(values_only=True))[1] == (3, "企业规模", "巨型", "“巨型”不是有效选项。")

    def test_duplicates_in_file_and_registered_ones_are_named(self, city_officer):
        existing = make_enterprise(city_officer)
        rows = _rows(3)
        rows[2][0] = rows[0][0]
        rows[1][0] = existing.uscc
        job = _run(city_officer, _csv(HEADER_ZH, rows))
        messages = {p["row"]: p["message"] for p in job.result["problems"]}
        assert messages == {3: "该统一社会信用代码已登记。", 4: "与本批次前面的行重复。"}

    def test_dry_run_validates_previews_and_writes_nothing(self, city_officer):
        before = _counts()
        job = _run(city_officer, _csv(HEADER_ZH, _rows(30)), dry_run=True)
        assert job.status == "succeeded"
        assert (job.result["rows"], job.result["written"], len(job.result["preview"])) == (30, 0, 20)
        assert job.result["columns"] == HEADER_ZH
        assert _counts()[:2] == before[:2]

    def test_commit_after_dry_run_imports_the_same_file(
        self, city_officer, django_capture_on_commit_callbacks
    ):
        checked = _run(city_officer, _csv(HEADER_ZH, _rows(5)), dry_run=True)
        with django_capture_on_commit_callbacks(execute=True):
            committed = import_commit(actor=city_officer, job=checked)
        committed.refresh_from_db()
        assert committed.status == "succeeded" and committed.result["written"] == 5
        assert committed.payload["checked_by_job"] == checked.pk

    def test_rerun_after_failure_is_safe(self, city_officer, django_capture_on_commit_callbacks):
        from nqi.jobs.services import job_rerun

        rows = _rows(4)
        rows[3][0] = rows[0][0]
        job = _run(city_officer, _csv(HEADER_ZH, rows))
        with django_capture_on_commit_callbacks(execute=True):
            job_rerun(actor=city_officer, job=job)
        job.refresh_from_db()
        assert job.status == "failed" and job.attempts == 2
        assert Enterprise.objects.filter(uscc=rows[0][0]).count() == 0

    def test_outside_jurisdiction_fails_with_reason(self, nanhu_officer):
        job = _run(nanhu_officer, _csv(HEADER_ZH, _rows(2, division="330421")))
        assert job.status == "failed" and "权限" in job.error
        assert not Enterprise.objects.filter(region_id="330421", name__startswith="导入测试").exists()

    def test_leader_may_not_start(self, city_leader):
        with pytest.raises(PermissionDenied):
            import_start(
                actor=city_leader, importer="enterprises", filename="a.csv", content=b"x", enqueue=False
            )
        assert not Job.objects.exists()

    @pytest.mark.parametrize(
        ("content", "fragment"),
        [
            (_csv(["企业名称"], [["甲"]]), "缺少必需的列：统一社会信用代码"),
            ("统一社会信用代码,企业名称\r\n".encode(), "没有数据行"),
            (b"\xd0\xcf\x11\xe0" + b"\0" * 64, ".xls"),
        ],
    )
    def test_whole_file_problems_fail_with_reason(self, city_officer, content, fragment):
        job = _run(city_officer, content)
        assert job.status == "failed" and fragment in job.error


class TestProductImport:
    HEADER = ["生产企业统一社会信用代码", "产品名称", "品牌", "型号规格", "执行标准"]

    def test_products_attach_to_visible_enterprises(self, city_officer):
        enterprise = make_enterprise(city_officer)
        rows = [
            [enterprise.uscc.lower(), "压缩机", "南湖", "QXH-1", "GB/T 1234—2020"],
            [enterprise.uscc, "阀门", "", "", ""],
        ]
        job = _run(city_officer, _csv(self.HEADER, rows), importer="products")
        assert job.status == "succeeded", job.error
        assert sorted(enterprise.products.values_list("name", flat=True)) == ["压缩机", "阀门"]

    def test_unknown_and_invisible_enterprises_get_the_same_message(self, city_officer, nanhu_officer):
        elsewhere = make_enterprise(city_officer, "330421")
        own = make_enterprise(city_officer, "330402")
        rows = [[own.uscc, "甲"], [valid_uscc(), "乙"], [elsewhere.uscc, "丙"], [own.uscc, ""]]
        before = _counts()
        job = _run(nanhu_officer, _csv(self.HEADER[:2], rows), importer="products")
        problems = {(p["row"], p["column"]): p["message"] for p in job.result["problems"]}
        assert problems == {
            (3, "生产企业统一社会信用代码"): "未找到该统一社会信用代码对应的企业。",
            (4, "生产企业统一社会信用代码"): "未找到该统一社会信用代码对应的企业。",
            (5, "产品名称"): "此项为必填项。",
        }
        assert _counts() == before

    def test_dry_run_rolls_back(self, city_officer):
        enterprise = make_enterprise(city_officer)
        before = _counts()
        job = _run(
            city_officer, _csv(self.HEADER[:2], [[enterprise.uscc, "甲"]]), importer="products", dry_run=True
        )
        assert job.status == "succeeded" and job.result["written"] == 0
        assert _counts()[:2] == before[:2]


class TestImportCommand:
    def test_imports_with_progress_line(self, tmp_path, system, capsys):
        path = tmp_path / "企业.csv"
        path.write_bytes(_csv(HEADER_ZH, _rows(3), "gbk"))
        call_command("import", "enterprises", str(path))
        out, err = capsys.readouterr()
        assert "imported 3 rows" in out and "100%" in err
        assert Job.objects.get().requested_by is None

    def test_dry_run_and_failure_write_the_error_report(self, tmp_path, system):
        rows = _rows(2)
        rows[0][0] = "123"
        path = tmp_path / "e.csv"
        path.write_bytes(_csv(HEADER_ZH, rows))
        with pytest.raises(CommandError, match="第 2 行"):
            call_command("import", "enterprises", str(path), "--dry-run", verbosity=0)
        assert (tmp_path / "e.csv.errors.xlsx").exists()

    def test_background_queues_for_the_worker(self, tmp_path, system, capsys):
        path = tmp_path / "e.csv"
        path.write_bytes(_csv(HEADER_ZH, _rows(1)))
        call_command("import", "enterprises", str(path), "--background")
        assert "queued" in capsys.readouterr().out
        assert Job.objects.get().status == "queued"


class TestBulkPath:
    """`enterprise_bulk_create` (used by imports) stores exactly what `enterprise_create` (the form) stores."""

    FIELDS = [
        f.attname
        for f in Enterprise._meta.concrete_fields
        if f.attname not in ("id", "uscc", "created_at", "updated_at")
    ]

    def test_same_record_as_the_form_path(self, city_officer):
        from nqi.enterprises import services
        from nqi.industries.models import FeaturedIndustry

        featured = FeaturedIndustry.objects.order_by("pk").first()
        data = {
            "name": "全字段企业有限公司",
            "region": "330411",
            "industry": "3442",
            "featured_industry": featured.key,
            "scale": "中型",
            "founded_on": "2001/02/03",
            "address": "嘉兴市南湖区某路 1 号",
            "legal_representative": "李四",
            "contact_name": "王五",
            "contact_phone": "0573-82345678",
            "status": "停业",
        }
        one = services.enterprise_create(actor=city_officer, data={**data, "uscc": valid_uscc()})
        [many] = services.enterprise_bulk_create(actor=city_officer, rows=[{**data, "uscc": valid_uscc()}])
        one, many = Enterprise.objects.get(pk=one.pk), Enterprise.objects.get(pk=many.pk)
        assert {f: getattr(many, f) for f in self.FIELDS} == {f: getattr(one, f) for f in self.FIELDS}
        assert many.created_at and many.created_at == many.updated_at

    def test_progress_and_dry_run(self, city_officer):
        from nqi.enterprises import services

        seen = []
        rows = [dict(zip(["uscc", "name"], r[:2], strict=True)) for r in _rows(4500)]
        built = services.enterprise_bulk_create(
            actor=city_officer, rows=rows, dry_run=True, progress=lambda *a: seen.append(a)
        )
        assert len(built) == 4500 and not any(e.pk for e in built)
        assert seen == [("validate", 2000, 4500), ("validate", 4000, 4500), ("validate", 4500, 4500)]
        seen.clear()
        created = services.enterprise_bulk_create(
            actor=city_officer, rows=rows, progress=lambda *a: seen.append(a)
        )
        assert seen[-3:] == [("write", 2000, 4500), ("write", 4000, 4500), ("write", 4500, 4500)]
        assert {e.pk for e in created} == set(
            Enterprise.objects.filter(uscc__in=[r["uscc"] for r in rows]).values_list("pk", flat=True)
        )
