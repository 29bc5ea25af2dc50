"""Pages' figures kept drawn until what they are drawn from changes (docs/decisions/0034 and 0042).

A caller names everything the value is drawn from (`material`): a version that every change of the data raises,
read before the data, and whatever else the drawing depends on (the day, the language, the filter, the names it
prints). The value is kept in Django's cache (the database cache in production, shared by every worker) under a
digest of that material, so a change of any of it is a new key and nothing kept is shown after it; the expiry only
bounds what the cache holds.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache

KEPT_SECONDS = 24 * 60 * 60


def kept[T](name: str, material: tuple[object, ...], draw: Callable[[], T]) -> T:
    """`draw()`, or what it gave before for the same `name` and `material` (whose `repr` is hashed)."""
    key = f"{name}:{hashlib.sha256(repr(material).encode()).hexdigest()}"
    value: T | None = cache.get(key)
    if value is None:
        value = draw()
        cache.set(key, value, KEPT_SECONDS)
    return value
