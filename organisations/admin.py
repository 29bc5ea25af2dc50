"""The organisation tree in the admin: organisations with their ladder, the parts of the tree, and roles.

Nothing here writes to the tree, the roles or the ladder itself: every save and delete calls the audited services
of organisations.services (through ModelAdmin's save_model, save_formset, delete_model and delete_queryset), so
each change is in the hash chain with who made it. Nobody grants a role to themselves.

Every form that could leave a unit with nobody to receive its cases tries the change out first, with the same
services, in a savepoint that is rolled back (organisations.checks.problems_after), and refuses it with a
sentence naming the unit. Parts of the tree and organisations are never deleted here: a part is taken out of
use instead, and its cases and history stay.
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
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from organisations import checks as tree_checks  # also registers the system check
from organisations.models import LadderStep, NodeKind, Organisation, OrgNode, RoleAssignment
from organisations.services import (
    ladder_set,
    node_create,
    node_deactivate,
    node_kind_change,
    node_move,
    node_reactivate,
    node_rename,
    organisation_change,
    organisation_create,
    role_change,
    role_grant,
    role_grant_refusal,
    role_revoke,
)

admin.site.site_header = _("Synpunkt: administration")
admin.site.site_title = _("Synpunkt administration")
admin.site.index_title = _("The organisation, its staff and the case register")


def _depth(node: OrgNode) -> int:
    return max(node.path.strip("/").count("/"), 0)


class NodeChoiceField(forms.ModelChoiceField):
    """Nodes shown as an indented tree, with the organisation's name when several could be meant."""

    def label_from_instance(self, obj: OrgNode) -> str:  # type: ignore[override]
        return f"{'— ' * _depth(obj)}{obj.name} ({obj.organisation.name})"


def acting(request: HttpRequest) -> User | None:
    """The person making the change, for the services' audit events."""
    return request.user if isinstance(request.user, User) else None


def with_acting_user(form_class: Any, request: HttpRequest) -> Any:
    """The form or formset class of this request, knowing who acts: its clean() tries the change out with the
    services, which need that to audit and to refuse a role given to oneself."""
    return type(form_class.__name__, (form_class,), {"acting_user": acting(request)})


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
    """Whether the formset will delete this form's object."""
    return bool(formset.can_delete and getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME))


# --- Roles given in an inline (on a part of the tree, or on a person) -----------------------------------------


def role_rows(
    formset: BaseInlineFormSet, *, node: OrgNode | None = None, user: User | None = None
) -> list[tuple[Any, str, User | None, OrgNode | None]]:
    """What each form of an inline formset of roles asks for: (form, "delete" | "add" | "change", person, node)."""
    rows: list[tuple[Any, str, User | None, OrgNode | None]] = []
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", None)
        if cleaned is None:
            continue
        if deleting(formset, form):
            if form.instance.pk:
                rows.append((form, "delete", None, None))
            continue
        if not form.has_changed() or not cleaned.get("role"):
            continue
        kind = "change" if form.instance.pk else "add"
        rows.append((form, kind, user or cleaned.get("user"), node or cleaned.get("node")))
    return rows


def refuse_own_roles(formset: BaseInlineFormSet, *, user: User | None = None) -> None:
    """A person cannot give themselves a role, nor change one they hold (organisations.services)."""
    acting_user = getattr(formset, "acting_user", None)
    for form, kind, grantee, _node in role_rows(formset, user=user):
        holders = [grantee]
        if kind == "change":
            holders.append(RoleAssignment.objects.get(pk=form.instance.pk).user)
        for holder in holders:
            refusal = holder is not None and role_grant_refusal(user=holder, acting_user=acting_user)
            if refusal:
                raise ValidationError(refusal, code="own_role")


