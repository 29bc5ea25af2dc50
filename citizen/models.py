"""Links that let an identified sender open their case page from an e-mail, without a code (domain.md §3)."""

from django.db import models


class CaseLink(models.Model):
    """One mailed link. Only a digest of its random token is kept, so a copy of the database opens no case.

    The token says nothing by itself (no case id, no personal data); the row says which case it opens and until
    when. The link is also signed with a timestamp (citizen/services.py), so a tampered or old link is refused
    before the database is asked.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"link {self.pk}"


class CaseIdentity(models.Model):
    """The identified person a case is tied to, from a BankID log-in (docs/decisions/0037).

    Not the personnummer: `person_key` is a keyed digest of it (bankid/identity.py), which finds every case of the
    person for "Mina ärenden" and nothing else; `masked` is the date of birth and four stars, what staff see.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="identity")
    person_key = models.CharField(max_length=64, db_index=True)
    masked = models.CharField(max_length=13)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"identity of case {self.case_id}"
