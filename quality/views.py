"""The quality work's pages. Views translate: a form validates, a service in organisations.services acts.

The taxonomies (what cases concern, the causes found) are edited by quality developers and administrators at the
top of their organisation; anyone else gets 404 (nothing is revealed)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
from organisations.models import Category, CategoryDimension, Organisation
from organisations.services import category_change, category_create
from quality.forms import CategoryChangeForm, CategoryForm
from quality.selectors import taxonomy, taxonomy_organisations


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@staff_required
@require_http_methods(["GET"])
def categories(request: HttpRequest) -> HttpResponse:
    organisations = list(taxonomy_organisations(_user(request)).order_by("name"))
    if not organisations:
        raise Http404
    sections = [
        {
            "organisation": organisation,
            "taxonomies": [
                (value, label, taxonomy(organisation).get(value, []))
                for value, label in CategoryDimension.choices
            ],
        }
        for organisation in organisations
    ]
    return _no_store(TemplateResponse(request, "quality/categories.html", {"sections": sections}))


def _apply(form: CategoryForm, call: object) -> bool:
    """Run the service; a refusal (a name taken) goes on the form, under the field it is about."""
    try:
        call()  # type: ignore[operator]
    except ValidationError as error:
        form.add_error("name", error)
        return False
    return True


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def category_add(request: HttpRequest, slug: str, dimension: str) -> HttpResponse:
    organisation = get_object_or_404(taxonomy_organisations(_user(request)), slug=slug)
    if dimension not in CategoryDimension.values:
        raise Http404
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: category_create(
                organisation=organisation,
                dimension=dimension,
                name=data["name"],
                name_en=data["name_en"],
                acting_user=_user(request),
            ),
        ):
            messages.success(request, _("The category has been added."))
            return HttpResponseRedirect(reverse("quality:categories") + f"#{dimension}-{organisation.slug}")
    context = {
        "form": form,
        "organisation": organisation,
        "title": CategoryDimension(dimension).label,
        "adding": True,
    }
    return _no_store(TemplateResponse(request, "quality/category_form.html", context))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(
        Category.objects.select_related("organisation"),
        pk=pk,
        organisation__in=taxonomy_organisations(_user(request)),
    )
    organisation: Organisation = category.organisation
    initial = {
        "name": category.name,
        "name_en": category.name_en,
        "position": category.position,
        "is_active": category.is_active,
    }
    form = CategoryChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: category_change(
                category=category,
                name=data["name"],
                name_en=data["name_en"],
                position=data["position"],
                is_active=data["is_active"],
                acting_user=_user(request),
            ),
        ):
            messages.success(request, _("The category has been saved."))
            return HttpResponseRedirect(
                reverse("quality:categories") + f"#{category.dimension}-{organisation.slug}"
            )
    context = {
        "form": form,
        "organisation": organisation,
        "category": category,
        "title": CategoryDimension(category.dimension).label,
        "adding": False,
    }
    return _no_store(TemplateResponse(request, "quality/category_form.html", context))
