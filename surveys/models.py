from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from complaints.models import Complaint
from customers.models import Customer, Prospect, Vehicle
from customers.validation import RECORDS_START, DateRange
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
        OWNER_LECTURE_FEEDBACK = "owner_lecture_feedback", _("Answer to owner-lecture feedback")
        MONTH_AFTER_PURCHASE = "month_after_purchase", _("Survey callback a month after purchase")
        HALF_YEAR_AFTER_SERVICE = "half_year_after_service", _("Survey callback six months after service")

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
            # The queues' history (done calls, latest first): a page reads its rows down this, two years uncounted.
            models.Index(
                fields=["store", "-completed_at", "-id"],
                condition=Q(completed_at__isnull=False),
                name="callback_done_by_store",
            ),
            # The dissatisfied ones among them, where customer service logs complaints: a few in two years.
            models.Index(
                fields=["store", "-completed_at", "-id"],
                condition=Q(completed_at__isnull=False, reached=True, satisfied=False),
                name="callback_dissatisfied_by_store",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.person}"

    @property
    def person(self):
        """Who to call: the customer, or a showroom prospect who has no customer file yet."""
        return self.customer or self.prospect

    def is_overdue(self, now=None) -> bool:
        return self.completed_at is None and self.due_at < (now or timezone.now())


class SurveyKind(models.TextChoices):
    SSI = "ssi", _("SSI (sales satisfaction)")
    CSI = "csi", _("CSI (service satisfaction)")


class Questionnaire(StoreOwned):
    """One version of a store's SSI or CSI questionnaire; editing makes a new version, surveys keep theirs."""

    kind = models.CharField(_("kind"), max_length=3, choices=SurveyKind)
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        default_related_name = "questionnaires"
        ordering = ["store", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["store", "kind", "version"], name="one_questionnaire_version"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class Question(models.Model):
    """One scored item of a questionnaire version. `code` stays the same across versions (rollups by item)."""

    class Area(models.TextChoices):
        MECHANICAL = "mechanical", _("Mechanical (机电)")
        BODY_PAINT = "body_paint", _("Body and paint (钣喷)")

    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("item code"), max_length=40)
    text = models.CharField(_("question"), max_length=200)
    script = models.TextField(_("call script"), blank=True)
    must_ask = models.BooleanField(_("must be asked"), default=False, help_text=_("Seed 004: every callback asks it."))
    area = models.CharField(_("repair area"), max_length=10, choices=Area, blank=True)
    scale = models.PositiveSmallIntegerField(_("highest score"), default=10)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="one_item_per_questionnaire"),
            models.CheckConstraint(condition=Q(scale__gte=2), name="question_scale_at_least_two"),
        ]

    def __str__(self):
        return self.text


class SurveyQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    def answered(self):
        return self.exclude(answered_at=None)


