"""The complaint tracking form (《客户投诉处理跟踪表》) and the records its handling leaves (SPEC section 5).

A complaint is one round of the form; an objection at the satisfaction callback opens the next round, a new
Complaint linked to the first (`first_round`). Its milestones are the deadlines of its route and severity
(complaints/routes.py); the sweep (complaints/enforcement.py) records each missed one as a Breach, once, and every
timer event in the append-only TimerEvent ledger. Every step people take is a Transition (the timeline).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.models import RepairOrder
from customers.models import Customer, Vehicle, VehicleSale
from organization.concurrency import RowVersioned, RowVersionedQuerySet
from organization.models import Department, PolicySet
from organization.scoping import StoreOwned, StoreScopedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}


class Route(models.TextChoices):
    FRONT_DESK = "front_desk", _("Route A: after-sales front-desk chain")
    CALLBACK = "callback", _("Route B: callback-complaint standard")


class Severity(models.TextChoices):
    GRUMBLE = "grumble", _("Grumble (抱怨)")
    GENERAL = "general", _("General (一般)")
    MAJOR = "major", _("Major (重大)")


class Stage(models.TextChoices):
    LOGGED = "logged", _("Logged, to hand over")
    FIRST_HANDLING = "first_handling", _("First handling (front-desk supervisor)")
    DISPATCH = "dispatch", _("Review and dispatch (after-sales manager)")
    HANDLING = "handling", _("Handling by the departments")
    SUMMARY = "summary", _("Summary (after-sales manager)")
    CALLBACK = "callback", _("Satisfaction callback")
    GM_FINAL = "gm_final", _("GM's final instruction")
    ARCHIVING = "archiving", _("To archive")
    ARCHIVED = "archived", _("Archived")
    OBJECTED = "objected", _("Objected: continued in the next round")


OPEN_STAGES = [stage for stage in Stage.values if stage not in (Stage.ARCHIVED, Stage.OBJECTED)]


class ComplaintQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    def open(self):
        return self.filter(stage__in=OPEN_STAGES)

    def counted(self):
        """Complaints that count in penalty statistics: first rounds not voided by an upheld appeal."""
        return self.filter(first_round=None, voided_at=None)


class Complaint(RowVersioned, StoreOwned):
    class Source(models.TextChoices):
        CALLBACK = "callback", _("Callback")
        PHONE = "phone", _("Phone")
        WALK_IN = "walk_in", _("Walk-in")
        LETTER = "letter", _("Letter")
        SMS = "sms", _("SMS")
        ONLINE = "online", _("Online")
        SURVEY = "survey", _("Survey")

    class Category(models.TextChoices):
        VALID = "valid", _("Valid complaint (有效投诉)")
        VAGUE = "vague", _("Vague complaint (客户抱怨)")
        RELATED_OTHER_FAULT = "related_fault", _("Related: a fault other than this repair")
        RELATED_VEHICLE = "related_vehicle", _("Related: the vehicle itself")
        RELATED_OTHER = "related_other", _("Related: other")

    class Channel(models.TextChoices):
        FACE_TO_FACE = "face_to_face", _("Face to face or phone")
        WRITTEN = "written", _("Letter or SMS (非面对面)")

    class Loss(models.TextChoices):
        NONE = "none", _("No loss")
        IMPLICIT = "implicit", _("Implicit loss (隐性)")
        EXPLICIT = "explicit", _("Explicit loss (显性)")

    class RootCause(models.TextChoices):
        PERSONAL_ABILITY = "personal_ability", _("Personal ability")
        VEHICLE_KNOWLEDGE = "vehicle_knowledge", _("Vehicle knowledge")
        PROCESS = "process", _("Process")
        PRODUCT_QUALITY = "product_quality", _("Product quality")
        OTHER = "other", _("Other")

    class Technique(models.TextChoices):
        MECHANICAL = "mechanical", _("Mechanical (机电)")
        BODY_PAINT = "body_paint", _("Body and paint (钣喷)")

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        OBJECTED = "objected", _("Objected")

    # What the customer said, and about what.
    customer = models.ForeignKey(Customer, models.PROTECT, related_name="complaints", verbose_name=_("customer"))
    vehicle = models.ForeignKey(
        Vehicle, models.PROTECT, null=True, blank=True, related_name="complaints", verbose_name=_("vehicle")
    )
    repair_order = models.ForeignKey(
        RepairOrder, models.PROTECT, null=True, blank=True, related_name="complaints", verbose_name=_("repair order")
    )
    sale = models.ForeignKey(
        VehicleSale, models.PROTECT, null=True, blank=True, related_name="complaints", verbose_name=_("sale")
    )
    source = models.CharField(_("source"), max_length=12, choices=Source)
    category = models.CharField(_("category"), max_length=16, choices=Category)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity)
    channel = models.CharField(_("channel"), max_length=14, choices=Channel, default=Channel.FACE_TO_FACE)
    route = models.CharField(_("route"), max_length=12, choices=Route)
    description = models.TextField(_("what the customer said"))
    technique = models.CharField(
        _("repair technique"), max_length=12, choices=Technique, blank=True, help_text=_("For workshop complaints.")
    )

    # Who and when. raised_at is when the customer voiced it; every route-B clock counts from it.
    raised_at = models.DateTimeField(_("raised at"))
    logged_at = models.DateTimeField(_("logged at"), default=timezone.now)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="complaints_logged", verbose_name=_("logged by")
    )
    customer_service = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="complaints_followed",
        verbose_name=_("customer-service specialist"),
        help_text=_("Owns the hand-over, the satisfaction callback and the archive."),
    )
    departments = models.ManyToManyField(
        Department, through="ComplaintDepartment", related_name="complaints", verbose_name=_("departments involved")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_responsible",
        verbose_name=_("responsible person (负责人)"),
    )
    at_fault = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="complaints_at_fault",
        verbose_name=_("staff at fault (责任人)"),
    )
    policy = models.ForeignKey(PolicySet, models.PROTECT, verbose_name=_("policy version"))

    # The handling, stage by stage.
    stage = models.CharField(_("stage"), max_length=16, choices=Stage, default=Stage.LOGGED)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    supervisor_analysis = models.TextField(_("front-desk supervisor's analysis"), blank=True)
    manager_analysis = models.TextField(_("after-sales manager's analysis"), blank=True)
    summary = models.TextField(_("manager's summary"), blank=True)
    plan = models.TextField(_("handling plan"), blank=True)
    agreed_at = models.DateTimeField(_("agreement with the customer at"), null=True, blank=True)
    verdict = models.CharField(_("customer's verdict"), max_length=10, choices=Verdict, blank=True)
    callback_result = models.TextField(_("satisfaction-callback result"), blank=True)
    improvement = models.TextField(_("improvement measures (改善措施)"), blank=True)
    loss = models.CharField(_("loss"), max_length=10, choices=Loss, default=Loss.NONE)
    root_cause = models.CharField(_("root cause"), max_length=20, choices=RootCause, blank=True)
    training_action = models.TextField(_("training action"), blank=True)
    gm_instruction = models.TextField(_("GM's instruction (批示)"), blank=True)
    gm_instructed_at = models.DateTimeField(_("GM's instruction at"), null=True, blank=True)
    gm_final_instruction = models.TextField(_("GM's final instruction"), blank=True)
    gm_final_at = models.DateTimeField(_("GM's final instruction at"), null=True, blank=True)
    reported_to_oem_on = models.DateField(_("reported to the OEM region on (上报大区)"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    # Rounds: an objection at the callback continues in a new form linked to the first.
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    first_round = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="later_rounds", verbose_name=_("first round")
    )
    previous_round = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="next_round", verbose_name=_("previous round")
    )
    # An appeal the GM upheld: kept, but no longer counted in penalty statistics.
    voided_at = models.DateTimeField(_("voided by appeal at"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        default_related_name = "complaints"
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(condition=Q(round__gte=1), name="complaint_round_from_one"),
            models.CheckConstraint(
                condition=Q(round=1, first_round=None) | Q(round__gt=1, first_round__isnull=False),
                name="complaint_later_round_links_first",
            ),
            models.CheckConstraint(
                condition=Q(logged_at__gte=models.F("raised_at")), name="complaint_logged_after_raised"
            ),
        ]
        indexes = [
            models.Index(fields=["store", "raised_at"], name="complaint_store_raised"),
            models.Index(
                fields=["store", "stage"], condition=~Q(stage__in=["archived", "objected"]), name="complaint_open"
            ),
        ]

    def __str__(self):
        return _("Complaint %(number)s") % {"number": self.number}

    @property
    def number(self) -> str:
        """The form's number on paper: TS + the first round's pk, the round after a dash (TS000042-2)."""
        return self.number_of(self.first_round_id or self.pk, self.round)

    @staticmethod
    def number_of(first_round_pk: int, round: int) -> str:
        return f"TS{first_round_pk:06d}" + (f"-{round}" if round > 1 else "")

    @property
    def source_key(self) -> str:
        return f"complaint:{self.pk}"

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class ComplaintDepartment(models.Model):
    """A department involved in a complaint: its result, its head's sign-off of the plan, its reply to customer
    service."""

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="involved", verbose_name=_("complaint"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="+", verbose_name=_("department"))
    result = models.TextField(_("department's result"), blank=True)
    result_at = models.DateTimeField(_("result at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(_("plan signed at"), null=True, blank=True)
    reply = models.TextField(_("reply to customer service (result and improvement measures)"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("department involved")
        verbose_name_plural = _("departments involved")
        ordering = ["complaint", "department__kind"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "department"], name="one_entry_per_department_and_complaint")
        ]

    def __str__(self):
        return f"{self.complaint} · {self.department}"


class Milestone(StoreOwned):
    """One deadline of a complaint: due `duration` after its anchor; met when its step is done.

    The due time is unknown until the anchor happens (route A counts from the step before). `sequence` orders the
    handling chain: a breach is charged to the owner of the earliest chain milestone still open when it fell due.
    """

    class Kind(models.TextChoices):
        HAND_OVER = "hand_over", _("Hand-over")
        FIRST_HANDLING = "first_handling", _("First handling")
        DISPATCH = "dispatch", _("Review and dispatch")
        DEPARTMENT_RESULT = "department_result", _("Department's result")
        FIRST_CONTACT = "first_contact", _("First contact with the customer")
        HANDLED = "handled", _("Handled, result back to customer service")
        AGREEMENT = "agreement", _("Agreement with the customer")
        FINISHED = "finished", _("Handling finished")
        PLAN_SIGN_OFF = "plan_sign_off", _("Department head signs the plan")
        SUMMARY = "summary", _("Summary")
        SATISFACTION_CALLBACK = "satisfaction_callback", _("Satisfaction callback")
        GM_INSTRUCTION = "gm_instruction", _("GM's instruction on a major complaint")
        GM_FINAL = "gm_final", _("GM's final instruction")
        ARCHIVE = "archive", _("Archive")
        DEPARTMENT_REPLY = "department_reply", _("Department's reply with improvement measures")

    # Every breach rewrites the row (not a HOT update: breached_at is in the partial indexes' predicates), so each
    # index costs a write per breach: no single-column index where a constraint leads with the column (complaint)
    # or no query filters by it (store, department, owner, met_by; queries read milestones through their complaint).
    store = models.ForeignKey("organization.Store", models.PROTECT, db_index=False, verbose_name=_("store"))
    complaint = models.ForeignKey(
        Complaint, models.CASCADE, db_index=False, related_name="milestones", verbose_name=_("complaint")
    )
    kind = models.CharField(_("milestone"), max_length=24, choices=Kind)
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("department"),
    )
    sequence = models.PositiveSmallIntegerField(_("order in the chain"))
    blocking = models.BooleanField(_("holds up the steps after it"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        db_index=False,  # milestone_open_owner serves "my complaints"; other reads go through the complaint
        related_name="complaint_milestones",
        verbose_name=_("owner"),
    )
    owner_role = models.CharField(_("owner's role"), max_length=20)
    anchor = models.CharField(_("counts from"), max_length=40)
    duration = models.DurationField(
        _("limit"), null=True, blank=True, help_text=_("Empty: the end of the anchor's day.")
    )
    anchored_at = models.DateTimeField(_("anchor time"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    escalate_at = models.DateTimeField(_("escalate to the GM at"), null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("met by"),
    )
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breach recorded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(
        _("no longer applies since"), null=True, blank=True, help_text=_("A reclassification removed it.")
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        default_related_name = "complaint_milestones"
        ordering = ["complaint", "sequence", "pk"]
        constraints = [
            # One index for both cases (no department counts as department 0), not two: a breach writes every
            # index the row is in, each on a page of its own, and these are the milestone's largest.
            models.UniqueConstraint(
                "complaint",
                "kind",
                Coalesce("department", Value(0), output_field=models.BigIntegerField()),
                name="one_milestone_per_kind_and_department",
            ),
        ]
        # The sweep reads only what is due: each index holds open milestones only, so an idle sweep is one probe.
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(met_at=None, breached_at=None, cancelled_at=None, due_at__isnull=False),
                name="milestone_open_due",
            ),
            models.Index(
                fields=["warn_at"],
                condition=Q(met_at=None, warned_at=None, breached_at=None, cancelled_at=None, warn_at__isnull=False),
                name="milestone_to_warn",
            ),
            models.Index(
                fields=["escalate_at"],
                condition=Q(met_at=None, escalated_at=None, cancelled_at=None, breached_at__isnull=False),
                name="milestone_to_escalate",
            ),
            models.Index(
                fields=["owner", "due_at"], condition=Q(met_at=None, cancelled_at=None), name="milestone_open_owner"
            ),
            # On time per milestone in a month (the dashboards, the monthly statistics): one store's or every
            # store's milestones due in the month, read from the index alone. One more entry per stamped milestone.
            models.Index(
                fields=["store", "due_at"],
                include=["kind", "met_at"],
                condition=Q(cancelled_at=None, due_at__isnull=False),
                name="milestone_store_due",
            ),
        ]

    def __str__(self):
        name = self.get_kind_display()
        return f"{name} · {self.department.get_kind_display()}" if self.department_id else str(name)

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.cancelled_at is None


class Breach(StoreOwned):
    """A milestone missed: recorded once (the unique milestone), kept forever, counted in the statistics."""

    # Indexes: the unique milestone, the complaint (the queues' breach badge), (store, due_at); no other FK index, so
    # recording a breach writes four. Store and complaint are the milestone's, copied by the sweep: the milestone's
    # foreign key vouches for them, so they skip the database's check (at commit, 20 % of a 5,000-breach sweep). The
    # person and department charged are copied by the same statement from the milestone (or its blocker) and its
    # owner, whose own keys vouch for them; only the sweep writes them: no check either (10,000 checks at commit,
    # ≈50 ms, at 5,000 breaches).
    store = models.ForeignKey(
        "organization.Store", models.PROTECT, db_index=False, db_constraint=False, verbose_name=_("store")
    )
    milestone = models.OneToOneField(Milestone, models.PROTECT, related_name="breach", verbose_name=_("milestone"))
    complaint = models.ForeignKey(
        Complaint, models.PROTECT, db_constraint=False, related_name="breaches", verbose_name=_("complaint")
    )
    due_at = models.DateTimeField(_("fell due at"))
    noticed_at = models.DateTimeField(_("noticed at"))
    charged_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="complaint_breaches",
        verbose_name=_("charged to"),
    )
    charged_department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
        verbose_name=_("charged to department"),
    )
    charged_role = models.CharField(_("charged to role"), max_length=20)
    reached_gm_at = models.DateTimeField(
        _("reached the GM at"), null=True, blank=True, help_text=_("Still unmet after the second interval.")
    )

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        default_related_name = "complaint_breaches"
        ordering = ["-due_at"]
        indexes = [models.Index(fields=["store", "due_at"], name="breach_store_due")]

    def __str__(self):
        return f"{self.complaint} · {self.milestone}"

    @property
    def lateness(self):
        """How long after it fell due the breach was noticed (long after downtime)."""
        return self.noticed_at - self.due_at


class TimerEvent(StoreOwned):
    """The append-only ledger of every timer event, with how late the sweep fired it."""

    class Kind(models.TextChoices):
        DUE_SET = "due_set", _("Due time set")
        WARNED = "warned", _("Warning before the deadline")
        MET = "met", _("Met")
        BREACHED = "breached", _("Breached")
        ESCALATED = "escalated", _("Escalated to the GM")
        NOTIFIED = "notified", _("Notified")
        RECOMPUTED = "recomputed", _("Due time recomputed")

    # (store, kind, recorded_at) leads with the store: no index of its own. Store and complaint are the milestone's
    # (its foreign key vouches for them): no check of their own either.
    store = models.ForeignKey(
        "organization.Store", models.PROTECT, db_index=False, db_constraint=False, verbose_name=_("store")
    )
    milestone = models.ForeignKey(Milestone, models.PROTECT, related_name="events", verbose_name=_("milestone"))
    complaint = models.ForeignKey(
        Complaint, models.PROTECT, db_constraint=False, related_name="timer_events", verbose_name=_("complaint")
    )
    kind = models.CharField(_("event"), max_length=12, choices=Kind)
    scheduled_for = models.DateTimeField(_("should have happened at"))
    recorded_at = models.DateTimeField(_("recorded at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("timer event")
        verbose_name_plural = _("timer events")
        default_related_name = "complaint_timer_events"
        ordering = ["recorded_at", "pk"]
        indexes = [
            models.Index(fields=["store", "kind", "recorded_at"], name="timer_event_store_kind"),
            # The sweep's lost-notice probe: events whose notices go out, since the last check.
            models.Index(
                fields=["recorded_at"],
                condition=Q(kind__in=["warned", "breached", "escalated"]),
                name="timer_event_to_notify",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.milestone}"

    @property
    def lateness(self):
        return self.recorded_at - self.scheduled_for


class Transition(models.Model):
    """One step taken on a complaint: who, when, from which stage to which, with a note. Append-only."""

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="transitions", verbose_name=_("complaint"))
    action = models.CharField(_("action"), max_length=30)
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.complaint} · {self.action}"


class ContactAttempt(models.Model):
    """A call or visit to the customer; only one that reached them meets the first-contact milestone."""

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="contacts", verbose_name=_("complaint"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))
    reached = models.BooleanField(_("reached the customer"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.complaint} · {self.at:%Y-%m-%d %H:%M}"


class AppealQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    pass


class Appeal(RowVersioned, StoreOwned):
    """The staff member at fault appeals to their department head, who takes it to the GM for a ruling."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed with the department head")
        WITH_GM = "with_gm", _("Taken to the GM")
        UPHELD = "upheld", _("Upheld by the GM")
        REJECTED = "rejected", _("Rejected")

    complaint = models.ForeignKey(Complaint, models.PROTECT, related_name="appeals", verbose_name=_("complaint"))
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="complaint_appeals", verbose_name=_("appellant")
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="appeals_to_hear", verbose_name=_("department head")
    )
    reason = models.TextField(_("reason"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.FILED)
    head_note = models.TextField(_("department head's note"), blank=True)
    forwarded_at = models.DateTimeField(_("taken to the GM at"), null=True, blank=True)
    ruling = models.TextField(_("GM's ruling"), blank=True)
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ruled by")
    )
    ruled_at = models.DateTimeField(_("ruled at"), null=True, blank=True)
    signature = models.CharField(_("GM's signature"), max_length=50, blank=True)

    objects = AppealQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        default_related_name = "complaint_appeals"
        ordering = ["-filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "appellant"],
                condition=Q(status__in=["filed", "with_gm"]),
                name="one_pending_appeal_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["filed", "with_gm"]) | ~Q(signature=""), name="appeal_ruling_signed"
            ),
        ]

    def __str__(self):
        return f"{self.complaint} · {self.appellant}"


