"""Find and fill the public forms the way a person (or a bot) would: read the HTML, fill every field, POST.

Used by the security tests to walk the intake wizard from its first page to the confirmation without knowing its
questions, and to discover every public form and its fields for the hostile-input test.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # text, email, tel, number, hidden, radio, checkbox, select, textarea, file, password, date
    values: list[str] = field(default_factory=list)  # options for radio/select; [value] for hidden
    maxlength: int | None = None


@dataclass
class Form:
    action: str
    fields: dict[str, Field]

    def text_fields(self) -> list[str]:
        return [
            name
            for name, f in self.fields.items()
            if f.kind in {"text", "textarea", "email", "tel", "search", "password", "number", "url"}
        ]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict[str, str], dict[str, Field]]] = []
        self._form: dict[str, Field] | None = None
        self._select: Field | None = None
        self._option_value: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = {}
            self.forms.append((a, self._form))
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            existing = self._form.get(name)
            if kind in {"radio", "checkbox"} and existing is not None:
                existing.values.append(a.get("value", "on"))
                return
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            values = [a.get("value", "on" if kind in {"radio", "checkbox"} else "")]
            self._form[name] = Field(name, kind, values, maxlength)
        elif tag == "textarea" and name:
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            self._form[name] = Field(name, "textarea", [], maxlength)
        elif tag == "select" and name:
            self._select = Field(name, "select", [])
            self._form[name] = self._select
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            if self._option_value is not None:
                self._select.values.append(self._option_value)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page_url: str) -> list[Form]:
    """The POST forms on a page, except the language switcher and the staff frame's log-out button."""
    parser = _Parser()
    parser.feed(html)
    forms = []
    for attrs, fields in parser.forms:
        if attrs.get("method", "get").lower() != "post":
            continue
        action = urljoin(page_url, attrs.get("action") or page_url)
        if urlsplit(action).path.startswith("/i18n/"):
            continue
        if "staff-user__logout" in (attrs.get("class") or "").split():
            continue
        forms.append(
            Form(
                action=urlsplit(action).path
                + (f"?{urlsplit(action).query}" if urlsplit(action).query else ""),
                fields=fields,
            )
        )
    return forms


def plausible(f: Field, text: str = "Text") -> str | None:
    """A valid-looking answer for one field; None to leave it out (unchecked box, file)."""
    name = f.name.lower()
    if f.kind == "hidden":
        return f.values[0] if f.values else ""
    if f.kind in {"radio", "select"}:
        options = [value for value in f.values if value]
        return options[0] if options else None
    if f.kind in {"checkbox", "file"}:
        return None
    if name == "website":  # the honeypot: people leave it empty
        return ""
    if f.kind == "email" or "email" in name or "e_post" in name:
        return "person@example.org"
    if f.kind == "tel" or "phone" in name or "telefon" in name:
        return "070-123 45 67"
    if name.endswith("day") or name.endswith("_0"):
        return "3"
    if name.endswith("month") or name.endswith("_1"):
        return "4"
    if name.endswith("year") or name.endswith("_2"):
        return "2025"
    if f.kind == "number":
        return "1"
    return text


def fill(form: Form, *, text: str = "Text", choose: dict[str, str] | None = None) -> dict[str, str]:
    data: dict[str, str] = {}
    for name, f in form.fields.items():
        if choose and name in choose and (f.kind not in {"radio", "select"} or choose[name] in f.values):
            data[name] = choose[name]
            continue
        value = plausible(f, text)
        if value is not None:
            data[name] = value
    return data


def primary_link(html: str) -> str | None:
    """The page's main call to action (a link styled as the primary button), e.g. "Start now"."""
    import re

    for tag in re.findall(r"<a\b[^>]*>", html):
        if 'data-variant="primary"' in tag:
            href = re.search(r'href="([^"]+)"', tag)
            if href:
                return href.group(1)
    return None


def walk_intake(
    client,
    *,
    text: str = "Text",
    choose: dict[str, str] | None = None,
    max_steps: int = 30,
    send: bool = True,
):
    """Go through the intake like a person: start, answer every page with plausible values, send.

    With send=False it stops at the last form (check answers) without posting it, so the session keeps every
    answer. Returns (the last response, [(url, form) for every form met on the way]).
    """
    response = client.get("/lamna/")
    url = "/lamna/"
    met = []
    for _ in range(max_steps):
        html = response.content.decode()
        forms = post_forms(html, url)
        if not forms:
            link = primary_link(html)
            if link is None or "/lamna/" not in link:
                return response, met
            url = link
            response = client.get(url)
            continue
        form = forms[0]
        met.append((url, form))
        if not send and "/kontrollera/" in form.action:
            return response, met
        response = client.post(form.action, fill(form, text=text, choose=choose))
        url = form.action
        while response.status_code in (301, 302, 303):
            url = response["Location"]
            response = client.get(url)
    raise AssertionError(f"the intake did not end within {max_steps} steps (last page {url})")


# --- doors: every form, and who sees it -------------------------------------------------------------------------
#
# A door is a POST form together with the person who meets it: a visitor, someone half-way through the intake, a
# citizen logged in to a case with the receipt code and secret, or a signed-in member of staff (the holder of a
# case, or the registrar). Each attempt gets a fresh case and fresh clients (fresh_client), so that a form that
# closes or withdraws a case cannot spoil the next attempt.


