"""Helpers to check a PDF as a reader would: its text, its form fields, its tags, and a picture of page 1."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


def is_tagged(pdf: bytes) -> bool:
    root = read(pdf).trailer["/Root"]
    return "/StructTreeRoot" in root and "/MarkInfo" in root and bool(root["/MarkInfo"].get("/Marked"))


def render_first_page(pdf: bytes, name: str) -> Path:
    """Render page 1 to PNG under test-artifacts/ with poppler's pdftoppm, and return the PNG's path."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm and not os.environ.get("CI"):
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed; .ci/run installs it")
    assert pdftoppm, "pdftoppm (poppler-utils) is needed to render PDFs"
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(ARTIFACTS / name),
        ],
        check=True,
        timeout=60,
    )
    png = ARTIFACTS / f"{name}.png"
    assert png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return png
