"""The entity that runs this service, as its documents name it.

One row, edited by an administrator in the Django admin and read through
``pqrs.core.selectors.entity``: the portal, the constancia, the receipt e-mail, answer letters
and template variables all print the same name and contact data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ENTITY_PK = 1


class Entity(models.Model):
    """The entity's public identity (one row, primary key 1)."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As it should appear on letters, receipts and the public site."),
    )
    nit = models.CharField(_("NIT"), max_length=20, blank=True)
    postal_address = models.CharField(
        _("postal address"),
        max_length=300,
        blank=True,
        help_text=_("Where petitioners can send or bring letters."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=ENTITY_PK), name="entity_single_row"),
        ]
        verbose_name = _("entity")
        verbose_name_plural = _("entity")

    def __str__(self) -> str:
        return self.name

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in (self.postal_address, self.city) if part)

    @property
    def contact_line(self) -> str:
        """NIT, address, phone, e-mail and website on one line, for letterheads and footers
        (what is blank is left out)."""
        parts = [
            gettext("NIT %(nit)s") % {"nit": self.nit} if self.nit else "",
            self.address_line,
            gettext("Phone %(phone)s") % {"phone": self.phone} if self.phone else "",
            self.email,
            self.website,
        ]
        return " · ".join(part for part in parts if part)
