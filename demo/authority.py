"""The fictional supervisory authority beside Exempelby kommun (issue 19): its six regional departments, staff in
every role, a register of fictional providers and units (fictional organisation numbers with valid check digits),
and about forty reports over the last twelve months, decided with each of the three outcomes, some waiting and
one overdue. Made-up people and events only.

The register is read from a CSV text through supervision.register.register_import, and every report goes through
supervision.services at the moment it happens in the story (time-machine), as the municipality's cases do.
"""

import random
from datetime import datetime, timedelta

import time_machine
from django.contrib.auth.password_validation import validate_password

from accounts.models import User
from cases.models import Channel, SenderRole
from organisations.models import Category, CategoryDimension, Organisation, Role, RoleAssignment
from supervision.models import Department, Outcome, Provider, SupervisedUnit
from supervision.register import register_import
from supervision.services import authority_create, report_decide, report_register

AUTHORITY = {"name": "Tillsynsverket (fiktiv myndighet)", "slug": "tillsynsverket", "reference_prefix": "TV"}

# username -> (first name, last name, department's region key or None for the root, role)
STAFF = {
    "maja.diarium": ("Maja", "Diarium", None, Role.REGISTRAR),
    "rut.registrator": ("Rut", "Registrator", "nord", Role.REGISTRAR),
    "ivar.inspektor": ("Ivar", "Inspektör", "nord", Role.INSPECTOR),
    "hedda.avdelningschef": ("Hedda", "Avdelningschef", "nord", Role.DEPARTMENT_HEAD),
    "sam.registrator": ("Sam", "Registrator", "syd", Role.REGISTRAR),
    "sune.inspektor": ("Sune", "Inspektör", "syd", Role.INSPECTOR),
    "stina.avdelningschef": ("Stina", "Avdelningschef", "syd", Role.DEPARTMENT_HEAD),
}
INSPECTORS = {"nord": "ivar.inspektor", "syd": "sune.inspektor"}
REGISTRARS = {"nord": "rut.registrator", "syd": "sam.registrator"}

# The register as an authority would export it: one unit per row.
REGISTER_CSV = """organisationsnummer;huvudman;typ;enhet;verksamhet;län;kommun
212000-0142;Exempelby kommun, socialnämnden;kommunal;Solgårdens äldreboende;SoL;Västerbottens län;Exempelby
212000-0142;Exempelby kommun, socialnämnden;kommunal;Hemtjänst Norr;SoL;Västerbottens län;Exempelby
212000-0142;Exempelby kommun, socialnämnden;kommunal;Gruppbostad Linden;LSS;Västerbottens län;Exempelby
556677-8899;Omsorgshuset Norrsken AB;privat;Norrskens äldreboende;SoL;Västerbottens län;Exempelby
556677-8899;Omsorgshuset Norrsken AB;privat;Norrskens hemtjänst;SoL;Västerbottens län;Exempelby
556123-4567;Trygga Händer Assistans AB;privat;Trygga Händer assistans;personlig assistans;Västerbottens län;
556900-0002;Fjällsippan Omsorg AB;privat;Fjällsippans gruppbostad;LSS;Norrbottens län;Fjällby
212000-0167;Granby kommun, socialnämnden;kommunal;Granby hemtjänst;SoL;Jämtlands län;Granby
556800-0003;Solrosen Vård AB;privat;Solrosens LSS-boende;LSS;Skåne län;Sydby
556800-0003;Solrosen Vård AB;privat;Solrosens korttidshem;LSS;Skåne län;Sydby
"""

# (unit, county, weight): Norrsken's care home draws the most reports, and more of them lately.
WHERE = [
    ("Norrskens äldreboende", "Västerbottens län", 9),
    ("Norrskens hemtjänst", "Västerbottens län", 4),
    ("Solgårdens äldreboende", "Västerbottens län", 3),
    ("Trygga Händer assistans", "Västerbottens län", 3),
    ("Fjällsippans gruppbostad", "Norrbottens län", 2),
    ("Granby hemtjänst", "Jämtlands län", 2),
    ("Solrosens LSS-boende", "Skåne län", 4),
    ("Solrosens korttidshem", "Skåne län", 2),
    (None, "Västerbottens län", 2),
    (None, "Skåne län", 1),
]
IN_WORDS = [
    "Ett privat boende vid torget i Exempelby, jag vet inte vad bolaget heter",
    "Hemtjänsten i Sydby centrum",
]
WHAT_HAPPENED = [
    "Min pappa har vid flera tillfällen inte fått sina mediciner på kvällen. Personalen säger att de inte hinner.",
    "En boende låg kvar på golvet i över en timme efter ett fall innan någon kom, trots att larmet gick.",
    "Min bror med autism har blivit inlåst på sitt rum flera gånger som straff. Ingen har kunnat förklara varför.",
    "Assistenterna byts ut hela tiden och min dotter får ofta ingen hjälp alls under helgerna.",
    "Jag arbetar som vikarie och har sett hur boende får vänta länge på hjälp till toaletten, varje natt.",
    "Maten serveras kall och flera boende har gått ner mycket i vikt utan att någon har reagerat.",
    "Min mamma har fått blåmärken på armarna och personalen kan inte säga hur det har gått till.",
    "Det finns bara en person i tjänst på natten för hela avdelningen, och larmen hinner inte besvaras.",
]
NOTICES = {
    Outcome.NO_FURTHER_REVIEW: (
        "Tack för dina uppgifter. Vi har registrerat dem och kommer att använda dem när vi planerar vår tillsyn. "
        "Vi gör ingen egen utredning nu. Ärendet avslutas."
    ),
    Outcome.SUPERVISION_OPENED: (
        "Tack för dina uppgifter. Vi har inlett tillsyn av verksamheten. Tillsynen är ett eget ärende; du får inte "
        "besked om hur den går, men den kan begäras ut. Ditt ärende avslutas."
    ),
    Outcome.HANDED_OVER: (
        "Tack för dina uppgifter. Vi har lämnat över dem till den som ansvarar för verksamheten, som ska ta hand om "
        "dem som ett klagomål. Ditt ärende hos oss avslutas."
    ),
}
FIRST_NAMES = ["Karin", "Lars", "Aisha", "Mikael", "Elsa", "Hassan", "Birgit", "Nils"]
LAST_NAMES = ["Andersson", "Berglund", "Lindqvist", "Hosseini", "Åberg", "Sundin"]
REPORTS = 40


