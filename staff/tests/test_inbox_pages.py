"""The inbox for triage (issue 17, item 3): the total and numbered pages, the short subject in each row, the orders
(the nearest deadline first, or by the day received), and a fixed number of queries whatever the page holds."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from audit.models import Event
from cases.models import Case, CaseKind, CaseState
from cases.selectors import INBOX_PAGE_SIZE
from organisations.models import Role
from organisations.testing import grant
from staff.presentation import page_range_text
from staff.tests.conftest import register

INBOX = "/personal/"


def references(response) -> list[str]:
    return [row.case.reference_number for row in response.context["rows"]]


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def every_page(client, params) -> tuple[list[str], int]:
    """Follow the next-page links from the first page to the last: every reference seen, and the pages walked."""
    response = client.get(INBOX, params)
    seen, pages = references(response), 1
    while response.context["next_url"]:
        response = client.get(response.context["next_url"])
        assert response.status_code == 200
        seen += references(response)
        pages += 1
    return seen, pages


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of two cases, so that a few registrations make several pages (the size is the view's setting)."""
    monkeypatch.setattr("staff.views.PAGE_SIZE", 2)


# --- The total and the pages -----------------------------------------------------------------------------------


def test_a_page_holds_25_cases_and_says_which_of_how_many(tree, as_staff):
    assert INBOX_PAGE_SIZE == 25
    for _ in range(27):
        register(tree)
    client = as_staff(tree.contact_staff)
    first = client.get(INBOX)
    assert len(references(first)) == 25
    html = first.content.decode()
    assert "Ärende 1–25 av 27, kortast tid kvar först" in html
    assert '<nav class="inbox-pagination" aria-label="Sidor"' in html
    assert 'aria-current="page"><span class="visually-hidden">Sida </span>1</a>' in html
    assert query(first.context["next_url"])["page"] == ["2"]
    assert first.context["previous_url"] is None

    second = client.get(first.context["next_url"])
    assert len(references(second)) == 2
    assert "<title>Inkorg: tilldelade mig, sida 2 av 2" in second.content.decode()
    assert "sida 1 av" not in first.content.decode()
    assert "Ärende 26–27 av 27" in second.content.decode()
    assert 'aria-current="page"><span class="visually-hidden">Sida </span>2</a>' in second.content.decode()
    assert second.context["next_url"] is None
    # The first page's address is the inbox's own: no page number in it.
    assert "page" not in query(second.context["previous_url"])
    assert not set(references(first)) & set(references(second))


def test_one_page_of_cases_offers_no_pages(tree, as_staff):
    register(tree)
    response = as_staff(tree.contact_staff).get(INBOX)
    html = response.content.decode()
    assert "Ärende 1 av 1, kortast tid kvar först" in html
    assert response.context["page_links"] == []
    assert "inbox-pagination" not in html


def test_the_total_is_grouped_as_each_language_groups_thousands():
    paginator = Paginator(range(1234), 25)
    with translation.override("sv"):
        assert page_range_text(paginator.page(1)) == "Ärende 1–25 av 1\xa0234"  # a no-break space
        assert page_range_text(paginator.page(50)) == "Ärende 1\xa0226–1\xa0234 av 1\xa0234"
    with translation.override("en"):
        assert page_range_text(paginator.page(1)) == "Cases 1–25 of 1,234"
    with translation.override("sv"):
        assert page_range_text(Paginator(range(1226), 25).page(50)) == "Ärende 1\xa0226 av 1\xa0226"


