"""What an administrator changes about a staff account goes through accounts.services, each change in the audit
trail's hash chain; nobody changes their own access or resets their own second factor."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import (
    password_set,
    recovery_codes_replace,
    second_factor_reset,
    staff_account_change,
    staff_account_create,
    staff_account_deactivate,
    staff_account_reactivate,
    staff_privileges_set,
)
from accounts.testing import totp_device_for
from audit.actions import Action
from audit.chain import first_break
from audit.models import Event

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")
NEW_PASSWORD = "ett-helt-nytt-lösenord-77"


def last_event(action: str) -> Event:
    return Event.objects.filter(action=action).latest("pk")


def test_creating_an_account_is_recorded_without_the_password(tree):
    user = staff_account_create(
        username="testby-ines",
        password=NEW_PASSWORD,
        first_name="Ines",
        last_name="Nysson",
        email="testby-ines@exempelby.se",
        acting_user=tree.administrator,
    )
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    event = last_event(Action.STAFF_ACCOUNT_CREATED)
    assert event.actor == tree.administrator
    assert event.data == {"user": user.pk, "password": True}
    assert NEW_PASSWORD not in str(event.data)


def test_an_account_created_without_a_password_cannot_log_in_with_one(tree):
    user = staff_account_create(username="testby-jon", password=None, acting_user=tree.administrator)
    assert not user.has_usable_password()
    assert last_event(Action.STAFF_ACCOUNT_CREATED).data["password"] is False


def test_changing_someones_details_names_the_fields_not_the_values(tree):
    user = tree.contact_staff
    staff_account_change(
        user=user,
        changes={"email": "anna.ny@exempelby.se", "first_name": user.first_name},
        acting_user=tree.administrator,
    )
    user.refresh_from_db()
    assert user.email == "anna.ny@exempelby.se"
    event = last_event(Action.STAFF_ACCOUNT_CHANGED)
    assert event.data == {"user": user.pk, "fields": ["email"]}


def test_giving_access_to_the_admin_is_recorded(tree):
    staff_privileges_set(
        user=tree.registrar, is_staff=True, is_superuser=True, acting_user=tree.administrator
    )
    tree.registrar.refresh_from_db()
    assert tree.registrar.is_staff and tree.registrar.is_superuser
    event = last_event(Action.STAFF_PRIVILEGES_CHANGED)
    assert event.data["new"] == {"is_staff": True, "is_superuser": True}
    assert event.data["old"] == {"is_staff": False, "is_superuser": False}


def test_nobody_changes_their_own_access(tree):
    with pytest.raises(ValidationError) as error:
        staff_privileges_set(
            user=tree.administrator, is_staff=True, is_superuser=True, acting_user=tree.administrator
        )
    assert error.value.code == "own_account"
    tree.administrator.refresh_from_db()
    assert not tree.administrator.is_superuser
    assert not Event.objects.filter(action=Action.STAFF_PRIVILEGES_CHANGED).exists()


def test_turning_an_account_off_ends_its_sessions_and_is_recorded(client, tree):
    client.force_login(tree.contact_staff)
    assert client.get(ACCOUNT).status_code == 200
    staff_account_deactivate(user=tree.contact_staff, acting_user=tree.administrator)
    assert client.get(ACCOUNT).status_code == 302
    assert last_event(Action.STAFF_ACCOUNT_DEACTIVATED).data == {"user": tree.contact_staff.pk}
    staff_account_reactivate(user=tree.contact_staff, acting_user=tree.administrator)
    tree.contact_staff.refresh_from_db()
    assert tree.contact_staff.is_active
    assert last_event(Action.STAFF_ACCOUNT_REACTIVATED).actor == tree.administrator


def test_setting_a_password_is_recorded_and_ends_old_sessions(client, tree):
    client.force_login(tree.contact_staff)
    password_set(user=tree.contact_staff, password=NEW_PASSWORD, acting_user=tree.administrator)
    assert client.get(ACCOUNT).status_code == 302
    assert User.objects.get(pk=tree.contact_staff.pk).check_password(NEW_PASSWORD)
    event = last_event(Action.PASSWORD_SET)
    assert event.data == {"user": tree.contact_staff.pk, "usable": True}
    password_set(user=tree.contact_staff, password=None, acting_user=tree.administrator)
    tree.contact_staff.refresh_from_db()
    assert not tree.contact_staff.has_usable_password()
    assert last_event(Action.PASSWORD_SET).data["usable"] is False


def test_resetting_a_second_factor_removes_it_ends_sessions_and_is_recorded(client, tree):
    staff = tree.contact_staff
    totp_device_for(staff)
    recovery_codes_replace(user=staff)
    client.force_login(staff)
    assert second_factor_reset(user=staff, acting_user=tree.administrator) == 2
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    assert not StaticToken.objects.filter(device__user=staff).exists()
    assert client.get(ACCOUNT).status_code == 302
    event = last_event(Action.SECOND_FACTOR_RESET)
    assert event.actor == tree.administrator
    assert event.data == {"user": staff.pk, "authenticators": 1, "recovery_code_sets": 1}
    assert first_break(Event.objects.order_by("pk").iterator()) is None


def test_nobody_resets_their_own_second_factor(tree):
    totp_device_for(tree.administrator)
    with pytest.raises(ValidationError):
        second_factor_reset(user=tree.administrator, acting_user=tree.administrator)
    assert TOTPDevice.objects.filter(user=tree.administrator).exists()
    assert not Event.objects.filter(action=Action.SECOND_FACTOR_RESET).exists()


def test_the_details_service_never_sets_access(tree):
    with pytest.raises(ValueError):
        staff_account_change(user=tree.registrar, changes={"is_superuser": True}, acting_user=None)
    assert not User.objects.get(pk=tree.registrar.pk).is_superuser
