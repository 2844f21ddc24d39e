"""URLs of the helpdesk peer project: helpdesk's own, so the links in its escalation mails resolve."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("helpdesk/", include("helpdesk.urls", namespace="helpdesk")),
]
