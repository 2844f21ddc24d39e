import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organization import messaging
from organization.models import MessageOptOut, Notification, OutboundMessage
from organization.roles import Role
from organization.sms import alibaba, locmem

SHANGHAI = ZoneInfo("Asia/Shanghai")
Category = OutboundMessage.Category
Status = OutboundMessage.Status


@pytest.fixture(autouse=True)
def empty_locmem_outbox():
    locmem.outbox.clear()


def survey_sms(store, to="13800138000"):
    return messaging.send_sms(
        store=store, to=to, category=Category.SURVEY, template="callback_survey", params={"name": "张先生", "link": "x"}
    )


def test_every_message_is_recorded_and_delivered_after_commit(store, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        message = survey_sms(store)
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 1
    assert message.body == str(messaging.TEMPLATES["callback_survey"]).format(store=store.name, name="张先生", link="x")
    assert store.name in message.body and "张先生" in message.body
    assert [m.pk for m in locmem.outbox] == [message.pk]


def test_an_opted_out_customer_gets_nothing_but_the_outbox_records_why(store, django_capture_on_commit_callbacks):
    MessageOptOut.objects.create(store=store, mobile="13800138000", category=Category.SURVEY, reason="客户要求")
    with django_capture_on_commit_callbacks(execute=True):
        message = survey_sms(store)
    assert message.status == Status.SUPPRESSED
    assert locmem.outbox == []


def test_opting_out_of_everything_covers_every_customer_category(store):
    MessageOptOut.objects.create(store=store, mobile="13800138000", category="", reason="PIPL")
    assert messaging.is_opted_out(store, "13800138000", Category.MARKETING)
    assert not messaging.is_opted_out(store, "13800138000", Category.STAFF_ALERT)


@pytest.mark.parametrize(
    ("clock", "released"),
    [
        ((22, 30), datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI)),
        ((6, 15), datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI)),
        ((21, 0), datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI)),
    ],
)
def test_quiet_hours_hold_customer_sms_until_morning(clock, released, store, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, *clock, tzinfo=SHANGHAI), tick=False)
    message = survey_sms(store)
    assert message.status == Status.DEFERRED
    assert message.send_after == released


def test_the_end_of_quiet_hours_is_not_quiet(store, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI), tick=False)
    assert survey_sms(store).status == Status.PENDING


def test_staff_alerts_go_out_during_quiet_hours(store, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 23, 0, tzinfo=SHANGHAI), tick=False)
    message = messaging.send_sms(
        store=store,
        to="13900000000",
        category=Category.STAFF_ALERT,
        template="staff_alert",
        params={"text": "重大投诉"},
    )
    assert message.status == Status.PENDING


def test_held_messages_go_out_once_the_sweep_reaches_morning(store, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 23, 0, tzinfo=SHANGHAI), tick=False)
    message = survey_sms(store)
    assert messaging.deliver_due_messages() == 0
    time_machine.move_to(datetime(2026, 11, 25, 8, 1, tzinfo=SHANGHAI), tick=False)
    assert messaging.deliver_due_messages() == 1
    assert messaging.deliver_due_messages() == 0
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(locmem.outbox) == 1


class StandInGateway(BaseHTTPRequestHandler):
    """Answers SendSms like Alibaba's gateway; a number ending in 0000 is refused."""

    requests: list = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        query.update({k: v[0] for k, v in parse_qs(body).items()})
        query.update(
            {k.lower(): v for k, v in self.headers.items() if k.lower().startswith(("x-acs-", "authorization"))}
        )
        self.requests.append(query)
        if query.get("PhoneNumbers", "").endswith("0000"):
            answer = {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": "r2"}
        else:
            answer = {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "r1"}
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), StandInGateway)
    StandInGateway.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "organization.sms.alibaba.SmsBackend"
    settings.ALIBABA_SMS = {
        "ACCESS_KEY_ID": "test-id",
        "ACCESS_KEY_SECRET": "test-secret",
        "ENDPOINT": f"127.0.0.1:{server.server_port}",
        "PROTOCOL": "HTTP",
        "SIGN_NAME": "示范4S店",
        "TEMPLATE_CODES": {"callback_survey": "SMS_123456"},
    }
    yield StandInGateway.requests
    server.shutdown()


def test_the_alibaba_backend_sends_through_the_sdk(store, gateway, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI))
    with django_capture_on_commit_callbacks(execute=True):
        message = survey_sms(store, to="13800138000")
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.provider_message_id == "900619746936498440^0"
    (request,) = gateway
    assert request["x-acs-action"] == "SendSms" and request["x-acs-version"] == "2017-05-25"
    assert request["PhoneNumbers"] == "13800138000"
    assert request["SignName"] == "示范4S店"
    assert request["TemplateCode"] == "SMS_123456"
    assert json.loads(request["TemplateParam"]) == {"name": "张先生", "link": "x"}
    assert request["authorization"].startswith("ACS3-HMAC-SHA256 Credential=test-id,")
    assert "Signature=" in request["authorization"]


