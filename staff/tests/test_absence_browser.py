"""In a real browser, at 1280 and at 320 pixels with axe-core (WCAG 2.1 AA) on every page: a unit manager sets
an absence (first with errors), sees it in the list, moves the absent person's cases with the confirmation step,
and ends the absence. No JavaScript is needed for any of it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from cases.tests.handling_helpers import register
from organisations.models import Absence, Role
from organisations.testing import grant, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_manager_sets_an_absence_moves_the_cases_and_ends_it(
    page, axe, login_staff, transactional_tree, width
):
    tree = transactional_tree
    dora = make_user("testby-dora", "Dora", "Ersättarsson")
    grant(dora, tree.care_home, Role.CONTACT_STAFF)
    grant(tree.contact_staff, tree.home_care, Role.CONTACT_STAFF)
    here = register(tree)
    there = register(tree, unit=tree.home_care)
    page.set_viewport_size({"width": width, "height": 900})
    login_staff(page, tree.unit_manager)

    page.goto("/personal/")
    page.get_by_role("navigation", name="Personalmeny").get_by_role(
        "link", name="Frånvaro och överlämning"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frånvaro och överlämning")
    axe(page, context_name=f"absence list, empty, {width}")

    # Setting an absence: first with nothing filled in.
    page.get_by_role("link", name="Lägg in frånvaro").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg in frånvaro")
    axe(page, context_name=f"set an absence, {width}")
    page.get_by_role("button", name="Spara frånvaron").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.locator("#error-summary")).to_be_focused()
    axe(page, context_name=f"set an absence, with errors, {width}")
    page.get_by_label("Vem som ska vara borta").select_option(str(tree.contact_staff.pk))
    page.get_by_label("Ersättare", exact=True).select_option(str(dora.pk))
    today = timezone.localdate()
    first_day = page.get_by_role("group", name="Första frånvarodagen")
    first_day.get_by_label("Dag").fill(str(today.day))
    first_day.get_by_label("Månad").fill(str(today.month))
    first_day.get_by_label("År").fill(str(today.year))
    page.get_by_role("button", name="Spara frånvaron").click()
    # Anna works at home care too, where Dora has no role: the service refuses, and says why, on the field.
    expect(page.locator("#error-summary")).to_contain_text("Dora Ersättarsson kan inte ta emot ärendena")
    expect(first_day.get_by_label("Dag")).to_have_value(str(today.day))
    axe(page, context_name=f"set an absence, refused deputy, {width}")
    page.get_by_label("Ersättare", exact=True).select_option(str(tree.unit_manager.pk))
    page.get_by_role("button", name="Spara frånvaron").click()

    expect(page).to_have_url(re.compile(r"/personal/franvaro/$"))
    expect(page.get_by_text("Anna Kontaktsson är borta")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("tills vidare")
    axe(page, context_name=f"absence list, with an absence, {width}")
    absence = Absence.objects.get()
    assert absence.deputy == tree.unit_manager and absence.ends_on is None

    # A case that comes now goes to the deputy, and its timeline says whom he stands in for.
    routed = register(tree)
    assert routed.holder == tree.unit_manager
    page.goto(f"/personal/arende/{routed.pk}/")
    expect(page.get_by_text("Anna Kontaktsson, som är borta")).to_be_visible()
    axe(page, context_name=f"case page of a case routed to the deputy, {width}")
    page.goto("/personal/franvaro/")

    # The cases Anna already holds: move them, one of them to a person chosen for it.
    page.get_by_role("link", name=re.compile("^Flytta dem")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flytta ärendena från Anna Kontaktsson")
    axe(page, context_name=f"the leaving move, {width}")
    page.get_by_label("Mottagare av ärendena").select_option(str(dora.pk))
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flytta 1 ärende från Anna Kontaktsson?")
    expect(page.get_by_role("heading", name="1 ärende kan inte flyttas")).to_be_visible()
    axe(page, context_name=f"the leaving move, confirmation with a refusal, {width}")
    page.get_by_role("button", name="Ändra valen").click()
    page.get_by_label(f"Mottagare av {there.reference_number}").select_option(str(tree.unit_manager.pk))
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flytta 2 ärenden från Anna Kontaktsson?")
    axe(page, context_name=f"the leaving move, confirmation, {width}")
    page.get_by_role("button", name="Flytta 2 ärenden").click()
    expect(page.get_by_text("2 ärenden från Anna Kontaktsson flyttades.")).to_be_visible()
    axe(page, context_name=f"the leaving move, done, {width}")
    assert Case.objects.get(pk=here.pk).holder == dora
    assert Case.objects.get(pk=there.pk).holder == tree.unit_manager

    # The choice of person, from the list.
    page.goto("/personal/franvaro/overlamna/")
    axe(page, context_name=f"choose whose cases, {width}")

    # Anna is back.
    page.goto("/personal/franvaro/")
    page.get_by_role("link", name=re.compile("^Avsluta frånvaron")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avsluta frånvaron för Anna Kontaktsson?")
    axe(page, context_name=f"end the absence, {width}")
    page.get_by_role("button", name="Avsluta frånvaron").click()
    expect(page.get_by_text("Frånvaron för Anna Kontaktsson är avslutad")).to_be_visible()
    axe(page, context_name=f"absence list, ended, {width}")
    absence.refresh_from_db()
    assert absence.ended_at is not None
