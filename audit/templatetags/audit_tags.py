from django import template
from django.utils.translation import gettext_lazy as _

from audit.services import Action

register = template.Library()

ACTION_LABELS = {
    Action.REGISTERED: _("Registered the case"),
    Action.VIEWED: _("Read the case"),
    Action.ATTACHMENT_DOWNLOADED: _("Opened an attachment"),
    Action.ASSIGNED: _("Assigned the case"),
    Action.CITIZEN_VIEWED: _("The citizen read the case"),
    Action.SIGNED_IN: _("Logged in"),
    Action.SECOND_FACTOR_ENROLLED: _("Connected an authenticator app"),
    Action.LOGGED_OUT_EVERYWHERE: _("Logged out everywhere"),
    Action.LOG_REVIEWED: _("Reviewed the log"),
    Action.CASE_RELATED: _("Linked a related case"),
    Action.CASE_UNRELATED: _("Removed the link to a related case"),
}


def _labels() -> dict:
    # Handling and the deadline sweep name their own codes (cases/handling.py AUDIT_LABELS).
    try:
        from cases.handling import AUDIT_LABELS
    except ImportError:
        AUDIT_LABELS = {}
    return {**AUDIT_LABELS, **ACTION_LABELS}


@register.filter
def action_label(code: str) -> str:
    return str(_labels().get(code, code))
