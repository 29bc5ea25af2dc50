"""The HTTP API (OpenAPI 3.1 at /api/openapi.json): the public organisation tree, case metadata for staff and for
an organisation's tokens, and the exchange between installations (decision 36).

Staff calls use the same session as the web pages, with both log-in steps passed, and every case goes through
cases/policy.py like every page does. A token (api.services) acts as its organisation: it sees that organisation's
cases and nothing else, and every call made with it is recorded in the audit trail. The case endpoints never
return what a sender wrote or who they are. Every error is a problem-details document (RFC 9457,
`application/problem+json`) in the caller's language (Accept-Language).
"""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, P, Query, Schema, Status, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.params import HeaderEx, PathEx
from ninja.security import HttpBearer, SessionAuth
from pydantic import AfterValidator, BaseModel, BeforeValidator, StringConstraints

from accounts.models import User
from api import exchange
from api.models import ApiToken
from api.services import api_token_for
from audit.actions import Action
from audit.services import audit_record
from cases.models import Case, CaseKind, CaseState
from cases.policy import cases_visible_to
from cases.selectors import case_for_staff_read
from guide.ivo_regions import COUNTIES
from organisations.models import NodeKind, Organisation, OrgNode
from supervision.services import ReportAlreadyRegistered, ReportError

PROBLEM_TYPE = "application/problem+json"


class StaffSession(SessionAuth):
    """A web session of a member of staff who has passed the second factor."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        if user is None or not getattr(user, "is_verified", lambda: False)():
            return None
        return user  # type: ignore[no-any-return]


class OrganisationToken(HttpBearer):
    """`Authorization: Bearer spk_…`: a token of one organisation, not revoked. Every call with it is recorded
    (which token, the method and the path, which holds ids only); so is a call with a token that is not one."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_for(token)
        where = {"method": request.method, "path": request.path[:200]}
        if api_token is None:
            audit_record(action=Action.API_REFUSED, actor_label="api", data={**where, "reason": "token"})
            return None
        audit_record(
            action=Action.API_CALLED,
            actor_label=f"api-token:{api_token.pk}",
            data={**where, "token": api_token.pk, "organisation": api_token.organisation_id},
        )
        return api_token


class ApiDocs(Swagger):
    """Swagger UI in a page of our own (api/templates/api/docs.html): the page's language, a title, a main landmark,
    and scripts with the response's CSP nonce. The library's template has none of these."""

    template = "api/docs.html"


