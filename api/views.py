"""The integrations page: an organisation's administrator makes and revokes API tokens, connects other installations
and subscribes addresses to webhooks, and sees every delivery with its attempts. Views translate: forms validate,
the services act (and audit). Anyone who administers no organisation gets 404."""

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import staff_required
from accounts.models import User
from api.forms import PeerForm, TokenForm, WebhookForm
from api.models import ApiToken, Peer
from api.services import api_token_create, api_token_revoke, integration_organisations, peer_add, peer_remove
from organisations.models import Organisation
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.services import webhook_subscribe, webhook_unsubscribe

DELIVERIES_SHOWN = 100


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    return get_object_or_404(integration_organisations(_user(request)), slug=slug)


def _page(request: HttpRequest, organisation: Organisation, **bound: Form) -> HttpResponse:
    """The page, with the form that was sent (and its errors) in place of its empty one."""
    labels = dict(WebhookEvent.choices)
    forms = {
        "token_form": bound.get("token_form") or TokenForm(),
        "peer_form": bound.get("peer_form") or PeerForm(),
        "webhook_form": bound.get("webhook_form") or WebhookForm(),
    }
    context: dict[str, object] = {
        "organisation": organisation,
        "tokens": ApiToken.objects.filter(organisation=organisation).order_by("-created_at"),
        "peers": Peer.objects.filter(organisation=organisation).order_by("-is_active", "name"),
        "endpoints": [
            (endpoint, [labels[code] for code in endpoint.events if code in labels])
            for endpoint in WebhookEndpoint.objects.filter(organisation=organisation).order_by(
                "-is_active", "url"
            )
        ],
        "other_organisations": integration_organisations(_user(request)).exclude(pk=organisation.pk),
        "has_errors": any(form.errors for form in forms.values()),
        **forms,
    }
    return _no_store(TemplateResponse(request, "api/integrations.html", context))


@never_cache
@staff_required
@require_http_methods(["GET"])
def integrations(request: HttpRequest) -> HttpResponse:
    """The first organisation the person administers; the page links to the others."""
    organisation = integration_organisations(_user(request)).order_by("name").first()
    if organisation is None:
        raise Http404
    return HttpResponseRedirect(reverse("integrations:organisation", args=[organisation.slug]))


@never_cache
@staff_required
@require_http_methods(["GET"])
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _organisation(request, slug))


def _back(organisation: Organisation, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("integrations:organisation", args=[organisation.slug]) + f"#{anchor}")


@never_cache
@staff_required
@require_POST
def token_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Make a token and show it, once, on a page of its own that is never stored by the browser."""
    organisation = _organisation(request, slug)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, organisation, token_form=form)
    new = api_token_create(
        organisation=organisation, name=form.cleaned_data["name"], acting_user=_user(request)
    )
    context = {
        "organisation": organisation,
        "title": _("Your new token"),
        "name": new.token.name,
        "secret": new.secret,
        "anchor": "tokens",
    }
    return _no_store(TemplateResponse(request, "api/shown_once.html", context))


@never_cache
@staff_required
@require_POST
def token_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, slug)
    token = get_object_or_404(ApiToken, pk=pk, organisation=organisation)
    api_token_revoke(token=token, acting_user=_user(request))
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return _back(organisation, "tokens")


@never_cache
@staff_required
@require_POST
def peer_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    form = PeerForm(request.POST)
    if not form.is_valid():
        return _page(request, organisation, peer_form=form)
    data = form.cleaned_data
    peer_add(
        organisation=organisation,
        role=data["role"],
        name=data["name"],
        base_url=data["base_url"],
        token=data["token"],
        organisation_number=data["organisation_number"],
        acting_user=_user(request),
    )
    messages.success(request, _("The installation “%(name)s” is connected.") % {"name": data["name"]})
    return _back(organisation, "peers")


@never_cache
@staff_required
@require_POST
def peer_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, slug)
    peer = get_object_or_404(Peer, pk=pk, organisation=organisation)
    peer_remove(peer=peer, acting_user=_user(request))
    messages.success(request, _("The installation “%(name)s” is disconnected.") % {"name": peer.name})
    return _back(organisation, "peers")


@never_cache
@staff_required
@require_POST
def webhook_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Subscribe an address and show the signing secret, once."""
    organisation = _organisation(request, slug)
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _page(request, organisation, webhook_form=form)
    endpoint = webhook_subscribe(
        organisation=organisation,
        url=form.cleaned_data["url"],
        events=form.cleaned_data["events"],
        acting_user=_user(request),
    )
    context = {
        "organisation": organisation,
        "title": _("Your new webhook secret"),
        "name": endpoint.url,
        "secret": endpoint.secret,
        "anchor": "webhooks",
    }
    return _no_store(TemplateResponse(request, "api/shown_once.html", context))


@never_cache
@staff_required
@require_POST
def webhook_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, slug)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk, organisation=organisation)
    webhook_unsubscribe(endpoint=endpoint, acting_user=_user(request))
    messages.success(request, _("Nothing more is sent to %(url)s.") % {"url": endpoint.url})
    return _back(organisation, "webhooks")


@never_cache
@staff_required
@require_http_methods(["GET"])
def webhook_deliveries(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The subscription's latest deliveries, newest first, each with its attempts."""
    organisation = _organisation(request, slug)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk, organisation=organisation)
    deliveries = list(
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .prefetch_related("tries")
        .order_by("-pk")[:DELIVERIES_SHOWN]
    )
    context = {
        "organisation": organisation,
        "endpoint": endpoint,
        "deliveries": deliveries,
        "shown": DELIVERIES_SHOWN,
        "event_labels": dict(WebhookEvent.choices),
    }
    return _no_store(TemplateResponse(request, "api/deliveries.html", context))
