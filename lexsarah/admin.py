"""The Lex Sarah periods of each organisation in the admin; every change through the audited service."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.models import User
from lexsarah.models import LexSarahSettings
from lexsarah.services import SETTINGS_FIELDS, lex_sarah_settings_change


@admin.register(LexSarahSettings)
class LexSarahSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "reference_prefix", "investigation_start_days", "ivo_report_days"]
    fields = ["organisation", *SETTINGS_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["organisation"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: LexSarahSettings, form: Any, change: bool) -> None:
        user = request.user if isinstance(request.user, User) else None
        lex_sarah_settings_change(
            organisation=obj.organisation,
            changes={name: form.cleaned_data[name] for name in SETTINGS_FIELDS if name in form.cleaned_data},
            acting_user=user,
        )