def test_the_page_links_keep_the_tab_the_filters_and_the_order(tree, as_staff, small_pages):
    for days in range(9):
        register(tree, days_ago=days)
    params = {
        "tab": "scope",
        "kind": "complaint",
        "unit": str(tree.care_home.pk),
        "sort": "newest",
        "page": "3",
    }
    response = as_staff(tree.unit_manager).get(INBOX, params)
    links = response.context["page_links"]
    assert [link.number for link in links] == [1, 2, 3, 4, 5]
    assert [link.is_current for link in links] == [False, False, True, False, False]
    for url in [link.url for link in links] + [
        response.context["next_url"],
        response.context["previous_url"],
    ]:
        kept = query(url)
        assert kept["tab"] == ["scope"] and kept["kind"] == ["complaint"] and kept["sort"] == ["newest"]
        assert kept["unit"] == [str(tree.care_home.pk)]
    assert query(response.context["next_url"])["page"] == ["4"]
    assert query(response.context["previous_url"])["page"] == ["2"]
    # The tabs and the order start again at the first page.
    assert all("page" not in query(url) for url in response.context["tab_urls"].values())


def test_many_pages_are_offered_with_gaps_around_the_current_one(tree, as_staff, monkeypatch):
    monkeypatch.setattr("staff.views.PAGE_SIZE", 1)
    for _ in range(12):
        register(tree)
    response = as_staff(tree.contact_staff).get(INBOX, {"page": "6"})
    numbers = [link.number for link in response.context["page_links"]]
    assert numbers == [1, None, 4, 5, 6, 7, 8, None, 12]
    assert response.content.decode().count('class="inbox-pagination__gap"') == 2


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("", 1),
        ("abc", 1),
        ("0", 1),
        ("-3", 1),
        ("2.5", 1),
        ("1e3", 1),
        ("١", 1),  # an Arabic-Indic digit one: a number, the first page
        ("9" * 5000, 1),  # too long to be read as a number
        ("4", 3),  # past the last page: the last page
        ("99999999999999999999", 3),
    ],
)
def test_a_bad_page_number_shows_the_first_or_the_last_page(tree, as_staff, small_pages, value, shown):
    for _ in range(5):
        register(tree)
    response = as_staff(tree.contact_staff).get(INBOX, {"page": value})
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert len(references(response)) == (1 if shown == 3 else 2)


# --- Staff see only their part of the tree, on every page -------------------------------------------------------


def test_every_page_holds_only_my_part_of_the_tree(tree, as_staff, small_pages):
    mine = [register(tree, days_ago=days).reference_number for days in range(3)]
    mine += [register(tree, unit=tree.home_care, days_ago=days).reference_number for days in range(2)]
    outside = [register(tree, unit=tree.group_home, days_ago=days).reference_number for days in range(3)]

    seen, pages = every_page(as_staff(tree.deputy_head), {"tab": "scope"})
    assert sorted(seen) == sorted(mine) and pages == 3

    seen, pages = every_page(as_staff(tree.other_unit_manager), {"tab": "scope"})
    assert sorted(seen) == sorted(outside) and pages == 2

    seen, _ = every_page(as_staff(tree.head_of_operations), {"tab": "scope", "sort": "oldest"})
    assert sorted(seen) == sorted(mine + outside)

    # A page number past my own pages shows my last page, never anyone else's cases.
    response = as_staff(tree.other_unit_staff).get(INBOX, {"tab": "scope", "page": "4"})
    assert set(references(response)) <= set(outside)


def test_the_total_counts_only_my_part_of_the_tree(tree, as_staff):
    for unit in (tree.care_home, tree.care_home, tree.group_home):
        register(tree, unit=unit)
    html = as_staff(tree.unit_manager).get(INBOX, {"tab": "scope"}).content.decode()
    assert "Ärende 1–2 av 2" in html


@pytest.mark.parametrize("state", ["", "all", "closed"])
def test_the_total_counts_held_cases_outside_my_part_and_nested_parts_once(tree, as_staff, state):
    """The total is counted in parts that do not overlap (cases.selectors.inbox_count): a case I hold outside my
    part of the tree counts once, and a role on a unit inside another of my parts adds nothing twice."""
    for unit in (tree.care_home, tree.home_care, tree.group_home):
        register(tree, unit=unit)
    held_outside = register(tree, unit=tree.group_home)
    Case.objects.filter(pk=held_outside.pk).update(holder=tree.deputy_head)
    grant(tree.deputy_head, tree.care_home, Role.UNIT_MANAGER)  # inside elderly care, where they read already
    Case.objects.filter(unit=tree.home_care).update(state=CaseState.CLOSED)

    response = as_staff(tree.deputy_head).get(INBOX, {"tab": "scope", "state": state})
    listed = references(response)
    assert response.context["page"].paginator.count == len(listed)
    assert (held_outside.reference_number in listed) == (state != "closed")
    assert len(listed) == len(set(listed)) == {"": 2, "all": 3, "closed": 1}[state]


