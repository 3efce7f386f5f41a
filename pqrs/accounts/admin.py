from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Area, AreaMembership, User


class MembershipInline(admin.TabularInline):
    model = AreaMembership
    extra = 1
    autocomplete_fields = ["area"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "is_active", "areas"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("PQRS"), {"fields": ["role"]}),
    )
    inlines = [MembershipInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "lead", "receives_confidential", "is_active"]
    search_fields = ["code", "name"]
    list_filter = ["is_active", "receives_confidential"]
    autocomplete_fields = ["lead"]
