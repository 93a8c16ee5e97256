"""A4 documents with fpdf2 (pure Python): the allocation letters and the Familienbüro's info
sheet share the page set-up and the font choice.

German umlauts work with the built-in Helvetica; for every other letter (ı, ş, ł …) a Unicode
TrueType font is used when the machine has one: ``LETTER_FONT`` (a path) or DejaVu Sans from the
usual Debian location. Without one, such letters are written as their closest Latin-1 form
(ş → s).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

# fontTools logs every glyph it keeps when fpdf2 embeds a font subset: not worth a log line.
logging.getLogger("fontTools").setLevel(logging.WARNING)

DEFAULT_FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
# Typographic characters outside Latin-1, for the built-in font.
_PLAIN = str.maketrans({"–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'"})


def letter_font() -> Path | None:
    configured = getattr(settings, "LETTER_FONT", "")
    for candidate in [Path(configured)] if configured else DEFAULT_FONTS:
        if candidate.is_file():
            return candidate
    return None


def latin1(text: str) -> str:
    """The text in what the built-in fonts can write."""
    text = text.translate(_PLAIN)
    if all(ord(char) < 256 for char in text):
        return text
    return "".join(
        char
        if ord(char) < 256
        else unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        or "?"
        for char in text
    )


@dataclass(frozen=True)
class A4Document:
    pdf: FPDF
    # The font family to set, the function every text goes through, and the bold style
    # ("" when the embedded Unicode font has no bold face).
    family: str
    plain: Callable[[str], str]
    bold: str


def a4_document(
    *,
    font: Path | str | None = "auto",
    compress: bool = True,
    margins: tuple[float, float, float],
    bottom: float,
) -> A4Document:
    """An empty A4 document; ``font`` "auto" takes a Unicode font if the machine has one, None
    the built-in Helvetica."""
    pdf = FPDF(format="A4")
    pdf.compress = compress
    pdf.set_margins(*margins)
    pdf.set_auto_page_break(auto=True, margin=bottom)
    font = letter_font() if font == "auto" else font
    if font is not None:
        pdf.add_font("Unicode", "", str(font))
        return A4Document(pdf, "Unicode", lambda text: text, "")
    return A4Document(pdf, "Helvetica", latin1, "B")
