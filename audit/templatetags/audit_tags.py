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
    Action.ORGANISATION_CREATED: _("Created an organisation"),
    Action.ORGANISATION_CHANGED: _("Changed an organisation's settings"),
    Action.NODE_CREATED: _("Added a part of the organisation"),
    Action.NODE_RENAMED: _("Renamed a part of the organisation"),
    Action.NODE_MOVED: _("Moved a part of the organisation"),
    Action.NODE_KIND_CHANGED: _("Changed the kind of a part of the organisation"),
    Action.NODE_DEACTIVATED: _("Took a part of the organisation out of use"),
    Action.NODE_REACTIVATED: _("Put a part of the organisation back in use"),
    Action.ROLE_GRANTED: _("Gave a role"),
    Action.ROLE_REVOKED: _("Took away a role"),
    Action.LADDER_CHANGED: _("Changed the escalation ladder"),
    Action.STAFF_ACCOUNT_CREATED: _("Created a staff account"),
    Action.STAFF_ACCOUNT_CHANGED: _("Changed a staff member's details"),
    Action.STAFF_PRIVILEGES_CHANGED: _("Changed a staff member's access to the admin"),
    Action.STAFF_ACCOUNT_DEACTIVATED: _("Turned off a staff account"),
    Action.STAFF_ACCOUNT_REACTIVATED: _("Turned a staff account back on"),
    Action.PASSWORD_SET: _("Set a staff member's password"),
    Action.SECOND_FACTOR_RESET: _("Reset a staff member's second factor"),
    Action.CASE_RELATED: _("Linked a related case"),
    Action.CASE_UNRELATED: _("Removed the link to a related case"),
}


def action_labels() -> dict[str, Promise]:
    """Every code of the audit trail that has a name, with its name: these, and handling's and the deadline
    sweep's own (cases/handling.py AUDIT_LABELS)."""
    return {**AUDIT_LABELS, **ACTION_LABELS}


@register.filter
def action_label(code: str) -> str:
    return str(action_labels().get(code, code))