# --- The subject ---------------------------------------------------------------------------------------------


def test_each_row_shows_what_the_case_concerns_and_nothing_the_sender_wrote(tree, as_staff):
    from cases.services import case_categorise
    from organisations.models import Category

    topics = {c.code: c for c in Category.objects.filter(organisation=tree.organisation, dimension="topic")}
    case = register(tree, what_happened="Nattpersonalen glömde medicinen till min far.")
    Case.objects.filter(pk=case.pk).update(citizen_topic=topics["treatment"])
    html = as_staff(tree.contact_staff).get(INBOX).content.decode()
    # Before staff have judged it: what the sender said it is mostly about, marked as theirs.
    assert '<span class="inbox-subject"><bdi>Avsändaren: Bemötande</bdi></span></th>' in html
    assert 'data-label="Diarienummer och rubrik"' in html
    case_categorise(
        case=case,
        topics=[topics["information"], topics["continuity"]],
        causes=[],
        acting_user=tree.contact_staff,
    )
    html = as_staff(tree.contact_staff).get(INBOX).content.decode()
    assert "<bdi>Information och kommunikation, Kontinuitet i personalen</bdi>" in html
    assert "medicinen" not in html  # never the sender's words (OSL 5 kap. 2 §)
    # Seeing the list is not reading a case: no read is logged.
    assert not Event.objects.filter(case=case, action="viewed").exists()


def test_a_topic_in_another_script_is_isolated_and_escaped(tree, as_staff):
    from cases.services import case_categorise
    from organisations.services import category_create

    case = register(tree)
    topic = category_create(
        organisation=tree.organisation,
        dimension="topic",
        name="שלום <b>Äldreomsorgsförvaltningsenhetsområdesuppdraget</b>",
        acting_user=None,
    )
    case_categorise(case=case, topics=[topic], causes=[], acting_user=tree.contact_staff)
    html = as_staff(tree.contact_staff).get(INBOX).content.decode()
    assert "<bdi>שלום &lt;b&gt;Äldreomsorgsförvaltningsenhetsområdesuppdraget&lt;/b&gt;</bdi>" in html


# --- The orders ----------------------------------------------------------------------------------------------


def test_the_nearest_deadline_comes_first_and_cases_without_one_last(tree, as_staff):
    informed = register(tree, days_ago=20)  # its clock stopped when the complainant was informed
    Case.objects.filter(pk=informed.pk).update(state=CaseState.INFORMED)
    praise = register(tree, kind=CaseKind.PRAISE, days_ago=30)  # praise has no clock
    later = register(tree, days_ago=2)  # 12 days left
    closed = register(tree, days_ago=40)
    Case.objects.filter(pk=closed.pk).update(state=CaseState.CLOSED)
    overdue = register(tree, days_ago=16)  # 2 days late
    sooner = register(tree, days_ago=10)  # 4 days left

    client = as_staff(tree.contact_staff)
    expected = [overdue, sooner, later, informed, praise]  # then the cases without a deadline, as registered
    assert references(client.get(INBOX)) == [case.reference_number for case in expected]
    everything = client.get(INBOX, {"state": "all", "sort": "deadline"})
    assert references(everything) == [case.reference_number for case in [*expected, closed]]
    assert '<th scope="col" aria-sort="ascending">Tid kvar</th>' in everything.content.decode()


