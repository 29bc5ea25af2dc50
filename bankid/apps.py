from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankIDConfig(AppConfig):
    name = "bankid"
    label = "bankid"
    verbose_name = _("BankID")
