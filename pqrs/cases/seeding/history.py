"""One case's history, played forward in memory the way the services would have written it."""

from __future__ import annotations

import datetime as dt
import heapq
import random
import secrets
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import CommandError

from pqrs.cases.models import (
    Case,
    CaseEvent,
    CaseType,
    Channel,
    Communication,
    Contact,
    FilingReceipt,
    InfoRequestReason,
    NumberCounter,
    NumberSeries,
    Person,
    Status,
)
from pqrs.cases.number_format import NumberFormat
from pqrs.cases.projection import PROJECTED_FIELDS
from pqrs.cases.services.filing import CREDIBILITY_REVIEW_TYPES
from pqrs.cases.services.lifecycle import (
    INFO_REQUEST_WINDOW_DAYS,
    TRANSFER_WINDOW_DAYS,
    UNCLEAR_REPLY_DAYS,
)
from pqrs.cases.services.lifecycle.base import to_suspensions
from pqrs.core import clock
from pqrs.deadlines.calendar import BusinessCalendar, Suspension
from pqrs.deadlines.clock import ClockStatus, Term, TermUnit, due_date, reception_date
from pqrs.deadlines.selectors import calendar_snapshot

from .catalog import (
    ANONYMOUS_SHARE,
    CHANNEL_WEIGHTS,
    CITIES,
    DAY,
    ENTITIES,
    FIRST_NAMES,
    HOUR,
    ID_TYPES,
    LAST_NAMES,
    STAFF_CHANNELS,
    TYPE_WEIGHTS,
    Comm,
    Kind,
    weighted,
)
from .rows import CopyTable, dumps, to_json


# --- one case's history, built in memory until it is complete --------------------------------
@dataclass
class PendingComm:
    at: dt.datetime
    key: tuple[int, int]  # (case id, ordinal within the case)
    values: dict[str, Any]


@dataclass
class PendingEvent:
    at: dt.datetime
    kind: str
    actor_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    data: dict[str, Any]
    is_public: bool = True
    actor_label: str = ""
    comm: PendingComm | None = None


@dataclass
class Story:
    row: dict[str, Any]
    topic_id: int
    area_id: int
    recipient: str  # the petitioner's name, as the service writes it on communications
    email: str
    events: list[PendingEvent] = field(default_factory=list)
    # When the case stopped (answered, transferred, withdrawn, archived, merged), if it did.
    stopped_at: dt.datetime | None = None
    merged: bool = False

    def record(
        self,
        at: dt.datetime,
        kind: str,
        actor_id: int | None,
        changes: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        *,
        is_public: bool = True,
        actor_label: str = "",
        comm: PendingComm | None = None,
    ) -> None:
        """What ``lifecycle._record`` does: fields before and after, in one event."""
        changes = changes or {}
        before = {k: to_json(self.row[k]) for k in changes}
        self.row.update(changes)
        after = {k: to_json(self.row[k]) for k in changes}
        label = actor_label or ("" if actor_id else "system")
        self.events.append(
            PendingEvent(at, kind, actor_id, before, after, data or {}, is_public, label, comm)
        )


@dataclass(frozen=True)
class Org:
    topics: list[tuple[int, int, list[tuple[str, str]]]]  # (topic id, area id, texts)
    topic_cum: list[int]
    leads: dict[int, int]
    officers: dict[int, list[int]]
    clerks: list[int]
    admin: int
    confidential_area: int  # where confidential types (denuncias) are filed


@dataclass(frozen=True)
class Job:
    start: int
    end: int
    case_base: int  # case id of moments[0]; ids follow reception order
    contact_base: int
    person_base: int
    seed: int
    incoming: dict[int, int]  # filing numbers already given per year before this chunk


@dataclass
class ChunkResult:
    tables: dict[str, tuple[int, bytes]]
    comms: list[tuple[dt.datetime, tuple[int, int], dict[str, Any]]]
    deferred: list[tuple[tuple[int, int], dict[str, Any]]]


