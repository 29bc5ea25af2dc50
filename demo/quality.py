"""The quality work in the demo (made-up people and events): a run of complaints about continuity of staff at one
home-care unit in the last whole month, so that the patterns across units name a rise whatever day the demo is
built; and last year's quality report for the committee, written by the quality developer in January as a draft.

Everything through the real services (cases.services, quality.services), each at its moment (time-machine).
"""

from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from accounts.models import User
from cases.models import CaseKind, Channel, SenderRole
from cases.services import CaseSubmission, case_answer_and_close, case_categorise, case_inform, case_register
from organisations.models import Category, CategoryDimension, Organisation, OrgNode
from quality.services import quality_report_save

CLUSTER_UNIT = "Hemtjänst Söder"
CLUSTER_DAYS_BEFORE_THE_MONTH = [3, 5, 8, 10, 13, 16, 20, 24]
CLUSTER_TEXTS = [
    "Det kommer nya personer från hemtjänsten nästan varje dag. Min pappa vet inte vem som ska komma och blir "
    "orolig.",
    "Under de senaste veckorna har min mamma haft elva olika personer hemma hos sig. Ingen vet hur hon vill ha "
    "det på morgonen.",
    "Jag har bett om samma personal flera gånger men det blir alltid någon ny som inte har varit här förut.",
]
INFORM = "Tack för att du hör av dig. Vi ser över hur vi planerar personalen och återkommer inom två veckor."
ANSWER = (
    "Vi har gått igenom planeringen. Från nästa månad får varje person en mindre grupp fasta medarbetare, och "
    "vi följer upp hur det fungerar."
)

REPORT_TEXTS = {
    "summary": (
        "Under året kom fler klagomål än året före, de flesta om bemötande och om information. Nästan alla som "
        "skrev fick besked inom fjorton dagar."
    ),
    "analysis": (
        "Klagomålen om hemtjänsten handlade ofta om att personalen byttes ut. I äldreboendena gällde de mest "
        "måltider och hjälp i tid."
    ),
    "lessons": (
        "Vi har lärt oss att en kort återkoppling tidigt gör stor skillnad, och att avvikelser och klagomål "
        "behöver läsas tillsammans för att mönster ska synas."
    ),
    "actions": (
        "Nya rutiner för överlämning vid skiftbyte infördes i äldreboendena. Uppföljningen visar färre klagomål "
        "om mediciner i tid."
    ),
    "lex_sarah": "Ett missförhållande anmäldes till IVO. Åtgärderna följs upp varje månad.",
    "next_year": "Fasta team i hemtjänsten, och att alla som klagar får besked inom tio dagar.",
}


def _travel(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def seed_quality(
    organisation: Organisation, users: dict[str, User], *, now: datetime, quality_developer: str
) -> int:
    """The run of complaints and the quality report; how many things were done."""
    done = 0
    unit = OrgNode.objects.get(organisation=organisation, name=CLUSTER_UNIT)
    taxonomy = Category.objects.filter(organisation=organisation)
    continuity = taxonomy.get(dimension=CategoryDimension.TOPIC, code="continuity")
    staffing = taxonomy.get(dimension=CategoryDimension.CAUSE, code="staffing")
    first_of_month = timezone.localdate(now).replace(day=1)
    for index, days in enumerate(CLUSTER_DAYS_BEFORE_THE_MONTH):
        received = timezone.make_aware(datetime.combine(first_of_month - timedelta(days=days), time(10, 0)))
        with _travel(received):
            case = case_register(
                submission=CaseSubmission(
                    organisation=organisation,
                    kind=CaseKind.COMPLAINT,
                    sender_role=SenderRole.RELATIVE,
                    channel=Channel.WEB,
                    what_happened=CLUSTER_TEXTS[index % len(CLUSTER_TEXTS)],
                    unit=unit,
                    is_anonymous=True,
                    received_at=received,
                )
            ).case
        holder = case.holder
        assert holder is not None
        with _travel(received + timedelta(days=2)):
            case_inform(case=case, body=INFORM, acting_user=holder)
            case_categorise(case=case, topics=[continuity], causes=[staffing], acting_user=holder)
        closing = received + timedelta(days=12)
        if closing < now:
            with _travel(closing):
                case_answer_and_close(
                    case=case, body=ANSWER, acting_user=holder, topics=[continuity], causes=[staffing]
                )
        done += 1
    root = OrgNode.objects.get(organisation=organisation, parent__isnull=True)
    last_year = timezone.localdate(now).year - 1
    with _travel(timezone.make_aware(datetime.combine(date(last_year + 1, 1, 25), time(14, 0)))):
        quality_report_save(
            node=root, year=last_year, texts=REPORT_TEXTS, version=0, acting_user=users[quality_developer]
        )
    return done + 1
