from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.concurrency import RowVersioned, RowVersionedQuerySet


class Preparation(RowVersioned):
    """The day-before preparation checklist of an appointment (seed 002)."""

    class WelcomeBy(models.TextChoices):
        NAME = "name", _("Customer's name")
        PLATE = "plate", _("Plate")

    appointment = models.OneToOneField(
        "aftersales.Appointment", models.CASCADE, related_name="preparation", verbose_name=_("appointment")
    )
    parts_on_shelf = models.BooleanField(_("parts reserved on the dedicated shelf"), default=False)
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technician"),
    )
    bay = models.CharField(_("bay"), max_length=20, blank=True)
    tools_and_documents_checked = models.BooleanField(_("tools and documents checked"), default=False)
    customer_file_pulled = models.BooleanField(_("customer file pulled"), default=False)
    welcome_by = models.CharField(_("welcome board shows"), max_length=5, choices=WelcomeBy, default=WelcomeBy.NAME)
    welcome_board_ready = models.BooleanField(_("welcome board ready"), default=False)

    objects = RowVersionedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("preparation checklist")
        verbose_name_plural = _("preparation checklists")

    def __str__(self):
        return str(self.appointment)

    def items_done(self) -> int:
        """How many of the six checklist items are done."""
        return sum(
            [
                self.parts_on_shelf,
                self.technician_id is not None,
                bool(self.bay),
                self.tools_and_documents_checked,
                self.customer_file_pulled,
                self.welcome_board_ready,
            ]
        )
