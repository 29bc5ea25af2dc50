"""Staff accounts in the admin: accounts, access, passwords and second factors change only through the audited
services; nobody changes their own access or resets their own second factor, and nothing removes a second factor
without a trace."""

import pytest
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import recovery_codes_replace
from accounts.testing import totp_device_for
from audit.actions import Action
from audit.chain import first_break
from audit.models import Event
from organisations.tests.test_admin import form_data

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ett-helt-nytt-lösenord-77"


@pytest.fixture
def admin(tree) -> User:
    return User.objects.create_superuser("root.admin", "root.admin@example.se", "irrelevant-password-123")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def last_event(action: str) -> Event:
    return Event.objects.filter(action=action).latest("pk")


def test_the_admin_has_no_pages_for_authenticators_or_recovery_codes(admin_client, tree):
    for name in ["admin:otp_totp_totpdevice_changelist", "admin:otp_static_staticdevice_changelist"]:
        with pytest.raises(NoReverseMatch):
            reverse(name)
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_the_admin_has_no_page_for_django_groups_which_grant_nothing_here(admin_client, tree):
    with pytest.raises(NoReverseMatch):
        reverse("admin:auth_group_changelist")
    assert admin_client.get("/admin/auth/group/").status_code == 404


def test_resetting_a_second_factor_in_the_admin_is_in_the_audit_chain(admin_client, admin, tree):
    staff = tree.contact_staff
    totp_device_for(staff)
    recovery_codes_replace(user=staff)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [str(staff.pk)]},
        follow=True,
    )
    assert "kopplar en ny autentiseringsapp vid nästa inloggning" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    event = last_event(Action.SECOND_FACTOR_RESET)
    assert event.actor == admin and event.data["user"] == staff.pk
    assert first_break(Event.objects.order_by("pk").iterator()) is None


def test_an_administrator_cannot_reset_its_own_second_factor(admin_client, admin, tree):
    totp_device_for(admin)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [str(admin.pk)]},
        follow=True,
    )
    assert "en annan administratör måste göra det" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()
    assert not Event.objects.filter(action=Action.SECOND_FACTOR_RESET).exists()


def test_the_staff_page_says_whether_a_second_factor_is_connected(admin_client, tree):
    totp_device_for(tree.contact_staff)
    page = admin_client.get(reverse("admin:accounts_user_change", args=[tree.contact_staff.pk]))
    assert "En autentiseringsapp är kopplad." in page.content.decode()
    page = admin_client.get(reverse("admin:accounts_user_change", args=[tree.registrar.pk]))
    assert "Ingen ännu" in page.content.decode()


def test_setting_a_password_in_the_admin_is_in_the_audit_chain(admin_client, admin, tree):
    url = reverse("admin:auth_user_password_change", args=[tree.contact_staff.pk])
    response = admin_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(pk=tree.contact_staff.pk).check_password(NEW_PASSWORD)
    event = last_event(Action.PASSWORD_SET)
    assert event.actor == admin
    assert event.data == {"user": tree.contact_staff.pk, "usable": True}


def test_a_password_the_validators_refuse_is_not_set(admin_client, tree):
    url = reverse("admin:auth_user_password_change", args=[tree.contact_staff.pk])
    response = admin_client.post(url, {"password1": "kort", "password2": "kort", "usable_password": "true"})
    assert response.status_code == 200
    assert not User.objects.get(pk=tree.contact_staff.pk).check_password("kort")
    assert not Event.objects.filter(action=Action.PASSWORD_SET).exists()


def test_creating_a_staff_account_in_the_admin_is_in_the_audit_chain(admin_client, admin, tree):
    url = reverse("admin:accounts_user_add")
    data = form_data(admin_client, url)
    data.update(
        username=["testby-ines"], password1=[NEW_PASSWORD], password2=[NEW_PASSWORD], usable_password=["true"]
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="testby-ines")
    assert user.check_password(NEW_PASSWORD)
    event = last_event(Action.STAFF_ACCOUNT_CREATED)
    assert event.actor == admin and event.data == {"user": user.pk, "password": True}


def test_turning_an_account_off_and_giving_admin_access_in_the_admin_is_audited(admin_client, admin, tree):
    url = reverse("admin:accounts_user_change", args=[tree.quality_developer.pk])
    data = form_data(admin_client, url)
    data.pop("is_active", None)
    data["is_staff"] = ["on"]
    data["email"] = ["fredrik.ny@exempelby.se"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(pk=tree.quality_developer.pk)
    assert not user.is_active and user.is_staff and user.email == "fredrik.ny@exempelby.se"
    assert last_event(Action.STAFF_ACCOUNT_DEACTIVATED).data == {"user": user.pk}
    assert last_event(Action.STAFF_PRIVILEGES_CHANGED).data["new"] == {
        "is_staff": True,
        "is_superuser": False,
    }
    assert last_event(Action.STAFF_ACCOUNT_CHANGED).data == {"user": user.pk, "fields": ["email"]}
    assert {event.actor for event in Event.objects.filter(data__user=user.pk)} == {admin}


def test_an_administrator_cannot_change_its_own_access(admin_client, admin):
    url = reverse("admin:accounts_user_change", args=[admin.pk])
    data = form_data(admin_client, url)
    data.pop("is_superuser", None)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Du kan inte ändra din egen behörighet" in response.content.decode()
    assert User.objects.get(pk=admin.pk).is_superuser
    assert not Event.objects.filter(action=Action.STAFF_PRIVILEGES_CHANGED).exists()


def test_staff_accounts_are_turned_off_not_deleted(admin_client, tree):
    url = reverse("admin:accounts_user_delete", args=[tree.contact_staff.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=tree.contact_staff.pk).exists()


def test_the_staff_form_has_no_groups_or_permissions(admin_client, tree):
    page = admin_client.get(reverse("admin:accounts_user_change", args=[tree.contact_staff.pk]))
    form = page.context["adminform"].form
    assert "groups" not in form.fields and "user_permissions" not in form.fields
    assert "last_login" not in form.fields  # shown, not editable
