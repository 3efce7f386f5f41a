"""Response headers every page of the application shares."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on everything the application renders.

    Desk pages, HTMX fragments, CSV exports, PDFs and attachments carry personal data (Ley 1581
    de 2012) and the portal's receipt and tracking pages carry a petitioner's case and code: no
    proxy may keep them, and no browser may keep them on disk for the next person at a shared
    computer. The public forms hold a CSRF token, so they are not shared either. Static files
    are served by the web server, not through here, and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response
