"""System checks of the core: a catalogue that names no language is said out loud, not silently left out."""

from typing import Any

from django.conf import settings
from django.core import checks

from core import languages


@checks.register(checks.Tags.translation)
def check_catalogues_name_their_language(**kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Warning(
            f"The catalogue for “{code}” is not offered: no table names the language.",
            hint=(
                f"Translate msgid “{languages.NAME_MSGID}” in the context “{languages.NAME_CONTEXT}” to the "
                "language's name in itself (and “ltr” in the context "
                f"“{languages.DIRECTION_CONTEXT}” to “rtl” for a right-to-left script), then compile it."
            ),
            id="core.W001",
        )
        for code in languages.unnamed(settings.BASE_DIR, settings.LOCALE_PATHS)
    ]
