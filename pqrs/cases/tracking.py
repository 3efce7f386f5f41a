"""The petitioner's tracking code: random, shown once, stored only as a keyed hash.

The code has 50 bits of entropy and lookups are rate-limited, so a keyed HMAC (fast) is as safe
as a slow password hash here and keeps filing fast.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

# Crockford base32 without I, L, O, U: nothing to misread when dictated by phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_tracking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(settings.PQRS_TRACKING_CODE_LENGTH))


def normalize(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "").replace("O", "0")


def hash_tracking_code(code: str) -> str:
    return salted_hmac("pqrs.tracking-code", normalize(code), algorithm="sha256").hexdigest()


def tracking_code_matches(code: str, code_hash: str) -> bool:
    return constant_time_compare(hash_tracking_code(code), code_hash)
