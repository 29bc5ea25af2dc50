"""Checks of text that people write, shared by every form that takes it (core/forms.py's FreeTextField uses them).

- `is_invisible(text)`: True when nothing of the text would show on the page: only whitespace, zero-width
  characters, other format and control characters (Unicode categories Cf, Cc, Zs, Zl, Zp), and the few letters and
  marks that every font draws as nothing (Hangul fillers, variation selectors, the braille blank).
- `refuse_invisible(text)`: a validator that refuses such a text with a message that says what is wrong. Django's
  own "required" check strips only what Python calls whitespace, so a zero-width space (U+200B) alone would pass it.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})

# Default-ignorable code points that are not of the categories above (they are letters, marks or symbols), and the
# braille pattern blank, which draws as a space: each shows nothing on the page. Unicode's DerivedCoreProperties.
INVISIBLE_OTHERS = frozenset(
    {
        0x034F,  # combining grapheme joiner
        0x115F,  # Hangul choseong filler
        0x1160,  # Hangul jungseong filler
        0x17B4,  # Khmer vowel inherent aq
        0x17B5,  # Khmer vowel inherent aa
        0x2800,  # braille pattern blank
        0x3164,  # Hangul filler
        0xFFA0,  # halfwidth Hangul filler
        *range(0x180B, 0x1810),  # Mongolian free variation selectors (and the vowel separator, already Cf)
        *range(0xFE00, 0xFE10),  # variation selectors 1–16
        *range(0xE0100, 0xE01F0),  # variation selectors 17–256
    }
)

INVISIBLE_MESSAGE = _("Write something in the box. What you wrote does not show.")


def is_invisible_character(character: str) -> bool:
    return ord(character) in INVISIBLE_OTHERS or unicodedata.category(character) in INVISIBLE_CATEGORIES


def is_invisible(text: str) -> bool:
    """True when the text has characters and none of them shows (an empty text is empty, not invisible)."""
    return bool(text) and all(is_invisible_character(character) for character in text)


def refuse_invisible(text: str) -> None:
    """A validator: refuses a text of only invisible characters (Django's validators skip an empty text)."""
    if is_invisible(text):
        raise ValidationError(INVISIBLE_MESSAGE, code="invisible")
