"""The transition table of a quality problem: open → solved (with solution and date) or dropped with reasons.

The service `problem_transition` requires the solution and the date before `solve` (a problem counts as
solved only with the measures written down: the report's "396 problems solved").
"""

from django.utils.translation import gettext_lazy as _

from nqi.assistance.choices import ProblemStatus as P
from nqi.core.workflow import ButtonStyle, State, Transition, Workflow, register

PROBLEM_WORKFLOW = register(
    Workflow(
        name="problem",
        model="assistance.problem",
        status_field="status",
        states=State.from_choices(P, terminal=(P.SOLVED, P.DROPPED)),
        initial=P.OPEN,
        transitions=(
            Transition(
                "solve",
                (P.OPEN,),
                P.SOLVED,
                "assistance.solve_problem",
                _("标记已解决"),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "drop",
                (P.OPEN,),
                P.DROPPED,
                "assistance.solve_problem",
                _("不再跟进"),
                requires_comment=True,
                button_style=ButtonStyle.SECONDARY,
            ),
        ),
    )
)
