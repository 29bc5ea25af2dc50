"""The interface languages in templates, named in themselves (core/languages.py), never by their code."""

from typing import Any

from django import template

from core import languages

register = template.Library()


@register.simple_tag
def offered_languages(organisation: Any) -> list[languages.Language]:
    """`{% offered_languages site_organisation as languages %}`: the organisation's interface languages, or
    every installed one where no organisation is chosen."""
    return languages.offered(organisation)


@register.filter
def national_minority(offered: list[languages.Language]) -> list[languages.Language]:
    """The national minority languages among `offered`."""
    return [language for language in offered if language.is_national_minority]
