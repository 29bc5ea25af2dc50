"""Two libraries' apps under Swedish names in the admin.

axes and django_tasks_db name their apps in English only ("Axes", "Tasks Database Backend"). Django's way to rename
a third-party app is an AppConfig subclass named in INSTALLED_APPS (kept out of core/apps.py, where Django would take
it for core's own). Their models' and fields' names are already marked for translation; core's catalogue gives
them in Swedish.
"""

from typing import cast

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):  # type: ignore[misc]  # django-axes ships no type hints
    verbose_name = _("Log-in attempts")


class TasksConfig(TasksAppConfig):
    # The library types it as str; a lazy string is one once rendered, in the language of the request.
    verbose_name = cast(str, _("Background tasks"))
