from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organization.views import landing

urlpatterns = [
    path("", landing, name="landing"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("organization.urls")),
    path("customers/", include("customers.urls")),
    path("aftersales/", include("aftersales.urls")),
    path("book/", include("aftersales.public_urls")),
    path("complaints/", include("complaints.urls")),
    path("care/", include("care.urls")),
    path("callbacks/", include("surveys.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("admin/", admin.site.urls),
    path("s/", include("surveys.public_urls")),
]
