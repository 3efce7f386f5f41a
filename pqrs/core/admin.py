from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .models import ENTITY_PK, Entity
from .services import entity_save


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    """One row: the list opens it directly, and it cannot be deleted."""

    fields = ["name", "nit", "postal_address", "city", "phone", "email", "website"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if Entity.objects.filter(pk=ENTITY_PK).exists():
            return HttpResponseRedirect(reverse("admin:core_entity_change", args=[ENTITY_PK]))
        return HttpResponseRedirect(reverse("admin:core_entity_add"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not Entity.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        entity_save(entity=obj)
