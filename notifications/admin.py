"""The outbox in the admin: whether mail goes out, never what it says or to whom.

The recipient's address, the subject and the body are personal data or case content (a complainant's e-mail
address, the case's reference number), and the admin's pages are not audited as staff reads of a case are: the
admin shows the kind of message, its state, its attempts and its times only, read-only.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from notifications.models import OutboundEmail

SHOWN_FIELDS = ("kind", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at")


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("pk", *SHOWN_FIELDS)
    list_filter = ["status", "kind"]
    fields = readonly_fields = SHOWN_FIELDS
    ordering = ["-created_at"]
    actions = None

    def get_queryset(self, request: HttpRequest) -> Any:
        # Not even read from the database: nothing on these pages can then show them by mistake.
        return super().get_queryset(request).only("pk", *SHOWN_FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
