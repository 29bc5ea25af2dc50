"""Find and fill the public forms the way a person (or a bot) would: read the HTML, fill every field, POST.

Used by the security tests to walk the intake wizard from its first page to the confirmation without knowing its
questions, and to discover every public form and its fields for the hostile-input test.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
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
    """The POST forms on a page, except the language switcher."""
    parser = _Parser()
    parser.feed(html)
    forms = []
    for attrs, fields in parser.forms:
        if attrs.get("method", "get").lower() != "post":
            continue
        action = urljoin(page_url, attrs.get("action") or page_url)
        if urlsplit(action).path.startswith("/i18n/"):
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
