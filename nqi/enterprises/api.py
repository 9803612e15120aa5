"""Enterprise and product endpoints: the same selectors and services as the pages."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from nqi.core.masking import mask_phone
from nqi.core.permissions import has_perm
from nqi.enterprises import selectors, services
from nqi.enterprises.claim_api import router as claim_router
from nqi.enterprises.schemas import (
    EnterpriseCreateIn,
    EnterpriseOut,
    EnterpriseUpdateIn,
    ProductCreateIn,
    ProductOut,
    ProductUpdateIn,
)

router = Router(tags=["enterprises"])
router.add_router("/claims", claim_router)


class EnterpriseFilterIn(Schema):
    q: str = ""
    region: str = ""
    industry: str = ""
    featured_industry: int | None = None
    scale: str = ""
    status: str = ""
    sort: str = "name"


def _masked(request, enterprise):
    if not has_perm(request.user, "enterprises.view_personal_data", enterprise):
        enterprise.contact_phone = mask_phone(enterprise.contact_phone)
    return enterprise


def _given(payload: Schema) -> dict:
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}


@router.get("/", response=list[EnterpriseOut], summary="List enterprises visible to you")
@paginate(LimitOffsetPagination)
def enterprise_list(request, filters: Query[EnterpriseFilterIn]):
    f = selectors.EnterpriseFilter(
        **{k: (v[:100] if isinstance(v, str) else v) for k, v in filters.dict().items()}
    )
    return _MaskingList(selectors.enterprise_list_visible_to(actor=request.user, filters=f), request)


class _MaskingList:
    """Applies masking lazily to the sliced page only (pagination slices before iteration)."""

    def __init__(self, qs, request):
        self.qs, self.request = qs, request

    def __len__(self):
        return self.qs.count()

    def count(self):
        return self.qs.count()

    def __getitem__(self, item):
        return [_masked(self.request, e) for e in self.qs[item]]


@router.get("/{int:enterprise_id}", response=EnterpriseOut, summary="Get an enterprise")
def enterprise_get(request, enterprise_id: int):
    return _masked(request, selectors.enterprise_get_for(actor=request.user, pk=enterprise_id))


@router.post("/", response={201: EnterpriseOut}, summary="Register an enterprise")
def enterprise_create(request, payload: EnterpriseCreateIn):
    enterprise = services.enterprise_create(actor=request.user, data=_given(payload))
    return Status(201, selectors.enterprise_get_for(actor=request.user, pk=enterprise.pk))


@router.patch("/{int:enterprise_id}", response=EnterpriseOut, summary="Update an enterprise")
def enterprise_update(request, enterprise_id: int, payload: EnterpriseUpdateIn):
    enterprise = selectors.enterprise_get_for(actor=request.user, pk=enterprise_id)
    data = _given(payload)
    version = data.pop("expected_version", None)
    services.enterprise_update(actor=request.user, enterprise=enterprise, data=data, expected_version=version)
    return _masked(request, selectors.enterprise_get_for(actor=request.user, pk=enterprise_id))


@router.get(
    "/{int:enterprise_id}/products", response=list[ProductOut], summary="List an enterprise's products"
)
@paginate(LimitOffsetPagination)
def product_list(request, enterprise_id: int):
    selectors.enterprise_get_for(actor=request.user, pk=enterprise_id)
    return selectors.product_list_visible_to(actor=request.user, enterprise_id=enterprise_id)


@router.post("/{int:enterprise_id}/products", response={201: ProductOut}, summary="Add a product")
def product_create(request, enterprise_id: int, payload: ProductCreateIn):
    enterprise = selectors.enterprise_get_for(actor=request.user, pk=enterprise_id)
    return Status(
        201, services.product_create(actor=request.user, enterprise=enterprise, data=_given(payload))
    )


@router.patch("/products/{int:product_id}", response=ProductOut, summary="Update a product")
def product_update(request, product_id: int, payload: ProductUpdateIn):
    product = selectors.product_get_for(actor=request.user, pk=product_id)
    return services.product_update(actor=request.user, product=product, data=_given(payload))
