"""How long the free text people write may be: one place for the forms, which say it next to
the field (and set the browser's ``maxlength``), and for the services, which refuse longer
text, so no other way in (an API client, a command) gets past the forms.

The portal's request text has always taken 20,000 characters, some ten pages: more than any
letter, less than what pasting a file by mistake (or an attack on storage and rendering)
produces. Where a column bounds a field, its limit is the column's.
"""

from __future__ import annotations

# A request, an answer, a notice or letter to the petitioner, a note, a recorded reply.
TEXT_MAX_LENGTH = 20_000
# A reason, a review comment, what the petitioner said when withdrawing: a few sentences.
REASON_MAX_LENGTH = 2_000
# One line: a case's subject (``Case.subject``).
SUBJECT_MAX_LENGTH = 300
# A person's or an entity's name (``Contact.full_name``; the entity a case is transferred to).
NAME_MAX_LENGTH = 200