def test_a_running_clock_to_confirm_receipt_counts_as_the_nearer_deadline(tree, as_staff):
    tree.organisation.acknowledge_period_days = 2
    tree.organisation.save(update_fields=["acknowledge_period_days"])
    confirmed = register(tree, days_ago=6)  # receipt confirmed: only the 14 days run, 8 left
    Case.objects.filter(pk=confirmed.pk).update(acknowledged_at=timezone.now() - timedelta(days=5))
    unconfirmed = register(tree, days_ago=3)  # receipt to confirm within 2 working days: due about now
    fresh = register(tree, days_ago=0)  # receipt to confirm within 2 working days from today
    by_inform_by = [confirmed, unconfirmed, fresh]
    assert sorted(by_inform_by, key=lambda case: case.inform_by) == by_inform_by

    response = as_staff(tree.contact_staff).get(INBOX)
    assert references(response) == [c.reference_number for c in (unconfirmed, fresh, confirmed)]


def test_it_sorts_by_the_day_received_either_way(tree, as_staff):
    middle = register(tree, days_ago=5)
    newest = register(tree, days_ago=1)
    oldest = register(tree, days_ago=9, kind=CaseKind.PRAISE)
    client = as_staff(tree.contact_staff)
    newest_first = client.get(INBOX, {"sort": "newest"})
    assert references(newest_first) == [c.reference_number for c in (newest, middle, oldest)]
    html = newest_first.content.decode()
    assert '<th scope="col" aria-sort="descending">Inkom</th>' in html
    assert html.count("aria-sort=") == 1
    assert "senast inkomna först" in html
    oldest_first = client.get(INBOX, {"sort": "oldest"})
    assert references(oldest_first) == [c.reference_number for c in (oldest, middle, newest)]
    assert '<th scope="col" aria-sort="ascending">Inkom</th>' in oldest_first.content.decode()


def test_pages_in_each_order_follow_each_other_without_gaps_or_repeats(tree, as_staff, small_pages):
    for days in (1, 5, 5, 3, 0):
        register(tree, days_ago=days)
    register(tree, kind=CaseKind.PRAISE, days_ago=2)
    client = as_staff(tree.contact_staff)
    for sort in ("deadline", "newest", "oldest"):
        seen, pages = every_page(client, {"sort": sort})
        assert len(seen) == len(set(seen)) == 6 and pages == 3
        assert seen == references(client.get(INBOX, {"sort": sort, "page": "1"})) + references(
            client.get(INBOX, {"sort": sort, "page": "2"})
        ) + references(client.get(INBOX, {"sort": sort, "page": "3"}))


def test_the_order_is_chosen_in_the_form_and_kept_in_the_address(tree, as_staff):
    register(tree)
    client = as_staff(tree.contact_staff)
    response = client.post(INBOX, {"tab": "scope", "sort": "oldest", "kind": "complaint"})
    assert response.status_code == 302
    assert query(response["Location"])["sort"] == ["oldest"]
    page = client.get(response["Location"])
    assert page.context["form"]["sort"].value() == "oldest"
    # The default order is left out of the address.
    response = client.post(INBOX, {"tab": "scope", "sort": "deadline"})
    assert "sort" not in query(response["Location"])


def test_an_unknown_order_is_said_plainly(tree, as_staff):
    register(tree)
    response = as_staff(tree.contact_staff).get(INBOX, {"sort": "random()"})
    assert response.status_code == 200
    assert response.context["form"].errors["sort"]
    assert "Fel:" in response.content.decode().split("</title>")[0]
    assert len(references(response)) == 1  # shown in the default order


# --- Search, a page at a time ----------------------------------------------------------------------------------


def test_search_results_come_a_page_at_a_time_and_the_text_stays_out_of_every_address(
    tree, as_staff, small_pages
):
    wanted = {
        register(tree, what_happened=f"Karlsson fick fel medicin, dag {day}.").reference_number
        for day in range(5)
    }
    register(tree, what_happened="Maten var kall.")
    client = as_staff(tree.unit_manager)
    location = client.post(INBOX, {"q": "Karlsson", "tab": "scope"})["Location"]
    response = client.get(location)
    assert "Ärende 1–2 av 5" in response.content.decode()
    addresses = [location]
    seen = references(response)
    while response.context["next_url"]:
        addresses += [link.url for link in response.context["page_links"]]
        assert query(response.context["next_url"])["search"] == query(location)["search"]
        response = client.get(response.context["next_url"])
        seen += references(response)
        addresses.append(response.context["previous_url"])
    assert set(seen) == wanted and len(seen) == 5
    assert not any("Karlsson" in address for address in addresses)


