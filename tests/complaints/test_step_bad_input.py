"""Hypothesis drives every step form of the complaint's page through its view: never a 500, bad input a 4xx, a
refusal saves nothing (each example is rolled back, so every one meets the complaint at the step's stage)."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from complaints.models import Complaint, ComplaintDepartment, ContactAttempt, Milestone, Transition
from tests.complaints.test_steps_views import (
    archiving_a,
    callback_a,
    dispatch_a,
    first_handling_a,
    gm_final_a,
    handling_a,
    handling_b,
    logged_a,
    major_a,
    summary_a,
)
from tests.customers.test_bad_input import BAD_DATES, FUZZ, field, form, split, text

VERSION = field(["@version"], ["", "-1", "1e999", "abc", "7"])
YES_NO = field(["yes", "no"], ["", "maybe"])
DEPARTMENT = field(["@workshop"], ["", "0", "abc", "999999", "@sales"])
LONG = 4000


def people(ok):
    return field([ok], [["abc"], ["999999"], ["@other_store"]])


# step: (the complaint at its stage, who takes it, the form's fields)
STEPS = {
    "hand_over": (logged_a, "customer_service", form(row_version=VERSION, note=text(LONG, required=False))),
    "first_handling": (first_handling_a, "supervisor", form(row_version=VERSION, analysis=text(LONG, ok=("确认",)))),
    "dispatch": (
        dispatch_a,
        "manager",
        form(
            row_version=VERSION,
            departments=field([["@workshop"], ["@workshop", "@sales"]], [[], ["abc"], ["999999"]]),
            analysis=text(LONG, ok=("分析",)),
        ),
    ),
    "assign_responsible": (
        handling_b,
        "workshop_head",
        form(row_version=VERSION, person=field(["@technician"], ["", "abc", "999999", "@other_store"])),
    ),
    "contact": (handling_b, "workshop_head", form(reached=YES_NO, note=text(LONG, required=False))),
    "record_handling": (
        handling_b,
        "workshop_head",
        form(
            row_version=VERSION,
            kind=field(["handled", "agreement", "finished"], ["", "martian"]),
            result=text(LONG, ok=("已处理",)),
        ),
    ),
    "department_result": (
        handling_a,
        "workshop_head",
        form(row_version=VERSION, department=DEPARTMENT, result=text(LONG, ok=("已返修",))),
    ),
    "sign_plan": (
        handling_a,
        "workshop_head",
        form(row_version=VERSION, department=DEPARTMENT, note=text(LONG, required=False)),
    ),
    "department_reply": (
        handling_a,
        "workshop_head",
        form(row_version=VERSION, department=DEPARTMENT, reply=text(LONG, ok=("加强质检",))),
    ),
    "summarize": (
        summary_a,
        "manager",
        form(
            row_version=VERSION,
            summary=text(LONG, ok=("总结",)),
            plan=text(LONG, required=False),
            loss=field(["none", "implicit", "explicit"], ["", "huge"]),
            root_cause=field(["", "process", "other"], ["martian"]),
            improvement=text(LONG, required=False),
            training_action=text(LONG, required=False),
        ),
    ),
    "satisfaction_callback": (
        callback_a,
        "customer_service",
        form(row_version=VERSION, reached=YES_NO, accepted=field(["", "yes", "no"], ["maybe"]), result=text(LONG)),
    ),
    "gm_instruction": (major_a, "gm", form(row_version=VERSION, instruction=text(LONG, ok=("尽快处理",)))),
    "gm_final": (
        gm_final_a,
        "gm",
        form(
            row_version=VERSION,
            instruction=text(LONG, ok=("同意",)),
            reported_to_oem_on=field(["", "@today"], BAD_DATES),
        ),
    ),
    "archive": (archiving_a, "customer_service", form(row_version=VERSION)),
    "reclassify": (
        logged_a,
        "customer_service",
        form(
            row_version=VERSION,
            severity=field(["grumble", "general", "major"], ["", "huge"]),
            category=field(["valid", "vague", "related_other"], ["", "martian"]),
            note=text(200, ok=("客户升级投诉",)),
        ),
    ),
    "name_at_fault": (handling_a, "manager", form(row_version=VERSION, people=people(["@technician"]))),
    "findings": (
        logged_a,
        "manager",
        form(
            row_version=VERSION,
            loss=field(["none", "explicit"], ["", "huge"]),
            root_cause=field(["", "process"], ["martian"]),
            improvement=text(LONG, required=False),
            training_action=text(LONG, required=False),
        ),
    ),
}


def snapshot(complaint):
    return (
        list(Complaint.objects.order_by("pk").values_list("pk", "row_version", "stage")),
        Transition.objects.count(),
        ContactAttempt.objects.count(),
        ComplaintDepartment.objects.count(),
        Milestone.objects.exclude(met_at=None).count(),
        list(complaint.at_fault.values_list("pk", flat=True)),
    )


@pytest.fixture
def complaints(cast, log):
    """The complaint at each step's stage, built once per test (each example is rolled back)."""
    made = {}

    def at(ready):
        if ready not in made:
            made[ready] = ready(cast, log)
        return made[ready]

    return at


def resolve(value, complaint, cast, outsider):
    names = {
        "@version": complaint.row_version,
        "@workshop": cast.workshop.pk,
        "@sales": cast.sales.pk,
        "@technician": cast.technician.pk,
        "@other_store": outsider.pk,
        "@today": timezone.localdate().isoformat(),
    }
    if isinstance(value, list):
        return [resolve(item, complaint, cast, outsider) for item in value]
    return names.get(value, value)


@FUZZ
@pytest.mark.parametrize("step", list(STEPS))
@given(data=st.data())
def test_bad_input_is_refused_and_saves_nothing(step, data, cast, complaints, client_of, staff, other_store):
    ready, who, strategy = STEPS[step]
    complaint = complaints(ready)
    outsider = staff(store=other_store)
    values, is_bad = split(data.draw(strategy))
    values = {name: resolve(value, complaint, cast, outsider) for name, value in values.items()}
    with transaction.atomic():
        before = snapshot(complaint)
        response = client_of(getattr(cast, who)).post(reverse(f"complaints:{step}", args=[complaint.pk]), values)
        status = response.status_code
        if is_bad:
            assert 400 <= status < 500, (status, values)
        assert status == 302 or 400 <= status < 500, status
        if status >= 400:
            assert snapshot(complaint) == before, values
        transaction.set_rollback(True)
