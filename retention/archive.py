"""The archive export: the records that are kept, as information packages for the e-archive (domain.md §8).

Riksarkivet's FGS Paketstruktur 2.0 is E-ARK CSIP 2.1.0 with E-ARK SIP 2.1.0, and FGS Ärendehantering 2.0 is
CITS ERMS (Riksarkivet's application of it); docs/decisions/0040 says how far this follows them, worked from their
public descriptions without the schemas at hand. A package is a zip holding one folder named after the package's
id:

    <id>/METS.xml                                     the package's METS, every file with its SHA-256
    <id>/representations/rep1/data/<case>/erms.xml    a case as an ERMS case file (aggregation "caseFile")
    <id>/representations/rep1/data/<case>/files/...   its attachments, as received

One package per case (`package_case`) or per period (`package_cases` with the cases received in it). The files are
read through the storage; the XML is written with xml.etree (lxml is not a dependency) and is UTF-8.
"""

import hashlib
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.services import Entry, audit_record_many
from cases.models import Case

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP_NS = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
ERMS_NS = "https://DILCIS.eu/XML/ERMS"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
CONTENT_TYPE = "FGS Ärendehantering 2.0 (CITS ERMS)"
SOFTWARE = "Synpunkt"
# Package and case-file ids are derived from the case, so that exporting a case again gives it the same id.
ID_NAMESPACE = uuid.UUID("6f0b7c56-6a0e-4a8e-9a53-3b1f4c1e2d10")

ET.register_namespace("mets", METS_NS)
ET.register_namespace("xlink", XLINK_NS)
ET.register_namespace("csip", CSIP_NS)
ET.register_namespace("sip", SIP_NS)
ET.register_namespace("", ERMS_NS)


def _m(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _e(tag: str) -> str:
    return f"{{{ERMS_NS}}}{tag}"


def _time(moment: datetime | None) -> str:
    return timezone.localtime(moment).replace(microsecond=0, tzinfo=None).isoformat() if moment else ""


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "fil"


def case_file_id(case: Case) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"case:{case.reference_number}"))


@dataclass
class PackedFile:
    path: str  # inside the package folder
    data: bytes
    mimetype: str
    created: datetime | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _e(tag), {key: value for key, value in attributes.items() if value})
    if text:
        element.text = text
    return element


def _record(
    records: ET.Element,
    case: Case,
    number: int,
    *,
    title: str,
    direction: str,
    created: datetime | None,
    description: str,
    agent: tuple[str, str] | None = None,
) -> ET.Element:
    record = _sub(
        records,
        "record",
        systemIdentifier=str(uuid.uuid5(ID_NAMESPACE, f"record:{case.reference_number}:{number}")),
        recordType="ärendedokument",
        recordPhysicalOrDigital="digital",
    )
    _sub(record, "objectId", f"{case.reference_number}:{number}")
    _sub(record, "title", title)
    _sub(record, "status", value="closed")
    _sub(record, "runningNumber", str(number))
    if direction == "internal":
        _sub(record, "direction", directionDefinition="other", otherDirectionDefinition="internal")
    else:
        _sub(record, "direction", directionDefinition=direction)
    if agent:
        agents = _sub(record, "agents")
        _sub(_sub(agents, "agent", agentType=agent[0]), "name", agent[1])
    if description:
        _sub(record, "description", description)
    dates = _sub(record, "dates")
    _sub(dates, "date", _time(created), dateType="created")
    _sub(dates, "date", _time(created), dateType="originated")
    return record


