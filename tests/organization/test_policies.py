from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from customers.deliveries import SALES_DELIVERY
from organization.events import BusinessEvent, announce
from organization.messaging import MAX_ATTEMPTS
from organization.models import PolicySet
from organization.policies import Unit, all_definitions, current_policy, definition, revise_policy
from organization.roles import Role
from surveys.callbacks import SALES_FIRST_WITHIN, SATISFACTION_SURVEY_WITHIN, VIP_CARE_WITHIN
from surveys.models import Callback
from tests.factories import StoreFactory, VehicleFactory, VehicleSaleFactory


def policy_post(policy_set, **changes):
    """The policy form as the GM submits it: every current value, with `changes` applied."""
    data = {"base_version": policy_set.version, "note": "调整回访时限"}
    for key, text in policy_set.raw_values.items():
        if definition(key).unit == Unit.FLAG:
            text = "on" if text == "1" else ""
        data[key] = text
    data.update(changes)
    return data


def test_every_defined_key_has_a_group_default(db):
    group = current_policy(None)
    assert {d.key for d in all_definitions()} <= set(group.raw_values)


def test_a_store_starts_from_the_group_defaults(store):
    policy = current_policy(store)
    assert policy.store == store and policy.version == 1
    assert policy.value(SALES_FIRST_WITHIN) == timedelta(hours=24)
    assert policy.raw_values == current_policy(None).raw_values


def test_an_old_record_keeps_the_version_it_was_created_under(store, staff):
    consultant = staff(Role.SALES_CONSULTANT)
    first_vehicle, second_vehicle = VehicleFactory(owner__store=store), VehicleFactory(owner__store=store)
    delivered = timezone.now()

    def deliver(vehicle):
        sale = VehicleSaleFactory(vehicle=vehicle, consultant=consultant, delivered_at=delivered)
        announce(BusinessEvent(SALES_DELIVERY, sale, store, vehicle.owner, vehicle, consultant, delivered))
        return Callback.objects.get(source=sale.source, kind=Callback.Kind.SALES_FIRST)

    old = deliver(first_vehicle)
    revised = revise_policy(current_policy(store), {"callbacks.sales_first_hours": "12"}, by=consultant, note="试行")
    new = deliver(second_vehicle)

    old.refresh_from_db()
    assert old.policy.version == 1 and old.due_at == delivered + timedelta(hours=24)
    assert new.policy == revised and new.due_at == delivered + timedelta(hours=12)
    assert old.policy.value(SALES_FIRST_WITHIN) == timedelta(hours=24)


def test_the_gm_saves_a_new_version_from_the_policy_page(store, staff, client_of):
    gm = staff(Role.GENERAL_MANAGER)
    client = client_of(gm)
    base = current_policy(store)
    response = client.post(
        reverse("organization:policies"), policy_post(base, **{"callbacks.satisfaction_survey_days": "5"})
    )
    assert response.status_code == 302
    latest = current_policy(store)
    assert latest.version == 2 and latest.created_by == gm and latest.note == "调整回访时限"
    assert latest.value(SATISFACTION_SURVEY_WITHIN) == timedelta(days=5)
    history = client.get(reverse("organization:policy_history")).content.decode()
    assert "v2" in history and "调整回访时限" in history