def test_a_refusal_from_the_gateway_is_recorded_and_retried(
    store, gateway, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI))
    with django_capture_on_commit_callbacks(execute=True):
        message = survey_sms(store, to="13900000000")
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.attempts == 1
    assert "MOBILE_NUMBER_ILLEGAL" in message.error


def test_a_message_without_a_template_code_fails_cleanly(store, gateway):
    message = OutboundMessage(to="13800138000", template="reminder", params={})
    (result,) = alibaba.SmsBackend().send_messages([message])
    assert not result.ok and "reminder" in result.error
    assert gateway == []


def test_an_unreachable_gateway_is_a_failed_attempt_not_a_crash(store, gateway, settings):
    settings.ALIBABA_SMS = {**settings.ALIBABA_SMS, "ENDPOINT": "127.0.0.1:9"}
    message = OutboundMessage(pk=1, to="13800138000", template="callback_survey", params={})
    (result,) = alibaba.SmsBackend().send_messages([message])
    assert not result.ok and result.error


def test_the_bell_counts_unread_notifications(staff, client_of):
    advisor = staff(Role.SERVICE_ADVISOR)
    messaging.notify([advisor, advisor], "有新的回访任务", url="/callbacks/")
    client = client_of(advisor)
    badge = client.get(reverse("organization:notification_badge"), HTTP_HX_REQUEST="true")
    assert 'data-testid="unread-count">2<' in badge.content.decode()
    assert client.post(reverse("organization:mark_notifications_read")).status_code == 302
    assert not Notification.objects.unread().filter(recipient=advisor).exists()
    assert "unread-count" not in client.get(reverse("organization:notification_badge")).content.decode()


def test_notifications_are_private(staff, client_of):
    messaging.notify([staff(Role.GENERAL_MANAGER)], "重大投诉待批示")
    page = client_of(staff(Role.SERVICE_ADVISOR)).get(reverse("organization:notifications")).content.decode()
    assert "重大投诉待批示" not in page


class BrokenGateway(locmem.SmsBackend):
    """A gateway that times out: the whole call raises."""

    def send_messages(self, messages):
        raise ConnectionError("gateway timed out")


def test_a_misconfigured_backend_leaves_the_message_waiting_and_a_later_sweep_sends_it(
    store, settings, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=False)
    settings.SMS_BACKEND = "organization.sms.missing.SmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        message = survey_sms(store)  # the task fails loudly in the worker's log
    with pytest.raises(ImportError):
        messaging.deliver_due_messages()
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.claimed_at is None
    settings.SMS_BACKEND = "organization.sms.locmem.SmsBackend"
    assert messaging.deliver_due_messages() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT and [m.pk for m in locmem.outbox] == [message.pk]


def test_a_gateway_that_raises_records_the_failure_retries_and_gives_up_after_the_policys_attempts(
    store, settings, time_machine
):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=False)
    message = survey_sms(store)
    settings.SMS_BACKEND = f"{__name__}.BrokenGateway"
    assert messaging.deliver_due_messages() == 0
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == (Status.PENDING, 1, "gateway timed out")
    assert message.send_after > timezone.now() and message.claimed_at is None
    assert messaging.deliver_due_messages() == 0  # not due again yet
    for _attempt in range(2):  # the seeded policy allows 3 attempts
        time_machine.shift(timedelta(hours=1))
        messaging.deliver_due_messages()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 3)


def test_a_claim_left_by_a_dead_worker_is_claimed_again_once_stale(store, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=False)
    message = survey_sms(store)
    OutboundMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    time_machine.shift(timedelta(minutes=1))
    assert messaging.deliver_due_messages() == 0  # a live claim: another worker is sending it
    time_machine.shift(messaging.STALE_CLAIM)
    assert messaging.deliver_due_messages() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT and len(locmem.outbox) == 1


def test_a_batch_is_claimed_in_one_update_and_the_policy_read_once_per_store(
    store, other_store, time_machine, django_assert_num_queries
):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=False)
    for n in range(5):
        survey_sms(store, to=f"1380000000{n}")
        survey_sms(other_store, to=f"1390000000{n}")
    with CaptureQueriesContext(connection) as queries:
        assert messaging.deliver_due_messages() == 10
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    claims = [sql for sql in updates if "CASE" not in sql]  # the outcomes are written in one bulk update
    assert len(claims) == 1 and "claimed_at" in claims[0] and len(updates) == 2
    assert len(queries) <= 8  # the locked read of the batch; the stores' policies (quiet hours): versions and values


