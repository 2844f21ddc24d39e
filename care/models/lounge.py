"""The customer lounge (seed 000 part 2): the daily checklist, violations with their fines, lost property."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.validation import stored_moment
from organization.concurrency import RowVersioned, RowVersionedQuerySet
from organization.scoping import StoreOwned, StoreScopedQuerySet


class LoungeGroup(models.TextChoices):
    HYGIENE = "hygiene", _("Hygiene")
    ASSETS = "assets", _("Assets")
    CONDUCT = "conduct", _("Conduct")
    SERVICE = "service", _("Service")


class LoungeItem(models.Model):
    """One line of the group's lounge checklist (seeded by care/migrations from seed 000); counted where the seed
    gives a number: at least `at_least` times a day, or at most `at_most` (butts in an ashtray)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    group = models.CharField(_("group"), max_length=10, choices=LoungeGroup)
    label = models.CharField(_("item"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))
    at_least = models.PositiveSmallIntegerField(_("at least"), null=True, blank=True)
    at_most = models.PositiveSmallIntegerField(_("at most"), null=True, blank=True)
    fine_yuan = models.DecimalField(
        _("fine (CNY)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the store's policy fine per lounge violation."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("lounge checklist item")
        verbose_name_plural = _("lounge checklist items")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def counted(self) -> bool:
        return self.at_least is not None or self.at_most is not None

    def count_is_short(self, count: int | None) -> bool:
        """A count outside the item's bounds (or none given) falls short."""
        if count is None:
            return True
        return (self.at_least is not None and count < self.at_least) or (
            self.at_most is not None and count > self.at_most
        )


class LoungeChecklistQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    pass


class LoungeChecklist(RowVersioned, StoreOwned):
    """A store's lounge checklist of one day, ticked by the lounge staff."""

    day = models.DateField(_("day"))
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ticked by")
    )
    ticked_at = models.DateTimeField(_("ticked at"), null=True, blank=True)

    objects = LoungeChecklistQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lounge checklist")
        verbose_name_plural = _("lounge checklists")
        default_related_name = "lounge_checklists"
        constraints = [models.UniqueConstraint(fields=["store", "day"], name="one_lounge_checklist_per_store_day")]


class LoungeCheck(models.Model):
    """One item of a day's checklist: done or not, with the count where the item is counted."""

    checklist = models.ForeignKey(LoungeChecklist, models.CASCADE, related_name="checks")
    item = models.ForeignKey(LoungeItem, models.PROTECT, related_name="+")
    done = models.BooleanField(_("done"))
    count = models.PositiveSmallIntegerField(_("count"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checklist", "item"], name="one_check_per_lounge_item")]

    def __str__(self):
        return f"{self.item} · {self.count if self.count is not None else self.done}"


class LoungeViolation(StoreOwned):
    """A breach of the lounge rules on a day's checklist, fined to the named staff member."""

    checklist = models.ForeignKey(LoungeChecklist, models.PROTECT, related_name="violations")
    item = models.ForeignKey(LoungeItem, models.PROTECT, related_name="+", verbose_name=_("item"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="lounge_violations", verbose_name=_("staff member")
    )
    fine = models.DecimalField(_("fine (CNY)"), max_digits=8, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lounge violation")
        verbose_name_plural = _("lounge violations")
        default_related_name = "lounge_violations"
        ordering = ["-recorded_at", "-pk"]


class LostProperty(StoreOwned):
    """Something a customer left in the lounge: found, reported to a manager, returned against a signature."""

    description = models.CharField(_("what"), max_length=200)
    found_where = models.CharField(_("where"), max_length=200)
    found_at = models.DateTimeField(_("found at"))
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("found by"))
    reported_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported to"),
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    returned_to = models.CharField(_("customer's signature"), max_length=100, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lost property")
        verbose_name_plural = _("lost property")
        default_related_name = "lost_property"
        ordering = ["-found_at", "-pk"]
        constraints = [models.CheckConstraint(condition=stored_moment("found_at"), name="lost_property_found_in_range")]

    def __str__(self):
        return self.description
