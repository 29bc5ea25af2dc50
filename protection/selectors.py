"""The one place staff pages, letters and exports read a sender's details: hidden when they are protected, shown
(and the view audited) only to the roles the organisation names."""

from dataclasses import dataclass

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from cases.models import Case
from cases.policy import scope_paths_for_roles
from protection.models import ProtectedIdentity, ProtectedIdentityAccess


@dataclass(frozen=True)
class SenderDetails:
    """A sender's details as one reader may see them. `hidden`: protected details this reader does not see
    (their fields are empty); `protected_*`: what is marked, which every reader is told."""

    name: str
    email: str
    phone: str
    address: str
    about_person: str
    protected_sender: bool = False
    protected_person_concerned: bool = False
    hidden: bool = False

    @property
    def protected(self) -> bool:
        return self.protected_sender or self.protected_person_concerned


def protection_of(case: Case) -> ProtectedIdentity | None:
    mark = ProtectedIdentity.objects.filter(case=case).first()
    return mark if mark is not None and mark.any else None


def roles_that_see(case: Case) -> list[str]:
    access = ProtectedIdentityAccess.objects.filter(organisation_id=case.organisation_id).first()
    return list(access.roles) if access is not None else []


def may_see_protected(user: User | None, case: Case) -> bool:
    """Whether `user` holds a role the organisation names on the case's node or above it."""
    if user is None or not user.is_active:
        return False
    roles = roles_that_see(case)
    if not roles:
        return False
    return any(case.node_path.startswith(path) for path in scope_paths_for_roles(user, roles))


def sender_details(*, case: Case, reader: User | None) -> SenderDetails:
    """What `reader` (None: a letter or mail, read by nobody in particular) may see of the sender and the person
    concerned. Every showing of protected details is audited as a read of them."""
    full = SenderDetails(
        name=case.contact_name,
        email=case.contact_email,
        phone=case.contact_phone,
        address=case.contact_address,
        about_person=case.about_person,
    )
    mark = protection_of(case)
    if mark is None:
        return full
    if reader is not None and may_see_protected(reader, case):
        audit_record(
            action=Action.PROTECTED_IDENTITY_VIEWED,
            case_id=case.pk,
            actor=reader,
            data={"sender": mark.sender, "person_concerned": mark.person_concerned},
        )
        return SenderDetails(
            **{
                **full.__dict__,
                "protected_sender": mark.sender,
                "protected_person_concerned": mark.person_concerned,
            }
        )
    return SenderDetails(
        name="" if mark.sender else full.name,
        email="" if mark.sender else full.email,
        phone="" if mark.sender else full.phone,
        address="" if mark.sender else full.address,
        about_person=""
        if mark.person_concerned or (mark.sender and case.sender_role == "person_concerned")
        else full.about_person,
        protected_sender=mark.sender,
        protected_person_concerned=mark.person_concerned,
        hidden=True,
    )


def letter_may_carry_address(case: Case) -> bool:
    """No letter names a protected sender or their address: it goes by the way the organisation sends such post
    (through Skatteverket's forwarding), addressed by hand."""
    mark = protection_of(case)
    return mark is None or not mark.sender
