from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from pqrs.accounts.models import Role

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
from .selectors import cases_visible_to


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
        "is_confidential",
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


class VisibleCasesAdmin(admin.ModelAdmin):
    """Rows of cases read under the desk's one rule (``cases_visible_to``): an administrator
    does not reach a confidential report, or who filed it, from the admin either.
    ``case_path`` leads from the row to its case ("" when the row is the case)."""

    case_path = "case"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = cases_visible_to(request.user)  # type: ignore[arg-type]
        rows = super().get_queryset(request)
        return rows.filter(**{f"{self.case_path or 'pk'}__in": visible.values("pk")})


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
class CaseAdmin(ReadOnlyAdmin, VisibleCasesAdmin):
    case_path = ""
    list_display = ["filing_number", "case_type", "subject", "status", "area", "due_date"]
    list_filter = ["status", "case_type", "channel", "area"]
    search_fields = ["filing_number", "subject", "contact__id_number", "contact__email"]
    inlines = [EventInline]
    list_select_related = ["case_type", "area"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "id_type", "id_number", "email", "data_consent"]
    search_fields = ["full_name", "id_number", "email"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if getattr(request.user, "role", None) == Role.AUDITOR:
            return rows
        # Whoever reported a confidential case is not to be found here by name or number.
        return rows.exclude(cases__is_confidential=True)


@admin.register(Communication)
class CommunicationAdmin(ReadOnlyAdmin, VisibleCasesAdmin):
    list_display = ["number", "kind", "case", "delivery_channel", "created_at", "delivered_at"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin, VisibleCasesAdmin):
    list_display = ["original_name", "case", "content_type", "size", "created_at"]
