from django.urls import path

from aftersales import public_views

app_name = "book"
urlpatterns = [
    path("<slug:code>/", public_views.book, name="book"),
    path("code/<uuid:token>/", public_views.verify, name="verify"),
    path("booked/<uuid:token>/", public_views.done, name="done"),
]
