"""Log-in, log-out and the TOTP second factor."""

from __future__ import annotations

import base64
import io
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import desk_user


class LoginView(auth_views.LoginView):
    template_name = "desk/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every staff member changes their own password (the project's validators apply); the
    session, and its second-factor verification, stay valid after the change."""

    template_name = "desk/password_change.html"
    success_url = reverse_lazy("desk:inbox")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password was changed. Use the new one from your next log-in on.")
        )
        return response


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = desk_user(request)
    if not user_has_device(user):
        return redirect("desk:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect("desk:inbox")
        form.add_error("token", _("The code is not valid. Try the current one."))
    return render(request, "desk/otp_verify.html", {"form": form})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: the device stays unconfirmed until a first code matches."""
    user = desk_user(request)
    if user_has_device(user):
        return redirect("desk:otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="desk", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect("desk:inbox")
        form.add_error("token", _("The code is not valid. Try the current one."))
    svg = io.BytesIO()
    segno.make(device.config_url).save(svg, kind="svg", scale=4, xmldecl=False)
    return render(
        request,
        "desk/otp_setup.html",
        {
            "form": form,
            "qr_svg": svg.getvalue().decode(),
            "secret": base64.b32encode(device.bin_key).decode(),
        },
    )
