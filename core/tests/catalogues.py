"""Translation catalogues written at run time, as a translator would add one, for the language tests."""

from collections.abc import Mapping
from pathlib import Path

from django.core.management import call_command
from django.utils.translation import to_locale

from core import languages

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {locale}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""

# Message id, or (context, message id) → translation.
Messages = Mapping[str | tuple[str, str], str]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_catalogue(locale_dir: Path, code: str, messages: Messages) -> Path:
    """Write `<locale_dir>/<locale>/LC_MESSAGES/django.po` for `code`; compile it with compile_catalogues."""
    locale = to_locale(code)
    lines = [HEADER.format(locale=locale)]
    for key, translation in messages.items():
        context, msgid = key if isinstance(key, tuple) else (None, key)
        if context is not None:
            lines.append(f"msgctxt {_quoted(context)}")
        lines.extend([f"msgid {_quoted(msgid)}", f"msgstr {_quoted(translation)}", ""])
    path = locale_dir / locale / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def compile_and_use(settings, monkeypatch, locale_dir: Path) -> None:
    """Compile the catalogues of `locale_dir` with Django's compilemessages, as `./run` does, and start using
    them the way settings.py does at start-up: LOCALE_PATHS, and LANGUAGES computed from the files (overriding
    these settings resets Django's translation caches through its setting_changed signal)."""
    monkeypatch.chdir(locale_dir.parent)  # compilemessages walks the working directory for locale/ folders
    settings.LOCALE_PATHS = [locale_dir]
    call_command("compilemessages", verbosity=0)
    settings.LANGUAGES, settings.LANGUAGES_BIDI = languages.settings_for(settings.BASE_DIR, [locale_dir])
