from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "pqrs.documents"
    label = "documents"