def test_a_value_out_of_range_is_refused_with_a_message(store, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    response = client.post(
        reverse("organization:policies"), policy_post(current_policy(store), **{"callbacks.sales_first_hours": "-3"})
    )
    assert response.status_code == 422
    assert "确保该值大于或等于" in response.content.decode()
    assert PolicySet.objects.filter(store=store).count() == 1


@pytest.mark.parametrize("bad", ["abc", "1e999", "", "12小时"])
def test_garbage_is_refused_without_a_new_version(bad, store, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    response = client.post(
        reverse("organization:policies"), policy_post(current_policy(store), **{"callbacks.vip_care_hours": bad})
    )
    assert response.status_code == 422
    assert PolicySet.objects.filter(store=store).count() == 1


def test_a_stale_form_is_refused(store, staff, client_of):
    gm = staff(Role.GENERAL_MANAGER)
    stale = current_policy(store)
    revise_policy(stale, {"callbacks.vip_care_hours": "24"}, by=gm, note="另一位经理")
    response = client_of(gm).post(
        reverse("organization:policies"), policy_post(stale, **{"callbacks.vip_care_hours": "36"})
    )
    assert response.status_code == 422
    assert "已被他人修改" in response.content.decode()
    assert current_policy(store).value(VIP_CARE_WITHIN) == timedelta(hours=24)


def test_revising_without_a_change_is_refused(store, staff):
    with pytest.raises(ValidationError):
        revise_policy(current_policy(store), {}, by=staff(Role.GENERAL_MANAGER), note="")


def test_the_group_user_edits_the_group_defaults_not_a_store(store, group_user, client_of):
    store_version = current_policy(store)
    response = client_of(group_user).post(
        reverse("organization:policies"), policy_post(current_policy(None), **{"messages.max_attempts": "5"})
    )
    assert response.status_code == 302
    assert current_policy(None).value(MAX_ATTEMPTS) == 5
    assert current_policy(store) == store_version


def test_a_store_manager_other_than_the_gm_cannot_edit_policies(store, staff, client_of):
    client = client_of(staff(Role.AFTER_SALES_MANAGER))
    assert client.get(reverse("organization:policies")).status_code == 403
    assert client.post(reverse("organization:policies"), policy_post(current_policy(store))).status_code == 403


def test_a_fractional_count_is_refused_with_a_message_and_no_new_version(store, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    response = client.post(
        reverse("organization:policies"), policy_post(current_policy(store), **{"callbacks.max_attempts": "2.5"})
    )
    assert response.status_code == 422
    assert gettext("Enter a whole number.") in response.content.decode()
    assert PolicySet.objects.filter(store=store).count() == 1


def test_a_fractional_month_is_refused(store, staff, client_of):
    client = client_of(staff(Role.GENERAL_MANAGER))
    response = client.post(
        reverse("organization:policies"), policy_post(current_policy(store), **{"points.redemption_month": "11.5"})
    )
    assert response.status_code == 422
    assert PolicySet.objects.filter(store=store).count() == 1


def field_html(page: str, name: str) -> str:
    """The markup around one input of the policy page: its label, input and unit."""
    start = page.index(f'name="{name}"')
    return page[page.rfind("<label", 0, start) : page.index("</div>", start) + 6]


def test_units_read_right_on_the_policy_page(store, staff, client_of):
    page = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("organization:policies")).content.decode()
    assert pgettext("policy unit", "vehicles") in field_html(page, "membership.fleet_min_vehicles")
    assert pgettext("policy unit", "month of the year") in field_html(page, "points.redemption_month")
    assert gettext("times") not in field_html(page, "membership.fleet_min_vehicles")
    assert gettext("times") not in field_html(page, "points.redemption_month")
    assert gettext("times") in field_html(page, "callbacks.max_attempts")


def test_the_member_discounts_show_as_a_table_of_what_the_customer_pays(store, staff, client_of):
    page = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("organization:policies")).content.decode()
    table = page[page.rfind("<table", 0, page.index('name="discounts.fleet_labor_percent"')) :]
    table = table[: table.index("</table>")]
    for line in ("labor", "parts", "paint_labor", "accessories"):
        assert f'name="discounts.fleet_{line}_percent"' in table and f'name="discounts.vip_{line}_percent"' in table
    assert gettext("% of list price") in table


def test_no_label_on_the_policy_page_has_doubled_brackets(store, staff, client_of):
    page = client_of(staff(Role.GENERAL_MANAGER)).get(reverse("organization:policies")).content.decode()
    assert "）（" not in page and ")(" not in page


def test_a_brand_new_stores_policy_page_writes_nothing(staff, client_of):
    new_store = StoreFactory(code="new", name="新店")
    client = client_of(staff(Role.GENERAL_MANAGER, store=new_store))
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("organization:policies")).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert [sql for sql in writes if "policy" in sql] == []
