"""Guessing patterns on the tracking page, counted in the shared cache and raised as security
alerts for the administrators.

They block nobody. A per-radicado limit would let a stranger lock a petitioner out of their
own case with a few wrong codes (radicados are sequential, so anyone can name one); what
protects the code is its size and the per-client limit of wrong codes (``views.tracking``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from . import ratelimit
from .models import SecurityAlert
from .services import security_alert_record


def wrong_code_seen(*, client: str, filing_number: str) -> None:
    """Count one wrong code (or unknown radicado) and alert on the patterns it completes: many
    wrong codes for one radicado, from any clients; one client trying many radicados."""
    per_case = ratelimit.Rate.parse(settings.PQRS_TRACKING_ALERT_PER_CASE)
    wrong = ratelimit.add("guess-case", filing_number, per_case)
    if wrong >= per_case.limit:
        security_alert_record(
            kind=SecurityAlert.Kind.CODES_FOR_ONE_CASE,
            subject=filing_number,
            client=client,
            count=wrong,
            window_start=_window_start(per_case),
        )
    per_client = ratelimit.Rate.parse(settings.PQRS_TRACKING_ALERT_PER_CLIENT)
    if ratelimit.first_in_window("guess-pair", f"{client}\x1f{filing_number}", per_client):
        walked = ratelimit.add("guess-walk", client, per_client)
        if walked >= per_client.limit:
            security_alert_record(
                kind=SecurityAlert.Kind.CASES_FROM_ONE_CLIENT,
                subject=client,
                client=client,
                count=walked,
                window_start=_window_start(per_client),
            )


def _window_start(rate: ratelimit.Rate) -> dt.datetime:
    return dt.datetime.fromtimestamp(ratelimit.window_start(rate), tz=dt.UTC)
