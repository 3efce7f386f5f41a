"""Reads about confidential cases: whether a staff member sees the reporter's identity now, and
the access log. Writes are in ``services.confidential``."""

from __future__ import annotations

from django.db.models import QuerySet

from pqrs.accounts.models import User
from pqrs.core import clock

from .models import Case, CaseAccess
from .services.confidential import REVEAL_DURATION


def identity_reserved(user: User, case: Case) -> bool:
    """True when ``user`` must see "identity reserved" instead of who filed ``case``: a
    confidential case with a petitioner on file, and no reveal by ``user`` in the last
    ``REVEAL_DURATION``."""
    if not case.is_confidential or case.contact_id is None:
        return False
    return not CaseAccess.objects.filter(
        case=case,
        user=user,
        kind=CaseAccess.Kind.IDENTITY_REVEALED,
        at__gte=clock.now() - REVEAL_DURATION,
    ).exists()


def case_accesses(case: Case) -> list[CaseAccess]:
    return list(CaseAccess.objects.filter(case=case).select_related("user").order_by("at", "pk"))


def pending_confidential() -> QuerySet[Case]:
    """Cases of a confidential type that are not confidential: filed before confidentiality
    existed or before an administrator marked their type (``make_denuncias_confidential``)."""
    return Case.objects.filter(case_type__is_confidential=True, is_confidential=False)
