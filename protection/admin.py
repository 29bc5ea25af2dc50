from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from accounts.models import User
from organisations.models import Role
from protection.models import ProtectedIdentityAccess
from protection.services import protected_identity_access_set


class AccessForm(forms.ModelForm):  # type: ignore[type-arg]
    roles = forms.MultipleChoiceField(
        choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProtectedIdentityAccess
        fields = ["organisation", "roles"]


@admin.register(ProtectedIdentityAccess)
class ProtectedIdentityAccessAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Which roles of an organisation may see protected personal details; saved through the audited service."""

    form = AccessForm
    list_display = ["organisation", "roles"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        acting_user = request.user if isinstance(request.user, User) else None
        saved = protected_identity_access_set(
            organisation=form.cleaned_data["organisation"],
            roles=form.cleaned_data["roles"],
            acting_user=acting_user,
        )
        obj.pk = saved.pk
