"""Staff members in the admin, with the roles they hold; changes that would leave a unit with nobody to receive
its cases (turning someone off, removing their role, deleting them) are refused, naming the unit."""

import copy
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from accounts.models import User
from organisations.admin import TreeCheckedDeleteMixin, apply_inline_roles, refuse_if_problems
from organisations.models import Organisation, OrgNode, RoleAssignment


class UserRolesFormSet(BaseInlineFormSet):
    """A person's roles, checked together with the person's own change (e.g. "active" turned off)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        user: User = self.instance
        node_ids = [
            form.cleaned_data["node"].pk
            for form in self.forms
            if hasattr(form, "cleaned_data") and form.cleaned_data.get("node")
        ]
        if user.pk:
            node_ids += list(RoleAssignment.objects.filter(user=user).values_list("node_id", flat=True))
        organisations = list(Organisation.objects.filter(nodes__in=node_ids).distinct())
        formset = self

        def change() -> None:
            if user.pk:
                User.objects.filter(pk=user.pk).update(is_active=user.is_active)
                apply_inline_roles(formset)
            else:
                trial = copy.copy(user)
                trial.save()
                for form in formset.forms:
                    form.instance.user = trial
                apply_inline_roles(formset)

        refuse_if_problems(organisations, change)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = UserRolesFormSet
    extra = 1

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "node":
            from organisations.admin import NodeChoiceField

            kwargs["queryset"] = OrgNode.objects.select_related("organisation").order_by(
                "organisation__name", "path"
            )
            kwargs["form_class"] = NodeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


DJANGO_FIELDSETS = list(DjangoUserAdmin.fieldsets or [])


@admin.register(User)
class UserAdmin(TreeCheckedDeleteMixin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    fieldsets = [
        *DJANGO_FIELDSETS[:1],
        # Django's own heading (and its translation), with the phone number added.
        (DJANGO_FIELDSETS[1][0], {"fields": ["first_name", "last_name", "email", "phone"]}),
        *DJANGO_FIELDSETS[2:],
    ]

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        # The add form asks only for the username and password; roles are given on the next page.
        return self.inlines if obj is not None else []

    def organisations_of(self, queryset: QuerySet) -> list[Organisation]:
        return list(Organisation.objects.filter(nodes__role_assignments__user__in=queryset).distinct())
