"""Staff members in the admin, with the roles they hold.

Every change goes through the audited services (accounts.services, organisations.services): the account and its
details, access to the admin, turning it off or on, the password, the second factor and the roles. Nobody changes
their own access, resets their own second factor or gives themselves a role: another administrator must. Changes
that would leave a unit with nobody to receive its cases (turning someone off, removing their role) are refused,
naming the unit. Accounts are turned off, never deleted, so that the audit trail keeps saying who did what.

django-otp's own admin pages for authenticators and recovery codes are taken away: they would delete a second
factor with nothing in the audit trail. An administrator resets it with the action on the list of staff. Django's
groups are taken away too: they grant nothing in Synpunkt.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import (
    DETAIL_FIELDS,
    own_account_refusal,
    password_set,
    second_factor_reset,
    staff_account_change,
    staff_account_create,
    staff_account_deactivate,
    staff_account_reactivate,
    staff_privileges_set,
    user_has_second_factor,
)
from organisations.admin import (
    NodeChoiceField,
    acting,
    refuse_if_problems,
    refuse_own_roles,
    roles_formset_apply,
    with_acting_user,
)
from organisations.models import Organisation, OrgNode, RoleAssignment

# Django's groups grant nothing here (roles on the tree decide what someone sees), so their page would only mislead.
for taken_away in (TOTPDevice, StaticDevice, Group):
    if admin.site.is_registered(taken_away):
        admin.site.unregister(taken_away)

PRIVILEGE_FIELDS = ("is_staff", "is_superuser")


def user_active_apply(user: User, *, acting_user: User | None) -> None:
    """Turn the account off or on, as the form asks, through the services."""
    stored = User.objects.get(pk=user.pk)
    if stored.is_active and not user.is_active:
        staff_account_deactivate(user=stored, acting_user=acting_user)
    elif user.is_active and not stored.is_active:
        staff_account_reactivate(user=stored, acting_user=acting_user)


class UserRolesFormSet(BaseInlineFormSet):
    """A person's roles, checked together with the person's own change (e.g. "active" turned off)."""

    acting_user: User | None = None

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        user: User = self.instance
        refuse_own_roles(self, user=user)
        node_ids = [
            form.cleaned_data["node"].pk
            for form in self.forms
            if getattr(form, "cleaned_data", None) and form.cleaned_data.get("node")
        ]
        if user.pk:
            node_ids += list(RoleAssignment.objects.filter(user=user).values_list("node_id", flat=True))
        organisations = list(Organisation.objects.filter(nodes__in=node_ids).distinct())

        def change() -> None:
            user_active_apply(user, acting_user=self.acting_user)
            roles_formset_apply(self, acting_user=self.acting_user, user=user)

        if user.pk:
            refuse_if_problems(organisations, change)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = UserRolesFormSet
    extra = 1

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        return with_acting_user(super().get_formset(request, obj, **kwargs), request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "node":
            kwargs["queryset"] = OrgNode.objects.select_related("organisation").order_by(
                "organisation__name", "path"
            )
            kwargs["form_class"] = NodeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StaffChangeForm(UserChangeForm):
    """Django's form for a user, refusing a change of one's own access to the admin."""

    acting_user: User | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name in self.changed_data for name in PRIVILEGE_FIELDS):
            refusal = own_account_refusal(user=self.instance, acting_user=self.acting_user)
            if refusal:
                raise ValidationError(refusal, code="own_account")
        return cleaned


DJANGO_FIELDSETS = list(DjangoUserAdmin.fieldsets or [])


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = StaffChangeForm
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    readonly_fields = ["second_factor", "last_login", "date_joined"]
    actions = ["reset_second_factor"]
    fieldsets = [
        (None, {"fields": ["username", "password", "second_factor"]}),
        # Django's own headings (and their translations), with the phone number added. Access is the admin's
        # two switches: roles on the tree decide what someone sees, not Django's groups and permissions.
        (DJANGO_FIELDSETS[1][0], {"fields": ["first_name", "last_name", "email", "phone"]}),
        (DJANGO_FIELDSETS[2][0], {"fields": ["is_active", *PRIVILEGE_FIELDS]}),
        *DJANGO_FIELDSETS[3:],
    ]

    @admin.display(description=_("second factor"))
    def second_factor(self, obj: User) -> str:
        if obj.pk and user_has_second_factor(obj):
            return gettext("An authenticator app is connected.")
        return gettext("None yet: the person connects an authenticator app at their next log-in.")

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        # The add form asks only for the username and password; roles are given on the next page.
        return self.inlines if obj is not None else []

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        return with_acting_user(super().get_form(request, obj, change=change, **kwargs), request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Turned off instead ("active"), so that the audit trail keeps naming who did what.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        acting_user = acting(request)
        if not change:
            usable = form.cleaned_data.get("set_usable_password", True)
            created = staff_account_create(
                username=obj.username,
                password=form.cleaned_data.get("password1") if usable else None,
                acting_user=acting_user,
            )
            obj.pk, obj.password = created.pk, created.password
            return
        staff_account_change(
            user=obj,
            changes={name: form.cleaned_data[name] for name in form.changed_data if name in DETAIL_FIELDS},
            acting_user=acting_user,
        )
        if any(name in form.changed_data for name in PRIVILEGE_FIELDS):
            staff_privileges_set(
                user=obj, is_staff=obj.is_staff, is_superuser=obj.is_superuser, acting_user=acting_user
            )
        user_active_apply(obj, acting_user=acting_user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not isinstance(formset, UserRolesFormSet):
            raise TypeError(f"No service saves {type(formset).__name__}")
        roles_formset_apply(formset, acting_user=acting(request), user=form.instance)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's page for setting a password, saving through accounts.services.password_set (audited).
        Everything but a valid submission (the page itself, errors, permission) is Django's own view."""
        user = self.get_object(request, unquote(id))
        if request.method == "POST" and user is not None and self.has_change_permission(request, user):
            form = self.change_password_form(user, request.POST)
            if form.is_valid() and (
                form.cleaned_data["set_usable_password"] or "unset-password" in request.POST
            ):
                usable = form.cleaned_data["set_usable_password"]
                password_set(
                    user=user,
                    password=form.cleaned_data["password1"] if usable else None,
                    acting_user=acting(request),
                )
                self.log_change(request, user, self.construct_change_message(request, form, []))
                messages.success(
                    request,
                    gettext("The password is set. Every session the person had has ended.")
                    if usable
                    else gettext("Log-in with a password is turned off for this account."),
                )
                update_session_auth_hash(request, user)
                return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))
        return super().user_change_password(request, id, form_url)

    @admin.action(
        description=_("Reset the second factor (a new authenticator app at the next log-in)"),
        permissions=["change"],
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        acting_user = acting(request)
        for user in queryset:
            refusal = own_account_refusal(user=user, acting_user=acting_user)
            if refusal:
                self.message_user(request, refusal, level=messages.ERROR)
                continue
            second_factor_reset(user=user, acting_user=acting_user)
            self.message_user(
                request,
                gettext("%(name)s connects a new authenticator app at the next log-in.") % {"name": user},
                level=messages.SUCCESS,
            )