class Fine(StoreOwned):
    """A fine or penalty recorded by a manager (explicit loss, seed 004's process fines, offences, rework).

    The allowance fines (2% / 3% of vehicles served) are computed by complaints/penalties.py, not stored.
    """

    class Kind(models.TextChoices):
        EXPLICIT_LOSS = "explicit_loss", _("Explicit loss")
        LATE_REPORT = "late_report", _("Customer service: process not followed or reported late")
        NEGLECTED_GENERAL = "neglected_general", _("General complaint neglected until it reached the GM")
        SERIOUS_NOT_REPORTED = "serious_not_reported", _("Serious complaint not followed up and reported in time")
        OFFENCE = "offence", _("Process violation that caused dissatisfaction")
        REWORK = "rework", _("Accessories rework cost")
        COMMISSION_WITHHELD = "commission_withheld", _("Accessories fitting commission withheld")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="complaint_fines", verbose_name=_("staff member")
    )
    complaint = models.ForeignKey(
        Complaint, models.PROTECT, null=True, blank=True, related_name="fines", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    amount = models.DecimalField(_("amount (CNY)"), **MONEY)
    month = models.DateField(_("month"), help_text=_("The first day of the month the fine counts in."))
    offence_number = models.PositiveSmallIntegerField(_("offence number"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fine")
        verbose_name_plural = _("fines")
        default_related_name = "complaint_fines"
        ordering = ["-month", "-recorded_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="fine_not_negative")]
        indexes = [models.Index(fields=["store", "month"], name="fine_store_month")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.person} · {self.amount}"


class SweepRun(models.Model):
    """One run of the deadline sweep: when, and what it recorded (the GM's page shows the last)."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    breaches = models.PositiveIntegerField(_("breaches recorded"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    escalations = models.PositiveIntegerField(_("escalations"), default=0)

    class Meta:
        verbose_name = _("deadline sweep")
        verbose_name_plural = _("deadline sweeps")
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S}"


class ExportLog(StoreOwned):
    """Who downloaded the monthly complaint statistics (顾客投诉统计表), when, for which month and scope."""

    class Scope(models.TextChoices):
        GROUP = "group", _("Whole group")
        STORE = "store", _("Store")
        DEPARTMENT = "department", _("Department")

    store = models.ForeignKey(
        "organization.Store",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint_exports",
        verbose_name=_("store"),
        help_text=_("Empty: every store."),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("staff member"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    month = models.DateField(_("month"), help_text=_("The first day of the month exported."))
    scope = models.CharField(_("scope"), max_length=12, choices=Scope)
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )

    class Meta:
        verbose_name = _("complaint statistics download")
        verbose_name_plural = _("complaint statistics downloads")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.month:%Y-%m} · {self.get_scope_display()} · {self.user}"
