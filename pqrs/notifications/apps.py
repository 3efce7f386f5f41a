from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pqrs.notifications"
    label = "notifications"
