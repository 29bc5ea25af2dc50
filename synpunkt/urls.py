from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.views import admin_login

urlpatterns = [
    path("", include("core.urls")),
    path("lamna/", include("intake.urls")),
    path("personal/registrera/", include("registrar.urls")),
    path("personal/franvaro/", include("staff.absence_urls")),
    path("personal/kvalitet/", include("quality.urls")),
    path("personal/lex-sarah/", include("lexsarah.urls")),
    path("personal/tillsyn/", include("supervision.urls")),
    path("personal/begaran/", include("records.urls")),
    path("personal/gallring/", include("retention.urls")),
    path("personal/statistik/", include("quality.statistics_urls")),
    path("personal/", include("protection.urls")),
    path("personal/kopplingar/", include("api.staff_urls")),
    path("personal/", include("staff.urls")),
    path("folj/", include("citizen.urls")),
    path("anmal-till-tillsynen/", include("supervision.public_urls")),
    path("diarium/", include("records.public_urls")),
    path("bankid/", include("bankid.urls")),
    path("konto/sso/", include("sso.urls")),
    path("konto/", include("accounts.urls")),
    path("vart-vander-jag-mig/", include("guide.urls")),
    path("dokument/", include("documents.urls")),
    path("tillganglighet/", include("accessibility.urls")),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/login/", admin_login, name="admin_login"),  # one log-in door: the staff log-in (accounts)
    path("admin/", admin.site.urls),
]

if settings.DEBUG or settings.BENCH_ENABLED:
    # The bench's bare ceiling view: absent in production unless SYNPUNKT_BENCH=1 (issue 6).
    urlpatterns.append(path("bench/", include("scale.urls")))
