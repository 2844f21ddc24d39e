"""`seed_demo --scale N`: N customers and 1.5 N vehicles over many stores, for load tests and benchmarks.

Names follow the mainland surname distribution (王, 李 and 张 are about 7% each), so a one-character
surname search returns thousands of rows, as it would in a real group. Each store loads in one
transaction (COPY on PostgreSQL, bulk_create elsewhere); a store that already has customers is skipped,
so an interrupted load re-run continues where it stopped and never doubles a store.
"""

import io
import random
import re
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction

from customers.models import Customer, Vehicle
from customers.validation import VIN_VALUES, VIN_WEIGHTS
from organization.models import Department, Store, User
from organization.roles import Role

VEHICLES_PER_CUSTOMER = 1.5
ROUND = 1000  # customers per store in one load transaction
STORE_CODE = "scale-{:03d}"
STAFF_PASSWORD = "demo1234"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Share per 10,000 people of the most common surnames (Ministry of Public Security, 2020 figures, rounded).
SURNAME_SHARES = (
    "王712 李695 张674 刘538 陈453 杨308 黄223 赵215 吴205 周198 徐161 孙154 马144 朱131 胡125 郭118 何115 "
    "高107 林103 罗93 郑88 梁85 谢74 宋66 唐64 许63 韩61 冯60 邓59 曹58 彭56 曾55 肖52 田51 董50 袁49 潘48 "
    "于47 蒋46 蔡45 余44 杜43 叶42 程41 苏40 魏39 吕38 丁37 任36 沈35 姚34 卢33 姜32 崔31 钟30 谭29 陆28 "
    "汪27 范26 金25 石24 廖23 贾22 夏21 韦20 付20 方19 白19 邹18 孟18 熊17 秦17 邱16 江16 尹15 薛15 闫14 "
    "段14 雷13 侯13 龙12 史12 陶11 黎11 贺11 顾10 毛10 郝10 龚9 邵9 万9 钱9 严8 覃8 武8 戴8 莫7 孔7 向7 "
    "汤7 欧阳5 上官1 司马1 诸葛1"
)
GIVEN_CHARACTERS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂华玉萍红玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁龙林欣佳嘉怡雪琳晨辰阳"
    "博文轩子涵梓睿思雨婷建国志新海波小亮春梅兰云飞鹏成东辉峰晓丹慧建立永德荣红霞金宝家庆淑珍凤秀兰丽娟婉清若"
)
OCCUPATIONS = [
    "",
    "",
    "教师",
    "医生",
    "工程师",
    "会计",
    "个体经营",
    "公务员",
    "销售",
    "司机",
    "设计师",
    "律师",
    "企业主",
]
SOURCES = [("walk_in", 50), ("referral", 15), ("online", 15), ("phone", 15), ("fleet", 5)]
MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "170 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199"
).split()
# City, plate prefix, store brand.
CITIES = [
    ("广州", "粤A"),
    ("深圳", "粤B"),
    ("佛山", "粤E"),
    ("东莞", "粤S"),
    ("北京", "京N"),
    ("上海", "沪A"),
    ("天津", "津A"),
    ("重庆", "渝A"),
    ("成都", "川A"),
    ("杭州", "浙A"),
    ("宁波", "浙B"),
    ("南京", "苏A"),
    ("苏州", "苏E"),
    ("武汉", "鄂A"),
    ("长沙", "湘A"),
    ("郑州", "豫A"),
    ("西安", "陕A"),
    ("济南", "鲁A"),
    ("青岛", "鲁B"),
    ("合肥", "皖A"),
    ("福州", "闽A"),
    ("厦门", "闽D"),
    ("昆明", "云A"),
    ("南宁", "桂A"),
]
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤川"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
YEAR_CODES = "GHJKLMNPR"  # model years 2016 to 2024
DIGITS = "0123456789"
# Ordinary plates: five characters, at most two of them letters.
PLATE_SHAPES = [
    [DIGITS] * 5,
    [DIGITS] * 5,
    [PLATE_LETTERS, *[DIGITS] * 4],
    [*[DIGITS] * 4, PLATE_LETTERS],
    [DIGITS, PLATE_LETTERS, *[DIGITS] * 3],
    [DIGITS, DIGITS, PLATE_LETTERS, PLATE_LETTERS, DIGITS],
]
# Brand, world manufacturer identifiers, models, share of new-energy plates.
BRANDS = [
    ("大众", ["LSV", "LFV"], ["朗逸", "帕萨特", "途观L", "速腾", "迈腾", "ID.4 CROZZ"], 0.1),
    ("丰田", ["LVG", "LFM"], ["卡罗拉", "凯美瑞", "RAV4荣放", "汉兰达", "亚洲龙"], 0.1),
    ("本田", ["LHG", "LVH"], ["雅阁", "思域", "CR-V", "皓影", "飞度"], 0.1),
    ("别克", ["LSG"], ["英朗", "君越", "昂科威", "GL8"], 0.05),
    ("比亚迪", ["LGX", "LC0"], ["秦PLUS", "汉", "宋PLUS", "元PLUS", "海豹"], 0.9),
    ("宝马", ["LBV"], ["3系", "5系", "X1", "X3", "i3"], 0.15),
]


