"""`{% handling_panel %}`: the handling panel for the case in the context, grouped by kind (the handling page,
staff.handling_views.CaseHandlingView). The staff case page shows the same parts as a workbench instead: the
timeline of staff/timeline.py beside what can be done (staff/templates/staff/case_detail.html).

The panel shows the facts and a list of what can be done, each a link to that form's own page (staff.handling_views):
no form is built here, so that the case page costs what its facts cost, not what ten forms and their selects do.
Whether anyone else can take the case is asked by the reassign page, not here: the answer is nearly always yes,
and asking would cost every case page a query.
"""

from typing import Any

from django import template

from cases.models import Case
from cases.services.categories import case_categories
from staff.selectors import handling_offer, handling_panel_data

register = template.Library()


@register.inclusion_tag("handling/_panel.html", takes_context=True)
def handling_panel(context: template.Context) -> dict[str, Any]:
    case: Case = context["case"]
    data = handling_panel_data(
        case=case, assignments=context.get("assignments"), attachments=context.get("attachments")
    )
    offer = handling_offer(case=case, data=data, user=context["request"].user)
    follow_ups = [(action, action.followed_up_at is None and offer.may_follow_up) for action in data.actions]
    return {
        "case": case,
        "categories": case_categories(case),
        "data": data,
        "offered": offer.offered,
        "may_change": offer.may_change,
        "follow_ups": follow_ups,
    }
