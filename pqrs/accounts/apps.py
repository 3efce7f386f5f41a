from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pqrs.accounts"
    label = "accounts"
    verbose_name = "Users and areas"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the system checks
            sessions,  # noqa: F401 - connects the log-in signal receiver
        )
