from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Seeding at national scale and the bench's bare ceiling view (issue 6)."""

    name = "scale"
