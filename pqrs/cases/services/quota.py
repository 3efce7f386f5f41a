"""How much a petitioner may upload to a case after filing it (reply, added information).

Anyone holding a radicado and its code can send files to the case from the tracking page, so
the case has a ceiling in bytes (``PQRS_UPLOAD_CASE_MAX_MB``) besides the per-client quota of
the portal. Checked under the case's row lock, so two concurrent uploads cannot both pass.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from pqrs.core.errors import DomainError

from ..models import Attachment, Case
from .filing import AttachmentData

PETITIONER = "petitioner"


def petitioner_upload_bytes(case: Case) -> int:
    """Bytes the petitioner attached after filing (what came with the filing is not counted)."""
    total = (
        Attachment.objects.filter(case=case, event__actor_label=PETITIONER, event__seq__gt=1)
        .aggregate(total=Sum("size"))
        .get("total")
    )
    return int(total or 0)


def require_case_upload_room(*, case: Case, attachments: Iterable[AttachmentData]) -> None:
    """Refuse, before anything is written, files that would take the case past its ceiling.
    The caller holds the case's row lock (``lifecycle.base.lock``)."""
    incoming = sum(len(item.content) for item in attachments)
    if not incoming:
        return
    limit = int(settings.PQRS_UPLOAD_CASE_MAX_BYTES)
    used = petitioner_upload_bytes(case)
    if used + incoming > limit:
        raise DomainError(
            _(
                "After filing, a request can receive at most %(limit)s in files; "
                "%(left)s are left for this one. Attach fewer or smaller files."
            )
            % {"limit": filesizeformat(limit), "left": filesizeformat(max(0, limit - used))},
            code="case_upload_quota",
        )
