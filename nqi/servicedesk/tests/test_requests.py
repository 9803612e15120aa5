"""Requests through the one window: submission with once-only documents, registration, accept/return,
routing into tasks, information requests pausing the SLA, delivery, automatic closing, rating."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from nqi.audit.models import AuditEvent
from nqi.core.errors import DomainError, PermissionDenied, ValidationFailed
from nqi.core.models import StatusChange
from nqi.core.workflow import TransitionNotAllowed
from nqi.servicedesk.choices import Channel, ClockKind, DocumentKind, NoticeKind, RequestStatus, TaskStatus
from nqi.servicedesk.models import EnterpriseDocument, FollowUp, Notice, ServiceRequest, ServiceTask, SlaClock
from nqi.servicedesk.services import aftercare, documents, requests, tasks
from nqi.servicedesk.tests.factories import pdf

pytestmark = pytest.mark.django_db

LICENCE, COMMISSION = DocumentKind.BUSINESS_LICENCE, DocumentKind.TEST_COMMISSION


def submit(desk, items=None, uploads=None, **data):
    return requests.servicerequest_submit(
        actor=desk.owner,
        enterprise=desk.enterprise,
        platform=desk.platform,
        item_ids=[i.pk for i in (items or [desk.testing, desk.drafting])],
        data={"title": "压缩机能效检验与企业标准编制", **data},
        uploads=desk.uploads(LICENCE, COMMISSION) if uploads is None else uploads,
    )


def routed(desk):
    request = submit(desk)
    requests.servicerequest_transition(actor=desk.clerk, request=request, name="accept")
    return tasks.servicerequest_route(
        actor=desk.clerk,
        request=request,
        assignments=[(desk.testing.pk, desk.lab.pk, "能效"), (desk.drafting.pk, desk.standards.pk, "")],
    )


class TestSubmission:
    def test_online_submission_stores_documents_and_starts_response_clock(self, desk):
        request = submit(desk)
        assert request.channel == Channel.ONLINE and request.status == RequestStatus.SUBMITTED
        assert request.number.startswith("FW")
        assert set(request.document_links.values_list("document__kind", "reused")) == {
            (LICENCE, False),
            (COMMISSION, False),
        }
        clock = SlaClock.objects.get(request=request, task=None)
        assert clock.kind == ClockKind.RESPONSE and clock.policy.priority == "normal"
        assert clock.target_seconds == 7 * 3600 and request.due_at == clock.due_at
        assert AuditEvent.objects.filter(
            event_type="servicedesk.servicerequest_submitted", target_id=str(request.pk)
        ).exists()

    def test_documents_on_file_are_reused_not_asked_again(self, desk):
        submit(desk)
        second = submit(desk, uploads={})
        assert set(second.document_links.values_list("document__kind", "reused")) == {
            (LICENCE, True),
            (COMMISSION, True),
        }
        assert EnterpriseDocument.objects.filter(enterprise=desk.enterprise).count() == 2

    def test_a_new_upload_replaces_the_document_on_file(self, desk):
        first = submit(desk)
        old = first.documents.get(kind=LICENCE)
        second = submit(desk, uploads={LICENCE: pdf("新执照.pdf")})
        old.refresh_from_db()
        new = second.documents.get(kind=LICENCE)
        assert old.replaced_by_id == new.pk and new.title == "新执照.pdf"
        assert second.document_links.get(document__kind=COMMISSION).reused

    def test_missing_required_document_is_refused_and_nothing_saved(self, desk):
        before = (
            ServiceRequest.objects.count(),
            EnterpriseDocument.objects.count(),
            AuditEvent.objects.count(),
        )
        with pytest.raises(ValidationFailed) as caught:
            submit(desk, uploads={LICENCE: pdf()})
        assert "doc_test_commission" in caught.value.errors
        assert "检验委托单" in str(caught.value.message)
        assert (
            ServiceRequest.objects.count(),
            EnterpriseDocument.objects.count(),
            AuditEvent.objects.count(),
        ) == before

    def test_expired_document_on_file_does_not_cover(self, desk):
        documents.enterprisedocument_upload(
            actor=desk.owner,
            enterprise=desk.enterprise,
            kind=LICENCE,
            upload=pdf(),
            valid_until=dt.date(2020, 1, 1),
        )
        with pytest.raises(ValidationFailed) as caught:
            submit(desk, items=[desk.drafting], uploads={})
        assert list(caught.value.errors) == ["doc_business_licence"]

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (pdf("病毒.exe", b"MZ\x90\x00"), "类型不允许"),
            (pdf("伪装.pdf", b"MZ\x90\x00 not a pdf"), "不符"),
            (pdf("空.pdf", b""), "空文件"),
            (pdf("太大.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024)), "超过上限"),
        ],
    )
    def test_bad_files_are_refused_with_a_clear_message(self, desk, upload, message):
        with pytest.raises(ValidationFailed) as caught:
            submit(desk, uploads={LICENCE: upload, COMMISSION: pdf()})
        assert message in caught.value.errors["doc_business_licence"][0]
        assert ServiceRequest.objects.count() == 0 and EnterpriseDocument.objects.count() == 0

    def test_files_written_before_a_failure_are_removed(self, desk, monkeypatch):
        def boom(**kwargs):
            raise RuntimeError("audit down")

        monkeypatch.setattr(requests.auditing, "record", boom)
        with pytest.raises(RuntimeError):
            submit(desk)
        assert EnterpriseDocument.objects.count() == 0
        _dirs, files = default_storage.listdir("servicedesk/documents/" + dt.date.today().strftime("%Y/%m/"))
        assert files == []

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"title": ""}, "title"),
            ({"priority": "asap"}, "priority"),
            ({"contact_phone": "call me"}, "contact_phone"),
        ],
    )
    def test_bad_fields_name_the_field(self, desk, change, field):
        with pytest.raises(ValidationFailed) as caught:
            submit(desk, **change)
        assert field in caught.value.errors

    def test_item_of_another_platform_is_refused(self, desk, system, make_member):
        from nqi.servicedesk.tests.factories import Desk

        other = Desk(system, make_member)
        with pytest.raises(ValidationFailed) as caught:
            submit(desk, items=[other.testing])
        assert "items" in caught.value.errors

    def test_only_own_enterprise_may_submit(self, desk):
        with pytest.raises(PermissionDenied):
            requests.servicerequest_submit(
                actor=desk.clerk,
                enterprise=desk.enterprise,
                platform=desk.platform,
                item_ids=[desk.drafting.pk],
                data={"title": "x"},
            )

    def test_clerk_registers_walk_in_with_channel(self, desk):
        request = requests.servicerequest_register(
            actor=desk.clerk,
            platform=desk.platform,
            enterprise=desk.enterprise,
            channel=Channel.PHONE,
            item_ids=[desk.drafting.pk],
            data={"title": "电话咨询标准编制"},
            uploads={LICENCE: pdf()},
        )
        assert request.channel == Channel.PHONE and request.submitted_by == desk.clerk
        with pytest.raises(ValidationFailed):
            requests.servicerequest_register(
                actor=desk.clerk,
                platform=desk.platform,
                enterprise=desk.enterprise,
                channel=Channel.ONLINE,
                item_ids=[desk.drafting.pk],
                data={"title": "x"},
            )


class TestWindow:
    def test_accept_stops_response_and_starts_resolution(self, desk):
        request = submit(desk)
        request = requests.servicerequest_transition(actor=desk.clerk, request=request, name="accept")
        assert request.status == RequestStatus.ACCEPTED and request.accepted_at
        response = SlaClock.objects.get(request=request, task=None, kind=ClockKind.RESPONSE)
        resolution = SlaClock.objects.get(request=request, task=None, kind=ClockKind.RESOLUTION)
        assert response.stopped_at and response.met
        assert resolution.target_seconds == 10 * 7 * 3600  # the longest item: 10 working days
        assert StatusChange.objects.filter(target_id=str(request.pk), transition="accept").exists()

    def test_return_needs_reasons_and_tells_the_enterprise(self, desk):
        request = submit(desk)
        with pytest.raises(ValidationFailed):
            requests.servicerequest_transition(actor=desk.clerk, request=request, name="return")
        request = requests.servicerequest_transition(
            actor=desk.clerk, request=request, name="return", comment="委托单未盖章"
        )
        assert request.status == RequestStatus.RETURNED and request.return_reason == "委托单未盖章"
        assert Notice.objects.filter(recipient=desk.owner, kind=NoticeKind.RETURNED).exists()
        request = requests.servicerequest_transition(
            actor=desk.owner, request=request, name="resubmit", comment="已盖章"
        )
        assert SlaClock.objects.filter(request=request, kind=ClockKind.RESPONSE).count() == 2

    @pytest.mark.parametrize("name", ["close", "resubmit"])
    def test_transition_out_of_order_is_refused(self, desk, name):
        request = submit(desk)
        with pytest.raises(TransitionNotAllowed) as caught:
            requests.servicerequest_transition(actor=desk.clerk, request=request, name=name)
        assert "待受理" in str(caught.value.message)

    def test_stale_version_is_refused(self, desk):
        request = submit(desk)
        requests.servicerequest_transition(
            actor=desk.clerk, request=request, name="accept", expected_version=1
        )
        with pytest.raises(DomainError):
            requests.servicerequest_transition(
                actor=desk.clerk, request=request, name="withdraw", comment="x", expected_version=1
            )

    def test_clerk_of_another_platform_may_not_accept(self, desk, system, make_member):
        from nqi.servicedesk.tests.factories import Desk

        other = Desk(system, make_member)
        with pytest.raises(PermissionDenied):
            requests.servicerequest_transition(actor=other.clerk, request=submit(desk), name="accept")


class TestRouting:
    def test_route_splits_into_tasks_with_clocks(self, desk):
        request = routed(desk)
        assert request.status == RequestStatus.IN_SERVICE
        assert set(request.tasks.values_list("provider_id", flat=True)) == {desk.lab.pk, desk.standards.pk}
        assert SlaClock.objects.filter(request=request, task__isnull=False).count() == 4
        assert Notice.objects.filter(recipient=desk.lab_user, kind=NoticeKind.ROUTED).exists()

    def test_provider_not_on_platform_is_refused_and_nothing_saved(self, desk):
        request = submit(desk)
        requests.servicerequest_transition(actor=desk.clerk, request=request, name="accept")
        with pytest.raises(DomainError) as caught:
            tasks.servicerequest_route(
                actor=desk.clerk,
                request=request,
                assignments=[
                    (desk.drafting.pk, desk.standards.pk, ""),
                    (desk.testing.pk, desk.outsider.pk, ""),
                ],
            )
        assert caught.value.code == "provider_not_on_platform" and desk.outsider.name in str(
            caught.value.message
        )
        assert ServiceTask.objects.count() == 0
        request.refresh_from_db()
        assert request.status == RequestStatus.ACCEPTED

    def test_provider_must_offer_the_item(self, desk):
        request = submit(desk)
        requests.servicerequest_transition(actor=desk.clerk, request=request, name="accept")
        with pytest.raises(DomainError) as caught:
            tasks.servicerequest_route(
                actor=desk.clerk, request=request, assignments=[(desk.drafting.pk, desk.lab.pk, "")]
            )
        assert caught.value.code == "provider_not_for_item"

    def test_cannot_route_before_acceptance(self, desk):
        with pytest.raises(TransitionNotAllowed):
            tasks.servicerequest_route(
                actor=desk.clerk,
                request=submit(desk),
                assignments=[(desk.drafting.pk, desk.standards.pk, "")],
            )


class TestTasks:
    def test_full_walk_information_pauses_sla_and_last_delivery_closes(self, desk):
        request = routed(desk)
        lab_task = request.tasks.get(provider=desk.lab)
        std_task = request.tasks.get(provider=desk.standards)
        lab_task = tasks.servicetask_transition(actor=desk.lab_user, task=lab_task, name="accept")
        lab_task = tasks.servicetask_transition(
            actor=desk.lab_user, task=lab_task, name="request_info", comment="请提供铭牌照片"
        )
        assert lab_task.status == TaskStatus.AWAITING_INFO and lab_task.due_at is None
        assert SlaClock.objects.get(task=lab_task, kind=ClockKind.RESOLUTION).is_paused
        assert SlaClock.objects.get(request=request, task=None, kind=ClockKind.RESOLUTION).is_paused
        assert Notice.objects.filter(recipient=desk.owner, kind=NoticeKind.INFO_REQUESTED).exists()
        lab_task = tasks.servicetask_transition(
            actor=desk.owner, task=lab_task, name="provide_info", comment="已上传", uploads=[pdf("铭牌.pdf")]
        )
        assert lab_task.status == TaskStatus.IN_PROGRESS and lab_task.attachments.count() == 1
        assert SlaClock.objects.get(task=lab_task, kind=ClockKind.RESOLUTION).is_running
        tasks.servicetask_deliver(
            actor=desk.lab_user,
            task=lab_task,
            summary="能效等级 1 级",
            report_numbers="JX2026-0001，JX2026-0002",
        )
        request.refresh_from_db()
        assert request.status == RequestStatus.IN_SERVICE
        std_task = tasks.servicetask_transition(actor=desk.standards_user, task=std_task, name="accept")
        tasks.servicetask_deliver(
            actor=desk.standards_user, task=std_task, summary="企业标准已发布", uploads=[pdf("Q-JX-001.pdf")]
        )
        request.refresh_from_db()
        assert request.status == RequestStatus.CLOSED and request.closed_at
        assert FollowUp.objects.get(request=request).due_on.year == request.closed_at.year + 1
        assert not SlaClock.objects.filter(request=request, stopped_at__isnull=True).exists()
        assert request.tasks.get(pk=lab_task.pk).report_numbers == ["JX2026-0001", "JX2026-0002"]
        rating = aftercare.servicerequest_rate(actor=desk.owner, request=request, score=5, comment="快")
        assert rating.score == 5
        with pytest.raises(DomainError):
            aftercare.servicerequest_rate(actor=desk.owner, request=request, score=4)

    def test_deliver_needs_a_result(self, desk):
        task = routed(desk).tasks.get(provider=desk.lab)
        task = tasks.servicetask_transition(actor=desk.lab_user, task=task, name="accept")
        with pytest.raises(ValidationFailed) as caught:
            tasks.servicetask_deliver(actor=desk.lab_user, task=task, summary="")
        assert set(caught.value.errors) == {"summary", "report_numbers"}

    def test_deliver_before_accept_is_out_of_order(self, desk):
        task = routed(desk).tasks.get(provider=desk.lab)
        with pytest.raises(TransitionNotAllowed):
            tasks.servicetask_deliver(actor=desk.lab_user, task=task, summary="x", report_numbers="1")

    def test_other_provider_may_not_work_the_task(self, desk):
        task = routed(desk).tasks.get(provider=desk.lab)
        with pytest.raises(PermissionDenied):
            tasks.servicetask_transition(actor=desk.lab2_user, task=task, name="accept")

    def test_cancel_last_open_task_closes_when_something_was_delivered(self, desk):
        request = routed(desk)
        std = tasks.servicetask_transition(
            actor=desk.standards_user, task=request.tasks.get(provider=desk.standards), name="accept"
        )
        tasks.servicetask_deliver(actor=desk.standards_user, task=std, summary="完成", report_numbers="Q/1")
        tasks.servicetask_transition(
            actor=desk.clerk, task=request.tasks.get(provider=desk.lab), name="cancel", comment="企业改送他处"
        )
        request.refresh_from_db()
        assert request.status == RequestStatus.CLOSED
        assert SlaClock.objects.filter(task__provider=desk.lab, cancelled=True).count() == 2

    def test_withdraw_cancels_clocks(self, desk):
        request = submit(desk)
        requests.servicerequest_transition(
            actor=desk.owner, request=request, name="withdraw", comment="不需要了"
        )
        clock = SlaClock.objects.get(request=request)
        assert clock.cancelled and clock.stopped_at
