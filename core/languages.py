"""The interface languages: those this installation has a catalogue for, each named in its own language.

Adding a language is a translation file, not a code change (domain.md §10): put `<code>/LC_MESSAGES/django.po` in
an app's `locale/` or in a directory of LOCALE_PATHS, compile it (`./run` does), restart, and add the code to an
organisation's languages. settings.LANGUAGES is computed here at start-up, before the apps are loaded, so this
module reads only files and plain data: never the app registry, the database or Django's translation machinery.

A language is never named by its code. The name comes from our table of the national minority languages (lag
2009:724), else from Django's public table `django.conf.locale.LANG_INFO`, else from the catalogue itself: a
translator of a language neither table knows (Somali, Tigrinya, Dari …) translates the message "English" in the
context "name of this language, in this language", and "ltr" in the context "direction of this language's script"
to "rtl" where the script runs right to left.
"""

import gettext as gnu_gettext
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy, to_language

# Always offered: Swedish, the language of public bodies (språklagen 10 §), and English, the source of the msgids.
SWEDISH = "sv"
ALWAYS = ("sv", "en")

# The national minority languages and their varieties, named in themselves; Django's table lacks all but Finnish.
OWN_NAMES = {
    "fit": "meänkieli",
    "se": "davvisámegiella",
    "sme": "davvisámegiella",
    "smj": "julevsámegiella",
    "sma": "åarjelsaemien gïele",
    "sju": "ubmejesámiengiälla",
    "sje": "bidumsámegiella",
    "rom": "romani chib",
    "rmy": "romani chib",
    "yi": "ייִדיש",
}
OWN_RIGHT_TO_LEFT = frozenset({"yi"})
NATIONAL_MINORITY = frozenset({"fi", *OWN_NAMES})

# What a catalogue says about its own language (see the module's docstring). The literals are repeated in the
# two pgettext_lazy calls below because makemessages reads only literals; they exist for it to find.
NAME_CONTEXT, NAME_MSGID = "name of this language, in this language", "English"
DIRECTION_CONTEXT, DIRECTION_MSGID = "direction of this language's script", "ltr"
CATALOGUE_MESSAGES = (
    pgettext_lazy("name of this language, in this language", "English"),
    pgettext_lazy("direction of this language's script", "ltr"),
)

_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself: "suomi", "julevsámegiella"
    bidi: bool = False

    @property
    def is_national_minority(self) -> bool:
        return self.code.split("-")[0] in NATIONAL_MINORITY


# --- At start-up: from the files -------------------------------------------------------------------------------


def catalogues(base_dir: Path, locale_paths: Iterable[Path | str]) -> dict[str, list[Path]]:
    """The compiled catalogues of this project, by language code: every app's `locale/` under `base_dir` and
    every directory of LOCALE_PATHS (not Django's own nor a library's, which cover a hundred languages)."""
    found: dict[str, list[Path]] = {}
    for locale_dir in [*sorted(Path(base_dir).glob("*/locale")), *(Path(path) for path in locale_paths)]:
        for catalogue in sorted(locale_dir.glob("*/LC_MESSAGES/django.mo")):
            found.setdefault(to_language(catalogue.parent.parent.name), []).append(catalogue)
    return found


def describe(code: str, catalogue_files: Sequence[Path] = ()) -> Language | None:
    """The language of `code` named in itself, or None if neither the tables nor its catalogue name it."""
    base = code.split("-")[0]
    for candidate in (code, base):
        if candidate in OWN_NAMES:
            return Language(code, OWN_NAMES[candidate], candidate in OWN_RIGHT_TO_LEFT)
        info = _lang_info(candidate)
        if info is not None:
            return Language(code, info["name_local"], bool(info["bidi"]))
    name = _from_catalogue(catalogue_files, NAME_CONTEXT, NAME_MSGID)
    if name is None:
        return None
    return Language(code, name, _from_catalogue(catalogue_files, DIRECTION_CONTEXT, DIRECTION_MSGID) == "rtl")


