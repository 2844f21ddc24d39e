from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from complaints.models import Complaint
from customers.models import Customer, Prospect, Vehicle
from organization.concurrency import RowVersioned, RowVersionedQuerySet
from organization.models import PolicySet
from organization.roles import Role
from organization.scoping import StoreOwned, StoreScopedQuerySet


class CallbackQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    def open(self):
        return self.filter(completed_at=None)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def on_list_of(self, user):
        """A person's callbacks; customer service also sees the store's unassigned ones."""
        mine = Q(owner=user)
        if Role.CUSTOMER_SERVICE in user.roles:
            mine |= Q(owner=None)
        return self.visible_to(user).filter(mine)


class Callback(RowVersioned, StoreOwned):
    """A call to make to a customer by a due time (回访), created from a business event by policy."""

    class Kind(models.TextChoices):
        SALES_FIRST = "sales_first", _("Sales callback (first)")
        SALES_SECOND = "sales_second", _("Sales callback (second)")
        SALES_AFTER_SALES_INTRO = "sales_after_sales_intro", _("Sales call introducing after-sales service")
        SERVICE_FOLLOW_UP = "service_follow_up", _("Service follow-up callback")
        SATISFACTION_SURVEY = "satisfaction_survey", _("Customer-service satisfaction callback")
        VIP_CARE = "vip_care", _("VIP care callback")
        PROSPECT_SAMPLE = "prospect_sample", _("Showroom prospect sample call")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="callbacks",
        verbose_name=_("owner"),
    )
    customer = models.ForeignKey(
        Customer, models.PROTECT, null=True, blank=True, related_name="callbacks", verbose_name=_("customer")
    )
    prospect = models.ForeignKey(
        Prospect, models.CASCADE, null=True, blank=True, related_name="callbacks", verbose_name=_("prospect")
    )
    vehicle = models.ForeignKey(
        Vehicle, models.PROTECT, null=True, blank=True, related_name="callbacks", verbose_name=_("vehicle")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    source = models.CharField(_("source"), max_length=40, help_text=_("The event this callback follows."))
    policy = models.ForeignKey(PolicySet, models.PROTECT, verbose_name=_("policy version"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    reached = models.BooleanField(_("reached the customer"), null=True)
    satisfied = models.BooleanField(_("satisfied"), null=True)
    notes = models.TextField(_("notes"), blank=True)
    # A dissatisfied outcome logged as a complaint: set with the complaint, in the same transaction.
    complaint = models.OneToOneField(
        Complaint,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="found_on_callback",
        verbose_name=_("complaint logged from this call"),
    )

    objects = CallbackQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind"], name="one_callback_per_event_and_kind"),
            models.CheckConstraint(
                condition=Q(customer__isnull=False) | Q(prospect__isnull=False), name="callback_has_someone_to_call"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "due_at"], condition=Q(completed_at=None), name="callback_open_by_owner"),
            models.Index(fields=["store", "due_at"], condition=Q(completed_at=None), name="callback_open_by_store"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.person}"

    @property
    def person(self):
        """Who to call: the customer, or a showroom prospect who has no customer file yet."""
        return self.customer or self.prospect

    def is_overdue(self, now=None) -> bool:
        return self.completed_at is None and self.due_at < (now or timezone.now())
