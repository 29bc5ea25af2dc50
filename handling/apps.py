from django.apps import AppConfig


class HandlingConfig(AppConfig):
    name = "handling"
