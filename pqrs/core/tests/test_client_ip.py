"""The client address behind zero, one or two trusted proxies, and what a client may forge."""

import pytest
from django.test import RequestFactory

from pqrs.core.net import client_ip


def address(forwarded: str | None, *, remote: str = "10.0.0.5") -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        # No trusted proxy: the header is the client's own words and is ignored.
        (0, "203.0.113.7", "10.0.0.5"),
        (0, None, "10.0.0.5"),
        # One proxy appends the address it saw; anything left of it was sent by the client.
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (1, "1.1.1.1,2.2.2.2 ,  203.0.113.7", "203.0.113.7"),
        # Two proxies: the outer one saw the client, the inner one saw the outer proxy.
        (2, "203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # A chain shorter than the trusted count did not pass through all our proxies.
        (2, "203.0.113.7", "10.0.0.5"),
        (1, None, "10.0.0.5"),
        (1, "", "10.0.0.5"),
        # Garbage from a misconfigured proxy is not an address.
        (1, "unknown", "10.0.0.5"),
        (1, "203.0.113.7:4711", "10.0.0.5"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, hops, forwarded, expected):
    settings.PQRS_TRUSTED_PROXY_COUNT = hops
    assert address(forwarded) == expected


def test_the_portal_rate_limits_use_the_same_address():
    from pqrs.portal import ratelimit

    assert ratelimit.client_ip is client_ip
