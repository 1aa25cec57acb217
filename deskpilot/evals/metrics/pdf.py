"""PDF metrics on pypdf (text) and pdftoppm (page images, poppler-utils).

Semantics follow OSWorld's metrics/chrome.py (compare_pdfs, compare_pdf_images) and pdf.py
(check_pdf_pages) in xlang-ai/OSWorld (read in the karakuri-ai/OSWorld-JP mirror); OSWorld uses PyMuPDF,
we use pypdf, so extracted text can differ in whitespace; our own code.
"""

from __future__ import annotations

import io
import operator
import subprocess
import tempfile
from pathlib import Path

from rapidfuzz import fuzz


def pdf_text(source) -> str:
    """The text of every page (a path or the PDF's bytes), stripped; "" for a broken file."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else str(source))
        return "".join(page.extract_text() or "" for page in reader.pages).strip()
    except (OSError, PdfReadError, ValueError):
        return ""


def compare_pdfs(result, expected) -> float:
    """Mean rapidfuzz ratio of the PDFs' texts, pair by pair (lists or single paths)."""
    results = result if isinstance(result, list) else [result]
    expecteds = expected if isinstance(expected, list) else [expected]
    if not expecteds:
        return 0.0
    score = 0.0
    for got, want in zip(results, expecteds, strict=False):
        if got and want and Path(got).is_file() and Path(want).is_file():
            score += fuzz.ratio(pdf_text(got), pdf_text(want)) / 100.0
    return score / len(expecteds)


def _page_images(path) -> list[bytes] | None:
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="deskpilot-pdf-") as tmp:
        proc = subprocess.run(
            ["pdftoppm", "-r", "72", "-png", str(path), f"{tmp}/page"], capture_output=True, timeout=120
        )
        if proc.returncode != 0:
            return None
        return [Image.open(p).convert("RGB").tobytes() for p in sorted(Path(tmp).glob("page*.png"))]


def compare_pdf_images(result, expected, **options) -> float:
    """Every page renders to the same pixels (72 dpi)."""
    if not result or not expected:
        return 0.0
    first, second = _page_images(result), _page_images(expected)
    return float(first is not None and first == second)


def check_pdf_pages(result, rules: dict) -> float:
    """The page count relates to rules["ref_value"] by rules["relation"] (eq, lt, ge, ...)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not result:
        return 0.0
    try:
        pages = len(PdfReader(str(result)).pages)
    except (OSError, PdfReadError, ValueError):
        return 0.0
    return float(getattr(operator, rules["relation"])(pages, rules["ref_value"]))


METRICS = {f.__name__: f for f in (compare_pdfs, compare_pdf_images, check_pdf_pages)}
