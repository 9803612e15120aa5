"""Home-page cards: an inspector's sampling queue, a lab's testing queue."""

from nqi.core.home import HomeCard, register
from nqi.spotchecks import selectors
from nqi.spotchecks.rules import is_inspector, is_lab_user


def _queue(board: str):
    def context(request):
        qs = selectors.task_list_visible_to(actor=request.user, filters=selectors.TaskFilter(board=board))
        return {"board": board, "count": qs.count(), "tasks": list(qs[:6])}

    return context


register(
    HomeCard(
        "spotchecks.inspector",
        "spotchecks/cards/queue.html",
        _queue("inspector"),
        is_inspector,
        order=30,
        width=6,
    )
)
register(
    HomeCard("spotchecks.lab", "spotchecks/cards/queue.html", _queue("lab"), is_lab_user, order=30, width=6)
)
