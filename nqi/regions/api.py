from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from nqi.core.errors import NotFound
from nqi.regions import selectors

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_id: str | None
    is_official: bool


@router.get("/", response=list[RegionOut], summary="List regions (GB/T 2260)")
@paginate(LimitOffsetPagination)
def region_list(request, level: str | None = None, parent: str | None = None, q: str = ""):
    return selectors.region_list(level=level, parent=parent, q=q[:60])


@router.get("/{code}", response=RegionOut, summary="Get a region")
def region_get(request, code: str):
    region = selectors.region_get(code)
    if region is None:
        raise NotFound("region not found")
    return region
