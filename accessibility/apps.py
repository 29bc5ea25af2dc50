from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityConfig(AppConfig):
    """The accessibility statement (DOS-lagen 2018:1937) and reports of accessibility problems."""

    name = "accessibility"
    verbose_name = _("Accessibility")
