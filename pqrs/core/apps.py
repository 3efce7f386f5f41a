from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pqrs.core"
    label = "core"
    # The admin lists the entity's identity under this heading.
    verbose_name = _("Entity")
