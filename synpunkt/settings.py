"""Django settings for Synpunkt.

Flat, read from the environment, loud on mistakes (see synpunkt/env.py). The defaults give a working demo on
SQLite; production sets SYNPUNKT_ENV=production, which turns every safety switch on and requires a real secret.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from core import languages
from synpunkt.env import env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_str("SYNPUNKT_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"SYNPUNKT_ENV={ENVIRONMENT!r}: use development, test or production.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("SYNPUNKT_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SYNPUNKT_DEBUG must be off in production.")

if PRODUCTION:
    SECRET_KEY = env_str("SYNPUNKT_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SYNPUNKT_SECRET_KEY must be at least 50 characters in production.")
else:
    SECRET_KEY = env_str("SYNPUNKT_SECRET_KEY", "insecure-development-key-" + "x" * 40)

ALLOWED_HOSTS = env_list(
    "SYNPUNKT_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("SYNPUNKT_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SYNPUNKT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The bench's bare ceiling view (scale/views.py) exists only in development or when this is on (bench/run.py).
BENCH_ENABLED = env_bool("SYNPUNKT_BENCH", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "ninja",  # its API docs from local static files, not a CDN (CSP: scripts only from here)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core.library_apps.AxesConfig",  # axes, named in Swedish in the admin
    "core.library_apps.TasksConfig",  # django_tasks_db, likewise
    # Synpunkt's own apps, named after the domain.
    "core",
    "accounts",
    "organisations",
    "audit",
    "cases",
    "intake",
    "staff",
    "citizen",
    "bankid",
    "notifications",
    "guide",
    "documents",
    "registrar",
    "quality",
    "accessibility",
    "lexsarah",
    "supervision",
    "records",
    "retention",
    "sso",
    "protection",
    "api",
    "webhooks",
    "demo",
    "sweep",
    "scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",  # request.saml_session: outstanding SAML requests
    "core.middleware.SessionInactivityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: it tells the person on the log-in page why they were logged out.
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it runs before any view or process_view reads the body (core/middleware.py).
    "core.middleware.RequestBodyLimitMiddleware",
]

ROOT_URLCONF = "synpunkt.urls"
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"  # Django's own widget templates (the default)
WSGI_APPLICATION = "synpunkt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "accounts.context_processors.staff_frame",
            ],
        },
    },
]

# Database: SQLite for the demo, PostgreSQL through DATABASE_URL in production and CI.
_sqlite_path = env_path("SYNPUNKT_SQLITE_PATH", BASE_DIR / "var" / "synpunkt.sqlite3")
_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
_default_sqlite = f"sqlite:///{_sqlite_path}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so concurrent registrations queue instead of failing
    # with "database is locked" half-way; WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # SQLite ignores an index's included columns (the statistics' summary, quality.models): a PostgreSQL
    # optimisation, not a fault.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement run a few times on a connection prepared there: PostgreSQL
    # parses it once instead of on every request, and Python does not quote every value into the SQL. Every
    # execution is still planned for its own values (plan_cache_mode), so a cached generic plan can never be the
    # slow one for a path prefix (docs/decisions/0023). Behind a pooler in transaction mode that cannot keep
    # prepared statements (PgBouncer before 1.21, or without max_prepared_statements), set
    # SYNPUNKT_DB_PREPARE_THRESHOLD=off.
    _prepare = env_str("SYNPUNKT_DB_PREPARE_THRESHOLD", "5").strip().lower()
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["server_side_binding"] = True
    _options["prepare_threshold"] = None if _prepare in {"off", "none", ""} else int(_prepare)
    _options["options"] = f"{_options.get('options', '')} -c plan_cache_mode=force_custom_plan".strip()
else:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite.")
# A PostgreSQL read replica for the statistics, their exports and the quality report (core/routers.py): a
# streaming replica of DATABASE_URL's server, with the same options. In tests it mirrors the primary (Django's
# TEST MIRROR), since a test database cannot be created on a read-only server.
_replica_url = env_str("DATABASE_REPLICA_URL", "").strip()
if _replica_url:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to point at PostgreSQL.")
    DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must point at PostgreSQL.")
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],
        **DATABASES["replica"].get("OPTIONS", {}),
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.routers.ReadReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not ":memory:": shared-cache memory databases lock whole tables and ignore the busy timeout, which
    # would make the concurrency tests and the browser tests (a live server thread) fail for the wrong reason.
    DATABASES["default"]["TEST"] = {"NAME": str(_sqlite_path.parent / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:inbox"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Staff single sign-on with the organisation's identity provider (sso/, docs/decisions/0038): SYNPUNKT_SSO=oidc or
# saml, or unset for none. Local accounts keep working either way. The second factor is the provider's when its
# answer names one of these methods (OpenID Connect `amr`) or contexts (`acr`, SAML AuthnContextClassRef); else
# the person gives a code from their authenticator app as after a password.
SSO_PROTOCOL = env_str("SYNPUNKT_SSO", "")
if SSO_PROTOCOL not in {"", "oidc", "saml"}:
    raise ImproperlyConfigured(f"SYNPUNKT_SSO={SSO_PROTOCOL!r}: use oidc, saml, or leave it unset.")
SSO_MFA_METHODS = env_list("SYNPUNKT_SSO_MFA_METHODS", ["mfa"])
SSO_MFA_CONTEXTS = env_list(
    "SYNPUNKT_SSO_MFA_CONTEXTS",
    [
        "https://refeds.org/profile/mfa",
        "http://schemas.microsoft.com/claims/multipleauthn",
        "http://id.elegnamnden.se/loa/1.0/loa3",
        "http://id.elegnamnden.se/loa/1.0/loa4",
    ],
)
# OpenID Connect (mozilla-django-oidc): the code flow with PKCE; accounts are never created from the provider.
OIDC_OP_ISSUER = env_str("SYNPUNKT_OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("SYNPUNKT_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("SYNPUNKT_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("SYNPUNKT_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("SYNPUNKT_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = env_str("SYNPUNKT_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("SYNPUNKT_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("SYNPUNKT_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:oidc_callback"
if SSO_PROTOCOL == "oidc":
    _missing = [
        name
        for name, value in {
            "SYNPUNKT_OIDC_ISSUER": OIDC_OP_ISSUER,
            "SYNPUNKT_OIDC_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
            "SYNPUNKT_OIDC_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
            "SYNPUNKT_OIDC_USERINFO_ENDPOINT": OIDC_OP_USER_ENDPOINT,
            "SYNPUNKT_OIDC_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
            "SYNPUNKT_OIDC_CLIENT_ID": OIDC_RP_CLIENT_ID,
            "SYNPUNKT_OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
        }.items()
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(f"SYNPUNKT_SSO=oidc needs {', '.join(_missing)}.")
    AUTHENTICATION_BACKENDS.append("sso.oidc.StaffOIDCBackend")
# SAML 2.0 (djangosaml2 with pysaml2; needs Debian's xmlsec1): the identity provider's metadata from a file or a URL,
# the e-mail attribute that matches staff on their first sign-on, and optionally a key pair to sign requests.
SAML_EMAIL_ATTRIBUTE = env_str("SYNPUNKT_SAML_EMAIL_ATTRIBUTE", "mail")
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_CREATE_UNKNOWN_USER = False
SAML_CSP_HANDLER = ""  # our pages send no inline script for SAML: the request goes by redirect
SAML_SESSION_COOKIE_NAME = "synpunkt_saml"
SAML_CONFIG: dict[str, object] = {}
if SSO_PROTOCOL == "saml":
    from sso.saml_config import saml_config

    _metadata_file = env_str("SYNPUNKT_SAML_IDP_METADATA_FILE", "")
    _metadata_url = env_str("SYNPUNKT_SAML_IDP_METADATA_URL", "")
    if not (_metadata_file or _metadata_url):
        raise ImproperlyConfigured(
            "SYNPUNKT_SSO=saml needs SYNPUNKT_SAML_IDP_METADATA_FILE or SYNPUNKT_SAML_IDP_METADATA_URL."
        )
    SAML_CONFIG = saml_config(
        site_url=SITE_URL,
        entity_id=env_str("SYNPUNKT_SAML_ENTITY_ID", f"{SITE_URL}/konto/sso/saml/metadata/"),
        idp_metadata_file=_metadata_file,
        idp_metadata_url=_metadata_url,
        key_file=env_str("SYNPUNKT_SAML_KEY_FILE", ""),
        cert_file=env_str("SYNPUNKT_SAML_CERT_FILE", ""),
        xmlsec_binary=env_str("SYNPUNKT_SAML_XMLSEC1", "/usr/bin/xmlsec1"),
    )
    AUTHENTICATION_BACKENDS.append("sso.saml.StaffSaml2Backend")

# Internationalisation: Swedish first, English fully. A new locale is a translation file, not a code change:
# the languages are those with a compiled catalogue here, each named in itself (core/languages.py).
LANGUAGE_CODE = "sv"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES, LANGUAGES_BIDI = languages.settings_for(BASE_DIR, LOCALE_PATHS)
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("SYNPUNKT_STATIC_ROOT", BASE_DIR / "var" / "static")
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise reads it at start-up; collectstatic fills it
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded files live outside the web root and are served only through the access policy.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(env_path("SYNPUNKT_MEDIA_ROOT", BASE_DIR / "var" / "uploads"))},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# No MEDIA_URL: nothing uploaded is ever public.

# Uploads
UPLOAD_MAX_BYTES = env_int("SYNPUNKT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_FILES = env_int("SYNPUNKT_UPLOAD_MAX_FILES", 5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The largest request body read at all: every file a form takes at once, and its fields. A larger declared
# Content-Length gets 413 before a byte is read (core.middleware.RequestBodyLimitMiddleware).
REQUEST_BODY_MAX_BYTES = UPLOAD_MAX_FILES * UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
CLAMD_SOCKET = env_str("SYNPUNKT_CLAMD_SOCKET", "")  # UNIX socket path or tcp://host:port; empty: no scan
CLAMD_TIMEOUT = env_int("SYNPUNKT_CLAMD_TIMEOUT", 30)

# Calls to other installations and webhook receivers: how long to wait for an answer, and the first pause
# before a retry (doubled on every failure, at most six hours; decision 36).
OUTBOUND_HTTP_TIMEOUT = env_int("SYNPUNKT_OUTBOUND_HTTP_TIMEOUT", 20, minimum=1, maximum=300)
RETRY_BASE_SECONDS = env_int("SYNPUNKT_RETRY_BASE_SECONDS", 60, minimum=1, maximum=3600)
# What the sweep prunes (decision 41): the idempotency keys of messages received from other installations, after
# which a replay of the same key is taken as new (a sender gives up within three days), and webhook deliveries that
# were delivered or given up, with their attempts. Anything still waiting or retrying is kept.
API_IDEMPOTENCY_KEEP_DAYS = env_int("SYNPUNKT_API_IDEMPOTENCY_KEEP_DAYS", 30, minimum=7, maximum=3650)
WEBHOOK_DELIVERIES_KEEP_DAYS = env_int("SYNPUNKT_WEBHOOK_DELIVERIES_KEEP_DAYS", 90, minimum=1, maximum=3650)

# Background work: django.tasks stored in the database, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("SYNPUNKT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

# E-mail goes through the outbox (notifications app); this is the transport the worker uses.
MAILERS = {
    "default": {
        "BACKEND": env_str("SYNPUNKT_MAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("SYNPUNKT_SMTP_HOST", "127.0.0.1"),
            "port": env_int("SYNPUNKT_SMTP_PORT", 1025),
            "timeout": 10,
        },
    }
}
if MAILERS["default"]["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    # One file per mail in a folder (the demo's, when no SMTP server runs: ./run demo).
    MAILERS["default"]["OPTIONS"] = {
        "file_path": env_str("SYNPUNKT_MAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
    }
elif MAILERS["default"]["BACKEND"] != "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {}
DEFAULT_FROM_EMAIL = env_str("SYNPUNKT_FROM_EMAIL", "synpunkt@exempelby.se")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sessions and cookies: in the database (Django's own backend)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SYNPUNKT_SESSION_SECONDS", 30 * 60)
# The inactivity timeout: a request pushes the expiry forward, saving the session at most once a minute
# (core/middleware.py), not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
# Staff are logged out after this many minutes without a request (accounts/middleware.py), on shared computers in
# care homes; every staff page says at what time. From 1 minute to a working day.
STAFF_IDLE_MINUTES = env_int("SYNPUNKT_STAFF_IDLE_MINUTES", 30, minimum=1, maximum=12 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # in the site's frame and the person's language
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SYNPUNKT_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = 63072000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SYNPUNKT_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: nothing inline, scripts only from here with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# django-axes: lock out after repeated failed log-ins.
AXES_FAILURE_LIMIT = env_int("SYNPUNKT_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("SYNPUNKT_AXES_ENABLED", True)
AXES_VERBOSE = False
# The client's address as the rate limits see it: behind the proxy, the address the proxy vouches for, not the
# proxy's own (which would lock a user name out for everyone).
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"

OTP_TOTP_ISSUER = "Synpunkt"
# The admin never shows anyone's TOTP secret or its QR code: nobody, not even a superuser, can copy another
# person's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache"
        if PRODUCTION
        else ("django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": "synpunkt_cache",
    }
}

# BankID (Relying Party API v6.0, mutual TLS; bankid/client.py). Production names the real service's address,
# the organisation's certificate and key (PEM) and BankID's CA; without them BankID is not offered. Elsewhere the
# project's own test server (`manage.py bankid_testserver`, started by `./run demo`) with the certificates it makes
# for itself in var/bankid/ is the default.
BANKID_TESTSERVER_CERTIFICATES = env_path(
    "SYNPUNKT_BANKID_TESTSERVER_CERTIFICATES", BASE_DIR / "var" / "bankid"
)
BANKID_TESTSERVER_PORT = env_int("SYNPUNKT_BANKID_TESTSERVER_PORT", 8443, minimum=1, maximum=65535)
BANKID_TESTSERVER_PHONE_PORT = env_int(
    "SYNPUNKT_BANKID_TESTSERVER_PHONE_PORT", 8444, minimum=1, maximum=65535
)
_bankid_test = not PRODUCTION
BANKID_URL = env_str(
    "SYNPUNKT_BANKID_URL", f"https://127.0.0.1:{BANKID_TESTSERVER_PORT}/rp/v6.0/" if _bankid_test else ""
)
BANKID_CERT = env_str(
    "SYNPUNKT_BANKID_CERT", str(BANKID_TESTSERVER_CERTIFICATES / "client.pem") if _bankid_test else ""
)
BANKID_KEY = env_str(
    "SYNPUNKT_BANKID_KEY", str(BANKID_TESTSERVER_CERTIFICATES / "client-key.pem") if _bankid_test else ""
)
BANKID_CA = env_str(
    "SYNPUNKT_BANKID_CA", str(BANKID_TESTSERVER_CERTIFICATES / "ca.pem") if _bankid_test else ""
)
if any((BANKID_URL, BANKID_CERT, BANKID_KEY, BANKID_CA)) and not all(
    (BANKID_URL, BANKID_CERT, BANKID_KEY, BANKID_CA)
):
    raise ImproperlyConfigured(
        "BankID needs all four of SYNPUNKT_BANKID_URL, SYNPUNKT_BANKID_CERT, SYNPUNKT_BANKID_KEY and "
        "SYNPUNKT_BANKID_CA, or none of them."
    )
if PRODUCTION and BANKID_URL and not BANKID_URL.startswith("https://"):
    raise ImproperlyConfigured("SYNPUNKT_BANKID_URL must be an https:// address in production.")
# The key of the keyed digest that ties cases to a person (citizen/identity.py, decision 37). Its own secret, so
# that rotating SYNPUNKT_SECRET_KEY need not lose anybody's cases (set it in production; it falls back to the
# secret key).
PERSON_KEY_SECRET = env_str("SYNPUNKT_PERSON_KEY_SECRET", SECRET_KEY)
if len(PERSON_KEY_SECRET) < 32:
    raise ImproperlyConfigured("SYNPUNKT_PERSON_KEY_SECRET must be at least 32 characters.")

# Rate limits on the public doors (core/ratelimit.py): "count/period" per client IP and per key, fixed windows.
RATELIMIT_ENABLED = env_bool("SYNPUNKT_RATELIMIT_ENABLED", True)
RATELIMITS = {
    "default": env_str("SYNPUNKT_RATELIMIT_DEFAULT", "30/10m"),  # any other public POST
    "intake-page": env_str("SYNPUNKT_RATELIMIT_INTAKE_PAGE", "120/10m"),  # one page of the intake wizard
    "intake-submit": env_str("SYNPUNKT_RATELIMIT_INTAKE_SUBMIT", "10/h"),  # the final POST that registers
    "citizen-login": env_str("SYNPUNKT_RATELIMIT_CITIZEN_LOGIN", "10/15m"),  # receipt code and secret
    "link-request": env_str("SYNPUNKT_RATELIMIT_LINK_REQUEST", "5/h"),  # mail me a link to my case
    "citizen-link": env_str("SYNPUNKT_RATELIMIT_CITIZEN_LINK", "30/10m"),  # opening a mailed link
    "citizen-message": env_str("SYNPUNKT_RATELIMIT_CITIZEN_MESSAGE", "20/h"),  # the citizen's reply
    "citizen-escalate": env_str("SYNPUNKT_RATELIMIT_CITIZEN_ESCALATE", "5/h"),  # ask for the next step
    "citizen-withdraw": env_str("SYNPUNKT_RATELIMIT_CITIZEN_WITHDRAW", "5/h"),  # withdraw the case
    "staff-login": env_str("SYNPUNKT_RATELIMIT_STAFF_LOGIN", "20/15m"),  # the staff password step
    "accessibility-report": env_str("SYNPUNKT_RATELIMIT_ACCESSIBILITY_REPORT", "10/h"),  # registers a case
    "appeal-helper": env_str("SYNPUNKT_RATELIMIT_APPEAL_HELPER", "60/10m"),  # computes a date
    "appeal-letter": env_str("SYNPUNKT_RATELIMIT_APPEAL_LETTER", "20/10m"),  # renders a PDF
    "ivo-report": env_str("SYNPUNKT_RATELIMIT_IVO_REPORT", "20/10m"),  # renders the citizen's IVO report PDF
    "bankid-start": env_str("SYNPUNKT_RATELIMIT_BANKID_START", "20/10m"),  # starts a BankID order
}

# Logging: never case content; the audit table is where reads and changes are recorded. One handler, one format,
# one time zone (UTC with its offset, core/logformat.py): Django's own handlers for "django" and "django.server"
# (local time, no offset) are replaced, and their records reach the root's handler.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "class": "core.logformat.UTCISOFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SYNPUNKT_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"level": "ERROR"},
        # Pinned whatever SYNPUNKT_LOG_LEVEL says: at DEBUG these two write what pages and queries hold (template
        # variable lookups with their context, SQL with its parameters), that is, case content.
        "django.template": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        # Single sign-on's libraries write assertions and claims (names, addresses) at DEBUG and INFO.
        "saml2": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
        "djangosaml2": {"level": "WARNING"},
        "mozilla_django_oidc": {"level": "WARNING"},
    },
}