def build_authority(password_hash: str, password: str) -> tuple[Organisation, dict[str, User]]:
    """The authority, its departments, its staff and its register."""
    authority = authority_create(
        name=AUTHORITY["name"], slug=AUTHORITY["slug"], reference_prefix=AUTHORITY["reference_prefix"]
    )
    departments = {
        d.region_key: d for d in Department.objects.filter(authority=authority).select_related("node")
    }
    root = authority.nodes.get(parent__isnull=True)
    users: dict[str, User] = {}
    for username, (first, last, region, role) in STAFF.items():
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.se",
            password=password_hash,
        )
        validate_password(password, user)
        user.save()
        users[username] = user
        node = departments[region].node if region else root
        RoleAssignment.objects.get_or_create(user=user, node=node, role=role)
    register_import(authority=authority, data=REGISTER_CSV.encode(), acting_user=users["maja.diarium"])
    return authority, users


def seed_reports(authority: Organisation, users: dict[str, User], *, now: datetime, seed: int) -> int:
    """About forty reports over the last twelve months; those older than three weeks decided, but one."""
    rng = random.Random(seed)  # noqa: S311 (made-up demo data, not secrets)
    units = {unit.name: unit for unit in SupervisedUnit.objects.filter(provider__authority=authority)}
    topics = list(
        Category.objects.filter(organisation=authority, dimension=CategoryDimension.TOPIC, is_active=True)[:4]
    )
    receivers = [
        provider
        for provider in Provider.objects.filter(authority=authority)
        if provider.organisation_number.startswith("212")
    ]
    made = 0
    for index in range(REPORTS):
        # More reports lately: the age in days is drawn towards today.
        age = int(365 * rng.random() ** 1.6)
        if index == 0:
            age = 26  # overdue: no notice yet, three weeks passed
        unit_name, county, _weight = rng.choices(WHERE, [weight for *_rest, weight in WHERE])[0]
        received_at = now - timedelta(days=age, hours=rng.randint(0, 8))
        anonymous = rng.random() < 0.2
        channel = rng.choices([Channel.WEB, Channel.POST, Channel.PHONE], [6, 3, 1])[0]
        region = "syd" if county == "Skåne län" else "nord"
        with time_machine.travel(received_at, tick=False):
            registration = report_register(
                authority=authority,
                channel=channel,
                county=county,
                unit=units[unit_name] if unit_name else None,
                provider_in_words="" if unit_name else rng.choice(IN_WORDS),
                what_happened=rng.choice(WHAT_HAPPENED),
                sender_role=rng.choice([SenderRole.RELATIVE, SenderRole.PERSON_CONCERNED, SenderRole.STAFF]),
                is_anonymous=anonymous,
                wants_answer=not anonymous,
                contact_name="" if anonymous else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                contact_email="" if anonymous else f"anmalare{index}@example.se",
                received_at=received_at,
                registered_by=users[REGISTRARS[region]] if channel != Channel.WEB else None,
            )
        made += 1
        if age < 22 or index == 0:
            continue
        outcome = rng.choices(list(Outcome), [6, 2, 2])[0]
        with time_machine.travel(received_at + timedelta(days=rng.randint(5, 18)), tick=False):
            report_decide(
                report=registration.report,
                outcome=outcome,
                notice=NOTICES[outcome],
                topics=rng.sample(topics, k=rng.randint(1, 2)),
                acting_user=users[INSPECTORS[region]],
                hand_to=rng.choice(receivers) if outcome == Outcome.HANDED_OVER else None,
            )
    return made
