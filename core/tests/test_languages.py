"""Languages as files (issue 17, item 8): a catalogue added at run time, and a setting of the organisation, switch
the interface; a language is always named in itself, never by its code; a right-to-left one turns the page."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core import languages
from core.checks import check_catalogues_name_their_language
from core.tests.catalogues import compile_and_use, write_catalogue
from intake.questions import language_choices

pytestmark = pytest.mark.django_db

FINNISH = {
    "Complaints and feedback": "Muistutukset ja palaute",
    "Skip to content": "Siirry sisältöön",
}


@pytest.fixture
def locale_dir(tmp_path):
    return tmp_path / "locale"


def switcher(html: str) -> dict[str, str]:
    """The language switcher's buttons: {code: the name shown}."""
    return {
        code: name.strip()
        for code, name in re.findall(
            r'<button[^>]* name="language" value="([^"]+)"[^>]*>([^<]*)</button>', html
        )
    }


def offer(tree, codes: str) -> None:
    tree.organisation.languages = codes
    tree.organisation.full_clean()
    tree.organisation.save()


# --- the interface switches -------------------------------------------------------------------------------------


def test_it_offers_swedish_and_english_named_in_themselves(client, tree):
    assert switcher(client.get("/").content.decode()) == {"en": "English"}
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switcher(client.get("/").content.decode()) == {"sv": "Svenska"}


def test_a_catalogue_added_at_run_time_and_offered_switches_the_interface(
    client, tree, settings, monkeypatch, locale_dir
):
    write_catalogue(locale_dir, "fi", FINNISH)
    compile_and_use(settings, monkeypatch, locale_dir)
    # A catalogue alone does not change what an organisation offers: that is its own setting.
    assert "fi" not in switcher(client.get("/").content.decode())

    offer(tree, "sv,en,fi")
    html = client.get("/").content.decode()
    assert switcher(html) == {"en": "English", "fi": "Suomi"}
    assert 'lang="fi">Suomi</button>' in html

    client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="fi" dir="ltr"' in html
    assert "Muistutukset ja palaute" in html
    assert "Siirry sisältöön" in html
    # What the catalogue does not translate falls back to Swedish, the first language.
    assert "Synpunkter och klagomål på socialtjänsten och LSS" in html
    assert switcher(html) == {"sv": "Svenska", "en": "English"}


def test_a_national_minority_language_django_does_not_know_is_named_in_itself(
    client, tree, settings, monkeypatch, locale_dir
):
    for code in ("fit", "smj", "sma", "se"):
        write_catalogue(locale_dir, code, {})
    compile_and_use(settings, monkeypatch, locale_dir)
    offer(tree, "sv,fit,smj,sma,se,en")
    html = client.get("/").content.decode()
    assert switcher(html) == {
        "fit": "Meänkieli",
        "smj": "Julevsámegiella",
        "sma": "Åarjelsaemien gïele",
        "se": "Davvisámegiella",
        "en": "English",
    }
    client.post(reverse("set_language"), {"language": "smj", "next": "/"})
    assert '<html lang="smj" dir="ltr"' in client.get("/").content.decode()


