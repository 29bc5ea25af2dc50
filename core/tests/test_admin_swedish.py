"""The admin is Swedish in Swedish: its apps, models and list filters have Swedish names, the libraries' too."""

import re

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db

ENGLISH_NAMES = {
    # our apps and models
    "Cases", "Notifications", "Organisations", "Accounts", "Core", "Outbound emails", "Outbound email",
    "Staff members", "Parts of the organisation", "Roles",
    # the libraries'
    "Axes", "Access attempts", "Access failures", "Access logs", "Tasks Database Backend", "Task Results",
    "Authentication and Authorization", "Groups",
    # list filter titles
    "kind", "channel", "state", "Attempt Time", "Logout Time", "Path", "Locked Out",
    "Access lock out", "priority", "queue name", "is active", "role",
}  # fmt: skip


def names_on(html: str) -> set[str]:
    """App captions, model names of the index, and the titles of a changelist's filters."""
    captions = re.findall(r"<caption>\s*<a[^>]*>(.*?)</a>", html, re.S)
    models = re.findall(r'<th scope="row"[^>]*>\s*<a[^>]*>(.*?)</a>', html, re.S)
    filters = re.findall(r'data-filter-title="(.*?)"', html)
    return {name.strip() for name in [*captions, *models, *filters]}


def test_the_admin_index_and_changelists_are_swedish(client, tree):
    admin = User.objects.create_superuser("root.admin", "root.admin@example.se", "irrelevant-password-123")
    client.force_login(admin)
    index = client.get("/admin/").content.decode()
    seen = names_on(index)
    assert "Ärenden" in seen and "Inloggningsförsök" in seen and "Bakgrundsjobb" in seen
    changelists = sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/)"', index)))
    assert len(changelists) >= 8
    for url in changelists:
        response = client.get(url)
        assert response.status_code == 200, url
        seen |= names_on(response.content.decode())
    assert not seen & ENGLISH_NAMES, sorted(seen & ENGLISH_NAMES)
