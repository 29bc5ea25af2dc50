from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"

    def ready(self) -> None:
        from organisations import lookups  # noqa: F401 (registers the `under` lookup)
