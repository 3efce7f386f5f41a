"""Attachment checks for every form that takes files (portal and desk): how many, how large,
and what they really are.

The type is read from the content (magic numbers), not from the name or the browser's claim:
an ``.exe`` renamed ``.pdf`` is refused, and the stored content type is the detected one.
"""

from __future__ import annotations

from collections.abc import Sequence

import filetype
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services.filing import AttachmentData

# Extensions accepted under the same detected type (".jpeg" is a JPEG, ".jpg" is too).
SAME_TYPE = {"jpeg": "jpg", "jpg": "jpg"}
TEXT_EXTENSIONS = frozenset({"txt"})
SNIFF_BYTES = 8192


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django docs, "Uploading multiple files")."""

    widget = MultipleFileInput

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Attachments"))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def allowed_extensions() -> list[str]:
    return [e.lower() for e in settings.PQRS_UPLOAD_ALLOWED_EXTENSIONS]


def detect(head: bytes, name: str) -> str | None:
    """The MIME type the content proves, or None when it is not an allowed kind."""
    ext = extension(name)
    kind = filetype.guess(head)
    if kind is None:
        if ext in TEXT_EXTENSIONS and _is_text(head):
            return "text/plain"
        return None
    if SAME_TYPE.get(kind.extension, kind.extension) != SAME_TYPE.get(ext, ext):
        return None
    return str(kind.mime)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sniffed block is still text.
        return exc.start >= len(head) - 3
    return True


def validate_uploads(files: Sequence[UploadedFile]) -> list[AttachmentData]:
    """Check every file; raise one ValidationError listing each problem by file name."""
    limit = settings.PQRS_UPLOAD_MAX_FILES
    max_bytes = settings.PQRS_UPLOAD_MAX_FILE_BYTES
    allowed = allowed_extensions()
    if len(files) > limit:
        raise forms.ValidationError(
            _("You can attach at most %(limit)s files.") % {"limit": limit}, code="too_many"
        )
    errors: list[forms.ValidationError] = []
    accepted: list[AttachmentData] = []
    for upload in files:
        name = upload.name or "archivo"
        size = upload.size or 0
        if size > max_bytes:
            errors.append(
                forms.ValidationError(
                    _("“%(name)s” is larger than %(max)s.")
                    % {"name": name, "max": filesizeformat(max_bytes)},
                    code="too_large",
                )
            )
            continue
        if size == 0:
            errors.append(
                forms.ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
            )
            continue
        upload.seek(0)
        content = upload.read()
        mime = detect(content[:SNIFF_BYTES], name) if extension(name) in allowed else None
        if mime is None:
            errors.append(
                forms.ValidationError(
                    _(
                        "“%(name)s” is not an accepted file, or its content does not match its "
                        "name. Accepted: %(types)s."
                    )
                    % {"name": name, "types": ", ".join(allowed)},
                    code="bad_type",
                )
            )
            continue
        accepted.append(AttachmentData(name=name, content=content, content_type=mime))
    if errors:
        raise forms.ValidationError(errors)
    return accepted
