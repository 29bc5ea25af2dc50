"""The register of providers and units under supervision, imported from CSV (issue 19, item 2).

One row is one unit: its provider (by organisation number), the provider's kind, the unit's name, its kind of
service, its county and, optionally, its municipality. A row that cannot be taken is refused with its row number
(as a spreadsheet counts, the header being row 1), the column, and the reason in the reader's language; the other
rows are taken. Importing the same file again changes nothing: a provider is matched by organisation number, a unit
by its provider and name, and a changed name, kind or county is updated.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as NumberInvalid
from stdnum.se import orgnr

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from guide.ivo_regions import county_named
from organisations.models import Organisation
from supervision.models import Provider, ProviderKind, ServiceKind, SupervisedUnit
from supervision.signal_summary import signals_version_raise

# The columns, each by its Swedish or English heading (case and spaces ignored).
COLUMNS: dict[str, tuple[str, ...]] = {
    "organisation_number": ("organisationsnummer", "organisation number", "organisation_number", "orgnr"),
    "provider": ("huvudman", "anordnare", "provider"),
    "provider_kind": ("typ av huvudman", "typ", "provider kind", "provider_kind"),
    "unit": ("enhet", "unit"),
    "service_kind": ("verksamhet", "kind of service", "service kind", "service_kind"),
    "county": ("län", "lan", "county"),
    "municipality": ("kommun", "municipality"),
}
REQUIRED_COLUMNS = ["organisation_number", "provider", "provider_kind", "unit", "service_kind", "county"]
COLUMN_LABELS: dict[str, Promise] = {
    "organisation_number": _("organisation number"),
    "provider": _("provider"),
    "provider_kind": _("kind of provider"),
    "unit": _("unit"),
    "service_kind": _("kind of service"),
    "county": _("county"),
    "municipality": _("municipality"),
    "file": _("the file"),
}
PROVIDER_KINDS = {
    "kommunal": ProviderKind.MUNICIPAL,
    "kommun": ProviderKind.MUNICIPAL,
    "municipal": ProviderKind.MUNICIPAL,
    "privat": ProviderKind.PRIVATE,
    "enskild": ProviderKind.PRIVATE,
    "private": ProviderKind.PRIVATE,
}
SERVICE_KINDS = {
    "sol": ServiceKind.SOL,
    "socialtjänst": ServiceKind.SOL,
    "lss": ServiceKind.LSS,
    "personlig assistans": ServiceKind.PERSONAL_ASSISTANCE,
    "personal assistance": ServiceKind.PERSONAL_ASSISTANCE,
    "personal_assistance": ServiceKind.PERSONAL_ASSISTANCE,
    "pa": ServiceKind.PERSONAL_ASSISTANCE,
}
MAX_ROWS = 50_000


@dataclass(frozen=True)
class Refusal:
    row: int  # as a spreadsheet counts: the header is row 1; 0 for the whole file
    column: str  # a key of COLUMN_LABELS
    reason: Promise | str

    @property
    def column_label(self) -> str:
        return str(COLUMN_LABELS.get(self.column, self.column))


@dataclass
class ImportResult:
    providers_created: int = 0
    providers_updated: int = 0
    units_created: int = 0
    units_updated: int = 0
    rows_taken: int = 0
    refusals: list[Refusal] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    number: int
    organisation_number: str
    provider: str
    provider_kind: str
    unit: str
    service_kind: str
    county: str
    municipality: str


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = " ".join(heading.replace("\ufeff", "").strip().casefold().split())
        for key, names in COLUMNS.items():
            if name in names and key not in found:
                found[key] = index
    return found


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse(data: bytes) -> tuple[list[_Row], list[Refusal]]:
    """Read and check every row; nothing is written."""
    text = _decode(data)
    if text is None:
        return [], [Refusal(0, "file", _("The file is not text. Save it as CSV (UTF-8) and try again."))]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if text.count(";") > text.count(",") else ","  # type: ignore[misc]
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        return [], [Refusal(0, "file", _("The file is empty."))]
    columns = _header_map(header)
    missing = [key for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        return [], [
            Refusal(0, key, _("The column is missing. Name it in the first row of the file."))
            for key in missing
        ]
    rows: list[_Row] = []
    refusals: list[Refusal] = []
    seen_numbers: dict[str, str] = {}
    for number, values in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            refusals.append(
                Refusal(number, "file", _("The file has too many rows. Split it into smaller files."))
            )
            break
        if not any(value.strip() for value in values):
            continue

        def value(key: str, values: list[str] = values) -> str:
            index = columns.get(key)
            return values[index].strip() if index is not None and index < len(values) else ""

        row_refusals: list[Refusal] = []
        raw_number = value("organisation_number")
        try:
            organisation_number = orgnr.format(orgnr.validate(raw_number))
        except NumberInvalid:
            organisation_number = ""
            row_refusals.append(
                Refusal(
                    number,
                    "organisation_number",
                    _(
                        "“%(value)s” is not a valid organisation number (ten digits, NNNNNN-NNNN, with a correct "
                        "check digit)."
                    )
                    % {"value": raw_number[:20]},
                )
            )
        provider_name = value("provider")
        if not provider_name:
            row_refusals.append(Refusal(number, "provider", _("The provider's name is missing.")))
        provider_kind = PROVIDER_KINDS.get(value("provider_kind").casefold(), "")
        if not provider_kind:
            row_refusals.append(
                Refusal(
                    number,
                    "provider_kind",
                    _("“%(value)s” is not a kind of provider: write kommunal or privat.")
                    % {"value": value("provider_kind")[:40]},
                )
            )
        unit_name = value("unit")
        if not unit_name:
            row_refusals.append(Refusal(number, "unit", _("The unit's name is missing.")))
        service_kind = SERVICE_KINDS.get(value("service_kind").casefold(), "")
        if not service_kind:
            row_refusals.append(
                Refusal(
                    number,
                    "service_kind",
                    _("“%(value)s” is not a kind of service: write SoL, LSS or personlig assistans.")
                    % {"value": value("service_kind")[:40]},
                )
            )
        county = county_named(value("county"))
        if county is None:
            row_refusals.append(
                Refusal(
                    number,
                    "county",
                    _("“%(value)s” is not one of Sweden’s 21 counties; write it as in “Hallands län”.")
                    % {"value": value("county")[:60]},
                )
            )
        if organisation_number and provider_name:
            earlier = seen_numbers.setdefault(organisation_number, provider_name)
            if earlier != provider_name:
                row_refusals.append(
                    Refusal(
                        number,
                        "provider",
                        _("The organisation number is given above with another name (“%(name)s”).")
                        % {"name": earlier[:100]},
                    )
                )
        if len(provider_name) > 200 or len(unit_name) > 200:
            row_refusals.append(Refusal(number, "unit", _("A name is longer than 200 characters.")))
        if row_refusals:
            refusals.extend(row_refusals)
            continue
        rows.append(
            _Row(
                number=number,
                organisation_number=organisation_number,
                provider=provider_name,
                provider_kind=provider_kind,
                unit=unit_name,
                service_kind=service_kind,
                county=county or "",
                municipality=value("municipality")[:100],
            )
        )
    return rows, refusals


@transaction.atomic
def register_import(*, authority: Organisation, data: bytes, acting_user: User | None) -> ImportResult:
    """Take the rows of a CSV file into the authority's register (see the module's docstring), and report what was
    refused and why. Audited with the counts, never the rows."""
    rows, refusals = parse(data)
    result = ImportResult(refusals=refusals)
    providers = {p.organisation_number: p for p in Provider.objects.filter(authority=authority)}
    for row in rows:
        provider = providers.get(row.organisation_number)
        if provider is None:
            provider = Provider.objects.create(
                authority=authority,
                name=row.provider,
                organisation_number=row.organisation_number,
                kind=row.provider_kind,
            )
            providers[row.organisation_number] = provider
            result.providers_created += 1
        elif (provider.name, provider.kind, provider.is_active) != (row.provider, row.provider_kind, True):
            provider.name, provider.kind, provider.is_active = row.provider, row.provider_kind, True
            provider.save(update_fields=["name", "kind", "is_active"])
            result.providers_updated += 1
        unit, created = SupervisedUnit.objects.get_or_create(
            provider=provider,
            name=row.unit,
            defaults={
                "service_kind": row.service_kind,
                "county": row.county,
                "municipality": row.municipality,
            },
        )
        if created:
            result.units_created += 1
        elif (unit.service_kind, unit.county, unit.municipality, unit.is_active) != (
            row.service_kind,
            row.county,
            row.municipality,
            True,
        ):
            unit.service_kind, unit.county, unit.municipality, unit.is_active = (
                row.service_kind,
                row.county,
                row.municipality,
                True,
            )
            unit.save(update_fields=["service_kind", "county", "municipality", "is_active"])
            result.units_updated += 1
        result.rows_taken += 1
    # The planning view shows the register's names and kinds of service: its kept figures are drawn again.
    signals_version_raise([authority.pk])
    audit_record(
        action=Action.PROVIDER_REGISTER_IMPORTED,
        actor=acting_user,
        data={
            "organisation": authority.pk,
            "rows_taken": result.rows_taken,
            "rows_refused": len({refusal.row for refusal in refusals}),
            "providers_created": result.providers_created,
            "units_created": result.units_created,
        },
    )
    return result
