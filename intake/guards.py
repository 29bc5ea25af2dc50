"""The intake's honeypot is the form kit's (core.forms; check.html shows it with {% honeypot %}). The intake's rate
limits are core.ratelimit's: every page POST of the wizard counts against the scope "intake-page" and the final
POST against "intake-submit", in intake/views.py."""

from core.forms import HONEYPOT_FIELD, honeypot_filled

__all__ = ["HONEYPOT_FIELD", "honeypot_filled"]
