"""`{% related_cases %}`: the cases linked to the case in the context, for the staff case page (cases/relations.py).

Only the linked cases the reader may see are listed. The link to the page that links and unlinks is offered to
whoever may change the case (read with the case on the staff case page: cases.policy.case_visible_to_user_id),
while it is open: a closed case offers nothing, and a new case about the same matter links to it from its side.
"""

from typing import Any

from django import template

from cases.models import Case
from cases.policy import can_change_case
from cases.relations import related_cases as related_cases_for

register = template.Library()


@register.inclusion_tag("handling/_related.html", takes_context=True)
def related_cases(context: template.Context) -> dict[str, Any]:
    case: Case = context["case"]
    user = context["request"].user
    may_change = getattr(case, "may_change", None)
    if may_change is None:
        may_change = can_change_case(user, case)
    return {"case": case, "related": related_cases_for(case=case, user=user), "may_change": may_change}
