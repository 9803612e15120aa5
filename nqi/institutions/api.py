from datetime import date

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from nqi.core.masking import mask_phone
from nqi.core.permissions import has_perm
from nqi.institutions import selectors

router = Router(tags=["institutions"])


class InstitutionOut(Schema):
    id: int
    kind: str
    name: str
    uscc: str
    region_id: str
    cma_number: str
    cma_valid_from: date | None
    cma_valid_until: date | None
    cma_state: str
    address: str
    contact_phone: str


def _masked(request, institution):
    if not has_perm(request.user, "institutions.view_personal_data", institution):
        institution.contact_phone = mask_phone(institution.contact_phone)
    return institution


@router.get("/", response=list[InstitutionOut], summary="List institutions visible to you")
@paginate(LimitOffsetPagination)
def institution_list(request, q: str = "", kind: str = "", region: str = ""):
    qs = selectors.institution_list_visible_to(actor=request.user, q=q[:100], kind=kind, region=region)
    return [_masked(request, i) for i in qs]


@router.get("/{int:institution_id}", response=InstitutionOut, summary="Get an institution")
def institution_get(request, institution_id: int):
    return _masked(request, selectors.institution_get_for(actor=request.user, pk=institution_id))
