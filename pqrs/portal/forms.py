"""The public forms. They validate and normalize; the views call one service with the result."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pqrs.cases.models import CaseType, Communication, Contact
from pqrs.cases.services.filing import AttachmentData, ContactData, Submission
from pqrs.cases.uploads import MultipleFileField, validate_uploads

WEB_CHANNEL = "web"
IDENTIFIED = "identified"
ANONYMOUS = "anonymous"
# The answer channels a web petitioner can choose; anonymous ones can only read it online.
ANSWER_CHANNELS = [
    (Communication.DeliveryChannel.EMAIL.value, gettext_lazy("By e-mail")),
    (Communication.DeliveryChannel.POSTAL.value, gettext_lazy("By postal mail to my address")),
    (Communication.DeliveryChannel.PORTAL.value, gettext_lazy("On this website, with my code")),
]
IDENTITY_FIELDS = ("id_type", "id_number", "full_name", "email", "phone", "address", "city")


class HoneypotMixin(forms.Form):
    # Hidden from people by the stylesheet (display: none); bots that fill every field fail.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website", "")
        if value:
            raise forms.ValidationError(
                _("We could not process this form. Please try again."), code="honeypot"
            )
        return value


class FilingForm(HoneypotMixin):
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    case_type = forms.ChoiceField(
        label=gettext_lazy("What do you want to file?"), widget=forms.RadioSelect
    )
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=300,
        help_text=gettext_lazy("A short title, for example: “Streetlight broken on 5th Street”."),
    )
    text = forms.CharField(
        label=gettext_lazy("Your request"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Tell us what happened or what you need, with dates and places if you can. "
            "You do not need to cite any law."
        ),
    )
    identity = forms.ChoiceField(
        label=gettext_lazy("How do you want to file?"),
        widget=forms.RadioSelect,
        initial=IDENTIFIED,
        choices=[
            (IDENTIFIED, gettext_lazy("With my personal data")),
            (ANONYMOUS, gettext_lazy("Anonymously")),
        ],
    )
    id_type = forms.ChoiceField(
        label=gettext_lazy("ID type"),
        required=False,
        choices=[("", gettext_lazy("Choose…")), *Contact.IdType.choices],
    )
    id_number = forms.CharField(label=gettext_lazy("ID number"), max_length=30, required=False)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)
    city = forms.CharField(label=gettext_lazy("City"), max_length=100, required=False)
    answer_channel = forms.ChoiceField(
        label=gettext_lazy("How do you want to receive the answer?"),
        widget=forms.RadioSelect,
        choices=ANSWER_CHANNELS,
        required=False,
    )
    attachments = MultipleFileField()
    consent = forms.BooleanField(
        required=False, label=gettext_lazy("Authorization to process personal data")
    )

    def __init__(self, *args: Any, fixed_type: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_type = fixed_type
        types = CaseType.objects.filter(is_active=True).order_by("position", "name")
        if fixed_type:
            types = types.filter(code=fixed_type)
            self.fields["case_type"].widget = forms.HiddenInput()
            self.fields["case_type"].initial = fixed_type
        self.case_types = list(types)
        self.fields["case_type"].choices = [  # type: ignore[attr-defined]
            (t.code, t.label) for t in self.case_types
        ]
        self.fields["attachments"].help_text = _(
            "Optional. Up to %(count)s files of at most %(size)s MB each: %(types)s."
        ) % {
            "count": settings.PQRS_UPLOAD_MAX_FILES,
            "size": settings.PQRS_UPLOAD_MAX_FILE_BYTES // (1024 * 1024),
            "types": ", ".join(settings.PQRS_UPLOAD_ALLOWED_EXTENSIONS),
        }
        autocomplete = {
            "full_name": "name",
            "email": "email",
            "phone": "tel",
            "address": "street-address",
            "city": "address-level2",
            "id_number": "off",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self.fields["id_number"].widget.attrs["inputmode"] = "numeric"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # noqa: S101 - Form.clean returns cleaned_data
        if data.get("identity") == ANONYMOUS:
            # Ley 962 de 2005 art. 81: an anonymous filing keeps no personal data at all.
            for name in IDENTITY_FIELDS:
                data[name] = ""
            data["answer_channel"] = Communication.DeliveryChannel.PORTAL.value
            data["consent"] = False
        elif data.get("identity") == IDENTIFIED:
            self._clean_identified(data)
        files = data.get("attachments") or []
        try:
            data["attachment_data"] = validate_uploads(files)
        except forms.ValidationError as exc:
            self.add_error("attachments", exc)
        return data

    def _clean_identified(self, data: dict[str, Any]) -> None:
        required = {
            "full_name": _("Write your full name, or choose to file anonymously."),
            "id_type": _("Choose your ID type."),
            "id_number": _("Write your ID number."),
        }
        for name, message in required.items():
            if not str(data.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, message)
        channel = data.get("answer_channel") or ""
        if not channel:
            self.add_error("answer_channel", _("Choose how you want to receive the answer."))
        elif channel == Communication.DeliveryChannel.EMAIL and not data.get("email"):
            if "email" not in self.errors:
                self.add_error("email", _("Write your e-mail to receive the answer by e-mail."))
        elif channel == Communication.DeliveryChannel.POSTAL and not data.get("address"):
            self.add_error("address", _("Write your address to receive the answer by mail."))
        # Ley 1581 de 2012: the authorization is express and informed; silence never counts.
        if not data.get("consent"):
            self.add_error(
                "consent",
                _("To file with your personal data you must accept the data-processing policy."),
            )

    def idempotency_key(self) -> str:
        """The form's token bound to what was typed: the same form sent twice is one case, but
        a token that leaked to someone else (a cached page) never returns another's case, and
        a form changed and sent again is a new request (filing refuses a key reused with
        other content)."""
        data = self.cleaned_data
        parts = [data["form_token"], data["case_type"], data["subject"], data["text"]]
        parts += [str(data.get(name) or "") for name in (*IDENTITY_FIELDS, "answer_channel")]
        parts += [
            a.name + ":" + hashlib.sha256(a.content).hexdigest() for a in data["attachment_data"]
        ]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
        return f"web:{digest}"

    def submission(self) -> Submission:
        data = self.cleaned_data
        contact = None
        if data["identity"] == IDENTIFIED:
            contact = ContactData.from_form(
                data,
                data_consent=True,
                consent_policy_version=settings.PQRS_CONSENT_POLICY_VERSION,
            )
        attachments: list[AttachmentData] = data["attachment_data"]
        return Submission(
            case_type_code=data["case_type"],
            channel_code=WEB_CHANNEL,
            subject=data["subject"],
            text=data["text"],
            contact=contact,
            idempotency_key=self.idempotency_key(),
            attachments=tuple(attachments),
            answer_channel=data["answer_channel"],
        )


class TrackingForm(forms.Form):
    filing_number = forms.CharField(
        label=gettext_lazy("Filing number (radicado)"),
        max_length=40,
        help_text=gettext_lazy("As shown on your receipt, for example 2026-000123."),
    )
    code = forms.CharField(
        label=gettext_lazy("Tracking code"),
        max_length=40,
        help_text=gettext_lazy("The 10-character code you were given when you filed."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["filing_number"].widget.attrs["autocomplete"] = "off"
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class PetitionerTextForm(forms.Form):
    """Answering an information request, or adding information to an open case."""

    text = forms.CharField(
        label=gettext_lazy("Your message"), max_length=20000, widget=forms.Textarea({"rows": 6})
    )
    attachments = MultipleFileField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "Optional. Up to %(count)s files of at most %(size)s MB each: %(types)s."
        ) % {
            "count": settings.PQRS_UPLOAD_MAX_FILES,
            "size": settings.PQRS_UPLOAD_MAX_FILE_BYTES // (1024 * 1024),
            "types": ", ".join(settings.PQRS_UPLOAD_ALLOWED_EXTENSIONS),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # noqa: S101
        try:
            data["attachment_data"] = tuple(validate_uploads(data.get("attachments") or []))
        except forms.ValidationError as exc:
            self.add_error("attachments", exc)
        return data


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the entity will stop processing my request."),
        error_messages={"required": gettext_lazy("Check the box to confirm the withdrawal.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )


class SurveyForm(forms.Form):
    csat = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you with the answer?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (1, gettext_lazy("1 - Very dissatisfied")),
            (2, gettext_lazy("2 - Dissatisfied")),
            (3, gettext_lazy("3 - Neutral")),
            (4, gettext_lazy("4 - Satisfied")),
            (5, gettext_lazy("5 - Very satisfied")),
        ],
    )
    nps = forms.TypedChoiceField(
        label=gettext_lazy(
            "From 0 to 10, how likely are you to recommend our service to someone you know?"
        ),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(11)],
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
