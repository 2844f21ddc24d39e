from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from aftersales.models import Appointment, JobType, LaborOperation, PartPrice, Preparation
from customers.models import Customer, FleetAccount, Membership, Referral, Vehicle, VehicleSale
from organization.models import Department, Store, User
from organization.policies import current_policy
from surveys.models import Callback


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


class PreparationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preparation

    appointment = factory.SubFactory(AppointmentFactory)
    bay = "A3"
