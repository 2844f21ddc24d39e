from aftersales.models.appointments import Appointment, AppointmentChange
from aftersales.models.catalog import FreeLabor, JobType, LaborOperation, PartPrice

__all__ = ["Appointment", "AppointmentChange", "FreeLabor", "JobType", "LaborOperation", "PartPrice"]
