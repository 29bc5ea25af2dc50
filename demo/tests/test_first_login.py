"""The demo's first log-in works: what seeding prints lets a person in at once (issue 17, item 9)."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.actions import Action
from audit.models import Event
from demo.management.commands.demo_seed import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_it_lets_a_demo_account_in_with_the_code_of_the_moment_seeding_ends(client):
    # One held clock for seeding and log-in: the code typed belongs to the time step in which seeding ran.
    with time_machine.travel(timezone.now(), tick=False):
        printed = StringIO()
        call_command("demo_seed", "--cases", "3", stdout=printed, stderr=StringIO())
        assert "anna.karlsson" in printed.getvalue() and DEMO_PASSWORD in printed.getvalue()
        shown = StringIO()
        call_command("demo_seed", "--code", stdout=shown)

        response = client.post(
            reverse("accounts:login"), {"username": "anna.karlsson", "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:otp_verify"))
        response = client.post(
            reverse("accounts:otp_verify"),
            {"code": shown.getvalue().strip(), "next": reverse("accounts:account")},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert client.get(reverse("accounts:account")).status_code == 200
    person = User.objects.get(username="anna.karlsson")
    assert Event.objects.filter(action=Action.SIGNED_IN, actor=person).exists()
