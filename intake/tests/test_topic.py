"""The sender may say what it is mostly about, from the organisation's own topics (issue 18, item 1): optional,
kept apart from staff's judgement, shown to staff."""

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import Case
from organisations.models import Category, CategoryDimension
from organisations.services import category_change

from .helpers import CHECK_URL, WHAT_HAPPENED, step_url, submit, walk


def topic(tree, code):
    return Category.objects.get(organisation=tree.organisation, dimension=CategoryDimension.TOPIC, code=code)


def test_the_what_happened_page_offers_the_organisations_topics_in_use_and_a_way_to_choose_none(client, tree):
    fees = topic(tree, "fees")
    category_change(
        category=fees, name=fees.name, name_en="", position=fees.position, is_active=False, acting_user=None
    )
    walk(client, tree, until="vad-hande")
    html = client.get(step_url("vad-hande")).content.decode()
    assert "Vad handlar det mest om?" in html and "(valfritt)" in html
    assert "Bemötande" in html and "Jag vill inte välja" in html
    assert "Avgifter" not in html  # taken out of use
    assert f'value="{topic(tree, "treatment").pk}"' in html


def test_a_chosen_topic_is_kept_on_the_case_and_shown_to_staff(client, tree):
    treatment = topic(tree, "treatment")
    walk(client, tree, **{"vad-hande": {"topic": str(treatment.pk)}})
    assert "Bemötande" in client.get(CHECK_URL).content.decode()
    assert submit(client).status_code == 302
    case = Case.objects.get()
    assert case.citizen_topic == treatment
    assert not case.category_links.exists()  # staff's judgement stays theirs to make
    staff = client.__class__()
    staff.force_login(case.holder)
    page = staff.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "Avsändaren sa att det gäller" in page


@pytest.mark.parametrize("answer", [None, "none"])
def test_choosing_none_or_nothing_registers_without_a_topic(client, tree, answer):
    overrides = {} if answer is None else {"vad-hande": {"what_happened": WHAT_HAPPENED, "topic": answer}}
    walk(client, tree, **overrides)
    assert submit(client).status_code == 302
    assert Case.objects.get().citizen_topic is None


def test_another_organisations_topic_is_refused_with_a_message_and_nothing_lost(client, tree):
    from organisations.testing import build_tree

    other = build_tree(slug="annanby", prefix="AB")
    theirs = Category.objects.filter(organisation=other.organisation, dimension="topic").first()
    walk(client, tree, until="vad-hande")
    response = client.post(
        step_url("vad-hande"), {"what_happened": WHAT_HAPPENED, "about_person": "", "topic": str(theirs.pk)}
    )
    html = response.content.decode()
    assert response.status_code == 200 and WHAT_HAPPENED in html


def test_a_topic_taken_out_of_use_before_sending_is_left_out_not_refused(client, tree):
    treatment = topic(tree, "treatment")
    walk(client, tree, **{"vad-hande": {"what_happened": WHAT_HAPPENED, "topic": str(treatment.pk)}})
    category_change(
        category=treatment,
        name=treatment.name,
        name_en=treatment.name_en,
        position=treatment.position,
        is_active=False,
        acting_user=None,
    )
    response = submit(client)
    # The answer no longer passes: the wizard asks the page again rather than registering something else.
    assert response.status_code == 302
    if response["Location"] == reverse("intake:confirmation"):
        assert Case.objects.get().citizen_topic is None
    else:
        assert not Case.objects.exists() and "vad-hande" in response["Location"]


def test_the_topics_are_named_in_english_for_an_english_reader(client, tree):
    client.cookies["django_language"] = "en"
    walk(client, tree, until="vad-hande")
    with translation.override("en"):
        html = client.get(step_url("vad-hande")).content.decode()
    assert "Treatment and attitude" in html and "I do not want to choose" in html
