"""API schemas of enterprise claims: separate In/Out shapes per operation (house rule 7)."""

from datetime import datetime

from ninja import Schema


class EnterpriseClaimActionOut(Schema):
    name: str
    label: str
    allowed: bool
    reason: str | None
    requires_comment: bool


class EnterpriseClaimOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    enterprise_uscc: str
    claimant_id: int
    applicant_name: str
    applicant_position: str
    status: str
    status_label: str
    version: int
    created_at: datetime
    due_at: datetime | None
    overdue: bool
    deadline_working_days: int
    policy_version: int
    decided_at: datetime | None
    decision_comment: str
    organization_id: int | None

    @staticmethod
    def resolve_enterprise_name(obj):
        return obj.enterprise.name

    @staticmethod
    def resolve_enterprise_uscc(obj):
        return obj.enterprise.uscc

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


class EnterpriseClaimDetailOut(EnterpriseClaimOut):
    actions: list[EnterpriseClaimActionOut]


class EnterpriseClaimSubmitIn(Schema):
    uscc: str
    applicant_name: str
    applicant_position: str = ""
    contact_phone: str
    statement: str = ""


class EnterpriseClaimTransitionIn(Schema):
    transition: str
    comment: str = ""
    expected_version: int | None = None


class EnterpriseClaimFilterIn(Schema):
    status: str = ""
    due: str = ""
    q: str = ""
    region: str = ""
    sort: str = "-created"
