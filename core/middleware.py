"""The inactivity timeout, without a session write on every request; the limit on a request's body."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

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


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than any form here takes (settings.REQUEST_BODY_MAX_BYTES)
    with 413, before a byte of it is read.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE limits a form's fields, but uploaded files are streamed to disk, whatever
    their size, before a view can look at them. Goes last in MIDDLEWARE: no middleware reads the body before it,
    and every process_view (CSRF reads the form there) runs after it. A body without a Content-Length is never
    read by Django (WSGI), so the declared length is the whole story.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: nothing
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return render(
                request,
                "413.html",
                {
                    "max_files": settings.UPLOAD_MAX_FILES,
                    "max_file_size": filesizeformat(settings.UPLOAD_MAX_BYTES),
                },
                status=413,
            )
        return self.get_response(request)