def test_failures_read_each_stores_policy_once_per_batch(store, other_store, settings, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=False)
    for n in range(5):
        survey_sms(store, to=f"1380000000{n}")
        survey_sms(other_store, to=f"1390000000{n}")
    settings.SMS_BACKEND = f"{__name__}.BrokenGateway"
    with CaptureQueriesContext(connection) as queries:
        assert messaging.deliver_due_messages() == 0
    policy_reads = [q for q in queries if "organization_policyset" in q["sql"]]
    assert len(policy_reads) == 1  # every store's current version in one read
    assert OutboundMessage.objects.filter(status=Status.PENDING, attempts=1).count() == 10


def test_a_retry_that_falls_in_quiet_hours_waits_for_morning(store, settings, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 20, 58, tzinfo=SHANGHAI), tick=False)
    message = survey_sms(store)
    settings.SMS_BACKEND = f"{__name__}.BrokenGateway"
    assert messaging.deliver_due_messages() == 0  # fails at 20:58, retried at 21:03
    settings.SMS_BACKEND = "organization.sms.locmem.SmsBackend"
    time_machine.move_to(datetime(2026, 11, 24, 21, 3, tzinfo=SHANGHAI), tick=False)
    assert messaging.deliver_due_messages() == 0
    message.refresh_from_db()
    assert locmem.outbox == []
    assert (message.status, message.attempts) == (Status.DEFERRED, 1)  # holding it back is not an attempt
    assert message.send_after == datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI)
    assert message.claimed_at is None and message.claim_id is None
    time_machine.move_to(datetime(2026, 11, 25, 7, 59, tzinfo=SHANGHAI), tick=False)
    assert messaging.deliver_due_messages() == 0
    time_machine.move_to(datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI), tick=False)
    assert messaging.deliver_due_messages() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert [m.pk for m in locmem.outbox] == [message.pk]


def test_a_held_message_reclaimed_in_quiet_hours_is_held_again(store, time_machine):
    """A claim a dead worker left at 20:55 is taken again at 23:00: the customer still gets nothing at night."""
    time_machine.move_to(datetime(2026, 11, 24, 20, 55, tzinfo=SHANGHAI), tick=False)
    message = survey_sms(store)
    OutboundMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    time_machine.move_to(datetime(2026, 11, 24, 23, 0, tzinfo=SHANGHAI), tick=False)
    assert messaging.deliver_due_messages() == 0
    message.refresh_from_db()
    assert (message.status, message.attempts, locmem.outbox) == (Status.DEFERRED, 0, [])
    assert message.send_after == datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI)


def test_a_mixed_batch_in_quiet_hours_sends_staff_alerts_holds_the_rest_in_one_write_one_policy_read_per_store(
    store, other_store, settings, time_machine
):
    time_machine.move_to(datetime(2026, 11, 24, 20, 0, tzinfo=SHANGHAI), tick=False)
    for n in range(3):
        survey_sms(store, to=f"1380000000{n}")
        survey_sms(other_store, to=f"1390000000{n}")
    alert = messaging.send_sms(
        store=store,
        to="13700000000",
        category=Category.STAFF_ALERT,
        template="staff_alert",
        params={"text": "重大投诉"},
    )
    OutboundMessage.objects.update(send_after=datetime(2026, 11, 24, 21, 30, tzinfo=SHANGHAI))  # retries, say
    time_machine.move_to(datetime(2026, 11, 24, 21, 30, tzinfo=SHANGHAI), tick=False)
    with CaptureQueriesContext(connection) as queries:
        assert messaging.deliver_due_messages() == 1
    assert [m.pk for m in locmem.outbox] == [alert.pk]
    policy_reads = [q for q in queries if "organization_policyset" in q["sql"]]
    assert len(policy_reads) == 1
    outcome_writes = [q for q in queries if q["sql"].startswith("UPDATE") and "CASE" in q["sql"]]
    assert len(outcome_writes) == 1
    held = OutboundMessage.objects.exclude(pk=alert.pk)
    assert set(held.values_list("status", "attempts", "send_after", "claimed_at")) == {
        (Status.DEFERRED, 0, datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI), None)
    }


def test_a_staff_alert_without_a_store_is_retried_at_night_under_the_group_policy(db, settings, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 23, 0, tzinfo=SHANGHAI), tick=False)
    alert = messaging.send_sms(
        store=None, to="13700000000", category=Category.STAFF_ALERT, template="staff_alert", params={"text": "x"}
    )
    settings.SMS_BACKEND = f"{__name__}.BrokenGateway"
    assert messaging.deliver_due_messages() == 0
    settings.SMS_BACKEND = "organization.sms.locmem.SmsBackend"
    time_machine.shift(messaging.RETRY_AFTER)
    assert messaging.deliver_due_messages() == 1
    alert.refresh_from_db()
    assert (alert.status, alert.attempts) == (Status.SENT, 2)
