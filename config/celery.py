"""The Celery application. Broker by URL: a file-system transport for the embedded default
(no server to install), Redis or RabbitMQ in production."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pqrs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
