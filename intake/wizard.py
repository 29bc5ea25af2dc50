"""The wizard's state in the session: what was typed on each page, the kept files, and the way through.

Every page keeps exactly what was posted (even when it did not validate), so nothing typed is ever lost; the
answers are validated again, all together, on the check-answers page, and the case is registered from exactly
what that page showed (see Wizard.cleaned).

The standard and the easy-to-read variant (`easy=True`) share this state: only the words of the forms differ, so
switching between them on any page keeps every answer.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Subquery
from django.utils import translation

from bankid.identity import session_person
from cases.models import Channel
from cases.services import CaseSubmission
from cases.uploads import validate_upload
from intake.forms import PageForm, page_form
from intake.questions import NO, NO_TOPIC, PAGES, PAGES_BY_SLUG, UNKNOWN_UNIT, YES, Page, easy_page
from intake.tempfiles import temp_exists, temp_open
from organisations.models import Category, CategoryDimension, NodeKind, Organisation, OrgNode

SESSION_KEY = "intake"
DONE_KEY = "intake_done"
ATTACHMENTS_SLUG = "bilagor"
UNIT_SLUG = "verksamhet"


class AnswersOutdated(Exception):
    """An answer that validated on the check-answers page no longer holds (its unit was closed since)."""

    def __init__(self, page: Page) -> None:
        super().__init__(page.slug)
        self.page = page


class Wizard:
    def __init__(self, session: SessionBase, organisation: Organisation, *, easy: bool = False) -> None:
        self.session = session
        self.organisation = organisation
        self.easy = (
            easy  # the forms speak easy-to-read words (intake.questions.easy_page); the answers are shared
        )
        state = session.get(SESSION_KEY)
        if not isinstance(state, dict):
            state = {"organisation": organisation.pk, "pages": {}, "files": [], "attachments_seen": False}
        elif state.get("organisation") != organisation.pk:
            # They chose another organisation on the way: every answer stays but the unit, which was the other
            # organisation's (nothing typed is lost; the unit page asks again).
            pages = {slug: data for slug, data in state.get("pages", {}).items() if slug != UNIT_SLUG}
            state = {**state, "organisation": organisation.pk, "pages": pages}
        self.state: dict[str, Any] = state

    # --- storage -------------------------------------------------------------------------------------------

    def save(self) -> None:
        self.session[SESSION_KEY] = self.state
        self.session.modified = True

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def raw(self, page: Page) -> dict[str, str] | None:
        return self.state["pages"].get(page.slug)

    def store(self, page: Page, data: dict[str, str]) -> None:
        self.state["pages"][page.slug] = data
        self.save()

    @property
    def files(self) -> list[dict[str, Any]]:
        return list(self.state.get("files", []))

    def set_files(self, files: list[dict[str, Any]]) -> None:
        self.state["files"] = files
        self.save()

    def mark_attachments_seen(self) -> None:
        self.state["attachments_seen"] = True
        self.save()

    # --- answers and the way through ---------------------------------------------------------------------

    def answers(self) -> dict[str, str]:
        """Every answer posted so far, flat (radio values are what the conditions look at)."""
        merged: dict[str, str] = {}
        for data in self.state["pages"].values():
            merged.update(data)
        return merged

    def visible_pages(self) -> list[Page]:
        answers = self.answers()
        return [page for page in PAGES if page.is_shown(answers)]

    def form(self, page: Page, data: dict[str, Any] | None = None, *, unchecked: bool = False) -> PageForm:
        """The page's form, bound to `data` or to what was kept for the page.

        `unchecked=True` shows what was kept without checking it (an unbound form whose initial values are the
        kept ones): for a page the person has not sent yet, e.g. just after switching to the other variant.
        """
        shown = easy_page(page) if self.easy else page
        initial: dict[str, Any] | None = None
        if data is None:
            data = self.raw(page)
        if data is None and page.slug == "kontaktuppgifter":
            initial = {"preferred_language": translation.get_language()}
            person = session_person(self.session)
            if person is not None:
                initial["contact_name"] = person.name  # logged in with BankID: the name is filled in
        if unchecked and data is not None:
            form = page_form(shown, organisation=self.organisation, answers=self.answers())
            form.initial = _initial_from_posted(form, data)
            return form
        return page_form(
            shown, organisation=self.organisation, answers=self.answers(), data=data, initial=initial
        )

    def is_complete(self, page: Page) -> bool:
        if page.slug == ATTACHMENTS_SLUG:
            return bool(self.state.get("attachments_seen")) and all(temp_exists(f) for f in self.files)
        return self.raw(page) is not None and self.form(page).is_valid()

    def first_incomplete(self) -> Page | None:
        for page in self.visible_pages():
            if not self.is_complete(page):
                return page
        return None

    def may_visit(self, page: Page) -> bool:
        """A page is open once every visible page before it is answered (its conditions depend on them)."""
        for candidate in self.visible_pages():
            if candidate.slug == page.slug:
                return True
            if not self.is_complete(candidate):
                return False
        return False

    def next_after(self, page: Page) -> Page | None:
        visible = self.visible_pages()
        slugs = [p.slug for p in visible]
        if page.slug not in slugs:
            return self.first_incomplete()
        position = slugs.index(page.slug)
        return visible[position + 1] if position + 1 < len(visible) else None

    def previous_before(self, page: Page) -> Page | None:
        previous = None
        for candidate in self.visible_pages():
            if candidate.slug == page.slug:
                return previous
            previous = candidate
        return previous

    # --- the final check ----------------------------------------------------------------------------------

    def fingerprint(self) -> str:
        """A digest of everything the answers are made of: what was posted on each page and the kept files."""
        material = {
            "pages": self.state["pages"],
            "files": self.state.get("files", []),
            "attachments_seen": bool(self.state.get("attachments_seen")),
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()

    def cleaned(self) -> tuple[dict[str, Any], Page | None]:
        """Validate every visible page again. Returns the cleaned answers and the first page that fails.

        Answers that all validated are kept in the session with the fingerprint of what they were made from, so
        that the final POST registers exactly what the check-answers page showed without validating every page
        again. Any change to a page or to the files changes the fingerprint and brings the full validation back.
        Kept files must still exist; Wizard.submission checks their contents again, and the unit too.
        """
        fingerprint = self.fingerprint()
        checked = self.state.get("checked")
        if (
            isinstance(checked, dict)
            and checked.get("fingerprint") == fingerprint
            and all(temp_exists(entry) for entry in self.files)
        ):
            return dict(checked["answers"]), None
        cleaned, failing = self._validate_all()
        if failing is None:
            self.state["checked"] = {"fingerprint": fingerprint, "answers": cleaned}
            self.save()
        elif "checked" in self.state:
            del self.state["checked"]
            self.save()
        return cleaned, failing

    def _validate_all(self) -> tuple[dict[str, Any], Page | None]:
        cleaned: dict[str, Any] = {}
        for page in self.visible_pages():
            if page.slug == ATTACHMENTS_SLUG:
                if not self.is_complete(page):
                    return cleaned, page
                continue
            form = self.form(page)
            if self.raw(page) is None or not form.is_valid():
                return cleaned, page
            cleaned.update(form.cleaned_data)
        return cleaned, None

    def submission(self, cleaned: dict[str, Any]) -> CaseSubmission:
        """The CaseSubmission for cases.services.case_register, from validated answers and the kept files."""
        topic_id = None
        if cleaned.get("topic") and cleaned["topic"] != NO_TOPIC:
            topic_id = int(cleaned["topic"])
        # Optional: a topic taken out of use after it was chosen is simply not recorded. Asked in the unit's
        # query when there is a unit (one query for both), else on its own.
        topic_in_use = Category.objects.filter(
            pk=topic_id or 0,
            organisation=self.organisation,
            dimension=CategoryDimension.TOPIC,
            is_active=True,
        ).values_list("pk", flat=True)
        unit = None
        if cleaned.get("unit") and cleaned["unit"] != UNKNOWN_UNIT:
            units = OrgNode.objects.filter(
                pk=int(cleaned["unit"]), organisation=self.organisation, kind=NodeKind.UNIT, is_active=True
            )
            if topic_id is not None:
                units = units.annotate(topic_in_use=Subquery(topic_in_use[:1]))
            unit = units.first()
            if unit is None:
                # The unit was closed after the check-answers page: the unit question must be answered again.
                self.state.pop("checked", None)
                self.save()
                raise AnswersOutdated(PAGES_BY_SLUG[UNIT_SLUG])
            if topic_id is not None:
                topic_id = unit.topic_in_use  # type: ignore[attr-defined]
        elif topic_id is not None:
            topic_id = topic_in_use.first()
        anonymous = cleaned.get("is_anonymous") == YES
        event = cleaned.get("event_date") or {}
        uploads = []
        for entry in self.files:
            upload = temp_open(entry)
            validate_upload(upload)  # again: the rules (or the virus signatures) may have changed since
            uploads.append(upload)
        return CaseSubmission(
            organisation=self.organisation,
            kind=cleaned["kind"],
            sender_role=cleaned["sender_role"],
            what_happened=cleaned["what_happened"],
            unit=unit,
            desired_outcome=cleaned.get("desired_outcome", ""),
            event_day=event.get("day"),
            event_month=event.get("month"),
            event_year=event.get("year"),
            about_person=cleaned.get("about_person", ""),
            citizen_topic_id=topic_id,
            wants_manager=cleaned.get("wants_manager") == YES,
            wants_answer=cleaned.get("wants_answer") != NO,
            is_anonymous=anonymous,
            contact_name="" if anonymous else cleaned.get("contact_name", ""),
            contact_email="" if anonymous else cleaned.get("contact_email", ""),
            contact_phone="" if anonymous else cleaned.get("contact_phone", ""),
            contact_address="" if anonymous else cleaned.get("contact_address", ""),
            preferred_language=(
                translation.get_language() if anonymous else cleaned.get("preferred_language")
            )
            or "sv",
            preferred_contact="" if anonymous else cleaned.get("preferred_contact", ""),
            channel=Channel.WEB,
            attachments=uploads,
        )


def _initial_from_posted(form: PageForm, data: dict[str, Any]) -> dict[str, Any]:
    """The values posted for a form, as its initial values: a field of several inputs (a date) gets the list of
    what was typed in each, which it shows as typed."""
    initial: dict[str, Any] = {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            initial[name] = [data.get(name + suffix, "") for suffix in widget.widgets_names]  # type: ignore[attr-defined]
        elif name in data:
            initial[name] = data[name]
    return initial


@dataclass
class SummaryRow:
    key: str
    label: str
    value: str
    change_slug: str
    change_label: str


def page_by_slug(slug: str) -> Page | None:
    return PAGES_BY_SLUG.get(slug)
