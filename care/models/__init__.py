from care.models.contacts import CareCall, CareContact, CareOptOut
from care.models.lounge import LostProperty, LoungeCheck, LoungeChecklist, LoungeGroup, LoungeItem, LoungeViolation
from care.models.outreach import Broadcast, LectureAttendance, LectureEvaluation, OwnerLecture

__all__ = [
    "Broadcast",
    "CareCall",
    "CareContact",
    "CareOptOut",
    "LectureAttendance",
    "LectureEvaluation",
    "LostProperty",
    "LoungeCheck",
    "LoungeChecklist",
    "LoungeGroup",
    "LoungeItem",
    "LoungeViolation",
    "OwnerLecture",
]
