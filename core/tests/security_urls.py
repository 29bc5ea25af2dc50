"""Every URL the project serves, as concrete paths to request, for the security tests.

Walks the resolver (so a URL added later is covered without touching the tests) and fills each path converter
with the id of the test case, of its attachment, or a plausible value for its name. Admin object URLs get the id of
an object of that model that belongs to the test case when there is one.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class WalkedUrl:
    name: str  # "namespace:name", or the route for unnamed patterns
    path: str


@dataclass
class Targets:
    case_id: int
    attachment_id: int
    receipt_code: str = "AAAA-AAAA"
    admin_object_ids: dict[str, Any] | None = None  # "app_model" → pk
    related_ids: dict[str, int] | None = None  # "action" → pk, for a parameter named action_id or action


# Path parameters that cannot be filled meaningfully; the pattern is walked with a placeholder instead.
PLACEHOLDERS = {
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "int": "1",
}


def _leaves(resolver: URLResolver, namespace: str = "", prefix: list | None = None):
    prefix = prefix or []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _leaves(pattern, inner, [*prefix, pattern])
        elif isinstance(pattern, URLPattern):
            yield namespace, [*prefix, pattern], pattern


def _param_names(chain: list) -> dict[str, str]:
    """name → converter type ('int', 'str', ...; 're' for regex groups)."""
    names: dict[str, str] = {}
    for part in chain:
        converters = getattr(part.pattern, "converters", {})
        for name in part.pattern.regex.groupindex:
            converter = converters.get(name)
            kind = "re"
            if converter is not None:
                kind = {
                    "IntConverter": "int",
                    "StringConverter": "str",
                    "SlugConverter": "slug",
                    "PathConverter": "path",
                    "UUIDConverter": "uuid",
                }.get(type(converter).__name__, "str")
            names[name] = kind
    return names


def _candidates(name: str, kind: str, targets: Targets, admin_key: str | None) -> list[Any]:
    lowered = name.lower()
    if admin_key and name in {"object_id", "pk", "id"}:
        object_id = (targets.admin_object_ids or {}).get(admin_key)
        return [object_id if object_id is not None else targets.case_id]
    for related, pk in (targets.related_ids or {}).items():
        if lowered in {related, f"{related}_id", f"{related}_pk"}:
            return [pk]
    if "attachment" in lowered or lowered in {"file_id", "document_id"}:
        return [targets.attachment_id]
    if lowered == "app_label":
        return sorted({model._meta.app_label for model in admin.site._registry})
    if lowered == "content_type_id":
        from django.contrib.contenttypes.models import ContentType

        from cases.models import Case

        return [ContentType.objects.get_for_model(Case).pk]
    if lowered in {"receipt_code", "code"}:
        return [targets.receipt_code]
    if kind == "int" or lowered in {"pk", "id", "case_id", "case", "object_id"} or lowered.endswith("_id"):
        return [targets.case_id]
    return [PLACEHOLDERS.get(kind, "x")]


def _admin_key(name: str) -> str | None:
    # admin:<app>_<model>_<view> (change, delete, history, or a view of the model's own admin)
    if not name.startswith("admin:"):
        return None
    rest = name.removeprefix("admin:")
    keys = sorted(
        (f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry),
        key=len,
        reverse=True,
    )
    return next((key for key in keys if rest.startswith(key + "_")), None)


def _fill_unnamed(chain: list, targets: Targets, params: dict[str, str]) -> str | None:
    """Build the path of an unnamed pattern by substituting its route converters (regex groups: give up)."""
    from django.urls.resolvers import RoutePattern

    admin_key = None
    pieces = []
    for part in chain:
        text = str(part.pattern)
        if isinstance(part.pattern, RoutePattern):
            for name, kind in params.items():
                value = str(_candidates(name, kind, targets, admin_key)[0])
                text = re.sub(rf"<(?:\w+:)?{name}>", value, text)
            if "<" in text:
                return None
        else:
            if part.pattern.regex.groupindex:
                return None
            text = text.lstrip("^").rstrip("$").replace("\\", "")
        pieces.append(text)
    return "/" + "".join(pieces)


def walk(targets: Targets) -> tuple[list[WalkedUrl], list[str]]:
    """(every concrete URL, the patterns that could not be turned into one)."""
    urls: list[WalkedUrl] = []
    unwalkable: list[str] = []
    for namespace, chain, pattern in _leaves(get_resolver()):
        route = "".join(str(part.pattern) for part in chain)
        params = _param_names(chain)
        if pattern.name is None:
            if route.endswith("(?P<url>.*)$") or "<path:url>" in route:
                continue  # the admin's catch-all redirect; not a page
            path = _fill_unnamed(chain, targets, params)
            if path is None:
                unwalkable.append(route)
            else:
                urls.append(WalkedUrl(route, path))
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        admin_key = _admin_key(name)
        options = {key: _candidates(key, kind, targets, admin_key) for key, kind in params.items()}
        combos: list[dict[str, Any]] = [{}]
        for key, values in options.items():
            combos = [{**combo, key: value} for combo in combos for value in values]
        found = False
        for kwargs in combos:
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            found = True
            urls.append(WalkedUrl(name, path))
        if not found:
            unwalkable.append(f"{name} ({route})")
    unique = list({url.path: url for url in urls}.values())
    return unique, unwalkable
