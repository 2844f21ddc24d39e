"""Each queue page costs the same number of queries with 1 complaint or 30, milestones and breaches included."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import Route, Severity


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def log_complaints(cast, log, count):
    for n in range(count):
        complaint = log(
            route=Route.FRONT_DESK if n % 3 == 0 else Route.CALLBACK,
            severity=Severity.MAJOR if n % 5 == 0 else Severity.GENERAL,
        )
        complaint.responsible = cast.technician
        complaint.save(update_fields=["responsible"])


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("customer_service", "complaints:queue"),
        ("gm", "complaints:queue"),
        ("workshop_head", "complaints:department"),
        ("technician", "complaints:mine"),
    ],
)
def test_a_queue_costs_the_same_at_1_and_30_complaints(
    cast, log, client_of, django_assert_max_num_queries, who, url_name
):
    client = client_of(getattr(cast, who))
    url = reverse(url_name)
    log_complaints(cast, log, 1)
    with_one = queries_for(client, url)

    log_complaints(cast, log, 29)
    with django_assert_max_num_queries(with_one):
        response = client.get(url)

    assert response.content.decode().count('data-testid="complaint-row"') == 25  # a full page
