from datetime import date

import pytest
from django.core.exceptions import ValidationError

from customers.validation import check_birthday, normalize_mobile, normalize_plate, normalize_vin, vin_check_digit_ok


@pytest.mark.parametrize(
    "text", ["13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "8613800138000", " 13800138000 "]
)
def test_a_mainland_mobile_is_normalized_to_11_digits(text):
    assert normalize_mobile(text) == "13800138000"


@pytest.mark.parametrize(
    "text", ["", "1380013800", "138001380001", "12345678901", "020-87654321", "+85291234567", "abc", "1" * 40]
)
def test_anything_else_is_not_a_mobile(text):
    with pytest.raises(ValidationError):
        normalize_mobile(text)


def test_a_vin_is_upper_cased_and_stripped():
    assert normalize_vin(" lfv2a21k8n3041234 ") == "LFV2A21K8N3041234"


@pytest.mark.parametrize("text", ["LFV2A21K8N304123", "LFV2A21K8N30412345", "LFV2A21K8N30412I4", "LFV2A21K8N3O41234"])
def test_a_vin_needs_17_characters_without_i_o_q(text):
    with pytest.raises(ValidationError):
        normalize_vin(text)


def test_the_check_digit_is_checked_but_only_reported():
    assert vin_check_digit_ok("LFV2A21K8N3041234")
    assert vin_check_digit_ok("1HGCM82633A004352")
    assert not vin_check_digit_ok("LFV2A21K1N3041234")


@pytest.mark.parametrize(
    "text, plate",
    [
        ("粤A12345", "粤A12345"),
        ("粤a·12345", "粤A12345"),
        ("粤AD12345", "粤AD12345"),  # new-energy, small car
        ("粤AF1234", "粤AF1234"),
        ("粤A12345D", "粤A12345D"),  # new-energy, large vehicle
        ("京B1234学", "京B1234学"),
        ("", ""),
    ],
)
def test_mainland_plates_including_new_energy_ones(text, plate):
    assert normalize_plate(text) == plate


@pytest.mark.parametrize("text", ["A12345", "粤12345", "粤AI2345", "粤A1234", "粤A1234567", "港A12345", "粤A-12 345X"])
def test_malformed_plates_are_refused(text):
    with pytest.raises(ValidationError):
        normalize_plate(text)


def test_a_birthday_cannot_be_in_the_future():
    today = date(2026, 11, 25)
    check_birthday(today, today)
    check_birthday(None, today)
    with pytest.raises(ValidationError):
        check_birthday(date(2026, 11, 26), today)
    with pytest.raises(ValidationError):
        check_birthday(date(1850, 1, 1), today)
