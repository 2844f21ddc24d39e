from care.models.contacts import CareCall, CareContact, CareOptOut

__all__ = ["CareCall", "CareContact", "CareOptOut"]
from care.models.outreach import (  # noqa: E402
    Broadcast,
    LectureAttendance,
    LectureEvaluation,
    OwnerLecture,
)

__all__ += ["Broadcast", "LectureAttendance", "LectureEvaluation", "OwnerLecture"]
