"""The case (PQRSD), its petitioner, its append-only history and its filing numbers.

The case row is a projection of its events: every change is made by a service in
``pqrs.cases.services`` that writes the row and appends a ``CaseEvent`` holding the changed
fields before and after, in one transaction. ``pqrs.cases.projection.replay`` rebuilds the row
from the events alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pqrs.deadlines.clock import ClockStatus, TermUnit

from .labels import shipped_label
from .number_format import validate_number_format


class CaseType(models.Model):
    """A type of PQRSD with its legal term (Ley 1755 art. 14; legal-rules.md §1.1, §5)."""

    class Unit(models.TextChoices):
        BUSINESS_DAYS = TermUnit.BUSINESS_DAYS.value, _("business days")
        MONTHS = TermUnit.MONTHS.value, _("months")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("plain-language explanation"), max_length=300, blank=True)
    term_value = models.PositiveSmallIntegerField(_("term"))
    term_unit = models.CharField(
        _("term unit"), max_length=10, choices=Unit.choices, default=Unit.BUSINESS_DAYS
    )
    # Business days an extension may add. Empty: as many as the term, so the new total is at
    # most double the original (Ley 1755 art. 14 parágrafo, conservative reading).
    # Habeas data terms differ: +5 for consultas, +8 for reclamos (Ley 1581 arts. 14-15).
    extension_max_days = models.PositiveSmallIntegerField(
        _("maximum extension (business days)"), null=True, blank=True
    )
    # An incomplete request: the petitioner is asked to complete it within this many business
    # days of filing, has this many calendar months to do so, and may ask once for as long
    # again before it counts as withdrawn (Ley 1755 art. 17: 10 days, 1 month, extension).
    # Habeas-data reclamos: 5 days and 2 months, no extension (Ley 1581 art. 15).
    completion_request_days = models.PositiveSmallIntegerField(
        _("days to ask for completion (business days after filing)"), default=10
    )
    completion_reply_months = models.PositiveSmallIntegerField(
        _("months the petitioner has to complete"), default=1
    )
    completion_extension = models.BooleanField(
        _("the petitioner may ask once for as long again"), default=True
    )
    # Cases of this type are filed confidential: they go to the area that receives confidential
    # reports and the reporter's identity is reserved (corruption denuncias, Ley 1474 art. 76).
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Cases of this type go to the area that receives confidential reports, and the "
            "reporter's identity is shown to staff only on an explicit, logged request."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language (``labels``: shipped names are translated)."""
        return shipped_label(self.name)

    @property
    def description_label(self) -> str:
        return shipped_label(self.description)

    @property
    def max_extension_days(self) -> int:
        return self.extension_max_days if self.extension_max_days is not None else self.term_value


class Channel(models.Model):
    class Kind(models.TextChoices):
        WEB = "web", _("Web form")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        WALK_IN = "walk_in", _("In person")
        PAPER = "paper", _("Paper mail")
        BOX = "box", _("Suggestion box")
        SOCIAL = "social", _("Social network")
        API = "api", _("API")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language (``labels``: shipped names are translated)."""
        return shipped_label(self.name)

    @property
    def is_verbal(self) -> bool:
        """Verbal petitions (Decreto 1166 de 2016); art. 21 notices must then be immediate."""
        return self.kind in {self.Kind.PHONE, self.Kind.WALK_IN}


class Topic(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    default_area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """The person registry: one row per identity document, linking the snapshots (and so the
    cases) filed with it, for the history of a petitioner.

    It holds no contact data at all: anyone can type someone else's document number, so
    knowing or typing one must reveal and change nothing. Where a case's answers go is its own
    ``Contact`` snapshot; who may see a person's other cases is ``cases_visible_to``.
    """

    id_type = models.CharField(_("ID type"), max_length=5)
    # Normalized (``normalize_id_number``), so "1.020.304-5" and "10203045" are one person.
    id_number = models.CharField(_("ID number"), max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Number first: a search by document number alone uses this index.
            models.UniqueConstraint(fields=["id_number", "id_type"], name="unique_person_id"),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"{self.id_type} {self.id_number}"


# Written between the digits of document numbers ("1.020.304-5", "AB 12345"). The data
# migration ``one_contact_per_case`` strips the same characters in SQL: change both together.
ID_NUMBER_SEPARATORS = str.maketrans("", "", " .-\t\u00a0")


def normalize_id_number(value: str) -> str:
    """The registry's key for a document number: without spaces, dots and hyphens, upper-case."""
    return value.translate(ID_NUMBER_SEPARATORS).upper()


