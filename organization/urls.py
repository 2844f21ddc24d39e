from django.urls import path

from organization import views

app_name = "organization"
urlpatterns = [
    path("no-role/", views.no_role, name="no_role"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/badge/", views.notification_badge, name="notification_badge"),
    path("notifications/read/", views.mark_notifications_read, name="mark_notifications_read"),
    path("policies/", views.policies, name="policies"),
    path("policies/history/", views.policy_history, name="policy_history"),
]
