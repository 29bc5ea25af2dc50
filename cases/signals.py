"""What the case services tell the apps above them, so that such an app keeps its own rows in step with a change
without cases importing it (supervision/signals.py does the same the other way).

Both are sent inside the changing transaction, with `case`: just before a case's categories change and just
after (cases.services.categories.case_categorise). The planning view's summary of the supervisory authority
(supervision.signal_summary) takes a report out before and counts it again after, so that it counts what the
report concerns however it was changed: at the triage, or on the case page.
"""

from django.dispatch import Signal

categories_changing = Signal()
categories_changed = Signal()
