"""A case with every kind of entry on the timeline, made through the real services, one step a day (made-up
people only). Used by the timeline tests and the case page's browser test."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

from audit.actions import Action as AuditAction
from audit.services import audit_record
from cases.models import Case, ContactPreference, RelationReason
from cases.relations import case_relate
from cases.services import (
    action_add,
    action_follow_up,
    case_escalate,
    case_flag_serious_deficiency,
    case_inform,
    message_add,
    note_add,
)
from staff.tests.conftest import pdf_upload, register

CITIZEN_REASON = "Ingen har hört av sig sedan beskedet, och mamma får fortfarande vänta på larmet."
LONG_WORD = "Socialförvaltningens" + "äldreomsorgsverksamhets" * 8 + "kvalitetsuppföljning"


@dataclass
class RichCase:
    case: Case
    twin: Case
    start: datetime
    today: date


def _at(start: datetime, days: int, hour: int, minute: int = 0) -> time_machine.travel:
    moment = (start + timedelta(days=days)).replace(hour=hour, minute=minute)
    return time_machine.travel(moment, tick=False)


def rich_case(tree, *, days_ago: int = 12) -> RichCase:
    """Registered `days_ago` days ago at nine; today is the day after the last step. The complaint is at step 2,
    held by the unit manager, with its clock running."""
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    with _at(start, 0, 9):
        case = register(
            tree,
            received_at=timezone.now(),
            what_happened="Mamma fick vänta en timme på hjälp efter att ha larmat på natten.",
            desired_outcome="Att larmet besvaras snabbt.",
            contact_name="Karin Exempel",
            contact_email="karin.exempel@example.se",
            preferred_contact=ContactPreference.EMAIL,
            attachments=[pdf_upload("larmlogg.pdf")],
        )
    with _at(start, 1, 10):
        note_add(
            case=case,
            body="Ringde enheten: nattpersonalen var två i stället för tre.",
            acting_user=tree.contact_staff,
        )
    with _at(start, 1, 12):
        # The deadline sweep's reminder before the date to inform (its audit row, as cases.deadlines writes it).
        audit_record(
            action=AuditAction.DEADLINE_REMINDED_BEFORE,
            case_id=case.pk,
            data={"to": tree.contact_staff.pk, "inform_by": case.inform_by.isoformat()},
        )
    with _at(start, 2, 11):
        case_inform(
            case=case, body="Vi pratar med nattpersonalen och återkommer.", acting_user=tree.contact_staff
        )
    with _at(start, 3, 8, 30):
        message_add(
            case=case,
            body=f"Det har inte blivit bättre. {LONG_WORD}",
            from_citizen=True,
            attachments=[pdf_upload("foto av larmet.pdf")],
        )
    with _at(start, 4, 13):
        action_add(
            case=case,
            description="Genomgång av rutinerna för nattlarm.",
            responsible=tree.unit_manager,
            due_on=(start + timedelta(days=10)).date(),
            acting_user=tree.contact_staff,
        )
    with _at(start, 5, 14):
        late = action_add(
            case=case,
            description="Se över bemanningen på natten.",
            responsible=tree.contact_staff,
            due_on=(start + timedelta(days=6)).date(),
            acting_user=tree.contact_staff,
        )
    with _at(start, 6, 15):
        first = case.actions.exclude(pk=late.pk).get()
        action_follow_up(
            action=first,
            was_done=True,
            effect="Larmen besvaras nu inom fem minuter.",
            acting_user=tree.contact_staff,
        )
    with _at(start, 7, 9):
        case_flag_serious_deficiency(
            case=case, acting_user=tree.contact_staff, note="Kan vara ett missförhållande: bedöm lex Sarah."
        )
    with _at(start, 9, 16):
        case_escalate(case=Case.objects.get(pk=case.pk), reason=CITIZEN_REASON, requested_by_citizen=True)
    with _at(start, 10, 10):
        twin = register(tree, contact_name="Tolvan Tolvansson", what_happened="Samma natt, samma larm.")
        case_relate(
            case=Case.objects.get(pk=case.pk),
            other=twin,
            reason=RelationReason.SAME_MATTER_TWO_SENDERS,
            acting_user=tree.unit_manager,
        )
    with _at(start, 11, 11):
        message_add(
            case=Case.objects.get(pk=case.pk),
            body="Jag är enhetschef och har tagit över ditt ärende.",
            from_citizen=False,
            acting_user=tree.unit_manager,
        )
    return RichCase(
        case=Case.objects.get(pk=case.pk), twin=twin, start=start, today=(start + timedelta(days=12)).date()
    )
