from django.contrib import admin
from django.http import HttpRequest

from .models import SecurityAlert


@admin.register(SecurityAlert)
class SecurityAlertAdmin(admin.ModelAdmin):
    """Read-only: alerts are written by the tracking page as it sees guessing patterns."""

    list_display = ["kind", "subject", "client", "count", "first_seen", "last_seen", "notified_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "client"]
    date_hierarchy = "last_seen"
    readonly_fields = [f.name for f in SecurityAlert._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
