from aftersales.models.appointments import Appointment, AppointmentChange
from aftersales.models.catalog import FreeLabor, JobType, LaborOperation, PartPrice
from aftersales.models.preparation import Preparation
from aftersales.models.reminders import AppointmentReminder

__all__ = ["Appointment", "AppointmentChange", "FreeLabor", "JobType", "LaborOperation", "PartPrice"]
__all__ += ["AppointmentReminder", "Preparation"]
