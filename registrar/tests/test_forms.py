"""The registrar's form names the field in every error, in Swedish and in English (issue 16, item 7)."""

import pytest
import time_machine
from django.utils import translation

from registrar.forms import RegistrationForm
from registrar.tests.test_register import URL, form_data
from staff.tests.test_handling_forms import generic_messages


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_error_of_the_registration_form_is_djangos_generic_one(tree, language):
    with translation.override(language):
        form = RegistrationForm(organisation=tree.organisation)
        for name, field in form.fields.items():
            assert generic_messages(field) == [], name


@time_machine.travel("2026-11-24 12:00 +0100")
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sv",
            {
                "id_channel_0": "Välj hur det kom in",
                "id_received_0": "Datumet då det kom in måste finnas i kalendern",
                "id_event_0": "Datumet då det hände måste ha en månad",
                "id_what_happened": "Skriv vad som hände, så som avsändaren berättade det",
            },
        ),
        (
            "en",
            {
                "id_channel_0": "Choose how it arrived",
                "id_received_0": "The date received must be a real date",
                "id_event_0": "The date it happened must include a month",
                "id_what_happened": "Write what happened, as the sender told it",
            },
        ),
    ],
)
def test_each_error_names_its_field_and_links_to_it(client, tree, language, expected):
    client.force_login(tree.registrar)
    data = form_data(
        tree,
        channel="",
        received_day="31",
        received_month="2",
        what_happened="",
        event_day="3",
        event_month="",
        event_year="2025",
    )
    html = client.post(URL, data, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for input_id, message in expected.items():
        assert f'<a class="ds-link" href="#{input_id}">{message}</a>' in html
    assert ("Det finns 4 fel" if language == "sv" else "There are 4 problems") in html
    assert 'value="Tolvan Tolvansson"' in html  # what was typed is kept
