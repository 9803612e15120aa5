"""Enterprise-claim endpoints (/api/v1/enterprises/claims/): the same selectors and services as the pages."""

from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from nqi.enterprises import claim_selectors, claims
from nqi.enterprises.claim_schemas import (
    EnterpriseClaimDetailOut,
    EnterpriseClaimFilterIn,
    EnterpriseClaimOut,
    EnterpriseClaimSubmitIn,
    EnterpriseClaimTransitionIn,
)
from nqi.enterprises.workflow import EnterpriseClaimStatus

router = Router(tags=["enterprise claims"])


def _with_overdue(claim, now=None):
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    claim.overdue = bool(
        claim.status == EnterpriseClaimStatus.SUBMITTED and claim.due_at and claim.due_at < start_of_today
    )
    return claim


def _detail(request, pk: int):
    claim = _with_overdue(claim_selectors.enterpriseclaim_get_for(actor=request.user, pk=pk))
    claim.actions = [
        {
            "name": a.transition.name,
            "label": str(a.transition.label),
            "allowed": a.allowed,
            "reason": a.reason,
            "requires_comment": a.transition.requires_comment,
        }
        for a in claim_selectors.enterpriseclaim_available_transitions(actor=request.user, claim=claim)
    ]
    return claim


class _Overdue:
    """Marks each claim of the sliced page overdue or not (pagination slices before iteration)."""

    def __init__(self, qs):
        self.qs = qs

    def __len__(self):
        return self.qs.count()

    def count(self):
        return self.qs.count()

    def __getitem__(self, item):
        now = timezone.now()
        return [_with_overdue(c, now) for c in self.qs[item]]


@router.get("/", response=list[EnterpriseClaimOut], summary="List enterprise claims visible to you")
@paginate(LimitOffsetPagination)
def enterpriseclaim_list(request, filters: Query[EnterpriseClaimFilterIn]):
    f = claim_selectors.EnterpriseClaimFilter(**{k: v[:100] for k, v in filters.dict().items()})
    return _Overdue(claim_selectors.enterpriseclaim_list_visible_to(actor=request.user, filters=f))


@router.get("/{int:claim_id}", response=EnterpriseClaimDetailOut, summary="Get a claim and its actions")
def enterpriseclaim_get(request, claim_id: int):
    return _detail(request, claim_id)


@router.post("/", response={201: EnterpriseClaimDetailOut}, summary="Claim an enterprise")
def enterpriseclaim_submit(request, payload: EnterpriseClaimSubmitIn):
    claim = claims.enterpriseclaim_submit(actor=request.user, data=payload.dict())
    return Status(201, _detail(request, claim.pk))


@router.post(
    "/{int:claim_id}/transitions", response=EnterpriseClaimDetailOut, summary="Approve, reject or withdraw"
)
def enterpriseclaim_transition(request, claim_id: int, payload: EnterpriseClaimTransitionIn):
    claim = claim_selectors.enterpriseclaim_get_for(actor=request.user, pk=claim_id)
    claims.enterpriseclaim_transition(
        actor=request.user,
        claim=claim,
        name=payload.transition,
        comment=payload.comment,
        expected_version=payload.expected_version,
    )
    return _detail(request, claim_id)
