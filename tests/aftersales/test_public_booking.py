"""The customer's public booking page: pick, get a code by SMS, confirm; the advisor sees it at once."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales import public_booking
from aftersales.models import Appointment, BookingCode, JobType
from customers.models import Customer, Vehicle
from organization.models import MessageOptOut, OpeningHours, OutboundMessage
from organization.roles import Role
from tests.factories import AppointmentFactory, CustomerFactory, VehicleFactory

SHANGHAI = timezone.get_fixed_timezone(480)
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
TOMORROW = NOW.date() + timedelta(days=1)


def at(hour, minute=0, day=TOMORROW):
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def tuesday_morning(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def open_every_day(store):
    for weekday in range(7):
        OpeningHours.objects.create(store=store, weekday=weekday, opens_at=time(9, 0), closes_at=time(17, 0))


@pytest.fixture
def advisor(staff, open_every_day):
    return staff(Role.SERVICE_ADVISOR, name="刘洋")


def book_url(store):
    return reverse("book:book", args=[store.code])


def choice(slot=None, **changes):
    slot = slot or at(10)
    return {
        "job_type": JobType.MAINTENANCE,
        "day": slot.date().isoformat(),
        "slot": slot.strftime("%H:%M"),
        "name": "李女士",
        "plate": "粤B 12345",
        "mobile": "139-0000-1111",
        **changes,
    }


def sent_code() -> str:
    return OutboundMessage.objects.filter(template="verification_code").latest("pk").params["code"]


def ask_code(client, store, **changes):
    return client.post(book_url(store), choice(**changes), REMOTE_ADDR=changes.pop("address", "203.0.113.7"))


def book_online(client, store, **changes):
    response = ask_code(client, store, **changes)
    assert response.status_code == 302, response.content.decode()
    return client.post(response["Location"], {"code": sent_code()})


def test_the_page_lists_the_free_times_any_advisor_has(client, store, advisor, staff):
    other = staff(Role.SERVICE_ADVISOR, name="王芳")
    AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=at(9))
    AppointmentFactory(vehicle__owner__store=store, advisor=other, slot_start=at(9))
    response = client.get(book_url(store), {"job_type": "maintenance", "day": TOMORROW.isoformat()})
    assert response.status_code == 200
    assert response.context["slots"][:2] == [at(9, 15), at(9, 30)]  # 9:00 taken by both advisors


def test_a_valid_booking_reaches_the_advisors_day_view(client, client_of, store, advisor):
    response = book_online(client, store)
    appointment = Appointment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "book:done", args=[BookingCode.objects.get().token]
    )
    assert (appointment.channel, appointment.slot_start, appointment.advisor) == ("online", at(10), advisor)
    assert appointment.vehicle.plate == "粤B12345" and appointment.customer.mobile == "13900001111"
    done = client.get(response["Location"])
    assert "刘洋" in done.content.decode()
    day_view = client_of(advisor).get(reverse("aftersales:workbench"), {"day": TOMORROW.isoformat()})
    assert [a for a, _actions in day_view.context["rows"]] == [appointment]
    assert gettext("Self-registered — check on arrival") in day_view.content.decode()


def test_the_booking_goes_to_the_advisor_with_fewest_bookings_that_day(client, store, advisor, staff):
    quieter = staff(Role.SERVICE_ADVISOR, name="王芳")
    AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=at(14))
    book_online(client, store)
    assert Appointment.objects.get(channel="online").advisor == quieter


def test_the_code_goes_out_in_quiet_hours_and_to_an_opted_out_number(client, store, advisor, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 22, 30, tzinfo=SHANGHAI), tick=False)
    MessageOptOut.objects.create(store=store, mobile="13900001111", category="", reason="不要短信")
    assert ask_code(client, store).status_code == 302
    message = OutboundMessage.objects.get()
    assert message.status == OutboundMessage.Status.PENDING and message.send_after <= timezone.now()
    assert message.params["code"] in message.body and len(message.params["code"]) == 6


def test_the_code_is_stored_hashed(client, store, advisor):
    ask_code(client, store)
    assert sent_code() not in BookingCode.objects.get().code_hash


def test_an_unknown_mobile_creates_a_self_registered_customer_and_vehicle(client, store, advisor):
    book_online(client, store)
    customer = Customer.objects.get()
    assert (customer.name, customer.self_registered, customer.source) == ("李女士", True, "online")
    assert [v.plate for v in customer.vehicles.all()] == ["粤B12345"]


def test_a_known_mobile_and_plate_use_the_customers_file(client, store, advisor):
    vehicle = VehicleFactory(owner__store=store, owner__mobile="13900001111", plate="粤B12345")
    book_online(client, store)
    assert Appointment.objects.get().vehicle == vehicle
    assert Customer.objects.count() == 1 and not Customer.objects.get().self_registered


def test_a_known_mobile_with_a_new_plate_adds_the_car_to_that_customer(client, store, advisor):
    customer = CustomerFactory(store=store, mobile="13900001111")
    VehicleFactory(owner=customer, plate="粤A11111")
    book_online(client, store)
    assert sorted(customer.vehicles.values_list("plate", flat=True)) == ["粤A11111", "粤B12345"]
    assert Appointment.objects.get().customer == customer and Vehicle.objects.get(plate="粤B12345").vin == ""


def test_a_slot_taken_between_picking_and_confirming_books_nothing(client, store, advisor):
    response = ask_code(client, store)
    AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=at(10))  # the front desk was quicker
    response = client.post(response["Location"], {"code": sent_code()})
    assert response.status_code == 422
    assert Appointment.objects.filter(channel="online").count() == 0 and Customer.objects.count() == 1
    text = response.content.decode()
    assert gettext("Sorry, this time has just been taken. Free times that day: %(slots)s").split("%")[0] in text
    assert f"{TOMORROW.isoformat()} 09:00" in text


def test_a_slot_taken_before_the_code_is_sent_offers_other_times(client, store, advisor):
    AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=at(10))
    response = ask_code(client, store)
    assert response.status_code == 422 and not OutboundMessage.objects.exists()


def test_a_wrong_code_books_nothing_and_counts_a_try(client, store, advisor):
    verify = ask_code(client, store)["Location"]
    wrong = f"{(int(sent_code()) + 1) % 1000000:06d}"
    response = client.post(verify, {"code": wrong})
    assert response.status_code == 422 and not Appointment.objects.exists()
    assert gettext("The code is not right. Check the SMS and try again.") in response.content.decode()
    assert BookingCode.objects.get().wrong_tries == 1


def test_five_wrong_codes_use_the_code_up(client, store, advisor):
    verify = ask_code(client, store)["Location"]
    right = sent_code()
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    for _ in range(5):
        assert client.post(verify, {"code": wrong}).status_code == 422
    response = client.post(verify, {"code": right})
    assert response.status_code == 429 and not Appointment.objects.exists()
    assert gettext("Too many wrong codes. Please book again to receive a new code.") in response.content.decode()


def test_an_expired_code_books_nothing(client, store, advisor, time_machine):
    verify = ask_code(client, store)["Location"]
    time_machine.move_to(NOW + timedelta(minutes=10), tick=False)
    response = client.post(verify, {"code": sent_code()})
    assert response.status_code == 422 and not Appointment.objects.exists()
    assert gettext("This code has expired. Please book again to receive a new code.") in response.content.decode()


def test_a_code_just_before_it_expires_still_books(client, store, advisor, time_machine):
    verify = ask_code(client, store)["Location"]
    time_machine.move_to(NOW + timedelta(minutes=9, seconds=59), tick=False)
    assert client.post(verify, {"code": sent_code()}).status_code == 302


def test_a_used_code_books_nothing_more(client, store, advisor):
    response = ask_code(client, store)
    verify, code = response["Location"], sent_code()
    assert client.post(verify, {"code": code}).status_code == 302
    response = client.post(verify, {"code": code})
    assert response.status_code == 422 and Appointment.objects.count() == 1
    assert gettext("This code has already been used. Your booking stands.") in response.content.decode()


def test_codes_per_mobile_are_limited(client, store, advisor):
    for n in range(5):
        assert ask_code(client, store, address=f"198.51.100.{n}").status_code == 302
    response = ask_code(client, store, address="198.51.100.99")
    assert response.status_code == 429
    message = gettext(
        "Too many codes were sent to this mobile in the last hour. Please try again later or call the store."
    )
    assert message in response.content.decode()
    assert OutboundMessage.objects.count() == 5 and BookingCode.objects.count() == 5
    assert not Appointment.objects.exists()


def test_codes_per_address_are_limited(client, store, advisor):
    for n in range(20):
        assert ask_code(client, store, mobile=f"1390000{n:04d}").status_code == 302
    response = ask_code(client, store, mobile="13911112222")
    assert response.status_code == 429
    assert gettext("Too many codes were requested from your network in the last hour. Please try again later.") in (
        response.content.decode()
    )
    assert OutboundMessage.objects.count() == 20 and not Appointment.objects.exists()


def test_the_limit_per_address_reads_the_trusted_proxys_address(client, store, advisor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.post(
        book_url(store), choice(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.50"
    )
    assert response.status_code == 302
    assert BookingCode.objects.get().client_address == "203.0.113.50"


def test_the_limit_frees_up_after_an_hour(client, store, advisor, time_machine):
    for n in range(5):
        ask_code(client, store, address=f"198.51.100.{n}")
    time_machine.move_to(NOW + timedelta(hours=1, seconds=1), tick=False)
    assert ask_code(client, store).status_code == 302


def test_a_day_beyond_two_weeks_is_refused(client, store, advisor):
    response = ask_code(client, store, day=(NOW.date() + timedelta(days=15)).isoformat())
    assert response.status_code == 422 and not OutboundMessage.objects.exists()


def test_an_unknown_store_is_a_404(client, db):
    assert client.get(reverse("book:book", args=["nowhere"])).status_code == 404


def test_the_advisor_checks_the_self_registered_customer(client, client_of, store, advisor):
    book_online(client, store)
    appointment = Appointment.objects.get()
    url = reverse("aftersales:self_registered_checked", args=[appointment.pk])
    response = client_of(advisor).post(url, {"row_version": appointment.customer.row_version})
    assert response.status_code == 302
    assert not Customer.objects.get().self_registered
    day_view = client_of(advisor).get(reverse("aftersales:workbench"), {"day": TOMORROW.isoformat()})
    assert gettext("Self-registered — check on arrival") not in day_view.content.decode()


def test_a_stale_check_is_refused(client, client_of, store, advisor):
    book_online(client, store)
    appointment = Appointment.objects.get()
    url = reverse("aftersales:self_registered_checked", args=[appointment.pk])
    response = client_of(advisor).post(url, {"row_version": appointment.customer.row_version - 1})
    assert response.status_code == 422 and Customer.objects.get().self_registered


def test_advisor_for_skips_advisors_whose_slot_is_taken(store, advisor, staff):
    other = staff(Role.SERVICE_ADVISOR, name="王芳")
    AppointmentFactory(vehicle__owner__store=store, advisor=other, slot_start=at(10))
    AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=at(11))
    AppointmentFactory(vehicle__owner__store=store, advisor=advisor, slot_start=at(12))
    assert public_booking.advisor_for(store, at(10), public_booking.current_policy(store)) == advisor
