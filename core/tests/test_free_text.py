"""FreeTextField and the character count (core/forms.py, core/includes/forms/field.html): no hard maxlength, the
limit under the field, the server's message with the numbers written the language's way, nothing typed lost."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.forms import FreeTextField, format_number

NBSP = "\u00a0"


class LetterForm(forms.Form):
    story = FreeTextField(
        label="What happened?",
        max_length=10_000,
        character_count=True,
        widget=forms.Textarea,
        help_text="In your own words.",
    )
    name = FreeTextField(label="Your name", max_length=20, required=False)


def render(field) -> str:
    return render_to_string("core/includes/forms/field.html", {"field": field})


@pytest.mark.parametrize(
    ("language", "number", "written"),
    [
        ("sv", 10_000, f"10{NBSP}000"),
        ("sv", 9_812, f"9{NBSP}812"),
        ("sv", 212, "212"),
        ("sv", 1_000_000, f"1{NBSP}000{NBSP}000"),
        ("en", 10_000, "10,000"),
    ],
)
def test_numbers_are_written_the_languages_way(language, number, written):
    with translation.override(language):
        assert format_number(number) == written


def test_a_counted_field_has_no_hard_limit_and_says_the_limit_under_it():
    with translation.override("sv"):
        html = render(LetterForm()["story"])
    assert "maxlength" not in html
    assert f"Du kan skriva upp till 10{NBSP}000 tecken" in html
    assert 'id="id_story_count"' in html
    assert 'aria-describedby="id_story_helptext id_story_count"' in html
    assert 'data-character-count="10000"' in html
    assert f'data-count-separator="{NBSP}"' in html
    assert 'data-count-under-other="Du har {count} tecken kvar"' in html
    assert 'data-count-over-one="Du har {count} tecken för mycket"' in html


def test_the_live_messages_are_in_english_too():
    with translation.override("en"):
        html = render(LetterForm()["story"])
    assert "You can write up to 10,000 characters" in html
    assert 'data-count-separator=","' in html
    assert 'data-count-under-one="You have {count} character left"' in html
    assert 'data-count-over-other="You have {count} characters too many"' in html


def test_a_field_without_a_count_has_no_hard_limit_either():
    html = render(LetterForm()["name"])
    assert "maxlength" not in html and "data-character-count" not in html and "_count" not in html


def test_a_text_too_long_is_refused_with_its_length_and_kept_whole():
    text = "a" * 10_212
    with translation.override("sv"):
        form = LetterForm({"story": text, "name": ""})
        assert form.errors["story"] == [
            f"Texten är 10{NBSP}212 tecken. Korta den till högst 10{NBSP}000 tecken."
        ]
        html = render(form["story"])
    assert text in html  # what was typed is on the page again, whole
    assert 'aria-describedby="id_story_helptext id_story_error id_story_count"' in html
    with translation.override("en"):
        form = LetterForm({"story": text, "name": ""})
        assert form.errors["story"] == [
            "The text is 10,212 characters. Shorten it to at most 10,000 characters."
        ]


def test_a_short_field_says_the_same_without_a_count():
    with translation.override("sv"):
        form = LetterForm({"story": "Hej", "name": "N" * 21})
        assert form.errors["name"] == ["Texten är 21 tecken. Korta den till högst 20 tecken."]


def test_a_line_end_counts_as_one_character_as_in_the_browser():
    # A browser posts a textarea's line ends as CR LF; its count, and the person, see one character each.
    text = ("x" * 99 + "\r\n") * 100  # 10 000 characters in the browser, 10 100 as posted
    form = LetterForm({"story": text, "name": ""})
    assert form.is_valid(), form.errors
    assert "\r" not in form.cleaned_data["story"]
    assert len(form.cleaned_data["story"]) == 10_000 - 1  # the last line end is stripped


@given(st.integers(min_value=1, max_value=10_000))
def test_any_text_up_to_the_limit_passes_and_one_more_does_not(length):
    assert LetterForm({"story": "å" * length, "name": ""}).is_valid()
    over = LetterForm({"story": "å" * (10_000 + length), "name": ""})
    assert not over.is_valid()
    assert over.errors.as_data()["story"][0].code == "too_long"


def test_an_emoji_is_one_character_as_the_count_says():
    form = LetterForm({"story": "🙂" * 10_000, "name": ""})
    assert form.is_valid()


def test_the_script_is_on_every_page_and_needs_no_inline_code(client, db):
    html = client.get("/tillganglighet/").content.decode()
    assert re.search(
        r'<script src="/static/core/character-count(\.[0-9a-f]+)?\.js" nonce="[^"]+" defer>', html
    )
