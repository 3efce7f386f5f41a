from django.contrib import admin

from pqrs.cases.admin import VisibleCasesAdmin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(VisibleCasesAdmin):
    """The delivery log, read-only: rows are written by the services and the send task."""

    list_display = ["case", "kind", "recipient", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["case__filing_number", "recipient"]
    exclude = ["tracking_code"]
    readonly_fields = [f.name for f in Delivery._meta.fields if f.name != "tracking_code"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
