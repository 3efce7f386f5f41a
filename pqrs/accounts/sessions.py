"""How long a staff member stays signed in: an idle limit and a working-day limit.

A desk left open on an unattended computer must not stay usable for Django's default two
weeks. Staff sessions end after ``PQRS_STAFF_IDLE_MINUTES`` without a request, and at the
latest ``PQRS_STAFF_SESSION_HOURS`` after the log-in, whatever the activity; the person then
logs in again (and enters the second factor again). Petitioners are never signed in: the
portal's tracking session keeps its own rule (``PQRS_TRACKING_SESSION_MINUTES``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from pqrs.core import clock

SINCE_KEY = "staff_since"
SEEN_KEY = "staff_seen"
# The last-seen time is written at most this often, not on every request.
TOUCH_SECONDS = 60


@receiver(user_logged_in)
def _session_started(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        moment = clock.now().timestamp()
        request.session[SINCE_KEY] = moment
        request.session[SEEN_KEY] = moment


def session_end_reason(session: Any, moment: float) -> str | None:
    """Why this staff session is over, or ``None`` while it is still valid. A session without
    the start time was opened before these limits existed and is ended too."""
    since, seen = session.get(SINCE_KEY), session.get(SEEN_KEY)
    if since is None or seen is None:
        return _("Your session has ended. Log in again to continue.")
    if moment - since >= settings.PQRS_STAFF_SESSION_HOURS * 3600:
        return _(
            "Your session has ended: sessions last at most %(hours)s hours. "
            "Log in again to continue."
        ) % {"hours": settings.PQRS_STAFF_SESSION_HOURS}
    if moment - seen > settings.PQRS_STAFF_IDLE_MINUTES * 60:
        return _(
            "Your session has ended after %(minutes)s minutes without activity. "
            "Log in again to continue."
        ) % {"minutes": settings.PQRS_STAFF_IDLE_MINUTES}
    return None


class StaffSessionMiddleware:
    """Ends expired staff sessions before any view runs (desk, admin, everything)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            moment = clock.now().timestamp()
            reason = session_end_reason(request.session, moment)
            if reason is not None:
                path = request.get_full_path()
                logout(request)
                messages.warning(request, reason)
                htmx = HtmxDetails(request)  # django-htmx's middleware runs after this one
                if htmx:
                    # A fragment request: the whole page goes to the log-in, then back to it.
                    back = redirect_to_login(htmx.current_url_abs_path or path)
                    return HttpResponseClientRedirect(back["Location"])
                return redirect_to_login(path)
            if moment - request.session[SEEN_KEY] >= TOUCH_SECONDS:
                request.session[SEEN_KEY] = moment
        return self.get_response(request)
