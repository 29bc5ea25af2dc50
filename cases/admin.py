"""Cases in the admin: the register only (reference number, kind, channel, state, dates, unit).

Nothing of what the sender wrote and none of their contact details is shown here (secrecy, OSL 26 kap.): the
content of a case is read through the staff views, where access follows the tree and every read is logged.
The listing is read-only, and there is no page per case.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cases.models import Case

REGISTER_FIELDS = ("reference_number", "kind", "channel", "state", "received_at", "unit")


@admin.register(Case)
class CaseRegisterAdmin(admin.ModelAdmin):
    list_display = REGISTER_FIELDS
    list_display_links = None  # no page per case: the content is not the admin's business
    list_filter = ["kind", "channel", "state", "organisation"]
    search_fields = ["reference_number"]
    date_hierarchy = "received_at"
    ordering = ["-received_at"]
    list_select_related = ["unit"]
    list_per_page = 50
    actions = None
    fields = REGISTER_FIELDS
    readonly_fields = REGISTER_FIELDS

    def get_queryset(self, request: HttpRequest) -> Any:
        # Only the register's columns are read from the database.
        return super().get_queryset(request).only(*REGISTER_FIELDS, "organisation", "unit__name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The listing, yes; a page per case, no.
        return obj is None and super().has_view_permission(request, obj)
