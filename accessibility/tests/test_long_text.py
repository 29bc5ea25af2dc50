"""The accessibility report's description: a count instead of a hard limit, the server's message when it is too
long with nothing typed lost, and no description of only invisible characters (core.forms.FreeTextField)."""

import re

from cases.models import Case

URL = "/tillganglighet/rapportera/"
NBSP = "\u00a0"


def test_the_description_has_a_count_and_no_hard_limit(client, tree):
    body = client.get(URL).content.decode()
    for name in ("description", "where", "contact_name", "contact_phone"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', body)
        assert tag and "maxlength" not in tag.group(0), name
    assert f"Du kan skriva upp till 5{NBSP}000 tecken" in body


def test_a_description_too_long_is_refused_and_kept(client, tree):
    text = "Skärmläsaren läser inte upp knappen. " * 150  # 5 550 characters
    response = client.post(URL, {"description": text, "where": "Vägledningen", "contact_name": "Tolvan"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Texten är 5{NBSP}549 tecken. Korta den till högst 5{NBSP}000 tecken." in body
    assert text.strip() in body and 'value="Vägledningen"' in body and 'value="Tolvan"' in body
    assert not Case.objects.exists()


def test_a_description_of_only_invisible_characters_is_refused(client, tree):
    response = client.post(URL, {"description": "\u200b \u200b", "where": ""})
    assert "Skriv något i rutan. Det du skrev syns inte." in response.content.decode()
    assert not Case.objects.exists()
