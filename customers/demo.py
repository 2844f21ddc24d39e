"""Demo customers for `seed_demo`: owners, plates (incl. new-energy), valid VINs, a fleet, deliveries.

Idempotent: records are looked up by mobile or VIN, so running it again adds nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from customers import membership
from customers.deliveries import deliver_vehicle
from customers.follow_ups import record_follow_up
from customers.grades import set_grade
from customers.models import Customer, FleetAccount, Membership, Prospect, Vehicle, VehicleSale
from customers.prospects import record_showroom_visit
from customers.validation import VIN_VALUES, VIN_WEIGHTS

# name, mobile, gender, birthday, occupation, source, budget, (vin stem, plate, brand, model) or None
DEMO_CUSTOMERS = [
    (
        "赵先生",
        "13800138001",
        "male",
        date(1982, 3, 14),
        "教师",
        "walk_in",
        200000,
        ("LSVAU2180N218329", "粤A12345", "大众", "帕萨特"),
    ),
    (
        "钱女士",
        "13900139002",
        "female",
        date(1990, 7, 2),
        "会计",
        "online",
        180000,
        ("LFV2A21K8N304123", "粤AD12345", "大众", "ID.4 CROZZ"),
    ),
    (
        "孙伟",
        "13712345678",
        "male",
        date(1978, 11, 23),
        "工程师",
        "phone",
        350000,
        ("LSVNV2182M210458", "粤B8K726", "大众", "途昂"),
    ),
    (
        "李娜",
        "15820001234",
        "female",
        date(1995, 1, 9),
        "设计师",
        "referral",
        160000,
        ("LFV3B28R5N300761", "粤AF3826", "大众", "ID.3"),
    ),
    (
        "周建华",
        "18620245566",
        "male",
        date(1969, 5, 30),
        "个体经营",
        "walk_in",
        420000,
        ("LSVCC6A46N201397", "粤A6M2Q8", "大众", "途锐"),
    ),
    (
        "吴婷",
        "13602811357",
        "female",
        date(1988, 9, 17),
        "医生",
        "online",
        None,
        ("LFV2B2A18N312456", "粤A03366D", "大众", "ID.6 CROZZ"),
    ),
    ("郑浩", "17620093311", "male", date(2000, 12, 1), "程序员", "walk_in", 150000, None),
    ("王芳", "19902234455", "female", None, "", "phone", None, ("LSVAL4180P224913", "", "大众", "朗逸")),
    (
        "冯晓东",
        "13926457788",
        "male",
        date(1985, 4, 4),
        "销售经理",
        "referral",
        260000,
        ("LSVYC6BR3N209842", "粤A9J7T1", "大众", "迈腾"),
    ),
    (
        "陈思远",
        "15013579246",
        "male",
        date(1992, 8, 8),
        "律师",
        "walk_in",
        300000,
        ("LSVAB4180N215733", "粤E2C6G9", "大众", "凌渡"),
    ),
]
FLEET_COMPANY = ("广州鹏程物流有限公司", "13828800001")
FLEET_REPRESENTATIVE = ("石建国", "13828800002")
FLEET_SIZE = 52


def with_check_digit(stem: str) -> str:
    """A 17-character VIN from a 16-character stem: the check digit is inserted at position 9."""
    vin = stem[:8] + "0" + stem[8:]
    remainder = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS, strict=True)) % 11
    return vin[:8] + ("X" if remainder == 10 else str(remainder)) + vin[9:]


def _customer(store, name, mobile, **fields) -> Customer:
    customer, _ = Customer.objects.get_or_create(store=store, mobile=mobile, defaults={"name": name, **fields})
    return customer


def _vehicle(owner, vin, **fields) -> Vehicle:
    vehicle, _ = Vehicle.objects.get_or_create(store=owner.store, vin=vin, defaults={"owner": owner, **fields})
    return vehicle


def load_demo_customers(store, users: dict) -> dict[str, int]:
    """Fill `store` with demo customers; `users` maps demo usernames (gm, sales, advisor, cs…) to staff."""
    now = timezone.now()
    consultant, gm = users["sales"], users["gm"]
    customers = []
    for index, (name, mobile, gender, birthday, occupation, source, budget, car) in enumerate(DEMO_CUSTOMERS):
        customer = _customer(
            store,
            name,
            mobile,
            gender=gender,
            birthday=birthday,
            occupation=occupation,
            source=source,
            marketing_consent=index % 3 != 2,
            purchase_budget=Decimal(budget) if budget else None,
        )
        customers.append(customer)
        if car is None:
            continue
        stem, plate, brand, model_name = car
        vehicle = _vehicle(
            customer,
            with_check_digit(stem),
            plate=plate,
            brand=brand,
            model_name=model_name,
            mileage=8000 + index * 3500,
            insurance_expiry=(now + timedelta(days=30 + 20 * index)).date(),
            next_service_due_date=(now + timedelta(days=10 + 15 * index)).date(),
        )
        if index < 4 and not VehicleSale.objects.filter(vehicle=vehicle).exists():
            # The first cars were sold here recently, so the callback lists have work in them.
            deliver_vehicle(
                vehicle=vehicle,
                buyer=customer,
                consultant=consultant,
                delivered_at=now - timedelta(days=index),
                by=consultant,
            )
    zhou = customers[4]
    if not zhou.memberships.exists():
        membership.grant_individual_membership(zhou, Membership.Kind.GOLD_CARD, by=gm)
    if not zhou.grade_changes.exists():
        set_grade(zhou, grade="A", reason="多次到店，有增购意向", by=gm)
    zhao = customers[0]
    if not zhao.follow_ups.exists():
        record_follow_up(
            zhao,
            contacted_at=now - timedelta(days=1, hours=2),
            channel="phone",
            content="交车24小时回访：询问车辆使用情况",
            result="客户满意，提醒首保时间",
            by=consultant,
        )
    if not Prospect.objects.filter(store=store, mobile="13560001122").exists():
        record_showroom_visit(
            store=store,
            prospect=None,
            name="黄先生",
            mobile="13560001122",
            interested_model="途观L",
            consultant=consultant,
            visited_at=now - timedelta(hours=3),
            party_size=2,
            referrer=customers[8],
            by=consultant,
        )
    _demo_fleet(store, users)
    return {"customers": Customer.objects.filter(store=store).count(), "vehicles": store.vehicles.count()}


def _demo_fleet(store, users) -> None:
    """Seed 000 part 5: a logistics company with more than 50 cars bought here, all local plates."""
    company = _customer(store, FLEET_COMPANY[0], FLEET_COMPANY[1], source="fleet", occupation="物流")
    representative = _customer(store, FLEET_REPRESENTATIVE[0], FLEET_REPRESENTATIVE[1], source="fleet")
    fleet = FleetAccount.objects.filter(store=store, name=company.name).first()
    if fleet is None:
        fleet = membership.open_fleet_account(
            store=store,
            name=company.name,
            representative=representative,
            fleet_specialist=users["sales_head"],
            local_plate_prefix="粤A",
        )
    for number in range(FLEET_SIZE):
        vehicle = _vehicle(
            company,
            with_check_digit(f"LSVAU2A3XN{number:06d}"),
            plate=f"粤AD{number:05d}" if number % 4 == 0 else f"粤AL{number:03d}8",
            brand="大众",
            model_name="ID.4 CROZZ" if number % 4 == 0 else "朗逸",
            bought_here=True,
            purchase_date=date(2025, 3, 1) + timedelta(days=number),
            mileage=20000 + number * 700,
        )
        if not vehicle.memberships.exists():
            membership.add_fleet_vehicle(fleet, vehicle, by=users["gm"])
    if fleet.status == FleetAccount.Status.FORMING:
        membership.activate_fleet(fleet, by=users["gm"])
