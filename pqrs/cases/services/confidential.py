"""The reporter's identity on a confidential case (corruption denuncia, Ley 1474 de 2011
art. 76). Even the people of the area that receives confidential reports, and auditors, see
"identity reserved" until they ask to see it with a reason; each such request is written to the
append-only access log, which that area and the auditors read on the case page."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from pqrs.accounts.models import User
from pqrs.core import clock
from pqrs.core.errors import DomainError

from ..models import Case, CaseAccess
from ..policies import may_reveal_identity
from .lifecycle.base import text_required

# A reveal shows the identity to that person, on that case, for this long; then it must be
# asked for (and logged) again.
REVEAL_DURATION = dt.timedelta(minutes=15)
REVEAL_REASON_MAX_LENGTH = CaseAccess._meta.get_field("reason").max_length or 500


@transaction.atomic
def case_identity_reveal(*, case: Case, actor: User, reason: str) -> CaseAccess:
    """Show ``actor`` who reported ``case`` for ``REVEAL_DURATION``, logging who, when and why."""
    if not may_reveal_identity(actor, case):
        raise DomainError(_("You are not allowed to see who reported this case."), code="forbidden")
    reason = text_required(reason, _("reason"))
    if len(reason) > REVEAL_REASON_MAX_LENGTH:
        raise DomainError(
            _("Write the reason in at most %(count)s characters.")
            % {"count": REVEAL_REASON_MAX_LENGTH},
            code="too_long",
        )
    return CaseAccess.objects.create(
        case=case,
        user=actor,
        at=clock.now(),
        kind=CaseAccess.Kind.IDENTITY_REVEALED,
        reason=reason,
    )