class Contact(models.Model):
    """The petitioner as one case was filed with them: a snapshot that belongs to that case
    alone, where its answers and notices go. Filing never reuses or updates the snapshot of
    another case, so a filing with someone's document number cannot read or redirect their
    data (``Person`` links the cases of one document for history). Personal data under Ley
    1581 de 2012: consent is stored with its proof."""

    class IdType(models.TextChoices):
        # Colombian documents: the English interface names them and keeps the Spanish name.
        CC = "CC", _("Citizenship card (cédula de ciudadanía)")
        CE = "CE", _("Foreigner ID card (cédula de extranjería)")
        TI = "TI", _("Identity card for minors (tarjeta de identidad)")
        PA = "PA", _("Passport")
        PPT = "PPT", _("Temporary protection permit (PPT)")
        NIT = "NIT", _("Tax ID (NIT)")
        OTHER = "OTRO", pgettext_lazy("ID type", "Other")

    id_type = models.CharField(_("ID type"), max_length=5, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("person"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    data_consent = models.BooleanField(_("consents to data processing"), default=False)
    consent_policy_version = models.CharField(max_length=20, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["id_number"], name="contact_id_number"),
            models.Index(fields=["email"], name="contact_email"),
        ]
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self) -> str:
        return self.full_name


class Status(models.TextChoices):
    FILED = "filed", _("Filed")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_PETITIONER = "waiting_petitioner", _("Waiting for the petitioner")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    TRANSFERRED = "transferred", _("Transferred to another entity")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ARCHIVED = "archived", _("Archived")
    MERGED = "merged", _("Merged")


OPEN_STATUSES = frozenset(
    {Status.FILED, Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING_PETITIONER}
)
# Open and not waiting for the petitioner: the clock runs, and no answer has gone out.
RUNNING_STATUSES = OPEN_STATUSES - {Status.WAITING_PETITIONER}


class Priority(models.IntegerChoices):
    NORMAL = 0, _("Normal")
    HIGH = 1, _("High")
    URGENT = 2, _("Urgent")


class LegalPriority(models.TextChoices):
    """Priority attention, Ley 1755 art. 20."""

    NONE = "", _("None")
    FUNDAMENTAL_RIGHT = "fundamental_right", _("Fundamental right at risk of irreparable harm")
    IMMINENT_RISK = "imminent_risk", _("Imminent risk to life or personal integrity")
    JOURNALIST = "journalist", _("Journalist, for their work")


class InfoRequestReason(models.TextChoices):
    INCOMPLETE = "incomplete", _("Incomplete request (art. 17)")
    UNCLEAR = "unclear", _("Unclear request (art. 19)")


