"""Who may enter the desk, and the second factor.

Staff sign in with a password (django-axes throttles failures). A TOTP device (django-otp) is
optional for everyone and required for administrators: an administrator without one is sent
to set it up before anything else (with a one-time setup link, pqrs/accounts/services.py), and
anyone with one must enter a code after the password.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django_otp import user_has_device

from pqrs.accounts.models import User
from pqrs.accounts.services import must_use_second_factor

View = Callable[..., HttpResponseBase]


def needs_second_factor(user: User) -> bool:
    return must_use_second_factor(user) or user_has_device(user)


def second_factor_pending(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and needs_second_factor(user)  # type: ignore[arg-type]
        and not user.is_verified()  # type: ignore[union-attr,attr-defined]
    )


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def desk_user(request: HttpRequest) -> User:
    """The signed-in staff member (desk views run only behind ``staff_view``)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by staff_view
    return user


def staff_view(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return redirect_to_login(request.get_full_path())
        if second_factor_pending(request):
            if user_has_device(user):
                return redirect("desk:otp_verify")
            return redirect("desk:otp_setup")
        return view(request, *args, **kwargs)

    return wrapper
