from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

# Administrators must pass the TOTP second factor (issue 4): the admin is no way around it.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("desk/", include("pqrs.desk.urls")),
    path("", include("pqrs.portal.urls")),
]
