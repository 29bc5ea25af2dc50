from django.contrib import admin

from retention.models import DeletionRecord, ResearchExemptArea, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin[RetentionRule]):
    list_display = ["organisation_kind", "organisation", "record_class", "years", "to_verify", "legal_basis"]
    list_filter = ["organisation_kind", "record_class", "to_verify"]


@admin.register(ResearchExemptArea)
class ResearchExemptAreaAdmin(admin.ModelAdmin[ResearchExemptArea]):
    list_display = ["name", "kind", "legal_basis"]


@admin.register(DeletionRecord)
class DeletionRecordAdmin(admin.ModelAdmin[DeletionRecord]):
    """What remains of deleted records: read only, as the decision it records."""

    list_display = [
        "reference_number",
        "record_class",
        "organisation",
        "received_on",
        "last_note_on",
        "deleted_at",
    ]
    list_filter = ["record_class", "organisation"]
    search_fields = ["reference_number"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
