from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.services import Action
from cases.handling import AUDIT_LABELS

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
}


def action_labels() -> dict[str, Promise]:
    """Every code of the audit trail that has a name, with its name: these, and handling's and the deadline
    sweep's own (cases/handling.py AUDIT_LABELS)."""
    return {**AUDIT_LABELS, **ACTION_LABELS}


@register.filter
def action_label(code: str) -> str:
    return str(action_labels().get(code, code))
