from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrarConfig(AppConfig):
    """Staff registration of matters that arrive by post, phone, e-mail or in person (domain.md §3)."""

    name = "registrar"
    verbose_name = _("Registration of post, phone and visits")
