"""The reporter's identity on a confidential case (corruption denuncia, Ley 1474 de 2011
art. 76). Even the people of the area that receives confidential reports, and auditors, see
"identity reserved" until they ask to see it with a reason; each such request is written to the
append-only access log, which that area and the auditors read on the case page."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from pqrs.accounts.models import User
from pqrs.accounts.selectors import confidential_area
from pqrs.core import clock
from pqrs.core.errors import DomainError

from ..models import Case, CaseAccess, CaseEvent, Status
from ..policies import may_reveal_identity
from .lifecycle.base import lock, record, text_required

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


@transaction.atomic
def case_make_confidential(*, case: Case) -> Case:
    """Give a case of a confidential type filed before confidentiality existed the treatment a
    new one gets (Ley 1474 de 2011 art. 76): confidential for good, in the area that receives
    confidential reports, with nobody of another area assigned. Open or ended alike: an old
    denuncia read by the accused is as exposed as a new one. The system acts, with its own
    internal event; whoever was working it sees it leave their queue."""
    case = lock(case)
    if case.is_confidential:
        raise DomainError(_("The case is already confidential."), code="no_change")
    if not case.case_type.is_confidential:
        raise DomainError(_("The case is not of a confidential type."), code="not_confidential")
    home = confidential_area()
    if home is None:
        raise DomainError(
            _("No area receives confidential reports: an administrator must designate one."),
            code="no_confidential_area",
        )
    changes: dict[str, object] = {"is_confidential": True, "area_id": home.pk}
    if case.assignee_id is not None and case.is_open:
        changes["assignee_id"] = None
        if case.status in {Status.ASSIGNED, Status.IN_PROGRESS}:
            changes["status"] = Status.TRIAGED
    elif case.status == Status.FILED:
        changes["status"] = Status.TRIAGED
    record(
        case,
        kind=CaseEvent.Kind.MADE_CONFIDENTIAL,
        actor=None,
        changes=changes,
        data={"area": home.name},
        is_public=False,
    )
    return case
