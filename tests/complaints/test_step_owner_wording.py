"""The person who owns a step is not a car's owner: the complaint pages' "Owner" columns do not say 车主."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from complaints.models import Route


def car_owner():
    with translation.override("zh-hans"):
        return gettext("Owner")  # the vehicle's owner on the customer pages


@pytest.mark.parametrize(
    "url", ["complaints:detail", "complaints:queue", "complaints:deadline_preview"], ids=["page", "queue", "preview"]
)
def test_the_step_owner_column_is_not_headed_car_owner(cast, log, client_of, url):
    complaint = log(route=Route.FRONT_DESK)
    args = [complaint.pk] if url == "complaints:detail" else []
    response = client_of(cast.manager).get(reverse(url, args=args), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert car_owner() == "车主"
    assert f"<th>{car_owner()}</th>" not in response.content.decode()
