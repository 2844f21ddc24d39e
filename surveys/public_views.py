"""The customer's survey page, opened from the SMS link: no login, only the vehicle model and the visit date shown."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from organization.auth import client_address
from organization.policies import current_policy
from surveys import answering, public_survey
from surveys.models import Survey
from surveys.survey_forms import SurveyAnswersForm

PAGE = "surveys/public/answer.html"


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token):
    limit = current_policy(None).value(public_survey.REQUESTS_PER_ADDRESS)
    if public_survey.over_the_limit(client_address(request), limit=limit):
        return render(request, "surveys/public/message.html", {"reason": "too_many"}, status=429)
    try:
        survey = public_survey.survey_for_token(token)
    except public_survey.Unusable as unusable:
        return render(request, "surveys/public/message.html", {"reason": unusable.reason}, status=410)
    if survey is None:
        return render(request, "surveys/public/message.html", {"reason": "unknown"}, status=404)
    questions = survey.questionnaire.questions.all()
    form = SurveyAnswersForm(request.POST or None, questions=questions, initial={"row_version": survey.row_version})
    context = {"survey": survey, "form": form}
    if request.method == "GET":
        return render(request, PAGE, context)
    if form.is_valid():
        try:
            answering.record_answers(
                survey,
                expected_version=form.cleaned_data["row_version"],
                scores=form.scores(),
                channel=Survey.Channel.SMS_LINK,
                comment=form.cleaned_data["comment"],
                by=None,
            )
        except answering.AlreadyAnswered:
            return render(request, "surveys/public/message.html", {"reason": "answered"}, status=410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "surveys/public/message.html", {"reason": "thanks"})
    return render(request, PAGE, context, status=422)
