"""The events after-sales announces; the repair order's delivery will announce SERVICE_DELIVERY."""

from django.utils.translation import gettext_lazy as _

from organization.events import declare_event_kind

SERVICE_DELIVERY = declare_event_kind("service_delivery", _("Repair order delivered"))
