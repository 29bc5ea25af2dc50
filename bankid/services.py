"""BankID as the rest of Synpunkt uses it: whether it is offered, a client for the configured service, and the
record that an order has been used."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from bankid.models import UsedOrder

if TYPE_CHECKING:
    from bankid.client import BankIDClient


def bankid_enabled() -> bool:
    return bool(settings.BANKID_URL)


def bankid_client() -> BankIDClient:
    # Loaded here, at the first sign-in, not with the intake's pages: httpx with its command-line extras weighs
    # about 20 MiB in every worker (issue 16 §2: a worker's peak memory at most 100 MiB).
    from bankid.client import BankIDClient

    return BankIDClient(
        base_url=settings.BANKID_URL,
        cert=Path(settings.BANKID_CERT),
        key=Path(settings.BANKID_KEY),
        ca=Path(settings.BANKID_CA),
    )


def order_use(*, order_ref: str) -> bool:
    """Record that a completed order logged somebody in. False if it had been used already (a replay)."""
    digest = hashlib.sha256(order_ref.encode()).hexdigest()
    try:
        with transaction.atomic():
            UsedOrder.objects.create(order_ref_digest=digest)
    except IntegrityError:
        return False
    return True


def used_orders_prune(*, days: int = 30) -> int:
    """Forget used orders after a month: BankID has long since forgotten them too. Returns how many."""
    deleted, _ = UsedOrder.objects.filter(used_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
