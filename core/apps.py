from django.apps import AppConfig

from core import checks  # noqa: F401 (registers the checks)


class CoreConfig(AppConfig):
    name = "core"