def roles_formset_apply(
    formset: BaseInlineFormSet,
    *,
    acting_user: User | None,
    node: OrgNode | None = None,
    user: User | None = None,
) -> None:
    """Make an inline formset's role changes through the services, and note them on the formset as Django's own
    save would (new_objects, changed_objects, deleted_objects), for the admin's history of the object."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form, kind, grantee, target in role_rows(formset, node=node, user=user):
        if kind == "delete":
            assignment = RoleAssignment.objects.select_related("node").get(pk=form.instance.pk)
            role_revoke(assignment=assignment, acting_user=acting_user)
            formset.deleted_objects.append(assignment)
            continue
        assert grantee is not None and target is not None
        role = form.cleaned_data["role"]
        if kind == "add":
            formset.new_objects.append(
                role_grant(user=grantee, node=target, role=role, acting_user=acting_user)
            )
        else:
            changed = role_change(
                assignment=form.instance, user=grantee, node=target, role=role, acting_user=acting_user
            )
            formset.changed_objects.append((changed, form.changed_data))


# --- Organisation and its ladder ------------------------------------------------------------------------------


class LadderFormSet(BaseInlineFormSet):
    acting_user: User | None = None

    def ladder(self) -> list[str]:
        """The roles of the ladder as the formset would leave it, step 1 first."""
        steps = [
            (form.cleaned_data["position"], form.cleaned_data["role"])
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not deleting(self, form)
            and form.cleaned_data.get("role")
            and form.cleaned_data.get("position") is not None
        ]
        return [role for _position, role in sorted(steps)]

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        roles = self.ladder()
        if not roles:
            raise ValidationError(_("The ladder needs at least one step."), code="empty")
        refuse_if_problems(
            [self.instance],
            lambda: ladder_set(organisation=self.instance, roles=roles, acting_user=self.acting_user),
        )


class LadderStepInline(admin.TabularInline):
    model = LadderStep
    formset = LadderFormSet
    extra = 0
    ordering = ["position"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        return with_acting_user(super().get_formset(request, obj, **kwargs), request)


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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting an organisation would take its tree, roles and cases with it: never from a form.
        return False

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        if change:
            organisation_change(
                organisation=obj,
                changes={name: form.cleaned_data[name] for name in form.changed_data},
                acting_user=acting(request),
            )
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
            acting_user=acting(request),
            **data,
        )
        obj.pk = created.pk

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not isinstance(formset, LadderFormSet):
            raise TypeError(f"No service saves {type(formset).__name__}")
        organisation: Organisation = form.instance
        old = list(LadderStep.objects.filter(organisation=organisation).order_by("position"))
        steps = ladder_set(organisation=organisation, roles=formset.ladder(), acting_user=acting(request))
        changed = [step.role for step in old] != [step.role for step in steps]
        formset.new_objects = steps if changed else []
        formset.deleted_objects = old if changed else []
        formset.changed_objects = []


# --- The tree -------------------------------------------------------------------------------------------------


def node_form_apply(node: OrgNode, *, acting_user: User | None) -> OrgNode:
    """Make what the node form asks through the services: a new node, or the node renamed, moved, made another
    kind, taken out of use or put back. `node` carries the form's values and is not saved itself."""
    if node.pk is None:
        return node_create(
            organisation=node.organisation,
            parent=node.parent,
            kind=node.kind,
            name=node.name,
            is_active=node.is_active,
            acting_user=acting_user,
        )
    current = OrgNode.objects.get(pk=node.pk)
    if node.parent is not None and node.parent_id != current.parent_id:
        node_move(node=current, parent=node.parent, acting_user=acting_user)
    node_rename(node=current, name=node.name, acting_user=acting_user)
    node_kind_change(node=current, kind=node.kind, acting_user=acting_user)
    if node.is_active and not current.is_active:
        node_reactivate(node=current, acting_user=acting_user)
    elif current.is_active and not node.is_active:
        node_deactivate(node=current, acting_user=acting_user)
    return current


