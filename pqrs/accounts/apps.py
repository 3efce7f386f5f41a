from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pqrs.accounts"
    label = "accounts"
    verbose_name = "Users and areas"
