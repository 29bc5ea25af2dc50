import importlib

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

import synpunkt.urls

pytestmark = pytest.mark.django_db  # the 404 page reads the organisation


def _reload_urls() -> None:
    clear_url_caches()
    importlib.reload(synpunkt.urls)


@pytest.fixture
def urls_for(settings):
    """Rebuild the URL configuration as it would be at start-up with the given switches."""

    def build(*, debug: bool, bench: bool) -> None:
        settings.DEBUG = debug
        settings.BENCH_ENABLED = bench
        _reload_urls()

    yield build
    settings.DEBUG = False
    settings.BENCH_ENABLED = False
    _reload_urls()


def test_it_answers_with_a_bare_response_when_the_bench_asks(urls_for, client):
    urls_for(debug=False, bench=True)
    response = client.get(reverse("scale:ceiling"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_does_not_change_anything_on_post(urls_for, client):
    urls_for(debug=True, bench=False)
    assert client.post(reverse("scale:ceiling")).status_code == 405


def test_it_does_not_exist_in_production_unless_the_bench_asks(urls_for, client):
    urls_for(debug=False, bench=False)
    with pytest.raises(NoReverseMatch):
        reverse("scale:ceiling")
    assert client.get("/bench/ceiling/").status_code == 404
