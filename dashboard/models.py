from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.scoping import StoreOwned


class StaffReportDownload(StoreOwned):
    """Who downloaded a store's monthly staff report (员工月度考核表) .xlsx, when, for which month and which rows."""

    class Scope(models.TextChoices):
        STORE = "store", _("Whole store")
        DEPARTMENT = "department", _("Department")
        OWN = "own", _("Own row")
        GROUP = "group", _("Every store (group)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("staff member"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    month = models.DateField(_("month"), help_text=_("The first day of the month downloaded."))
    scope = models.CharField(_("scope"), max_length=12, choices=Scope)

    class Meta:
        verbose_name = _("staff report download")
        verbose_name_plural = _("staff report downloads")
        default_related_name = "staff_report_downloads"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.month:%Y-%m} · {self.get_scope_display()} · {self.user}"


class GroupMonthFigures(models.Model):
    """Every store's group-dashboard measures for one month, as `dashboard.panels.store_measures` computed them at
    `computed_at`: the group page reads this row instead of computing 100 stores' month per request. The current
    month is refreshed by beat every few minutes, a past month when first asked for and again the night after."""

    month = models.DateField(_("month"), unique=True)
    figures = models.JSONField(_("figures"))  # {store id: {measure key: number as text or null}}
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("group month figures")
        verbose_name_plural = _("group month figures")

    def __str__(self):
        return f"{self.month:%Y-%m} · {self.computed_at:%Y-%m-%d %H:%M}"
