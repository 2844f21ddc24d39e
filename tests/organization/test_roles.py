"""Role sets live in each app's roles.py; views ask role_required or user.may_write, never list roles."""

import pathlib
import re

import pytest

from customers.roles import READ_CUSTOMERS, WRITE_CUSTOMERS
from organization.roles import Role

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ["organization", "customers", "aftersales", "complaints", "surveys", "dashboard"]
VIEW_MODULES = [path for app in APPS for path in [*(ROOT / app).glob("views.py"), *(ROOT / app).glob("views/*.py")]]


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_view_module_takes_its_roles_from_a_roles_module(path):
    source = path.read_text(encoding="utf-8")
    assert re.findall(r"\bRole\.\w+", source) == []
    assert "is_group_manager" not in source or "has_any_role" not in source


def test_may_write_refuses_the_group_user_who_reads_every_store(staff, group_user):
    assert staff(Role.SALES_CONSULTANT).may_write(WRITE_CUSTOMERS)
    assert not staff(Role.TECHNICIAN).may_write(WRITE_CUSTOMERS)
    assert group_user.has_any_role(*READ_CUSTOMERS)
    assert not group_user.may_write(READ_CUSTOMERS)
