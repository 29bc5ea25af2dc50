"""The statistics' summary table (issue 18.7; docs/decisions/0034): what the statistics page counts, kept per
organisation, node, month received and the filter's dimensions, so that a figure reads a few hundred narrow rows
instead of every case of the period. quality.summary fills it and reads it."""

from django.db import models

from organisations.models import Organisation

# Stands for "every value" in a dimension column: every fact is kept with kind, channel and sender "any", and the
# count of cases also under each of the three alone (quality.summary).
ANY = "*"


class CaseMonthly(models.Model):
    """How many times one fact holds for the cases of one organisation received at one node in one month, of one
    kind, channel and sender (ANY but for the count of cases by one of them). What a fact is and what `code`, `number`, `other` and `day` hold
    for it: quality.summary.Fact."""

    # No index of its own: both indexes below start with it.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)
    node_path = models.CharField(max_length=255)
    month = models.DateField()
    kind = models.CharField(max_length=20)
    channel = models.CharField(max_length=10)
    sender_role = models.CharField(max_length=40)
    fact = models.CharField(max_length=20)
    code = models.CharField(max_length=20, blank=True, default="")
    number = models.IntegerField(default=0)
    other = models.IntegerField(default=0)
    day = models.DateField(null=True, blank=True)
    count = models.IntegerField()

    class Meta:
        indexes = [
            # Every figure: one organisation, one combination of the filter's dimensions, one fact, the period;
            # with the rest of the row, so that PostgreSQL answers from the index alone (rows written a node's
            # month at a time lie scattered over the table: one page read per row otherwise).
            models.Index(
                fields=["organisation", "kind", "channel", "sender_role", "fact", "month"],
                include=["node_path", "code", "number", "other", "day", "count"],
                name="casemonthly_figure",
            ),
            # The refresh of one node's month when a case changes.
            models.Index(fields=["organisation", "node_path", "month"], name="casemonthly_bucket"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.node_path} {self.month:%Y-%m} {self.fact}: {self.count}"
