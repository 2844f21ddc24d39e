"""Demo data: one store, every department, a user for every role. Running it again changes nothing."""

from datetime import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from organization import demo
from organization.models import Department, OpeningHours, Store, User
from organization.roles import Role

DEMO_PASSWORD = "demo1234"
K = Department.Kind

# username, name, roles, department, superior's username
DEMO_STAFF = [
    ("gm", "王建国", [Role.GENERAL_MANAGER], K.MANAGEMENT, None),
    ("asm", "李国强", [Role.AFTER_SALES_MANAGER, Role.DEPARTMENT_HEAD], K.AFTER_SALES, "gm"),
    ("sales_head", "赵丽华", [Role.DEPARTMENT_HEAD], K.SALES, "gm"),
    ("cs_head", "孙晓燕", [Role.DEPARTMENT_HEAD], K.CUSTOMER_SERVICE, "gm"),
    ("workshop_head", "周志刚", [Role.DEPARTMENT_HEAD], K.WORKSHOP, "gm"),
    ("parts_head", "吴海涛", [Role.DEPARTMENT_HEAD], K.PARTS, "gm"),
    ("accessories_head", "郑美玲", [Role.DEPARTMENT_HEAD], K.ACCESSORIES, "gm"),
    ("supervisor", "陈静", [Role.FRONT_DESK_SUPERVISOR], K.AFTER_SALES, "asm"),
    ("advisor", "刘洋", [Role.SERVICE_ADVISOR], K.AFTER_SALES, "asm"),
    ("advisor2", "周敏", [Role.SERVICE_ADVISOR], K.AFTER_SALES, "asm"),
    ("sales", "张伟", [Role.SALES_CONSULTANT], K.SALES, "sales_head"),
    ("cs", "杨雪", [Role.CUSTOMER_SERVICE], K.CUSTOMER_SERVICE, "cs_head"),
    ("tech", "黄磊", [Role.TECHNICIAN], K.WORKSHOP, "workshop_head"),
    ("tech2", "邓超", [Role.TECHNICIAN], K.WORKSHOP, "workshop_head"),
    ("qc", "何军", [Role.QC_INSPECTOR], K.WORKSHOP, "workshop_head"),
    ("parts", "马超", [Role.PARTS_STAFF], K.PARTS, "parts_head"),
    ("lounge", "林小红", [Role.LOUNGE_STAFF], K.AFTER_SALES, "asm"),
]
GROUP_USER = ("group", "集团管理员")
HEADS = {
    K.MANAGEMENT: "gm",
    K.AFTER_SALES: "asm",
    K.SALES: "sales_head",
    K.CUSTOMER_SERVICE: "cs_head",
    K.WORKSHOP: "workshop_head",
    K.PARTS: "parts_head",
    K.ACCESSORIES: "accessories_head",
}


class Command(BaseCommand):
    help = "Load the demo store, its departments and one user per role (password: demo1234)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, metavar="N", help="Also generate N customers and 1.5 N vehicles (resumable)."
        )
        parser.add_argument("--stores", type=int, default=100, help="How many stores --scale spreads over.")

    def handle(self, *args, scale=None, stores=100, **options):
        self.seed_demo_store()
        if scale:
            for loader in demo.scale_loaders:
                loader(scale, stores=stores, report=self.stdout.write)

    @transaction.atomic
    def seed_demo_store(self):
        store, _ = Store.objects.get_or_create(
            code="demo", defaults={"name": "示范4S店", "city": "广州", "home_region": "广东省", "phone": "020-12345678"}
        )
        for weekday in OpeningHours.Weekday:
            OpeningHours.objects.get_or_create(
                store=store, weekday=weekday, defaults={"opens_at": time(8, 30), "closes_at": time(18, 0)}
            )
        departments = {kind: Department.objects.get_or_create(store=store, kind=kind)[0] for kind in K}
        users = {}
        for username, name, roles, kind, superior in DEMO_STAFF:
            users[username] = self._user(username, name, roles, store, departments[kind], users.get(superior))
        self._user(*GROUP_USER, [Role.GROUP_MANAGEMENT], None, None, None)
        for kind, username in HEADS.items():
            Department.objects.filter(pk=departments[kind].pk).update(head=users[username])
        for loader in demo.store_loaders:
            loader(store, users)
        self.stdout.write(
            self.style.SUCCESS(f"Demo store {store.name}: {len(users) + 1} users, password {DEMO_PASSWORD}")
        )

    def _user(self, username, name, roles, store, department, superior):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"name": name, "store": store, "department": department, "superior": superior},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=roles))
        return user
