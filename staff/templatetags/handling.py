"""`{% handling_panel %}`: the handling panel for the case in the context (included by the staff case page).

The panel shows the facts and a list of what can be done, each a link to that form's own page (staff.handling_views):
no form is built here, so that the case page costs what its facts cost, not what ten forms and their selects do.
Whether anyone else can take the case is asked by the reassign page, not here: the answer is nearly always yes,
and asking would cost every case page a query.
"""

from typing import Any

from django import template

from cases.models import Case, CaseKind
from cases.policy import can_change_case
from cases.services.categories import case_categories
from staff.selectors import handling_panel_data

register = template.Library()


@register.inclusion_tag("handling/_panel.html", takes_context=True)
def handling_panel(context: template.Context) -> dict[str, Any]:
    case: Case = context["case"]
    data = handling_panel_data(
        case=case, assignments=context.get("assignments"), attachments=context.get("attachments")
    )
    # Only what will succeed: someone who may read the case but not change it (a quality developer) is offered
    # nothing. The staff case page reads the answer with the case (cases.policy.case_visible_to_user_id).
    may_change = getattr(case, "may_change", None)
    if may_change is None:
        may_change = can_change_case(context["request"].user, case)
    ops = data.operations if may_change else set()
    offered = {op for op in ops if op != "action_follow_up"}
    # Praise is thanked, not answered: one way to close, not two.
    if case.kind == CaseKind.PRAISE and "thank_and_close" in offered:
        offered.discard("answer_and_close")
    if case.possible_serious_deficiency:
        offered.discard("flag")
    follow_ups = [
        (action, action.followed_up_at is None and "action_follow_up" in ops) for action in data.actions
    ]
    return {
        "case": case,
        "categories": case_categories(case),
        "data": data,
        "offered": offered,
        "may_change": may_change,
        "follow_ups": follow_ups,
    }
