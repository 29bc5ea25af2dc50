"""Every easy-to-read page (lättläst) of the guide, the appeal helper and the intake, read as a person would get it:
no legal references and no long lists (docs/decisions/0025; Myndigheten för tillgängliga medier's advice).

The pages are fetched with the test client in Swedish and English, as they first show and with errors, and the text
of <main> and the <title> is read. Names from the data (the organisation's, its areas' and units') are not our
words and are not read; lists that are data (marked data-list="data", the unit and language radios, the error
summary, selects) are not counted.
"""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from intake.tests.helpers import (
    EASY_CHECK_URL,
    EASY_CONFIRMATION_URL,
    answers,
    exe_bytes,
    step_url,
    submit,
    walk,
)
from intake.tests.test_uploads import upload
from organisations.models import Organisation, OrganisationKind, OrgNode
from organisations.testing import build_tree

# "§", "kap." (chapter), SFS numbers and "(2025:400)", and the abbreviations of the laws these pages are about.
LEGAL_REFERENCE = re.compile(
    r"§|\bkap\.|\bSFS\b|\(\d{4}:\d+\)|\b(?:SoL|LSS|OSL|HSL|FL|PSL|LVU|LVM|TF|SOSFS|HSLF-FS)\b"
)
LONGEST_LIST = 5
DATA_RADIOS = {"unit", "preferred_language", "topic"}  # the organisation's own units, languages and topics

GUIDE = "/vart-vander-jag-mig/lattlast/"
GUIDE_PAGES = [
    "",
    "fraga/",
    "fraga/beslut/",
    "klagomal/",
    "inte-nojd/",
    "overklaga/",
    "overklaga/inte-ditt-beslut/",
    "overklaga/hjalp/",
    "ivo/",
    "patientskada/",
    "lex-sarah/",
]


class EasyPage(HTMLParser):
    """The text of <title> and <main>, and the length of every list in <main> that is not data."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.lists: list[int] = []  # the number of items of each <ul>/<ol> counted
        self.radios: dict[str, int] = {}
        self._stack: list[list] = []  # open lists: [tag, counted?, items]
        self._in_main = 0
        self._in_title = False
        self._skip = 0  # inside <script>, <style>, <select>

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self._in_main += 1
        elif tag == "title":
            self._in_title = True
        if not self._in_main:
            return
        if tag in ("script", "style", "select"):
            self._skip += 1
        elif tag in ("ul", "ol"):
            counted = attributes.get("data-list") != "data" and "error-summary__list" not in (
                attributes.get("class") or ""
            )
            self._stack.append([tag, counted, 0])
        elif tag == "li" and self._stack:
            self._stack[-1][2] += 1
        elif tag == "input" and attributes.get("type") == "radio":
            name = attributes.get("name") or ""
            if name not in DATA_RADIOS:
                self.radios[name] = self.radios.get(name, 0) + 1

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in ("script", "style", "select") and self._skip:
            self._skip -= 1
        elif tag in ("ul", "ol") and self._stack:
            _tag, counted, items = self._stack.pop()
            if counted:
                self.lists.append(items)

    def handle_data(self, data):
        if (self._in_main or self._in_title) and not self._skip:
            self.text.append(data)


def problems(html: str, *, data_names: list[str]) -> list[str]:
    page = EasyPage()
    page.feed(html)
    text = " ".join(page.text)
    for name in sorted(data_names, key=len, reverse=True):
        text = text.replace(name, " ")
    found = [
        f"legal reference: …{text[max(0, m.start() - 40) : m.end() + 20]}…"
        for m in LEGAL_REFERENCE.finditer(text)
    ]
    found += [f"a list of {items} items" for items in page.lists if items > LONGEST_LIST]
    found += [f"{count} choices for {name}" for name, count in page.radios.items() if count > LONGEST_LIST]
    return found


class Reader:
    """Reads pages with the test client and keeps what is wrong with each."""

    def __init__(self, client) -> None:
        self.client = client
        self.read: list[str] = []
        self.failures: list[str] = []
        self.data_names = list(Organisation.objects.values_list("name", flat=True)) + list(
            OrgNode.objects.values_list("name", flat=True)
        )

    def check(self, response, where: str) -> None:
        assert response.status_code == 200, (where, response.status_code, response.get("Location"))
        assert response["Content-Type"].startswith("text/html"), where
        self.read.append(where)
        self.failures += [
            f"{where}: {problem}"
            for problem in problems(response.content.decode(), data_names=self.data_names)
        ]

    def get(self, url: str, data=None, *, where: str = "") -> None:
        self.check(self.client.get(url, data or {}), where or f"GET {url}")

    def post(self, url: str, data, *, where: str = "") -> None:
        self.check(self.client.post(url, data), where or f"POST {url}")


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The tests post many forms from one address."""
    settings.RATELIMIT_ENABLED = False


