from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional Exempelby kommun that `./run demo` builds (`manage.py demo_seed`)."""

    name = "demo"
