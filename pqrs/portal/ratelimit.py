"""Per-client rate limits on the public forms, on Django's cache (no third-party CAPTCHA).

Fixed windows counted with ``cache.add`` + ``cache.incr`` (atomic on Redis and Memcached, and
within one process on the local-memory cache): with several web processes the cache must be
shared or each process counts on its own.
"""

from __future__ import annotations

import contextlib
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
    window = window_start(rate) // rate.seconds
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"pqrs:rl:{scope}:{digest}:{window}"


def within(scope: str, key: str, rate: Rate) -> bool:
    """``True`` while the limit is not reached, without counting an attempt."""
    return int(cache.get(_cache_key(scope, key, rate), 0)) < rate.limit


def add(scope: str, key: str, rate: Rate, amount: int = 1) -> int:
    """Add ``amount`` to the window's count (attempts, or bytes) and return the new total."""
    cache_key = _cache_key(scope, key, rate)
    cache.add(cache_key, 0, timeout=rate.seconds + 5)
    try:
        return int(cache.incr(cache_key, amount))
    except ValueError:  # expired between add and incr
        cache.set(cache_key, amount, timeout=rate.seconds + 5)
        return amount


def give_back(scope: str, key: str, rate: Rate, amount: int = 1) -> None:
    """Undo ``add`` for something that turned out not to count (a right code, a refused
    upload). Nothing to undo once the window has passed."""
    with contextlib.suppress(ValueError):
        cache.decr(_cache_key(scope, key, rate), amount)


def first_in_window(scope: str, key: str, rate: Rate) -> bool:
    """``True`` the first time ``key`` is seen in the window (atomic: one caller wins)."""
    return bool(cache.add(_cache_key(scope, key, rate), 1, timeout=rate.seconds + 5))


def hit(scope: str, key: str, rate: Rate) -> bool:
    """Count one attempt; ``True`` while the client is within its limit."""
    return add(scope, key, rate) <= rate.limit


def window_start(rate: Rate) -> int:
    """The Unix time at which the current window of ``rate`` began."""
    return int(time.time()) // rate.seconds * rate.seconds


def retry_minutes(rate: Rate) -> int:
    return max(1, -(-rate.seconds // 60))


def minutes_left(rate: Rate) -> int:
    """Whole minutes until the current window of ``rate`` ends (at least one)."""
    seconds = window_start(rate) + rate.seconds - int(time.time())
    return max(1, -(-seconds // 60))
