"""The taxonomies of the quality work: every organisation starts with the defaults, and edits them as data."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.actions import Action
from audit.models import Event
from organisations.categories import DEFAULT_CAUSES, DEFAULT_TOPICS
from organisations.models import Category, CategoryDimension
from organisations.services import category_change, category_create
from organisations.testing import build_tree


def test_a_new_organisation_gets_the_default_taxonomies_in_order(tree):
    topics = Category.objects.filter(organisation=tree.organisation, dimension=CategoryDimension.TOPIC)
    causes = Category.objects.filter(organisation=tree.organisation, dimension=CategoryDimension.CAUSE)
    assert [(c.code, c.name, c.name_en) for c in topics] == list(DEFAULT_TOPICS)
    assert [(c.code, c.name, c.name_en) for c in causes] == list(DEFAULT_CAUSES)
    assert {"Bemötande", "Avgifter", "Tillgänglighet", "Kontinuitet i personalen"} <= {c.name for c in topics}


def test_each_organisation_has_its_own(tree):
    other = build_tree(slug="annanby", prefix="AB")
    mine = set(Category.objects.filter(organisation=tree.organisation).values_list("pk", flat=True))
    theirs = set(Category.objects.filter(organisation=other.organisation).values_list("pk", flat=True))
    assert mine and theirs and not mine & theirs


def test_a_category_is_named_in_the_readers_language_swedish_first(tree):
    category = Category.objects.get(organisation=tree.organisation, code="treatment", dimension="topic")
    with translation.override("sv"):
        assert str(category) == "Bemötande"
    with translation.override("en"):
        assert str(category) == "Treatment and attitude"
    category.name_en = ""
    with translation.override("en"):
        assert str(category) == "Bemötande"  # no English name: the Swedish one, never nothing


def test_adding_a_category_puts_it_last_and_records_it(tree):
    added = category_create(
        organisation=tree.organisation,
        dimension=CategoryDimension.TOPIC,
        name="  Mat  och   måltider ",
        name_en="Food and meals",
        acting_user=tree.quality_developer,
    )
    assert added.name == "Mat och måltider" and added.position == len(DEFAULT_TOPICS) + 1 and added.code == ""
    event = Event.objects.filter(action=Action.CATEGORY_CREATED).latest("pk")
    assert event.actor == tree.quality_developer and event.data["name"] == "Mat och måltider"


@pytest.mark.parametrize("name", ["", "   ", "bemötande"])
def test_a_category_needs_a_name_of_its_own(tree, name):
    with pytest.raises(ValidationError):
        category_create(
            organisation=tree.organisation,
            dimension=CategoryDimension.TOPIC,
            name=name,
            acting_user=tree.quality_developer,
        )


def test_the_same_name_may_be_used_in_the_other_taxonomy(tree):
    category_create(
        organisation=tree.organisation,
        dimension=CategoryDimension.CAUSE,
        name="Bemötande",
        acting_user=tree.quality_developer,
    )


def test_renaming_and_retiring_is_recorded_with_what_changed(tree):
    category = Category.objects.get(organisation=tree.organisation, code="fees", dimension="topic")
    category_change(
        category=category,
        name="Avgifter och räkningar",
        name_en="Fees and bills",
        position=category.position,
        is_active=False,
        acting_user=tree.quality_developer,
    )
    category.refresh_from_db()
    assert category.name == "Avgifter och räkningar" and not category.is_active and category.code == "fees"
    event = Event.objects.filter(action=Action.CATEGORY_CHANGED).latest("pk")
    assert event.data["changed"] == {
        "name": ["Avgifter", "Avgifter och räkningar"],
        "name_en": ["Fees", "Fees and bills"],
        "active": [True, False],
    }
    count = Event.objects.filter(action=Action.CATEGORY_CHANGED).count()
    category_change(
        category=category,
        name=category.name,
        name_en=category.name_en,
        position=category.position,
        is_active=False,
        acting_user=tree.quality_developer,
    )
    assert Event.objects.filter(action=Action.CATEGORY_CHANGED).count() == count  # nothing changed: no row
