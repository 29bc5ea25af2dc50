from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """The quality work (domain.md §7): the taxonomies of what cases concern and their causes, and, built on them,
    the statistics, the patterns across units and the annual quality report."""

    name = "quality"
    verbose_name = _("Quality work")
