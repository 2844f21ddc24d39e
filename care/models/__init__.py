from care.models.contacts import CareCall, CareContact, CareOptOut

__all__ = ["CareCall", "CareContact", "CareOptOut"]
from care.models.lounge import (  # noqa: E402
    LostProperty,
    LoungeCheck,
    LoungeChecklist,
    LoungeGroup,
    LoungeItem,
    LoungeViolation,
)

__all__ += ["LoungeCheck", "LoungeChecklist", "LoungeGroup", "LoungeItem", "LoungeViolation", "LostProperty"]
