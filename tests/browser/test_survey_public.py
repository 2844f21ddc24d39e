"""A customer answers the satisfaction survey texted to them, on their phone, without logging in."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from surveys import public_survey
from surveys.answering import survey_for_callback
from surveys.models import Survey
from tests.factories import CallbackFactory, RepairOrderFactory, StoreFactory

pytestmark = [pytest.mark.browser]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
TAP_TARGET = 44


def zh(source: str) -> str:
    with translation.override("zh-hans"):
        return gettext(source)


@pytest.fixture
def survey(reference_data):
    store = StoreFactory(code="gz02", name="广州番禺4S店")
    order = RepairOrderFactory(vehicle__owner__store=store, vehicle__model_name="帕萨特", customer__name="李女士")
    callback = CallbackFactory(customer=order.customer, vehicle=order.vehicle, source=order.source)
    survey = survey_for_callback(callback)
    survey.link_nonce, survey.link_expires_at = "browser", timezone.now() + timedelta(days=7)
    survey.save(update_fields=["link_nonce", "link_expires_at"])
    return survey


@pytest.mark.browser_context_args(**PHONE)
def test_a_customer_answers_the_survey_on_a_phone(survey, live_server, page, screenshot):
    url = f"{live_server.url}/s/{public_survey.token_for(survey)}/"
    page.goto(url)
    expect(page.get_by_test_id("survey-visit")).to_contain_text("帕萨特")
    expect(page.locator("nav")).to_have_count(0)
    assert "李女士" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    screenshot("public-survey-open")
    form = page.get_by_test_id("public-survey-form")
    for question in survey.questionnaire.questions.all():
        item = form.get_by_test_id(f"item-{question.code}")
        label = item.locator("label.btn", has_text="9" if question.code != "overall" else "10").first
        assert label.bounding_box()["height"] >= TAP_TARGET
        label.tap()
    form.get_by_label(zh("Anything else you would like to tell us?")).fill("师傅很专业")
    screenshot("public-survey-filled")
    form.get_by_role("button", name=zh("Send my answers")).tap()
    expect(page.get_by_test_id("survey-message")).to_contain_text(zh("Thank you for your answers."))
    screenshot("public-survey-thanks")
    survey = Survey.objects.get(pk=survey.pk)
    assert survey.channel == Survey.Channel.SMS_LINK and survey.comment == "师傅很专业"
    assert survey.answers.count() == survey.questionnaire.questions.count()
    page.goto(url)
    expect(page.get_by_test_id("survey-message")).to_contain_text(zh("This survey has already been answered."))
