import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models.catalog import JobType
from organization.scoping import StoreOwned


class BookingCode(StoreOwned):
    """A customer's online booking waiting for the SMS code they were sent: what they picked, and the code's hash.

    The code itself is never stored here; it is single-use (`used_at`), expires, and allows a few wrong tries.
    The rows also count the codes sent per mobile and per client address for the rate limits.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    job_type = models.CharField(_("service"), max_length=20, choices=JobType)
    slot_start = models.DateTimeField(_("slot"))
    name = models.CharField(_("name"), max_length=50)
    plate = models.CharField(_("plate"), max_length=10)
    mobile = models.CharField(_("mobile"), max_length=20)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    code_hash = models.CharField(_("code hash"), max_length=128)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    wrong_tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    appointment = models.OneToOneField(
        "aftersales.Appointment",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="booking_code",
        verbose_name=_("appointment"),
    )

    class Meta:
        default_related_name = "booking_codes"
        verbose_name = _("booking code")
        verbose_name_plural = _("booking codes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["mobile", "created_at"], name="booking_code_mobile_sent"),
            models.Index(fields=["client_address", "created_at"], name="booking_code_address_sent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="booking_code_expires"),
        ]

    def __str__(self):
        return f"{self.plate} {timezone.localtime(self.slot_start):%Y-%m-%d %H:%M}"
