"""The PDF page and its building blocks, on fpdf2 with the vendored DejaVu Sans.

fpdf2 lays out plain text only: nothing a rep typed is read as markup. The
font is embedded (subset), so pound signs, accents, curly quotes, Greek, Cyrillic, Hebrew and Arabic print
on a machine with no fonts installed. A character the font lacks (Chinese,
emoji) prints as � rather than vanishing silently from what may be evidence.

:mod:`repdesk.export.pdf` draws each document with these blocks.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, TableBordersLayout, XPos, YPos

from repdesk.domain.dates import format_datetime

from .model import Document

__all__ = ["Pdf", "clean", "quiet_fpdf"]

FONT = "DejaVu"
_REGULAR = "DejaVuSans.ttf"
_BOLD = "DejaVuSans-Bold.ttf"

BODY = 9.5
SMALL = 7.5
LINE = 4.6
_GREY = (90, 90, 90)
_QUOTE_FILL = (240, 240, 240)
_HEAD_FILL = (232, 232, 232)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@functools.cache
def _font_dir() -> Path:
    return Path(str(resources.files("repdesk.export").joinpath("fonts")))


@functools.cache
def _covered() -> frozenset[int]:
    """Code points DejaVu Sans (both weights) can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    points: set[int] | None = None
    for name in (_REGULAR, _BOLD):
        cmap = set(TTFont(_font_dir() / name, lazy=True).getBestCmap())
        points = cmap if points is None else points & cmap
    return frozenset(points or ())


def clean(text: str) -> str:
    """Text fpdf2 can draw faithfully: tabs as spaces, controls dropped, unknown glyphs as �."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _CONTROL.sub("", text)
    covered = _covered()
    return "".join(ch if ch == "\n" or ord(ch) in covered else "\ufffd" for ch in text)


class Pdf(FPDF):
    """A4 pages with a running header (title, copy, marking) and "Page n of N" footer."""

    def __init__(self, document: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        p = document.provenance
        self.running = clean(f"{p.title} · {p.profile_label} · made {format_datetime(p.made_at)}")
        self.marking = clean(p.marking)
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", str(_font_dir() / _REGULAR))
        self.add_font(FONT, "B", str(_font_dir() / _BOLD))
        self.set_title(clean(p.title))
        self.set_author(clean(p.rep))
        self.set_subject(clean(p.profile_label))
        self.set_creator("repdesk")
        self.set_lang("en-GB")
        self.set_creation_date(p.made_at)
        self.set_font(FONT, size=BODY)

    def header(self) -> None:
        self.set_font(FONT, size=SMALL)
        self.set_text_color(*_GREY)
        self.multi_cell(0, 3.4, self.running, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.marking:
            self.set_font(FONT, "B", SMALL)
            self.set_text_color(0, 0, 0)
            self.multi_cell(0, 3.4, self.marking, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, size=BODY)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=SMALL)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    # --- building blocks -----------------------------------------------------------

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def heading(self, text: str, level: int) -> None:
        sizes = {1: 16.0, 2: 12.5, 3: 10.5}
        self.set_font(FONT, "B", sizes[level])
        text = clean(text)
        # Keep a heading with the start of what follows it (a table row, a quote).
        if self.will_page_break(sizes[level] / 2 + 28):
            self.add_page()
        self.ln(2 if level == 3 else 3)
        self.start_section(text[:120], level=level - 1)
        self.multi_cell(0, sizes[level] * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if level == 2:
            self.set_draw_color(120, 120, 120)
            self.line(self.l_margin, self.get_y() + 0.5, self.w - self.r_margin, self.get_y() + 0.5)
        self.ln(2)
        self.set_font(FONT, size=BODY)

    def para(self, text: str, *, bold: bool = False, size: float = BODY, indent: float = 0) -> None:
        if not text:
            return
        self.set_font(FONT, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            self.width - indent, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_font(FONT, size=BODY)

    def label_para(self, label: str, text: str) -> None:
        """A bold label line, then the text (for agendas, notes, report-backs)."""
        if not text:
            return
        self.para(label, bold=True)
        self.para(text)
        self.ln(1.5)

    def quote(self, text: str) -> None:
        self.set_fill_color(*_QUOTE_FILL)
        self.set_x(self.l_margin + 3)
        self.multi_cell(
            self.width - 3,
            LINE,
            clean(text),
            fill=True,
            padding=(2, 3),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(1.5)

    def bullets(self, items: Sequence[str], *, indent: float = 0) -> None:
        for text in items:
            self.set_x(self.l_margin + indent)
            self.cell(4, LINE, "•")
            self.multi_cell(
                self.width - indent - 4, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    def numbered(self, items: Sequence[str]) -> None:
        for n, text in enumerate(items, start=1):
            self.cell(7, LINE, f"{n}.")
            self.multi_cell(self.width - 7, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _room(self) -> float:
        """Height a table row may safely take: fpdf2 cannot split a row across pages."""
        return (self.h - self.t_margin - self.b_margin) * 0.7

    def _too_tall(self, width: float, text: str) -> bool:
        if len(text) < 300 and text.count("\n") < 8:
            return False  # cheap answer for the usual short value
        lines = self.multi_cell(
            width, LINE, clean(text), dry_run=True, output=MethodReturnValue.LINES, align="L"
        )
        assert isinstance(lines, list)
        return len(lines) * LINE > self._room()

    def pairs(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label / value rows, the label bold, without borders.

        A value too long for one page (hundreds of members touched, a long
        note) is set as a paragraph under its label instead, which can flow
        across pages.
        """
        pending: list[tuple[str, str]] = []
        for label, value in rows:
            if value == "":
                continue
            if self._too_tall(self.width * 0.7 - 2, value):
                self._pair_table(pending)
                pending = []
                self.para(label, bold=True)
                self.para(value)
                self.ln(1.5)
            else:
                pending.append((label, value))
        self._pair_table(pending)

    def _pair_table(self, rows: Sequence[tuple[str, str]]) -> None:
        if not rows:
            return
        with self.table(
            col_widths=(30, 70),
            borders_layout=TableBordersLayout.NONE,
            first_row_as_headings=False,
            line_height=LINE,
            text_align="LEFT",
            padding=(0.6, 1.5, 0.6, 0),
            v_align="TOP",
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(clean(label), style=FontFace(emphasis="BOLD"))
                row.cell(clean(value))
        self.ln(1.5)

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        """A bordered table whose heading row repeats on each page.

        If any cell is too long for one page, every row is set as its own
        block of labelled values instead, so nothing is cut or lost.
        """
        total = sum(widths)
        if any(
            self._too_tall(self.width * width / total - 2.4, text)
            for values in rows
            for width, text in zip(widths, values, strict=True)
        ):
            for values in rows:
                self.set_draw_color(170, 170, 170)
                self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
                self.ln(1)
                self.pairs(list(zip(headings, values, strict=True)))
            return
        with self.table(
            col_widths=tuple(widths),
            line_height=LINE,
            text_align="LEFT",
            headings_style=FontFace(emphasis="BOLD", fill_color=_HEAD_FILL),
            repeat_headings=1,
            padding=(0.8, 1.2),
            v_align="TOP",
        ) as table:
            head = table.row()
            for text in headings:
                head.cell(clean(text))
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(clean(text))
        self.ln(2)


@contextlib.contextmanager
def quiet_fpdf() -> Iterator[None]:
    """fpdf2 logs missing glyphs with the text in them; casework must not reach a log."""
    logger = logging.getLogger("fpdf")
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was
