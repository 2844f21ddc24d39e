import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from organization.roles import Role
from surveys.callbacks import record_callback_outcome
from surveys.models import Callback
from tests.factories import CallbackFactory
from tests.services.conftest import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]


def test_two_people_saving_one_callback_at_once_one_wins(store, staff):
    require_postgresql()
    first, second = staff(Role.CUSTOMER_SERVICE), staff(Role.CUSTOMER_SERVICE)
    callback = CallbackFactory(customer__store=store, owner=None)
    barrier = threading.Barrier(2)
    outcomes = {}

    def record(user, notes):
        seen = Callback.objects.get(pk=callback.pk)  # both read version 0
        barrier.wait()
        try:
            record_callback_outcome(seen, expected_version=0, reached=True, satisfied=True, notes=notes, by=user)
            outcomes[notes] = "saved"
        except ValidationError as error:
            outcomes[notes] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(u, n)) for u, n in ((first, "甲"), (second, "乙"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["concurrent_edit", "saved"]
    callback.refresh_from_db()
    assert callback.row_version == 1 and callback.attempts == 1
    winner = next(notes for notes, result in outcomes.items() if result == "saved")
    assert winner in callback.notes and callback.owner.name
