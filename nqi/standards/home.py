"""Home cards: standard-change notices for whoever watches standards or makes products to them."""

from nqi.core.home import HomeCard, register
from nqi.core.permissions import has_perm
from nqi.standards import selectors


def _notices(request):
    qs = selectors.notice_list_visible_to(actor=request.user)
    return {
        "notices": list(qs.order_by("-created_at", "-id")[:5]),
        "unread": qs.filter(read_at__isnull=True).count(),
    }


register(
    HomeCard(
        "standards.notices",
        "standards/cards/notices.html",
        _notices,
        lambda u: has_perm(u, "standards.watch_standard"),
        order=20,
        width=6,
    )
)
