"""The background tasks in the admin (django-tasks-db's own pages), without what a task carried.

A task's arguments, its return value and its traceback may name a case or hold an exception's message (an SMTP
error quotes the recipient's address): the admin shows no contact details or case content, so those three are
left out. The worker's log has the traceback, with the rest of what operators need.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

HIDDEN_FIELDS = {"args_kwargs", "return_value", "traceback", "formatted_traceback"}


class TaskResultAdmin(DBTaskResultAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [name for name in super().get_readonly_fields(request, obj) if name not in HIDDEN_FIELDS]


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
