"""The person a BankID log-in identified, as the session keeps them, and the keyed digest that ties cases to them.

The personnummer itself is kept nowhere: not in the session, not on a case (docs/decisions/0037). What is kept is

- `key`: HMAC-SHA256 of the 12 digits under settings.PERSON_KEY_SECRET, the same for the same person every time,
  so that "Mina ärenden" can find their cases, and worthless to anyone without the secret (the numbers are few
  enough to be tried one by one against a plain hash);
- `masked`: the date of birth and four stars (19121212-****), which is what staff see;
- the name, which fills in the intake's name field.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from core.personnummer import Personnummer

SESSION_PERSON = "identified_person"


@dataclass(frozen=True)
class IdentifiedPerson:
    key: str
    masked: str
    name: str
    given_name: str
    surname: str


def person_key(number: Personnummer) -> str:
    secret = settings.PERSON_KEY_SECRET.encode()
    return hmac.new(secret, f"synpunkt.person:{number.digits}".encode(), hashlib.sha256).hexdigest()


def masked(number: Personnummer) -> str:
    return f"{number.digits[:8]}-****"


def identified_person(number: Personnummer, *, name: str, given_name: str, surname: str) -> IdentifiedPerson:
    return IdentifiedPerson(
        key=person_key(number), masked=masked(number), name=name, given_name=given_name, surname=surname
    )


def session_person(session: SessionBase) -> IdentifiedPerson | None:
    """The person this session's BankID log-in identified, or None."""
    data: Any = session.get(SESSION_PERSON)
    if not isinstance(data, dict):
        return None
    try:
        return IdentifiedPerson(**data)
    except TypeError:
        return None


def session_person_set(session: SessionBase, person: IdentifiedPerson) -> None:
    # A new session key: a key planted before the log-in is worthless after it (session fixation).
    session.cycle_key()
    session[SESSION_PERSON] = asdict(person)