@dataclass
class Door:
    who: str  # "visitor", "intake", "citizen", "holder" or "registrar"
    page: str
    form: Form

    @property
    def public(self) -> bool:
        return self.who in {"visitor", "intake", "citizen"}


@dataclass
class Scene:
    """A registered case with a receipt, an action to follow up, and the tree around it."""

    tree: Any
    case: Any
    secret: str
    action: Any


def fresh_scene(tree, *, what_happened: str = "Personalen glömde medicinen tre kvällar i rad.") -> Scene:
    from datetime import date

    from cases.models import CaseKind, SenderRole
    from cases.services import CaseSubmission, action_add, case_register

    registration = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind=CaseKind.COMPLAINT,
            sender_role=SenderRole.RELATIVE,
            what_happened=what_happened,
            unit=tree.care_home,
            contact_name="Karin Exempel",
            contact_email="karin.exempel@example.se",
        )
    )
    action = action_add(
        case=registration.case,
        description="Gå igenom rutinen för medicinering.",
        responsible=tree.unit_manager,
        due_on=date(2030, 1, 1),
        acting_user=tree.contact_staff,
    )
    return Scene(tree=tree, case=registration.case, secret=registration.receipt_secret, action=action)


def citizen_client(scene: Scene):
    """Logged in to the scene's case with the receipt code and secret, as the citizen tests do."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    response = client.post("/folj/", {"code": scene.case.receipt_code, "secret": scene.secret})
    assert response.status_code == 302, response.status_code
    return client


def staff_client(user):
    """Signed in with both steps (password and second factor), as staff/tests/conftest.py does."""
    from staff.tests.conftest import signed_in_client

    client = signed_in_client(user)
    client.raise_request_exception = False
    return client


def remap(path: str, scene: Scene) -> str:
    """The same page for the scene's case (and action): ids in the path are replaced by name, not by position."""
    from django.urls import resolve, reverse

    split = urlsplit(path)
    match = resolve(split.path)
    ids = {"pk": scene.case.pk, "case_id": scene.case.pk, "action_pk": scene.action.pk}
    kwargs = {key: ids.get(key, value) for key, value in match.kwargs.items()}
    if not kwargs:
        return path
    return reverse(match.view_name, kwargs=kwargs) + (f"?{split.query}" if split.query else "")


def _same_form(a: str, b: str) -> bool:
    from django.urls import resolve

    try:
        return resolve(urlsplit(a).path).view_name == resolve(urlsplit(b).path).view_name
    except Exception:
        return a == b


def discover(tree) -> list[Door]:
    """Every POST form a visitor, an intake, a logged-in citizen and a signed-in member of staff meets."""
    from django.test import Client

    from core.tests.security_urls import Targets, walk

    doors: list[Door] = []

    def add(who: str, page: str, html: str) -> None:
        for form in post_forms(html, page):
            if not any(_same_form(form.action, door.form.action) for door in doors):
                doors.append(Door(who, page, form))

    scene = fresh_scene(tree)
    attachment = scene.case.attachments.first()
    urls, _ = walk(
        Targets(
            case_id=scene.case.pk,
            attachment_id=attachment.pk if attachment else 1,
            related_ids={"action": scene.action.pk},
        )
    )
    urls = [
        url
        for url in urls
        if not url.path.startswith(("/admin/", "/i18n/")) and not url.name.startswith(("intake:", "scale:"))
    ]
    visitor = Client(raise_request_exception=False)
    citizen = citizen_client(scene)
    staff = {"holder": staff_client(tree.contact_staff), "registrar": staff_client(tree.registrar)}
    for who, client in [("visitor", visitor), ("citizen", citizen), *staff.items()]:
        for url in urls:
            if who in staff and not url.name.startswith(("staff:", "staff:", "registrar:")):
                continue
            response = client.get(url.path)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                add(who, url.path, response.content.decode())
    # The wizard: walked up to, but not through, its final POST, so that every page accepts a POST afterwards.
    _, met = walk_intake(Client(raise_request_exception=False), max_steps=30, send=False)
    doors += [Door("intake", page, form) for page, form in met]
    return doors


def fresh_client(door: Door, tree):
    """(client, form) to try this door once, as its person, on a case of its own; the form read afresh."""
    from django.test import Client

    if door.who == "intake":
        client = Client(raise_request_exception=False)
        # A person who has answered everything so far, so that the page judges this value alone.
        walk_intake(client, send=False)
        return client, door.form
    if door.who == "visitor":
        client = Client(raise_request_exception=False)
        page, action = door.page, door.form.action
    else:
        scene = fresh_scene(tree)
        user = {"holder": tree.contact_staff, "registrar": tree.registrar}.get(door.who)
        client = staff_client(user) if user else citizen_client(scene)
        page, action = remap(door.page, scene), remap(door.form.action, scene)
    fresh = [f for f in post_forms(client.get(page).content.decode(), page) if f.action == action]
    return client, fresh[0] if fresh else Form(action=action, fields=door.form.fields)
