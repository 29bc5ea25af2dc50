"""The organisation tree in the admin: organisations with their ladder, the parts of the tree, and roles.

Every form that could leave a unit with nobody to receive its cases tries the change out first (in a savepoint
that is rolled back, organisations.checks.problems_after) and refuses it with a sentence naming the unit. Paths
are kept by organisations.services, never set here.
"""

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations import checks as tree_checks  # also registers the system check
from organisations.models import LadderStep, NodeKind, Organisation, OrgNode, RoleAssignment
from organisations.services import node_create, node_path_refresh, organisation_create

admin.site.site_header = _("Synpunkt: administration")
admin.site.site_title = _("Synpunkt administration")
admin.site.index_title = _("The organisation, its staff and the case register")


def _depth(node: OrgNode) -> int:
    return max(node.path.strip("/").count("/"), 0)


class NodeChoiceField(forms.ModelChoiceField):
    """Nodes shown as an indented tree, with the organisation's name when several could be meant."""

    def label_from_instance(self, obj: OrgNode) -> str:  # type: ignore[override]
        return f"{'— ' * _depth(obj)}{obj.name} ({obj.organisation.name})"


def refuse_if_problems(organisations: list[Organisation], change: Callable[[], object]) -> None:
    """Raise a ValidationError naming every unit the change would leave without a receiver."""
    organisations = [organisation for organisation in organisations if organisation is not None]
    if not organisations:
        return
    try:
        sentences = tree_checks.problems_after(organisations, change)
    except (ValidationError, DatabaseError, ValueError):
        # The form has other errors that make the change impossible; those are shown instead.
        return
    if sentences:
        raise ValidationError(sentences)


def deleting(formset: BaseInlineFormSet, form: forms.BaseForm) -> bool:
    """Whether the formset will delete this form's object (Django's own test, which has no public name)."""
    return bool(formset._should_delete_form(form))  # type: ignore[attr-defined]


def apply_inline_roles(formset: BaseInlineFormSet, node: OrgNode | None = None) -> None:
    """Write an inline formset of role assignments as it would be saved (inside a trial savepoint)."""
    for form in formset.forms:
        if not hasattr(form, "cleaned_data"):
            continue
        original_pk = form.instance.pk
        if deleting(formset, form):
            if original_pk:
                RoleAssignment.objects.filter(pk=original_pk).delete()
            continue
        if not form.has_changed() or not form.cleaned_data.get("role"):
            continue
        trial = copy.copy(form.instance)
        if node is not None:
            trial.node = node
        trial.save()


# --- Organisation and its ladder ------------------------------------------------------------------------------


class LadderFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return

        def change() -> None:
            # Delete first: positions and roles are unique per organisation.
            LadderStep.objects.filter(
                pk__in=[
                    form.instance.pk
                    for form in self.forms
                    if form.instance.pk and (deleting(self, form) or form.has_changed())
                ]
            ).delete()
            for form in self.forms:
                if not hasattr(form, "cleaned_data") or deleting(self, form):
                    continue
                if form.has_changed() and form.cleaned_data.get("role"):
                    trial = copy.copy(form.instance)
                    trial.pk = None
                    trial._state.adding = True
                    trial.save()

        refuse_if_problems([self.instance], change)


class LadderStepInline(admin.TabularInline):
    model = LadderStep
    formset = LadderFormSet
    extra = 0
    ordering = ["position"]


