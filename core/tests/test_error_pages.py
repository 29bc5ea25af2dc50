"""The error pages (404, 500, a refused form) in the site's frame and the person's language."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error


@pytest.mark.django_db
def test_the_404_page_has_the_frame_in_the_persons_language(client, tree):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv"' in html and "Sidan kunde inte hittas" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    client.cookies["django_language"] = "en"
    html = client.get("/finns-inte/").content.decode()
    assert '<html lang="en"' in html and "Page not found" in html


def test_the_500_page_renders_without_a_database_or_a_request():
    # No django_db mark: any query would fail the test. server_error renders with no request context.
    with translation.override("en"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en"' in html and "Something went wrong" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html and 'id="main"' in html
    with translation.override("sv"):
        assert "Något gick fel" in server_error(RequestFactory().get("/")).content.decode()


@pytest.mark.django_db
def test_a_form_without_a_valid_token_gets_a_plain_explanation_and_a_way_back(tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/tillganglighet/rapportera/",
        {"problem": "x"},
        headers={"referer": "http://testserver/tillganglighet/rapportera/"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="sv"' in html and "Formuläret kunde inte skickas" in html
    assert 'class="site-header"' in html
    assert 'href="http://testserver/tillganglighet/rapportera/"' in html
    assert "CSRF" not in html  # no technical reason shown


@pytest.mark.django_db
def test_the_refused_form_page_speaks_english_and_never_links_elsewhere(tree):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    response = client.post("/tillganglighet/rapportera/", {}, headers={"referer": "https://evil.example/"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en"' in html and "The form could not be sent" in html
    assert "evil.example" not in html
    assert '<a class="ds-link" href="/">Go back to the page</a>' in html
