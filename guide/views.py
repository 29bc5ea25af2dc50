"""The guide "Vart vänder jag mig?": plain questions that send people the right way (domain.md §5, §6).

Every page exists in two variants, standard and easy-to-read Swedish (lättläst, with its own English text), and
nothing here changes state: the questions are GET forms, the appeal helper computes a date, and the appeal letter
is rendered from the POSTed fields and never stored.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.ratelimit import ratelimit
from documents.pdf import pdf_render, pdf_response
from guide import ivo_regions
from guide.appeals import APPEALABLE_DECISIONS, DECISIONS_BY_KEY, EASY_APPEALABLE_DECISIONS, appeal_last_day
from guide.forms import AboutForm, AppealDeadlineForm, AppealLetterForm, CountyForm, WhoseDecisionForm
from organisations.models import Organisation
from organisations.selectors import organisation_for_citizen_or_first

ABOUT_TARGETS = {
    "care": "complaint",
    "praise": "complaint",
    "decision": "decision_question",
    "serious": "ivo",
    "handling": "not_satisfied",
    "injury": "patient_injury",
}
WHOSE_TARGETS = {"me": "appeal", "represent": "appeal", "other": "appeal_not_yours"}


def _render(request: HttpRequest, name: str, *, easy: bool, context: dict | None = None) -> TemplateResponse:
    variant = "easy" if easy else "standard"
    return TemplateResponse(request, f"guide/{variant}/{name}.html", {"easy": easy, **(context or {})})


def _to(name: str, *, easy: bool) -> HttpResponseRedirect:
    return redirect(reverse(f"guide:{name}_easy" if easy else f"guide:{name}"))


def page(name: str, context: dict | None = None):  # type: ignore[no-untyped-def]
    """A view that shows one text page of the guide."""

    @require_GET
    def view(request: HttpRequest, *, easy: bool) -> HttpResponse:
        return _render(request, name, easy=easy, context=context)

    view.__name__ = name
    return view


start = page("start")
complaint = page("complaint")
appeal = page("appeal", {"decisions": APPEALABLE_DECISIONS, "easy_decisions": EASY_APPEALABLE_DECISIONS})
appeal_not_yours = page("appeal_not_yours")
not_satisfied = page("not_satisfied")
patient_injury = page("patient_injury")
lex_sarah = page("lex_sarah")


@require_GET
def question(request: HttpRequest, *, easy: bool) -> HttpResponse:
    """What is it about? A GET form: answering changes nothing, it only chooses the next page."""
    if "sent" not in request.GET:
        return _render(request, "question", easy=easy, context={"form": AboutForm(easy=easy)})
    form = AboutForm(request.GET, easy=easy)
    if form.is_valid():
        return _to(ABOUT_TARGETS[form.cleaned_data["about"]], easy=easy)
    return _render(request, "question", easy=easy, context={"form": form})


@require_GET
def decision_question(request: HttpRequest, *, easy: bool) -> HttpResponse:
    """Only decisions about yourself (or someone you represent) can be appealed."""
    if "sent" not in request.GET:
        return _render(
            request, "decision_question", easy=easy, context={"form": WhoseDecisionForm(easy=easy)}
        )
    form = WhoseDecisionForm(request.GET, easy=easy)
    if form.is_valid():
        return _to(WHOSE_TARGETS[form.cleaned_data["whose"]], easy=easy)
    return _render(request, "decision_question", easy=easy, context={"form": form})


@require_GET
def ivo(request: HttpRequest, *, easy: bool) -> HttpResponse:
    """What IVO does and does not do, and the regional department for the county where it happened."""
    form = CountyForm(request.GET if "lan" in request.GET else None)
    county = form.cleaned_data["lan"] if form.is_valid() else ""
    region = ivo_regions.region_for_county(county) if county else None
    return _render(
        request,
        "ivo",
        easy=easy,
        context={
            "form": form,
            "county": county if region else "",
            "region": region,
            "regions_verified_on": ivo_regions.VERIFIED_ON,
        },
    )


def _default_authority(request: HttpRequest) -> Organisation | None:
    """The organisation the citizen chose to write to, where the installation serves several; else the first."""
    return organisation_for_citizen_or_first(request.session)


@require_http_methods(["GET", "POST"])
@ratelimit("appeal-helper")
def appeal_helper(request: HttpRequest, *, easy: bool) -> HttpResponse:
    """Step 1: the kind of decision and the day it was received give the last day; step 2: the letter."""
    if request.method == "GET":
        return _render(request, "appeal_helper", easy=easy, context={"form": AppealDeadlineForm(easy=easy)})
    form = AppealDeadlineForm(request.POST, easy=easy)
    if not form.is_valid():
        return _render(request, "appeal_helper", easy=easy, context={"form": form})
    authority = _default_authority(request)
    letter_form = AppealLetterForm(initial={"authority": authority.pk if authority else None})
    return _render(request, "appeal_helper", easy=easy, context=_deadline_context(form, letter_form))


def _deadline_context(form: AppealDeadlineForm, letter_form: AppealLetterForm) -> dict:
    received = form.cleaned_data["received"]
    last_day = appeal_last_day(received)
    return {
        "form": form,
        "letter_form": letter_form,
        "decision": DECISIONS_BY_KEY[form.cleaned_data["decision"]],
        "received": received,
        "last_day": last_day,
        "too_late": last_day < timezone.localdate(),
        "has_errors": bool(letter_form.errors),
    }


@require_POST
@ratelimit("appeal-letter")
def appeal_letter(request: HttpRequest) -> HttpResponse:
    """The appeal letter as a tagged PDF, built from the POSTed fields and never stored."""
    easy = request.POST.get("easy") == "1"
    form = AppealDeadlineForm(request.POST, easy=easy)
    if not form.is_valid():
        return _render(request, "appeal_helper", easy=easy, context={"form": form})
    letter_form = AppealLetterForm(request.POST)
    if not letter_form.is_valid():
        return _render(request, "appeal_helper", easy=easy, context=_deadline_context(form, letter_form))
    context = {
        **_deadline_context(form, letter_form),
        "letter": letter_form.cleaned_data,
        "authority": letter_form.cleaned_data["authority"],
        "today": timezone.localdate(),
    }
    pdf = pdf_render(template_name="documents/appeal_letter.html", context=context, request=request)
    return pdf_response(pdf, filename="overklagande.pdf")
