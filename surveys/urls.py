from django.urls import path

from surveys import plan_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.my_callbacks, name="my_callbacks"),
    path("<int:pk>/", views.callback_detail, name="callback_detail"),
    path("<int:pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("<int:pk>/reveal-mobile/", views.reveal_mobile, name="reveal_mobile"),
    path("<int:pk>/complaint/", views.log_complaint, name="log_complaint"),
]

# s-plans: OEM scores and improvement plans.
urlpatterns += [
    path("oem/", plan_views.oem_scores, name="oem_scores"),
    path("improvement/", plan_views.improvement_plan, name="improvement_plan"),
    path("improvement/mine/", plan_views.my_improvement_actions, name="my_improvement_actions"),
    path("improvement/<int:pk>/", plan_views.improvement_action, name="improvement_action"),
]