class OrganisationAddForm(forms.ModelForm):
    root_name = forms.CharField(
        label=_("name of the top of the tree"),
        initial="Socialnämnden",
        help_text=_("For example the social-services committee. Areas and units are added below it."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "slug",
            "kind",
            "reference_prefix",
            "county",
            "clock_mode",
            "inform_period_days",
            "acknowledge_period_days",
            "languages",
            "postal_address",
            "freepost_address",
            "phone",
            "email",
        ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "reference_prefix", "kind", "county", "inform_period_days"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "reference_prefix", "county"]}),
        (
            _("Periods"),
            {"fields": ["clock_mode", "inform_period_days", "acknowledge_period_days"]},
        ),
        (
            _("Contact and languages"),
            {"fields": ["languages", "postal_address", "freepost_address", "phone", "email"]},
        ),
    ]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = OrganisationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        if obj is None:
            fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "root_name"]
        return fieldsets

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        # A new organisation gets the default ladder from organisation_create; it is edited afterwards.
        return [LadderStepInline] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = {
            key: value
            for key, value in form.cleaned_data.items()
            if key not in {"name", "slug", "reference_prefix", "root_name"}
        }
        created = organisation_create(
            name=obj.name,
            slug=obj.slug,
            reference_prefix=obj.reference_prefix,
            root_name=form.cleaned_data["root_name"],
            **data,
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db


# --- The tree -------------------------------------------------------------------------------------------------


class NodeRolesFormSet(BaseInlineFormSet):
    """The roles held on a node, checked together with the node's own change (a new unit and its receiver)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        node: OrgNode = self.instance
        if not node.organisation_id:
            return
        formset = self

        def change() -> None:
            trial = copy.copy(node)
            if trial.pk is None:
                target = node_create(
                    organisation=trial.organisation, parent=trial.parent, kind=trial.kind, name=trial.name
                )
                if not trial.is_active:
                    OrgNode.objects.filter(pk=target.pk).update(is_active=False)
            else:
                old_parent_id = OrgNode.objects.values_list("parent_id", flat=True).get(pk=trial.pk)
                trial.save()
                if old_parent_id != trial.parent_id:
                    node_path_refresh(trial)
                target = trial
            apply_inline_roles(formset, node=target)

        refuse_if_problems([node.organisation], change)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = NodeRolesFormSet
    extra = 1
    autocomplete_fields = ["user"]


class OrgNodeForm(forms.ModelForm):
    class Meta:
        model = OrgNode
        fields = ["organisation", "parent", "kind", "name", "is_active"]
        field_classes = {"parent": NodeChoiceField}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        parent: OrgNode | None = cleaned.get("parent")
        kind = cleaned.get("kind")
        if kind == NodeKind.ROOT and parent is not None:
            self.add_error("parent", _("The top of the tree has no parent."))
        if (
            kind == NodeKind.ROOT
            and organisation is not None
            and OrgNode.objects.filter(organisation=organisation, parent__isnull=True)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("kind", _("The organisation already has a top of the tree."))
        if parent is not None and organisation is not None and parent.organisation_id != organisation.pk:
            self.add_error("parent", _("The parent must belong to the same organisation."))
        if parent is not None and self.instance.pk and parent.path.startswith(self.instance.path):
            self.add_error("parent", _("A part of the tree cannot be placed under itself."))
        return cleaned


@admin.register(OrgNode)
class OrgNodeAdmin(admin.ModelAdmin):
    form = OrgNodeForm
    inlines = [RoleAssignmentInline]
    list_display = ["indented_name", "kind", "organisation", "is_active"]
    list_filter = ["organisation", "kind", "is_active"]
    search_fields = ["name"]
    ordering = ["organisation", "path"]
    list_select_related = ["organisation"]

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: OrgNode) -> str:
        return f"{'— ' * _depth(obj)}{obj.name}"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["organisation"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            nodes = OrgNode.objects.select_related("organisation").order_by("organisation__name", "path")
            node = self._editing(request)
            if node is not None:
                # Only the same organisation, and never the node itself or anything below it.
                nodes = nodes.filter(organisation=node.organisation).exclude(path__startswith=node.path)
            elif request.GET.get("organisation", "").isdigit():
                nodes = nodes.filter(organisation_id=int(request.GET["organisation"]))
            kwargs["queryset"] = nodes
            kwargs["form_class"] = NodeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _editing(self, request: HttpRequest) -> OrgNode | None:
        match = request.resolver_match
        object_id = match.kwargs.get("object_id") if match else None
        if object_id and str(object_id).isdigit():
            return OrgNode.objects.filter(pk=int(object_id)).select_related("organisation").first()
        return None

    def save_model(self, request: HttpRequest, obj: OrgNode, form: Any, change: bool) -> None:
        if not change:
            created = node_create(
                organisation=obj.organisation, parent=obj.parent, kind=obj.kind, name=obj.name
            )
            if not obj.is_active:
                OrgNode.objects.filter(pk=created.pk).update(is_active=False)
            obj.pk = created.pk
            obj.path = created.path
            obj._state.adding = False
            obj._state.db = created._state.db
            return
        obj.save()
        if "parent" in form.changed_data:
            node_path_refresh(obj)


# --- Roles ----------------------------------------------------------------------------------------------------


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "node", "role"]
        field_classes = {"node": NodeChoiceField}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        node: OrgNode = cleaned["node"]
        organisations = [node.organisation]
        original = None
        if self.instance.pk:
            original = RoleAssignment.objects.select_related("node__organisation").get(pk=self.instance.pk)
            organisations.append(original.node.organisation)
        trial = RoleAssignment(pk=self.instance.pk, user=cleaned["user"], node=node, role=cleaned["role"])
        if original is not None:
            trial._state.adding = False
        refuse_if_problems(organisations, trial.save)
        return cleaned


def delete_selected_checked(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """Django's "delete selected", refused when the deletion would leave a unit with nobody to receive cases."""
    organisations = modeladmin.organisations_of(queryset)  # type: ignore[attr-defined]
    ids = list(queryset.values_list("pk", flat=True))
    try:
        sentences = tree_checks.problems_after(
            organisations, lambda: modeladmin.model._default_manager.filter(pk__in=ids).delete()
        )
    except DatabaseError:  # protected by other rows: Django's own confirmation page says which
        sentences = []
    if sentences:
        for sentence in sentences:
            modeladmin.message_user(request, sentence, level=messages.ERROR)
        return None
    return delete_selected(modeladmin, request, queryset)


delete_selected_checked.short_description = delete_selected.short_description  # type: ignore[attr-defined]
delete_selected_checked.allowed_permissions = ("delete",)  # type: ignore[attr-defined]


class TreeCheckedDeleteMixin:
    """Deleting (one, or several with the action) is tried out first and refused if it breaks the tree."""

    model: Any

    def organisations_of(self, queryset: QuerySet) -> list[Organisation]:
        raise NotImplementedError

    def get_actions(self, request: HttpRequest, action_location: Any = ActionLocation.CHANGE_LIST) -> Any:
        actions = super().get_actions(request, action_location)  # type: ignore[misc]
        if "delete_selected" in actions:
            actions["delete_selected"] = dataclasses.replace(
                actions["delete_selected"], func=delete_selected_checked
            )
        return actions

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        if request.method == "POST" and str(object_id).isdigit():
            queryset = self.model._default_manager.filter(pk=int(object_id))
            organisations = self.organisations_of(queryset)
            try:
                sentences = tree_checks.problems_after(organisations, lambda: queryset.delete())
            except DatabaseError:  # protected by other rows: Django's own page says which
                sentences = []
            if sentences:
                for sentence in sentences:
                    self.message_user(request, sentence, level=messages.ERROR)  # type: ignore[attr-defined]
                opts = self.model._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
                )
        return super().delete_view(request, object_id, extra_context)  # type: ignore[misc]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(TreeCheckedDeleteMixin, admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "node", "organisation"]
    list_filter = ["role", "node__organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "node__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "node__organisation"]
    ordering = ["node__path", "role"]

    @admin.display(description=_("organisation"), ordering="node__organisation__name")
    def organisation(self, obj: RoleAssignment) -> str:
        return obj.node.organisation.name

    def organisations_of(self, queryset: QuerySet) -> list[Organisation]:
        return list(Organisation.objects.filter(nodes__role_assignments__in=queryset).distinct())

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "node":
            kwargs["queryset"] = OrgNode.objects.select_related("organisation").order_by(
                "organisation__name", "path"
            )
            kwargs["form_class"] = NodeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
