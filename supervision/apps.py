from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        # Retention deletes reports with their cases: they leave the planning view's summary in the same
        # transaction (retention.hooks).
        # The summary reads the models: imported once they are loaded.
        from retention.hooks import register_deletion_hook
        from supervision.signal_summary import signals_follow_categories, signals_forget_cases

        register_deletion_hook(signals_forget_cases)
        # A report's categories, however they change (the triage, the case page), are counted again.
        signals_follow_categories()
