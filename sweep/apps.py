from django.apps import AppConfig


class SweepConfig(AppConfig):
    name = "sweep"
