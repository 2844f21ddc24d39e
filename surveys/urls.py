from django.urls import path

from surveys import queue_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.my_callbacks, name="my_callbacks"),
    path("<int:pk>/", views.callback_detail, name="callback_detail"),
    path("<int:pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("<int:pk>/reveal-mobile/", views.reveal_mobile, name="reveal_mobile"),
    path("<int:pk>/complaint/", views.log_complaint, name="log_complaint"),
]
# s-queues
urlpatterns += [
    path("team/", queue_views.team_queue, name="team_queue"),
    path("team/hand-over/", queue_views.hand_over, name="hand_over"),
    path("scripts/", queue_views.call_scripts, name="call_scripts"),
]
