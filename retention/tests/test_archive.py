"""The archive export: a package unpacked, every checksum in its METS checked against the file, every file listed,
and every XML file parsed; the case's records and attachments are in its ERMS case file."""

import hashlib
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command

from audit.models import Event
from cases.models import Message
from retention.archive import ERMS_NS, METS_NS, XLINK_NS, package_case

from .conftest import old_case

pytestmark = pytest.mark.django_db


def _check_package(path) -> tuple[ET.Element, list[ET.Element]]:
    """Unpack; check every METS checksum and size; parse every XML file. The METS and the ERMS documents."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        (mets_name,) = [name for name in names if name.endswith("/METS.xml") and name.count("/") == 1]
        folder = mets_name.split("/")[0]
        mets = ET.fromstring(package.read(mets_name))
        assert mets.tag == f"{{{METS_NS}}}mets"
        assert mets.get("OBJID") == folder
        listed = set()
        for file in mets.iter(f"{{{METS_NS}}}file"):
            href = file.find(f"{{{METS_NS}}}FLocat").get(f"{{{XLINK_NS}}}href")
            data = package.read(f"{folder}/{href}")
            assert file.get("CHECKSUMTYPE") == "SHA-256"
            assert file.get("CHECKSUM") == hashlib.sha256(data).hexdigest(), href
            assert int(file.get("SIZE")) == len(data)
            listed.add(f"{folder}/{href}")
        assert listed == set(names) - {mets_name}  # every file is in the manifest, and nothing else
        erms = []
        for name in names:
            if name.endswith(".xml"):
                document = ET.fromstring(package.read(name))  # every XML file parses
                if document.tag == f"{{{ERMS_NS}}}erms":
                    erms.append(document)
    return mets, erms


def test_a_case_package_has_its_records_files_and_checksums(tree, tmp_path):
    case = old_case(tree, attachment=True, note=True)
    Message.objects.create(case=case, body="Vi har tagit emot ditt klagomål.", author=tree.contact_staff)
    path = package_case(case, out=tmp_path / "case.zip")
    _mets, (erms,) = _check_package(path)
    ns = {"e": ERMS_NS}
    assert erms.find("e:aggregations/e:aggregation/e:objectId", ns).text == case.reference_number
    records = erms.findall("e:aggregations/e:aggregation/e:records/e:record", ns)
    assert [r.find("e:runningNumber", ns).text for r in records] == [
        str(n) for n in range(1, len(records) + 1)
    ]
    descriptions = [r.findtext("e:description", "", ns) for r in records]
    assert case.what_happened in descriptions[0]
    assert "Samtal med enhetschefen." in descriptions
    assert "Vi har tagit emot ditt klagomål." in descriptions
    (appendix,) = erms.iter(f"{{{ERMS_NS}}}appendix")
    assert appendix.findtext(f"{{{ERMS_NS}}}link").startswith("files/001-brev.pdf")
    assert Event.objects.filter(action="archive_exported", case_id=case.pk).exists()


def test_a_period_package_holds_every_case_of_the_period(tree, tmp_path):
    first, second = old_case(tree, attachment=True), old_case(tree)
    call_command(
        "archive_export",
        tree.organisation.slug,
        "--out",
        str(tmp_path),
        "--from",
        "2018-01-01",
        "--to",
        "2018-12-31",
    )
    (path,) = tmp_path.glob("*.zip")
    _mets, erms = _check_package(path)
    references = {d.findtext(f".//{{{ERMS_NS}}}aggregation/{{{ERMS_NS}}}objectId") for d in erms}
    assert references == {first.reference_number, second.reference_number}


def test_a_bad_export_says_what_is_wrong(tree, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No case"):
        call_command("archive_export", tree.organisation.slug, "--out", str(tmp_path), "--case", "SN 1900/1")
    with pytest.raises(CommandError, match="period"):
        call_command("archive_export", tree.organisation.slug, "--out", str(tmp_path))
