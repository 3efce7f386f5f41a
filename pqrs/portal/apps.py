from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pqrs.portal"
    label = "portal"
