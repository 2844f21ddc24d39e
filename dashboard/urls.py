from django.urls import path

from dashboard import staff_report_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.gm, name="gm"),
    path("panel/<slug:key>/", views.panel, name="panel"),
    path("group/", views.group, name="group"),
    path("group/<str:store>/", views.store, name="store"),
    path("group/<str:store>/panel/<slug:key>/", views.store_panel, name="store_panel"),
    path("staff-report/", staff_report_views.staff_report, name="staff_report"),
    path("staff-report/xlsx/", staff_report_views.staff_report_xlsx, name="staff_report_xlsx"),
]