def _weighted(pairs: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


SURNAME_VALUES, SURNAME_WEIGHTS = _weighted([(s, int(n)) for s, n in re.findall(r"(\D+?)(\d+)\s*", SURNAME_SHARES)])
SOURCE_VALUES, SOURCE_WEIGHTS = _weighted(SOURCES)


def load_scale(total_customers: int, *, stores: int, report: Callable[[str], None] = print) -> dict:
    """Spread `total_customers` customers (and 1.5 times as many vehicles) over `stores` generated stores.

    Rows load in rounds of ROUND customers per store, shuffled across stores as real sign-ups would be;
    each round is one transaction, and a re-run with the same arguments resumes at the first missing round.
    """
    started = time.monotonic()
    password = make_password(STAFF_PASSWORD)
    groups = {g.name: g for g in Group.objects.filter(name__in=[Role.SERVICE_ADVISOR, Role.GENERAL_MANAGER])}
    plan = []
    for index in range(stores):
        with transaction.atomic():
            store = _store(index)
            _staff(store, password, groups)
        plan.append((store, index, total_customers // stores + (1 if index < total_customers % stores else 0)))
    rounds = -(-plan[0][2] // ROUND)
    done = -(-Customer.objects.filter(store=plan[0][0]).count() // ROUND)
    for number in range(done, rounds):
        round_started = time.monotonic()
        with transaction.atomic():
            customers, vehicles = _load_round(plan, number)
        report(
            f"round {number + 1}/{rounds}: {customers} customers, {vehicles} vehicles "
            f"in {time.monotonic() - round_started:.1f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Customer._meta.db_table}, {Vehicle._meta.db_table}")
    result = {"rounds_loaded": rounds - done, "rounds_skipped": done, "seconds": time.monotonic() - started}
    report(
        f"Scale data: {result['rounds_loaded']} rounds loaded, {result['rounds_skipped']} already there, "
        f"{result['seconds']:.1f} s"
    )
    return result


def _store(index: int) -> Store:
    city, _plate = CITIES[index % len(CITIES)]
    brand = BRANDS[index % len(BRANDS)][0]
    store, _ = Store.objects.get_or_create(
        code=STORE_CODE.format(index + 1),
        defaults={"name": f"{city}{brand}{index + 1}号4S店", "city": city, "home_region": city},
    )
    return store


def _staff(store: Store, password: str, groups: dict) -> None:
    """An advisor and a GM per store (password demo1234), so pages can be requested as a real user."""
    for kind, role, prefix, name in [
        (Department.Kind.AFTER_SALES, Role.SERVICE_ADVISOR, "advisor", "服务顾问"),
        (Department.Kind.MANAGEMENT, Role.GENERAL_MANAGER, "gm", "总经理"),
    ]:
        department, _ = Department.objects.get_or_create(store=store, kind=kind)
        user, created = User.objects.get_or_create(
            username=f"{prefix}-{store.code}",
            defaults={"name": f"{store.city}{name}", "store": store, "department": department, "password": password},
        )
        if created:
            user.groups.add(groups[role])


def _load_round(plan: list[tuple[Store, int, int]], number: int) -> tuple[int, int]:
    customer_rows, vehicle_plans = [], []
    for store, index, size in plan:
        rng = random.Random(f"{store.code}/{number}")
        first, last = number * ROUND, min((number + 1) * ROUND, size)
        rows = [_customer_row(rng, store.id, _mobile(rng, store.id, k)) for k in range(first, last)]
        extra = rng.choices(range(len(rows)), k=round(len(rows) * (VEHICLES_PER_CUSTOMER - 1))) if rows else []
        customer_rows += rows
        vehicle_plans.append((rng, store, index, number * 2 * ROUND, rows + [rows[i] for i in extra]))
    random.Random(number).shuffle(customer_rows)
    for row, pk in zip(customer_rows, insert_rows(Customer, customer_rows), strict=True):
        row["id"] = pk
    vehicle_rows = []
    for rng, store, index, first_serial, owners in vehicle_plans:
        city_plate, home_brand = CITIES[index % len(CITIES)][1], BRANDS[index % len(BRANDS)]
        vehicle_rows += [
            _vehicle_row(rng, store.id, owner["id"], first_serial + j, city_plate, home_brand)
            for j, owner in enumerate(owners)
        ]
    random.Random(-number).shuffle(vehicle_rows)
    insert_rows(Vehicle, vehicle_rows)
    return len(customer_rows), len(vehicle_rows)


def _spread(k: int, modulus: int, salt: int, step: int = 7_654_321) -> int:
    """A different number below `modulus` for each k below it (step is prime to 10): unique, random-looking."""
    return (k * step + salt * 1_234_567) % modulus


def person_name(rng: random.Random) -> str:
    surname = rng.choices(SURNAME_VALUES, SURNAME_WEIGHTS)[0]
    given = rng.choice(GIVEN_CHARACTERS)
    if rng.random() < 0.75:
        given += rng.choice(GIVEN_CHARACTERS)
    return surname + given


def _mobile(rng: random.Random, store_id: int, k: int) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{_spread(k, 10**8, store_id):08d}"


def _moment(rng: random.Random, start_year: int) -> datetime:
    start = datetime(start_year, 1, 1, tzinfo=SHANGHAI)
    return start + timedelta(
        seconds=rng.randrange(int((datetime(2025, 6, 30, tzinfo=SHANGHAI) - start).total_seconds()))
    )


def _customer_row(rng: random.Random, store_id: int, mobile: str) -> dict:
    grade = rng.choice(["", "", "A", "B", "C"])
    return {
        "store_id": store_id,
        "name": person_name(rng),
        "mobile": mobile,
        "gender": rng.choice(["male", "female", ""]),
        "birthday": date(1950, 1, 1) + timedelta(days=rng.randrange(19000)) if rng.random() < 0.8 else None,
        "occupation": rng.choice(OCCUPATIONS),
        "source": rng.choices(SOURCE_VALUES, SOURCE_WEIGHTS)[0],
        "marketing_consent": rng.random() < 0.6,
        "grade": grade,
        "suggested_grade": grade,
        "created_at": _moment(rng, 2016),
    }


def _vin(rng: random.Random, wmis: list[str], serial: int) -> str:
    """WMI, a random descriptor, the check digit, model year, plant and a serial unique in the store."""
    vin = rng.choice(wmis) + "".join(rng.choices(VIN_LETTERS, k=5)) + "0" + rng.choice(YEAR_CODES)
    vin += rng.choice(PLATE_LETTERS[:10]) + f"{serial:06d}"
    total = sum(VIN_VALUES[char] * weight for char, weight in zip(vin, VIN_WEIGHTS, strict=True))
    return vin[:8] + ("X" if total % 11 == 10 else str(total % 11)) + vin[9:]


def _plate(rng: random.Random, city_plate: str, new_energy_share: float, number: int) -> str:
    """A mainland plate whose tail encodes `number`, so no two vehicles of a store share one."""
    prefix = city_plate if rng.random() < 0.9 else rng.choice(PROVINCES) + rng.choice(PLATE_LETTERS[:8])
    if rng.random() < new_energy_share:
        return prefix + _encode(number, ["DF", PLATE_LETTERS + DIGITS, DIGITS, DIGITS, DIGITS, DIGITS])
    return prefix + _encode(number, rng.choice(PLATE_SHAPES))


def _encode(number: int, alphabets: list[str]) -> str:
    chars = []
    for alphabet in reversed(alphabets):
        number, digit = divmod(number, len(alphabet))
        chars.append(alphabet[digit])
    return "".join(reversed(chars))


def _vehicle_row(
    rng: random.Random, store_id: int, owner_id: int, serial: int, city_plate: str, home_brand: tuple
) -> dict:
    brand, wmis, models, new_energy_share = home_brand if rng.random() < 0.85 else rng.choice(BRANDS)
    purchased = _moment(rng, 2016).date()
    registered = rng.random() > 0.03
    return {
        "store_id": store_id,
        "owner_id": owner_id,
        "vin": _vin(rng, wmis, _spread(serial, 10**6, store_id)),
        "plate": _plate(rng, city_plate, new_energy_share, _spread(serial, 10**5, store_id, 3_141_593))
        if registered
        else "",
        "brand": brand,
        "model_name": rng.choice(models),
        "purchase_date": purchased,
        "bought_here": brand == home_brand[0] and rng.random() < 0.8,
        "insured_here": rng.random() < 0.4,
        "mileage": rng.randrange(100, 150_000),
        "warranty_end": purchased + timedelta(days=3 * 365),
        "insurance_expiry": purchased + timedelta(days=365 * (1 + (date(2025, 6, 30) - purchased).days // 365)),
        "created_at": datetime.combine(purchased, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=10),
    }


def insert_rows(model, rows: list[dict], *, ids: bool = True) -> list[int]:
    """Insert `rows` (column values by attname; other columns take the field's default) and return their ids.

    With ids=False nothing is read back (for rows without a store column, e.g. an order's lines).
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in rows[0]}
    if connection.vendor != "postgresql":
        objects = model.objects.bulk_create([model(**defaults, **row) for row in rows], batch_size=1000)
        return [obj.pk for obj in objects]
    columns = [f.attname for f in fields]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_text(row[c] if c in row else defaults[c]) for c in columns))
        buffer.write("\n")
    buffer.seek(0)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        (before,) = cursor.fetchone()
        cursor.copy_expert(f"COPY {table} ({', '.join(f.column for f in fields)}) FROM STDIN", buffer)
        if not ids:
            return []
        # One COPY draws its identities in row order, so ordering by id gives the rows back in order.
        store_ids = sorted({row["store_id"] for row in rows})
        cursor.execute(f"SELECT id FROM {table} WHERE id > %s AND store_id = ANY(%s) ORDER BY id", [before, store_ids])
        pks = [pk for (pk,) in cursor.fetchall()]
    if len(pks) != len(rows):
        raise RuntimeError(f"{table}: someone else inserted rows during the load; run it again")
    return pks


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
