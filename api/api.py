"""The HTTP API (OpenAPI 3.1 at /api/openapi.json): the public organisation tree, and case metadata for staff.

Staff calls use the same session as the web pages, with both log-in steps passed, and every case goes through
cases/policy.py like every page does. The API never returns what a sender wrote or who they are: it is for
integrations (dashboards, registry systems) that need the register's metadata, and reads are audited.
"""

from datetime import date, datetime

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Query, Schema, Swagger
from ninja.security import SessionAuth

from accounts.models import User
from cases.models import Case
from cases.policy import cases_visible_to
from cases.selectors import case_for_staff_read
from organisations.models import NodeKind, Organisation, OrgNode


class StaffSession(SessionAuth):
    """A web session of a member of staff who has passed the second factor."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        if user is None or not getattr(user, "is_verified", lambda: False)():
            return None
        return user  # type: ignore[no-any-return]


class ApiDocs(Swagger):
    """Swagger UI in a page of our own (api/templates/api/docs.html): the page's language, a title, a main landmark,
    and scripts with the response's CSP nonce. The library's template has none of these."""

    template = "api/docs.html"


api = NinjaAPI(
    title="Synpunkt API",
    version="1",
    # No deep links: Swagger UI puts a link inside each operation's toggle button (nested controls, WCAG 4.1.2).
    docs=ApiDocs(settings={"deepLinking": False}),
    description="Organisation tree (public) and case register metadata (staff, two-factor session).",
    urls_namespace="api",
)


class UnitOut(Schema):
    id: int
    name: str
    area: str | None


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    reference_prefix: str
    units: list[UnitOut]


class CaseOut(Schema):
    id: int
    reference_number: str
    kind: str
    channel: str
    state: str
    step: int
    unit_id: int | None
    received_at: datetime
    inform_by: date | None
    informed_at: datetime | None
    closed_at: datetime | None


class CasePage(Schema):
    items: list[CaseOut]
    next_after: int | None


class CaseFilter(Schema):
    state: str | None = None
    kind: str | None = None
    after: int | None = None
    limit: int = 50


class ErrorOut(Schema):
    detail: str


CASE_FIELDS = list(CaseOut.model_fields)


def _staff(request: HttpRequest) -> User:
    """The member of staff django-ninja's StaffSession authenticated for this request."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # unreachable behind auth=StaffSession(); a guard, not a branch
        raise Http404
    return user


@api.get("/organisations", response=list[OrganisationOut], tags=["public"])
def organisations(request: HttpRequest) -> list[dict[str, object]]:
    """Every organisation with its active units, as citizens choose them in the form."""
    result = []
    areas = {node.pk: node.name for node in OrgNode.objects.filter(kind=NodeKind.AREA).only("pk", "name")}
    units_by_org: dict[int, list[dict[str, object]]] = {}
    for unit in OrgNode.objects.filter(kind=NodeKind.UNIT, is_active=True).order_by("path"):
        units_by_org.setdefault(unit.organisation_id, []).append(
            {"id": unit.pk, "name": unit.name, "area": areas.get(unit.parent_id or 0)}
        )
    for organisation in Organisation.objects.order_by("name"):
        result.append(
            {
                "id": organisation.pk,
                "name": organisation.name,
                "slug": organisation.slug,
                "reference_prefix": organisation.reference_prefix,
                "units": units_by_org.get(organisation.pk, []),
            }
        )
    return result


@api.get("/cases", response={200: CasePage, 401: ErrorOut}, auth=StaffSession(), tags=["staff"])
def cases(request: HttpRequest, filters: Query[CaseFilter]) -> dict[str, object]:
    """The cases the signed-in member of staff may see, newest first, paged by id (no totals: stays fast)."""
    limit = max(1, min(filters.limit, 200))
    queryset = cases_visible_to(_staff(request)).order_by("-pk")
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.after is not None:
        queryset = queryset.filter(pk__lt=filters.after)
    rows = list(queryset.values(*CASE_FIELDS)[: limit + 1])
    items = [{**row} for row in rows[:limit]]
    return {"items": items, "next_after": items[-1]["id"] if len(rows) > limit else None}


@api.get(
    "/cases/{case_id}",
    response={200: CaseOut, 401: ErrorOut, 404: ErrorOut},
    auth=StaffSession(),
    tags=["staff"],
)
def case_detail(request: HttpRequest, case_id: int) -> Case:
    """One case's register metadata; a case out of reach is "not found", like on the pages. The read is audited."""
    user = _staff(request)
    case = case_for_staff_read(user=user, pk=case_id, data={"via": "api"})
    if case is None:
        raise Http404
    return case
