"""`{% lex_sarah_on_case %}`: Lex Sarah on the staff case page (lexsarah/includes/case_link.html, included there).

The people responsible for Lex Sarah on the case's node or above see the records linked to the case and may start
one from it. Nobody else learns whether a record exists: another reader of a case flagged as a possible serious
deficiency is offered a way to report it, whether or not a record has been made. The roles come from the staff
frame, read once per request for the page's header, so that for everyone without the role this costs no query.
"""

from typing import Any

from django import template

from accounts.context_processors import frame_for
from cases.models import Case
from lexsarah.selectors import lex_sarah_for_case
from organisations.models import Role

register = template.Library()


@register.inclusion_tag("lexsarah/_case_link.html", takes_context=True)
def lex_sarah_on_case(context: template.Context) -> dict[str, Any]:
    case: Case = context["case"]
    request = context["request"]
    frame = frame_for(request)
    records: list[Any] = []
    may_start = False
    if frame is not None and Role.LEX_SARAH in frame.held_roles:
        found = lex_sarah_for_case(user=request.user, case=case)
        records, may_start = found.records, found.may_start
    may_report = not may_start and case.possible_serious_deficiency and case.is_open
    return {"case": case, "records": records, "may_start": may_start, "may_report": may_report}
