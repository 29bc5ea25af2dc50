"""Signals of the supervision app, for other parts of Synpunkt to act on (sent after commit, ids only)."""

from django.dispatch import Signal

# A report was handed to the responsible municipality or provider (supervision.services.report_decide): the
# transport between installations sends it. Arguments: `hand_over_id` (supervision.models.HandOver).
report_handed_over = Signal()
