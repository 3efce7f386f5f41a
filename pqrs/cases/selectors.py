"""Reads of cases. Every list, search, export and API endpoint starts from
``cases_visible_to`` so one rule decides what a person may see."""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection
from django.db.models import BooleanField, Count, Expression, F, OrderBy, Q, QuerySet
from django.shortcuts import get_object_or_404

from pqrs.accounts.models import Role, User
from pqrs.core import clock
from pqrs.core.params import BIGINT_MAX, int_param
from pqrs.deadlines.calendar import BusinessCalendar, Suspension
from pqrs.deadlines.clock import ClockState, ClockStatus, Term, TermUnit, clock_state
from pqrs.deadlines.selectors import CalendarSnapshot, calendar_snapshot

from .models import OPEN_STATUSES, RUNNING_STATUSES, Case, Status, normalize_id_number
from .policies import area_ids_of, leads_confidential_area
from .projection import to_json

# Priority attention first (Ley 1755 art. 20), then the nearest due date; suspended cases (no
# due date while the petitioner is asked) after the running ones; oldest filing breaks ties.
QUEUE_ORDER = (F("priority").desc(), F("due_date").asc(nulls_last=True), F("received_at").asc())


def in_queue_order(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.order_by(*QUEUE_ORDER)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Auditors see everything. Confidential cases (corruption denuncias) sit in the area that
    receives them, so among the others only that area's people reach them by their role's
    rule; they are kept out of every rule that does not go by area membership (the
    administrator's, the radicador's, and the leads' view of cases with no area yet), since the
    accused may be anyone. The designated area's lead also sees those that arrived while no area
    was designated, to take them in (``policies``)."""
    cases = Case.objects.all()
    if not user.is_active:
        return cases.none()
    if user.role == Role.AUDITOR:
        return cases
    not_confidential = Q(is_confidential=False)
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return cases.filter(not_confidential)
    areas = area_ids_of(user)
    if user.role == Role.FILING_CLERK:
        return cases.filter((Q(created_by=user) | Q(area__isnull=True)) & not_confidential)
    if user.role == Role.AREA_LEAD:
        unclassified = Q(area__isnull=True)
        if not leads_confidential_area(user):
            unclassified &= not_confidential
        return cases.filter(Q(area_id__in=areas) | unclassified)
    return cases.filter(area_id__in=areas)


# No term runs for decades: a case received longer ago than this holds a mistyped date, and
# counting its business days day by day would cost seconds on every page that lists it.
COUNTED_SPAN = dt.timedelta(days=20 * 366)


def case_clock(
    case: Case, today: dt.date | None = None, *, snap: CalendarSnapshot | None = None
) -> ClockState:
    """The clock of a case, recomputed from its projected fields (pure, no extra queries).

    Lists pass ``snap`` so the calendar is read once per request, not once per row.
    """
    snap = snap or calendar_snapshot()
    today = today or clock.today()
    if today - case.received_on > COUNTED_SPAN:
        return _uncounted(case, today)
    stopped_on = None
    if case.clock_status == "stopped":
        moment = case.answered_at or case.closed_at or case.updated_at
        stopped_on = clock.local_date(moment) if moment else None
    try:
        return clock_state(
            received_on=case.received_on,
            term=Term(case.term_value, TermUnit(case.term_unit)),
            calendar=snap.calendar,
            policy=snap.policy,
            today=today,
            suspensions=[
                Suspension(dt.date.fromisoformat(a), dt.date.fromisoformat(b) if b else None)
                for a, b in case.suspensions
            ],
            extension_days=case.extension_days,
            stopped_on=stopped_on,
        )
    except (OverflowError, ValueError):
        # Dates near year 9999 overflow the arithmetic; a term of zero or a damaged
        # suspension is refused by the clock.
        return _uncounted(case, today)


def _uncounted(case: Case, today: dt.date) -> ClockState:
    """The clock of a stored row the calendar cannot count from (filing refuses such dates
    now; older rows may hold one, written before or by hand). One such row must not take down,
    or slow down, every inbox that lists it: the case shows its stored due date and status,
    with no count of days and no traffic light."""
    overdue = case.due_date is not None and case.due_date < today
    status = ClockStatus(case.clock_status)
    return ClockState(case.received_on, case.due_date, status, 0, None, None, overdue)


def case_visible_or_404(user: User, pk: int) -> Case:
    """A case the user may see, with what its page shows; anything else is a 404, so a URL to
    a case outside one's scope does not even reveal that the case exists."""
    return get_object_or_404(
        cases_visible_to(user).select_related(
            "case_type", "channel", "topic", "area", "assignee", "contact", "parent", "merged_into"
        ),
        pk=pk,
    )


def petitioner_other_cases(user: User, case: Case, *, limit: int) -> tuple[list[Case], int]:
    """The other cases filed with the same document (``Person``) that ``user`` may see: the
    newest ``limit`` of them, and how many there are. Never a case outside the user's scope,
    and never another case's contact data (each case shows its own snapshot).

    Confidential cases (corruption denuncias) take no part either way: listing one, or listing
    the reporter's other cases on it, would tell who reported it without a logged reveal."""
    person_id = case.contact.person_id if case.contact else None
    if person_id is None or case.is_confidential:
        return [], 0
    others = (
        cases_visible_to(user)
        .filter(contact__person_id=person_id, is_confidential=False)
        .exclude(pk=case.pk)
    )
    shown = list(others.select_related("case_type").order_by("-received_at", "-pk")[:limit])
    return shown, len(shown) if len(shown) < limit else others.count()


# --- inbox ------------------------------------------------------------------------------------
class InboxTab(enum.StrEnum):
    MINE = "mine"
    AREA = "area"
    UNASSIGNED = "unassigned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    WAITING = "waiting"
    ALL = "all"


@dataclass(frozen=True)
class InboxFilters:
    case_type_id: int | None = None
    channel_id: int | None = None
    priority: int | None = None

    def q(self) -> Q:
        q = Q()
        if self.case_type_id is not None:
            q &= Q(case_type_id=self.case_type_id)
        if self.channel_id is not None:
            q &= Q(channel_id=self.channel_id)
        if self.priority is not None:
            q &= Q(priority=self.priority)
        return q


# Days numbered around the range asked for, so the next rows of a page fall inside it.
_MARGIN = 400


def _widen(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, stopping at the first or last date Python knows: a stored
    date near either end (a reception typed as 0001-01-02) must not overflow the margin."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


class CountingCalendar:
    """A business calendar that counts days between two dates with prefix sums.

    ``BusinessCalendar.business_days_between`` walks day by day, which is right for one case
    but costs a thousand steps per row for cases overdue by years; an inbox page of such rows
    would spend most of its time there. This wrapper numbers the business days of the range it
    is asked about once, so each count is a subtraction. Every other method, and any count
    with overlapping or open suspensions, is the wrapped calendar's own, so the results are
    identical (``test_counting_calendar_agrees_with_the_calendar``).
    """

    def __init__(self, calendar: BusinessCalendar) -> None:
        self._calendar = calendar
        self._start: dt.date | None = None
        self._ordinals: list[int] = []  # business days in (start, start + i]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._calendar, name)

    def _cover(self, low: dt.date, high: dt.date) -> None:
        """Number the days of ``[low, high]`` (and a margin) if they are not numbered yet."""
        if self._start is None:
            self._build(_widen(low, -_MARGIN), _widen(high, _MARGIN))
            return
        last = self._start + dt.timedelta(days=len(self._ordinals) - 1)
        if low < self._start or high > last:
            self._build(_widen(min(low, self._start), -_MARGIN), _widen(max(high, last), _MARGIN))

    def _ordinal(self, day: dt.date) -> int:
        assert self._start is not None  # noqa: S101 - _cover ran first
        return self._ordinals[(day - self._start).days]

    def _build(self, start: dt.date, end: dt.date) -> None:
        ordinals, total, day = [0], 0, start
        while day < end:
            day += dt.timedelta(days=1)
            total += self._calendar.is_business_day(day)
            ordinals.append(total)
        self._start, self._ordinals = start, ordinals

    def business_days_between(
        self, start: dt.date, end: dt.date, suspensions: Iterable[Suspension] = ()
    ) -> int:
        if end < start:
            return -self.business_days_between(end, start, suspensions)
        spans = sorted((s.start, s.end) for s in suspensions)
        if any(b is None for _a, b in spans) or any(
            spans[i][1] > spans[i + 1][0]  # type: ignore[operator]
            for i in range(len(spans) - 1)
        ):
            return self._calendar.business_days_between(start, end, suspensions)
        self._cover(start, end)
        total = self._ordinal(end) - self._ordinal(start)
        for s_start, s_end in spans:
            assert s_end is not None  # noqa: S101 - open suspensions returned above
            low, high = max(s_start, start), min(s_end, end)
            if low < high:
                total -= self._ordinal(high) - self._ordinal(low)
        return total


@dataclass(frozen=True)
class InboxWindow:
    """The dates the tabs compare against, computed once per request from one calendar."""

    today: dt.date
    soon_until: dt.date
    snap: CalendarSnapshot

    @classmethod
    def now(cls) -> InboxWindow:
        snap = calendar_snapshot()
        # One counting calendar per request: the rows of a page share its day numbering.
        snap = CalendarSnapshot(
            version=snap.version,
            calendar=cast(BusinessCalendar, CountingCalendar(snap.calendar)),
            policy=snap.policy,
        )
        today = clock.today()
        # "Due soon" is the yellow band of the traffic light: the entity sets its width.
        soon_until = snap.calendar.add_business_days(today, snap.policy.yellow_days_left)
        return cls(today=today, soon_until=soon_until, snap=snap)


def inbox_tab_q(tab: InboxTab, user: User, window: InboxWindow) -> Q:
    open_q = Q(status__in=OPEN_STATUSES)
    if tab == InboxTab.MINE:
        return open_q & Q(assignee=user)
    if tab == InboxTab.AREA:
        return open_q
    if tab == InboxTab.UNASSIGNED:
        return Q(status__in=RUNNING_STATUSES, assignee__isnull=True)
    if tab == InboxTab.DUE_SOON:
        return Q(
            status__in=RUNNING_STATUSES,
            due_date__gte=window.today,
            due_date__lte=window.soon_until,
        )
    if tab == InboxTab.OVERDUE:
        return Q(status__in=RUNNING_STATUSES, due_date__lt=window.today)
    if tab == InboxTab.WAITING:
        return Q(status=Status.WAITING_PETITIONER)
    return Q()


NO_FILTERS = InboxFilters()


def inbox_counts(
    user: User, window: InboxWindow, filters: InboxFilters = NO_FILTERS
) -> dict[str, int | None]:
    """The count of every work tab in one query over the visible open cases (partial indexes
    of migration 0004). "All" is history, not a queue: it is not counted, so a page never
    costs a scan of years of closed cases."""
    counts = {
        tab.value: Count("pk", filter=inbox_tab_q(tab, user, window))
        for tab in InboxTab
        if tab != InboxTab.ALL
    }
    result: dict[str, int | None] = (
        cases_visible_to(user).filter(Q(status__in=OPEN_STATUSES) & filters.q()).aggregate(**counts)
    )
    return {key: value or 0 for key, value in result.items()} | {InboxTab.ALL.value: None}


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = False
    nullable: bool = False


# "queue" is QUEUE_ORDER with the id as the last key, so every row has a unique position.
SORTS: dict[str, tuple[SortKey, ...]] = {
    "queue": (
        SortKey("priority", descending=True),
        SortKey("due_date", nullable=True),
        SortKey("received_at"),
        SortKey("id"),
    ),
    "due": (SortKey("due_date", nullable=True), SortKey("id")),
    "-received": (SortKey("received_at", descending=True), SortKey("id", descending=True)),
    "received": (SortKey("received_at"), SortKey("id")),
}
DEFAULT_SORT = "queue"


def _order_by(keys: tuple[SortKey, ...]) -> list[OrderBy]:
    """NULLS LAST is spelled out only for nullable keys: on the others it would differ from
    the indexes' own order (DESC means NULLS FIRST there) and force a sort of every row."""
    order = []
    for k in keys:
        if k.nullable:
            order.append(
                F(k.field).desc(nulls_last=True)
                if k.descending
                else F(k.field).asc(nulls_last=True)
            )
        else:
            order.append(F(k.field).desc() if k.descending else F(k.field).asc())
    return order


def _after(keys: tuple[SortKey, ...], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in the order of ``keys`` (NULLs last): the keyset
    condition, so page 1,000 costs one index range scan like page 1."""
    result = Q(pk__in=[])
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        if value is None:
            step = Q(pk__in=[])  # nothing sorts after NULL (nulls last)
            same = Q(**{f"{key.field}__isnull": True})
        else:
            op = "lt" if key.descending else "gt"
            step = Q(**{f"{key.field}__{op}": value})
            if key.nullable:
                step |= Q(**{f"{key.field}__isnull": True})
            same = Q(**{key.field: value})
        result |= equal & step
        equal &= same
    return result


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([to_json(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# A cursor of ours is a few dozen characters; anything much longer was not made here.
CURSOR_MAX_LENGTH = 200


def decode_cursor(cursor: str, keys: tuple[SortKey, ...]) -> list[Any] | None:
    """The key values in ``cursor``, or None (the first page) for anything this module did
    not make: the cursor comes back in the URL, where anyone can edit it."""
    if len(cursor) > CURSOR_MAX_LENGTH:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(keys):
            return None
        return [_parse_key_value(k, v) for k, v in zip(keys, raw, strict=True)]
    except (ValueError, TypeError, RecursionError):
        return None


def _parse_key_value(key: SortKey, value: Any) -> Any:
    if value is None:
        if not key.nullable:
            raise ValueError("null in a non-nullable key")
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError("not a key value")
    if key.field == "due_date":
        return dt.date.fromisoformat(str(value))
    if key.field == "received_at":
        moment = dt.datetime.fromisoformat(str(value))
        if moment.tzinfo is None:
            raise ValueError("a reception time without its time zone")
        return moment
    number = int_param(str(value), minimum=-BIGINT_MAX)
    if number is None:
        raise ValueError("not a 64-bit integer")
    return number


@dataclass(frozen=True)
class InboxRow:
    case: Case
    clock: ClockState


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    next_cursor: str | None


def inbox_page(
    user: User,
    *,
    tab: InboxTab,
    window: InboxWindow,
    filters: InboxFilters = NO_FILTERS,
    sort: str = DEFAULT_SORT,
    cursor: str | None = None,
    size: int = 50,
) -> InboxPage:
    """One page of a tab: one query, the clock of each row computed in Python."""
    keys = SORTS.get(sort, SORTS[DEFAULT_SORT])
    cases = (
        cases_visible_to(user)
        .filter(inbox_tab_q(tab, user, window) & filters.q())
        .select_related("case_type", "channel", "area", "assignee", "contact")
        .order_by(*_order_by(keys))
    )
    values = decode_cursor(cursor, keys) if cursor else None
    if values is not None:
        cases = cases.filter(_after(keys, values))
    found = list(cases[: size + 1])
    more = len(found) > size
    found = found[:size]
    rows = [InboxRow(case=c, clock=case_clock(c, window.today, snap=window.snap)) for c in found]
    next_cursor = None
    if more and found:
        last = found[-1]
        next_cursor = encode_cursor([getattr(last, k.field) for k in keys])
    return InboxPage(rows=rows, next_cursor=next_cursor)


# --- search -----------------------------------------------------------------------------------
# PostgreSQL: the text search configuration and the expression indexes made by migration 0004.
SEARCH_CONFIG = "pqrs_spanish"
SEARCH_LIMIT = 50
# Longer than any radicado, name, e-mail or handful of words. The desk's form says so; the
# selectors cut anything longer, since PostgreSQL refuses a text query of a few thousand words
# ("stack depth limit exceeded") and SQLite a LIKE pattern over 50,000 bytes.
SEARCH_MAX_LENGTH = 200
# A "-" that negates nothing: PostgreSQL nests each one, and about 32 in a row overflow the
# text query's stack ("tsquery stack too small").
_DANGLING_NOT = re.compile(r"-+(?![\w\"])")
_REPEATED_NOT = re.compile(r"-{2,}")


def _ids(queryset: QuerySet[Any], field: str = "pk") -> QuerySet[Any]:
    return queryset.order_by().values(field)


def _classify(term: str) -> str:
    if "@" in term:
        return "email"
    if any(ch.isdigit() for ch in term) and not any(ch.isalpha() for ch in term):
        return "number"
    return "words"


def search_term(text: str) -> str:
    """``text`` as the search runs it: whitespace collapsed, characters no database stores
    (NUL, other control characters) dropped, at most ``SEARCH_MAX_LENGTH`` characters, and no
    "-" that negates nothing. Callers that show an error for bad input validate first; this
    makes any text safe to run."""
    text = "".join(ch for ch in text[: SEARCH_MAX_LENGTH * 4] if ch.isprintable() or ch.isspace())
    text = _DANGLING_NOT.sub(" ", _REPEATED_NOT.sub("-", text))
    return " ".join(text.split())[:SEARCH_MAX_LENGTH].strip()


def case_search(user: User, text: str) -> QuerySet[Case]:
    """Cases matching a radicado, a petitioner (name, ID number, e-mail) or words of the
    subject, text or answers, within what ``user`` may see.

    On PostgreSQL words match with Spanish stemming and without accents ("peticion" finds
    "peticiones"); SQLite, the embedded default, falls back to substring matching.
    """
    term = search_term(text)
    visible = cases_visible_to(user)
    if not term:
        return visible.none()
    matches = _id_matches(term)
    if _classify(term) == "words":
        matches.extend(text_matches(term, connection.vendor))
    ids = matches[0].union(*matches[1:]) if len(matches) > 1 else matches[0]
    return visible.filter(pk__in=ids)


def _id_matches(term: str) -> list[QuerySet[Any]]:
    """Radicado and petitioner matches (few rows each, all on indexes).

    A confidential case never matches on its petitioner, not even for the people who may open
    it: finding it by a name, ID number or e-mail would tell who reported it."""
    matches: list[QuerySet[Any]] = [_ids(Case.objects.filter(filing_number__iexact=term))]
    by_person = Case.objects.filter(is_confidential=False)
    kind = _classify(term)
    if kind == "email":
        matches.append(_ids(by_person.filter(contact__email=term.lower())))
    elif kind == "number":
        digits = "".join(ch for ch in term if ch.isdigit())
        matches.append(_person_matches(by_person, term))
        # A snapshot filed without an ID type has no person; its number as typed still finds it.
        matches.append(_ids(by_person.filter(contact__id_number=digits)))
    else:
        matches.append(_ids(by_person.filter(contact__full_name__icontains=term)))
        if " " not in term and any(ch.isdigit() for ch in term):
            matches.append(_person_matches(by_person, term))  # a passport or NIT with letters
    return matches


def _person_matches(cases: QuerySet[Case], term: str) -> QuerySet[Any]:
    """Cases filed with this document number, however it was written ("1.020.304" or "1020304")."""
    return _ids(cases.filter(contact__person__id_number=normalize_id_number(term)))


SEARCH_ORDER = ("-received_at", "-pk")


def case_search_newest(user: User, text: str, limit: int = SEARCH_LIMIT) -> list[Case]:
    """The newest ``limit`` cases of ``case_search``, fast on a large table.

    On PostgreSQL the words of the case itself are matched against its stored document
    (migration 0005) in a query of their own, so for a common word the planner walks the
    cases newest first and stops at ``limit``; the other matches (radicado, petitioner,
    answers) are few or indexed. Both lists are merged by reception time.
    """
    term = search_term(text)
    if not term:
        return []
    if connection.vendor != "postgresql" or _classify(term) != "words":
        return list(_with_rows(case_search(user, term)).order_by(*SEARCH_ORDER)[:limit])
    visible = _with_rows(cases_visible_to(user))
    own_words = list(visible.filter(DocumentMatches(term)).order_by(*SEARCH_ORDER)[:limit])
    others = _id_matches(term) + text_matches(term, connection.vendor)[1:]
    rest = list(visible.filter(pk__in=others[0].union(*others[1:])).order_by(*SEARCH_ORDER)[:limit])
    merged = {case.pk: case for case in own_words + rest}
    return sorted(merged.values(), key=lambda c: (c.received_at, c.pk), reverse=True)[:limit]


def _with_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("case_type", "area", "contact", "assignee")


class DocumentMatches(Expression):
    """``search_document @@ websearch_to_tsquery(...)`` on the case table of the query."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, term: str) -> None:
        super().__init__()
        self.term = term

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str, ...]]:
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return (
            f"{alias}.search_document @@ websearch_to_tsquery(%s::regconfig, %s)",
            (SEARCH_CONFIG, self.term),
        )


def text_matches(term: str, vendor: str) -> list[QuerySet[Any]]:
    """Ids of cases whose subject and text (first) or answers (second) contain ``term``."""
    from pqrs.cases.models import Communication

    if vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(term, config=SEARCH_CONFIG, search_type="websearch")
        return [
            _ids(Case.objects.filter(DocumentMatches(term))),
            _ids(
                Communication.objects.annotate(
                    document=SearchVector("body", config=SEARCH_CONFIG)
                ).filter(document=query, kind=Communication.Kind.ANSWER),
                "case_id",
            ),
        ]
    return [
        _ids(Case.objects.filter(Q(subject__icontains=term) | Q(text__icontains=term))),
        _ids(
            Communication.objects.filter(kind=Communication.Kind.ANSWER, body__icontains=term),
            "case_id",
        ),
    ]
