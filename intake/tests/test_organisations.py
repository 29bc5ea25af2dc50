"""One installation, several organisations (a national deployment): the sender says whom they write to first.

With a single organisation the intake starts at once, as before (the rest of the intake tests).
"""

import pytest
from django.urls import reverse

from cases.models import Case
from intake.tests.helpers import CHECK_URL, CONFIRMATION_URL, answers, step_url, submit, walk
from organisations.models import OrganisationKind
from organisations.testing import build_tree

pytestmark = pytest.mark.django_db

START = "/lamna/"


@pytest.fixture
def other(tree):
    """A second municipality on the same installation, with its own tree and prefix."""
    other = build_tree("norrby", "VO")
    other.organisation.county = "Norrbottens län"
    other.organisation.save()
    return other


def test_with_several_organisations_the_start_page_asks_whom_to_write_to(client, tree, other):
    response = client.get(START)
    assert response.status_code == 200
    assert response.templates[0].name == "intake/organisations.html"
    html = response.content.decode()
    assert "Vem vill du skriva till?" in html
    assert reverse("intake:choose", args=["testby"]) in html
    assert reverse("intake:choose", args=["norrby"]) in html
    assert "(Norrbottens län)" in html
    # Nothing of the wizard is open before the choice: its pages lead back here.
    assert client.get(step_url("vad-galler"))["Location"] == START
    assert client.post(CHECK_URL, {"website": ""})["Location"] == START


def test_providers_are_listed_apart_from_municipalities(client, tree, other):
    other.organisation.kind = OrganisationKind.PROVIDER
    other.organisation.name = "Omsorg i Norr AB"
    other.organisation.save()
    html = client.get(START).content.decode()
    municipalities = html.index('data-size="sm">Kommun</h2>')
    providers = html.index('data-size="sm">Privat utförare</h2>')
    assert municipalities < html.index(">Testby kommun</a>") < providers < html.index(">Omsorg i Norr AB</a>")


def test_a_case_goes_to_the_organisation_chosen(client, tree, other):
    response = client.get(reverse("intake:choose", args=["norrby"]))
    assert response["Location"] == START
    start = client.get(START).content.decode()
    assert "Norrby kommun" in start
    assert reverse("intake:organisations") in start  # they can still choose another
    walk(client, other)
    assert submit(client)["Location"] == CONFIRMATION_URL
    case = Case.objects.get()
    assert case.organisation == other.organisation
    assert case.unit == other.care_home
    assert case.reference_number.startswith("VO ")
    assert "Norrby kommun" in client.get(CONFIRMATION_URL).content.decode()


def test_the_choice_is_not_in_the_wizard_s_urls_after_it_is_made(client, tree, other):
    client.get(reverse("intake:choose", args=["norrby"]))
    page = client.get(START).content.decode()
    assert "norrby" not in page.split(reverse("intake:organisations"))[0].split("<main")[1]


def test_choosing_another_organisation_keeps_every_answer_but_the_unit(client, tree, other):
    client.get(reverse("intake:choose", args=["testby"]))
    walk(client, tree, until="kontakt")
    client.get(reverse("intake:choose", args=["norrby"]))
    # The unit belonged to the first organisation: that page is asked again, the rest is kept.
    response = client.get(step_url("kontakt"))
    assert response["Location"] == step_url("verksamhet")
    client.post(step_url("verksamhet"), {"unit": str(other.group_home.pk)})
    assert "Personalen kom inte på utsatt tid" in client.get(step_url("vad-hande")).content.decode()
    for slug, data in answers(other):
        if slug in ("kontakt", "bilagor"):
            client.post(step_url(slug), data)
    assert submit(client)["Location"] == CONFIRMATION_URL
    case = Case.objects.get()
    assert (case.organisation, case.unit) == (other.organisation, other.group_home)


def test_a_unit_of_another_organisation_is_refused(client, tree, other):
    client.get(reverse("intake:choose", args=["norrby"]))
    client.get(START)
    client.post(step_url("vad-galler"), {"kind": "complaint"})
    response = client.post(step_url("verksamhet"), {"unit": str(tree.care_home.pk)})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_an_unknown_organisation_is_not_found(client, tree, other):
    assert client.get(reverse("intake:choose", args=["finns-inte"])).status_code == 404


def test_with_one_organisation_the_start_page_starts_at_once(client, tree):
    response = client.get(START)
    assert response.templates[0].name == "intake/start.html"
    assert reverse("intake:organisations") not in response.content.decode()


def test_the_list_is_in_english_too(client, tree, other):
    html = client.get(START, headers={"accept-language": "en"}).content.decode()
    assert "Who do you want to write to?" in html
    assert "Municipality" in html


def test_the_site_presents_itself_as_the_organisation_chosen(client, tree, other):
    assert '<span class="site-header__org">Synpunkt</span>' in client.get(START).content.decode()
    client.get(reverse("intake:choose", args=["norrby"]))
    html = client.get(START).content.decode()
    assert '<span class="site-header__org">Norrby kommun</span>' in html
    assert "– Norrby kommun</title>" in html
