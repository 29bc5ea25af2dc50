"""Rate limits on the intake's doors (core.ratelimit): a clear 429 page, and nothing typed is lost."""

import pytest

from cases.models import Case
from intake.tests.helpers import step_url, submit, walk


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {**settings.RATELIMITS, "intake-page": "100/h", "intake-submit": "1/h"}


def test_the_final_post_is_limited(client, tree, limits):
    walk(client, tree)
    assert submit(client).status_code == 302
    walk(client, tree)
    response = submit(client)
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()
    assert Case.objects.count() == 1
    assert "intake" in client.session  # the second message's answers are kept


def test_the_pages_are_limited(client, tree, limits, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "intake-page": "2/h"}
    for _ in range(2):
        assert client.post(step_url("vad-galler"), {"kind": "praise"}).status_code == 302
    assert client.post(step_url("vad-galler"), {"kind": "praise"}).status_code == 429
