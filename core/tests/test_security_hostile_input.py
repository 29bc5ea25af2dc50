"""Hostile text at every field of every public form: never a server error, never markup that runs, a clear message.

The forms are discovered, not listed: every POST form on the pages an anonymous visitor can open (the citizen
log-in, the link request, the staff log-in, ...) and every page of the intake wizard, met by walking it like a
person (core/tests/public_forms.py). Hypothesis picks a form, a field and a hostile value.
"""

import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.tests.public_forms import Form, fill, post_forms, walk_intake
from core.tests.security_urls import Targets, walk

PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>"
HOSTILE = st.one_of(
    st.sampled_from(
        [
            PAYLOAD,
            '"><svg onload=alert(1)>',
            "javascript:alert(1)",
            "'; DROP TABLE cases_case; --",
            "1' OR '1'='1",
            "\x00",
            "före\x00efter",
            "\u202egnp.exe",  # right-to-left override
            "\u202eabc\u202c\u2066x\u2069",
            "\ufeff\u200b\u200d",
            "𝕳𝖊𝖏 👩‍👩‍👧 ﷽",
            "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
            "{{ 7|add:7 }} {% debug %}",
            "%s%n%x %(secret)s",
            "../../../../etc/passwd",
            "line\r\nSet-Cookie: x=1",
            "A" * 1_000_000,
            "ö" * 1_000_000,
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
)
TEXT_KINDS = {"text", "textarea", "email", "tel", "search", "password", "number", "url"}
HONEYPOT = "website"


def shows_an_error(body: str) -> bool:
    return bool(
        re.search(r"<title>\s*(Fel|Error):", body)
        or "ds-validation-message" in body
        or "error-summary" in body
    )


def discover(client: Client, tree) -> list[tuple[str, Form]]:
    """(page, form) for every public POST form, the intake's pages included (the client stays on the last one)."""
    found: list[tuple[str, Form]] = []
    urls, _ = walk(Targets(case_id=1, attachment_id=1))
    visitor = Client()
    for url in urls:
        if url.path.startswith(("/admin/", "/i18n/")) or url.name.startswith(("intake:", "scale:")):
            continue
        response = visitor.get(url.path)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            for form in post_forms(response.content.decode(), url.path):
                if form.action not in {f.action for _, f in found}:
                    found.append((url.path, form))
    # The wizard: walked up to, but not through, its final POST, so that every page accepts a POST afterwards.
    _, met = walk_intake(client, max_steps=30, send=False)
    found += met
    return found


@pytest.mark.django_db
def test_hostile_text_in_any_public_field_gets_a_clear_answer_never_a_server_error(tree, settings):
    settings.RATELIMIT_ENABLED = False
    settings.AXES_ENABLED = False
    intake_client = Client(raise_request_exception=False)
    forms = discover(intake_client, tree)
    kinds = {form.action for _, form in forms}
    assert any(action.startswith("/lamna/") for action in kinds), kinds
    assert "/konto/logga-in/" in kinds, kinds
    assert any(action.startswith("/folj/") for action in kinds), kinds
    problems: list[str] = []

    @hypothesis_settings(
        max_examples=80,
        deadline=None,
        derandomize=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=st.data())
    def attempt(data):
        page, form = data.draw(st.sampled_from(forms))
        names = [name for name in form.fields if name != "csrfmiddlewaretoken"]
        if not names:
            return
        name = data.draw(st.sampled_from(names))
        value = data.draw(HOSTILE)
        client = Client(raise_request_exception=False)
        if page.startswith("/lamna/"):
            # A person who has answered everything so far, so that the page judges this value alone.
            walk_intake(client, send=False)
        else:
            fresh = [
                f for f in post_forms(client.get(page).content.decode(), page) if f.action == form.action
            ]
            form = fresh[0] if fresh else form
        payload = fill(form, text="Vanlig text")
        payload[name] = value
        response = client.post(form.action, payload)
        body = (
            response.content.decode("utf-8", "replace") if not getattr(response, "streaming", False) else ""
        )
        where = f"{form.action} field {name!r} with {value[:40]!r}{'…' if len(value) > 40 else ''}"
        if response.status_code >= 500:
            problems.append(f"{where}: status {response.status_code}")
            return
        if ("<script" in value or "onerror" in value or "onload" in value) and value in body:
            problems.append(f"{where}: the markup came back unescaped")
        kind = form.fields[name].kind
        accepted = response.status_code in (301, 302, 303)
        if kind in TEXT_KINDS and name != HONEYPOT:
            if "\x00" in value and accepted:
                problems.append(f"{where}: a null character was accepted")
            if "\x00" in value and response.status_code == 200 and not shows_an_error(body):
                problems.append(f"{where}: a null character, and no error message")
            if len(value) >= 1_000_000 and accepted:
                problems.append(f"{where}: 1 MB of text was accepted (no maximum length)")
            if len(value) >= 1_000_000 and response.status_code == 200 and not shows_an_error(body):
                problems.append(f"{where}: 1 MB of text, and no error message")

    attempt()
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.django_db
def test_every_intake_page_answers_a_post_from_a_session_that_ran_out(tree, settings):
    """Someone whose session expired while writing posts a page: they get the form again, not a server error."""
    settings.RATELIMIT_ENABLED = False
    _, met = walk_intake(Client(), send=False)
    problems = []
    for page, form in met:
        stranger = Client(raise_request_exception=False)
        stranger.get(page)
        response = stranger.post(form.action, fill(form, text="Vanlig text"))
        if response.status_code >= 500:
            problems.append(f"{form.action}: status {response.status_code}")
    assert not problems, "\n".join(problems)


# Logging out is harmless to repeat; every other public POST must be limited.
NOT_LIMITED = {"/folj/logga-ut/"}


@pytest.mark.django_db
def test_every_public_post_is_rate_limited(tree, settings):
    settings.AXES_ENABLED = False
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = dict.fromkeys(settings.RATELIMITS, "2/10m")
    intake_client = Client(raise_request_exception=False)
    settings.RATELIMIT_ENABLED = False  # while the forms are found
    forms = discover(intake_client, tree)
    settings.RATELIMIT_ENABLED = True
    unlimited = []
    for page, form in forms:
        if form.action in NOT_LIMITED or "/kontrollera/" in form.action:
            continue
        client = intake_client if page.startswith("/lamna/") else Client(raise_request_exception=False)
        from django.core.cache import cache

        cache.clear()
        statuses = []
        for _ in range(4):
            if client is not intake_client:
                fresh = [
                    f for f in post_forms(client.get(page).content.decode(), page) if f.action == form.action
                ]
                form = fresh[0] if fresh else form
            statuses.append(client.post(form.action, fill(form, text="Vanlig text")).status_code)
        if 429 not in statuses:
            unlimited.append(f"{form.action}: {statuses}")
    assert not unlimited, "Public POSTs without a rate limit:\n" + "\n".join(unlimited)


@pytest.mark.django_db
def test_the_final_intake_post_is_rate_limited(tree, settings):
    settings.RATELIMITS = {**dict.fromkeys(settings.RATELIMITS, "1000/10m"), "intake-submit": "2/10m"}
    client = Client(raise_request_exception=False)
    statuses = []
    for _ in range(3):
        _, met = walk_intake(client, send=False)
        _, final = met[-1]
        assert "/kontrollera/" in final.action
        statuses.append(client.post(final.action, fill(final)).status_code)
    assert statuses == [302, 302, 429]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [PAYLOAD, "före\x00efter", "A" * 1_000_000, "\u202egnp.exe"],
    ids=["markup", "null", "1MB", "rtl"],
)
def test_each_public_text_field_answers_the_worst_values_clearly(tree, settings, value):
    """Every text field of every public form, deterministically (Hypothesis above samples; this covers all)."""
    settings.RATELIMIT_ENABLED = False
    settings.AXES_ENABLED = False
    forms = discover(Client(), tree)
    problems: list[str] = []
    for page, form in forms:
        for name, field in form.fields.items():
            if field.kind not in TEXT_KINDS or name == HONEYPOT:
                continue
            client = Client(raise_request_exception=False)
            if page.startswith("/lamna/"):
                walk_intake(client, send=False)
                current = form
            else:
                fresh = [
                    f for f in post_forms(client.get(page).content.decode(), page) if f.action == form.action
                ]
                current = fresh[0] if fresh else form
            payload = fill(current, text="Vanlig text")
            payload[name] = value
            response = client.post(current.action, payload)
            body = response.content.decode("utf-8", "replace")
            where = f"{current.action} field {name!r}"
            if response.status_code >= 500:
                problems.append(f"{where}: status {response.status_code}")
            elif value == PAYLOAD and PAYLOAD in body:
                problems.append(f"{where}: markup came back unescaped")
            elif ("\x00" in value or len(value) >= 1_000_000) and response.status_code in (301, 302, 303):
                problems.append(
                    f"{where}: accepted {'a null character' if '\x00' in value else '1 MB of text'}"
                )
            elif (
                ("\x00" in value or len(value) >= 1_000_000)
                and response.status_code == 200
                and not shows_an_error(body)
            ):
                problems.append(f"{where}: refused without an error message")
    assert not problems, "\n".join(problems)
