"""The one domain error type. Services raise it for business-rule violations; views and the API
turn its (translated) message into a clear answer for the user."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation. Nothing was changed.

    ``code`` is stable for programs (API clients, tests); ``message`` is for people.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