class Case(models.Model):
    filing_number = models.CharField(_("filing number"), max_length=40, unique=True)
    filing_year = models.PositiveSmallIntegerField()
    filing_sequence = models.PositiveIntegerField()
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, verbose_name=_("type"))
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, verbose_name=_("channel"))
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("topic")
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("petitioner"),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # Ley 962 de 2005 art. 81 and C-832/06: an anonymous complaint moves the entity only with
    # summary proof or concretely identifiable facts; someone must weigh its credibility.
    needs_credibility_review = models.BooleanField(_("needs credibility review"), default=False)
    # Set at filing from the type, or by a triage to a confidential type; never unset. Only the
    # area that receives confidential reports and the auditors see the case (``selectors``).
    is_confidential = models.BooleanField(_("confidential"), default=False)
    # How the petitioner wants the answer (e-mail, postal mail, in person, tracking page).
    answer_channel = models.CharField(_("preferred answer channel"), max_length=12, blank=True)
    area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )
    priority = models.SmallIntegerField(_("priority"), choices=Priority.choices, default=0)
    legal_priority = models.CharField(
        _("priority attention (art. 20)"),
        max_length=20,
        choices=LegalPriority.choices,
        blank=True,
        default="",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FILED
    )
    received_at = models.DateTimeField(_("received at"))
    # The date from whose next day the term runs (after-hours rule applied).
    received_on = models.DateField(_("received on"))
    # The term in force when the case was filed: later edits to the type do not move it.
    term_value = models.PositiveSmallIntegerField()
    term_unit = models.CharField(max_length=10, choices=CaseType.Unit.choices)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    clock_status = models.CharField(
        max_length=10,
        choices=[(s.value, s.value) for s in ClockStatus],
        default=ClockStatus.RUNNING.value,
    )
    # [[start, end | null], ...] ISO dates: waiting for the petitioner (art. 17).
    suspensions = models.JSONField(default=list, blank=True)
    extension_days = models.PositiveSmallIntegerField(default=0)
    info_request_reason = models.CharField(
        max_length=12, choices=InfoRequestReason.choices, blank=True, default=""
    )
    info_request_due = models.DateField(null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("reopens"),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_cases"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # A digest of what the keyed submission said (services.fingerprint): a retry with the same
    # key and other content is refused. Empty for cases filed before it was kept.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, default="")
    tracking_code_hash = models.CharField(max_length=128)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filed_cases",
    )
    last_event_seq = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["filing_year", "filing_sequence"], name="unique_filing_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="case_status_due"),
            models.Index(fields=["area", "status", "due_date"], name="case_area_status_due"),
            models.Index(
                fields=["assignee", "status", "due_date"], name="case_assignee_status_due"
            ),
            models.Index(fields=["received_at"], name="case_received_at"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"{self.filing_number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(models.Model):
    """One entry of the append-only history. Never updated or deleted (a database trigger
    refuses it on PostgreSQL)."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Filed")
        TRIAGED = "triaged", _("Triaged")
        ASSIGNED = "assigned", _("Assigned")
        STARTED = "started", _("Work started")
        MOVED = "moved", _("Moved to another area")
        INFO_REQUESTED = "info_requested", _("Information requested from the petitioner")
        PETITIONER_REPLIED = "petitioner_replied", _("Petitioner replied")
        REPLY_TIME_EXTENDED = "reply_time_extended", _("Petitioner given more time to reply")
        INFORMATION_ADDED = "information_added", _("Petitioner added information")
        EXTENDED = "extended", _("Term extended")
        TRANSFERRED = "transferred", _("Transferred to another entity")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn by the petitioner")
        TACITLY_WITHDRAWN = "tacitly_withdrawn", _("Tacit withdrawal")
        ARCHIVED = "archived", _("Archived")
        MERGED = "merged", _("Merged into another case")
        MERGE_RECEIVED = "merge_received", _("Another case was merged into this one")
        REOPENED = "reopened", _("Reopened as a new case")
        NOTE = "note", _("Internal note")
        # Data migration ``one_contact_per_case``: a petitioner row shared by several cases was
        # copied for this one.
        PETITIONER_SEPARATED = "petitioner_separated", _("Petitioner data given its own copy")
        MADE_CONFIDENTIAL = "made_confidential", _("Made confidential")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    # Who acted when there is no user: "petitioner" or "system".
    actor_label = models.CharField(max_length=40, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    data = models.JSONField(default=dict)
    # Shown to the petitioner on the tracking page (internal notes never are).
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="unique_event_seq"),
        ]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.kind}"


class CaseAccess(models.Model):
    """Who saw the reporter's identity on a confidential case, when and why. Append-only, like
    the case's history (a database trigger refuses UPDATE and DELETE on PostgreSQL)."""

    class Kind(models.TextChoices):
        IDENTITY_REVEALED = "identity_revealed", _("Identity revealed")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["case", "at"]
        indexes = [models.Index(fields=["case", "user", "at"], name="case_access_case_user_at")]
        verbose_name = _("access to a confidential case")
        verbose_name_plural = _("accesses to confidential cases")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.user_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"cases/{instance.case_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class FilingReceipt(models.Model):
    """The constancia de radicación as given to the petitioner (CPACA art. 61): a snapshot."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="receipt")
    filing_number = models.CharField(max_length=40)
    filed_at = models.DateTimeField()
    case_type_name = models.CharField(max_length=120)
    channel_name = models.CharField(max_length=120)
    due_date = models.DateField(null=True)
    # Decreto 1166 de 2016: a verbal petition answered on the spot keeps the answer here.
    verbal_answer = models.TextField(blank=True)
    # The PDF constancia without the tracking code, rendered once on first use and served from
    # storage after that (pqrs.documents.services). The copy with the code is never stored.
    pdf = models.FileField(upload_to="receipts/", blank=True)

    class Meta:
        verbose_name = _("filing receipt")
        verbose_name_plural = _("filing receipts")

    def __str__(self) -> str:
        return self.filing_number

    @property
    def case_type_label(self) -> str:
        return shipped_label(self.case_type_name)

    @property
    def channel_label(self) -> str:
        return shipped_label(self.channel_name)


class NumberSeries(models.Model):
    """A numbering series: incoming filings (radicado) and outgoing communications
    (radicado de salida). Numbers are consecutive per year with no gaps."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    # Python format with {year} and {number}; default "{year}-{number:06d}" → 2026-000123.
    format = models.CharField(
        max_length=60, default="{year}-{number:06d}", validators=[validate_number_format]
    )

    class Meta:
        verbose_name = _("numbering series")
        verbose_name_plural = _("numbering series")

    def __str__(self) -> str:
        return self.name


class NumberCounter(models.Model):
    series = models.ForeignKey(NumberSeries, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="unique_counter_year"),
        ]

    def __str__(self) -> str:
        return f"{self.series.code} {self.year}: {self.last_value}"


class Communication(models.Model):
    """An outgoing communication with its own number: answer, notice or forwarding letter."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Answer")
        INFO_REQUEST = "info_request", _("Information request")
        EXTENSION_NOTICE = "extension_notice", _("Extension notice")
        TRANSFER_LETTER = "transfer_letter", _("Forwarding letter")

    class DeliveryChannel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        POSTAL = "postal", _("Postal mail")
        IN_PERSON = "in_person", _("In person")
        PORTAL = "portal", _("Tracking page")
        PHONE = "phone", _("Phone")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="communications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.CharField(max_length=40, unique=True)
    number_year = models.PositiveSmallIntegerField()
    number_sequence = models.PositiveIntegerField()
    body = models.TextField()
    recipient = models.CharField(max_length=300, blank=True)
    delivery_channel = models.CharField(max_length=12, choices=DeliveryChannel.choices)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["number_year", "number_sequence"], name="unique_outgoing_sequence"
            ),
        ]
        verbose_name = _("communication")
        verbose_name_plural = _("communications")

    def __str__(self) -> str:
        return self.number
