"""Job pages: list (scoped, filtered, exported, flat query count), live detail polled by htmx, buttons, files."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.jobs import services
from nqi.jobs.models import Job
from nqi.jobs.runner import job_execute

pytestmark = pytest.mark.django_db
LIST = reverse("jobs:job_list")


@pytest.fixture
def admin(make_member, settings):
    settings.NQI_REQUIRE_2FA_FOR_ADMINS = False
    return make_member(K.BUREAU, R.ADMIN, "330400", username="jobs-admin")


def _job(user, *, run=True, **payload):
    job = services.job_start(actor=user, kind="toy", label=f"玩具 {payload}", payload=payload, enqueue=False)
    if run:
        job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


def _detail(job):
    return reverse("jobs:job_detail", args=[job.pk])


class TestList:
    def test_users_see_their_own_jobs_admins_all(self, client, toy_kind, city_officer, nanhu_officer, admin):
        mine, theirs = _job(city_officer), _job(nanhu_officer)
        client.force_login(city_officer)
        assert [j.pk for j in client.get(LIST).context["jobs"]] == [mine.pk]
        client.force_login(admin)
        assert {j.pk for j in client.get(LIST).context["jobs"]} == {mine.pk, theirs.pk}
        assert [j.pk for j in client.get(LIST, {"mine": "on"}).context["jobs"]] == []

    def test_filter_by_status_and_htmx_partial(self, client, toy_kind, city_officer):
        _job(city_officer)
        failed = _job(city_officer, mode="crash")
        client.force_login(city_officer)
        response = client.get(LIST, {"status": "failed"}, headers={"HX-Request": "true"})
        assert [j.pk for j in response.context["jobs"]] == [failed.pk]
        assert b"<html" not in response.content

    def test_query_count_does_not_grow_with_rows(
        self, client, toy_kind, city_officer, django_assert_max_num_queries
    ):
        for n in range(3):
            _job(city_officer, value=n)
        client.force_login(city_officer)
        client.get(LIST)
        with django_assert_max_num_queries(12) as few:
            client.get(LIST)
        for n in range(20):
            _job(city_officer, value=n)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(LIST)
        assert len(response.context["jobs"]) == 23

    def test_export(self, client, toy_kind, city_officer):
        _job(city_officer, mode="refuse")
        client.force_login(city_officer)
        response = client.get(LIST, {"export": "csv"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "失败原因" in text.splitlines()[0] and "数据不完整" in text

    def test_menu_entry_for_bureau_users(self, client, toy_kind, city_officer):
        client.force_login(city_officer)
        menu = client.get(reverse("core:home")).context["nav_menu"]
        assert "后台任务" in [str(i.label) for e in menu if e["group"].key == "admin" for i in e["items"]]

    def test_anonymous_is_sent_to_sign_in(self, client):
        assert client.get(LIST).status_code == 302


class TestDetail:
    def test_others_get_404(self, client, toy_kind, city_officer, nanhu_officer):
        job = _job(city_officer)
        client.force_login(nanhu_officer)
        assert client.get(_detail(job)).status_code == 404
        assert client.get(reverse("jobs:job_detail", args=[999999])).status_code == 404

    def test_active_job_polls_every_second_and_finished_job_stops(self, client, toy_kind, city_officer):
        queued = _job(city_officer, run=False)
        client.force_login(city_officer)
        page = client.get(_detail(queued)).content.decode()
        assert 'hx-trigger="every 1s"' in page and "nqi worker" in page
        job_execute(job_id=queued.pk)
        partial = client.get(_detail(queued), headers={"HX-Request": "true"}).content.decode()
        assert partial.lstrip().startswith('<div id="job-status" data-status="succeeded"')
        assert "every 1s" not in partial and "100%" in partial

    def test_running_job_shows_live_progress(self, client, toy_kind, city_officer):
        from nqi.jobs import progress

        job = _job(city_officer, run=False)
        Job.objects.filter(pk=job.pk).update(status="running")
        job.refresh_from_db()
        progress.board().write(
            job, progress.Snapshot(30, 120, "正在校验：30 / 120 行", __import__("time").time())
        )
        client.force_login(city_officer)
        html = client.get(_detail(job), headers={"HX-Request": "true"}).content.decode()
        assert 'aria-valuenow="25"' in html and "正在校验：30 / 120 行" in html

    def test_failure_shows_reason_and_rerun_button(self, client, toy_kind, city_officer):
        job = _job(city_officer, mode="refuse")
        client.force_login(city_officer)
        html = client.get(_detail(job)).content.decode()
        assert "数据不完整：缺少第 3 行。" in html and 'data-action="rerun"' in html
        response = client.post(reverse("jobs:job_transition", args=[job.pk, "rerun"]))
        assert response.status_code == 302
        job.refresh_from_db()
        assert job.status in ("queued", "failed", "succeeded")  # the immediate backend may run it at once
        assert job.attempts >= 1

    def test_cancel_a_waiting_job(self, client, toy_kind, city_officer):
        job = _job(city_officer, run=False)
        client.force_login(city_officer)
        client.post(reverse("jobs:job_transition", args=[job.pk, "cancel"]))
        job.refresh_from_db()
        assert job.status == "cancelled"
        assert client.post(reverse("jobs:job_transition", args=[job.pk, "explode"])).status_code == 404

    def test_refused_transition_is_a_message_not_a_500(self, client, toy_kind, city_officer):
        job = _job(city_officer)
        client.force_login(city_officer)
        response = client.post(reverse("jobs:job_transition", args=[job.pk, "cancel"]), follow=True)
        assert response.status_code == 200 and "不能执行" in response.content.decode()


class TestFiles:
    def test_download_result_file(self, client, toy_kind, city_officer, nanhu_officer):
        job = _job(city_officer)
        name = default_storage.save("imports/reports/x.xlsx", ContentFile(b"PK\x03\x04demo"))
        Job.objects.filter(pk=job.pk).update(result={"files": {"error_report": name}})
        url = reverse("jobs:job_download", args=[job.pk, "error_report"])
        client.force_login(city_officer)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"PK\x03\x04demo"
        assert client.get(reverse("jobs:job_download", args=[job.pk, "other"])).status_code == 404
        client.force_login(nanhu_officer)
        assert client.get(url).status_code == 404
