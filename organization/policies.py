"""Policies: the rulebooks' numbers as named, versioned values per store.

A rule module declares each key once with `define()` (or a table of them with `define_table()`)
and reads it typed from the PolicySet a record was created under: `policy.value(FIRST_CONTACT)`,
`policy.value(DEADLINES[route, severity, milestone])`. Group defaults are seeded in a data
migration with `add_group_defaults()`; a store's version 1 is made when the store is created.
"""

import itertools
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organization.models import PolicySet, PolicyValue, Store


class Unit(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    YUAN = "yuan", _("CNY")
    PERCENT = "percent", _("%")
    # xgettext:no-python-format
    PERCENT_OF_LIST = "percent_of_list", _("% of list price")
    COUNT = "count", _("times")
    VEHICLES = "vehicles", pgettext_lazy("policy unit", "vehicles")
    MONTH = "month", pgettext_lazy("policy unit", "month of the year")
    POINTS = "points", _("points")
    CLOCK = "clock", _("time of day")
    FLAG = "flag", _("on/off")
    CHOICE = "choice", _("one of the listed options")


DURATION_UNITS = {Unit.MINUTES: "minutes", Unit.HOURS: "hours", Unit.DAYS: "days"}
WHOLE_NUMBER_UNITS = frozenset({Unit.COUNT, Unit.VEHICLES, Unit.MONTH})


@dataclass(frozen=True, eq=False)
class PolicyKey:
    """One named policy value; `policy.value(key)` gives it typed by its unit."""

    key: str
    section: str
    label: str
    unit: Unit
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    help_text: str = ""
    table: "PolicyTable | None" = field(default=None, repr=False)
    choices: tuple[tuple[str, str], ...] = ()
    optional: bool = False  # an empty value means "does not apply" (a blank cell of a rulebook table)

    def __str__(self):
        return self.key

    @property
    def whole(self) -> bool:
        return self.unit in WHOLE_NUMBER_UNITS

    def parse(self, text: str):
        """The stored text as a typed value (int, timedelta, Decimal, time or bool); ValueError if not one.

        An optional key's empty text is None.
        """
        if self.optional and text == "":
            return None
        if self.unit == Unit.FLAG:
            if text not in ("0", "1"):
                raise ValueError(text)
            return text == "1"
        if self.unit == Unit.CHOICE:
            if text not in dict(self.choices):
                raise ValueError(text)
            return text
        if self.unit == Unit.CLOCK:
            return time.fromisoformat(text)
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(text) from error
        if not number.is_finite():
            raise ValueError(text)
        if self.whole:
            if number != number.to_integral_value():
                raise ValueError(text)
            return int(number)
        if self.unit in DURATION_UNITS:
            return timedelta(**{DURATION_UNITS[self.unit]: float(number)})
        return number

    def clean(self, value) -> str:
        """Validate a value typed by a person and return its stored text."""
        if self.optional and value is None:
            return ""
        if self.unit == Unit.FLAG:
            return "1" if value else "0"
        if self.unit == Unit.CHOICE:
            if value not in dict(self.choices):
                raise ValidationError(_("Choose one of the listed options."), code="invalid_choice")
            return value
        if self.unit == Unit.CLOCK:
            return value.strftime("%H:%M")
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(_("Must be at least %(limit)s."), params={"limit": self.minimum})
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(_("Must be at most %(limit)s."), params={"limit": self.maximum})
        if self.whole and value != int(value):
            raise ValidationError(_("Enter a whole number."), code="invalid")
        return format(Decimal(value).normalize(), "f")


@dataclass(frozen=True, eq=False)
class PolicyTable:
    """A rulebook table: one typed value per combination of its dimensions (rows x columns, or more).

    The page shows it as one table, the last dimension as columns. `TABLE[a, b]` is the cell's key.
    """

    key: str
    section: str
    label: str
    unit: Unit
    dimensions: dict[str, tuple[tuple[str, str], ...]]
    cells: dict[tuple[str, ...], PolicyKey] = field(default_factory=dict, repr=False)

    def __getitem__(self, coordinates) -> PolicyKey:
        coordinates = coordinates if isinstance(coordinates, tuple) else (coordinates,)
        return self.cells[tuple(str(c) for c in coordinates)]

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        return list(self.dimensions.values())[-1]

    def rows(self) -> list[tuple[list[str], list[PolicyKey]]]:
        """(row labels, the row's cell keys), the last dimension across."""
        *row_dimensions, _columns = self.dimensions.values()
        return [
            ([label for _value, label in row], [self[(*(v for v, _label in row), c)] for c, _l in self.columns])
            for row in itertools.product(*row_dimensions)
        ]


_keys: dict[str, PolicyKey] = {}
KEY_LENGTH = PolicyValue._meta.get_field("key").max_length


def _register(item: PolicyKey) -> PolicyKey:
    if item.key in _keys:
        raise ImproperlyConfigured(f"The policy key {item.key} is defined twice.")
    if len(item.key) > KEY_LENGTH:
        raise ImproperlyConfigured(f"The policy key {item.key} is longer than {KEY_LENGTH} characters.")
    _keys[item.key] = item
    return item


def define(
    key: str,
    section: str,
    label: str,
    unit: Unit,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    help_text: str = "",
    choices=(),
) -> PolicyKey:
    """Declare a policy key at import; a key defined twice stops the start-up.

    A `Unit.CHOICE` key names its options (a Choices class or (value, label) pairs) and stores the value.
    """
    if (unit == Unit.CHOICE) != bool(choices):
        raise ImproperlyConfigured(f"The policy key {key} needs choices exactly when its unit is CHOICE.")
    return _register(PolicyKey(key, section, label, unit, minimum, maximum, help_text, choices=_choices(choices)))


def _choices(dimension) -> tuple[tuple[str, str], ...]:
    pairs = dimension.choices if hasattr(dimension, "choices") else dimension
    return tuple((str(value), label) for value, label in pairs)


def define_table(
    key: str,
    section: str,
    label: str,
    unit: Unit,
    dimensions: dict[str, Iterable],
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    optional: bool = False,
) -> PolicyTable:
    """Declare a table of policy values: `key` names each dimension, e.g. "complaints.{route}.{severity}".

    Each dimension is a Choices class or (value, label) pairs; every combination is a stored key. In an
    `optional` table a cell may be left empty: that combination does not apply (its value is None).
    """
    dimensions = {name: _choices(choices) for name, choices in dimensions.items()}
    named = [name for _text, name, _spec, _conversion in string.Formatter().parse(key) if name]
    if sorted(named) != sorted(dimensions):
        raise ImproperlyConfigured(f"The policy table {key} must name each of its dimensions once.")
    table = PolicyTable(key, section, label, unit, dimensions)
    for combination in itertools.product(*dimensions.values()):
        values = {name: value for name, (value, _label) in zip(dimensions, combination, strict=True)}
        cell_label = format_lazy("{}: {}", label, " · ".join(str(cell_label) for _v, cell_label in combination))
        cell = PolicyKey(
            key.format_map(values), section, cell_label, unit, minimum, maximum, table=table, optional=optional
        )
        table.cells[tuple(values.values())] = _register(cell)
    return table


def definition(key: str) -> PolicyKey:
    return _keys[key]


def all_definitions() -> list[PolicyKey]:
    return list(_keys.values())


def current_policy(store: Store | None) -> PolicySet:
    """The version new records of `store` are created under (the group defaults for None); reads only."""
    latest = PolicySet.objects.filter(store=store).order_by("-version").first()
    if latest is None:
        raise PolicySet.DoesNotExist(f"No policy version for {store or 'the group defaults'}.")
    return latest


def current_policies(stores) -> dict[int, PolicySet]:
    """The current version of each store, values loaded, in two queries: for tasks that span stores."""
    newest = PolicySet.objects.filter(store=OuterRef("store")).order_by("-version").values("version")[:1]
    sets = {
        policy_set.pk: policy_set for policy_set in PolicySet.objects.filter(store__in=stores, version=Subquery(newest))
    }
    raw: dict[int, dict[str, str]] = {pk: {} for pk in sets}
    # Plain pairs, not PolicyValue objects: a hundred stores hold some 20,000 values.
    for policy_set_id, key, value in PolicyValue.objects.filter(policy_set__in=sets).values_list(
        "policy_set", "key", "value"
    ):
        raw[policy_set_id][key] = value
    for pk, policy_set in sets.items():
        policy_set.raw_values = raw[pk]
    return {policy_set.store_id: policy_set for policy_set in sets.values()}


@receiver(post_save, sender=Store, dispatch_uid="organization.policies.first_version")
def create_first_version(sender, instance: Store, created: bool, raw: bool = False, **kwargs) -> None:
    """A new store starts from the group defaults, so reading its policy never has to write."""
    if created and not raw:
        group = PolicySet.objects.filter(store=None).order_by("-version").first()
        _copy_version(group, store=instance, version=1, by=None, note="")


@transaction.atomic
def revise_policy(base: PolicySet, changes: dict[str, str], *, by, note: str) -> PolicySet:
    """Make a new version with `changes` (stored key: text); refused if someone revised `base` meanwhile."""
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


def _copy_version(source: PolicySet | None, *, store, version, by, note, changes=None) -> PolicySet:
    new = PolicySet.objects.create(store=store, version=version, created_by=by, note=note)
    values = {**(source.raw_values if source else {}), **(changes or {})}
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
