"""Text from the public shown to staff and petitioners.

Bidirectional control characters (U+202A to U+202E embeddings and overrides, U+2066 to U+2069
isolates, the marks U+200E, U+200F and U+061C) reorder what follows them on screen: a file
named "factura" + U+202E + "fdp.exe" shows as "facturaexe.pdf", a name can hide its real letters.
They are kept as received (the record is the record) and removed wherever a name, subject,
text or file name is shown: pages, PDFs and download file names. Without them right-to-left
scripts still show in their own order; only the forcing is lost.
"""

from __future__ import annotations

BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
_REMOVE = {ord(ch): None for ch in BIDI_CONTROLS}


def without_bidi_controls(value: str) -> str:
    """``value`` without the characters that reorder text on display."""
    return value.translate(_REMOVE)
