from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "pqrs.desk"
    label = "desk"