class Numberer:
    """Outgoing numbers in order of creation across all chunks, as the service gives them:
    a communication is numbered once no later chunk can hold an earlier one."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.format = builder.series[NumberSeries.OUTGOING]
        self.heap: list[tuple[dt.datetime, tuple[int, int], dict[str, Any]]] = []
        self.events: dict[tuple[int, int], dict[str, Any]] = {}
        self.outgoing: dict[int, int] = {}

    def add(self, result: ChunkResult) -> None:
        for item in result.comms:
            heapq.heappush(self.heap, item)
        self.events.update(result.deferred)

    def release(self, until: dt.datetime | None) -> dict[str, tuple[int, bytes]]:
        comms, events = self.builder.comms, self.builder.events
        while self.heap and (until is None or self.heap[0][0] < until):
            at, key, values = heapq.heappop(self.heap)
            year = self.builder.local(at).year
            sequence = self.outgoing[year] = self.outgoing.get(year, 0) + 1
            number = self.format.render(year=year, number=sequence)
            comms.add(values | {"number": number, "number_year": year, "number_sequence": sequence})
            event = self.events.pop(key)
            event["data"] = dumps({**event["data"], "communication": number})
            events.add(event)
        return {comms.name: comms.take(), events.name: events.take()}


class Builder:
    """Draws receptions over the period and plays each case forward to where its age lets
    it be, the way the services would have."""

    def __init__(self, *, rng: random.Random, org: Org, now: dt.datetime, years: int) -> None:
        self.rng = rng
        self.org = org
        self.now = now
        self.years = years
        snapshot = calendar_snapshot()
        self.cal: BusinessCalendar = snapshot.calendar
        self.policy = snapshot.policy
        self.tz = clock.local_tz()
        self.types = {t.code: t for t in CaseType.objects.filter(code__in=TYPE_WEIGHTS)}
        self.channels = {c.code: c for c in Channel.objects.filter(code__in=CHANNEL_WEIGHTS)}
        missing = (set(TYPE_WEIGHTS) - set(self.types)) | (
            set(CHANNEL_WEIGHTS) - set(self.channels)
        )
        if missing:
            raise CommandError(f"Missing case types or channels: {', '.join(sorted(missing))}")
        self.type_keys, self.type_cum = weighted(TYPE_WEIGHTS.items())
        self.channel_keys, self.channel_cum = weighted(CHANNEL_WEIGHTS.items())
        self.online_keys, self.online_cum = weighted(
            (k, w) for k, w in CHANNEL_WEIGHTS.items() if k not in STAFF_CHANNELS
        )
        self.id_keys, self.id_cum = weighted(ID_TYPES)
        self.series = {s.code: NumberFormat.parse(s.format) for s in NumberSeries.objects.all()}
        self.review_types = CREDIBILITY_REVIEW_TYPES
        self.tables = [
            CopyTable(Person, with_pk=True, now=now),
            CopyTable(Contact, with_pk=True, now=now),
            CopyTable(Case, with_pk=True, now=now),
            CopyTable(FilingReceipt, with_pk=False, now=now),
            CopyTable(Communication, with_pk=False, now=now),
            CopyTable(CaseEvent, with_pk=False, now=now),
        ]
        self.persons, self.contacts, self.cases, self.receipts, self.comms, self.events = (
            self.tables
        )
        self._due_memo: dict[tuple[dt.date, int, str], dt.date | None] = {}
        self._business: dict[dt.date, bool] = {}
        self.moments: list[dt.datetime] = []
        # Per chunk (see chunk()).
        self.incoming: dict[int, int] = {}
        self._comms: list[PendingComm] = []
        self._deferred: list[tuple[tuple[int, int], dict[str, Any]]] = []
        self._recent_by_area: dict[int, deque[Story]] = {}
        self._stories: dict[int, Story] = {}
        self._person_pool: list[dict[str, Any]] = []
        self._contact_base = self._person_base = 0
        self.types_by_pk = {t.pk: t for t in self.types.values()}
        self.channels_by_pk = {c.pk: c for c in self.channels.values()}

    # --- calendar helpers, memoized: a million cases share about a thousand days ----------
    def is_business(self, day: dt.date) -> bool:
        known = self._business.get(day)
        if known is None:
            known = self._business[day] = self.cal.is_business_day(day)
        return known

    def due(self, received_on: dt.date, value: int, unit: str) -> dt.date | None:
        key = (received_on, value, unit)
        if key not in self._due_memo:
            self._due_memo[key] = due_date(received_on, Term(value, TermUnit(unit)), self.cal)
        return self._due_memo[key]

    def local(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()

    def office(self, moment: dt.datetime) -> dt.datetime:
        """Staff act on business days, 8:00 to 17:00 (Bogotá)."""
        local = moment.astimezone(self.tz)
        if self.is_business(local.date()) and 8 <= local.hour < 17:
            return moment
        day = local.date() if local.hour < 8 else local.date() + DAY
        while not self.is_business(day):
            day += DAY
        minutes = _between(self.rng, 0, 150)
        return dt.datetime.combine(day, dt.time(8), self.tz) + dt.timedelta(minutes=minutes)

    def end_of(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(16, 30), self.tz)

    # --- receptions -----------------------------------------------------------------------
    def draw_moments(self, count: int) -> list[dt.datetime]:
        """Reception moments, sorted: business days busier than weekends and holidays,
        office hours busier than nights, and a volume that grows over the period."""
        rng = self.rng
        today = self.local(self.now)
        first = today.replace(year=today.year - self.years) + DAY
        days = [first + dt.timedelta(days=i) for i in range((today - first).days + 1)]
        span = len(days)
        weights = [
            (1.0 if self.is_business(d) else 0.12 if d.weekday() == 5 else 0.06)
            * (0.8 + 0.4 * i / span)
            for i, d in enumerate(days)
        ]
        chosen = rng.choices(days, weights=weights, k=count)
        hours = list(range(24))
        # fmt: off
        hour_weights = [1, 1, 1, 1, 1, 2, 4, 10, 16, 18, 18, 16, 10, 12, 16, 16, 12, 8, 6, 5, 4, 3, 2, 1]
        # fmt: on
        picked = rng.choices(hours, weights=hour_weights, k=count)
        out = []
        for day, hour in zip(chosen, picked, strict=True):
            moment = dt.datetime.combine(
                day, dt.time(hour, _below(rng, 60), _below(rng, 60)), self.tz
            )
            if moment >= self.now:
                moment = self.now - dt.timedelta(seconds=_between(rng, 60, 6 * 3600))
            out.append(moment)
        out.sort()
        return out

    # --- one chunk of consecutive receptions, in a worker process ---------------------------
    def chunk(self, job: Job) -> ChunkResult:
        """Every row of the cases received in ``moments[job.start:job.end]``, in COPY format,
        except the communications and the events that cite their number: those are numbered
        by the parent, which alone sees all chunks (outgoing numbers follow creation time
        across cases of every chunk)."""
        self.rng = random.Random(f"{job.seed}-{job.start}")
        self.incoming = dict(job.incoming)
        self._comms, self._deferred = [], []
        self._recent_by_area, self._stories, self._person_pool = {}, {}, []
        self._contact_base, self._person_base = job.contact_base, job.person_base
        for index in range(job.start, job.end):
            story = self.file(job.case_base + index, index, self.moments[index])
            self.play(story)
        for story in list(self._stories.values()):
            self.write(story)
        return ChunkResult(
            tables={
                t.name: t.take()
                for t in (self.persons, self.contacts, self.cases, self.receipts, self.events)
            },
            comms=[(c.at, c.key, c.values) for c in self._comms],
            deferred=self._deferred,
        )

    def write(self, story: Story) -> None:
        story.events.sort(key=lambda e: e.at)
        case_id = story.row["id"]
        for seq, event in enumerate(story.events, 1):
            values = {
                "case_id": case_id,
                "seq": seq,
                "kind": event.kind,
                "at": event.at,
                "actor_id": event.actor_id,
                "actor_label": event.actor_label,
                "before": dumps(event.before),
                "after": dumps(event.after),
                "data": event.data,
                "is_public": event.is_public,
            }
            if event.comm is not None:
                self._deferred.append((event.comm.key, values))
            else:
                values["data"] = dumps(event.data)
                self.events.add(values)
        row = story.row
        row["last_event_seq"] = len(story.events)
        row["updated_at"] = story.events[-1].at
        row["suspensions"] = dumps(row["suspensions"])
        self.cases.add(row)
        del self._stories[case_id]

    @staticmethod
    def set_counters(incoming: dict[int, int], outgoing: dict[int, int]) -> None:
        series = {s.code: s for s in NumberSeries.objects.all()}
        for code, values in (
            (NumberSeries.INCOMING, incoming),
            (NumberSeries.OUTGOING, outgoing),
        ):
            for year, last in values.items():
                NumberCounter.objects.update_or_create(
                    series=series[code], year=year, defaults={"last_value": last}
                )

    # --- filing -------------------------------------------------------------------------
    def file(self, case_id: int, index: int, received_at: dt.datetime) -> Story:
        rng = self.rng
        local = received_at.astimezone(self.tz)
        office_open = self.is_business(local.date()) and 7 <= local.hour < 17
        if office_open:
            channel_code = self.channel_keys[_pick(rng, self.channel_cum)]
        else:
            channel_code = self.online_keys[_pick(rng, self.online_cum)]
        type_code = self.type_keys[_pick(rng, self.type_cum)]
        case_type, channel = self.types[type_code], self.channels[channel_code]
        topic_id, area_id, texts = self.org.topics[_pick(rng, self.org.topic_cum)]
        # As case_file: a confidential type goes to the confidential area from the start.
        confidential = case_type.is_confidential
        if confidential:
            area_id = self.org.confidential_area
        subject, text = texts[_below(rng, len(texts))]
        year = local.year
        sequence = self.incoming[year] = self.incoming.get(year, 0) + 1
        number = self.series[NumberSeries.INCOMING].render(year=year, number=sequence)
        received_on = reception_date(received_at, self.cal, self.policy, self.tz)
        due = self.due(received_on, case_type.term_value, case_type.term_unit)
        clerk = _choice(rng, self.org.clerks) if channel_code in STAFF_CHANNELS else None
        contact_id, contact_name, contact_email = self.contact(type_code, index, received_at)
        legal_priority = "fundamental_right" if rng.random() < 0.003 else ""
        row: dict[str, Any] = {
            "id": case_id,
            "filing_number": number,
            "filing_year": year,
            "filing_sequence": sequence,
            "case_type_id": case_type.pk,
            "channel_id": channel.pk,
            "topic_id": None,
            "subject": subject,
            "text": text,
            "contact_id": contact_id,
            "is_anonymous": contact_id is None,
            "needs_credibility_review": contact_id is None and type_code in self.review_types,
            "is_confidential": confidential,
            "answer_channel": "",
            "area_id": area_id if confidential else None,
            "assignee_id": None,
            "priority": 2 if legal_priority else 0,
            "legal_priority": legal_priority,
            "status": Status.FILED.value,
            "received_at": received_at,
            "received_on": received_on,
            "term_value": case_type.term_value,
            "term_unit": case_type.term_unit,
            "due_date": due,
            "clock_status": ClockStatus.RUNNING.value,
            "suspensions": [],
            "extension_days": 0,
            "info_request_reason": "",
            "info_request_due": None,
            "parent_id": None,
            "merged_into_id": None,
            "answered_at": None,
            "closed_at": None,
            "idempotency_key": None,
            "tracking_code_hash": secrets.token_hex(32),  # the hash of a code nobody knows
            "created_by_id": clerk,
        }
        story = Story(
            row=row, topic_id=topic_id, area_id=area_id, recipient=contact_name, email=contact_email
        )
        after = {name: to_json(row.get(name)) for name in PROJECTED_FIELDS}
        story.events.append(
            PendingEvent(
                received_at,
                Kind.FILED,
                clerk,
                {},
                after,
                {"channel": channel_code, "attachments": 0},
                True,
                "" if clerk else "petitioner",
            )
        )
        self.receipts.add(
            {
                "case_id": case_id,
                "filing_number": number,
                "filed_at": received_at,
                "case_type_name": case_type.name,
                "channel_name": channel.name,
                "due_date": due,
                "verbal_answer": "",
            }
        )
        self._stories[case_id] = story
        return story

    def contact(self, type_code: str, index: int, at: dt.datetime) -> tuple[int | None, str, str]:
        """The petitioner's snapshot, a row of this case's own as filing writes it: of a new
        person, or (one time in five) of someone who filed before with the same document."""
        rng = self.rng
        if rng.random() < ANONYMOUS_SHARE.get(type_code, 0.03):
            return None, "", ""
        pool = self._person_pool
        if pool and rng.random() < 0.2:
            person = pool[_below(rng, len(pool))]
        else:
            person = self.person(index, at)
            if len(pool) < 50_000:
                pool.append(person)
            else:
                pool[_below(rng, len(pool))] = person
        contact_id = self._contact_base + index  # one snapshot per identified case
        self.contacts.add(
            {
                "id": contact_id,
                **person,
                "data_consent": True,
                "consent_policy_version": "2024-1",
                "consent_at": at,
                "created_at": at,
            }
        )
        return contact_id, person["full_name"], person["email"]

    def person(self, index: int, at: dt.datetime) -> dict[str, Any]:
        """A new entry of the person registry, and the contact data this person files with."""
        rng = self.rng
        person_id = self._person_base + index  # at most one new person per case
        name = f"{_choice(rng, FIRST_NAMES)} {_choice(rng, LAST_NAMES)} {_choice(rng, LAST_NAMES)}"
        id_type = self.id_keys[_pick(rng, self.id_cum)]
        # Normalized already (digits only), and unique: 7 is prime to the modulus.
        id_number = str(10_000_000 + person_id * 7 % 1_090_000_000)
        self.persons.add(
            {"id": person_id, "id_type": id_type, "id_number": id_number, "created_at": at}
        )
        return {
            "person_id": person_id,
            "id_type": id_type,
            "id_number": id_number,
            "full_name": name,
            "email": f"{name.split()[0].lower()}.{person_id}@example.com"
            if rng.random() < 0.75
            else "",
            "phone": f"3{_between(rng, 100_000_000, 229_999_999)}" if rng.random() < 0.8 else "",
            "address": f"Calle {_between(rng, 1, 80)} # {_between(rng, 1, 40)}-{_between(rng, 1, 99)}",
            "city": _choice(rng, CITIES),
        }

    # --- the rest of the life of a case ---------------------------------------------------
    def play(self, story: Story) -> None:
        rng, now, row = self.rng, self.now, story.row
        topic_id, area_id = story.topic_id, story.area_id
        lead = self.org.leads[area_id]
        officer = _choice(rng, self.org.officers[area_id])
        # lifecycle._default_delivery: by e-mail when there is one, else the tracking page.
        delivery = "email" if story.email else "portal"
        recipient = story.recipient

        def comm(at: dt.datetime, kind: str, body: str, actor: int) -> PendingComm:
            made = PendingComm(
                at,
                (row["id"], len(self._comms)),
                {
                    "case_id": row["id"],
                    "kind": kind,
                    "body": body,
                    "recipient": recipient,
                    "delivery_channel": delivery,
                    "created_at": at,
                    "delivered_at": at,
                    "created_by_id": actor,
                },
            )
            self._comms.append(made)
            return made

        def stop(at: dt.datetime) -> None:
            story.stopped_at = at

        t = self.office(row["received_at"] + rng.uniform(1, 30) * HOUR)
        if t >= now:
            return
        story.record(
            t,
            Kind.TRIAGED,
            # Nobody but the confidential area's people routes a confidential case.
            self.org.admin if rng.random() < 0.5 and not row["is_confidential"] else lead,
            {"topic_id": topic_id, "area_id": area_id, "status": Status.TRIAGED.value},
            is_public=False,
        )
        recent = self._recent_by_area.setdefault(area_id, deque(maxlen=30))
        path = rng.random()
        if path < 0.03:  # not ours: forward within 5 business days (art. 21)
            t = self.office(t + rng.uniform(2, 70) * HOUR)
            if t >= now:
                recent.append(story)
                return
            deadline = (
                row["received_on"]
                if self.channels_by_pk[row["channel_id"]].is_verbal
                else self.cal.add_business_days(row["received_on"], TRANSFER_WINDOW_DAYS)
            )
            letter = comm(
                t, Comm.TRANSFER_LETTER, "Remitimos su petición a la entidad competente.", lead
            )
            story.record(
                t,
                Kind.TRANSFERRED,
                lead,
                {
                    "status": Status.TRANSFERRED.value,
                    "clock_status": ClockStatus.STOPPED.value,
                    "closed_at": t,  # as lifecycle.base.ended()
                },
                {
                    "entity": _choice(rng, ENTITIES),
                    "reason": "El asunto es competencia de otra entidad.",
                    "deadline": deadline.isoformat(),
                    "on_time": self.local(t) <= deadline,
                },
                comm=letter,
            )
            stop(t)
            return
        if path < 0.042:  # a duplicate of an open case of the same area
            t = self.office(t + rng.uniform(1, 48) * HOUR)
            target = next(
                (
                    s
                    for s in reversed(recent)
                    if not s.merged
                    and s.stopped_at is not None
                    and s.stopped_at > t
                    and s.row["id"] in self._stories
                ),
                None,
            )
            if target is not None and t < now:
                reason = "La misma solicitud se radicó dos veces."
                story.record(
                    t,
                    Kind.MERGED,
                    lead,
                    {
                        "status": Status.MERGED.value,
                        "merged_into_id": target.row["id"],
                        "clock_status": ClockStatus.STOPPED.value,
                        "closed_at": t,
                    },
                    {"into": target.row["filing_number"], "reason": reason},
                )
                target.events.append(
                    PendingEvent(
                        t,
                        Kind.MERGE_RECEIVED,
                        lead,
                        {},
                        {},
                        {"from": row["filing_number"], "reason": reason},
                        False,
                    )
                )
                story.merged = True
                stop(t)
                return
        recent.append(story)
        t = self.office(t + rng.uniform(1, 24) * HOUR)
        if t >= now:
            return
        story.record(
            t,
            Kind.ASSIGNED,
            lead,
            {"assignee_id": officer, "status": Status.ASSIGNED.value},
            is_public=False,
        )
        t = self.office(t + rng.uniform(1, 30) * HOUR)
        if t >= now:
            return
        story.record(t, Kind.STARTED, officer, {"status": Status.IN_PROGRESS.value})
        if 0.042 <= path < 0.057:  # the petitioner withdraws (art. 18)
            t = t + rng.uniform(4, 200) * HOUR
            if t >= now:
                return
            story.record(
                t,
                Kind.WITHDRAWN,
                None,
                {
                    "status": Status.WITHDRAWN.value,
                    "clock_status": ClockStatus.STOPPED.value,
                    "closed_at": t,
                },
                {"reason": "Ya me solucionaron.", "express": True},
                actor_label="petitioner",
            )
            stop(t)
            return
        term = Term(row["term_value"], TermUnit(row["term_unit"]))
        if 0.057 <= path < 0.117:  # incomplete or unclear: ask the petitioner (arts. 17, 19)
            t = self.office(t + rng.uniform(2, 60) * HOUR)
            today = self.local(t)
            case_type = self.types_by_pk[row["case_type_id"]]
            unclear = rng.random() < 0.2
            # As case_request_information: the type's window and months for an incomplete
            # request (Ley 1755 art. 17; Ley 1581 art. 15), ten days for an unclear one.
            days = INFO_REQUEST_WINDOW_DAYS if unclear else case_type.completion_request_days
            window = self.cal.add_business_days(row["received_on"], days)
            if today <= window:
                if t >= now:
                    return
                reason = InfoRequestReason.UNCLEAR if unclear else InfoRequestReason.INCOMPLETE
                reply_due = (
                    self.cal.add_business_days(today, UNCLEAR_REPLY_DAYS)
                    if unclear
                    else self.cal.add_months(today, case_type.completion_reply_months)
                )
                notice = comm(t, Comm.INFO_REQUEST, "Por favor complete su solicitud.", officer)
                story.record(
                    t,
                    Kind.INFO_REQUESTED,
                    officer,
                    {
                        "status": Status.WAITING_PETITIONER.value,
                        "clock_status": ClockStatus.SUSPENDED.value,
                        "suspensions": [[today.isoformat(), None]],
                        "due_date": None,
                        "info_request_reason": reason.value,
                        "info_request_due": reply_due,
                    },
                    {
                        "message": "Por favor complete su solicitud.",
                        "previous_status": Status.IN_PROGRESS.value,
                    },
                    comm=notice,
                )
                if rng.random() < 0.35:  # no reply: the sweep closes it after the deadline
                    t = self.end_of(reply_due) + rng.uniform(12, 72) * HOUR
                    if t >= now:
                        return
                    changes = {
                        "status": (Status.ARCHIVED if unclear else Status.WITHDRAWN).value,
                        "clock_status": ClockStatus.STOPPED.value,
                        "closed_at": t,
                    }
                    story.record(
                        t,
                        Kind.ARCHIVED if unclear else Kind.TACITLY_WITHDRAWN,
                        officer if unclear else None,
                        changes,
                        {"reply_due": reply_due.isoformat()},
                    )
                    stop(t)
                    return
                reply = t + rng.uniform(2, 24 * 20) * HOUR
                if self.local(reply) > reply_due:
                    reply = self.end_of(reply_due)
                if reply >= now:
                    return
                pairs = [[today.isoformat(), self.local(reply).isoformat()]]
                new_due = due_date(
                    row["received_on"],
                    term,
                    self.cal,
                    [Suspension(today, self.local(reply))],
                )
                story.record(
                    reply,
                    Kind.PETITIONER_REPLIED,
                    None,
                    {
                        "status": Status.IN_PROGRESS.value,
                        "clock_status": ClockStatus.RUNNING.value,
                        "suspensions": pairs,
                        "due_date": new_due,
                        "info_request_reason": "",
                        "info_request_due": None,
                    },
                    {"text": "Adjunto la información solicitada."},
                    actor_label="petitioner",
                )
                t = reply
        due = row["due_date"]
        if rng.random() < 0.04 and self.local(t) < due:  # one extension, before the term ends
            moment = self.office(t + rng.uniform(2, 48) * HOUR)
            if self.local(moment) < due:
                if moment >= now:
                    return
                cap = self.types_by_pk[row["case_type_id"]].max_extension_days
                days = _between(rng, min(3, cap), cap)
                new_due = due_date(
                    row["received_on"],
                    term,
                    self.cal,
                    to_suspensions(row["suspensions"]),
                    days,
                )
                reasons = "Se requiere concepto de otra dependencia."
                notice = comm(moment, Comm.EXTENSION_NOTICE, reasons, lead)
                story.record(
                    moment,
                    Kind.EXTENDED,
                    lead,
                    {"extension_days": days, "due_date": new_due},
                    {"reasons": reasons},
                    comm=notice,
                )
                t, due = moment, new_due
        if rng.random() < 0.007:  # the backlog: never answered
            return
        if rng.random() < 0.12:  # late
            answer = self.office(self.end_of(due) + rng.uniform(14, 24 * 20) * HOUR)
        else:
            last = self.end_of(due)
            answer = t + (last - t) * rng.random() ** 0.7 if last > t else t + HOUR
            answer = self.office(answer)
        if answer >= now:
            return
        on_time = self.local(answer) <= due
        body = "Cordial saludo. En atención a su solicitud le informamos lo siguiente."
        letter = comm(answer, Comm.ANSWER, body, officer)
        story.record(
            answer,
            Kind.ANSWERED,
            officer,
            {
                "status": Status.ANSWERED.value,
                "clock_status": ClockStatus.STOPPED.value,
                "answered_at": answer,
            },
            {"delivery_channel": delivery, "on_time": on_time},
            comm=letter,
        )
        stop(answer)
        if rng.random() < 0.93:
            closed = self.office(answer + rng.uniform(2, 24 * 7) * HOUR)
            if closed < now:
                story.record(
                    closed,
                    Kind.CLOSED,
                    officer,
                    {"status": Status.CLOSED.value, "closed_at": closed},
                )


# random.choice and randint are several times slower than one random(); a million cases call
# them tens of millions of times.
def _below(rng: random.Random, n: int) -> int:
    return int(rng.random() * n)


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def _choice(rng: random.Random, items: Any) -> Any:
    return items[int(rng.random() * len(items))]


def _pick(rng: random.Random, cumulative: list[int]) -> int:
    return bisect_right(cumulative, rng.random() * cumulative[-1])
