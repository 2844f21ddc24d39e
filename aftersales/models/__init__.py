from aftersales.models.appointments import Appointment, AppointmentChange
from aftersales.models.booking_codes import BookingCode
from aftersales.models.catalog import FreeLabor, JobType, LaborOperation, PartPrice
from aftersales.models.repair_orders import (
    ChangeRequest,
    QcInspection,
    RecommendedWork,
    RepairOrder,
    RepairOrderLine,
    RepairOrderStep,
    RequisitionLine,
    SettlementLine,
)

__all__ = [
    "Appointment",
    "AppointmentChange",
    "BookingCode",
    "ChangeRequest",
    "FreeLabor",
    "JobType",
    "LaborOperation",
    "PartPrice",
    "QcInspection",
    "RecommendedWork",
    "RepairOrder",
    "RepairOrderLine",
    "RepairOrderStep",
    "RequisitionLine",
    "SettlementLine",
]
