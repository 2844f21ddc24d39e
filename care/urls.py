from django.urls import path

from care import lounge_views, outreach_views, views

app_name = "care"

urlpatterns = [
    # The daily call list, logging calls, opt-outs.
    path("", views.today, name="today"),
    path("team/", views.team, name="team"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/call/", views.log_call, name="log_call"),
    path("contacts/<int:pk>/reveal-mobile/", views.reveal_mobile, name="reveal_mobile"),
    path("customers/<int:pk>/opt-outs/", views.opt_outs, name="opt_outs"),
    path("opt-outs/<int:pk>/remove/", views.remove_opt_out, name="remove_opt_out"),
    # Broadcasts and owner lectures.
    path("broadcasts/", outreach_views.broadcasts, name="broadcasts"),
    path("broadcasts/new/", outreach_views.broadcast_new, name="broadcast_new"),
    path("broadcasts/count/", outreach_views.broadcast_count, name="broadcast_count"),
    path("broadcasts/<int:pk>/", outreach_views.broadcast_detail, name="broadcast_detail"),
    path("lectures/", outreach_views.lectures, name="lectures"),
    path("lectures/<int:pk>/", outreach_views.lecture_detail, name="lecture_detail"),
    path("lectures/<int:pk>/attendees/", outreach_views.lecture_attend, name="lecture_attend"),
    path("lectures/attendees/<int:pk>/evaluation/", outreach_views.lecture_evaluate, name="lecture_evaluate"),
    # The customer lounge.
    path("lounge/", lounge_views.lounge_page, name="lounge"),
    path("lounge/checklist/", lounge_views.lounge_checklist, name="lounge_checklist"),
    path("lounge/violations/", lounge_views.lounge_violation, name="lounge_violation"),
    path("lounge/summary/", lounge_views.lounge_summary, name="lounge_summary"),
    path("lounge/lost-property/", lounge_views.lost_property_create, name="lost_property_create"),
    path("lounge/lost-property/<int:pk>/report/", lounge_views.lost_property_report, name="lost_property_report"),
    path("lounge/lost-property/<int:pk>/return/", lounge_views.lost_property_return, name="lost_property_return"),
]
