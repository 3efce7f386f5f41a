from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pqrs.core import clock
from pqrs.core.errors import DomainError

from .models import Area, AreaMembership, OTPSetupLink, User
from .services import otp_setup_link_create, otp_setup_link_revoke


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
    actions = ["create_otp_setup_link"]

    @admin.action(description=_("Create a second-factor setup link"))
    def create_otp_setup_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """The link is shown once, here: the administrator hands it to the person."""
        actor = request.user if isinstance(request.user, User) else None
        for user in queryset:
            try:
                link, token = otp_setup_link_create(user=user, actor=actor)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                continue
            url = request.build_absolute_uri(reverse("desk:otp_setup_link", args=[token]))
            self.message_user(
                request,
                gettext(
                    "Setup link for %(user)s (valid once, until %(expires)s; give it only to "
                    "that person): %(url)s"
                )
                % {
                    "user": user.username,
                    "expires": date_format(
                        link.expires_at.astimezone(clock.local_tz()), "DATETIME_FORMAT"
                    ),
                    "url": url,
                },
                messages.SUCCESS,
            )


@admin.register(OTPSetupLink)
class OTPSetupLinkAdmin(admin.ModelAdmin):
    """Links are made from the users' list (or the otp_setup_link command); here they are
    only seen and revoked."""

    list_display = ["user", "created_by", "created_at", "expires_at", "used_at", "revoked_at"]
    list_filter = ["used_at", "revoked_at"]
    search_fields = ["user__username"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected links"), permissions=["view"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[OTPSetupLink]) -> None:
        revoked = sum(otp_setup_link_revoke(link=link) for link in queryset)
        self.message_user(
            request, gettext("%(count)s link(s) revoked.") % {"count": revoked}, messages.SUCCESS
        )


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "lead", "receives_confidential", "is_active"]
    search_fields = ["code", "name"]
    list_filter = ["is_active", "receives_confidential"]
    autocomplete_fields = ["lead"]
