"""A text of only invisible characters is refused (core/validators.py), and FreeTextField applies it."""

import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.forms import FreeTextField
from core.validators import INVISIBLE_OTHERS, is_invisible, is_invisible_character, refuse_invisible

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]

# Every invisible character: the Unicode categories the rule names, and the blank letters and marks listed.
invisible_characters = st.one_of(
    st.characters(categories=["Cf", "Cc", "Zs", "Zl", "Zp"]),
    st.sampled_from(sorted(chr(code) for code in INVISIBLE_OTHERS)),
)
invisible_texts = st.text(alphabet=invisible_characters, min_size=1, max_size=40)
# Letters, digits and punctuation that show: every letter or number but the blank fillers in the list.
visible_characters = st.characters(categories=["L", "N", "P", "S"]).filter(
    lambda character: ord(character) not in INVISIBLE_OTHERS
)


class Message(forms.Form):
    body = FreeTextField(label="Message", max_length=200, error_messages={"required": "Write your message."})
    note = FreeTextField(label="Note", required=False, max_length=200)


@pytest.mark.parametrize(
    "text", [*ZERO_WIDTH, "\u200b\u200b\u200b", " \u200b\n\u2060\t", "\u00a0\u3000", "\u3164"]
)
def test_it_refuses_a_text_that_shows_nothing(text):
    assert is_invisible(text)
    with pytest.raises(ValidationError) as raised:
        refuse_invisible(text)
    assert raised.value.code == "invisible"


@pytest.mark.parametrize("text", ["", "a", "\u200bHej", "Hej\u200d", "ok ", "🙂", "\u200d🙂\u200d", "١"])
def test_it_accepts_a_text_that_shows_something_and_leaves_the_empty_one_to_required(text):
    assert not is_invisible(text)
    refuse_invisible(text)


@given(invisible_texts)
def test_every_text_of_invisible_characters_is_invisible(text):
    assert is_invisible(text)
    assert all(
        unicodedata.category(c) in {"Cf", "Cc", "Zs", "Zl", "Zp"} or is_invisible_character(c) for c in text
    )


@given(invisible_texts, visible_characters, invisible_texts)
def test_one_character_that_shows_makes_a_text_visible(before, visible, after):
    assert not is_invisible(before + visible + after)


@given(invisible_texts)
def test_a_required_free_text_of_invisible_characters_never_passes(text):
    form = Message({"body": text, "note": ""})
    assert not form.is_valid()
    # Django strips what Python calls whitespace first: what is left is either nothing (required) or invisible.
    assert form.errors.as_data()["body"][0].code in {"required", "invisible"}


@given(invisible_texts.filter(lambda text: "\x00" not in text))
def test_an_optional_free_text_of_invisible_characters_is_nothing(text):
    form = Message({"body": "Hej", "note": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == ""


@given(
    invisible_texts.filter(lambda text: "\x00" not in text),
    st.text(visible_characters, min_size=1, max_size=20),
)
def test_a_free_text_with_something_that_shows_is_kept_as_typed(padding, words):
    form = Message({"body": padding + words + padding, "note": ""})
    assert form.is_valid(), form.errors
    assert words in form.cleaned_data["body"]


def test_the_message_says_what_is_wrong_in_swedish_and_english():
    with translation.override("sv"):
        form = Message({"body": "\u200b\u200b", "note": ""})
        assert form.errors["body"] == ["Skriv något i rutan. Det du skrev syns inte."]
    with translation.override("en"):
        form = Message({"body": "\ufeff", "note": ""})
        assert form.errors["body"] == ["Write something in the box. What you wrote does not show."]


def test_a_null_character_is_refused_even_where_the_field_may_be_empty():
    form = Message({"body": "Hej", "note": "\x00"})
    assert not form.is_valid()
    assert form.errors.as_data()["note"][0].code in {"invisible", "null_characters_not_allowed"}
