import pytest

from customers.search import search_customers
from organization.roles import Role
from tests.factories import CustomerFactory, VehicleFactory


@pytest.fixture
def people(store):
    zhang = CustomerFactory(store=store, name="张伟明", mobile="13812341234")
    VehicleFactory(owner=zhang, plate="粤AD12345", vin="LFV2A21K8N3041234")
    VehicleFactory(owner=zhang, plate="粤A54321", vin="LSVAU2180N2183294")
    wang = CustomerFactory(store=store, name="王芳", mobile="13900005555")
    return zhang, wang


@pytest.mark.parametrize(
    "text, names",
    [
        ("张", {"张伟明"}),
        ("王芳", {"王芳"}),
        ("明", {"张伟明"}),
        ("138 1234 1234", {"张伟明"}),
        ("5555", {"王芳"}),
        ("粤ad 12345", {"张伟明"}),
        ("lsvau2180n2183294", {"张伟明"}),
        ("183294", {"张伟明"}),
        ("", {"张伟明", "王芳"}),
        ("赵", set()),
        ("%", set()),
    ],
)
def test_one_box_finds_by_name_mobile_plate_or_vin(text, names, people, store, staff):
    found = search_customers(store, text, by=staff(Role.SERVICE_ADVISOR))
    assert {c.name for c in found} == names
    assert found.count() == len(names)  # two matching vehicles still give one row
