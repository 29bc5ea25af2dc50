"""The vocabulary of the audit trail: every code any part of Synpunkt writes, with what it means in words.

The codes are stored in the hash chain (audit/chain.py): never change one, only add. The labels are how the log
review and the case page's history name them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    # A case: registered and given to someone (cases.services.registration).
    REGISTERED = "registered", _("Registered the case")
    ASSIGNED = "assigned", _("Assigned the case")
    # Reads (READ_ACTIONS below).
    VIEWED = "viewed", _("Read the case")
    ATTACHMENT_DOWNLOADED = "attachment_downloaded", _("Opened an attachment")
    CITIZEN_VIEWED = "citizen_viewed", _("The citizen read the case")
    # Never what was searched for: a query may hold a name or other personal data.
    SEARCHED = "searched", _("Searched the cases")
    # Handling (cases.services.handling and cases.services.ladder).
    INFORMED = "informed", _("Informed the sender of what will happen")
    NOTE_ADDED = "note_added", _("Added an internal note")
    ACTION_ADDED = "action_added", _("Added an action")
    ACTION_FOLLOWED_UP = "action_followed_up", _("Followed up an action")
    MESSAGE_ADDED = "message_added", _("Added a message")
    CLOSED = "closed", _("Closed the case")
    REASSIGNED = "reassigned", _("Gave the case to someone else")
    MOVED = "moved", _("Moved the case to another unit")
    FLAGGED = "flagged_serious_deficiency", _("Flagged a possible serious deficiency")
    ESCALATED = "escalated", _("Moved the case to the next step")
    WITHDRAWN = "withdrawn", _("Withdrew the case")
    # What the case concerns and the cause found (cases.services.categories).
    CATEGORISED = "categorised", _("Set what the case concerns and the cause found")
    # The deadline sweep (cases.deadlines).
    DEADLINE_REMINDED_BEFORE = "deadline_reminded_before", _("Reminded the holder before the date to inform")
    DEADLINE_REMINDED_DUE = "deadline_reminded_due", _("Reminded the holder on the date to inform")
    DEADLINE_OVERDUE_REPORTED = (
        "deadline_overdue_reported",
        _("Reported the overdue case to the holder's manager"),
    )
    DEADLINE_REMINDED_ACKNOWLEDGE = (
        "deadline_reminded_acknowledge",
        _("Reminded the holder to confirm receipt to the sender"),
    )
    # Protected personal details (protection/): marking a case, and every showing of the details to a role the
    # organisation names (READ_ACTIONS).
    PROTECTED_IDENTITY_MARKED = "protected_identity_marked", _("Marked protected personal details")
    PROTECTED_IDENTITY_VIEWED = "protected_identity_viewed", _("Saw protected personal details")
    # Related cases (cases.relations): recorded on both cases.
    CASE_RELATED = "case_related", _("Linked a related case")
    CASE_UNRELATED = "case_unrelated", _("Removed the link to a related case")
    # Accounts and the log itself.
    SIGNED_IN = "signed_in", _("Logged in")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Connected an authenticator app")
    LOGGED_OUT_EVERYWHERE = "logged_out_everywhere", _("Logged out everywhere")
    LOG_REVIEWED = "log_reviewed", _("Reviewed the log")
    # Single sign-on with the organisation's identity provider (sso.services): who, which provider, and whether
    # the provider vouched for the second factor; a refusal names the provider's subject and a reason code.
    SSO_SIGNED_IN = "sso_signed_in", _("Logged in with the organisation's account")
    SSO_REFUSED = "sso_refused", _("Was refused log-in with the organisation's account")
    SSO_IDENTITY_UNLINKED = (
        "sso_identity_unlinked",
        _("Untied a staff account from its identity at the provider"),
    )
    # The organisation: its tree, roles and ladder, which decide who may see which cases (organisations.services).
    ORGANISATION_CREATED = "organisation_created", _("Created an organisation")
    ORGANISATION_CHANGED = "organisation_changed", _("Changed an organisation's settings")
    NODE_CREATED = "node_created", _("Added a part of the organisation")
    NODE_RENAMED = "node_renamed", _("Renamed a part of the organisation")
    NODE_MOVED = "node_moved", _("Moved a part of the organisation")
    NODE_KIND_CHANGED = "node_kind_changed", _("Changed the kind of a part of the organisation")
    NODE_DEACTIVATED = "node_deactivated", _("Took a part of the organisation out of use")
    NODE_REACTIVATED = "node_reactivated", _("Put a part of the organisation back in use")
    ROLE_GRANTED = "role_granted", _("Gave a role")
    ROLE_REVOKED = "role_revoked", _("Took away a role")
    LADDER_CHANGED = "ladder_changed", _("Changed the escalation ladder")
    # Absence and leaving (organisations.absence, cases.services.handover).
    ABSENCE_SET = "absence_set", _("Recorded an absence and a deputy")
    ABSENCE_ENDED = "absence_ended", _("Ended an absence")
    CASE_HANDED_OVER = "case_handed_over", _("Moved the case from someone leaving or away")
    CASES_HANDED_OVER = "cases_handed_over", _("Moved all of a person's cases to others")
    CATEGORY_CREATED = "category_created", _("Added a category")
    CATEGORY_CHANGED = "category_changed", _("Changed a category")
    # The quality work's statistics taken out of the system (quality.services): what, as what, under which filter
    # and how many rows. Looking at the figures on the page is not recorded: they are counts, not case data.
    STATISTICS_EXPORTED = "statistics_exported", _("Exported a table of statistics")
    CASES_EXPORTED = "cases_exported", _("Exported cases without personal data")
    # The annual quality report (quality.report_services): each reading of it, on the page or as a PDF, and each
    # save of its texts (which sections changed, never what they say). The patterns across units list the cases
    # behind each rise: each look at them is recorded with how many were listed.
    QUALITY_REPORT_VIEWED = "quality_report_viewed", _("Read the quality report")
    QUALITY_REPORT_SAVED = "quality_report_saved", _("Saved the quality report's texts")
    PATTERNS_VIEWED = "patterns_viewed", _("Looked at the patterns across units")
    # Staff accounts, their passwords and second factors, changed by an administrator (accounts.services).
    STAFF_ACCOUNT_CREATED = "staff_account_created", _("Created a staff account")
    STAFF_ACCOUNT_CHANGED = "staff_account_changed", _("Changed a staff member's details")
    STAFF_PRIVILEGES_CHANGED = "staff_privileges_changed", _("Changed a staff member's access to the admin")
    STAFF_ACCOUNT_DEACTIVATED = "staff_account_deactivated", _("Turned off a staff account")
    STAFF_ACCOUNT_REACTIVATED = "staff_account_reactivated", _("Turned a staff account back on")
    PASSWORD_SET = "password_set", _("Set a staff member's password")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Reset a staff member's second factor")
    # Lex Sarah records (lexsarah.services), apart from cases: their events never carry a case id, so that no case
    # page or case log shows that a record exists; `data` names the record (`lex_sarah`) and any linked case.
    LEX_SARAH_REPORTED = "lex_sarah_reported", _("Reported a serious deficiency (Lex Sarah)")
    LEX_SARAH_VIEWED = "lex_sarah_viewed", _("Read a Lex Sarah record")
    LEX_SARAH_CASE_LINKED = "lex_sarah_case_linked", _("Linked a Lex Sarah record to a case")
    LEX_SARAH_INVESTIGATION_STARTED = (
        "lex_sarah_investigation_started",
        _("Started the Lex Sarah investigation"),
    )
    LEX_SARAH_INVESTIGATION_RECORDED = (
        "lex_sarah_investigation_recorded",
        _("Recorded the Lex Sarah investigation"),
    )
    LEX_SARAH_ASSESSED = "lex_sarah_assessed", _("Assessed the Lex Sarah report")
    LEX_SARAH_REPORTED_TO_IVO = "lex_sarah_reported_to_ivo", _("Recorded the Lex Sarah report to IVO")
    LEX_SARAH_IVO_REFERENCE_RECORDED = "lex_sarah_ivo_reference", _("Recorded IVO's reference number")
    LEX_SARAH_CLOSED = "lex_sarah_closed", _("Closed the Lex Sarah record")
    LEX_SARAH_SETTINGS_CHANGED = "lex_sarah_settings_changed", _("Changed the Lex Sarah periods")
    # A supervisory authority (supervision/): its register of providers, its decisions on reports, and the
    # planning view's reads. A report is a case: its registration and reads are the case's own events above.
    PROVIDER_REGISTER_IMPORTED = "provider_register_imported", _("Imported the register of providers")
    REPORT_DECIDED = "report_decided", _("Decided how the report will be handled")
    SUPERVISION_OPENED = "supervision_opened", _("Opened supervision")
    REPORT_HANDED_OVER = (
        "report_handed_over",
        _("Handed the report to the responsible municipality or provider"),
    )
    HAND_OVER_SENT = "hand_over_sent", _("Sent the hand-over to its recipient")
    SIGNALS_VIEWED = "signals_viewed", _("Looked at the signals for planning supervision")
    REPORTS_LISTED = "reports_listed", _("Listed reports")
    # Requests for public documents (records.services): recorded on the case they are about; `data` names the
    # request and codes only (the part, the ground), never the text masked or the requester.
    DOCUMENT_REQUEST_REGISTERED = (
        "document_request_registered",
        _("Registered a request for a public document"),
    )
    DOCUMENT_REQUEST_PART_REVIEWED = (
        "document_request_part_reviewed",
        _("Reviewed a part of the case for a request"),
    )
    DOCUMENT_REQUEST_MASKED = "document_request_masked", _("Masked a passage for a request")
    DOCUMENT_REQUEST_UNMASKED = "document_request_unmasked", _("Removed a masking for a request")
    DOCUMENT_REQUEST_COPY_MADE = "document_request_copy_made", _("Made the redacted copy for a request")
    DOCUMENT_REQUEST_DECIDED = "document_request_decided", _("Decided a request for a public document")
    DOCUMENT_REQUEST_LETTER_MADE = "document_request_letter_made", _("Made the decision letter for a request")
    RECORDS_SETTINGS_CHANGED = "records_settings_changed", _("Changed the register and request settings")
    # Retention and the archive (retention.services): runs, their approval, each record deleted (by id, never its
    # content; the deletion record keeps the reference), legal holds, and what went to the archive.
    RETENTION_PREVIEWED = "retention_previewed", _("Previewed a retention run")
    RETENTION_APPROVED = "retention_approved", _("Approved a retention run")
    RETENTION_CANCELLED = "retention_cancelled", _("Cancelled a retention run")
    RETENTION_FINISHED = "retention_finished", _("Finished a retention run")
    RECORD_DELETED = "record_deleted", _("Deleted the record under the retention rules")
    LEGAL_HOLD_PLACED = "legal_hold_placed", _("Placed a legal hold")
    LEGAL_HOLD_LIFTED = "legal_hold_lifted", _("Lifted a legal hold")
    ARCHIVE_EXPORTED = "archive_exported", _("Exported the case to the archive")

    # The API and the exchange between installations (api.services, api.exchange) and webhooks (webhooks.services).
    # Every call with a token is recorded: which token, which operation, what it answered; never the body.
    API_CALLED = "api_called", _("Called the API with a token")
    API_REFUSED = "api_refused", _("Refused a call to the API")
    API_TOKEN_CREATED = "api_token_created", _("Created an API token")
    API_TOKEN_REVOKED = "api_token_revoked", _("Revoked an API token")
    PEER_ADDED = "peer_added", _("Connected another installation")
    PEER_REMOVED = "peer_removed", _("Disconnected another installation")
    EXCHANGE_QUEUED = "exchange_queued", _("Queued a message to another installation")
    EXCHANGE_SENT = "exchange_sent", _("Another installation received our message")
    EXCHANGE_RECEIVED = "exchange_received", _("Received a message from another installation")
    WEBHOOK_SUBSCRIBED = "webhook_subscribed", _("Subscribed an address to events")
    WEBHOOK_UNSUBSCRIBED = "webhook_unsubscribed", _("Stopped a webhook subscription")


# The actions that are reads of a case: the log review's default view, and what the case page's history leaves out.
READ_ACTIONS = [
    Action.VIEWED,
    Action.ATTACHMENT_DOWNLOADED,
    Action.CITIZEN_VIEWED,
    Action.LEX_SARAH_VIEWED,
    Action.PROTECTED_IDENTITY_VIEWED,
]


def action_label(code: str) -> str:
    """The code in words; a code this version does not know (from an older one, say) shows as itself."""
    return str(Action(code).label) if code in Action.values else code
