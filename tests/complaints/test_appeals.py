"""The appeals page and its actions through the test client: file, take to the GM, rule with a signature."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from complaints.models import Appeal, Complaint
from tests.factories import AppealFactory, ComplaintFactory


@pytest.fixture
def complaint(cast, log):
    complaint = log()
    complaint.at_fault.add(cast.technician)
    return complaint


def file(client_of, who, complaint, reason="客户自己没按时保养"):
    return client_of(who).post(reverse("complaints:appeal_file", args=[complaint.pk]), {"reason": reason})


def forward(client_of, who, appeal, note="确实不是技师责任"):
    appeal.refresh_from_db()
    data = {"note": note, "row_version": appeal.row_version}
    return client_of(who).post(reverse("complaints:appeal_forward", args=[appeal.pk]), data)


def rule(client_of, who, appeal, decision="uphold", signature=None, version=None):
    appeal.refresh_from_db()
    data = {
        "decision": decision,
        "ruling": "维持申诉，投诉不计入考核",
        "signature": str(who) if signature is None else signature,
        "row_version": appeal.row_version if version is None else version,
    }
    return client_of(who).post(reverse("complaints:appeal_rule", args=[appeal.pk]), data)


def test_an_upheld_appeal_voids_every_round_and_keeps_the_signed_ruling(cast, complaint, client_of):
    second = ComplaintFactory(customer=complaint.customer, first_round=complaint, round=2)
    milestones = list(complaint.milestones.values_list("pk", "due_at", "cancelled_at"))

    assert file(client_of, cast.technician, complaint).status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.head, appeal.status) == (cast.workshop_head, Appeal.Status.FILED)

    page = client_of(cast.workshop_head).get(reverse("complaints:appeals"))
    assert list(page.context["to_take_on"]) == [appeal]
    assert forward(client_of, cast.workshop_head, appeal).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.WITH_GM

    page = client_of(cast.gm).get(reverse("complaints:appeals"))
    assert list(page.context["to_rule_on"]) == [appeal]
    assert rule(client_of, cast.gm, appeal).status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.signature, appeal.ruled_by) == (Appeal.Status.UPHELD, "总经理", cast.gm)
    assert Complaint.objects.filter(pk__in=[complaint.pk, second.pk], voided_at__isnull=False).count() == 2
    # The record stays, and the customer's deadlines were never paused.
    assert list(complaint.milestones.values_list("pk", "due_at", "cancelled_at")) == milestones

    page = client_of(cast.technician).get(reverse("complaints:appeals"))
    assert list(page.context["ruled"]) == [appeal]
    assert "维持申诉，投诉不计入考核" in page.content.decode() and "总经理" in page.content.decode()


def test_a_rejected_appeal_leaves_the_complaint_counted(cast, complaint, client_of):
    file(client_of, cast.technician, complaint)
    appeal = Appeal.objects.get()
    forward(client_of, cast.workshop_head, appeal)
    assert rule(client_of, cast.gm, appeal, decision="reject").status_code == 302
    complaint.refresh_from_db()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REJECTED and complaint.voided_at is None


def test_the_gm_signs_with_their_own_name(cast, complaint, client_of):
    appeal = AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head, status="with_gm")
    response = rule(client_of, cast.gm, appeal, signature="张三")
    assert response.status_code == 422
    assert gettext("Sign with your own name as the staff list shows it.") in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.WITH_GM and appeal.signature == ""


def test_wrong_people_are_refused(cast, complaint, client_of, other_store):
    assert file(client_of, cast.advisor, complaint).status_code == 403  # not at fault
    appeal = AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head)
    assert forward(client_of, cast.sales_head, appeal).status_code == 403  # not their appeal
    assert rule(client_of, cast.manager, appeal).status_code == 403  # only the GM rules
    elsewhere = AppealFactory(complaint=ComplaintFactory(customer__store=other_store))
    assert rule(client_of, cast.gm, elsewhere).status_code == 404
    assert Appeal.objects.filter(status=Appeal.Status.FILED).count() == 2


def test_wrong_status_is_422(cast, complaint, client_of):
    appeal = AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head)
    assert rule(client_of, cast.gm, appeal).status_code == 422  # not taken to the GM yet
    forward(client_of, cast.workshop_head, appeal)
    assert forward(client_of, cast.workshop_head, appeal).status_code == 422  # already taken on
    assert file(client_of, cast.technician, complaint).status_code == 422  # one pending appeal per person


def test_of_two_rulings_at_once_one_wins(cast, complaint, client_of):
    appeal = AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head, status="with_gm")
    read_at = appeal.row_version
    assert rule(client_of, cast.gm, appeal, decision="reject", version=read_at).status_code == 302
    response = rule(client_of, cast.gm, appeal, decision="uphold", version=read_at)
    assert response.status_code == 422
    appeal.refresh_from_db()
    complaint.refresh_from_db()
    assert appeal.status == Appeal.Status.REJECTED and complaint.voided_at is None


def test_the_appeals_page_keeps_its_query_count(cast, complaint, client_of):
    client = client_of(cast.gm)
    client.get(reverse("complaints:appeals"))  # the session and the user, once

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("complaints:appeals"))
        return response, len(queries)

    AppealFactory(complaint=complaint, appellant=cast.technician, head=cast.workshop_head, status="with_gm")
    one, at_one = page()
    for _ in range(29):
        AppealFactory(
            complaint=ComplaintFactory(customer=complaint.customer), head=cast.workshop_head, status="with_gm"
        )
    thirty, at_thirty = page()
    assert (len(one.context["to_rule_on"]), len(thirty.context["to_rule_on"])) == (1, 30)
    assert at_thirty == at_one
