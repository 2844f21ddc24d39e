"""Export time and peak memory of the monthly complaint statistics for months of growing size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/<db> .venv/bin/python bench/complaint_export.py 5000 50000

Loads each month's complaints (one department, one person at fault, six milestones, a breach on every fifth) into
its own store with bulk inserts, then runs `export_complaint_stats` for that store in a fresh process and prints its
wall time and peak RSS. The months stay in the database: run it on a throwaway one.
"""

import os
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealer_crm.settings")

TZ = ZoneInfo("Asia/Shanghai")
KINDS = ["hand_over", "first_contact", "agreement", "satisfaction_callback", "plan_sign_off", "department_reply"]


def load(size: int) -> str:
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.db import transaction

    from complaints.models import Breach, Complaint, ComplaintDepartment, Milestone
    from customers.models import Customer, Vehicle
    from organization.models import Department, Store, User
    from organization.policies import current_policy

    code = f"bench-export-{size}"
    if Complaint.objects.filter(store__code=code).exists():
        return code
    with transaction.atomic():
        store = Store.objects.create(code=code, name=f"导出测试店{size}")
        workshop = Department.objects.create(store=store, kind=Department.Kind.WORKSHOP)
        cs = User.objects.create(username=f"{code}-cs", name="客服", store=store)
        cs.groups.add(Group.objects.get(name="客服专员"))
        tech = User.objects.create(username=f"{code}-tech", name="技师", store=store, department=workshop)
        customers = Customer.objects.bulk_create(
            [Customer(store=store, name=f"客户{i}", mobile=f"139{size % 1000:03d}{i:05d}") for i in range(1000)]
        )
        vehicles = Vehicle.objects.bulk_create(
            [Vehicle(store=store, owner=c, plate=f"粤B{i:05d}") for i, c in enumerate(customers)]
        )
        policy = current_policy(store)
        start, step = datetime(2026, 10, 1, tzinfo=TZ), timedelta(days=31) / size
        for first in range(0, size, 5000):
            batch = [
                Complaint(
                    store=store,
                    customer=customers[i % 1000],
                    vehicle=vehicles[i % 1000],
                    source="callback",
                    category=["valid", "vague", "related_other"][i % 3],
                    severity=["grumble", "general", "major"][i % 3],
                    route=["callback", "front_desk"][i % 2],
                    description="异响",
                    technique=["", "mechanical", "body_paint"][i % 3],
                    raised_at=start + step * i,
                    logged_at=start + step * i,
                    logged_by=cs,
                    customer_service=cs,
                    responsible=tech,
                    policy=policy,
                    loss=["none", "implicit", "explicit"][i % 3],
                )
                for i in range(first, min(first + 5000, size))
            ]
            Complaint.objects.bulk_create(batch)
            ComplaintDepartment.objects.bulk_create(
                [ComplaintDepartment(complaint=c, department=workshop) for c in batch]
            )
            Complaint.at_fault.through.objects.bulk_create(
                [Complaint.at_fault.through(complaint=c, user=tech) for c in batch]
            )
            milestones = [
                Milestone(
                    store=store,
                    complaint=c,
                    kind=kind,
                    sequence=k,
                    owner_role="部门经理",
                    anchor="raised_at",
                    due_at=c.raised_at + timedelta(hours=2 + k),
                    met_at=c.raised_at + timedelta(hours=1 + 2 * k) if (c.pk + k) % 3 else None,
                )
                for c in batch
                for k, kind in enumerate(KINDS)
            ]
            Milestone.objects.bulk_create(milestones)
            Breach.objects.bulk_create(
                [
                    Breach(
                        store=store,
                        milestone=m,
                        complaint=m.complaint,
                        due_at=m.due_at,
                        noticed_at=m.due_at,
                        charged_department=workshop,
                        charged_role="部门经理",
                    )
                    for m in milestones[::5]
                ]
            )
    return code


def measure(code: str) -> None:
    out = f"/tmp/{code}.xlsx"
    child = (
        "import django, resource, time; django.setup(); from django.core.management import call_command; "
        f"t = time.perf_counter(); call_command('export_complaint_stats', '--month', '2026-10', '--out', '{out}', "
        f"'--store', '{code}'); print(f'{{time.perf_counter() - t:.2f}} s, peak RSS "
        "{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB')"
    )
    subprocess.run([sys.executable, "-c", child], check=True, env=os.environ)


if __name__ == "__main__":
    for size in map(int, sys.argv[1:] or ["5000", "50000"]):
        began = time.perf_counter()
        code = load(size)
        print(f"{size} complaints loaded in {time.perf_counter() - began:.0f} s", flush=True)
        measure(code)
    print(f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
