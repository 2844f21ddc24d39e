"""The reception's and the workshop's panels of the GM dashboard, and the group's columns for them: today's load,
the wait from reception to work start, and the appointment share of repair orders (figures from aftersales.figures).
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales import figures
from aftersales.models import RepairOrder
from dashboard.panels import Measure, MeasureGroup, Panel, Unit, register_measures, register_panel

Status = RepairOrder.Status
OPEN_STATUSES = (Status.DRAFT, Status.SIGNED, Status.IN_PROGRESS, Status.QC, Status.READY, Status.SETTLED)


def workshop_load(store, now):
    orders = figures.open_orders([store], now).get(store.pk, figures.OpenOrders())
    return {
        "today": timezone.localdate(now),
        "appointments": figures.appointments_today([store], now).get(store.pk, figures.AppointmentsToday()),
        "orders": orders,
        "by_status": [(status, status.label, orders.by_status.get(status, 0)) for status in OPEN_STATUSES],
    }


def wait_for_work(store, now):
    month = timezone.localdate(now).replace(day=1)
    today = figures.wait_for_work_today([store], now).get(store.pk, figures.WaitForWork())
    this_month = figures.wait_for_work_in([store], month).get(store.pk, figures.WaitForWork())
    return {"periods": [("today", _("Today"), today), ("month", _("This month"), this_month)]}


def appointment_share(store, now):
    month = timezone.localdate(now).replace(day=1)
    last_month = (month - timedelta(days=1)).replace(day=1)
    this = figures.appointment_share([store], month).get(store.pk, figures.AppointmentShare())
    last = figures.appointment_share([store], last_month).get(store.pk, figures.AppointmentShare())
    change = None if this.percent is None or last.percent is None else this.percent - last.percent
    return {"month": month, "last_month": last_month, "this": this, "last": last, "change": change}


def monthly_measures(stores, month):
    shares = figures.appointment_share(stores, month)
    waits = figures.wait_for_work_in(stores, month)
    return {
        "appointment_share": {store_id: share.percent for store_id, share in shares.items()},
        "wait_for_work_minutes": {store_id: wait.average_minutes for store_id, wait in waits.items()},
    }


register_panel(
    Panel("workshop-load", _("Today's workshop"), "dashboard/panels/workshop_load.html", workshop_load, 300, 60, 6)
)
register_panel(
    Panel(
        "wait-for-work",
        _("From reception to work starting"),
        "dashboard/panels/workshop_wait.html",
        wait_for_work,
        310,
        60,
        6,
    )
)
register_panel(
    Panel(
        "appointment-share",
        _("Appointment share of repair orders"),
        "dashboard/panels/workshop_appointment_share.html",
        appointment_share,
        320,
    )
)
register_measures(
    MeasureGroup(
        "workshop",
        (
            Measure("appointment_share", _("Appointment share"), Unit.PERCENT, higher_is_better=True),
            Measure(
                "wait_for_work_minutes", _("Reception to work start (avg. min)"), Unit.COUNT, higher_is_better=False
            ),
        ),
        monthly_measures,
        40,
    )
)
