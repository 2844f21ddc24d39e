"""The GM's deadline preview (时限预览): the due times a complaint logged now would get, as literal timestamps."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from complaints import routes
from complaints.models import Complaint, Milestone, Route, Severity
from organization.policies import current_policy, revise_policy
from organization.roles import Role
from tests.complaints.clock import SH, at

Kind = Milestone.Kind
URL = reverse("complaints:deadline_preview")
# Session, user, the navigation's and the page's policy reads: wall-clock hours (the default) read nothing per
# milestone. With business hours on, each due time reads the store's hours and holiday table (two queries).
PREVIEW_QUERIES = 8


@pytest.fixture
def friday_evening(time_machine):
    time_machine.move_to(at("2026-11-27 17:40"), tick=False)


def table(response, route, severity, channel=Complaint.Channel.FACE_TO_FACE) -> dict:
    case = next(c for c in response.context["cases"] if (c.route, c.severity, c.channel) == (route, severity, channel))
    return {row.kind: row.due_at.astimezone(SH) for row in case.rows if row.kind != Kind.DEPARTMENT_REPLY} | {
        (row.kind, "reply"): row.due_at.astimezone(SH) for row in case.rows if row.kind == Kind.DEPARTMENT_REPLY
    }


def test_the_gm_sees_the_due_times_of_a_complaint_logged_now(store, staff, client_of, friday_evening):
    response = client_of(staff(Role.GENERAL_MANAGER)).get(URL)
    assert response.status_code == 200
    assert table(response, Route.CALLBACK, Severity.GRUMBLE) == {
        Kind.HAND_OVER: at("2026-11-27 18:10"),
        Kind.FIRST_CONTACT: at("2026-11-27 19:40"),
        Kind.HANDLED: at("2026-11-28 17:40"),
        Kind.PLAN_SIGN_OFF: at("2026-11-28 17:40"),
        (Kind.DEPARTMENT_REPLY, "reply"): at("2026-11-29 17:40"),  # if handled at its deadline
        Kind.SATISFACTION_CALLBACK: at("2026-11-29 17:40"),
        Kind.GM_FINAL: at("2026-11-30 17:40"),
        Kind.ARCHIVE: at("2026-11-30 23:59:59"),
    }
    assert table(response, Route.CALLBACK, Severity.MAJOR, Complaint.Channel.WRITTEN)[Kind.FIRST_CONTACT] == at(
        "2026-11-27 19:40"
    )  # a major letter: the shorter limit wins
    assert table(response, Route.FRONT_DESK, Severity.MAJOR) == {
        Kind.HAND_OVER: at("2026-11-27 19:40"),
        Kind.GM_INSTRUCTION: at("2026-11-27 21:40"),
        Kind.FIRST_HANDLING: at("2026-11-28 07:40"),
        Kind.DISPATCH: at("2026-11-28 19:40"),
        Kind.DEPARTMENT_RESULT: at("2026-11-29 07:40"),
        Kind.PLAN_SIGN_OFF: at("2026-11-29 07:40"),
        Kind.SUMMARY: at("2026-11-30 07:40"),
        (Kind.DEPARTMENT_REPLY, "reply"): at("2026-11-30 07:40"),
        Kind.SATISFACTION_CALLBACK: at("2026-12-01 07:40"),
        Kind.GM_FINAL: at("2026-12-02 07:40"),
        Kind.ARCHIVE: at("2026-12-02 23:59:59"),
    }
    assert len(response.context["cases"]) == 9
    page = response.content.decode()
    assert "2026-11-27" in page and "19:40" in page
    assert (
        gettext(
            "The durations are edited by the GM on the Policies page (section “Complaints: deadlines and escalation”)."
        )
        in page
    )


def test_an_edited_duration_shows_at_once(store, staff, client_of, friday_evening):
    gm = staff(Role.GENERAL_MANAGER)
    revise_policy(current_policy(store), {routes.ROUTE_B_HOURS[Kind.FIRST_CONTACT, "grumble"].key: "4"}, by=gm, note="")
    response = client_of(gm).get(URL)
    assert table(response, Route.CALLBACK, Severity.GRUMBLE)[Kind.FIRST_CONTACT] == at("2026-11-27 21:40")


def test_the_after_sales_manager_reads_it_and_nobody_else(store, staff, client_of):
    assert client_of(staff(Role.AFTER_SALES_MANAGER)).get(URL).status_code == 200
    assert client_of(staff(Role.CUSTOMER_SERVICE)).get(URL).status_code == 403
    assert client_of(staff(Role.AFTER_SALES_MANAGER)).post(URL).status_code == 405


def test_the_gm_finds_it_in_the_navigation(store, staff, client_of):
    page = client_of(staff(Role.GENERAL_MANAGER)).get(URL).content.decode()
    assert f'href="{URL}"' in page


def test_the_page_reads_a_fixed_number_of_queries(store, staff, client_of, django_assert_max_num_queries):
    client = client_of(staff(Role.GENERAL_MANAGER))
    with django_assert_max_num_queries(PREVIEW_QUERIES):
        client.get(URL)
