"""Policies: the rulebooks' numbers as named, versioned values per store.

Each app declares its keys with `define()` in its own module (imported from its AppConfig),
and seeds the group defaults in a data migration with `add_group_defaults()`. Code reads
values from the PolicySet a record was created under, never from literals.
"""

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from organization.models import PolicySet, PolicyValue, Store


class Unit(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    YUAN = "yuan", _("CNY")
    PERCENT = "percent", _("%")
    COUNT = "count", _("times")
    POINTS = "points", _("points")
    CLOCK = "clock", _("time of day")
    FLAG = "flag", _("on/off")


DURATION_UNITS = {Unit.MINUTES: "minutes", Unit.HOURS: "hours", Unit.DAYS: "days"}


@dataclass(frozen=True)
class PolicyDefinition:
    key: str
    section: str
    label: str
    unit: Unit
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    help_text: str = ""

    def parse(self, text: str):
        """The stored text as a typed value; ValueError if it is not one."""
        if self.unit == Unit.FLAG:
            if text not in ("0", "1"):
                raise ValueError(text)
            return text == "1"
        if self.unit == Unit.CLOCK:
            return time.fromisoformat(text)
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(text) from error
        if not number.is_finite():
            raise ValueError(text)
        return number

    def as_duration(self, text: str) -> timedelta:
        return timedelta(**{DURATION_UNITS[self.unit]: float(self.parse(text))})

    def clean(self, value) -> str:
        """Validate a value typed by a person and return its stored text."""
        if self.unit == Unit.FLAG:
            return "1" if value else "0"
        if self.unit == Unit.CLOCK:
            return value.strftime("%H:%M")
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(_("Must be at least %(limit)s."), params={"limit": self.minimum})
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(_("Must be at most %(limit)s."), params={"limit": self.maximum})
        return format(value.normalize(), "f")


_definitions: dict[str, PolicyDefinition] = {}


def define(*definitions: PolicyDefinition) -> None:
    for item in definitions:
        _definitions[item.key] = item


def definition(key: str) -> PolicyDefinition:
    return _definitions[key]


def all_definitions() -> list[PolicyDefinition]:
    return list(_definitions.values())


def current_policy(store: Store | None) -> PolicySet:
    """The version new records of `store` are created under; a store's first one copies the group's."""
    latest = PolicySet.objects.filter(store=store).order_by("-version").first()
    if latest is not None:
        return latest
    if store is None:
        raise PolicySet.DoesNotExist("The group policy defaults have not been seeded.")
    try:
        with transaction.atomic():
            return _copy_version(current_policy(None), store=store, version=1, by=None, note="")
    except IntegrityError:
        return PolicySet.objects.get(store=store, version=1)


@transaction.atomic
def revise_policy(base: PolicySet, changes: dict[str, str], *, by, note: str) -> PolicySet:
    """Make a new version with `changes`; refused if someone revised `base` meanwhile."""
    latest = PolicySet.objects.select_for_update().filter(store=base.store).order_by("-version").first()
    if latest.pk != base.pk:
        raise ValidationError(
            _("These settings were changed by someone else (now version %(version)s). Reload and try again."),
            params={"version": latest.version},
            code="concurrent_edit",
        )
    changes = {key: value for key, value in changes.items() if base.raw_values.get(key) != value}
    if not changes:
        raise ValidationError(_("Nothing was changed."), code="no_change")
    return _copy_version(base, store=base.store, version=base.version + 1, by=by, note=note, changes=changes)


def _copy_version(source: PolicySet, *, store, version, by, note, changes=None) -> PolicySet:
    new = PolicySet.objects.create(store=store, version=version, created_by=by, note=note)
    values = {**source.raw_values, **(changes or {})}
    PolicyValue.objects.bulk_create(PolicyValue(policy_set=new, key=k, value=v) for k, v in values.items())
    return new


def changes_between(older: PolicySet | None, newer: PolicySet) -> list[tuple[str, str | None, str]]:
    """(key, old text, new text) for each value `newer` changed."""
    before = older.raw_values if older else {}
    return [(k, before.get(k), v) for k, v in sorted(newer.raw_values.items()) if before.get(k) != v]


def add_group_defaults(apps, defaults: dict[str, str]) -> None:
    """Data-migration helper: add new keys to every existing version with the seed's default.

    A key that did not exist before applies the same way to old records and new ones; once
    added, changing it makes a new version as usual.
    """
    policy_set_model = apps.get_model("organization", "PolicySet")
    policy_value_model = apps.get_model("organization", "PolicyValue")
    if not policy_set_model.objects.filter(store=None).exists():
        policy_set_model.objects.create(store=None, version=1, note="seed defaults")
    for policy_set in policy_set_model.objects.all():
        present = set(policy_value_model.objects.filter(policy_set=policy_set).values_list("key", flat=True))
        policy_value_model.objects.bulk_create(
            policy_value_model(policy_set=policy_set, key=key, value=value)
            for key, value in defaults.items()
            if key not in present
        )
