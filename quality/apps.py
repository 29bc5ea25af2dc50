from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """The quality work (domain.md §7): the taxonomies of what cases concern and their causes, and, built on them,
    the statistics, the patterns across units and the annual quality report."""

    name = "quality"
    verbose_name = _("Quality work")

    def ready(self) -> None:
        # Retention deletes cases: they leave the statistics' summary in the same transaction (retention.hooks).
        # The summary reads the models: imported once they are loaded.
        from quality.summary import summary_forget_cases
        from retention.hooks import register_deletion_hook

        register_deletion_hook(summary_forget_cases)
