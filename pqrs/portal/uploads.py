"""The per-client byte quota over every public upload: the filing form, the reply to an
information request and added information.

The count and size checks of each form (``pqrs.cases.uploads``) bound one request, not a client
sending request after request: at the default limits one address could store about 20 GB an
hour. This quota counts the bytes each client address sends in a window, in the shared cache
like the other limits (``ratelimit``), and gives them back when nothing was stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from pqrs.cases.services.filing import AttachmentData, FilingError

from . import ratelimit

SCOPE = "upload-bytes"
WINDOW_SECONDS = 60 * 60


def client_rate() -> ratelimit.Rate:
    return ratelimit.Rate(int(settings.PQRS_UPLOAD_CLIENT_BYTES_PER_HOUR), WINDOW_SECONDS)


@dataclass
class Reservation:
    client: str
    amount: int
    rate: ratelimit.Rate
    released: bool = False

    def release(self) -> None:
        """Nothing was stored after all (a refused or repeated submission)."""
        if self.amount and not self.released:
            ratelimit.give_back(SCOPE, self.client, self.rate, self.amount)
            self.released = True


@contextmanager
def client_upload_quota(
    *,
    client: str,
    attachments: Iterable[AttachmentData],
    filed_before: Callable[[], bool] | None = None,
) -> Iterator[Reservation]:
    """Reserve the files' bytes against the client's quota, or refuse them with a
    ``FilingError`` on ``attachments`` (nothing is reserved then). The reservation is given back
    if the block raises. ``filed_before`` tells, when the quota would refuse, whether this is a
    retry of a submission already filed: it stores nothing, so it must get its receipt, not a
    refusal."""
    rate = client_rate()
    amount = sum(len(item.content) for item in attachments)
    reservation = Reservation(client=client, amount=amount, rate=rate)
    # Added first and compared after, so concurrent requests cannot both slip under it.
    if amount and ratelimit.add(SCOPE, client, rate, amount) > rate.limit:
        reservation.release()
        if filed_before is not None and filed_before():
            yield reservation
            return
        raise FilingError(
            {
                "attachments": _(
                    "Your connection can send at most %(limit)s of files per hour, and "
                    "these files would go over that limit. Try again in %(minutes)s "
                    "minutes, or attach fewer or smaller files."
                )
                % {"limit": filesizeformat(rate.limit), "minutes": ratelimit.minutes_left(rate)}
            }
        )
    try:
        yield reservation
    except BaseException:
        reservation.release()
        raise
