"""The staff frame: who is logged in, for which organisation, in which roles, and what they may open."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.middleware import logout_time
from accounts.models import User
from core.languages import Language, language_codes, offered_codes
from organisations.absence import MANAGER_ROLES
from organisations.models import (
    AUTHORITY_STAFF_ROLES,
    STATISTICS_ROLES,
    TAXONOMY_ROLES,
    NodeKind,
    OrganisationKind,
    Role,
    RoleAssignment,
)

# The frame is built once per request, however many templates of the page ask for it.
FRAME_ATTRIBUTE = "synpunkt_staff_frame"


class HeldRole(NamedTuple):
    """A role held, with what the frame needs of its node and organisation."""

    role: str
    path: str
    node_kind: str
    organisation: str
    organisation_kind: str
    languages: str


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    # "page" on the page itself, "true" on a page of its section (a case opened from the inbox), else "".
    current: str


@dataclass(frozen=True)
class StaffFrame:
    name: str
    roles: str
    organisation: str
    logout_at: datetime
    nav: list[NavItem] = field(default_factory=list)
    # The role codes held anywhere, for parts of a page that show only to some roles without a query of their own.
    held_roles: frozenset[str] = frozenset()
    # The interface languages their organisations offer, for the header's language buttons.
    languages: list[Language] = field(default_factory=list)
    # Each role held with its node's path, for a view that asks the access policy in the same request
    # (cases.policy.reading_paths): the roles are then read once per request, not twice.
    held: tuple[tuple[str, str], ...] = ()


def _current(request: HttpRequest, view_name: str, sections: set[str]) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    if match.view_name == view_name:
        return "page"
    return "true" if match.namespace in sections or match.view_name in sections else ""


# The pages of the Lex Sarah section, but for reporting, which is an entry of its own (lexsarah/urls.py).
LEX_SARAH_PAGES = {
    f"lexsarah:{name}"
    for name in (
        "detail",
        "report_from_case",
        "start_investigation",
        "record_investigation",
        "assess",
        "report_to_ivo",
        "record_ivo_reference",
        "close",
        "link_case",
    )
}


def _nav(
    request: HttpRequest,
    *,
    may_register: bool,
    may_review_log: bool,
    may_report: bool = False,
    may_handle_lex_sarah: bool = False,
    may_edit_taxonomy: bool = False,
    may_manage_absence: bool = False,
    may_see_statistics: bool = False,
    may_integrate: bool = False,
    at_authority: bool = False,
    may_register_reports: bool = False,
    may_see_requests: bool = False,
    may_run_retention: bool = False,
) -> list[NavItem]:
    """The staff navigation, in the order of a working day. A new section (the statistics) is one more entry here,
    behind the rule that says who may open it."""
    entries: list[tuple[str, str, set[str]]] = [
        (_("Inbox"), "staff:inbox", {"staff", "handling"}),
    ]
    if at_authority:
        # A supervisory authority's staff (supervision/): the reports, post and phone, the register, planning.
        entries.append((_("Reports"), "supervision:reports", {"supervision:decide"}))
        if may_register_reports:
            entries.append(
                (_("Register a report"), "supervision:register_report", {"supervision:registered"})
            )
        entries.append((_("Planning"), "supervision:planning", set()))
        entries.append((_("Register of providers"), "supervision:register", set()))
    if may_see_requests:
        entries.append((_("Requests for documents"), "records:list", {"records"}))
    if may_handle_lex_sarah:
        entries.append((_("Lex Sarah"), "lexsarah:list", LEX_SARAH_PAGES))
    if may_report:
        entries.append((_("Report a serious deficiency"), "lexsarah:report", {"lexsarah:report_done"}))
    if may_register:
        entries.append((_("Register post and phone"), "registrar:register", {"registrar"}))
    if may_manage_absence:
        entries.append((_("Absence and leaving"), "absence:list", {"absence"}))
    if may_see_statistics:
        entries.append((_("Statistics"), "statistics:page", {"statistics"}))
    if may_edit_taxonomy:
        entries.append((_("Categories"), "quality:categories", {"quality"}))
    if may_run_retention:
        entries.append((_("Retention"), "retention:runs", {"retention"}))
    if may_review_log:
        entries.append((_("Log review"), "accounts:audit_review", set()))
    if may_integrate:
        entries.append((_("Integrations"), "integrations:page", {"integrations"}))
    entries.append(
        (
            _("Your account"),
            "accounts:account",
            {"accounts:account", "accounts:otp_enrol", "accounts:logout_everywhere"},
        )
    )
    return [
        NavItem(label=label, url=reverse(view_name), current=_current(request, view_name, sections))
        for label, view_name, sections in entries
    ]


def frame_for(request: HttpRequest) -> StaffFrame | None:
    """The frame of a signed-in member of staff, from one query for their roles; None for anyone else."""
    cached = getattr(request, FRAME_ATTRIBUTE, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    rows = [
        HeldRole(*row)
        for row in RoleAssignment.objects.filter(user=user)
        .order_by("node__organisation__name", "role")
        .values_list(
            "role",
            "node__path",
            "node__kind",
            "node__organisation__name",
            "node__organisation__kind",
            "node__organisation__languages",
        )
    ]
    held = {row.role for row in rows}
    held_at_top = {row.role for row in rows if row.node_kind == NodeKind.ROOT}
    # Roles held at a supervisory authority, and at a municipality or provider: each side has its own pages.
    at_authority = OrganisationKind.SUPERVISORY_AUTHORITY
    held_at_authority = {row.role for row in rows if row.organisation_kind == at_authority}
    held_elsewhere = {row.role for row in rows if row.organisation_kind != at_authority}
    organisations = list(dict.fromkeys(row.organisation for row in rows))
    # The languages of their organisations, in the order the organisations give them; every installed one for
    # someone who holds no role (which organisation a citizen chose has nothing to do with staff).
    codes = list(dict.fromkeys(code for row in rows for code in language_codes(row.languages)))
    role_names = [str(label) for value, label in Role.choices if value in held]
    if not role_names and user.is_superuser:
        role_names = [_("System administrator")]
    verified = bool(getattr(user, "is_verified", lambda: False)())
    frame = StaffFrame(
        name=user.get_full_name() or user.get_username(),
        roles=", ".join(role_names),
        organisation=", ".join(organisations) or "Synpunkt",
        logout_at=logout_time(request.session),
        # Until the second factor is given, the other pages would only send the person back to it.
        nav=_nav(
            request,
            # As registrar.selectors.registrar_organisation and audit.views.may_review_log decide.
            may_register=Role.REGISTRAR in held_elsewhere and user.is_active,
            may_review_log=user.is_active and (user.is_superuser or Role.ADMINISTRATOR in held),
            # As organisations.absence.is_manager decides.
            may_manage_absence=user.is_active and bool(held.intersection(MANAGER_ROLES)),
            # As quality.selectors.taxonomy_organisations decides.
            may_edit_taxonomy=user.is_active and bool(held_at_top.intersection(TAXONOMY_ROLES)),
            # Everyone who works here must report a serious deficiency (lexsarah.selectors.report_nodes); the
            # people responsible for Lex Sarah handle the records (lexsarah.selectors.lex_sarah_paths).
            may_report=bool(held_elsewhere) and user.is_active,
            may_handle_lex_sarah=Role.LEX_SARAH in held and user.is_active,
            # As quality.statistics.statistics_organisations decides (STATISTICS_ROLES).
            may_see_statistics=user.is_active and bool(held.intersection(STATISTICS_ROLES)),
            # As api.services.integration_organisations decides.
            may_integrate=user.is_active and Role.ADMINISTRATOR in held_at_top,
            # As supervision.selectors.staff_authority decides.
            at_authority=user.is_active and bool(held_at_authority.intersection(AUTHORITY_STAFF_ROLES)),
            may_register_reports=user.is_active and Role.REGISTRAR in held_at_authority,
            # Requests for public documents are about cases: everyone who reads cases (cases.policy).
            may_see_requests=user.is_active and bool(held - {Role.ADMINISTRATOR, Role.ARCHIVIST}),
            # As retention.services.is_archivist decides: the role at the top of an organisation.
            may_run_retention=user.is_active and Role.ARCHIVIST in held_at_top,
        )
        if verified
        else [],
        held_roles=frozenset(held),
        languages=offered_codes(codes),
        held=tuple((row.role, row.path) for row in rows),
    )
    setattr(request, FRAME_ATTRIBUTE, frame)
    return frame


def staff_frame(request: HttpRequest) -> dict[str, object]:
    """`staff_frame` for core/staff_base.html; read (one query) only if a template uses it."""
    return {"staff_frame": SimpleLazyObject(lambda: frame_for(request))}
