"""Rate limits on the public doors, the receipt secret's strength, and the honeypot."""

import ast
import inspect
import math
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core import ratelimit

BASE_DIR = Path(__file__).resolve().parents[2]


@ratelimit.ratelimit("test-scope", key=lambda request: request.POST.get("code", ""))
def view(request):
    return HttpResponse("ok")


@pytest.fixture
def limits(settings, db):  # the counters are rows in the database
    settings.RATELIMITS = {**settings.RATELIMITS, "test-scope": "3/10m"}
    settings.RATELIMIT_ENABLED = True


def post(ip="10.0.0.1", code="AAAA-BBBB"):
    request = RequestFactory().post("/", {"code": code}, REMOTE_ADDR=ip)
    request.LANGUAGE_CODE = "sv"
    return request


def test_parse_rate():
    assert ratelimit.parse_rate("10/m") == (10, 60)
    assert ratelimit.parse_rate("10/15m") == (10, 900)
    assert ratelimit.parse_rate("5/h") == (5, 3600)
    with pytest.raises(ValueError):
        ratelimit.parse_rate("ten per minute")


@pytest.mark.django_db
def test_it_answers_429_with_a_clear_page_after_the_limit(limits):
    assert [view(post()).status_code for _ in range(3)] == [200, 200, 200]
    response = view(post())
    assert response.status_code == 429
    response.render()
    body = response.content.decode()
    assert "För många försök" in body
    assert int(response["Retry-After"]) > 0


def test_it_counts_per_key_across_addresses(limits):
    # Spreading guesses at one receipt code over many addresses does not help.
    statuses = [view(post(ip=f"10.0.0.{n}", code="SAME-CODE")).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_it_counts_per_address_across_keys(limits):
    statuses = [view(post(code=f"CODE-{n}")).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_other_clients_are_not_affected(limits):
    for _ in range(4):
        view(post(ip="10.0.0.1", code="A"))
    assert view(post(ip="10.0.0.2", code="B")).status_code == 200


def test_a_new_window_starts_afresh(limits):
    import time_machine

    with time_machine.travel(1_800_000_000, tick=False) as clock:
        for _ in range(4):
            view(post())
        assert view(post()).status_code == 429
        clock.shift(601)
        assert view(post()).status_code == 200


def test_get_requests_are_not_counted(limits):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    assert all(view(request).status_code == 200 for _ in range(10))


def test_behind_the_proxy_the_last_forwarded_address_counts(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    assert ratelimit.client_ip(request) == "203.0.113.9"
    settings.SECURE_PROXY_SSL_HEADER = None
    assert ratelimit.client_ip(request) == "127.0.0.1"


def test_the_counters_hold_no_personal_data(limits):
    from core.models import RateCounter

    view(post(ip="198.51.100.7", code="K7P2-9XQM"))
    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2  # one for the address, one for the code
    assert not any("198.51.100.7" in key or "K7P2" in key.upper() for key in keys)


def test_the_sweep_deletes_the_counters_of_ended_windows(limits):
    from datetime import timedelta

    from django.utils import timezone

    from core.models import RateCounter

    view(post())
    assert RateCounter.objects.count() == 2
    assert ratelimit.counters_expired_delete(now=timezone.now()) == 0
    assert ratelimit.counters_expired_delete(now=timezone.now() + timedelta(minutes=11)) == 2
    assert not RateCounter.objects.exists()


# --- the receipt secret ---------------------------------------------------------------------------------------


def test_the_receipt_secret_has_at_least_80_bits():
    from cases import receipts

    secret = receipts.new_secret()
    length = len(receipts.normalise(secret))
    bits = length * math.log2(len(set(receipts.ALPHABET)))
    assert bits >= 80, bits
    assert len({receipts.new_secret() for _ in range(1000)}) == 1000


def test_the_receipt_secret_comes_from_the_secrets_module_and_is_compared_in_constant_time():
    from cases import receipts

    source = inspect.getsource(receipts)
    tree = ast.parse(source)
    calls = {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert "secrets.choice" in calls or "secrets.token_bytes" in calls
    assert "random.choice" not in calls
    assert "hmac.compare_digest" in calls
    matches = inspect.getsource(receipts.secret_matches)
    assert "compare_digest" in matches and "==" not in matches
    secret = receipts.new_secret()
    assert receipts.secret_matches(secret.lower().replace("-", " "), receipts.hash_secret(secret))
    other = ("Y" if secret[0] == "X" else "X") + secret[1:]  # one character off (never the secret itself)
    assert not receipts.secret_matches(other, receipts.hash_secret(secret))


# --- the honeypot ----------------------------------------------------------------------------------------------


def test_the_intake_has_a_honeypot_field_hidden_from_people():
    from django.template import Context, Template
    from django.template.loader import get_template

    from intake.guards import HONEYPOT_FIELD, honeypot_filled

    source = Path(get_template("intake/check.html").origin.name).read_text()
    assert "{% honeypot %}" in source  # the form kit's (core/forms.py), inside the form
    html = Template("{% load form_kit %}{% honeypot %}").render(Context())
    assert '<div class="honeypot" aria-hidden="true">' in html
    tag = next(line for line in html.splitlines() if "<input" in line)
    assert f'name="{HONEYPOT_FIELD}"' in tag and 'tabindex="-1"' in tag and 'autocomplete="off"' in tag
    assert honeypot_filled(RequestFactory().post("/", {HONEYPOT_FIELD: "http://spam.example"}))
    assert not honeypot_filled(RequestFactory().post("/", {HONEYPOT_FIELD: ""}))
