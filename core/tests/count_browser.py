"""Shared checks of the character count in a real browser (core/static/core/character-count.js), for the browser
tests of the pages that have one (intake, guide)."""

import re

from playwright.sync_api import expect

NBSP = "\u00a0"


def count_parts(page, field_id: str):
    """(the field, the static limit, the visible count, the live region) of a counted field."""
    field = page.locator(f"#{field_id}")
    limit = page.locator(f"#{field_id}_count")
    visible = page.locator(f"#{field_id}_count ~ .character-count__status")
    spoken = page.locator(f"#{field_id}_count ~ [aria-live=polite]")
    return field, limit, visible, spoken


def check_live_count(page, field_id: str, *, limit: int) -> None:
    """With JavaScript: the limit stays as the field's (visually hidden) description, a live count shows under the
    field and a polite live region says it once typing stops; too much text is never cut."""
    field, limit_line, visible, spoken = count_parts(page, field_id)
    assert field.get_attribute("maxlength") is None
    assert f"{field_id}_count" in (field.get_attribute("aria-describedby") or "").split()
    expect(limit_line).to_have_class(re.compile(r"\bvisually-hidden\b"))
    assert visible.get_attribute("aria-hidden") == "true"
    expect(visible).to_have_text(re.compile(r"^Du har \d[\d\s]* tecken kvar$"))

    field.fill("x" * (limit - 9_812) if limit > 9_812 else "x")
    if limit == 10_000:
        expect(visible).to_have_text(re.compile("^Du har 9.812 tecken kvar$"))
        assert visible.text_content() == f"Du har 9{NBSP}812 tecken kvar"
    expect(spoken).to_have_text(visible.text_content())  # after the pause

    field.fill("å" * (limit + 12))
    expect(visible).to_have_text("Du har 12 tecken för mycket")
    expect(visible).to_have_class(re.compile(r"character-count__status--over"))
    expect(spoken).to_have_text("Du har 12 tecken för mycket")
    assert len(field.input_value()) == limit + 12  # nothing cut

    field.fill("å" * limit)
    expect(visible).to_have_text("Du har 0 tecken kvar")
    expect(visible).not_to_have_class(re.compile(r"--over"))