def erms_document(case: Case, attachment_paths: dict[int, str]) -> bytes:
    """The case as an ERMS case file: the submission, every message, note and action as records in order, the
    attachments as appendices pointing at their files in the package."""
    organisation = case.organisation
    root = ET.Element(_e("erms"))
    control = _sub(root, "control")
    _sub(control, "identification", organisation.name, identificationType="arkivbildare")
    _sub(control, "identification", case.reference_number, identificationType="ärendenummer")
    maintenance = _sub(control, "maintenanceInformation")
    _sub(maintenance, "maintenanceStatus", value="new")
    agency = _sub(maintenance, "maintenanceAgency")
    _sub(agency, "agencyCode", organisation.slug, type="local")
    _sub(agency, "agencyName", organisation.name)
    event = _sub(_sub(maintenance, "maintenanceHistory"), "maintenanceEvent")
    _sub(event, "eventType", value="created")
    _sub(event, "eventDateTime", _time(timezone.now()))
    _sub(_sub(event, "agent", agentType="deliverer"), "name", SOFTWARE)

    aggregation = _sub(
        _sub(root, "aggregations"),
        "aggregation",
        systemIdentifier=case_file_id(case),
        aggregationType="caseFile",
    )
    _sub(aggregation, "objectId", case.reference_number)
    _sub(aggregation, "extraId", str(case.pk), extraIdType="deliveringSystemId")
    _sub(aggregation, "title", case.subject or case.get_kind_display())
    _sub(aggregation, "classification", case.get_kind_display(), classificationCode=case.kind)
    _sub(aggregation, "status", value="closed" if case.state == "closed" else "obliterated")
    dates = _sub(aggregation, "dates")
    _sub(dates, "date", _time(case.registered_at), dateType="created")
    _sub(dates, "date", _time(case.received_at), dateType="received")
    if case.closed_at:
        _sub(dates, "date", _time(case.closed_at), dateType="closed")
    if case.unit_id:
        _sub(aggregation, "description", str(case.unit))

    records = _sub(aggregation, "records")
    sender = "" if case.is_anonymous else case.contact_name
    submission = "\n\n".join(text for text in (case.what_happened, case.desired_outcome) if text)
    entries: list[tuple[datetime, str, str, str, tuple[str, str] | None, list[int]]] = []
    first_attachments = [a.pk for a in case.attachments.all() if a.message_id is None]
    entries.append(
        (
            case.received_at,
            case.get_kind_display(),
            "incoming",
            submission,
            ("sender", sender) if sender else None,
            first_attachments,
        )
    )
    for message in case.messages.all():
        entries.append(
            (
                message.created_at,
                message.get_kind_display(),
                "incoming" if message.from_citizen else "outgoing",
                message.body,
                None,
                [a.pk for a in message.attachments.all()],
            )
        )
    for note in case.notes.all():
        entries.append((note.created_at, "Anteckning", "internal", note.body, None, []))
    for action in case.actions.all():
        text = action.description + (f"\n\nUppföljning: {action.effect}" if action.effect else "")
        entries.append((action.created_at, "Åtgärd", "internal", text, None, []))
    entries.sort(key=lambda entry: entry[0])
    for number, (created, title, direction, description, agent, attachment_ids) in enumerate(
        entries, start=1
    ):
        record = _record(
            records,
            case,
            number,
            title=title,
            direction=direction,
            created=created,
            description=description,
            agent=agent,
        )
        for attachment_id in attachment_ids:
            appendix = _sub(record, "appendix")
            _sub(appendix, "name", Path(attachment_paths[attachment_id]).name)
            _sub(appendix, "link", attachment_paths[attachment_id])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _case_files(case: Case, folder: str) -> list[PackedFile]:
    attachments = list(case.attachments.all())
    paths: dict[int, str] = {}
    files: list[PackedFile] = []
    for index, attachment in enumerate(attachments, start=1):
        relative = f"files/{index:03d}-{safe_name(attachment.original_name)}"
        paths[attachment.pk] = relative
        with default_storage.open(str(attachment.file.name), "rb") as handle:
            data = handle.read()
        files.append(PackedFile(f"{folder}/{relative}", data, attachment.content_type, attachment.created_at))
    files.insert(
        0, PackedFile(f"{folder}/erms.xml", erms_document(case, paths), "application/xml", timezone.now())
    )
    return files


