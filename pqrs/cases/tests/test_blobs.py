"""Attachment content stored once by its hash (issue 8 item 5): concurrent writers of the same
content leave one complete file, never a copy with a suffix nor a half-written file."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage

from pqrs.cases.blobs import blob_name, blob_store

SIZE = 16 * 1024 * 1024


@pytest.fixture
def busy_threads() -> Iterator[None]:
    """Threads switch often, so the watcher gets to look while a writer writes."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def test_concurrent_writers_of_the_same_content_leave_one_complete_file(tmp_path, busy_threads):
    storage = FileSystemStorage(location=tmp_path)
    content = os.urandom(SIZE)
    sha = hashlib.sha256(content).hexdigest()
    path = Path(storage.path(blob_name(sha)))
    start = threading.Barrier(9)
    done = threading.Event()
    names: list[str] = []
    partial: list[int] = []

    def write() -> None:
        start.wait()
        names.append(blob_store(content=content, sha256=sha, storage=storage))

    def watch() -> None:
        start.wait()
        while not done.is_set():
            if path.exists() and (size := path.stat().st_size) != SIZE:
                partial.append(size)

    watcher = threading.Thread(target=watch)
    writers = [threading.Thread(target=write) for _ in range(8)]
    watcher.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=60)
    done.set()
    watcher.join(timeout=10)
    assert names == [blob_name(sha)] * 8
    assert partial == [], "a half-written blob was visible"
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [path]
    assert path.read_bytes() == content


def test_a_stored_blob_is_not_written_again(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    content = b"%PDF-1.4 the same"
    sha = hashlib.sha256(content).hexdigest()
    name = blob_store(content=content, sha256=sha, storage=storage)
    before = os.stat(storage.path(name)).st_mtime_ns
    assert blob_store(content=content, sha256=sha, storage=storage) == name
    assert os.stat(storage.path(name)).st_mtime_ns == before
