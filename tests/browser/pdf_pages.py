"""Read what each page of a Chromium-printed PDF draws: enough to test print CSS without a PDF library.

Chromium prints through Skia, which writes one ``/Type /Page`` object per sheet and one
Flate-compressed content stream per page. Text is drawn in ``BT … ET`` blocks: ``/Fn <size> Tf``
sets the font size (in CSS pixels, the page content being scaled from CSS pixels to points by an
outer ``cm``), ``1 0 0 -1 x y Tm`` places the run (``y`` in CSS pixels, growing downwards from the
top of the printed document), and every ``<hex> Tj`` shows one glyph. That is all the tests need:
how many glyphs a sheet carries, at which sizes, and in which order from top to bottom.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

_PAGE = re.compile(rb"<</Type /Page\n(.*?)endobj", re.S)
_CONTENTS = re.compile(rb"/Contents (\d+) 0 R")
_TEXT_BLOCK = re.compile(r"BT\n(.*?)ET", re.S)
_FONT = re.compile(r"/F\d+ ([\d.]+) Tf")
_PLACE = re.compile(r"1 0 0 -1 [-\d.]+ ([-\d.]+) Tm")
_GLYPH = re.compile(r"<[0-9A-Fa-f]+>\s*Tj")


@dataclass(frozen=True)
class TextRun:
    """One ``BT … ET`` block: its font size in CSS pixels, its top in CSS pixels, its glyph count."""

    size: float
    y: float
    glyphs: int


def _stream(pdf: bytes, number: int) -> bytes:
    match = re.search(rb"(?<!\d)%d 0 obj(.*?)endobj" % number, pdf, re.S)
    if match is None:
        raise ValueError(f"object {number} not found")
    body = match.group(1)
    raw = re.search(rb"stream\r?\n(.*)endstream", body, re.S)
    if raw is None:
        raise ValueError(f"object {number} has no stream")
    return zlib.decompress(raw.group(1)) if b"FlateDecode" in body else raw.group(1)


def page_runs(pdf: bytes) -> list[list[TextRun]]:
    """The text runs of every page, in page order; a page's runs in the order they are drawn."""
    pages = []
    for page in _PAGE.finditer(pdf):
        contents = _CONTENTS.search(page.group(1))
        if contents is None:
            pages.append([])
            continue
        content = _stream(pdf, int(contents.group(1))).decode("latin-1")
        runs = []
        for block in _TEXT_BLOCK.finditer(content):
            body = block.group(1)
            font, place = _FONT.search(body), _PLACE.search(body)
            if font and place:
                runs.append(TextRun(float(font.group(1)), float(place.group(1)), len(_GLYPH.findall(body))))
        pages.append(runs)
    if not pages:
        raise ValueError("no /Type /Page objects: not a Chromium PDF?")
    return pages
