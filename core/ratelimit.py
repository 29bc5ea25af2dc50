"""Rate limits on the public doors: a fixed-window counter in the database, per client IP and per key.

    @ratelimit("citizen-login", key=lambda request: request.POST.get("code", ""))
    def log_in(request): ...

or, inside a view, `if limit_exceeded(request, scope="intake-submit"): return too_many_requests(request)`.

Limits come from settings.RATELIMITS ({scope: "count/period"}, period one of s, m, h, d with an optional number:
"10/15m"); a scope not listed uses RATELIMITS["default"]. The counters are rows of core.models.RateCounter, shared
by every gunicorn worker, each bumped by one UPSERT per request (not the database cache, whose add/incr cost a
dozen queries and a COUNT of the whole cache table), and deleted by the sweep once their window has ended. Counting
is per IP address *and*, when given, per key (a receipt code, a user name): spreading guesses over many addresses
does not help against one code. Addresses and keys are hashed into the counter's key, so no personal data is stored.
"""

import hashlib
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse

from core.models import RateCounter

_PERIOD = re.compile(r"^(\d+)/(\d*)([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/15m' → (10, 900): at most 10 in each 900-second window."""
    match = _PERIOD.match(rate.strip())
    if match is None:
        raise ValueError(f"Bad rate {rate!r}: use e.g. '10/m', '10/15m', '100/h'.")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNIT_SECONDS[unit]


def rate_for(scope: str) -> tuple[int, int]:
    rates: dict[str, str] = settings.RATELIMITS
    return parse_rate(rates.get(scope) or rates["default"])


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind the reverse proxy (SYNPUNKT_BEHIND_PROXY) it is the last address the proxy
    added to X-Forwarded-For, the only one that proxy vouches for; otherwise the socket's peer."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def _counter_key(scope: str, kind: str, ident: str, window: int) -> str:
    return hashlib.sha256(f"{scope}\0{kind}\0{ident}\0{window}".encode()).hexdigest()


def _count(key: str, *, window_ends: int) -> int:
    """Add one to the counter and read it back, in one statement (an UPSERT, on PostgreSQL and SQLite alike), so
    that concurrent requests never lose a count and a counted request costs one query."""
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    expires_at = datetime.fromtimestamp(window_ends + 1, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, hits, expires_at) VALUES (%s, 1, %s) "  # noqa: S608 (no input in the identifier)
            f"ON CONFLICT (key) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [key, expires_at],
        )
        row = cursor.fetchone()
    return int(row[0])


def counters_expired_delete(*, now: datetime) -> int:
    """Delete the counters of windows that have ended (the periodic sweep calls this)."""
    deleted, _ = RateCounter.objects.filter(expires_at__lt=now).delete()
    return deleted


def limit_exceeded(request: HttpRequest, *, scope: str, key: str | None = None) -> bool:
    """Count this request against `scope`; True when the client (or the key) has gone over the limit."""
    if not settings.RATELIMIT_ENABLED:
        return False
    limit, period = rate_for(scope)
    window = int(time.time()) // period
    window_ends = (window + 1) * period
    exceeded = _count(_counter_key(scope, "ip", client_ip(request), window), window_ends=window_ends) > limit
    if key:
        counted = _count(_counter_key(scope, "key", key.strip().upper(), window), window_ends=window_ends)
        exceeded = counted > limit or exceeded
    if exceeded:
        request.ratelimit_retry_after = period - int(time.time()) % period  # type: ignore[attr-defined]
    return exceeded


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """The 429 page: what happened and when to try again, in the person's language."""
    retry_after = int(getattr(request, "ratelimit_retry_after", 60))
    response = TemplateResponse(
        request, "core/429.html", {"retry_minutes": max(1, (retry_after + 59) // 60)}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


def ratelimit(
    scope: str,
    *,
    methods: tuple[str, ...] = ("POST",),
    key: Callable[[HttpRequest], str] | None = None,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorate a view: requests with one of `methods` count against `scope`; over the limit, a 429 page."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in methods and limit_exceeded(
                request, scope=scope, key=key(request) if key else None
            ):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