def mets_document(package_id: str, label: str, organisation_name: str, files: list[PackedFile]) -> bytes:
    """The package's METS (E-ARK CSIP/SIP): who made it, and every file with its size and SHA-256."""
    now = _time(timezone.now())
    mets = ET.Element(
        _m("mets"),
        {
            "OBJID": package_id,
            "LABEL": label,
            "TYPE": "Other",
            f"{{{CSIP_NS}}}OTHERTYPE": "Klagomål och synpunkter",
            f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE": "OTHER",
            f"{{{CSIP_NS}}}OTHERCONTENTINFORMATIONTYPE": CONTENT_TYPE,
            "PROFILE": SIP_PROFILE,
        },
    )
    header = ET.SubElement(
        mets,
        _m("metsHdr"),
        {"CREATEDATE": now, "RECORDSTATUS": "NEW", f"{{{CSIP_NS}}}OAISPACKAGETYPE": "SIP"},
    )
    creator = ET.SubElement(
        header, _m("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"}
    )
    ET.SubElement(creator, _m("name")).text = SOFTWARE
    archivist = ET.SubElement(header, _m("agent"), {"ROLE": "ARCHIVIST", "TYPE": "ORGANIZATION"})
    ET.SubElement(archivist, _m("name")).text = organisation_name
    group = ET.SubElement(
        ET.SubElement(mets, _m("fileSec"), {"ID": "fileSec-1"}),
        _m("fileGrp"),
        {"ID": "fileGrp-rep1", "USE": "Representations/rep1/Data"},
    )
    struct = ET.SubElement(mets, _m("structMap"), {"ID": "structMap-1", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    top = ET.SubElement(struct, _m("div"), {"ID": "div-1", "LABEL": package_id})
    rep = ET.SubElement(top, _m("div"), {"ID": "div-rep1", "LABEL": "Representations/rep1"})
    for index, packed in enumerate(files, start=1):
        file_id = f"file-{index:05d}"
        element = ET.SubElement(
            group,
            _m("file"),
            {
                "ID": file_id,
                "MIMETYPE": packed.mimetype,
                "SIZE": str(len(packed.data)),
                "CREATED": _time(packed.created),
                "CHECKSUM": packed.sha256,
                "CHECKSUMTYPE": "SHA-256",
            },
        )
        ET.SubElement(
            element,
            _m("FLocat"),
            {"LOCTYPE": "URL", f"{{{XLINK_NS}}}type": "simple", f"{{{XLINK_NS}}}href": packed.path},
        )
        ET.SubElement(rep, _m("fptr"), {"FILEID": file_id})
    ET.indent(mets)
    return ET.tostring(mets, encoding="utf-8", xml_declaration=True)


def package_cases(cases: Iterable[Case], *, label: str, out: Path, acting_user: User | None = None) -> Path:
    """Write one package of these cases to the zip `out` and record each case's export in the audit trail."""
    cases = list(cases)
    if not cases:
        raise ValueError("A package needs at least one case.")
    organisation = cases[0].organisation
    package_id = str(uuid.uuid5(ID_NAMESPACE, "package:" + ",".join(case.reference_number for case in cases)))
    files: list[PackedFile] = []
    for case in cases:
        files += _case_files(case, f"representations/rep1/data/{safe_name(case.reference_number)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr(f"{package_id}/METS.xml", mets_document(package_id, label, organisation.name, files))
        for packed in files:
            package.writestr(f"{package_id}/{packed.path}", packed.data)
    audit_record_many(
        [
            Entry(
                action=AuditAction.ARCHIVE_EXPORTED,
                case_id=case.pk,
                actor=acting_user,
                data={"package": package_id},
            )
            for case in cases
        ]
    )
    return out


def package_case(case: Case, *, out: Path, acting_user: User | None = None) -> Path:
    return package_cases([case], label=case.reference_number, out=out, acting_user=acting_user)
