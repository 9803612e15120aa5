"""API schemas of the one-stop window: separate In/Out shapes per operation (house rule 7)."""

from datetime import date, datetime

from ninja import Schema


class PlatformOut(Schema):
    id: int
    code: str
    name: str
    featured_industry_id: int | None
    host_id: int
    host_name: str
    region_id: str
    address: str
    opening_hours: str
    phone: str

    @staticmethod
    def resolve_host_name(obj):
        return obj.host.name


class ServiceItemOut(Schema):
    id: int
    platform_id: int
    code: str
    domain: str
    name: str
    description: str
    provider_ids: list[int]
    is_free: bool
    fee_note: str
    promised_working_days: int
    required_documents: list[str]

    @staticmethod
    def resolve_provider_ids(obj):
        return [p.pk for p in obj.providers.all()]


class PlatformDetailOut(PlatformOut):
    participant_ids: list[int]
    items: list[ServiceItemOut]

    @staticmethod
    def resolve_participant_ids(obj):
        return [p.pk for p in obj.participants.all()]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class ServiceRequestOut(Schema):
    id: int
    number: str | None
    platform_id: int
    enterprise_id: int
    enterprise_name: str
    title: str
    channel: str
    priority: str
    status: str
    submitted_at: datetime
    accepted_at: datetime | None
    closed_at: datetime | None
    due_at: datetime | None
    version: int

    @staticmethod
    def resolve_enterprise_name(obj):
        return obj.enterprise.name


class ServiceTaskOut(Schema):
    id: int
    request_id: int
    item_id: int
    provider_id: int
    status: str
    routed_at: datetime
    accepted_at: datetime | None
    delivered_at: datetime | None
    due_at: datetime | None
    info_request: str
    result_summary: str
    report_numbers: list[str]
    version: int


class ClockOut(Schema):
    task_id: int | None
    kind: str
    cycle: int
    policy_version: int
    target_hours: float
    used_hours: float
    state: str
    due_at: datetime | None
    breached_at: datetime | None


class DocumentLinkOut(Schema):
    document_id: int
    kind: str
    title: str
    reused: bool


class ServiceRequestDetailOut(ServiceRequestOut):
    description: str
    item_ids: list[int]
    return_reason: str
    tasks: list[ServiceTaskOut]
    clocks: list[ClockOut]
    documents: list[DocumentLinkOut]
    rating_score: int | None


class ServiceRequestSubmitIn(Schema):
    platform_id: int
    item_ids: list[int]
    title: str
    description: str = ""
    priority: str = "normal"
    contact_name: str = ""
    contact_phone: str = ""
    enterprise_id: int | None = None


class ServiceRequestRegisterIn(Schema):
    platform_id: int
    uscc: str
    channel: str
    item_ids: list[int]
    title: str
    description: str = ""
    priority: str = "normal"
    contact_name: str = ""
    contact_phone: str = ""


class TransitionIn(Schema):
    name: str
    comment: str = ""
    expected_version: int | None = None


class AssignmentIn(Schema):
    item_id: int
    provider_id: int
    note: str = ""


class RouteIn(Schema):
    assignments: list[AssignmentIn]
    expected_version: int | None = None


class DeliverIn(Schema):
    summary: str
    report_numbers: list[str] = []
    expected_version: int | None = None


class RatingIn(Schema):
    score: int
    comment: str = ""


class FollowUpIn(Schema):
    problem_solved: bool
    sales_gain: float | None = None
    certifications_gained: int = 0
    standards_gained: int = 0
    note: str = ""


class EnterpriseDocumentOut(Schema):
    id: int
    enterprise_id: int
    kind: str
    title: str
    size: int
    sha256: str
    valid_until: date | None
    is_current: bool
    created_at: datetime


class SlaFiguresOut(Schema):
    counted: int
    met: int
    breached: int
    compliance: float | None
    median_hours: float | None


class SlaRowOut(Schema):
    id: int | str | None
    name: str | None
    response: SlaFiguresOut
    resolution: SlaFiguresOut
    open: int
    overdue: int


class NoticeOut(Schema):
    id: int
    kind: str
    message: str
    request_id: int | None
    created_at: datetime
    read_at: datetime | None
