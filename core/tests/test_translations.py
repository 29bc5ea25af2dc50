"""Swedish first, English fully: every string the UI can show is in a catalogue, and translated.

The test copies the source tree, regenerates every Swedish catalogue from the code and templates with Django's own
`makemessages` (as a developer would), and fails on any message without a Swedish translation or marked fuzzy.
English is the source language of the msgids, so a complete Swedish catalogue means both languages are complete.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(
    ".venv",
    ".tools",
    "var",
    ".git",
    "node_modules",
    "vendor",
    "test-artifacts",
    "__pycache__",
    ".hypothesis",
    "*.mo",
)


def parse_po(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header; plural forms count as translated if all are."""
    entries: list[tuple[str, str, bool]] = []
    msgid = msgstr = None
    fuzzy = False
    current = None
    plural_strs: list[str] = []

    def flush():
        nonlocal msgid, msgstr, fuzzy, plural_strs
        if msgid:
            text = msgstr if not plural_strs else ("" if any(not s for s in plural_strs) else plural_strs[0])
            entries.append((msgid, text or "", fuzzy))
        msgid = msgstr = None
        fuzzy = False
        plural_strs = []

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            fuzzy = True
        elif line.startswith("#~"):
            continue
        elif line.startswith("msgid "):
            if msgid is not None:
                keep_fuzzy = fuzzy
                flush()
                fuzzy = keep_fuzzy
            msgid = _unquote(line[6:])
            current = "msgid"
        elif line.startswith("msgid_plural "):
            current = "plural"
        elif line.startswith("msgstr["):
            plural_strs.append(_unquote(line.split(" ", 1)[1]))
            current = "msgstr_plural"
        elif line.startswith("msgstr "):
            msgstr = _unquote(line[7:])
            current = "msgstr"
        elif line.startswith('"'):
            if current == "msgid":
                msgid = (msgid or "") + _unquote(line)
            elif current == "msgstr":
                msgstr = (msgstr or "") + _unquote(line)
            elif current == "msgstr_plural":
                plural_strs[-1] += _unquote(line)
        elif not line:
            flush()
            current = None
    flush()
    return entries


def _unquote(value: str) -> str:
    return value.strip()[1:-1]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_ui_string_has_a_swedish_translation(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(BASE_DIR, copy, ignore=IGNORED)
    (copy / "locale").mkdir(exist_ok=True)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "sv",
            "-e",
            "html,txt,py",
            "--no-obsolete",
            "--ignore=conftest.py",
            "--ignore=*/tests/*",
            "--ignore=bench/*",
            "--ignore=static/*",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "SYNPUNKT_ENV": "test",
            "SYNPUNKT_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        },
    )
    assert result.returncode == 0, result.stderr
    missing = []
    for po in sorted(copy.glob("**/locale/sv/LC_MESSAGES/django.po")):
        for msgid, msgstr, fuzzy in parse_po(po):
            if fuzzy or not msgstr:
                missing.append(f"{po.relative_to(copy)}: {msgid!r}{' (fuzzy)' if fuzzy else ''}")
    assert not missing, f"{len(missing)} UI string(s) without a Swedish translation:\n" + "\n".join(
        missing[:80]
    )
