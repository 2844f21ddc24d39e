from aftersales.models.appointments import Appointment, AppointmentChange
from aftersales.models.booking_codes import BookingCode
from aftersales.models.catalog import FreeLabor, JobType, LaborOperation, PartPrice

__all__ = ["Appointment", "AppointmentChange", "FreeLabor", "JobType", "LaborOperation", "PartPrice"]
__all__ += ["BookingCode"]
