from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pqrs.core"
    label = "core"
