"""Maintenance packages, the polish-and-wax voucher and extended warranties (SPEC section 3, seed 003).

A package is four basic services for the price of three (the paid share is a policy), valid for 24 months from the
day it is sold; it comes with care-product vouchers and an insurance-renewal voucher. A service is redeemed as a
zero-priced settlement line of the vehicle's repair order whose voucher number names the package and the service,
so the `voucher_redeemed_once` constraint refuses a second use. The polish-and-wax voucher (valid one year) is given
for an insurance repair of a car bought elsewhere and never on an order that redeemed a referral reward.
"""

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.models import (
    ExtendedWarrantySale,
    MaintenancePackage,
    OilSize,
    PolishWaxVoucher,
    RepairOrder,
    SettlementLine,
)
from aftersales.settlement import REFERRAL_VOUCHER_PREFIX
from organization.models import PolicySet
from organization.policies import Unit, current_policy, define

FEN = Decimal("0.01")
SECTION = _("Maintenance packages and extended warranties")

BASIC_SERVICE_PRICE = {
    OilSize.SIX_LITRES: define(
        "packages.basic_service_6l_yuan", SECTION, _("Basic service list price with 6 L of oil"), Unit.YUAN, Decimal(0)
    ),
    OilSize.EIGHT_LITRES: define(
        "packages.basic_service_8l_yuan", SECTION, _("Basic service list price with 8 L of oil"), Unit.YUAN, Decimal(0)
    ),
}
SERVICES_PER_PACKAGE = define(
    "packages.services", SECTION, _("Basic services in a maintenance package"), Unit.COUNT, Decimal(1)
)
SERVICES_PAID = define(
    "packages.services_paid", SECTION, _("Basic services the customer pays for in a package"), Unit.COUNT, Decimal(1)
)
VALIDITY_MONTHS = define(
    "packages.validity_months", SECTION, _("Maintenance package validity in months"), Unit.COUNT, Decimal(1)
)
CARE_VOUCHERS = define(
    "packages.care_vouchers", SECTION, _("Care-product vouchers with a package"), Unit.COUNT, Decimal(0)
)
CARE_VOUCHER_YUAN = define(
    "packages.care_voucher_yuan", SECTION, _("Value of one care-product voucher"), Unit.YUAN, Decimal(0)
)
RENEWAL_VOUCHER_YUAN = define(
    "packages.renewal_voucher_yuan", SECTION, _("Insurance-renewal voucher with a package"), Unit.YUAN, Decimal(0)
)
POLISH_WAX_VALIDITY_MONTHS = define(
    "packages.polish_wax_validity_months",
    SECTION,
    _("Polish-and-wax voucher validity in months"),
    Unit.COUNT,
    Decimal(1),
)
EXTENDED_WARRANTY_MONTHS = define(
    "packages.extended_warranty_months", SECTION, _("Extended warranty default term in months"), Unit.COUNT, Decimal(1)
)


