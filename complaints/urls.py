from django.urls import path

from complaints import preview_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("department/", views.department, name="department"),
    path("deadlines/preview/", preview_views.deadline_preview, name="deadline_preview"),
]
