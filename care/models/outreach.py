"""Broadcasts to owners and owner lectures (车主讲堂), seed 000's care plan (SPEC section 3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, FleetAccount
from customers.validation import RECORDS_START, DateRange
from organization.scoping import StoreOwned


class BroadcastKind(models.TextChoices):
    PROMOTION = "promotion", _("Promotion")
    OWNER_EVENT = "owner_event", _("Owner event")
    WEATHER_WARNING = "weather_warning", _("Severe-weather warning")
    GEOLOGICAL_WARNING = "geological_warning", _("Geological-hazard warning")


class Audience(models.TextChoices):
    STORE = "store", _("Every owner of the store")
    MODEL = "model", _("Owners of one model")
    FLEET = "fleet", _("One fleet")


class Broadcast(StoreOwned):
    """One SMS sent to a chosen group of owners; its messages sit in the outbox, marked with its pk."""

    kind = models.CharField(_("kind"), max_length=20, choices=BroadcastKind)
    audience = models.CharField(_("sent to"), max_length=10, choices=Audience)
    model_name = models.CharField(_("model"), max_length=50, blank=True)
    fleet = models.ForeignKey(
        FleetAccount, models.PROTECT, null=True, blank=True, related_name="broadcasts", verbose_name=_("fleet")
    )
    text = models.CharField(_("text"), max_length=300)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        default_related_name = "broadcasts"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience="store", model_name="", fleet=None)
                | Q(audience="model", fleet=None) & ~Q(model_name="")
                | Q(audience="fleet", model_name="", fleet__isnull=False),
                name="broadcast_audience_names_its_group",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.sent_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("care:broadcast_detail", args=[self.pk])


LECTURE_DAY = DateRange(RECORDS_START.date(), years_ahead=1, too_late=_("Plan a lecture at most a year ahead."))


class OwnerLecture(StoreOwned):
    """An owner lecture (车主讲堂, seed 000: twice a month)."""

    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=100)
    speaker = models.CharField(_("speaker"), max_length=50)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("owner lecture")
        verbose_name_plural = _("owner lectures")
        default_related_name = "owner_lectures"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["store", "-held_on"], name="lecture_store_newest")]
        constraints = [models.CheckConstraint(condition=LECTURE_DAY.stored("held_on"), name="lecture_day_in_range")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} · {self.topic}"

    def get_absolute_url(self):
        return reverse("care:lecture_detail", args=[self.pk])


class LectureAttendance(models.Model):
    """A customer of the lecture's store who attended it."""

    lecture = models.ForeignKey(OwnerLecture, models.CASCADE, related_name="attendances", verbose_name=_("lecture"))
    customer = models.ForeignKey(
        Customer, models.PROTECT, related_name="lecture_attendances", verbose_name=_("customer")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("lecture attendee")
        verbose_name_plural = _("lecture attendees")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["lecture", "customer"], name="one_attendance_per_customer")]

    def __str__(self):
        return f"{self.customer} · {self.lecture}"


SCORE = Q(content_score__range=(1, 5), speaker_score__range=(1, 5), usefulness_score__range=(1, 5))


class LectureEvaluation(models.Model):
    """An attendee's evaluation form (讲堂测评表): a score per question, and free feedback or a question."""

    attendance = models.OneToOneField(
        LectureAttendance, models.CASCADE, related_name="evaluation", verbose_name=_("attendee")
    )
    content_score = models.PositiveSmallIntegerField(_("content"))
    speaker_score = models.PositiveSmallIntegerField(_("speaker"))
    usefulness_score = models.PositiveSmallIntegerField(_("usefulness for my car"))
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)
    question = models.CharField(_("question to answer"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("lecture evaluation")
        verbose_name_plural = _("lecture evaluations")
        constraints = [models.CheckConstraint(condition=SCORE, name="lecture_scores_one_to_five")]

    def __str__(self):
        return str(self.attendance)

    @property
    def source(self) -> str:
        """The event source of the callback that answers this evaluation's feedback or question."""
        return f"lecture-evaluation:{self.pk}"

    @property
    def needs_answer(self) -> bool:
        return bool(self.feedback or self.question)
