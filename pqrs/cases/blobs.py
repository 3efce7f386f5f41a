"""Attachment content stored once, by its SHA-256 (``blobs/ab/<sha256>``).

Anonymous uploads cost disk: the same file sent again, by the same client or by another case,
must not be written again. A blob is written only when absent, and written to a temporary
name in the same directory and renamed into place, so a blob that is visible is complete and
two requests storing the same content at once leave one file (never a copy with a suffix).
Blobs are never changed and never deleted by the application; attachments filed before this
scheme keep their old names (``cases/<id>/...``), which the model still reads.
"""

from __future__ import annotations

import os
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage


def blob_name(sha256: str) -> str:
    return f"blobs/{sha256[:2]}/{sha256}"


def blob_store(*, content: bytes, sha256: str, storage: Storage | None = None) -> str:
    """Store ``content`` under its hash unless it is there already; the storage name."""
    storage = storage or default_storage
    name = blob_name(sha256)
    if isinstance(storage, FileSystemStorage):
        _store_on_disk(storage, name, content)
    elif not storage.exists(name):
        # Object stores (S3 and the like) publish an object only once it is complete; a
        # storage that would rename instead of overwriting gets its copy removed.
        saved = storage.save(name, ContentFile(content))
        if saved != name:
            storage.delete(saved)
    return name


def _store_on_disk(storage: FileSystemStorage, name: str, content: bytes) -> None:
    path = storage.path(name)
    if os.path.exists(path):
        return
    directory = os.path.dirname(path)
    _make_directory(storage, directory)
    handle = tempfile.NamedTemporaryFile(dir=directory, prefix=".tmp-", delete=False)  # noqa: SIM115
    try:
        with handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, storage.file_permissions_mode or 0o644)
        # Atomic on POSIX: readers see no file or the whole file. A concurrent writer of the
        # same hash wrote the same bytes, so whichever rename lands last changes nothing.
        os.replace(handle.name, path)
    except BaseException:
        if os.path.exists(handle.name):
            os.unlink(handle.name)
        raise


def _make_directory(storage: FileSystemStorage, directory: str) -> None:
    """As ``FileSystemStorage._save`` does, honouring FILE_UPLOAD_DIRECTORY_PERMISSIONS."""
    mode = storage.directory_permissions_mode
    if mode is None:
        os.makedirs(directory, exist_ok=True)
        return
    old_umask = os.umask(0o777 & ~mode)
    try:
        os.makedirs(directory, mode, exist_ok=True)
    finally:
        os.umask(old_umask)