class ProblemApi(NinjaAPI):
    """The API whose OpenAPI description names `application/problem+json` for every error answer, as sent."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_TYPE] = content.pop("application/json")
        return schema


api = ProblemApi(
    title="Synpunkt API",
    version="1",
    # No deep links: Swagger UI puts a link inside each operation's toggle button (nested controls, WCAG 4.1.2).
    docs=ApiDocs(settings={"deepLinking": False}),
    description=(
        "Organisation tree (public); case register metadata (staff with a two-factor session, or an "
        "organisation's token); the exchange of reports and hand-overs between installations (token, with an "
        "Idempotency-Key). Errors are problem details (RFC 9457)."
    ),
    urls_namespace="api",
)


# --- problem details (RFC 9457) ---------------------------------------------------------------------------------


def problem(
    request: HttpRequest, *, status: int, slug: str, title: str, detail: str, **extra: Any
) -> HttpResponse:
    """A problem-details answer. `type` names the problem by a URI of this installation; the sender of a report
    recognises "already-received" by its last segment, whichever installation answered."""
    body = {
        "type": f"{settings.SITE_URL}/api/problems/{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_TYPE
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="synpunkt"'
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        request,
        status=401,
        slug="unauthenticated",
        title=_("Not logged in"),
        detail=_("Send a valid, unrevoked token of your organisation (Authorization: Bearer …), or log in."),
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "location": ".".join(str(part) for part in error.get("loc", ())),
            "message": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]
    return problem(
        request,
        status=422,
        slug="invalid",
        title=_("The request is not valid"),
        detail=_("Some values are missing or wrong; see errors."),
        errors=errors,
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(
        request,
        status=404,
        slug="not-found",
        title=_("Not found"),
        detail=_("There is nothing here that you may see."),
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        title, detail = (
            _("The request cannot be read"),
            _("The body must be JSON as the API description says."),
        )
    else:
        title, detail = _("The request was refused"), str(exc)
    return problem(
        request,
        status=exc.status_code,
        slug="" if exc.status_code != 400 else "malformed",
        title=title,
        detail=detail,
    )


@api.exception_handler(exchange.AlreadyReceived)
def _already_received(request: HttpRequest, exc: exchange.AlreadyReceived) -> HttpResponse:
    return problem(
        request,
        status=409,
        slug="already-received",
        title=_("Already received"),
        detail=_("A call with this Idempotency-Key was received before; nothing new was made."),
        reference=exc.reference,
    )


@api.exception_handler(ReportAlreadyRegistered)
def _report_already_registered(request: HttpRequest, exc: ReportAlreadyRegistered) -> HttpResponse:
    return problem(
        request,
        status=409,
        slug="already-received",
        title=_("Already received"),
        detail=_("This report was received before, with its own reference; nothing new was made."),
        reference=exc.report.case.reference_number,
    )


@api.exception_handler(ReportError)
def _report_refused(request: HttpRequest, exc: ReportError) -> HttpResponse:
    if exc.field == "authority":
        return problem(
            request,
            status=403,
            slug="not-an-authority",
            title=_("Not a supervisory authority"),
            detail=str(exc),
        )
    return problem(
        request,
        status=422,
        slug="invalid",
        title=_("The request is not valid"),
        detail=str(exc),
        errors=[{"location": f"body.report.{exc.field or ''}", "message": str(exc)}],
    )


@api.exception_handler(exchange.KeyReused)
def _key_reused(request: HttpRequest, exc: exchange.KeyReused) -> HttpResponse:
    return problem(
        request,
        status=422,
        slug="idempotency-key-reused",
        title=_("The Idempotency-Key was used for something else"),
        detail=_(
            "Use a new Idempotency-Key for a new message, and the same one only to send the same again."
        ),
    )


# The largest id the database can hold (a 64-bit key): larger ones are refused as invalid, not sent to it.
MAX_ID = 2**63 - 1
CaseId = PathEx[int, P(ge=1, le=MAX_ID)]


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
    # The states and kinds by name: anything else is refused (422) before it reaches the database, which would
    # refuse some text itself (PostgreSQL: a NUL character) with a server error.
    state: CaseState | None = None
    kind: CaseKind | None = None
    after: int | None = Field(None, ge=1, le=MAX_ID)
    limit: int = Field(50, ge=1, le=200)


class ProblemOut(Schema):
    """RFC 9457 problem details; `errors` lists what was wrong with a request that did not validate, and
    `reference` names what an earlier call with the same Idempotency-Key made."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, str]] | None = None
    reference: str | None = None


ErrorOut = ProblemOut


CASE_FIELDS = list(CaseOut.model_fields)


def _caller(request: HttpRequest) -> User | ApiToken:
    """Who django-ninja authenticated for this request: a member of staff, or an organisation's token."""
    caller = getattr(request, "auth", None)
    if not isinstance(caller, User | ApiToken):  # unreachable behind the auth below; a guard, not a branch
        raise Http404
    return caller


def _token(request: HttpRequest) -> ApiToken:
    caller = _caller(request)
    if not isinstance(caller, ApiToken):
        raise Http404
    return caller


def _visible_cases(caller: User | ApiToken) -> Any:
    """A member of staff sees their part of the tree (cases/policy.py); a token, its organisation's cases."""
    if isinstance(caller, ApiToken):
        return Case.objects.filter(organisation_id=caller.organisation_id)
    return cases_visible_to(caller)


