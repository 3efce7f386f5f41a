"""The client's network address: the single source for rate limits, log-in lock-out and logs.

Behind a reverse proxy, ``REMOTE_ADDR`` is the proxy, so every client looks the same; the real
address is in ``X-Forwarded-For``, which the client can also write. Only the entries appended
by our own proxies can be believed: ``PQRS_TRUSTED_PROXY_COUNT`` says how many there are, and
the address the outermost of them saw is the ``count``-th entry from the right. Anything left of
it is whatever the client chose to send. This module must never return a value the client
could choose (see docs/deployment.md).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """``REMOTE_ADDR``, or the address our trusted proxies saw.

    With no trusted proxy the header is ignored (a direct client could forge it). With a chain
    shorter than the trusted count the request did not come through all our proxies (a
    misconfiguration, or a client talking to the application directly): the connection's own
    address is the only one that cannot be forged, so it is used. A malformed entry (a port, a
    name, garbage from a misconfigured proxy) falls back the same way.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops = settings.PQRS_TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    chain = [part.strip() for part in forwarded.split(",") if part.strip()]
    if len(chain) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(chain[-hops]))
    except ValueError:
        return remote
