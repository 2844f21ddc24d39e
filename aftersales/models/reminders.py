from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentReminder(models.Model):
    """The call and SMS to confirm an appointment, one day and one hour before its slot (one row per kind)."""

    class Kind(models.TextChoices):
        DAY = "day", _("One day before")
        HOUR = "hour", _("One hour before")

    appointment = models.ForeignKey(
        "aftersales.Appointment", models.CASCADE, related_name="reminders", verbose_name=_("appointment")
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind)
    due_at = models.DateTimeField(_("due at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    message = models.ForeignKey(
        "organization.OutboundMessage",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )

    class Meta:
        verbose_name = _("appointment reminder")
        verbose_name_plural = _("appointment reminders")
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["appointment", "kind"], name="one_reminder_per_kind")]
        indexes = [
            models.Index(fields=["due_at"], condition=models.Q(sent_at=None), name="reminder_waiting_due"),
        ]

    def __str__(self):
        return f"{self.appointment} {self.get_kind_display()}"
