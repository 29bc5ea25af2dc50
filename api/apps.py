from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"

    def ready(self) -> None:
        from api.exchange import on_report_handed_over
        from supervision.signals import report_handed_over

        # The authority's triage hands a report over: the exchange sends it to the recipient's installation.
        report_handed_over.connect(on_report_handed_over, dispatch_uid="api.exchange.hand_over")