def months_after(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (29 February → 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def package_price(policy: PolicySet, oil_litres: int) -> Decimal:
    """What a package costs: the paid services at the basic-service list price for the car's oil size."""
    return (policy.value(BASIC_SERVICE_PRICE[oil_litres]) * policy.value(SERVICES_PAID)).quantize(FEN, ROUND_HALF_UP)


def package_expires_on(policy: PolicySet, sold_on: date) -> date:
    """The last day a package's services can be used: the validity in months after the day it was sold."""
    return months_after(sold_on, policy.value(VALIDITY_MONTHS))


def sell_package(vehicle, oil_litres: int, *, by, at=None) -> MaintenancePackage:
    """Record a package sold to the vehicle at today's policy prices, with its vouchers."""
    at = at or timezone.now()
    policy = current_policy(vehicle.store)
    return MaintenancePackage.objects.create(
        store=vehicle.store,
        vehicle=vehicle,
        oil_litres=oil_litres,
        services=policy.value(SERVICES_PER_PACKAGE),
        price=package_price(policy, oil_litres),
        care_vouchers=policy.value(CARE_VOUCHERS),
        care_voucher_yuan=policy.value(CARE_VOUCHER_YUAN),
        renewal_voucher_yuan=policy.value(RENEWAL_VOUCHER_YUAN),
        sold_by=by,
        sold_at=at,
        expires_on=package_expires_on(policy, timezone.localdate(at)),
    )


def service_voucher_number(package: MaintenancePackage, service: int) -> str:
    return f"package:{package.pk}:{service}"


def services_used(package: MaintenancePackage) -> int:
    numbers = [service_voucher_number(package, n) for n in range(1, package.services + 1)]
    return SettlementLine.objects.filter(voucher_number__in=numbers).count()


def services_left(package: MaintenancePackage) -> int:
    return package.services - services_used(package)


def services_left_of(packages) -> dict[int, int]:
    """Each package's services left, by package id: one query whatever the number of packages."""
    numbers = {service_voucher_number(p, n): p.pk for p in packages for n in range(1, p.services + 1)}
    left = {package.pk: package.services for package in packages}
    for number in SettlementLine.objects.filter(voucher_number__in=numbers).values_list("voucher_number", flat=True):
        left[numbers[number]] -= 1
    return left


def packages_on_vehicles(vehicles) -> dict[int, dict]:
    """For the vehicle panel of the customer page: each vehicle's packages with their services left, and its
    extended-warranty end; two queries whatever the number of vehicles, and nothing for a vehicle with neither."""
    sold = list(MaintenancePackage.objects.filter(vehicle__in=[v.pk for v in vehicles]).order_by("pk"))
    left = services_left_of(sold)
    panels = {}
    for vehicle in vehicles:
        rows = [(package, left[package.pk]) for package in sold if package.vehicle_id == vehicle.pk]
        if rows or vehicle.extended_warranty_end:
            panels[vehicle.pk] = {"packages": rows, "extended_warranty_end": vehicle.extended_warranty_end}
    return panels


def usable_packages(vehicle_id: int, on: date) -> list[MaintenancePackage]:
    """The vehicle's packages with a service to use on the day: not expired and not used up, oldest first."""
    packages = list(MaintenancePackage.objects.filter(vehicle_id=vehicle_id, expires_on__gte=on).order_by("pk"))
    left = services_left_of(packages)
    return [package for package in packages if left[package.pk] > 0]


@transaction.atomic
def redeem_package_service(order: RepairOrder, package: MaintenancePackage, *, on: date | None = None):
    """One of the package's services paid on the vehicle's order: a zero-priced line with the service's voucher."""
    on = on or timezone.localdate()
    if package.vehicle_id != order.vehicle_id:
        raise ValidationError(_("This package was sold for another vehicle."), code="package")
    if on > package.expires_on:
        raise ValidationError(
            _("This maintenance package expired on %(day)s."), params={"day": package.expires_on}, code="expired"
        )
    used = services_used(package)
    if used >= package.services:
        raise ValidationError(_("Every service of this maintenance package has been used."), code="used_up")
    try:
        with transaction.atomic():
            return SettlementLine.objects.create(
                order=order,
                description=gettext("Basic service from a maintenance package"),
                voucher_number=service_voucher_number(package, used + 1),
                list_amount=Decimal(0),
                discount=Decimal(0),
                payable=Decimal(0),
                reason=gettext("Maintenance package service %(number)s of %(services)s")
                % {"number": used + 1, "services": package.services},
            )
    except IntegrityError as error:
        raise ValidationError(_("This service has just been redeemed elsewhere."), code="package") from error


def order_redeemed_referral_reward(order: RepairOrder) -> bool:
    return order.settlement_lines.filter(voucher_number__startswith=REFERRAL_VOUCHER_PREFIX).exists()


def give_polish_wax_voucher(order: RepairOrder, *, by, at=None) -> PolishWaxVoucher:
    """The polish-and-wax voucher for an insurance repair of a car bought elsewhere; not with a referral reward."""
    at = at or timezone.now()
    if order.payment_type != RepairOrder.PaymentType.INSURANCE_CLAIM or order.vehicle.bought_here:
        raise ValidationError(
            _("The polish-and-wax voucher is only for insurance repairs of cars bought elsewhere."), code="polish_wax"
        )
    if order_redeemed_referral_reward(order):
        raise ValidationError(
            _("The polish-and-wax voucher cannot be combined with a referral reward on the same order."),
            code="polish_wax",
        )
    if PolishWaxVoucher.objects.filter(order=order).exists():
        raise ValidationError(_("This order already has its polish-and-wax voucher."), code="polish_wax")
    policy = current_policy(order.store)
    return PolishWaxVoucher.objects.create(
        store=order.store,
        order=order,
        vehicle=order.vehicle,
        issued_by=by,
        issued_at=at,
        expires_on=months_after(timezone.localdate(at), policy.value(POLISH_WAX_VALIDITY_MONTHS)),
    )


@transaction.atomic
def sell_extended_warranty(vehicle, *, term_months: int, price: Decimal, by, at=None) -> ExtendedWarrantySale:
    """Record the sale and move the vehicle's extended-warranty end to the term after the factory warranty."""
    at = at or timezone.now()
    start = max(vehicle.warranty_end or timezone.localdate(at), vehicle.extended_warranty_end or date.min)
    sale = ExtendedWarrantySale.objects.create(
        store=vehicle.store,
        vehicle=vehicle,
        term_months=term_months,
        price=price,
        sold_by=by,
        sold_at=at,
        ends_on=months_after(start, term_months),
    )
    vehicle.extended_warranty_end = sale.ends_on
    vehicle.save(update_fields=["extended_warranty_end"])
    return sale
