from django.urls import path

from complaints import export_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("department/", views.department, name="department"),
    path("statistics/", export_views.statistics_page, name="statistics"),
    path("statistics/export/", export_views.export_statistics, name="export"),
]
