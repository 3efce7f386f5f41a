from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "pqrs.surveys"
    label = "surveys"
