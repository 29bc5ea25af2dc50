"""Counters of the rate limits on the public doors (core/ratelimit.py)."""

from django.db import models


class RateCounter(models.Model):
    """Requests counted in one fixed window for one scope and one client address or key.

    `key` is a digest of the scope, the kind (address or key), what is counted and the window, so that neither an
    address nor a receipt code is stored. Each request adds one with a single UPSERT; the sweep deletes rows whose
    window has ended.
    """

    key = models.CharField(max_length=64, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.hits}"
