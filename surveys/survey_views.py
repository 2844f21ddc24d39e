"""Staff pages of a survey: answers taken on the customer-service callback, on paper or face to face; the SMS link."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from organization.roles import role_required
from surveys import answering, public_survey
from surveys.models import Callback, Survey
from surveys.questionnaires import current_questionnaire
from surveys.roles import CALL_BACK, ENTER_SURVEYS
from surveys.survey_forms import StaffSurveyForm


def _record(request, survey, form, *, expected_version):
    """Record the form's answers on `survey`; raises ValidationError (the caller rolls back and answers 422)."""
    data = form.cleaned_data
    answering.record_answers(
        survey,
        expected_version=expected_version,
        scores=form.scores(),
        channel=data["channel"],
        comment=data["comment"],
        by=request.user,
    )


def record_during_call(request, form, survey, questionnaire, *, make_survey) -> Survey:
    """Record answers taken on a call: the survey is made (`make_survey()`) on the first save, and answers entered
    against a questionnaire version replaced meanwhile are refused. Raises ValidationError or AlreadyAnswered."""
    with transaction.atomic():
        existed = survey is not None
        survey = make_survey()
        if survey.questionnaire_id != questionnaire.pk:
            raise ValidationError(
                _("The questionnaire changed while you were on this page. Reload it and enter the answers.")
            )
        expected_version = form.cleaned_data["row_version"] if existed else survey.row_version
        _record(request, survey, form, expected_version=expected_version)
    return survey


@require_http_methods(["GET", "POST"])
@role_required(*CALL_BACK, write=True)
def callback_survey(request, pk):
    """The survey the 7-day customer-service callback carries, taken during the call (created on the first save)."""
    callback = get_object_or_404(
        Callback.objects.on_list_of(request.user).select_related("customer", "vehicle", "store"), pk=pk
    )
    if not answering.carries_survey(callback):
        raise Http404
    survey = Survey.objects.filter(callback=callback).select_related("questionnaire").first()
    if survey is not None and survey.answered_at is not None:
        return redirect("surveys:survey_detail", pk=survey.pk)
    questionnaire = survey.questionnaire if survey else current_questionnaire(callback.store, _kind_of(callback))
    questions = questionnaire.questions.all()
    initial = {"row_version": survey.row_version if survey else 0, "channel": "phone"}
    form = StaffSurveyForm(request.POST or None, questions=questions, initial=initial)
    context = {"callback": callback, "form": form, "questionnaire": questionnaire}
    if request.method == "GET":
        return render(request, "surveys/callback_survey.html", context)
    if form.is_valid():
        try:
            make_survey = partial(answering.survey_for_callback, callback)
            survey = record_during_call(request, form, survey, questionnaire, make_survey=make_survey)
        except answering.AlreadyAnswered:
            answered = Survey.objects.get(callback=callback)
            return render(request, "surveys/survey_answered.html", {"survey": answered}, status=422)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Survey recorded: %(score)s points.") % {"score": survey.score})
            return redirect("surveys:callback_detail", pk=callback.pk)
    return render(request, "surveys/callback_survey.html", context, status=422)


def _kind_of(callback):
    return answering.what_it_scores(callback.source)[0]


@require_http_methods(["GET", "POST"])
@role_required(*ENTER_SURVEYS, write=True)
def survey_detail(request, pk):
    """A survey's page: its answers once answered; before, the form for answers taken on paper or face to face."""
    survey = get_object_or_404(
        Survey.objects.visible_to(request.user).select_related("questionnaire", "customer", "vehicle", "staff"), pk=pk
    )
    questions = survey.questionnaire.questions.all()
    if survey.answered_at is not None:
        answers = survey.answers.select_related("question").order_by("question__position")
        status = 422 if request.method == "POST" else 200
        return render(request, "surveys/survey_answered.html", {"survey": survey, "answers": answers}, status=status)
    initial = {"row_version": survey.row_version, "channel": "paper"}
    form = StaffSurveyForm(request.POST or None, questions=questions, initial=initial)
    context = {"survey": survey, "form": form}
    if request.method == "GET":
        return render(request, "surveys/survey_detail.html", context)
    if form.is_valid():
        try:
            _record(request, survey, form, expected_version=form.cleaned_data["row_version"])
        except answering.AlreadyAnswered:
            return render(request, "surveys/survey_answered.html", {"survey": survey}, status=422)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Survey recorded: %(score)s points.") % {"score": survey.score})
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_detail.html", context, status=422)


@require_POST
@role_required(*CALL_BACK, write=True)
def send_survey_link(request, pk):
    """Text the customer a link to answer the callback's survey themselves (creating the survey if needed)."""
    callback = get_object_or_404(Callback.objects.on_list_of(request.user).select_related("customer", "store"), pk=pk)
    if not answering.carries_survey(callback):
        raise Http404
    try:
        with transaction.atomic():
            survey = answering.survey_for_callback(callback)
            public_survey.send_survey_link(
                survey, link_for=lambda token: request.build_absolute_uri(reverse("survey:answer", args=[token]))
            )
    except ValidationError:  # answered meanwhile
        return render(request, "surveys/survey_answered.html", {"survey": survey}, status=422)
    messages.success(request, _("Survey link sent to %(person)s.") % {"person": callback.customer})
    return redirect("surveys:callback_detail", pk=callback.pk)