def test_the_checker_finds_what_it_looks_for():
    html = (
        "<html><head><title>Överklaga enligt SoL</title></head><body><main><p>Se 16 kap. 1 § och lag (1993:387)."
        "</p><ul><li>1</li><li>2</li><li>3</li><li>4</li><li>5</li><li>6</li></ul>"
        '<ul data-list="data"><li>1</li><li>2</li><li>3</li><li>4</li><li>5</li><li>6</li></ul>'
        + "".join(f'<input type="radio" name="q" value="{n}">' for n in range(6))
        + "<p>Funktionsstöd LSS</p><select><option>LSS</option></select></main>"
        "<footer>LSS</footer></body></html>"
    )
    found = problems(html, data_names=["Funktionsstöd LSS"])
    assert len([p for p in found if p.startswith("legal reference")]) == 4  # SoL, kap., §, (1993:387)
    assert "a list of 6 items" in found and "6 choices for q" in found
    assert len(found) == 6


@pytest.mark.parametrize("language", ["sv", "en"])
@time_machine.travel(date(2026, 12, 10))
def test_the_easy_guide_and_appeal_helper_have_no_legal_references_or_long_lists(client, tree, language):
    if language == "en":
        client.cookies["django_language"] = "en"
    reader = Reader(client)
    for route in GUIDE_PAGES:
        reader.get(GUIDE + route)
    reader.get(GUIDE + "fraga/", {"sent": "1"}, where="the question, unanswered")
    reader.get(GUIDE + "fraga/beslut/", {"sent": "1"}, where="whose decision, unanswered")
    reader.get(GUIDE + "ivo/", {"lan": "Västerbottens län"}, where="IVO with a county")
    reader.post(GUIDE + "overklaga/hjalp/", {}, where="appeal helper, unanswered")
    received = {"received_day": "3", "received_month": "12", "received_year": "2026"}
    for decision in ("sol_assistance", "lss", "fee_home_care", "fee_elderly_housing"):
        reader.post(
            GUIDE + "overklaga/hjalp/", {"decision": decision, **received}, where=f"last day, {decision}"
        )
    reader.post(
        GUIDE + "overklaga/hjalp/",
        {"decision": "lss", "received_day": "3", "received_month": "11", "received_year": "2026"},
        where="last day passed",
    )
    reader.post(
        reverse("guide:appeal_letter"),
        {"easy": "1", "decision": "lss", **received, "authority": str(tree.organisation.pk)},
        where="appeal letter with errors",
    )
    assert not reader.failures, "\n".join(reader.failures)
    assert len(reader.read) == len(GUIDE_PAGES) + 10


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_easy_intake_has_no_legal_references_or_long_lists(client, tree, language):
    other = build_tree("norrby", "VO").organisation
    other.kind = OrganisationKind.PROVIDER
    other.save()
    if language == "en":
        client.cookies["django_language"] = "en"
    reader = Reader(client)
    reader.get("/lamna/lattlast/", where="whom to write to")
    client.get(reverse("intake:choose_easy", args=[tree.organisation.slug]))
    reader.get("/lamna/lattlast/", where="start")
    for slug, data in answers(tree, anonymous=False):
        reader.get(step_url(slug, easy=True))
        if slug == "bilagor":
            reader.post(
                step_url(slug, easy=True),
                {"action": "upload", "attachments": [upload("program.pdf", exe_bytes())]},
                where="files, one refused",
            )
        elif slug == "nar":
            reader.post(
                step_url(slug, easy=True),
                {"event_date_day": "31", "event_date_month": "2", "event_date_year": "2025"},
                where="date, wrong",
            )
        else:
            reader.post(step_url(slug, easy=True), {}, where=f"{slug}, unanswered")
        response = client.post(step_url(slug, easy=True), data)
        assert response.status_code == 302, slug
    reader.get(EASY_CHECK_URL, where="check answers")
    submit(client, easy=True)
    reader.get(EASY_CONFIRMATION_URL, where="receipt")
    # The anonymous way, which shows other pages of the receipt.
    walk(client, tree, kind="praise", easy=True)
    reader.get(EASY_CHECK_URL, where="check answers, praise")
    submit(client, easy=True)
    reader.get(EASY_CONFIRMATION_URL, where="receipt, praise")
    assert not reader.failures, "\n".join(reader.failures)
