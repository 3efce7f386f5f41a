from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "pqrs.cases"
    label = "cases"
