from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Attachment,
    Case,
    CaseEvent,
    CaseType,
    Channel,
    Communication,
    Contact,
    NumberSeries,
    Topic,
)


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "term_value",
        "term_unit",
        "extension_max_days",
        "completion_request_days",
        "completion_reply_months",
        "is_active",
    ]
    list_editable = ["term_value", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "is_active"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "default_area", "is_active"]
    search_fields = ["code", "name"]


@admin.register(NumberSeries)
class NumberSeriesAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "format"]
    readonly_fields = ["code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Cases change only through services (which append events): the admin only reads."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = CaseEvent
    fields = ("seq", "kind", "at", "actor", "actor_label", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["filing_number", "case_type", "subject", "status", "area", "due_date"]
    list_filter = ["status", "case_type", "channel", "area"]
    search_fields = ["filing_number", "subject", "contact__id_number", "contact__email"]
    inlines = [EventInline]
    list_select_related = ["case_type", "area"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "id_type", "id_number", "email", "data_consent"]
    search_fields = ["full_name", "id_number", "email"]


@admin.register(Communication)
class CommunicationAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "case", "delivery_channel", "created_at", "delivered_at"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "case", "content_type", "size", "created_at"]
