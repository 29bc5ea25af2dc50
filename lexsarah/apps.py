from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LexSarahConfig(AppConfig):
    name = "lexsarah"
    verbose_name = _("Lex Sarah")
