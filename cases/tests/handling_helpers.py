"""Making cases for the handling tests through the real registration service."""

from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register


def register(tree, **overrides):
    values = dict(
        organisation=tree.organisation,
        kind=CaseKind.COMPLAINT,
        sender_role=SenderRole.RELATIVE,
        what_happened="Personalen hade ett dåligt bemötande mot min mamma.",
        unit=tree.care_home,
        contact_name="Karin Exempel",
        contact_email="karin.exempel@example.se",
    )
    values.update(overrides)
    return case_register(submission=CaseSubmission(**values)).case
