from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CalendarSettings, NonWorkingDay
from .services import calendar_bump_version


class BumpsCalendarVersion(admin.ModelAdmin):
    """Any edit here changes which days count: tell every process to reload its calendar."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        calendar_bump_version()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        calendar_bump_version()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        calendar_bump_version()


@admin.register(CalendarSettings)
class CalendarSettingsAdmin(BumpsCalendarVersion):
    list_display = ["country", "saturday_is_business_day", "after_hours_counts_next_day"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CalendarSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(BumpsCalendarVersion):
    list_display = ["date", "reason"]
    date_hierarchy = "date"
