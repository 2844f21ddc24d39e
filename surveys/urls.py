from django.urls import path

from surveys import (
    complaint_survey_views,
    plan_views,
    questionnaire_views,
    queue_views,
    rollup_views,
    survey_views,
    views,
)

app_name = "surveys"
urlpatterns = [
    # Callbacks: a person's queue, the team's, one callback and its outcome.
    path("", views.my_callbacks, name="my_callbacks"),
    path("team/", queue_views.team_queue, name="team_queue"),
    path("team/hand-over/", queue_views.hand_over, name="hand_over"),
    path("scripts/", queue_views.call_scripts, name="call_scripts"),
    path("<int:pk>/", views.callback_detail, name="callback_detail"),
    path("<int:pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("<int:pk>/reveal-mobile/", views.reveal_mobile, name="reveal_mobile"),
    path("<int:pk>/complaint/", views.log_complaint, name="log_complaint"),
    # Questionnaires and surveys.
    path("<int:pk>/survey/", survey_views.callback_survey, name="callback_survey"),
    path("<int:pk>/survey-link/", survey_views.send_survey_link, name="send_survey_link"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey_detail"),
    path("complaints/<int:pk>/survey/", complaint_survey_views.complaint_survey, name="complaint_survey"),
    path("questionnaires/", questionnaire_views.questionnaires, name="questionnaires"),
    path("questionnaires/<int:pk>/", questionnaire_views.questionnaire_detail, name="questionnaire"),
    path("questionnaires/<int:pk>/edit/", questionnaire_views.questionnaire_edit, name="questionnaire_edit"),
    # Rollups, OEM scores and improvement plans.
    path("satisfaction/", rollup_views.satisfaction_report, name="satisfaction_report"),
    path("oem/", plan_views.oem_scores, name="oem_scores"),
    path("improvement/", plan_views.improvement_plan, name="improvement_plan"),
    path("improvement/mine/", plan_views.my_improvement_actions, name="my_improvement_actions"),
    path("improvement/<int:pk>/", plan_views.improvement_action, name="improvement_action"),
    path("improvement/focus/new/", plan_views.new_focus_item, name="new_focus_item"),
]
