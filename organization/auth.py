from django.contrib.auth.backends import ModelBackend

from organization.models import User


class StaffBackend(ModelBackend):
    """Loads the staff member's store with them: every page names it in the navigation bar."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("store").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