# --- Queries -------------------------------------------------------------------------------------------------


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INBOX, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {"tab": "mine"},
        {"tab": "scope", "sort": "newest"},
        {"tab": "scope", "state": "all", "sort": "oldest", "kind": "complaint"},
    ],
)
def test_a_page_costs_the_same_queries_whatever_it_holds(
    tree, as_staff, django_assert_max_num_queries, params
):
    client = as_staff(tree.unit_manager)
    register(tree, wants_manager=True)
    _queries(client, params)  # the first visit also saves the session (the inbox address it keeps)
    one_case = _queries(client, params)
    for _ in range(INBOX_PAGE_SIZE + 5):  # a full first page and a second
        register(tree, wants_manager=True, unit=tree.home_care)
    full_page = _queries(client, params)
    _queries(client, {**params, "page": "2"})
    second_page = _queries(client, {**params, "page": "2"})
    assert one_case == full_page == second_page
    # Session, user, device, organisation, role paths, units, the count, the page of cases, their topics, and the
    # staff frame's roles with their organisations (accounts/context_processors.py).
    with django_assert_max_num_queries(10):
        client.get(INBOX, {**params, "page": "2"})


# --- A search that matches many -------------------------------------------------------------------------------


def test_the_range_says_more_than_when_a_count_stopped():
    paginator = Paginator(range(1000), 25)
    with translation.override("sv"):
        assert page_range_text(paginator.page(1), more=True) == "Ärende 1–25 av fler än 1\xa0000"
    with translation.override("en"):
        assert page_range_text(paginator.page(1), more=True) == "Cases 1–25 of more than 1,000"


@pytest.mark.parametrize("tab", ["mine", "scope"])
def test_a_search_is_counted_up_to_a_limit(tree, tab):
    """Each part of the tree is counted on its own with a limit, and the count stops at it (docs/decisions/0045)."""
    from cases.selectors import InboxFilters, inbox_count

    for unit in (tree.care_home, tree.home_care, tree.care_home):
        register(tree, unit=unit, what_happened="Personalens bemötande var nedlåtande.")
    held_outside = register(tree, unit=tree.group_home, what_happened="Ett bemötande utan respekt.")
    Case.objects.filter(pk=held_outside.pk).update(holder=tree.deputy_head)
    Case.objects.filter(unit=tree.care_home).update(holder=tree.deputy_head)
    filters = InboxFilters(tab=tab, text="bemötandet")
    today = timezone.localdate()
    exact = inbox_count(user=tree.deputy_head, filters=filters, today=today)
    assert exact == {"mine": 3, "scope": 4}[tab]
    for limit in (1, 2, exact, exact + 1):
        counted = inbox_count(user=tree.deputy_head, filters=filters, today=today, at_most=limit)
        assert counted == min(limit, exact)


def test_a_search_that_matches_more_than_the_limit_says_so_and_lists_the_first(tree, as_staff, monkeypatch):
    monkeypatch.setattr("staff.views.SEARCH_COUNT_LIMIT", 2)
    for _ in range(3):
        register(tree, what_happened="Personalens bemötande var nedlåtande.")
    client = as_staff(tree.unit_manager)
    response = client.post(INBOX, {"tab": "scope", "q": "bemötande"}, follow=True)
    html = response.content.decode()
    assert "Ärende 1–2 av fler än 2" in html
    assert "Fler än 2 ärenden passar din sökning, och bara de 2 första visas." in html
    assert response.context["page"].paginator.count == 2
    # Without a search, the whole count as before.
    html = client.get(INBOX, {"tab": "scope"}).content.decode()
    assert "Ärende 1–3 av 3" in html
    assert "passar din sökning" not in html
