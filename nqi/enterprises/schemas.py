"""API schemas of the enterprises app: separate In/Out shapes per operation (house rule 7)."""

from datetime import date, datetime

from ninja import Schema


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    region_id: str
    region_name: str
    industry_id: str | None
    featured_industry_id: int | None
    scale: str
    founded_on: date | None
    address: str
    legal_representative: str
    contact_name: str
    contact_phone: str
    status: str
    version: int
    updated_at: datetime

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name


class EnterpriseCreateIn(Schema):
    uscc: str
    name: str
    region: str | None = None
    industry: str | None = None
    featured_industry: str | None = None
    scale: str | None = None
    founded_on: str | None = None
    address: str | None = None
    legal_representative: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    status: str | None = None


class EnterpriseUpdateIn(Schema):
    name: str | None = None
    region: str | None = None
    industry: str | None = None
    featured_industry: str | None = None
    scale: str | None = None
    founded_on: str | None = None
    address: str | None = None
    legal_representative: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    status: str | None = None
    expected_version: int | None = None


class ProductOut(Schema):
    id: int
    enterprise_id: int
    name: str
    brand: str
    model: str
    category: str
    standard_code: str
    status: str


class ProductCreateIn(Schema):
    name: str
    brand: str | None = None
    model: str | None = None
    category: str | None = None
    standard_code: str | None = None
    status: str | None = None


class ProductUpdateIn(Schema):
    name: str | None = None
    brand: str | None = None
    model: str | None = None
    category: str | None = None
    standard_code: str | None = None
    status: str | None = None
