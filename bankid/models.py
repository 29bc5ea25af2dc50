"""What BankID log-ins leave behind: only which orders were used, so that none is used twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UsedOrder(models.Model):
    """A completed BankID order that logged somebody in. Only a digest of the orderRef is kept: a copied session
    or a replayed request for the same order is refused (bankid.services.order_use)."""

    order_ref_digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("used BankID order")
        verbose_name_plural = _("used BankID orders")

    def __str__(self) -> str:
        return f"order {self.pk}"
