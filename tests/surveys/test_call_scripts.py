import pytest
from django.urls import reverse
from django.utils.translation import gettext
from hypothesis import given

from organization.models import Department
from organization.roles import Role
from surveys.models import Callback, CallScript
from surveys.scripts import DEFAULT_SCRIPTS, script_for
from tests.customers.test_bad_input import FUZZ, field, form, split, text
from tests.factories import CallbackFactory, DepartmentFactory


@pytest.fixture
def head(store, staff):
    head = staff(Role.DEPARTMENT_HEAD)
    DepartmentFactory(store=store, kind=Department.Kind.CUSTOMER_SERVICE, head=head)
    return head


def test_every_kind_has_a_default_script():
    assert set(DEFAULT_SCRIPTS) == set(Callback.Kind.values)


def test_the_callback_page_shows_the_default_script_for_its_kind(store, staff, client_of):
    cs = staff(Role.CUSTOMER_SERVICE)
    callback = CallbackFactory(customer__store=store, owner=cs, kind=Callback.Kind.MONTH_AFTER_PURCHASE)
    page = client_of(cs).get(reverse("surveys:callback_detail", args=[callback.pk])).content.decode()
    aside = page.split('data-testid="call-script"')[1].split("</aside>")[0]
    expected = (
        "Ask how the first month with the car went: its condition, its use, whether the delivery explained enough."
    )
    assert gettext(expected) in aside


def test_the_head_writes_a_script_the_callback_page_then_shows(store, other_store, head, staff, client_of):
    kind = Callback.Kind.SATISFACTION_SURVEY
    client = client_of(head)
    assert client.get(reverse("surveys:call_scripts")).status_code == 200
    response = client.post(reverse("surveys:call_scripts"), {"kind": kind, "text": "您好，请问对本次保养满意吗？"})
    assert response.status_code == 302
    response = client.post(reverse("surveys:call_scripts"), {"kind": kind, "text": "您好，打扰两分钟做个回访。"})
    script = CallScript.objects.get(store=store, kind=kind)
    assert script.text == "您好，打扰两分钟做个回访。" and script.updated_by == head and script.history.count() == 2
    assert script_for(store, kind) == "您好，打扰两分钟做个回访。"
    assert script_for(other_store, kind) == str(DEFAULT_SCRIPTS[kind])
    cs = staff(Role.CUSTOMER_SERVICE)
    callback = CallbackFactory(customer__store=store, owner=cs, kind=kind)
    page = client_of(cs).get(reverse("surveys:callback_detail", args=[callback.pk])).content.decode()
    assert "您好，打扰两分钟做个回访。" in page.split('data-testid="call-script"')[1]


def test_only_the_customer_service_head_writes_scripts(store, staff, client_of):
    sales_head = staff(Role.DEPARTMENT_HEAD)
    DepartmentFactory(store=store, kind=Department.Kind.SALES, head=sales_head)
    for user in (sales_head, staff(Role.CUSTOMER_SERVICE), staff(Role.GENERAL_MANAGER)):
        client = client_of(user)
        assert client.get(reverse("surveys:call_scripts")).status_code == 403
        data = {"kind": Callback.Kind.VIP_CARE, "text": "改话术"}
        assert client.post(reverse("surveys:call_scripts"), data).status_code == 403
    assert not CallScript.objects.exists()


@FUZZ
@given(
    drawn=form(
        kind=field([Callback.Kind.VIP_CARE, Callback.Kind.OWNER_LECTURE_FEEDBACK], ["", "nope", "vip"]),
        text=text(4000, ok=("您好，我是客服。",)),
    )
)
def test_bad_script_input_is_a_422_and_saves_nothing(drawn, head, client_of):
    values, is_bad = split(drawn)
    response = client_of(head).post(reverse("surveys:call_scripts"), values)
    if is_bad:
        assert response.status_code == 422
    assert response.status_code in (302, 422)
    assert CallScript.objects.exists() == (response.status_code == 302)
    CallScript.objects.all().delete()
