"""The upload virus scan against a real clamd, with a signature database this test writes itself."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import virusscan

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
MARKER = b"SYNPUNKT-TEST-MALWARE-7f3a9c1e5b"


def clamd_required() -> bool:
    return any(
        os.environ.get(flag, "").lower() in {"1", "true", "yes"} for flag in ("CI", "SYNPUNKT_BROWSER_TESTS")
    )


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory):
    if not os.path.exists(CLAMD):
        if clamd_required():
            pytest.fail(
                "clamd is not installed, and CI needs the virus-scan test (apt-get install clamav-daemon)"
            )
        pytest.skip("clamd is not installed")
    workdir = tmp_path_factory.mktemp("clamd")
    database = workdir / "db"
    database.mkdir()
    # An extended (.ndb) signature: any file containing MARKER, at any offset.
    (database / "synpunkt-test.ndb").write_text(f"Synpunkt.Test.Marker:0:*:{MARKER.hex()}\n")
    sock = workdir / "clamd.sock"
    config = workdir / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                "Foreground yes",
                f"LocalSocket {sock}",
                f"DatabaseDirectory {database}",
                f"TemporaryDirectory {workdir}",
                f"LogFile {workdir / 'clamd.log'}",
                f"PidFile {workdir / 'clamd.pid'}",
                "LogVerbose no",
                "StreamMaxLength 20M",
            ]
        )
        + "\n"
    )
    process = subprocess.Popen(
        [CLAMD, "--config-file", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while not sock.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.stdout.read().decode() if process.stdout else ""
            log = (workdir / "clamd.log").read_text() if (workdir / "clamd.log").exists() else ""
            pytest.fail(f"clamd did not start:\n{output}\n{log}")
        time.sleep(0.1)
    yield str(sock)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_clamd_answers_ok_for_a_clean_file_and_found_for_the_marker(clamd_socket):
    assert virusscan.instream(clamd_socket, [b"%PDF-1.4 nothing to see"]) == "stream: OK"
    answer = virusscan.instream(clamd_socket, [b"abc" * 100_000, b"x" + MARKER + b"y"])
    assert answer.endswith("FOUND") and "Synpunkt.Test.Marker" in answer


def test_it_lets_a_clean_upload_through(clamd_socket, settings):
    settings.CLAMD_SOCKET = clamd_socket
    upload = SimpleUploadedFile("brev.pdf", b"%PDF-1.4 clean" + b"\0" * 200_000)
    virusscan.scan(upload)
    assert upload.tell() == 0  # rewound for whoever stores it


def test_it_refuses_an_infected_upload_with_a_message(clamd_socket, settings):
    settings.CLAMD_SOCKET = clamd_socket
    upload = SimpleUploadedFile("bild.png", b"\x89PNG\r\n" + MARKER)
    with pytest.raises(ValidationError) as raised:
        virusscan.scan(upload)
    assert raised.value.code == "infected"
    assert "bild.png" in raised.value.messages[0]


def test_it_refuses_uploads_when_clamd_is_configured_but_unreachable(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-such.sock")
    with pytest.raises(ValidationError) as raised:
        virusscan.scan(SimpleUploadedFile("brev.pdf", b"%PDF-1.4"))
    assert raised.value.code == "scan_unavailable"
    settings.CLAMD_SOCKET = "tcp://127.0.0.1:1"
    with pytest.raises(ValidationError):
        virusscan.scan(SimpleUploadedFile("brev.pdf", b"%PDF-1.4"))


def test_it_does_nothing_when_no_clamd_is_configured(settings):
    settings.CLAMD_SOCKET = ""
    virusscan.scan(SimpleUploadedFile("brev.pdf", MARKER))


@pytest.mark.django_db
def test_the_upload_validation_runs_the_scan(clamd_socket, settings):
    from cases.uploads import validate_upload

    settings.CLAMD_SOCKET = clamd_socket
    pdf = Path(__file__).resolve()  # any text: use a minimal PDF with the marker in it
    del pdf
    upload = SimpleUploadedFile(
        "brev.pdf", b"%PDF-1.4\n%" + MARKER + b"\n%%EOF\n", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as raised:
        validate_upload(upload)
    assert raised.value.code == "infected"
