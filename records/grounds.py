"""The default legal grounds for withholding information (OSL 2009:400): seeded by migration 0002, and by
`legal_grounds_seed` where a database was emptied (the browser tests' transactional flush)."""

GROUNDS = [
    (
        "OSL 26 kap. 1 §",
        "Uppgift om en enskilds hälsa eller andra personliga förhållanden inom socialtjänsten",
        "Information on an individual's health or other personal circumstances in social services",
    ),
    (
        "OSL 26 kap. 5 §",
        "Uppgift om vem som har lämnat en anmälan eller utsaga om en annan enskild inom socialtjänsten",
        "Who made a report or statement about another individual in social services",
    ),
    (
        "OSL 25 kap. 1 §",
        "Uppgift om en enskilds hälsotillstånd eller andra personliga förhållanden inom hälso- och sjukvården",
        "Information on an individual's health or other personal circumstances in health care",
    ),
    (
        "OSL 21 kap. 1 §",
        "Uppgift om en enskilds hälsa eller sexualliv som kan antas leda till att den enskilde lider betydande men",
        "Information on an individual's health or sex life whose disclosure may cause them considerable harm",
    ),
    (
        "OSL 21 kap. 3 §",
        "Uppgift om en enskilds adress eller liknande när personen kan utsättas för våld eller annat allvarligt men",
        "An individual's address or similar, where they may be exposed to violence or other serious harm",
    ),
    (
        "OSL 39 kap. 3 §",
        "Uppgift om en anställds personliga förhållanden i personaladministrativ verksamhet",
        "Information on an employee's personal circumstances in personnel administration",
    ),
]


def legal_grounds_seed() -> None:
    """Add any default ground that is missing; a ground already there is left as the organisation keeps it."""
    from records.models import LegalGround

    for position, (citation, label, label_en) in enumerate(GROUNDS):
        LegalGround.objects.get_or_create(
            citation=citation, defaults={"label": label, "label_en": label_en, "position": position}
        )
