from django.urls import path  # noqa: F401

app_name = "care"

urlpatterns = []

# The customer lounge (issue 11, slice k-lounge).
from care import lounge_views  # noqa: E402

urlpatterns += [
    path("lounge/", lounge_views.lounge_page, name="lounge"),
    path("lounge/checklist/", lounge_views.lounge_checklist, name="lounge_checklist"),
    path("lounge/violations/", lounge_views.lounge_violation, name="lounge_violation"),
    path("lounge/summary/", lounge_views.lounge_summary, name="lounge_summary"),
    path("lounge/lost-property/", lounge_views.lost_property_create, name="lost_property_create"),
    path("lounge/lost-property/<int:pk>/report/", lounge_views.lost_property_report, name="lost_property_report"),
    path("lounge/lost-property/<int:pk>/return/", lounge_views.lost_property_return, name="lost_property_return"),
]