STAFF_OR_TOKEN = [StaffSession(), OrganisationToken()]


def _organisation_out(organisation: Organisation, units: list[dict[str, object]]) -> dict[str, object]:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "slug": organisation.slug,
        "reference_prefix": organisation.reference_prefix,
        "units": units,
    }


def _units(queryset: Any) -> dict[int, list[dict[str, object]]]:
    areas = {node.pk: node.name for node in OrgNode.objects.filter(kind=NodeKind.AREA).only("pk", "name")}
    units_by_org: dict[int, list[dict[str, object]]] = {}
    for unit in queryset.filter(kind=NodeKind.UNIT, is_active=True).order_by("path"):
        units_by_org.setdefault(unit.organisation_id, []).append(
            {"id": unit.pk, "name": unit.name, "area": areas.get(unit.parent_id or 0)}
        )
    return units_by_org


@api.get("/organisations", response=list[OrganisationOut], tags=["public"])
def organisations(request: HttpRequest) -> list[dict[str, object]]:
    """Every organisation with its active units, as citizens choose them in the form."""
    units_by_org = _units(OrgNode.objects.all())
    return [
        _organisation_out(organisation, units_by_org.get(organisation.pk, []))
        for organisation in Organisation.objects.order_by("name")
    ]


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


@api.get("/organisations/{slug}", response={200: OrganisationOut, 404: ProblemOut}, tags=["public"])
def organisation_detail(request: HttpRequest, slug: str) -> dict[str, object]:
    """One organisation by its short name, with its active units. An unknown one is a 404 problem."""
    organisation = Organisation.objects.filter(slug=slug).first() if re.match(SLUG_PATTERN, slug) else None
    if organisation is None:
        raise Http404
    return _organisation_out(
        organisation, _units(OrgNode.objects.filter(organisation=organisation)).get(organisation.pk, [])
    )


def _refuse_repeated(request: HttpRequest, schema: type[Schema]) -> None:
    """Each filter is one value: `?state=a&state=b` is refused (422), where Django would quietly take the last."""
    repeated = [name for name in schema.model_fields if len(request.GET.getlist(name)) > 1]
    if repeated:
        raise ValidationError(
            [{"loc": ("query", name), "msg": _("Give this value once.")} for name in repeated]
        )


@api.get(
    "/cases", response={200: CasePage, 401: ProblemOut, 422: ProblemOut}, auth=STAFF_OR_TOKEN, tags=["cases"]
)
def cases(request: HttpRequest, filters: Query[CaseFilter]) -> dict[str, object]:
    """The cases the caller may see, newest first, paged by id (no totals: stays fast)."""
    _refuse_repeated(request, CaseFilter)
    limit = filters.limit
    queryset = _visible_cases(_caller(request)).order_by("-pk")
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
    response={200: CaseOut, 401: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    auth=STAFF_OR_TOKEN,
    tags=["cases"],
)
def case_detail(request: HttpRequest, case_id: CaseId) -> Case:
    """One case's register metadata; a case out of reach is "not found", like on the pages. The read is audited."""
    caller = _caller(request)
    if isinstance(caller, User):
        found = case_for_staff_read(user=caller, pk=case_id, data={"via": "api"})
    else:
        found = _visible_cases(caller).filter(pk=case_id).first()
        if found is not None:
            audit_record(
                action=Action.VIEWED,
                case_id=found.pk,
                actor_label=f"api-token:{caller.pk}",
                data={"via": "api", "token": caller.pk},
            )
    if found is None:
        raise Http404
    return found


# --- the exchange between installations ------------------------------------------------------------------------


def _text(value: str) -> str:
    """Text that PostgreSQL can store and a person can read: no NUL or other control characters but line breaks
    and tabs."""
    if any((ord(char) < 32 and char not in "\n\r\t") or "\ud800" <= char <= "\udfff" for char in value):
        raise ValueError("control characters and lone surrogates are not allowed")
    return value.strip()


