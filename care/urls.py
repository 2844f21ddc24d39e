from django.urls import path  # noqa: F401

app_name = "care"

urlpatterns = []

from care import outreach_views  # noqa: E402

urlpatterns += [
    path("broadcasts/", outreach_views.broadcasts, name="broadcasts"),
    path("broadcasts/new/", outreach_views.broadcast_new, name="broadcast_new"),
    path("broadcasts/count/", outreach_views.broadcast_count, name="broadcast_count"),
    path("broadcasts/<int:pk>/", outreach_views.broadcast_detail, name="broadcast_detail"),
    path("lectures/", outreach_views.lectures, name="lectures"),
    path("lectures/<int:pk>/", outreach_views.lecture_detail, name="lecture_detail"),
    path("lectures/<int:pk>/attendees/", outreach_views.lecture_attend, name="lecture_attend"),
    path("lectures/attendees/<int:pk>/evaluation/", outreach_views.lecture_evaluate, name="lecture_evaluate"),
]
