"""The import writes in sets: its query count does not grow with the number of rows."""

import pytest

from customers.importing import run_import
from customers.models import Customer, Vehicle
from organization.roles import Role
from tests.factories import CustomerFactory, VehicleFactory


def rows(count: int) -> list[dict[str, str]]:
    return [
        {
            "name": f"客户{n:04d}",
            "mobile": f"139{n:08d}",
            "gender": "男",
            "occupation": "工程师",
            "vin": f"LFV2A21K8N3{n:06d}",
            "plate": f"粤A{n:05d}",
            "mileage": str(12000 + n),
        }
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [10, 200])
def test_the_query_count_does_not_grow_with_the_rows(count, store, staff, django_assert_max_num_queries):
    by = staff(Role.GENERAL_MANAGER)
    data = rows(count)
    # Every fifth row merges into a customer already on file; half of those bring a car already on file.
    for n in range(0, count, 5):
        customer = CustomerFactory(store=store, mobile=data[n]["mobile"], occupation="", birthday=None)
        if n % 10 == 0:
            VehicleFactory(owner=customer, vin=data[n]["vin"], plate="", mileage=None)
    # A mobile twice in the file: the second row fills what the first left empty.
    data.append({"name": "同一个人", "mobile": data[1]["mobile"], "notes": "第二行"})
    # 20 queries for either size on PostgreSQL (BATCH rows a statement); SQLite binds at most 999 values a
    # statement, so Django splits its inserts every 40 or so rows: 20 queries for 10 rows, 33 for 200.
    with django_assert_max_num_queries(40):
        summary = run_import(store, data, by=by)
    assert (summary.customers_created, summary.customers_merged, summary.vehicles_created) == (
        count - count // 5,
        count // 5 + 1,
        count - count // 10,
    )
    assert Customer.objects.count() == count and Vehicle.objects.count() == count
    assert not Customer.objects.filter(occupation="").exists()
    assert Customer.objects.get(mobile=data[1]["mobile"]).notes == "第二行"
    assert not Vehicle.objects.filter(plate="").exists() and not Vehicle.objects.filter(mileage=None).exists()
