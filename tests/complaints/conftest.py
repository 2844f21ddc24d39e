"""A store with the people a complaint passes through, and a way to log one as customer service does."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from complaints import handling
from complaints.models import Complaint, Route, Severity
from organization.models import Department, User
from organization.roles import Role
from tests.factories import CustomerFactory, DepartmentFactory, VehicleFactory


@dataclass
class Cast:
    store: object
    customer_service: User
    supervisor: User
    manager: User  # 售后服务经理
    gm: User
    after_sales: Department
    workshop: Department
    sales: Department
    after_sales_head: User
    workshop_head: User
    sales_head: User
    technician: User
    advisor: User


@pytest.fixture
def cast(store, staff):
    gm = staff(Role.GENERAL_MANAGER, name="总经理")
    departments = {kind: DepartmentFactory(store=store, kind=kind) for kind in Department.Kind.values}
    heads = {}
    for kind, department in departments.items():
        head = staff(
            Role.DEPARTMENT_HEAD, name=f"{department.get_kind_display()}经理", department=department, superior=gm
        )
        department.head = head
        department.save(update_fields=["head"])
        heads[kind] = head
    cs = departments[Department.Kind.CUSTOMER_SERVICE]
    return Cast(
        store=store,
        customer_service=staff(Role.CUSTOMER_SERVICE, name="客服小李", department=cs, superior=heads[cs.kind]),
        supervisor=staff(Role.FRONT_DESK_SUPERVISOR, name="前台主管", superior=gm),
        manager=staff(Role.AFTER_SALES_MANAGER, name="售后经理", superior=gm),
        gm=gm,
        after_sales=departments[Department.Kind.AFTER_SALES],
        workshop=departments[Department.Kind.WORKSHOP],
        sales=departments[Department.Kind.SALES],
        after_sales_head=heads[Department.Kind.AFTER_SALES],
        workshop_head=heads[Department.Kind.WORKSHOP],
        sales_head=heads[Department.Kind.SALES],
        technician=staff(
            Role.TECHNICIAN,
            name="技师小王",
            department=departments[Department.Kind.WORKSHOP],
            superior=heads[Department.Kind.WORKSHOP],
        ),
        advisor=staff(
            Role.SERVICE_ADVISOR,
            name="顾问小张",
            department=departments[Department.Kind.AFTER_SALES],
            superior=heads[Department.Kind.AFTER_SALES],
        ),
    )


@pytest.fixture
def log(cast):
    """log(route=…, severity=…, raised_at=…, **more): a complaint logged by customer service, milestones planned.

    Route B goes to the workshop unless `department` says otherwise.
    """

    def make(*, route=Route.CALLBACK, severity=Severity.GENERAL, raised_at=None, now=None, **more) -> Complaint:
        now = now or timezone.now()
        customer = more.pop("customer", None) or CustomerFactory(store=cast.store)
        more.setdefault("vehicle", VehicleFactory(store=cast.store, owner=customer))
        if route == Route.CALLBACK:
            more.setdefault("department", cast.workshop)
        return handling.log_complaint(
            store=cast.store,
            by=more.pop("by", cast.customer_service),
            customer=customer,
            source=more.pop("source", Complaint.Source.CALLBACK),
            category=more.pop("category", Complaint.Category.VALID),
            severity=severity,
            route=route,
            description=more.pop("description", "维修后异响没有解决"),
            raised_at=raised_at or now,
            now=now,
            **more,
        )

    return make
