"""The request body is limited before it is read: a declared Content-Length above what any form takes gets 413,
and not a byte of the body is read (core.middleware.RequestBodyLimitMiddleware)."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from intake.tests.helpers import pdf_bytes, step_url, walk

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def __init__(self) -> None:
        self.read_calls = 0

    def read(self, *args: object) -> bytes:
        self.read_calls += 1
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, url, length, body):
    return client.generic(
        "POST",
        url,
        data=b"x",
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )


def test_it_refuses_a_body_larger_than_any_form_takes_before_reading_it(client):
    body = UnreadableBody()
    response = post_declaring(client, step_url("bilagor"), settings.REQUEST_BODY_MAX_BYTES + 1, body)
    assert response.status_code == 413
    assert body.read_calls == 0
    text = response.content.decode()
    assert "Det du skickade var för stort" in text
    assert "Du kan skicka högst 5 filer åt gången, var och en på högst 10,0\xa0MB." in text


def test_the_page_is_in_english_too(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post_declaring(client, "/folj/", settings.REQUEST_BODY_MAX_BYTES * 10, UnreadableBody())
    assert response.status_code == 413
    assert "What you sent was too large" in response.content.decode()


def test_the_limit_leaves_room_for_every_file_a_form_takes(settings):
    assert settings.REQUEST_BODY_MAX_BYTES >= settings.UPLOAD_MAX_FILES * settings.UPLOAD_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.REQUEST_BODY_MAX_BYTES


def test_a_body_within_the_limit_is_read_as_before(client, tree):
    walk(client, tree, until="bilagor")
    response = client.post(
        step_url("bilagor"),
        {"action": "upload", "attachments": [SimpleUploadedFile("brev.pdf", pdf_bytes())]},
    )
    assert response.status_code == 302
    assert "brev.pdf" in client.get(step_url("bilagor")).content.decode()
