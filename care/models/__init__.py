from care.models.contacts import CareCall, CareContact, CareOptOut

__all__ = ["CareCall", "CareContact", "CareOptOut"]
