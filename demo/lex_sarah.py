"""Two Lex Sarah records in the demo (made-up people and events): one started from a case flagged as a possible
serious deficiency, investigated, assessed as serious and reported to IVO; one reported on its own by a member of
staff a few days ago and not yet investigated, so that the list shows an overdue deadline.

Each step runs through the real services (lexsarah.services) at the moment it happens in the story (time-machine).
"""

from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

from accounts.models import User
from cases.models import OPEN_STATES, Case, CaseKind
from cases.services import case_flag_serious_deficiency
from lexsarah import services
from lexsarah.models import Assessment
from organisations.models import NodeKind, Organisation, OrgNode, Role
from organisations.selectors import role_holder_for

# The report a member of staff makes on their own (the second record).
OWN_REPORT = {
    "unit": "Gruppbostad Linden",
    "reporter": "emma.persson",
    "what_happened": (
        "En boende fick en annan boendes kvällsmediciner. Jag upptäckte det när jag skulle dela ut nästa dos. "
        "Sjuksköterskan kontaktades först på morgonen."
    ),
    "person_concerned": "Boende i lägenhet 3",
    "immediate_actions": "Jag stannade hos den boende och såg till att hen mådde bra under natten.",
}

# The manager's note on the case, where the story flagged none (read by everyone who reads the case: it says
# nothing of a record).
FLAG_NOTE = "Kan vara ett missförhållande: lämnat till den som är ansvarig för lex Sarah."

# The investigation of the record started from a case (the first record).
FROM_CASE = {
    "what_happened": (
        "Klagomålet beskriver att en boende fick vänta länge på hjälp efter larm och föll under tiden. Det kan vara "
        "ett missförhållande i omsorgen."
    ),
    "person_concerned": "Den boende som klagomålet gäller",
    "findings": (
        "Larmet gick kl. 21.40 och besvarades kl. 22.15. Två av tre i personalen var samtidigt upptagna med en "
        "annan boende; den tredje hade inte larmtelefonen med sig."
    ),
    "consequences": "Den boende föll, fick ett blåmärke på höften och var mycket rädd under kvällen.",
    "causes": "Rutinen för vem som bär larmtelefonen följdes inte vid skiftbytet, och kvällen var underbemannad.",
    "actions": (
        "Larmtelefonen lämnas över personligen vid skiftbyte (gäller från i dag). Enhetschefen ser över "
        "bemanningen på kvällarna och följer upp svarstiderna varje vecka i tre månader."
    ),
    "reasoning": (
        "Att inte få hjälp på över en halvtimme efter ett fall är ett allvarligt missförhållande för en person "
        "som är helt beroende av personalens hjälp."
    ),
}


def _travel(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def _case_to_start_from(organisation: Organisation, now: datetime) -> tuple[Case | None, bool]:
    """A complaint at a unit that staff flagged as a possible serious deficiency, received long enough ago for its
    investigation to have run its course (else the latest flagged one); where the story flagged none, an open
    complaint to flag first. With whether it still needs the flag."""
    complaints = Case.objects.filter(organisation=organisation, kind=CaseKind.COMPLAINT, unit__isnull=False)
    for candidates, needs_flag in (
        (complaints.filter(possible_serious_deficiency=True), False),
        (complaints.filter(state__in=OPEN_STATES), True),
    ):
        case = (
            candidates.filter(received_at__lt=now - timedelta(days=40)).order_by("-received_at").first()
            or candidates.order_by("-received_at").first()
        )
        if case is not None:
            return case, needs_flag
    return None, False


def seed_lex_sarah(organisation: Organisation, users: dict[str, User], *, now: datetime, officer: str) -> int:
    """Create the demo's two records; returns how many were made."""
    made = 0
    responsible = users[officer]
    case, needs_flag = _case_to_start_from(organisation, now)
    if case is not None:
        start = max(case.received_at + timedelta(days=2), now - timedelta(days=38))
        start = min(start, now - timedelta(hours=2))
        steps = [start + timedelta(days=days) for days in (0, 6, 9, 12)]
        manager = role_holder_for(case.unit, Role.UNIT_MANAGER) if case.unit else None
        if needs_flag and manager is not None:
            with _travel(start - timedelta(hours=1)):
                case_flag_serious_deficiency(case=case, acting_user=manager[0], note=FLAG_NOTE)
        with _travel(steps[0]):
            record = services.lex_sarah_start_from_case(
                case=case,
                acting_user=responsible,
                what_happened=FROM_CASE["what_happened"],
                person_concerned=FROM_CASE["person_concerned"],
                occurred_on=timezone.localdate(case.received_at) - timedelta(days=1),
            )
        if steps[1] < now:
            with _travel(steps[1]):
                record = services.lex_sarah_investigation_record(
                    record=record,
                    acting_user=responsible,
                    findings=FROM_CASE["findings"],
                    consequences=FROM_CASE["consequences"],
                    causes=FROM_CASE["causes"],
                    actions=FROM_CASE["actions"],
                )
        if steps[2] < now:
            with _travel(steps[2]):
                record = services.lex_sarah_assess(
                    record=record,
                    acting_user=responsible,
                    assessment=Assessment.SERIOUS,
                    reasoning=FROM_CASE["reasoning"],
                )
        if steps[3] < now:
            with _travel(steps[3]):
                services.lex_sarah_report_to_ivo(
                    record=record, acting_user=responsible, sent_on=timezone.localdate(), ivo_reference=""
                )
        made += 1
    unit = OrgNode.objects.filter(
        organisation=organisation, kind=NodeKind.UNIT, name=OWN_REPORT["unit"]
    ).first()
    if unit is not None:
        with _travel(now - timedelta(days=3, hours=5)):
            services.lex_sarah_report(
                node=unit,
                reported_by=users[OWN_REPORT["reporter"]],
                what_happened=OWN_REPORT["what_happened"],
                occurred_on=timezone.localdate() - timedelta(days=1),
                person_concerned=OWN_REPORT["person_concerned"],
                immediate_actions=OWN_REPORT["immediate_actions"],
            )
        made += 1
    return made
