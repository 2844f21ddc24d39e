from aftersales.models.appointments import Appointment, AppointmentChange

__all__ = ["Appointment", "AppointmentChange"]
