from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Callbacks and surveys")

    def ready(self):
        from organization.events import business_event
        from surveys import callbacks

        business_event.connect(callbacks.create_callbacks_for_event, dispatch_uid="surveys.callbacks")
