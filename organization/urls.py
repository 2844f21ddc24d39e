from django.urls import path

from organization import holiday_views, views

app_name = "organization"
urlpatterns = [
    path("no-role/", views.no_role, name="no_role"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/badge/", views.notification_badge, name="notification_badge"),
    path("notifications/read/", views.mark_notifications_read, name="mark_notifications_read"),
    path("policies/", views.policies, name="policies"),
    path("policies/history/", views.policy_history, name="policy_history"),
]
urlpatterns += [
    path("holidays/", holiday_views.holidays, name="holidays"),
    path("holidays/new/", holiday_views.holiday_create, name="holiday_create"),
    path("holidays/import/", holiday_views.holiday_import, name="holiday_import"),
    path("holidays/<int:pk>/edit/", holiday_views.holiday_edit, name="holiday_edit"),
    path("holidays/<int:pk>/delete/", holiday_views.holiday_delete, name="holiday_delete"),
]
