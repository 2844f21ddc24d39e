"""The day-before preparation checklist of an appointment (seed 002): six items the advisor ticks off.

Parts reserved on the dedicated shelf, a technician of the store, a bay, tools and documents checked, the customer's
file pulled, and the welcome board with the customer's name or plate, as the customer prefers.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.models import Appointment, Preparation
from aftersales.roles import REPAIR
from organization.concurrency import ConcurrentEditError, save_if_unchanged
from organization.models import User

ITEMS = 6
FIELDS = (
    "parts_on_shelf",
    "technician",
    "bay",
    "tools_and_documents_checked",
    "customer_file_pulled",
    "welcome_by",
    "welcome_board_ready",
)


def technicians_of(store):
    """The store's active technicians, who may be assigned to prepare a job."""
    return User.objects.filter(store=store, groups__name__in=REPAIR, is_active=True).distinct().order_by("name")


def preparation_of(appointment: Appointment) -> Preparation:
    """The appointment's checklist; a fresh, unsaved one (version 0) until someone ticks something."""
    try:
        return appointment.preparation
    except Preparation.DoesNotExist:
        return Preparation(appointment=appointment)


def welcome_board_text(preparation: Preparation) -> str:
    """What goes on the welcome board: the customer's name, or the plate if they prefer."""
    appointment = preparation.appointment
    if preparation.welcome_by == Preparation.WelcomeBy.PLATE:
        shown = appointment.vehicle.plate or appointment.vehicle.vin
    else:
        shown = appointment.customer.name
    return gettext("Welcome %(name)s") % {"name": shown}


def _stale() -> ConcurrentEditError:
    return ConcurrentEditError(
        _("Someone else changed this checklist since you opened it. Check their changes and tick again."),
        code="concurrent_edit",
    )


@transaction.atomic
def update_preparation(appointment: Appointment, *, expected_version: int, changes: dict) -> Preparation:
    """Record the checklist as ticked; refused if someone changed it meanwhile or the appointment is closed."""
    if appointment.status not in (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED):
        raise ValidationError(_("Only a booked or confirmed appointment is prepared."), code="wrong_status")
    technician = changes.get("technician")
    if technician is not None and not technicians_of(appointment.store_id).filter(pk=technician.pk).exists():
        raise ValidationError(_("Choose a technician of this store."), code="not_a_technician")
    preparation = preparation_of(appointment)
    if preparation.pk is None:
        if expected_version != 0:
            raise _stale()
        for field in FIELDS:
            setattr(preparation, field, changes[field])
        preparation.row_version = 1  # the first ticks are a write: a form opened on the blank checklist is stale
        try:
            with transaction.atomic():
                preparation.save()
        except IntegrityError as error:  # someone else saved the first version at the same moment
            raise _stale() from error
        return preparation
    save_if_unchanged(preparation, expected_version, {field: changes[field] for field in FIELDS})
    return preparation
