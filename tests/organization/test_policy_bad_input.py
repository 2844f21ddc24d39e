from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organization.models import PolicySet
from organization.policies import current_policy
from organization.roles import Role

junk = st.one_of(st.text(max_size=30), st.integers().map(str), st.floats(allow_nan=True).map(str))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hours=junk, start=junk, note=st.text(max_size=300), version=junk)
def test_junk_in_the_policy_form_never_crashes_and_never_half_saves(
    hours, start, note, version, store, staff, client_of
):
    client = client_of(staff(Role.GENERAL_MANAGER))
    base = current_policy(store)
    before = PolicySet.objects.filter(store=store).count()
    data = {**base.raw_values, "callbacks.sales_first_hours": hours, "messages.quiet_hours_start": start}
    response = client.post(reverse("organization:policies"), {**data, "note": note, "base_version": version})
    assert response.status_code in (302, 422)
    after = PolicySet.objects.filter(store=store).count()
    assert after == before + (1 if response.status_code == 302 else 0)