# The pattern says in the API description what _text refuses, so that clients (and Schemathesis) know it.
NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
Text = Annotated[str, StringConstraints(pattern=NO_CONTROL), AfterValidator(_text)]


def _iso_date(value: object) -> object:
    """A date as JSON carries it, YYYY-MM-DD, and nothing pydantic would also take (a number of seconds)."""
    if value is not None and not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
# A key the sender makes once per message (a UUID, say) and sends again with every retry of it.
IdempotencyKey = HeaderEx[
    str, P(alias="Idempotency-Key", min_length=8, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")
]


# Plain pydantic models for what comes in, not ninja's Schema: a Schema reads any object's attributes (so a list
# would pass as a reporter with every field left empty); these take JSON objects only.


class ReporterIn(BaseModel):
    """Who reported, when they are not anonymous: so that the receiver can answer them."""

    name: Text = Field("", max_length=200)
    email: Text = Field("", max_length=254, pattern=r"^$|^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+$")
    phone: Text = Field("", max_length=40)
    address: Text = Field("", max_length=500)


class ReportIn(BaseModel):
    """A report to the supervisory authority from a municipality's or provider's installation: the citizen's,
    made from their case, or the organisation's own report of a serious deficiency."""

    kind: Literal["citizen_report", "deficiency_report"]
    # Where it happened: one of Sweden's 21 counties, which chooses the authority's regional department.
    county: Literal[COUNTIES]  # type: ignore[valid-type]
    sender_reference: Text = Field(min_length=1, max_length=60)
    sender_organisation: Text = Field(min_length=1, max_length=200)
    unit_name: Text = Field("", max_length=200)
    what_happened: Text = Field(min_length=1, max_length=20000)
    occurred_on: IsoDate | None = None
    reporter: ReporterIn | None = None


class HandoverIn(BaseModel):
    """The supervisory authority's hand-over of a report to the municipality or provider it concerns."""

    authority_reference: Text = Field(min_length=1, max_length=60)
    authority_name: Text = Field(min_length=1, max_length=200)
    unit_name: Text = Field("", max_length=200)
    what_happened: Text = Field(min_length=1, max_length=20000)
    occurred_on: IsoDate | None = None
    sender_reference: Text = Field("", max_length=60)
    reporter: ReporterIn | None = None


class ReceivedOut(Schema):
    reference: str
    received_at: datetime


EXCHANGE_ERRORS: dict[int, Any] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


@api.post(
    "/exchange/reports",
    response={201: ReceivedOut, **EXCHANGE_ERRORS},
    auth=OrganisationToken(),
    tags=["exchange"],
)
def report_receive(
    request: HttpRequest, report: ReportIn, idempotency_key: IdempotencyKey
) -> Status[dict[str, object]]:
    """The supervisory authority receives a report (the token is the authority's). Registered once per
    Idempotency-Key: the same key again answers 409 `already-received` with the reference made the first time."""
    inbound = exchange.report_receive(
        token=_token(request), key=idempotency_key, payload=report.model_dump(mode="json")
    )
    return Status(201, {"reference": inbound.reference, "received_at": inbound.received_at or timezone.now()})


@api.post(
    "/exchange/handovers",
    response={201: ReceivedOut, **EXCHANGE_ERRORS},
    auth=OrganisationToken(),
    tags=["exchange"],
)
def handover_receive(
    request: HttpRequest,
    handover: HandoverIn,
    idempotency_key: IdempotencyKey,
) -> Status[dict[str, object]]:
    """A municipality or provider (the token's organisation) receives the authority's hand-over: a new case,
    channel "from the supervisory authority", routed like any new case. Once per Idempotency-Key."""
    inbound = exchange.handover_receive(
        token=_token(request), key=idempotency_key, payload=handover.model_dump(mode="json")
    )
    return Status(201, {"reference": inbound.reference, "received_at": inbound.received_at or timezone.now()})
