from django.contrib import admin

from pqrs.cases.admin import VisibleCasesAdmin

from .models import SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(VisibleCasesAdmin):
    list_display = ["case", "csat", "nps", "created_at"]
    list_filter = ["csat"]
    search_fields = ["case__filing_number"]
    readonly_fields = ["case", "csat", "nps", "comment", "created_at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
