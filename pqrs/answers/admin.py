from django.contrib import admin

from pqrs.cases.admin import VisibleCasesAdmin

from .models import AnswerDraft, AnswerSettings, AnswerTemplate, Delivery
from .services import TEMPLATE_VARIABLES


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "body"]

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change, **kwargs)
        names = ", ".join("{{ " + name + " }}" for name in TEMPLATE_VARIABLES)
        form.base_fields["body"].help_text = names
        return form


@admin.register(AnswerSettings)
class AnswerSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "approval_required", "four_eyes"]


@admin.register(AnswerDraft)
class AnswerDraftAdmin(VisibleCasesAdmin):
    list_display = ["case", "state", "author", "last_edited_by", "reviewed_by", "updated_at"]
    list_filter = ["state"]
    raw_id_fields = ["case", "communication", "author", "last_edited_by", "reviewed_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Delivery)
class DeliveryAdmin(VisibleCasesAdmin):
    case_path = "communication__case"
    list_display = ["communication", "channel", "recipient", "state", "attempts", "sent_at"]
    list_filter = ["state", "channel"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
