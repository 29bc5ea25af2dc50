"""A citizen's own words are isolated for right-to-left scripts wherever they are shown (dir="auto" or <bdi>)."""

import re

from django.urls import reverse

from cases.services import message_add
from citizen.tests.conftest import log_in, register
from intake.tests.helpers import CHECK_URL, walk
from staff.tests.conftest import signed_in_client

ARABIC = "لم يأتِ أحد لمساعدة والدتي في الصباح."
HEBREW = "אף אחד לא התקשר אליי בחזרה."
NAME = "فاطمة الزهراء"


def isolated_block(html: str, text: str) -> bool:
    """The text sits inside a block with dir="auto": no such block has closed between its opening and the text."""
    before = html[: html.index(text)]
    opened = [m.start() for m in re.finditer(r'<(div|dd)\b[^>]*\bdir="auto"', before)]
    closed = [m.start() for m in re.finditer(r"</(div|dd)>", before)]
    return bool(opened) and (not closed or opened[-1] > closed[-1])


def test_the_staff_case_page_isolates_the_senders_words(tree):
    registration = register(tree, what_happened=ARABIC, desired_outcome=HEBREW, contact_name=NAME)
    case = registration.case
    message_add(case=case, body=HEBREW + " (2)", from_citizen=True)
    html = (
        signed_in_client(tree.contact_staff)
        .get(reverse("staff:case_detail", args=[case.pk]))
        .content.decode()
    )
    assert isolated_block(html, ARABIC)
    assert isolated_block(html, HEBREW)
    assert isolated_block(html, HEBREW + " (2)")  # the message thread
    assert f"<bdi>{NAME}</bdi>" in html


def test_the_citizens_case_page_isolates_their_words(client, tree):
    registration = register(tree, what_happened=ARABIC, desired_outcome=HEBREW)
    message_add(case=registration.case, body=HEBREW + " (2)", from_citizen=True)
    log_in(client, registration)
    html = client.get(reverse("citizen:case")).content.decode()
    assert isolated_block(html, ARABIC)
    assert isolated_block(html, HEBREW)
    assert isolated_block(html, HEBREW + " (2)")


def test_the_check_answers_page_isolates_their_words(client, tree):
    walk(client, tree, **{"vad-hande": {"what_happened": ARABIC, "about_person": NAME}})
    html = client.get(CHECK_URL).content.decode()
    assert isolated_block(html, ARABIC)
    assert f"<bdi>{NAME}</bdi>" in html
