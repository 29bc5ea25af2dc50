"""The public register: published per organisation (off by default), searchable by anyone without logging in, by
reference number, dates received, kind and unit, a page at a time; its public part only, and no way on to a case."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from cases.models import CaseKind
from records.services import records_settings_change
from records.tests.conftest import SECRET_NAME, secret_case

pytestmark = pytest.mark.django_db


def _publish(tree, **changes):
    records_settings_change(
        organisation=tree.organisation, changes={"register_published": True, **changes}, acting_user=None
    )


def _url(tree, **params):
    url = reverse("register:search", args=[tree.organisation.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_an_unpublished_register_is_not_found(tree):
    secret_case(tree)
    assert Client().get(_url(tree)).status_code == 404
    assert Client().get(reverse("register:request", args=[tree.organisation.slug])).status_code == 404


def test_it_shows_the_public_part_only_and_links_nowhere(tree):
    case = secret_case(tree)
    _publish(tree)
    events = Event.objects.count()
    response = Client().get(_url(tree))
    assert response.status_code == 200
    assert Event.objects.count() == events  # the register's public part is not a read of a case
    html = response.content.decode()
    assert case.reference_number in html
    assert re.search(r"<td><bdi>Solgårdens äldreboende</bdi></td>", html)
    for secret in (SECRET_NAME, "Bo Avsändarsson", "medicin", case.subject, case.receipt_code):
        assert secret not in html
    links = re.findall(r'href="([^"]+)"', html)
    assert not [link for link in links if "/personal/" in link or "/folj/" in link or "arende" in link]
    assert f"/diarium/{tree.organisation.slug}/begar-handling/" in links


def test_the_subject_shows_only_where_the_organisation_chooses(tree):
    case = secret_case(tree)
    _publish(tree, register_shows_subject=True)
    assert case.subject in Client().get(_url(tree)).content.decode()


def test_it_searches_by_reference_dates_kind_and_unit(tree):
    old = secret_case(tree, received_at=timezone.now() - timedelta(days=40))
    new = secret_case(tree, kind=CaseKind.FEEDBACK)
    other_unit = secret_case(tree, unit=tree.group_home)
    _publish(tree)
    client = Client()

    def found(**params):
        html = client.get(_url(tree, **params)).content.decode()
        return {case for case in (old, new, other_unit) if case.reference_number in html}

    assert found(reference=old.reference_number.replace(" ", "+").lower()) == {old}
    assert found(kind="feedback") == {new}
    assert found(unit=tree.group_home.pk) == {other_unit}
    day = timezone.localdate() - timedelta(days=40)
    assert found(
        received_from_day=day.day,
        received_from_month=day.month,
        received_from_year=day.year,
        received_to_day=day.day,
        received_to_month=day.month,
        received_to_year=day.year,
    ) == {old}


def test_a_wrong_date_is_named_and_the_rest_still_applies(tree):
    secret_case(tree)
    _publish(tree)
    response = Client().get(
        _url(tree, received_from_day="31", received_from_month="2", received_from_year="2026", kind="praise")
    )
    html = response.content.decode()
    assert html.count("error-summary") >= 1 and "<title>Fel:" in html
    assert 'value="31"' in html  # what was typed stays
    assert "Första dagen måste finnas i kalendern" in html


def test_it_pages_by_number(tree):
    for _ in range(27):
        secret_case(tree)
    _publish(tree)
    client = Client()
    first = client.get(_url(tree)).content.decode()
    assert "1–25" in first and 'aria-current="page"' in first
    second = client.get(_url(tree, page=2)).content.decode()
    assert "26–27" in second
    assert client.get(_url(tree, page="x")).status_code == 200


def test_a_page_costs_a_fixed_number_of_queries(tree, django_assert_num_queries):
    for _ in range(30):
        secret_case(tree)
    _publish(tree)
    client = Client()
    client.get(_url(tree))
    # The organisation with its settings, the units of the filter, the count, the page, and the page frame's
    # organisation (core's context processor).
    with django_assert_num_queries(5):
        client.get(_url(tree, kind="complaint"))
