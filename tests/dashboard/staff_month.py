"""September 2026 of one store (the month that closes Q3) for the staff report tests: one figure of each owning app
on a person, whose expected values the tests write as literals."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from aftersales import packages
from aftersales.models import Appointment, OilSize, RepairOrder
from care.models import LoungeChecklist, LoungeItem, LoungeViolation
from complaints.models import Complaint, Fine
from customers.models import Referral
from organization.models import Department, User
from organization.roles import Role
from surveys.models import SatisfactionRollup, SurveyKind
from tests.factories import (
    AppointmentFactory,
    CallbackFactory,
    ComplaintFactory,
    DepartmentFactory,
    LoungeChecklistFactory,
    OemScoreFactory,
    ReferralFactory,
    RepairOrderFactory,
    SurveyFactory,
    UserFactory,
    VehicleFactory,
)

TZ = ZoneInfo("Asia/Shanghai")
SEPTEMBER = date(2026, 9, 1)
Q3 = date(2026, 7, 1)


def sept(day, hour=10):
    return datetime(2026, 9, day, hour, tzinfo=TZ)


@dataclass
class Cast:
    gm: User
    asm: User
    advisor: User
    cs: User
    tech: User
    sales: User
    sales_head: User
    after_sales: Department
    sales_dept: Department
    workshop: Department


def cast_of(store) -> Cast:
    after_sales = DepartmentFactory(store=store, kind=Department.Kind.AFTER_SALES)
    sales_dept = DepartmentFactory(store=store, kind=Department.Kind.SALES)
    workshop = DepartmentFactory(store=store, kind=Department.Kind.WORKSHOP)
    customer_service = DepartmentFactory(store=store, kind=Department.Kind.CUSTOMER_SERVICE)
    sales_head = UserFactory(store=store, name="孙经理", roles=[Role.DEPARTMENT_HEAD], department=sales_dept)
    Department.objects.filter(pk=sales_dept.pk).update(head=sales_head)
    sales_dept.refresh_from_db()
    return Cast(
        gm=UserFactory(store=store, name="王总", roles=[Role.GENERAL_MANAGER]),
        asm=UserFactory(store=store, name="李经理", roles=[Role.AFTER_SALES_MANAGER], department=after_sales),
        advisor=UserFactory(store=store, name="刘顾问", roles=[Role.SERVICE_ADVISOR], department=after_sales),
        cs=UserFactory(store=store, name="杨客服", roles=[Role.CUSTOMER_SERVICE], department=customer_service),
        tech=UserFactory(store=store, name="黄技师", roles=[Role.TECHNICIAN], department=workshop),
        sales=UserFactory(store=store, name="张销售", roles=[Role.SALES_CONSULTANT], department=sales_dept),
        sales_head=sales_head,
        after_sales=after_sales,
        sales_dept=sales_dept,
        workshop=workshop,
    )


def serve(advisor, n):
    """`n` repair orders `advisor` handed back in September."""
    orders = RepairOrderFactory.create_batch(
        n, store=advisor.store, vehicle=VehicleFactory(owner__store=advisor.store), advisor=advisor
    )
    RepairOrder.objects.filter(pk__in=[o.pk for o in orders]).update(
        status=RepairOrder.Status.DELIVERED, delivered_at=sept(15, 16), delivered_by=advisor
    )


def fine(person, kind, amount, *, by, recorded_at=None):
    return Fine.objects.create(
        store=person.store,
        person=person,
        kind=kind,
        amount=Decimal(amount),
        month=SEPTEMBER,
        recorded_by=by,
        recorded_at=recorded_at or sept(15),
    )


def lounge_violation(person, amount, *, by):
    checklist = LoungeChecklist.objects.filter(store=person.store, day=date(2026, 9, 5)).first()
    checklist = checklist or LoungeChecklistFactory(store=person.store, day=date(2026, 9, 5))
    LoungeViolation.objects.create(
        store=person.store,
        checklist=checklist,
        item=LoungeItem.objects.order_by("pk").first(),
        staff=person,
        fine=Decimal(amount),
        recorded_by=by,
    )


def fake_appointment(person, amount):
    appointment = AppointmentFactory(vehicle__owner__store=person.store)
    Appointment.objects.filter(pk=appointment.pk).update(
        fake_flagged_at=sept(12), fake_fine=Decimal(amount), fined_staff=person
    )


def fake_referral(person, amount):
    referral = ReferralFactory(referrer__store=person.store)
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.FAKE,
        flagged_at=sept(8),
        loss=Decimal(amount) * 2,
        fine=Decimal(amount),
        fined_staff=person,
    )


def rollup(store, level, kind, mean, responses, *, department, staff=None):
    SatisfactionRollup.objects.create(
        store=store,
        kind=kind,
        period=SatisfactionRollup.Period.MONTH,
        period_start=SEPTEMBER,
        level=level,
        department=department,
        staff=staff,
        responses=responses,
        mean_score=Decimal(mean),
        computed_at=sept(30, 23),
    )


def build_month(store) -> Cast:
    """The fixture month: see the tests for each person's expected figures."""
    cast = cast_of(store)
    # The advisor: 10 vehicles, one implicit-loss complaint (allowance 0: 50 CNY), a 200 CNY explicit loss,
    # CSI 88.50 on 4 surveys, one maintenance package sold (100 CNY).
    serve(cast.advisor, 10)
    complaint = ComplaintFactory(customer__store=store, raised_at=sept(20), loss=Complaint.Loss.IMPLICIT)
    complaint.at_fault.add(cast.advisor)
    fine(cast.advisor, Fine.Kind.EXPLICIT_LOSS, "200", by=cast.gm)
    rollup(store, "staff", SurveyKind.CSI, "88.50", 4, department=cast.after_sales, staff=cast.advisor)
    packages.sell_package(VehicleFactory(owner__store=store), OilSize.SIX_LITRES, by=cast.advisor, at=sept(10))
    # Customer service: 4 satisfaction callbacks due, 3 reached, 1 survey completed on them.
    for i, reached in enumerate([True, True, True, False]):
        callback = CallbackFactory(
            customer__store=store, owner=cast.cs, source=f"repair_order:{900 + i}", due_at=sept(10 + i), reached=reached
        )
        if i == 0:
            SurveyFactory(
                customer=callback.customer,
                callback=callback,
                answered_at=sept(11),
                score=Decimal("90"),
                channel="phone",
            )
    # The technician: a 20 CNY lounge fine, a first offence (50 CNY), a 150 CNY fake appointment.
    lounge_violation(cast.tech, "20", by=cast.asm)
    fine(cast.tech, Fine.Kind.OFFENCE, "50", by=cast.gm)
    fake_appointment(cast.tech, "150")
    # The consultant: a 300 CNY fake referral; owns a Q3 OEM item 6 points below the national average, which fines
    # them and their department head 500 CNY each. The workshop's item 3 points above earns it 600 CNY.
    fake_referral(cast.sales, "300")
    OemScoreFactory(
        store=store,
        quarter=Q3,
        department=cast.sales_dept,
        owner=cast.sales,
        score=Decimal("84"),
        national_average=Decimal("90"),
        lost_by_management_or_staff=True,
    )
    OemScoreFactory(
        store=store, quarter=Q3, department=cast.workshop, owner=cast.tech, score=Decimal("93"), national_average=90
    )
    # After-sales scored 90.00 in September, below the department standard (95): 500 CNY to the department.
    rollup(store, "department", SurveyKind.CSI, "90.00", 10, department=cast.after_sales)
    return cast


def more_people(store, cast, n):
    """`n` more technicians, each with a lounge fine, an offence, a fake appointment and a fake referral."""
    for _ in range(n):
        person = UserFactory(store=store, roles=[Role.TECHNICIAN], department=cast.workshop)
        lounge_violation(person, "20", by=cast.asm)
        fine(person, Fine.Kind.OFFENCE, "50", by=cast.gm)
        fake_appointment(person, "10")
        fake_referral(person, "10")
