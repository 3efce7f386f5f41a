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
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from pqrs.accounts.services import (
    must_use_second_factor,
    otp_setup_link_open,
    otp_setup_link_use,
    otp_setup_link_valid,
)
from pqrs.core.errors import DomainError

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


SETUP_LINK_KEY = "otp_setup_link"


def otp_setup_link(request: HttpRequest, token: str) -> HttpResponse:
    """Open a one-time setup link: remember it in this browser's session (the token leaves the
    address bar) and go on to the pairing, through the log-in if needed."""
    link = otp_setup_link_valid(token=token)
    if link is None:
        message = _("This setup link is not valid: it expired, was used or was replaced.")
        return render(request, "desk/otp_no_link.html", {"message": message}, status=404)
    if request.user.is_authenticated and request.user.pk != link.user_id:
        message = _("This setup link is for another user. Log out and log in as that user.")
        return render(request, "desk/otp_no_link.html", {"message": message}, status=403)
    otp_setup_link_open(link=link)
    request.session[SETUP_LINK_KEY] = link.pk
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("desk:otp_setup"))
    return redirect("desk:otp_setup")


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: the device stays unconfirmed until a first code matches. An
    administrator pairs only with a setup link opened in this session."""
    user = desk_user(request)
    if user_has_device(user):
        return redirect("desk:otp_verify")
    link = otp_setup_link_valid(pk=request.session.get(SETUP_LINK_KEY))
    if link is not None and link.user_id != user.pk:
        link = None
    if link is None and must_use_second_factor(user):
        message = _(
            "Administrators set up the second factor with a one-time link. Ask another "
            "administrator for a setup link."
        )
        return render(
            request, "desk/otp_no_link.html", {"message": message, "first": True}, status=403
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="desk", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            try:
                if link is not None:
                    otp_setup_link_use(link=link, device=device)
                else:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
            except DomainError as exc:
                form.add_error("token", exc.message)
            else:
                request.session.pop(SETUP_LINK_KEY, None)
                otp_login(request, device)
                return redirect("desk:inbox")
        else:
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