def test_a_right_to_left_language_turns_the_page(client, tree, settings, monkeypatch, locale_dir):
    write_catalogue(locale_dir, "yi", {})
    compile_and_use(settings, monkeypatch, locale_dir)
    assert settings.LANGUAGES_BIDI == ["yi"]
    offer(tree, "sv,en,yi")
    html = client.get("/").content.decode()
    assert 'value="yi" lang="yi" dir="rtl">ייִדיש</button>' in html
    client.post(reverse("set_language"), {"language": "yi", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="yi" dir="rtl"' in html


def test_a_catalogue_names_a_language_no_table_knows(client, tree, settings, monkeypatch, locale_dir):
    write_catalogue(locale_dir, "so", {(languages.NAME_CONTEXT, languages.NAME_MSGID): "Soomaali"})
    write_catalogue(
        locale_dir,
        "ps",
        {
            (languages.NAME_CONTEXT, languages.NAME_MSGID): "پښتو",
            (languages.DIRECTION_CONTEXT, languages.DIRECTION_MSGID): "rtl",
        },
    )
    compile_and_use(settings, monkeypatch, locale_dir)
    assert settings.LANGUAGES_BIDI == ["ps"]
    offer(tree, "sv,so,ps")
    assert switcher(client.get("/").content.decode()) == {"so": "Soomaali", "ps": "پښتو"}


def test_a_catalogue_that_names_no_language_is_left_out_and_reported(settings, monkeypatch, locale_dir):
    write_catalogue(locale_dir, "ti", {"Complaints and feedback": "ርኢቶን ጥርዓንን"})
    compile_and_use(settings, monkeypatch, locale_dir)
    assert "ti" not in dict(settings.LANGUAGES)
    [warning] = check_catalogues_name_their_language()
    assert warning.id == "core.W001"
    assert "“ti”" in warning.msg
    assert languages.NAME_CONTEXT in (warning.hint or "")


def test_the_project_catalogues_name_swedish_in_swedish():
    # The message a catalogue names its language with, and the direction, read from the compiled Swedish one.
    files = languages.catalogues(django_settings.BASE_DIR, []).get("sv", [])
    assert languages.describe("xx-sv", files) == languages.Language("xx-sv", "svenska", False)
    with translation.override("sv"):
        assert [str(message) for message in languages.CATALOGUE_MESSAGES] == ["svenska", "ltr"]


# --- an organisation's languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["sv", "sv,en", "sv,en,fi,fit,smj,sma,se,sme,rom,rmy,yi", " sv , fi ", "en,sv"]
)
def test_it_accepts_known_languages_with_swedish(value):
    languages.validate_language_codes(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "syntax"),
        ("sv;en", "syntax"),
        ("sv,,en", "syntax"),
        ("sv,Finnish", "syntax"),
        ("sv,tlh", "unknown"),
        ("sv,en,sv", "duplicate"),
        ("en,fi", "swedish"),
    ],
)
def test_it_refuses_languages_it_cannot_name(value, code):
    with pytest.raises(ValidationError) as refused:
        languages.validate_language_codes(value)
    assert refused.value.code == code


def test_the_organisation_refuses_a_language_it_cannot_name(tree):
    tree.organisation.languages = "sv,tlh"
    with pytest.raises(ValidationError) as refused, translation.override("sv"):
        tree.organisation.full_clean()
    assert refused.value.message_dict["languages"] == [
        "Tjänsten känner inte till språket tlh: kontrollera koden, eller lägg till en översättningskatalog för det."
    ]


def test_the_contact_languages_are_named_in_themselves_with_or_without_a_catalogue(tree):
    tree.organisation.languages = "sv,fi,fit,sme,yi"
    assert [(choice.value, str(choice.label)) for choice in language_choices(tree.organisation)] == [
        ("sv", "svenska"),
        ("fi", "suomi"),
        ("fit", "meänkieli"),
        ("sme", "davvisámegiella"),
        ("yi", "ייִדיש"),
    ]


def test_without_a_chosen_organisation_every_installed_language_is_offered(tree):
    assert [language.code for language in languages.offered(None)] == ["sv", "en"]
    tree.organisation.languages = "sv,fi"  # Finnish for contact, no catalogue for it here
    assert [language.code for language in languages.offered(tree.organisation)] == ["sv"]


# --- the accessibility statement says which ---------------------------------------------------------------------


def test_the_statement_names_the_languages_offered(client, tree):
    html = client.get("/tillganglighet/").content.decode()
    assert (
        'Tjänsten finns på de här språken: <span lang="sv">svenska</span>, <span lang="en">English</span>.'
        in html
    )
    assert "De nationella minoritetsspråken erbjuds ännu inte." in html


def test_the_statement_names_a_national_minority_language_once_offered(
    client, tree, settings, monkeypatch, locale_dir
):
    write_catalogue(locale_dir, "fit", {})
    compile_and_use(settings, monkeypatch, locale_dir)
    offer(tree, "sv,fit,en")
    html = client.get("/tillganglighet/").content.decode()
    assert (
        '<span lang="sv">svenska</span>, <span lang="fit">meänkieli</span>, <span lang="en">English</span>.'
        in html
    )
    assert "minoritetsspråken" not in html
