"""The inactivity timeout, without a session write on every request."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

TOUCHED_KEY = "_touched"


class SessionInactivityMiddleware:
    """Push a session's expiry forward when it is used, at most once a minute.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request, which on a busy inbox is one
    write transaction per page view. Here a session that has not been saved for SESSION_TOUCH_SECONDS is marked
    modified, so SessionMiddleware saves it and sends the cookie again with the new expiry: the timeout ends
    between SESSION_COOKIE_AGE − SESSION_TOUCH_SECONDS and SESSION_COOKIE_AGE after the last request.
    Goes right after SessionMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        touched = session.get(TOUCHED_KEY)
        if (
            session.modified
            or not isinstance(touched, int)
            or now - touched >= settings.SESSION_TOUCH_SECONDS
        ):
            session[TOUCHED_KEY] = now
        return response
