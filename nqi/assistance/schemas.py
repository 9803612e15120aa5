"""API schemas of the housekeepers: separate In/Out shapes per operation (house rule 7)."""

from datetime import date

from ninja import Schema


class HousekeeperOut(Schema):
    id: int
    name: str
    employer_id: int | None
    title: str
    domains: list[str]
    industry_ids: list[int]
    region_codes: list[str]
    appointed_on: date

    @staticmethod
    def resolve_name(obj):
        return str(obj.user)

    @staticmethod
    def resolve_industry_ids(obj):
        return [i.pk for i in obj.industries.all()]

    @staticmethod
    def resolve_region_codes(obj):
        return [r.code for r in obj.regions.all()]


class VisitOut(Schema):
    id: int
    enterprise_id: int
    kind: str
    visited_on: date
    lead_id: int
    findings: str
    problem_count: int
    solved_count: int


class ProblemIn(Schema):
    domain: str
    description: str


class VisitRecordIn(Schema):
    enterprise_id: int
    kind: str
    visited_on: date
    housekeeper_ids: list[int]
    findings: str
    enterprise_participants: str = ""
    problems: list[ProblemIn] = []


class ProblemOut(Schema):
    id: int
    enterprise_id: int
    visit_id: int | None
    domain: str
    description: str
    status: str
    found_on: date
    solution: str
    solved_on: date | None
    service_request_id: int | None
    version: int


class ProblemTransitionIn(Schema):
    name: str
    comment: str = ""
    solution: str = ""
    solved_on: date | None = None
    expected_version: int | None = None
