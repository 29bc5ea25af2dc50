"""Headers and settings: CSP with nonces on every page, and production's safety switches (check --deploy clean)."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from core.tests.security_urls import Targets, walk

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(tmp_path) -> dict[str, str]:
    # A clean environment, as on a server: nothing from the test run (conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for
    # Playwright, which check --deploy rightly refuses).
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SYNPUNKT_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        {
            "SYNPUNKT_ENV": "production",
            "SYNPUNKT_SECRET_KEY": secrets.token_urlsafe(64),
            "SYNPUNKT_ALLOWED_HOSTS": "synpunkt.exempelby.se",
            "SYNPUNKT_SQLITE_PATH": str(tmp_path / "production.sqlite3"),
            "SYNPUNKT_STATIC_ROOT": str(tmp_path / "static"),
            "SYNPUNKT_MEDIA_ROOT": str(tmp_path / "uploads"),
            "DJANGO_SETTINGS_MODULE": "synpunkt.settings",
        }
    )
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_short_secret_and_debug(tmp_path):
    env = production_env(tmp_path)
    env["SYNPUNKT_SECRET_KEY"] = "short"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    env = production_env(tmp_path)
    env["SYNPUNKT_DEBUG"] = "1"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "DEBUG" in result.stderr


PRODUCTION_KEYS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
]


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory):
    """The values settings.py gives under SYNPUNKT_ENV=production, read in a separate process."""
    tmp_path = tmp_path_factory.mktemp("production")
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"keys = {PRODUCTION_KEYS!r}; "
        "print(json.dumps({**{k: getattr(s, k) for k in keys}, 'CACHE': s.CACHES['default']['BACKEND'], "
        "'MEDIA': s.STORAGES['default']['OPTIONS']['location'], 'STATIC_ROOT': str(s.STATIC_ROOT), "
        "'MEDIA_URL': s.MEDIA_URL}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_turns_every_safety_switch_on(production_settings):
    values = production_settings
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_SSL_REDIRECT"]
    assert (
        values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    )
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] in {"same-origin", "no-referrer", "strict-origin"}
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    # Rate-limit counters shared by every worker process.
    assert values["CACHE"] == "django.core.cache.backends.db.DatabaseCache"


def test_uploads_are_stored_outside_the_web_root_and_never_served(production_settings, client, db):
    media = Path(production_settings["MEDIA"]).resolve()
    static = Path(production_settings["STATIC_ROOT"]).resolve()
    assert not media.is_relative_to(static) and not static.is_relative_to(media)
    assert production_settings["MEDIA_URL"] in ("", "/", None)  # never set: Django's empty default
    assert settings.MEDIA_URL in ("", "/")
    # No URL serves the storage folder: even knowing a stored file's name finds nothing.
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("attachments/ab/stored.pdf", ContentFile(b"%PDF-1.4 secret"))
    for prefix in ("/", "/media/", "/uploads/", "/static/", "/var/uploads/"):
        response = client.get(prefix + name)
        assert response.status_code == 404, prefix
        assert b"secret" not in response.content


def test_production_headers_on_a_page(production_settings, tree):
    overrides = {key: production_settings[key] for key in PRODUCTION_KEYS if key != "DEBUG"}
    with override_settings(**overrides):
        client = Client()
        response = client.get("/", secure=True)
        assert response.status_code == 200
        assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == production_settings["SECURE_REFERRER_POLICY"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        # A page with a form sets the CSRF cookie; a page that keeps answers sets the session cookie. Both must be
        # Secure (and the session HTTP-only) under production settings.
        form_page = client.get("/folj/", secure=True)
        assert form_page.status_code == 200
        assert "csrftoken" in form_page.cookies, "the citizen log-in page set no CSRF cookie"
        assert form_page.cookies["csrftoken"]["secure"]
        answered = client.post("/lamna/vad-galler/", {"kind": "complaint"}, secure=True)
        assert answered.status_code in (200, 302), answered.status_code
        assert "sessionid" in client.cookies, "no session cookie after an intake answer"
        session_cookie = client.cookies["sessionid"]
        assert session_cookie["secure"] and session_cookie["httponly"]
        insecure = client.get("/", secure=False)
        assert insecure.status_code == 301 and insecure["Location"].startswith("https://")


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def check_page(path: str, response, problems: list[str]) -> None:
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        problems.append(f"{path}: no Content-Security-Policy header")
        return
    directives = dict([*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip())
    script_src = directives.get("script-src", directives.get("default-src", ""))
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append(f"{path}: CSP allows unsafe-inline or unsafe-eval: {policy}")
    body = response.content.decode("utf-8", "replace")
    # Django adds the nonce to the header only on pages that use it. Scripts loaded from this site ('self') run
    # without one; an inline script (not JSON data) runs only with the page's nonce.
    nonce = re.search(r"'nonce-([^']+)'", script_src)
    for attributes in SCRIPT_TAG.findall(body):
        if "src=" in attributes or re.search(r'type="application/(ld\+)?json"', attributes):
            continue
        if not nonce or f'nonce="{nonce.group(1)}"' not in attributes:
            problems.append(f"{path}: an inline <script{attributes}> without the page's nonce")
    if INLINE_HANDLER.search(body):
        problems.append(f"{path}: an inline event handler (on...=) that CSP will block")
    if STYLE_ATTRIBUTE.search(body):
        problems.append(f"{path}: a style= attribute that CSP will block")


@pytest.mark.django_db
def test_the_base_page_carries_a_nonce_in_header_and_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"script-src [^;]*'nonce-([^']+)'", policy)
    assert nonce, policy
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert client.get("/")["Content-Security-Policy"] != policy  # a fresh nonce per response


@pytest.mark.django_db
def test_every_page_sends_csp_with_a_nonce_and_nothing_inline(tree):
    from cases.services import CaseSubmission, case_register

    case = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened="Text",
            unit=tree.care_home,
        )
    ).case
    urls, _ = walk(Targets(case_id=case.pk, attachment_id=0, receipt_code=case.receipt_code))
    problems: list[str] = []
    anonymous = Client(raise_request_exception=False)
    holder = Client(raise_request_exception=False)
    holder.force_login(tree.contact_staff)
    superuser = Client(raise_request_exception=False)
    tree.administrator.is_staff = tree.administrator.is_superuser = True
    tree.administrator.save()
    superuser.force_login(tree.administrator)
    for url in urls:
        for client in (anonymous, holder, superuser):
            response = client.get(url.path)
            if response.status_code < 500:
                check_page(url.path, response, problems)
    assert not problems, "\n".join(sorted(set(problems)))


def test_migrate_creates_the_shared_cache_table_in_production(tmp_path):
    """The rate limits count in the database cache in production; `migrate` alone must create its table."""
    import sqlite3

    env = production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(env["SYNPUNKT_SQLITE_PATH"]) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        triggers = {
            row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert "synpunkt_cache" in tables
    assert {"audit_event_append_only", "audit_event_no_delete"} <= triggers
