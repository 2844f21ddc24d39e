import ipaddress

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from organization.models import User


class StaffBackend(ModelBackend):
    """Loads the staff member's store with them: every page names it in the navigation bar."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("store").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def client_address(request) -> str | None:
    """The address a login's lockout is keyed on: the proxy's view of the client, only if the proxy is trusted.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so with TRUSTED_PROXY_COUNT = n
    the client is the n-th entry from the right; anything further left was written by the client.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