def installed(base_dir: Path, locale_paths: Iterable[Path | str]) -> list[Language]:
    """Swedish, English, then every other language with a catalogue and a name, by code."""
    found = catalogues(base_dir, locale_paths)
    codes = [*ALWAYS, *sorted(code for code in found if code not in ALWAYS)]
    described = (describe(code, found.get(code, ())) for code in codes)
    return [language for language in described if language is not None]


def unnamed(base_dir: Path, locale_paths: Iterable[Path | str]) -> list[str]:
    """The codes of catalogues that nothing names: left out of the interface (core/checks.py says so)."""
    return sorted(
        code for code, files in catalogues(base_dir, locale_paths).items() if not describe(code, files)
    )


def settings_for(
    base_dir: Path, locale_paths: Iterable[Path | str]
) -> tuple[list[tuple[str, str]], list[str]]:
    """LANGUAGES and LANGUAGES_BIDI for settings.py."""
    languages = installed(base_dir, locale_paths)
    return [(language.code, language.name) for language in languages], [
        language.code for language in languages if language.bidi
    ]


def _lang_info(code: str) -> dict[str, Any] | None:
    info = LANG_INFO.get(code)
    if info is not None and "fallback" in info:  # "zh-cn" → "zh-hans"
        info = LANG_INFO.get(info["fallback"][0])
    return info


def _from_catalogue(files: Sequence[Path], context: str, msgid: str) -> str | None:
    """The first translation of (context, msgid) among the compiled catalogues `files`, if any translates it."""
    for path in files:
        with path.open("rb") as file:
            text = gnu_gettext.GNUTranslations(file).pgettext(context, msgid).strip()
        if text and text != msgid:
            return text
    return None


# --- At run time: from settings ---------------------------------------------------------------------------------


def available() -> list[Language]:
    """The languages of settings.LANGUAGES (computed by settings_for at start-up)."""
    bidi = set(settings.LANGUAGES_BIDI)
    return [Language(code, str(name), code.split("-")[0] in bidi) for code, name in settings.LANGUAGES]


def language_codes(value: str) -> list[str]:
    """The codes of a list of languages as an organisation stores it ("sv, en,fi"), in its order."""
    return [code.strip() for code in value.split(",") if code.strip()]


def offered(organisation: Any) -> list[Language]:
    """The interface languages an organisation offers, in its order: those of its languages this installation
    has a catalogue for. Without an organisation (several served, none chosen yet), every one installed."""
    return offered_codes(organisation.language_codes if organisation else [])


def offered_codes(codes: list[str]) -> list[Language]:
    """The installed languages among `codes`, in their order; every one installed if none of them is."""
    languages = available()
    by_code = {language.code: language for language in languages}
    chosen = [by_code[code] for code in codes if code in by_code]
    return chosen or languages


def language_name(code: str) -> str:
    """A language's name in itself, for the languages a citizen may be contacted in (with or without a
    catalogue here); validate_language_codes makes sure that every organisation's code has one."""
    names = dict(settings.LANGUAGES)
    if code in names:
        return str(names[code])
    described = describe(code)
    return described.name if described else code


def validate_language_codes(value: str) -> None:
    """An organisation's languages: known codes separated by commas, each once, Swedish among them."""
    codes = [code.strip() for code in value.split(",")]
    if not value.strip() or any(not _CODE.match(code) for code in codes):
        raise ValidationError(
            _("Write the languages as codes in small letters separated by commas, for example sv,en,fi."),
            code="syntax",
        )
    installed_codes = {code for code, _name in settings.LANGUAGES}
    unknown = [code for code in codes if code not in installed_codes and describe(code) is None]
    if unknown:
        raise ValidationError(
            _(
                "This service does not know the language %(codes)s: check the code, or add a catalogue for it."
            ),
            code="unknown",
            params={"codes": ", ".join(unknown)},
        )
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Give each language once."), code="duplicate")
    if SWEDISH not in codes:
        raise ValidationError(_("Swedish (sv) must be among the languages."), code="swedish")
