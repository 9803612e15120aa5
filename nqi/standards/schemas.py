"""API schemas of the standards app: separate In/Out shapes per operation (house rule 7)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class StandardSearchIn(Schema):
    q: str = ""
    family: str = ""
    mandate: str = ""
    status: str = ""
    ics: str = ""
    ccs: str = ""
    issuer: str = ""
    year_from: int | None = None
    year_to: int | None = None
    as_of: date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


class StandardBriefOut(Schema):
    id: int
    number: str
    canonical: str
    family: str
    designation: str
    mandate: str
    title_zh: str
    title_en: str
    status: str
    published_on: date | None
    implemented_on: date | None
    withdrawn_on: date | None
    confidence: str


class StandardHitOut(Schema):
    standard: StandardBriefOut
    exact: bool
    number_html: str
    title_zh_html: str
    title_en_html: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class StandardSearchOut(Schema):
    query: str
    total: int
    total_is_estimate: bool
    page: int
    page_size: int
    has_next: bool
    numbers: list[str]
    notes: list[str]
    hits: list[StandardHitOut]
    facets: dict[str, list[FacetValueOut]]
    facets_are_estimate: bool


class RelationOut(Schema):
    kind: str
    number: str
    standard_id: int | None


class StandardOut(StandardBriefOut):
    edition_key: str
    series_key: str
    prefix: str
    serial: str
    year: int | None
    supplement: str
    parse_warning: str
    issuer: str
    committee: str
    doctype: str
    stage_code: str
    status_verified: bool
    ics_codes: list[str]
    ccs_code: str
    adopted_number: str
    adopted_standard_id: int | None
    adoption_degree: str
    abstract: str
    source: str
    source_url: str
    version: int
    replaces: list[RelationOut]
    replaced_by: list[RelationOut]
    watchers: int
    watching: bool

    @staticmethod
    def resolve_ics_codes(obj):
        return obj.ics_codes.split()


class WatchOut(Schema):
    standard_id: int
    watching: bool
    watchers: int


class NoticeOut(Schema):
    id: int
    standard_id: int
    successor_id: int | None
    kind: str
    reason: str
    title: str
    body: str
    products: list[str]
    recipient_enterprise_id: int | None
    effective_on: date | None
    created_at: datetime
    read_at: datetime | None


class StatusChangeIn(Schema):
    transition: str
    successor: str = ""
    partial: bool = False
    effective_on: date | None = None
    comment: str = ""
    expected_version: int | None = None