class Survey(RowVersioned, StoreOwned):
    """A CSI or SSI survey of one delivery (or one closed complaint), answered once by one channel.

    It scores the staff member who served the customer (the advisor or the consultant) and their department.
    `score` is the mean of the answered items, each normalized to 0–100.
    """

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone callback")
        SMS_LINK = "sms_link", _("SMS link (answered by the customer)")
        PAPER = "paper", _("Paper form")
        FACE_TO_FACE = "face_to_face", _("Face to face")

    kind = models.CharField(_("kind"), max_length=3, choices=SurveyKind)
    questionnaire = models.ForeignKey(
        Questionnaire, models.PROTECT, related_name="surveys", verbose_name=_("questionnaire version")
    )
    source = models.CharField(_("what it asks about"), max_length=40, help_text=_("The delivery, e.g. order:17."))
    callback = models.OneToOneField(
        Callback, models.SET_NULL, null=True, blank=True, related_name="survey", verbose_name=_("callback")
    )
    complaint = models.OneToOneField(
        Complaint, models.SET_NULL, null=True, blank=True, related_name="survey", verbose_name=_("complaint")
    )
    customer = models.ForeignKey(Customer, models.PROTECT, related_name="surveys", verbose_name=_("customer"))
    vehicle = models.ForeignKey(
        Vehicle, models.PROTECT, null=True, blank=True, related_name="surveys", verbose_name=_("vehicle")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys_scoring_them",
        verbose_name=_("advisor or consultant"),
    )
    department = models.ForeignKey(
        "organization.Department", models.PROTECT, related_name="surveys", verbose_name=_("department scored")
    )
    visited_on = models.DateField(_("visit or delivery date"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=15, choices=Channel, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        help_text=_("Empty when the customer answered on the public page."),
    )
    score = models.DecimalField(_("score (0–100)"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("customer's comment"), blank=True)
    link_sent_at = models.DateTimeField(_("link sent at"), null=True, blank=True)
    link_expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)
    link_nonce = models.CharField(_("link nonce"), max_length=32, blank=True, help_text=_("A new link replaces it."))

    objects = SurveyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        default_related_name = "surveys"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind"], name="one_survey_per_delivery_and_kind"),
            models.CheckConstraint(
                condition=Q(answered_at=None) | ~Q(channel=""), name="answered_survey_has_a_channel"
            ),
            models.CheckConstraint(
                condition=Q(score=None) | Q(score__gte=0, score__lte=100), name="survey_score_0_to_100"
            ),
        ]
        indexes = [
            models.Index(fields=["store", "answered_at"], condition=~Q(answered_at=None), name="survey_answered"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.customer}"


class Answer(models.Model):
    """One item's score on a survey; `points` is the score normalized to 0–100."""

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="answers", verbose_name=_("survey"))
    question = models.ForeignKey(Question, models.PROTECT, related_name="answers", verbose_name=_("question"))
    score = models.PositiveSmallIntegerField(_("score"))
    points = models.DecimalField(_("points (0–100)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["survey", "question"], name="one_answer_per_question"),
            models.CheckConstraint(condition=Q(points__gte=0, points__lte=100), name="answer_points_0_to_100"),
        ]

    def __str__(self):
        return f"{self.question} · {self.score}"


# s-surveys: the public survey page's per-address rate limit.


class SurveyPageRequest(models.Model):
    """One request to the public survey page, counted per client address for its rate limit (every worker sees it)."""

    address = models.GenericIPAddressField(_("client address"), null=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("public survey page request")
        verbose_name_plural = _("public survey page requests")
        indexes = [models.Index(fields=["address", "at"], name="survey_page_request_by_address")]

    def __str__(self):
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"


class SatisfactionRollup(StoreOwned):
    """One row of the satisfaction report: a store, department or staff member's figures for a week, month or quarter.

    Rebuilt whole by surveys.rollup (a period's rows are deleted and inserted again), never edited.
    Callback figures are the store's (customer service's satisfaction callbacks); department and staff rows leave them
    empty.
    """

    class Period(models.TextChoices):
        WEEK = "week", _("Week")
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    class Level(models.TextChoices):
        STORE = "store", _("Store")
        DEPARTMENT = "department", _("Department")
        STAFF = "staff", _("Advisor or consultant")

    kind = models.CharField(_("kind"), max_length=3, choices=SurveyKind)
    period = models.CharField(_("period"), max_length=7, choices=Period)
    period_start = models.DateField(_("first day"))
    level = models.CharField(_("level"), max_length=10, choices=Level)
    department = models.ForeignKey(
        "organization.Department", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advisor or consultant"),
    )
    responses = models.PositiveIntegerField(_("surveys answered"))
    mean_score = models.DecimalField(_("mean score"), max_digits=5, decimal_places=2, null=True)
    change = models.DecimalField(_("change on the previous period"), max_digits=6, decimal_places=2, null=True)
    callbacks_due = models.PositiveIntegerField(_("callbacks due"), null=True)
    callbacks_reached = models.PositiveIntegerField(_("callbacks reached"), null=True)
    surveys_completed = models.PositiveIntegerField(_("surveys completed on those callbacks"), null=True)
    callback_success_rate = models.DecimalField(
        _("callback success rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    survey_completion_rate = models.DecimalField(
        _("survey completion rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("satisfaction rollup")
        verbose_name_plural = _("satisfaction rollups")
        default_related_name = "satisfaction_rollups"
        ordering = ["store", "kind", "period", "-period_start", "level"]
        indexes = [
            models.Index(fields=["store", "kind", "period", "period_start"], name="rollup_for_dashboard"),
            models.Index(fields=["period", "period_start"], name="rollup_by_period"),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} · {self.get_period_display()} {self.period_start} · {self.get_level_display()}"
        )


# s-queues: each call logged, and the script customer service reads for each kind of callback.
class CallbackAttempt(models.Model):
    """One call made for a callback: who, when, whether the customer was reached, what was said."""

    callback = models.ForeignKey(Callback, models.CASCADE, related_name="attempt_log", verbose_name=_("callback"))
    at = models.DateTimeField(_("called at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("called by"))
    reached = models.BooleanField(_("reached the customer"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("callback attempt")
        verbose_name_plural = _("callback attempts")
        ordering = ["callback", "at", "pk"]

    def __str__(self):
        return f"{self.callback_id} · {self.at:%Y-%m-%d %H:%M}"


class CallScript(StoreOwned):
    """What customer service says on one kind of callback at one store, written by the customer-service head."""

    kind = models.CharField(_("kind"), max_length=30, choices=Callback.Kind)
    text = models.TextField(_("call script"), max_length=4000)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call script")
        verbose_name_plural = _("call scripts")
        default_related_name = "call_scripts"
        ordering = ["store", "kind"]
        constraints = [models.UniqueConstraint(fields=["store", "kind"], name="one_call_script_per_store_and_kind")]

    def __str__(self):
        return self.get_kind_display()


# --- s-plans: OEM scores entered by hand, improvement plans (CSI提升行动计划表, PDCA) ---


class OemItemKind(models.TextChoices):
    CSI = "csi", _("CSI item")
    SSI = "ssi", _("SSI item")
    MYSTERY_SHOPPER = "mystery_shopper", _("Mystery-shopper item (神秘客)")
    INSPECTION = "inspection", _("Inspection item (明检)")


QUARTER_STARTS = Q(quarter__day=1, quarter__month__in=[1, 4, 7, 10])


class OemScore(StoreOwned):
    """One item of the OEM's quarterly scores, typed in by hand (seed 004: 明检, 神秘客, CSI, SSI)."""

    quarter = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    kind = models.CharField(_("item kind"), max_length=20, choices=OemItemKind)
    code = models.SlugField(_("item code"), max_length=40)
    name = models.CharField(_("item"), max_length=100)
    score = models.DecimalField(_("store's score"), max_digits=5, decimal_places=2)
    national_average = models.DecimalField(_("national average"), max_digits=5, decimal_places=2)
    region_average = models.DecimalField(_("sub-region (小区) average"), max_digits=5, decimal_places=2)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="oem_items", verbose_name=_("item owner")
    )
    department = models.ForeignKey(
        "organization.Department", models.PROTECT, related_name="oem_scores", verbose_name=_("department")
    )
    lost_by_management_or_staff = models.BooleanField(
        _("points lost through management or staff"),
        default=False,
        help_text=_("Seed 004 fines only the points lost through management or staff."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("OEM score")
        verbose_name_plural = _("OEM scores")
        default_related_name = "oem_scores"
        ordering = ["quarter", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["store", "quarter", "kind", "code"], name="one_oem_item_per_quarter"),
            models.CheckConstraint(condition=QUARTER_STARTS, name="oem_score_quarter_starts_a_quarter"),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100, national_average__gte=0, national_average__lte=100)
                & Q(region_average__gte=0, region_average__lte=100),
                name="oem_score_within_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.quarter:%Y}Q{(self.quarter.month + 2) // 3} {self.name}"


# A weekly or monthly focus item is set at that week's or month's meeting, for this period or one ahead.
FOCUS_DAY = DateRange(RECORDS_START.date(), years_ahead=1, too_late=_("Plan a focus item at most a year ahead."))
PERIOD_STARTS = (
    Q(horizon="week", period_start__week_day=2)  # a Monday
    | Q(horizon="month", period_start__day=1)
    | Q(horizon="quarter", period_start__day=1, period_start__month__in=[1, 4, 7, 10])
)


class ImprovementActionQuerySet(StoreScopedQuerySet):
    def open(self):
        return self.exclude(status=ImprovementAction.Status.ACT)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


class ImprovementAction(StoreOwned):
    """One line of the store's CSI提升行动计划表, worked through plan → do → check → act (PDCA, seed 004)."""

    class Source(models.TextChoices):
        INSPECTION_LOST = "inspection_lost", _("Inspection item that lost points")
        BELOW_AVERAGE = "below_average", _("Item below the national or sub-region average")
        DEPARTMENT_BELOW_TARGET = "department_below_target", _("Department below its monthly target")
        FOCUS = "focus", _("Focus item of a weekly or monthly meeting")

    class Horizon(models.TextChoices):
        QUARTER = "quarter", _("Quarterly")
        MONTH = "month", _("Monthly")
        WEEK = "week", _("Weekly")

    class Status(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        CHECK = "check", _("Check")
        ACT = "act", _("Act (closed)")

    source_kind = models.CharField(_("source"), max_length=30, choices=Source)
    source = models.CharField(_("source key"), max_length=60, help_text=_("What raised it, e.g. oem:12."))
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon)
    period_start = models.DateField(_("period"))
    title = models.CharField(_("what to improve"), max_length=200)
    oem_score = models.ForeignKey(
        OemScore, models.PROTECT, null=True, blank=True, related_name="actions", verbose_name=_("OEM item")
    )
    department = models.ForeignKey(
        "organization.Department", models.PROTECT, null=True, blank=True, verbose_name=_("department")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="improvement_actions", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLAN)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        default_related_name = "improvement_actions"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "source"], name="one_improvement_action_per_source"),
            models.CheckConstraint(
                condition=Q(status="act", closed_at__isnull=False) | (~Q(status="act") & Q(closed_at=None)),
                name="improvement_action_closed_when_acted",
            ),
            models.CheckConstraint(condition=PERIOD_STARTS, name="improvement_action_period_starts_its_period"),
            models.CheckConstraint(
                condition=~Q(source_kind="focus") | Q(horizon__in=["week", "month"]),
                name="focus_item_weekly_or_monthly",
            ),
            models.CheckConstraint(condition=FOCUS_DAY.stored("due_on"), name="improvement_action_due_on_in_range"),
        ]

    def __str__(self):
        return self.title

    def period_label(self) -> str:
        """The week, month or quarter the action belongs to, as the meetings name it: 2026-W28, 2026-07, 2026Q3."""
        if self.horizon == self.Horizon.WEEK:
            year, week, _day = self.period_start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.horizon == self.Horizon.MONTH:
            return f"{self.period_start:%Y-%m}"
        return f"{self.period_start:%Y}Q{(self.period_start.month + 2) // 3}"


class ImprovementNote(models.Model):
    """A review note on an action (append-only): who, when, and the status it left the action in."""

    action = models.ForeignKey(ImprovementAction, models.CASCADE, related_name="notes", verbose_name=_("action"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=ImprovementAction.Status)
    text = models.TextField(_("review note"))

    class Meta:
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        ordering = ["written_at", "pk"]

    def __str__(self):
        return self.text
