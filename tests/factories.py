from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from aftersales.models import (
    Appointment,
    BookingCode,
    JobType,
    LaborOperation,
    PartPrice,
    Preparation,
    RepairOrder,
    RepairOrderLine,
    RequisitionLine,
)
from care.models import CareContact, LostProperty, LoungeChecklist
from care.models.outreach import Audience, Broadcast, BroadcastKind, LectureAttendance, OwnerLecture
from complaints.models import Appeal, Complaint, Route, Severity
from customers.models import Customer, FleetAccount, Membership, Referral, Vehicle, VehicleSale
from organization.models import Department, Holiday, Store, User
from organization.policies import current_policy
from surveys.models import Callback, ImprovementAction, OemItemKind, OemScore, Questionnaire, Survey, SurveyKind


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"store{n}")
    name = factory.Sequence(lambda n: f"第{n}号4S店")
    city = "广州"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("store", "kind")

    store = factory.SubFactory(StoreFactory)
    kind = Department.Kind.AFTER_SALES


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    name = factory.Sequence(lambda n: f"员工{n}")
    store = factory.SubFactory(StoreFactory)
    password = factory.django.Password("pass-word-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    store = factory.SubFactory(StoreFactory)
    name = factory.Sequence(lambda n: f"客户{n}")
    mobile = factory.Sequence(lambda n: f"138{n:08d}")


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    owner = factory.SubFactory(CustomerFactory)
    store = factory.SelfAttribute("owner.store")
    vin = factory.Sequence(lambda n: f"LSVAU2180N{n:07d}")
    plate = factory.Sequence(lambda n: f"粤A{n:05d}")


class CallbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Callback

    customer = factory.SubFactory(CustomerFactory)
    store = factory.SelfAttribute("customer.store")
    kind = Callback.Kind.SATISFACTION_SURVEY
    source = factory.Sequence(lambda n: f"test:{n}")
    policy = factory.LazyAttribute(lambda o: current_policy(o.store))
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


class VehicleSaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VehicleSale

    vehicle = factory.SubFactory(VehicleFactory)
    store = factory.SelfAttribute("vehicle.store")
    buyer = factory.SelfAttribute("vehicle.owner")
    consultant = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"))
    delivered_at = factory.LazyFunction(timezone.now)


class FleetAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FleetAccount

    representative = factory.SubFactory(CustomerFactory)
    store = factory.SelfAttribute("representative.store")
    name = factory.Sequence(lambda n: f"第{n}运输公司")


class FleetMembershipFactory(factory.django.DjangoModelFactory):
    """An active fleet member: a vehicle bought here, registered locally."""

    class Meta:
        model = Membership

    fleet = factory.SubFactory(FleetAccountFactory)
    store = factory.SelfAttribute("fleet.store")
    vehicle = factory.SubFactory(VehicleFactory, owner__store=factory.SelfAttribute("...store"), bought_here=True)
    customer = factory.SelfAttribute("vehicle.owner")
    kind = Membership.Kind.FLEET


class IndividualMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    customer = factory.SubFactory(CustomerFactory)
    store = factory.SelfAttribute("customer.store")
    kind = Membership.Kind.VIP


class ReferralFactory(factory.django.DjangoModelFactory):
    """A service referral (seed 003): an owner of the store brought in someone serviced elsewhere."""

    class Meta:
        model = Referral

    referrer = factory.SubFactory(CustomerFactory)
    store = factory.SelfAttribute("referrer.store")
    kind = Referral.Kind.SERVICE
    recorded_by = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"))


class LaborOperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LaborOperation

    store = factory.SubFactory(StoreFactory)
    code = factory.Sequence(lambda n: f"LAB{n:04d}")
    name = factory.Sequence(lambda n: f"更换机油{n}")
    job_type = JobType.MAINTENANCE
    standard_hours = Decimal("1.00")
    hourly_rate = Decimal("200.00")


class PartPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartPrice

    store = factory.SubFactory(StoreFactory)
    part_number = factory.Sequence(lambda n: f"P{n:06d}")
    name = factory.Sequence(lambda n: f"机油滤清器{n}")
    list_price = Decimal("88.00")
    cost = Decimal("50.00")


class AppointmentFactory(factory.django.DjangoModelFactory):
    """Tomorrow at 10:00 with an advisor of the vehicle's store (slot rules are the domain function's, not this)."""

    class Meta:
        model = Appointment

    vehicle = factory.SubFactory(VehicleFactory)
    store = factory.SelfAttribute("vehicle.store")
    customer = factory.SelfAttribute("vehicle.owner")
    channel = Appointment.Channel.PHONE
    estimated_duration = timedelta(hours=1)
    advisor = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"), roles=["服务顾问"])
    booked_by = factory.SelfAttribute("advisor")
    slot_start = factory.LazyFunction(
        lambda: timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    )
    policy = factory.LazyAttribute(lambda o: current_policy(o.store))


class RepairOrderFactory(factory.django.DjangoModelFactory):
    """A draft order received today by an advisor of the vehicle's store, promised in 4 hours, with no lines."""

    class Meta:
        model = RepairOrder

    vehicle = factory.SubFactory(VehicleFactory)
    store = factory.SelfAttribute("vehicle.store")
    customer = factory.SelfAttribute("vehicle.owner")
    number = factory.Sequence(lambda n: f"T{n:08d}")
    advisor = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"), roles=["服务顾问"])
    job_type = JobType.MAINTENANCE
    mileage_in = 15000
    fuel_level = RepairOrder.FuelLevel.HALF
    customer_words = "保养，刹车有异响"
    opened_at = factory.LazyFunction(timezone.now)
    promised_at = factory.LazyAttribute(lambda o: o.opened_at + timedelta(hours=4))
    policy = factory.LazyAttribute(lambda o: current_policy(o.store))


class RepairOrderLineFactory(factory.django.DjangoModelFactory):
    """A labor line at 1 hour × 200 CNY."""

    class Meta:
        model = RepairOrderLine

    order = factory.SubFactory(RepairOrderFactory)
    kind = RepairOrderLine.Kind.LABOR
    description = "更换机油机滤"
    quantity = Decimal("1.00")
    unit_price = Decimal("200.00")
    added_by = factory.SelfAttribute("order.advisor")


class BookingCodeFactory(factory.django.DjangoModelFactory):
    """A customer's online booking waiting for code 123456; booked=True: confirmed, with its appointment."""

    class Meta:
        model = BookingCode

    class Params:
        booked = factory.Trait(
            appointment=factory.SubFactory(
                AppointmentFactory,
                vehicle__owner__store=factory.SelfAttribute("....store"),
                channel=Appointment.Channel.ONLINE,
            ),
            used_at=factory.LazyFunction(timezone.now),
        )

    store = factory.SubFactory(StoreFactory)
    job_type = JobType.MAINTENANCE
    slot_start = factory.LazyFunction(
        lambda: timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    )
    name = "李女士"
    plate = "粤A12345"
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    client_address = "203.0.113.7"
    code_hash = factory.LazyFunction(lambda: make_password("123456"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=10))


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday

    store = factory.SubFactory(StoreFactory)
    date = factory.Sequence(lambda n: date(2026, 10, 1) + timedelta(days=n))
    name = "国庆节"


class RequisitionLineFactory(factory.django.DjangoModelFactory):
    """Two of a part of the order's store, requested by its advisor, not issued yet."""

    class Meta:
        model = RequisitionLine

    order = factory.SubFactory(RepairOrderFactory)
    part = factory.SubFactory(PartPriceFactory, store=factory.SelfAttribute("..order.store"))
    quantity = Decimal("2.00")
    requested_by = factory.SelfAttribute("order.advisor")


class PreparationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preparation

    appointment = factory.SubFactory(AppointmentFactory)
    bay = "A3"


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A route-B general complaint raised an hour ago, logged by a customer-service specialist; no milestones
    (log one through complaints.handling.log_complaint for those)."""

    class Meta:
        model = Complaint

    customer = factory.SubFactory(CustomerFactory)
    store = factory.SelfAttribute("customer.store")
    source = Complaint.Source.CALLBACK
    category = Complaint.Category.VALID
    severity = Severity.GENERAL
    route = Route.CALLBACK
    description = "洗车没洗干净"
    raised_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    logged_at = factory.LazyFunction(timezone.now)
    logged_by = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"), roles=["客服专员"])
    customer_service = factory.SelfAttribute("logged_by")
    policy = factory.LazyAttribute(lambda o: current_policy(o.store))


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    complaint = factory.SubFactory(ComplaintFactory)
    store = factory.SelfAttribute("complaint.store")
    appellant = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"))
    head = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"), roles=["部门经理"])
    reason = "不是我的责任"


class CareContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareContact

    customer = factory.SubFactory(CustomerFactory)
    store = factory.SelfAttribute("customer.store")
    kind = "insurance_renewal"
    event_key = factory.Sequence(lambda n: f"test:{n}")
    event_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=45))
    due_on = factory.LazyFunction(timezone.localdate)
    listed_on = factory.LazyFunction(timezone.localdate)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    store = factory.SubFactory(StoreFactory)
    kind = SurveyKind.CSI
    version = factory.Sequence(lambda n: n + 100)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    customer = factory.SubFactory(CustomerFactory)
    store = factory.SelfAttribute("customer.store")
    kind = SurveyKind.CSI
    questionnaire = factory.SubFactory(
        QuestionnaireFactory, store=factory.SelfAttribute("..store"), kind=SurveyKind.CSI
    )
    source = factory.Sequence(lambda n: f"test:{n}")
    department = factory.SubFactory(DepartmentFactory, store=factory.SelfAttribute("..store"))
    visited_on = factory.LazyFunction(timezone.localdate)


class BroadcastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Broadcast

    store = factory.SubFactory(StoreFactory)
    kind = BroadcastKind.WEATHER_WARNING
    audience = Audience.STORE
    text = "台风预警：请勿将车辆停放在低洼处。"
    sent_by = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"))


class OwnerLectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OwnerLecture

    store = factory.SubFactory(StoreFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    topic = "冬季用车保养"
    speaker = "黄磊"
    created_by = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"))


class LectureAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LectureAttendance

    lecture = factory.SubFactory(OwnerLectureFactory)
    customer = factory.SubFactory(CustomerFactory, store=factory.SelfAttribute("..lecture.store"))


# The customer lounge (issue 11, slice k-lounge).
class LoungeChecklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoungeChecklist

    store = factory.SubFactory(StoreFactory)
    day = factory.LazyFunction(timezone.localdate)


class LostPropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LostProperty

    store = factory.SubFactory(StoreFactory)
    description = "黑色折叠伞"
    found_where = "休息区沙发旁"
    found_at = factory.LazyFunction(timezone.now)
    found_by = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"))


# s-plans: OEM scores and improvement actions.
class OemScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OemScore

    store = factory.SubFactory(StoreFactory)
    quarter = date(2026, 7, 1)
    kind = OemItemKind.CSI
    code = factory.Sequence(lambda n: f"item-{n}")
    name = factory.Sequence(lambda n: f"维修质量{n}")
    score = Decimal("90")
    national_average = Decimal("90")
    region_average = Decimal("90")
    department = factory.SubFactory(DepartmentFactory, store=factory.SelfAttribute("..store"))
    owner = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"))
    entered_by = factory.SelfAttribute("owner")


class ImprovementActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    store = factory.SubFactory(StoreFactory)
    source_kind = ImprovementAction.Source.DEPARTMENT_BELOW_TARGET
    source = factory.Sequence(lambda n: f"focus:{n}")
    horizon = ImprovementAction.Horizon.MONTH
    period_start = date(2026, 7, 1)
    title = factory.Sequence(lambda n: f"改善项目{n}")
    owner = factory.SubFactory(UserFactory, store=factory.SelfAttribute("..store"))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
