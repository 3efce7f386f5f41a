from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "pqrs.deadlines"
    label = "deadlines"
