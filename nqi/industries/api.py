from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from nqi.core.errors import NotFound
from nqi.industries import selectors

router = Router(tags=["industries"])


class IndustryOut(Schema):
    code: str
    name: str
    level: int
    parent_id: str | None
    section: str


class FeaturedIndustryOut(Schema):
    id: int
    key: str
    name: str
    name_en: str
    region_id: str
    main_products: str
    confidence: str
    industry_codes: list[str]

    @staticmethod
    def resolve_industry_codes(obj):
        return [i.code for i in obj.industries.all()]


@router.get("/", response=list[IndustryOut], summary="List GB/T 4754-2017 industries")
@paginate(LimitOffsetPagination)
def industry_list(request, level: int | None = None, parent: str | None = None, q: str = ""):
    return selectors.industry_list(level=level, parent=parent, q=q[:60])


@router.get("/featured", response=list[FeaturedIndustryOut], summary="List featured industries (特色产业)")
def featuredindustry_list(request, region: str | None = None):
    return list(selectors.featuredindustry_list(region=region).prefetch_related("industries"))


@router.get("/{code}", response=IndustryOut, summary="Get an industry")
def industry_get(request, code: str):
    industry = selectors.industry_get(code)
    if industry is None:
        raise NotFound("industry not found")
    return industry
