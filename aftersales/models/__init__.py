from aftersales.models.appointments import Appointment, AppointmentChange
from aftersales.models.booking_codes import BookingCode
from aftersales.models.catalog import FreeLabor, JobType, LaborOperation, PartPrice
from aftersales.models.packages import ExtendedWarrantySale, MaintenancePackage, OilSize, PolishWaxVoucher
from aftersales.models.preparation import Preparation
from aftersales.models.reminders import AppointmentReminder
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
    "AppointmentReminder",
    "BookingCode",
    "ChangeRequest",
    "FreeLabor",
    "JobType",
    "LaborOperation",
    "PartPrice",
    "Preparation",
    "QcInspection",
    "RecommendedWork",
    "RepairOrder",
    "RepairOrderLine",
    "RepairOrderStep",
    "RequisitionLine",
    "SettlementLine",
    "ExtendedWarrantySale",
    "MaintenancePackage",
    "OilSize",
    "PolishWaxVoucher",
]
