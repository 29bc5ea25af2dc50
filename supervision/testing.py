"""A small supervisory authority with a persona in every role and a register, for tests (made-up people and
providers; the organisation numbers are fictional, with valid check digits)."""

from dataclasses import dataclass

from accounts.models import User
from organisations.models import Organisation, Role
from organisations.testing import grant, make_user
from supervision.models import Department, Provider, ProviderKind, ServiceKind, SupervisedUnit
from supervision.services import authority_create


@dataclass
class Authority:
    authority: Organisation
    nord: Department
    syd: Department
    central_registrar: User  # root: sees every department
    registrar: User  # nord
    inspector: User  # nord
    head: User  # nord
    other_inspector: User  # syd: must never see nord's reports
    provider: Provider  # private, two units in Västerbotten
    care_home: SupervisedUnit  # SoL
    group_home: SupervisedUnit  # LSS
    municipal: Provider
    assistance: SupervisedUnit  # personal assistance, in Skåne


def build_authority(slug: str = "tillsynen", prefix: str = "TIL") -> Authority:
    authority = authority_create(name="Tillsynsmyndigheten (fiktiv)", slug=slug, reference_prefix=prefix)
    departments = {
        d.region_key: d for d in Department.objects.filter(authority=authority).select_related("node")
    }
    nord, syd = departments["nord"], departments["syd"]
    root = authority.nodes.get(parent__isnull=True)
    people = {}
    for username, first, last, node, role in [
        (f"{slug}-central", "Cecilia", "Central", root, Role.REGISTRAR),
        (f"{slug}-reg", "Rut", "Registrator", nord.node, Role.REGISTRAR),
        (f"{slug}-insp", "Ivar", "Inspektör", nord.node, Role.INSPECTOR),
        (f"{slug}-head", "Hedda", "Avdelningschef", nord.node, Role.DEPARTMENT_HEAD),
        (f"{slug}-syd", "Sune", "Sydlund", syd.node, Role.INSPECTOR),
    ]:
        user = make_user(username, first, last)
        grant(user, node, role)
        people[username] = user
    provider = Provider.objects.create(
        authority=authority,
        name="Omsorgsbolaget Exempel AB",
        organisation_number="556677-8899",
        kind=ProviderKind.PRIVATE,
    )
    care_home = SupervisedUnit.objects.create(
        provider=provider,
        name="Björkhagens äldreboende",
        service_kind=ServiceKind.SOL,
        county="Västerbottens län",
    )
    group_home = SupervisedUnit.objects.create(
        provider=provider,
        name="Granens gruppbostad",
        service_kind=ServiceKind.LSS,
        county="Västerbottens län",
    )
    municipal = Provider.objects.create(
        authority=authority,
        name="Exempelby kommun, socialnämnden",
        organisation_number="212000-0142",
        kind=ProviderKind.MUNICIPAL,
    )
    assistance = SupervisedUnit.objects.create(
        provider=municipal,
        name="Personlig assistans Exempelby",
        service_kind=ServiceKind.PERSONAL_ASSISTANCE,
        county="Skåne län",
    )
    return Authority(
        authority=authority,
        nord=nord,
        syd=syd,
        central_registrar=people[f"{slug}-central"],
        registrar=people[f"{slug}-reg"],
        inspector=people[f"{slug}-insp"],
        head=people[f"{slug}-head"],
        other_inspector=people[f"{slug}-syd"],
        provider=provider,
        care_home=care_home,
        group_home=group_home,
        municipal=municipal,
        assistance=assistance,
    )
