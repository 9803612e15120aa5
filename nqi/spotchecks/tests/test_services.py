"""Spot-check services: draw, refusals, verification, the task lifecycle, grading feedback, publication."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.errors import DomainError, PermissionDenied, ValidationFailed
from nqi.core.models import StatusChange
from nqi.spotchecks import services
from nqi.spotchecks.draw import InfeasiblePlan
from nqi.spotchecks.models import Task
from nqi.spotchecks.services.tasks import objection_due
from nqi.spotchecks.tests.factories import make_city, make_inspectors, make_lab, make_plan
from nqi.supervision.models import EnterpriseGrade, QualityEvent

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 100


@pytest.fixture
def world(city_officer, make_member):
    firms = make_city(city_officer)
    analysts, labs = {}, []
    for _ in range(2):
        user = make_member(OrganizationKind.INSTITUTION, Role.ANALYST)
        lab = make_lab(city_officer, organization=user.memberships.first().organization)
        analysts[lab.pk] = user
        labs.append(lab)
    return {
        "firms": firms,
        "lab": labs[0],
        "other_lab": labs[1],
        "inspectors": make_inspectors(make_member),
        "organizer": city_officer.memberships.first().organization,
        "analysts": analysts,
    }


def _drawn(city_officer, world, quota=4, seed="s-1"):
    plan = make_plan(city_officer, world["organizer"], items=(("JXPC-01", "production", quota),))
    return services.plan_draw(actor=city_officer, plan=plan, seed=seed)


class TestDraw:
    def test_draw_writes_tasks_and_published_digests_verify(self, city_officer, world):
        plan = _drawn(city_officer, world)
        assert plan.status == "drawn" and plan.seed == "s-1" and len(plan.input_digest) == 64
        assert plan.policy.domain == "sampling" and plan.algorithm_version == "jx-draw-1"
        tasks = list(Task.objects.filter(plan=plan).prefetch_related("inspectors"))
        assert len(tasks) == 4
        assert all(
            t.inspectors.count() == 2 and t.lab_id in (world["lab"].pk, world["other_lab"].pk) for t in tasks
        )
        assert services.plan_verify(plan=plan) == {
            "input_digest_ok": True,
            "result_digest_ok": True,
            "tasks_ok": True,
            "batches": 4,
        }

    def test_same_seed_same_inputs_same_tasks_in_another_plan(self, city_officer, world):
        a = make_plan(city_officer, world["organizer"])
        b = make_plan(city_officer, world["organizer"], year=timezone.localdate().year - 1)
        services.plan_draw(actor=city_officer, plan=a, seed="same")
        services.plan_draw(actor=city_officer, plan=b, seed="same")
        pick = lambda p: sorted(Task.objects.filter(plan=p).values_list("enterprise_id", "stage"))  # noqa: E731
        assert pick(a) == pick(b)

    def test_no_resampling_within_the_year(self, city_officer, world):
        first = _drawn(city_officer, world, quota=8)
        second = make_plan(city_officer, world["organizer"], items=(("JXPC-01", "circulation", 4),))
        services.plan_draw(actor=city_officer, plan=second, seed="x")
        a = set(Task.objects.filter(plan=first).values_list("enterprise_id", flat=True))
        b = set(Task.objects.filter(plan=second).values_list("enterprise_id", flat=True))
        assert not a & b

    @pytest.mark.parametrize(
        ("items", "message"),
        [
            ((("JXPC-01", "production", 50),), "超过可抽对象"),
            ((("JXPC-27", "production", 1),), "超过可抽对象"),
        ],
    )
    def test_infeasible_refused_and_nothing_written(self, city_officer, world, items, message):
        plan = make_plan(city_officer, world["organizer"], items=items)
        with pytest.raises(InfeasiblePlan) as exc:
            services.plan_draw(actor=city_officer, plan=plan)
        assert message in str(exc.value.message)
        plan.refresh_from_db()
        assert plan.status == "draft" and not Task.objects.filter(plan=plan).exists()

    def test_no_lab_with_scope_is_refused(self, city_officer, world):
        from nqi.enterprises.services import product_create
        from nqi.supervision.services import enterprisecategory_sync

        firm = world["firms"][0]
        product_create(actor=city_officer, enterprise=firm, data={"name": "木家具"})
        enterprisecategory_sync(actor=city_officer, enterprise_ids=[firm.pk])
        plan = make_plan(city_officer, world["organizer"], items=(("JXPC-27", "production", 1),))
        with pytest.raises(InfeasiblePlan) as exc:
            services.plan_draw(actor=city_officer, plan=plan)
        assert "资质认定能力范围" in str(exc.value.message)

    def test_too_few_inspectors_refused(self, city_officer, world):
        for inspector in world["inspectors"][1:]:
            for firm in world["firms"]:
                services.inspectorconflict_declare(
                    actor=city_officer, inspector=inspector, enterprise=firm, reason="亲属"
                )
        plan = make_plan(city_officer, world["organizer"])
        with pytest.raises(InfeasiblePlan) as exc:
            services.plan_draw(actor=city_officer, plan=plan)
        assert "检查人员" in str(exc.value.message)

    def test_items_validated_per_row_and_locked_after_draw(self, city_officer, world):
        plan = make_plan(city_officer, world["organizer"])
        with pytest.raises(ValidationFailed) as exc:
            services.planitem_set(
                actor=city_officer,
                plan=plan,
                items=[
                    {"category": "JXPC-01", "stage": "production", "quota": 2},
                    {"category": "NOPE", "stage": "production", "quota": 1},
                ],
            )
        assert "row 2.category" in exc.value.errors
        services.plan_draw(actor=city_officer, plan=plan, seed="z")
        with pytest.raises(DomainError):
            services.planitem_set(
                actor=city_officer,
                plan=plan,
                items=[{"category": "JXPC-01", "stage": "production", "quota": 1}],
            )

    def test_district_officer_cannot_draw_city_plan(self, city_officer, nanhu_officer, world):
        plan = make_plan(city_officer, world["organizer"])
        with pytest.raises(PermissionDenied):
            services.plan_draw(actor=nanhu_officer, plan=plan)


def _sample(task, inspector, **overrides):
    data = {
        "sampled_on": timezone.localdate().isoformat(),
        "product_name": "婴儿推车",
        "batch_number": "20261101",
        "quantity_test": 2,
        "quantity_backup": 2,
        "unit": "台",
        "price_paid": "1280.00",
        "seal_number": "FY-0001",
        "seller_name": "",
    }
    data.update(overrides)
    return services.task_record_sampling(
        actor=inspector, task=task, data=data, photos=[SimpleUploadedFile("a.jpg", JPEG, "image/jpeg")]
    )


def _results(task, fail_first=False):
    return [
        {
            "item": item,
            "standard_clause": f"GB 14748—2006 5.{n}",
            "verdict": "fail" if fail_first and n == 1 else "pass",
            "measured": "—",
        }
        for n, item in enumerate(task.category.test_items, start=1)
    ]


def _to_result(city_officer, world, fail=True):
    plan = _drawn(city_officer, world, quota=1)
    task = Task.objects.get(plan=plan)
    inspector = task.inspectors.first().inspector
    task = _sample(task, inspector)
    lab_user = world["analysts"][task.lab_id]
    task = services.task_transition(actor=lab_user, task=task, name="receive_sample")
    return services.task_submit_results(actor=lab_user, task=task, results=_results(task, fail_first=fail))


class TestTaskLifecycle:
    def test_sampling_record_is_validated_field_by_field(self, city_officer, world):
        plan = _drawn(city_officer, world, quota=1)
        task = Task.objects.get(plan=plan)
        inspector = task.inspectors.first().inspector
        with pytest.raises(ValidationFailed) as exc:
            _sample(task, inspector, quantity_backup=0, seal_number="", price_paid="-1")
        assert {"quantity_backup", "seal_number", "price_paid"} <= set(exc.value.errors)
        with pytest.raises(ValidationFailed) as exc:
            services.task_record_sampling(
                actor=inspector,
                task=task,
                data={},
                photos=[SimpleUploadedFile("x.jpg", b"GIF89a....", "image/jpeg")],
            )
        task.refresh_from_db()
        assert task.status == "drawn"

    def test_only_drawn_inspectors_sample(self, city_officer, world, make_member):
        task = Task.objects.get(plan=_drawn(city_officer, world, quota=1))
        stranger = make_member(OrganizationKind.BUREAU, Role.INSPECTOR, "330400")
        with pytest.raises(PermissionDenied):
            _sample(task, stranger)

    def test_results_must_cover_every_test_item(self, city_officer, world):
        task = Task.objects.get(plan=_drawn(city_officer, world, quota=1))
        task = _sample(task, task.inspectors.first().inspector)
        lab_user = world["analysts"][task.lab_id]
        task = services.task_transition(actor=lab_user, task=task, name="receive_sample")
        with pytest.raises(ValidationFailed):
            services.task_submit_results(actor=lab_user, task=task, results=_results(task)[:-1])

    def test_failure_regrades_objection_window_retest_and_rectification(
        self, city_officer, world, django_capture_on_commit_callbacks
    ):
        task = _to_result(city_officer, world, fail=True)
        assert task.verdict == "unqualified" and task.status == "result_ready"
        with django_capture_on_commit_callbacks(execute=True):
            task = services.task_notify(actor=city_officer, task=task)
        assert task.objection_due_on >= timezone.localdate() + dt.timedelta(days=15)
        assert QualityEvent.objects.filter(
            source_ref=f"spotchecks.task:{task.pk}", kind="spotcheck_fail"
        ).exists()
        assert EnterpriseGrade.objects.get(enterprise=task.enterprise).grade_class == "B"
        with pytest.raises(DomainError):  # window still open: no rectification order yet
            services.task_order_rectification(actor=city_officer, task=task)
        task = services.task_object(actor=city_officer, task=task, reason="样品保存不当")
        assert task.status == "retesting" and task.retest_lab_id not in (None, task.lab_id)
        with django_capture_on_commit_callbacks(execute=True):
            task = services.task_retest(actor=city_officer, task=task, outcome="upheld", comment="复检维持")
        assert task.status == "rectifying" and task.rectification_due_on > timezone.localdate()
        task = services.task_transition(
            actor=city_officer, task=task, name="submit_rectification", comment="已整改"
        )
        task = services.task_transition(actor=city_officer, task=task, name="recheck_pass")
        assert task.status == "closed"
        task = services.task_publish(actor=city_officer, task=task)
        assert task.published_at is not None
        assert StatusChange.objects.filter(target_id=str(task.pk), workflow="spotcheck_task").count() == 8

    def test_overturned_retest_voids_the_failure(
        self, city_officer, world, django_capture_on_commit_callbacks
    ):
        task = _to_result(city_officer, world, fail=True)
        with django_capture_on_commit_callbacks(execute=True):
            task = services.task_notify(actor=city_officer, task=task)
            task = services.task_object(actor=city_officer, task=task, reason="异议")
            task = services.task_retest(actor=city_officer, task=task, outcome="overturned")
        assert task.status == "closed" and task.verdict == "qualified"
        assert QualityEvent.objects.get(
            source_ref=f"spotchecks.task:{task.pk}", kind="spotcheck_fail"
        ).is_void
        assert EnterpriseGrade.objects.get(enterprise=task.enterprise).grade_class == "A"

    def test_objection_after_the_window_is_refused(self, city_officer, world):
        task = _to_result(city_officer, world, fail=True)
        task = services.task_notify(
            actor=city_officer, task=task, notified_on=timezone.localdate() - dt.timedelta(days=40)
        )
        with pytest.raises(DomainError) as exc:
            services.task_object(actor=city_officer, task=task, reason="太晚")
        assert "期限" in str(exc.value.message)
        task = services.task_order_rectification(actor=city_officer, task=task)
        assert task.status == "rectifying"

    def test_unfinished_result_is_not_published(self, city_officer, world):
        task = _to_result(city_officer, world, fail=False)
        with pytest.raises(DomainError):
            services.task_publish(actor=city_officer, task=task)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 17)),  # 15 calendar days, a Tuesday
        (dt.date(2026, 9, 16), dt.date(2026, 10, 8)),  # day 15 = 10-01 National Day → first working day after
        (dt.date(2026, 11, 6), dt.date(2026, 11, 23)),  # day 15 = Saturday 11-21 → Monday
    ],
)
def test_objection_window_counts_calendar_days_and_rolls_over_holidays(received, expected):
    assert objection_due(received, 15) == expected
