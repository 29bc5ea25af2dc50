"""The rows of the register of reports and the triage list, written in Python (issue 19 item 9, docs/decisions/0042).

As with the planning view's rows (supervision.planning_table), the 50 rows of a page were most of its rendering:
per row an address reversed, two dates formatted, a decision's label translated and a dozen variable lookups. Here
the labels are translated once, the decision's address is reversed once per row by `reverse`, and every text from
the database goes through `html.escape` (what Django's `escape` calls). Dates are written as the template's
`date:"Y-m-d"` writes them: a moment in the current time zone, a day as it is.
"""

from collections.abc import Iterable
from datetime import date
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from supervision.models import Outcome, Report


def report_rows(reports: Iterable[Report], today: date) -> SafeString:
    """The `<tr>` of every report: reference (linking to its decision), day received, department, county, provider or
    unit, the day to send the notice by and the decision; a report waiting past that day is marked overdue."""
    outcomes = {value: escape(str(label)) for value, label in Outcome.choices}
    in_words = escape(gettext("In the reporter's words"))
    not_decided = escape(gettext("Not yet decided"))
    rows = []
    for report in reports:
        case = report.case
        inform_by = case.inform_by
        overdue = not report.outcome and inform_by is not None and inform_by < today
        if report.unit_id is not None:
            place = f"{escape(report.unit.name)}, {escape(report.provider.name)}"  # type: ignore[union-attr]
        elif report.provider_id is not None:
            place = escape(report.provider.name)  # type: ignore[union-attr]
        else:
            place = f"<em>{in_words}</em>"
        if report.outcome:
            notice, decision = "–", outcomes.get(report.outcome) or escape(report.outcome)
        else:
            notice, decision = (inform_by.isoformat() if inform_by else ""), not_decided
        link = escape(reverse("supervision:decide", args=[report.pk]))
        received = timezone.localtime(report.received_at).date().isoformat()
        rows.append(
            f"<tr{' class="is-overdue"' if overdue else ''}>"
            f'<th scope="row" class="nowrap"><a class="ds-link" href="{link}">{escape(case.reference_number)}</a></th>'
            f'<td class="nowrap">{received}</td><td>{escape(report.department.node.name)}</td>'
            f'<td>{escape(report.county)}</td><td>{place}</td><td class="nowrap">{notice}</td><td>{decision}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped, a number or a date
