"""The identities at the organisation's provider tied to staff accounts: seen, and untied through the audited
service; never added or edited by hand (the first sign-on ties them)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from sso.models import StaffIdentity
from sso.services import staff_identity_unlink


def _acting(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(StaffIdentity)
class StaffIdentityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    FIELDS = ("user", "protocol", "issuer", "subject", "created_at", "last_used_at")
    list_display = FIELDS
    list_filter = ["protocol"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: StaffIdentity) -> None:
        staff_identity_unlink(identity=obj, acting_user=_acting(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[StaffIdentity]) -> None:
        for identity in queryset:
            staff_identity_unlink(identity=identity, acting_user=_acting(request))