class NodeRolesFormSet(BaseInlineFormSet):
    """The roles held on a node, checked together with the node's own change (a new unit and its receiver)."""

    acting_user: User | None = None

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        refuse_own_roles(self)
        node: OrgNode = self.instance
        if not node.organisation_id:
            return

        def change() -> None:
            target = node_form_apply(node, acting_user=self.acting_user)
            roles_formset_apply(self, acting_user=self.acting_user, node=target)

        refuse_if_problems([node.organisation], change)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = NodeRolesFormSet
    extra = 1
    autocomplete_fields = ["user"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        return with_acting_user(super().get_formset(request, obj, **kwargs), request)


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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A part of the tree is taken out of use ("active" off), never deleted: its cases and history stay.
        return False

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
        saved = node_form_apply(obj, acting_user=acting(request))
        obj.pk, obj.path = saved.pk, saved.path

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not isinstance(formset, NodeRolesFormSet):
            raise TypeError(f"No service saves {type(formset).__name__}")
        roles_formset_apply(formset, acting_user=acting(request), node=form.instance)


# --- Roles ----------------------------------------------------------------------------------------------------


class RoleAssignmentForm(forms.ModelForm):
    acting_user: User | None = None

    class Meta:
        model = RoleAssignment
        fields = ["user", "node", "role"]
        field_classes = {"node": NodeChoiceField}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        user: User = cleaned["user"]
        node: OrgNode = cleaned["node"]
        role: str = cleaned["role"]
        organisations = [node.organisation]
        holders = [user]
        original = None
        if self.instance.pk:
            original = RoleAssignment.objects.select_related("node__organisation", "user").get(
                pk=self.instance.pk
            )
            organisations.append(original.node.organisation)
            holders.append(original.user)
        for holder in holders:
            refusal = role_grant_refusal(user=holder, acting_user=self.acting_user)
            if refusal:
                raise ValidationError(refusal, code="own_role")
        refuse_if_problems(
            organisations, lambda: role_assignment_apply(original, user, node, role, self.acting_user)
        )
        return cleaned


def role_assignment_apply(
    original: RoleAssignment | None, user: User, node: OrgNode, role: str, acting_user: User | None
) -> RoleAssignment:
    """The role form's change through the services: a role given, or an existing one moved."""
    if original is None:
        return role_grant(user=user, node=node, role=role, acting_user=acting_user)
    return role_change(assignment=original, user=user, node=node, role=role, acting_user=acting_user)


def delete_selected_checked(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """Django's "delete selected", refused when the deletion would leave a unit with nobody to receive cases."""
    organisations = modeladmin.organisations_of(queryset)  # type: ignore[attr-defined]
    ids = list(queryset.values_list("pk", flat=True))
    try:
        sentences = tree_checks.problems_after(
            organisations,
            lambda: modeladmin.delete_queryset(request, RoleAssignment.objects.filter(pk__in=ids)),
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


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Roles are given, moved and taken away through organisations.services; deleting one (or several with
    the action) is tried out first and refused if it would leave a unit with nobody to receive its cases."""

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

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        return with_acting_user(super().get_form(request, obj, change=change, **kwargs), request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "node":
            kwargs["queryset"] = OrgNode.objects.select_related("organisation").order_by(
                "organisation__name", "path"
            )
            kwargs["form_class"] = NodeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_actions(self, request: HttpRequest, action_location: Any = ActionLocation.CHANGE_LIST) -> Any:
        actions = super().get_actions(request, action_location)
        action = actions.get("delete_selected")
        if action is not None:
            actions["delete_selected"] = dataclasses.replace(action, func=delete_selected_checked)
        return actions

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        original = RoleAssignment.objects.get(pk=obj.pk) if change else None
        saved = role_assignment_apply(original, obj.user, obj.node, obj.role, acting(request))
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        role_revoke(assignment=obj, acting_user=acting(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for assignment in queryset.select_related("node"):
            role_revoke(assignment=assignment, acting_user=acting(request))

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        if request.method == "POST" and str(object_id).isdigit():
            queryset = RoleAssignment.objects.filter(pk=int(object_id))
            try:
                sentences = tree_checks.problems_after(
                    self.organisations_of(queryset), lambda: self.delete_queryset(request, queryset)
                )
            except DatabaseError:  # protected by other rows: Django's own page says which
                sentences = []
            if sentences:
                for sentence in sentences:
                    self.message_user(request, sentence, level=messages.ERROR)
                return HttpResponseRedirect(
                    reverse("admin:organisations_roleassignment_change", args=[object_id])
                )
        return super().delete_view(request, object_id, extra_context)
