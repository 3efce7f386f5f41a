"""Forms of the desk. They only validate input; each action's view calls one service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pqrs.accounts.models import Area, Role, User
from pqrs.cases.models import (
    Case,
    CaseType,
    Channel,
    Communication,
    Contact,
    InfoRequestReason,
    LegalPriority,
    Priority,
    Topic,
)
from pqrs.cases.selectors import SEARCH_MAX_LENGTH
from pqrs.cases.services.filing import AttachmentData
from pqrs.cases.uploads import validate_uploads
from pqrs.core.limits import (
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
)
from pqrs.core.params import int_params

STAFF_CHANNEL_KINDS = (
    Channel.Kind.PHONE,
    Channel.Kind.WALK_IN,
    Channel.Kind.PAPER,
    Channel.Kind.BOX,
)


# The empty choice of every select: Django's "---------" says nothing to a reader.
CHOOSE = _("Choose…")


class SearchForm(forms.Form):
    """The search box (search page, its live results and the quick search in the header)."""

    q = forms.CharField(
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "The search text is too long: write at most %(limit_value)d characters."
            ),
            "null_characters_not_allowed": _(
                "The search text has characters that are not valid. Type it again."
            ),
        },
    )


class TriageForm(forms.Form):
    case_type = forms.ModelChoiceField(
        label=_("Type"), queryset=CaseType.objects.filter(is_active=True), empty_label=CHOOSE
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        empty_label=CHOOSE,
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.filter(is_active=True),
        required=False,
        empty_label=CHOOSE,
    )
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    legal_priority = forms.ChoiceField(
        label=_("Priority attention (art. 20)"), choices=LegalPriority.choices, required=False
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), empty_label=CHOOSE
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = (
            User.objects.filter(
                is_active=True,
                role__in=[Role.OFFICER, Role.AREA_LEAD],
                memberships__area_id=case.area_id or 0,
            )
            .distinct()
            .order_by("first_name", "username")
        )


class EmptyForm(forms.Form):
    pass


class MoveForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(is_active=True), empty_label=CHOOSE
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


# Cases one bulk action may take: a page holds 50; the form is as long as its sender makes it.
BULK_LIMIT = 200


class CaseIdsField(forms.Field):
    """The cases ticked in the inbox: the valid ids among those sent (``int_params``), at most
    ``BULK_LIMIT`` of them."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Select at least one case."),
        "too_many": _("Select at most %(limit)s cases at a time."),
    }

    def to_python(self, value: Any) -> list[int]:
        values = [str(v) for v in value] if isinstance(value, list | tuple) else []
        if len(values) > BULK_LIMIT:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": BULK_LIMIT}
            )
        return int_params(values, limit=BULK_LIMIT)


class BulkForm(forms.Form):
    """Assign or move the cases ticked in the inbox. Each case then goes through its own
    service call, which decides (scope, state)."""

    ids = CaseIdsField()
    operation = forms.ChoiceField(
        choices=[("assign", _("Assign to")), ("move", _("Move to area"))],
        error_messages={
            "required": _("Choose what to do with the selected cases."),
            "invalid_choice": _("Choose what to do with the selected cases."),
        },
    )
    assignee = forms.ModelChoiceField(
        queryset=User.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Choose the person to assign the cases to.")},
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Choose the area to move the cases to.")},
    )
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "The reason for the move is too long: write at most %(limit_value)d characters."
            ),
            "null_characters_not_allowed": _(
                "The reason for the move has characters that are not valid. Type it again."
            ),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = {"assign": "assignee", "move": "area"}.get(data.get("operation") or "")
        if needed and not data.get(needed) and needed not in self.errors:
            self.add_error(needed, self.fields[needed].error_messages["invalid_choice"])
        return data


class TemplatedForm(forms.Form):
    """A form whose text may start from an answer template (``template_kind``)."""

    template_kind = ""
    template_field = ""


class RequestInfoForm(TemplatedForm):
    template_kind = Communication.Kind.INFO_REQUEST
    template_field = "message"
    reason = forms.ChoiceField(label=_("Reason"), choices=InfoRequestReason.choices)
    message = forms.CharField(
        label=_("Message to the petitioner"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ScanField(forms.FileField):
    """One scanned document, checked as the portal checks uploads (size, real type); cleans to
    the attachments to file."""

    def clean(self, data: Any, initial: Any = None) -> tuple[AttachmentData, ...]:
        upload = super().clean(data, initial)
        return tuple(validate_uploads([upload])) if upload else ()


class RecordReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply of the petitioner"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scan = ScanField(label=_("Scan of the reply"), required=False)


class ExtendForm(TemplatedForm):
    template_kind = Communication.Kind.EXTENSION_NOTICE
    template_field = "reasons"
    days = forms.IntegerField(label=_("Business days to add"), min_value=1, max_value=60)
    reasons = forms.CharField(
        label=_("Reasons for the delay (sent to the petitioner)"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class TransferForm(TemplatedForm):
    template_kind = Communication.Kind.TRANSFER_LETTER
    template_field = "letter"
    entity_name = forms.CharField(label=_("Competent entity"), max_length=NAME_MAX_LENGTH)
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    letter = forms.CharField(
        label=_("Forwarding letter (copied to the petitioner)"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("What the petitioner said"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Filing number of the case that stays"), max_length=40)
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    text = forms.CharField(
        label=_("New request of the petitioner"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class StaffFilingForm(forms.Form):
    """Filing on the petitioner's behalf: phone, walk-in, paper mail, suggestion box
    (Decreto 1166 de 2016: a verbal petition gets a constancia with its data)."""

    channel = forms.ModelChoiceField(
        label=_("Channel"),
        queryset=Channel.objects.filter(is_active=True, kind__in=STAFF_CHANNEL_KINDS),
        empty_label=CHOOSE,
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("When the call, visit or letter actually arrived."),
    )
    case_type = forms.ModelChoiceField(
        label=_("Type"), queryset=CaseType.objects.filter(is_active=True), empty_label=CHOOSE
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        empty_label=CHOOSE,
    )
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=NAME_MAX_LENGTH, required=False)
    id_type = forms.ChoiceField(
        label=_("ID type"), choices=[("", CHOOSE), *Contact.IdType.choices], required=False
    )
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    data_consent = forms.BooleanField(
        label=_("The petitioner authorized the processing of their personal data"),
        required=False,
    )
    answer_channel = forms.ChoiceField(
        label=_("Preferred answer channel"),
        choices=[("", _("By the contact data")), *Communication.DeliveryChannel.choices],
        required=False,
    )
    legal_priority = forms.ChoiceField(
        label=_("Priority attention (art. 20)"), choices=LegalPriority.choices, required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    text = forms.CharField(
        label=_("Request"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6})
    )
    scan = ScanField(label=_("Scan of the letter or form"), required=False)
    verbal_answer = forms.CharField(
        label=_("Answer given on the spot (if any)"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Recorded in the filing receipt (Decreto 1166 de 2016)."),
    )
    email_receipt = forms.BooleanField(
        label=_("E-mail the filing receipt to the petitioner"), required=False, initial=True
    )
    # A token of the form shown (22 characters); the column holds 200 with its prefix.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_received_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["received_at"]
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("anonymous") and not (data.get("full_name") or "").strip():
            self.add_error(
                "full_name", _("Write the petitioner's name, or mark the request as anonymous.")
            )
        return data
