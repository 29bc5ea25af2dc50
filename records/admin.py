"""The register and request settings of each organisation, and the legal grounds, in the admin. Settings change
through the audited service; a ground in use is taken out of use, never deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.models import User
from records.models import LegalGround, RecordsSettings
from records.services import SETTINGS_FIELDS, records_settings_change


@admin.register(RecordsSettings)
class RecordsSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "register_published", "register_shows_subject", "request_working_days"]
    fields = ["organisation", *SETTINGS_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["organisation"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RecordsSettings, form: Any, change: bool) -> None:
        user = request.user if isinstance(request.user, User) else None
        records_settings_change(
            organisation=obj.organisation,
            changes={name: form.cleaned_data[name] for name in SETTINGS_FIELDS if name in form.cleaned_data},
            acting_user=user,
        )


@admin.register(LegalGround)
class LegalGroundAdmin(admin.ModelAdmin):
    list_display = ["citation", "label", "is_active", "position"]
    list_editable = ["is_active", "position"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
