"""Per-client rate limits on the public forms, on Django's cache (no third-party CAPTCHA).

Fixed windows counted with ``cache.add`` + ``cache.incr`` (atomic on Redis and Memcached, and
within one process on the local-memory cache): with several web processes the cache must be
shared or each process counts on its own.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

# The portal views count per client through this module; the address itself has one source.
from pqrs.core.net import client_ip

__all__ = ["Rate", "client_ip", "hit", "retry_minutes", "within"]


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, _, seconds = text.partition("/")
        return cls(int(count), int(seconds))


def _cache_key(scope: str, key: str, rate: Rate) -> str:
    window = int(time.time()) // rate.seconds
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"pqrs:rl:{scope}:{digest}:{window}"


def within(scope: str, key: str, rate: Rate) -> bool:
    """``True`` while the limit is not reached, without counting an attempt."""
    return int(cache.get(_cache_key(scope, key, rate), 0)) < rate.limit


def hit(scope: str, key: str, rate: Rate) -> bool:
    """Count one attempt; ``True`` while the client is within its limit."""
    cache_key = _cache_key(scope, key, rate)
    cache.add(cache_key, 0, timeout=rate.seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=rate.seconds + 5)
        count = 1
    return count <= rate.limit


def retry_minutes(rate: Rate) -> int:
    return max(1, -(-rate.seconds // 60))
