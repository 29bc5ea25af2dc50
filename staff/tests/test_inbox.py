"""The inbox: tabs, filters, search, the days left, constant queries per page, audit (pages and orders:
test_inbox_pages.py)."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Event
from cases.models import Case, CaseKind, CaseState
from staff.tests.conftest import register
from staff.views import SEARCHES_SESSION_KEY

INBOX = "/personal/"


def references(response) -> list[str]:
    return [row.case.reference_number for row in response.context["rows"]]


def search(client, text, **filters):
    """Submit the inbox form as a browser without JavaScript does, and follow the redirect."""
    return client.post(INBOX, {"q": text, "tab": "scope", **filters}, follow=True)


def test_its_url_is_named():
    assert reverse("staff:inbox") == INBOX


def test_it_sends_anonymous_visitors_to_the_log_in(client, tree):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_cases_assigned_to_me_by_default(tree, as_staff):
    mine = register(tree)  # routed to the care home's contact staff
    not_mine = register(tree, wants_manager=True)  # straight to the unit manager
    response = as_staff(tree.contact_staff).get(INBOX)
    assert response.status_code == 200
    assert references(response) == [mine.reference_number]
    assert not_mine.reference_number not in response.content.decode()


def test_my_part_of_the_organisation_shows_every_case_below_my_roles(tree, as_staff):
    care_home = register(tree)
    home_care = register(tree, unit=tree.home_care)
    group_home = register(tree, unit=tree.group_home)
    response = as_staff(tree.deputy_head).get(INBOX, {"tab": "scope"})
    assert set(references(response)) == {care_home.reference_number, home_care.reference_number}
    assert group_home.reference_number not in response.content.decode()


def test_it_never_lists_a_case_outside_my_part_of_the_tree(tree, as_staff):
    register(tree)
    for persona in (tree.other_unit_staff, tree.other_unit_manager, tree.administrator):
        client = as_staff(persona)
        for tab in ("mine", "scope"):
            assert references(client.get(INBOX, {"tab": tab, "state": "all"})) == []


def test_it_offers_only_the_units_within_my_scope(tree, as_staff):
    response = as_staff(tree.unit_manager).get(INBOX)
    choices = response.context["form"].fields["unit"].choices
    assert [pk for pk, _ in choices[1:]] == [tree.home_care.pk, tree.care_home.pk]  # by name
    assert [str(name) for _, name in choices] == [
        "Alla mina enheter",
        tree.home_care.name,
        tree.care_home.name,
    ]
    assert tree.group_home.name not in response.content.decode()


def test_it_refuses_a_unit_outside_my_scope_and_shows_nothing_from_it(tree, as_staff):
    register(tree, unit=tree.group_home)
    response = as_staff(tree.unit_manager).get(INBOX, {"tab": "scope", "unit": tree.group_home.pk})
    assert response.context["form"].errors["unit"]
    assert references(response) == []
    assert "Fel:" in response.content.decode().split("</title>")[0]


def test_it_filters_by_unit_kind_and_state(tree, as_staff):
    care_home = register(tree)
    home_care_praise = register(tree, unit=tree.home_care, kind=CaseKind.PRAISE)
    closed = register(tree)
    Case.objects.filter(pk=closed.pk).update(state=CaseState.CLOSED)
    client = as_staff(tree.unit_manager)
    assert references(client.get(INBOX, {"tab": "scope", "unit": tree.care_home.pk})) == [
        care_home.reference_number
    ]
    assert references(client.get(INBOX, {"tab": "scope", "kind": "praise"})) == [
        home_care_praise.reference_number
    ]
    assert references(client.get(INBOX, {"tab": "scope", "state": "closed"})) == [closed.reference_number]
    # The default is the open cases; "all" adds the closed one.
    assert closed.reference_number not in references(client.get(INBOX, {"tab": "scope"}))
    assert len(references(client.get(INBOX, {"tab": "scope", "state": "all"}))) == 3


def test_it_sorts_by_the_date_to_inform_with_praise_last(tree, as_staff):
    praise = register(tree, kind=CaseKind.PRAISE, days_ago=30)
    newest = register(tree, days_ago=1)
    oldest = register(tree, days_ago=10)
    response = as_staff(tree.contact_staff).get(INBOX)
    assert references(response) == [oldest.reference_number, newest.reference_number, praise.reference_number]


def test_it_shows_the_days_left_and_flags_overdue_cases_in_words(tree, as_staff):
    register(tree, days_ago=4)  # 14-day clock: 10 days left
    register(tree, days_ago=14)  # last day today
    register(tree, days_ago=17)  # overdue by 3 days
    html = as_staff(tree.contact_staff).get(INBOX).content.decode()
    assert "10 dagar kvar" in html
    assert "Sista dagen i dag" in html
    assert "Försenat med 3 dagar" in html
    assert html.count('class="is-overdue"') == 1


def test_the_overdue_filter_keeps_only_cases_past_their_date(tree, as_staff):
    overdue = register(tree, days_ago=20)
    register(tree, days_ago=2)
    informed = register(tree, days_ago=20)
    Case.objects.filter(pk=informed.pk).update(state=CaseState.INFORMED)
    response = as_staff(tree.contact_staff).get(INBOX, {"overdue": "1"})
    assert references(response) == [overdue.reference_number]


def test_search_finds_bemotande_when_i_search_for_bemotandet(tree, as_staff):
    wanted = register(tree, what_happened="Jag är missnöjd med bemötande från nattpersonalen.")
    register(tree, what_happened="Maten var kall flera dagar i rad.")
    response = search(as_staff(tree.unit_manager), "bemötandet")
    assert references(response) == [wanted.reference_number]


def test_search_finds_a_reference_number(tree, as_staff):
    register(tree)
    wanted = register(tree)
    client = as_staff(tree.unit_manager)
    short = f"{wanted.reference_year}/{wanted.reference_serial}"
    assert references(search(client, short)) == [wanted.reference_number]
    assert references(search(client, wanted.reference_number)) == [wanted.reference_number]


def test_search_never_reaches_outside_my_scope(tree, as_staff):
    outside = register(tree, unit=tree.group_home, what_happened="Dåligt bemötande på gruppbostaden.")
    client = as_staff(tree.unit_manager)
    assert references(search(client, "bemötandet")) == []
    assert references(search(client, outside.reference_number)) == []


def test_the_search_text_never_appears_in_a_url_or_the_audit_trail(tree, as_staff):
    register(tree, what_happened="Karlsson fick fel medicin.")
    client = as_staff(tree.unit_manager)
    response = client.post(INBOX, {"q": "Karlsson", "tab": "scope", "state": "all"})
    assert response.status_code == 302
    location = response["Location"]
    assert "Karlsson" not in location
    params = parse_qs(urlparse(location).query)
    assert params["state"] == ["all"] and params["tab"] == ["scope"]
    page = client.get(location)
    assert len(references(page)) == 1
    html = page.content.decode()
    assert 'value="Karlsson"' in html  # the field keeps what was typed
    assert "Karlsson" not in "".join(
        link for link in (*page.context["tab_urls"].values(), page.context["reset_url"])
    )
    event = Event.objects.get(action="searched")
    assert event.actor == tree.unit_manager and event.case_id is None
    assert "Karlsson" not in str(event.data)


def test_a_search_text_in_the_address_is_ignored(tree, as_staff):
    register(tree, what_happened="Maten var kall.")
    response = as_staff(tree.contact_staff).get(INBOX, {"q": "bemötande"})
    assert len(references(response)) == 1
    assert not Event.objects.filter(action="searched").exists()


def test_a_forgotten_search_is_said_plainly(tree, as_staff):
    register(tree)
    response = as_staff(tree.contact_staff).get(INBOX, {"search": "unknown-token"})
    assert response.context["search_expired"]
    assert "Din sökning är inte längre sparad" in response.content.decode()


def test_the_session_keeps_only_the_newest_searches(tree, as_staff):
    client = as_staff(tree.contact_staff)
    for number in range(15):
        client.post(INBOX, {"q": f"ord{number}"})
    assert len(client.session[SEARCHES_SESSION_KEY]) == 10


def test_htmx_gets_the_results_and_the_address_to_show(tree, as_staff):
    register(tree, what_happened="Dåligt bemötande.")
    client = as_staff(tree.contact_staff)
    response = client.post(INBOX, {"q": "bemötandet"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "bemötandet" not in response["HX-Push-Url"]
    assert response["HX-Push-Url"].startswith(INBOX + "?")
    assert len(references(response)) == 1


def _queries_for_inbox(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INBOX, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{"tab": "mine"}, {"tab": "scope", "overdue": "1", "kind": "complaint"}])
def test_the_number_of_queries_does_not_grow_with_the_number_of_cases(
    tree, as_staff, django_assert_max_num_queries, params
):
    client = as_staff(tree.contact_staff)
    for _ in range(2):
        register(tree, days_ago=20)
    _queries_for_inbox(client, params)  # the first visit also saves the session (the inbox address it keeps)
    few = _queries_for_inbox(client, params)
    for _ in range(30):
        register(tree, days_ago=20, unit=tree.care_home, wants_manager=False)
    many = _queries_for_inbox(client, params)
    assert many == few
    # Session, user, device, organisation, role paths (once, for the policy and the unit list), units, the count
    # and one page of cases; the staff frame's roles with their organisations (accounts/context_processors.py).
    with django_assert_max_num_queries(9):
        client.get(INBOX, params)


def test_a_search_page_costs_no_more_queries_with_more_cases(tree, as_staff):
    client = as_staff(tree.contact_staff)
    register(tree)
    location = client.post(INBOX, {"q": "bemötandet"})["Location"]
    params = {key: values[0] for key, values in parse_qs(urlparse(location).query).items()}
    _queries_for_inbox(client, params)  # the first visit also saves the session (the inbox address it keeps)
    few = _queries_for_inbox(client, params)
    for _ in range(30):
        register(tree)
    many = _queries_for_inbox(client, params)
    assert many == few


def test_the_inbox_is_not_kept_in_caches(tree, as_staff):
    response = as_staff(tree.contact_staff).get(INBOX)
    assert "no-store" in response["Cache-Control"]


def test_the_registrar_sees_the_cases_waiting_to_be_placed(tree, as_staff):
    unplaced = register(tree, unit=None)
    response = as_staff(tree.registrar).get(INBOX)
    assert references(response) == [unplaced.reference_number]
    assert "Inte placerat" in response.content.decode()
