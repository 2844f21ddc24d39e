from django.urls import path  # noqa: F401

from care import views

app_name = "care"

urlpatterns = []

# k-calls: the daily call list, logging calls, opt-outs.
urlpatterns += [
    path("", views.today, name="today"),
    path("team/", views.team, name="team"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/call/", views.log_call, name="log_call"),
    path("contacts/<int:pk>/reveal-mobile/", views.reveal_mobile, name="reveal_mobile"),
    path("customers/<int:pk>/opt-outs/", views.opt_outs, name="opt_outs"),
    path("opt-outs/<int:pk>/remove/", views.remove_opt_out, name="remove_opt_out"),
]
