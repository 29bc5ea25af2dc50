"""The taxonomy pages: quality developers and administrators at the top edit their organisation's categories."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.actions import Action
from audit.models import Event
from organisations.models import Category, CategoryDimension
from organisations.testing import build_tree


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_quality_developer_sees_both_taxonomies_and_the_nav_entry(tree):
    html = client_for(tree.quality_developer).get(reverse("quality:categories")).content.decode()
    assert "Vad det gäller" in html and "Orsak som hittades" in html
    assert "Bemötande" in html and "Ingen brist hittades" in html
    assert f'href="{reverse("quality:categories")}" aria-current="page"' in html


@pytest.mark.parametrize("persona", ["head_of_operations", "unit_manager", "contact_staff", "registrar"])
def test_others_get_404_and_no_nav_entry(tree, persona):
    client = client_for(getattr(tree, persona))
    assert client.get(reverse("quality:categories")).status_code == 404
    category = Category.objects.filter(organisation=tree.organisation).first()
    assert client.get(reverse("quality:category_edit", args=[category.pk])).status_code == 404
    assert client.post(reverse("quality:category_edit", args=[category.pk]), {"name": "X"}).status_code == 404
    inbox = client.get(reverse("staff:inbox")).content.decode()
    assert reverse("quality:categories") not in inbox


def test_another_organisations_categories_are_out_of_reach(tree):
    other = build_tree(slug="annanby", prefix="AB")
    theirs = Category.objects.filter(organisation=other.organisation).first()
    client = client_for(tree.quality_developer)
    assert client.get(reverse("quality:category_edit", args=[theirs.pk])).status_code == 404
    add = reverse("quality:category_add", args=[other.organisation.slug, "topic"])
    assert client.post(add, {"name": "Intrång"}).status_code == 404
    assert "Annanby" not in client.get(reverse("quality:categories")).content.decode()


def test_adding_a_topic_and_a_taken_name_keeps_what_was_typed(tree):
    client = client_for(tree.quality_developer)
    add = reverse("quality:category_add", args=[tree.organisation.slug, CategoryDimension.TOPIC])
    assert client.get(add).status_code == 200
    response = client.post(add, {"name": "Mat och måltider", "name_en": "Food and meals"})
    assert response.status_code == 302
    assert Category.objects.filter(organisation=tree.organisation, name="Mat och måltider").exists()
    taken = client.post(add, {"name": "bemötande", "name_en": "Kept as typed"})
    html = taken.content.decode()
    assert taken.status_code == 200 and "Det finns redan en kategori med det namnet." in html
    assert 'value="Kept as typed"' in html
    assert (
        client.get(reverse("quality:category_add", args=[tree.organisation.slug, "nonsense"])).status_code
        == 404
    )


def test_retiring_a_category_from_its_page(tree):
    category = Category.objects.get(organisation=tree.organisation, code="fees", dimension="topic")
    client = client_for(tree.administrator)
    url = reverse("quality:category_edit", args=[category.pk])
    page = client.get(url).content.decode()
    assert 'value="Avgifter"' in page and "checked" in page
    bad = client.post(url, {"name": "Avgifter", "name_en": "Fees", "position": "först"})
    assert "Skriv platsen i listan som ett heltal" in bad.content.decode()
    response = client.post(url, {"name": "Avgifter", "name_en": "Fees", "position": "2"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert not category.is_active and category.position == 2
    assert Event.objects.filter(action=Action.CATEGORY_CHANGED, actor=tree.administrator).exists()
    assert "Nej, tagen ur bruk" in client.get(reverse("quality:categories")).content.decode()
