"""Shared pieces of the export tests: the golden database, text extraction, golden files.

Plain functions, imported by name; the ``golden_db`` fixture built from them is in conftest.py.
"""

from __future__ import annotations

import csv
import html
import html.parser
import io
import itertools
import json
import os
import re
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from repdesk import demo
from repdesk.export import ThreatSelection, build_case_summary, build_talks_record, build_threat_chronology
from repdesk.export.model import Document
from repdesk.store import cases, threats
from repdesk.store.engine import Database, open_database
from repdesk.store.models import AttachmentCreate
from repdesk.store.models import threat as threat_model

GOLDENS = Path(__file__).parent / "goldens"
UPDATE = os.environ.get("REPDESK_UPDATE_GOLDENS") == "1"

GOLDEN_CASE = "C-2026-0003"
"""A case in the demo data (8 members, seed 6) with a timeline, a computed deadline and linked threats."""


def make_golden_database(folder: Path) -> Path:
    """The fixed demo database every golden file comes from, with two evidence files added."""
    path = folder / "golden.sqlite"
    db = open_database(path)
    # Each entry's salt is random in the product; here a counter, so hashes in goldens stay put.
    salts = itertools.count(1)
    patch = pytest.MonkeyPatch()
    counted = types.SimpleNamespace(token_hex=lambda size=16: f"{next(salts):0{2 * size}x}")
    patch.setattr(threat_model, "secrets", counted)
    try:
        demo.fill(db, members=8, seed=6)
        letter = folder / "evidence" / "letter-2026-09-30.txt"
        letter.parent.mkdir()
        letter.write_text("Letter from HR about the note on the personal file.\n", encoding="utf-8")
        screenshot = folder / "evidence" / "teams-message.txt"
        screenshot.write_text("I'd think carefully…\n", encoding="utf-8")
        with db.transaction() as session:
            case_id = cases.find_case(session, GOLDEN_CASE)
            assert case_id is not None and case_id.id is not None
            entry = cases.timeline(session, case_id.id)[-1]
            assert entry.id is not None
            cases.attach_to_entry(
                session, entry.id, AttachmentCreate(path=str(letter), description="HR letter, 30 Sep 2026")
            )
            threat = threats.find_threat(session, "T-2025-0001")
            assert threat is not None and threat.id is not None
            threats.attach_evidence(
                session, threat.id, AttachmentCreate(path=str(screenshot), description="Note made that day")
            )
    finally:
        patch.undo()
        db.close()
    return path


def build(db: Database, document: str, profile: str, **options: object) -> Document:
    """One of the three documents from ``db``, for ``profile``."""
    with db.session() as session:
        if document == "case":
            return build_case_summary(
                session, str(options.get("ref", GOLDEN_CASE)), profile=profile, database=db.path
            )
        if document == "threats":
            selection = options.get("selection", ThreatSelection())
            assert isinstance(selection, ThreatSelection)
            return build_threat_chronology(session, selection, profile=profile, database=db.path)
        return build_talks_record(
            session, profile=profile, include_caucus=bool(options.get("include_caucus")), database=db.path
        )


def pdf_text(data: bytes) -> str:
    """The text of every page, one line per PDF line, runs of spaces collapsed."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in page.extract_text().splitlines()]
        pages.append(f"--- page {number} ---\n" + "\n".join(line for line in lines if line))
    return "\n".join(pages) + "\n"


class _TextOf(html.parser.HTMLParser):
    """Collects the text of an HTML document (breaks as newlines) and every tag used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in {"style", "title", "script"}:
            self._skip += 1
        if tag in {"br", "p", "div", "li", "tr", "td", "th", "dd", "dt", "blockquote", "h1", "h2", "h3"}:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "title", "script"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> tuple[str, list[tuple[str, list[tuple[str, str | None]]]]]:
    """(visible text, tags) of an HTML document or fragment."""
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts), parser.tags


def markdown_html(text: str) -> str:
    """Markdown rendered as a CommonMark renderer with GFM tables and strikethrough would."""
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text))


def visible_text(output: str | bytes, fmt: str) -> str:
    """What a reader of ``output`` sees, as plain text, whatever the format."""
    if fmt == "pdf":
        assert isinstance(output, bytes)
        return pdf_text(output)
    assert isinstance(output, str)
    if fmt == "md":
        return html_text(markdown_html(output))[0]
    if fmt == "html":
        return html_text(output)[0]
    if fmt == "json":
        return "\n".join(_strings(json.loads(output)))
    return html.unescape(output)


def surfaces(output: str | bytes, fmt: str) -> list[str]:
    """Every way a value could show in ``output``: as a reader sees it, and in the raw file unescaped."""
    if fmt == "pdf":
        return [visible_text(output, fmt)]
    assert isinstance(output, str)
    if fmt == "md":
        raw = re.sub(r"\\(.)", r"\1", output, flags=re.DOTALL)
        raw = raw.replace("&#32;", " ").replace("&#9;", "\t").replace("<br>", "\n")
        return [visible_text(output, fmt), raw]
    if fmt == "html":
        return [html_text(output)[0], html.unescape(output)]
    if fmt == "json":
        return [visible_text(output, fmt), output]
    cells = [cell for row in csv.reader(io.StringIO(output.lstrip("\ufeff"))) for cell in row]
    return ["\n".join(cells), output]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield str(value)


def squash(text: str) -> str:
    """Text with all whitespace removed and lower-cased, for "does this value appear" checks."""
    return re.sub(r"\s+", "", text).lower()


def check_golden(name: str, data: str | bytes) -> None:
    """Compare ``data`` with ``goldens/name`` byte for byte (REPDESK_UPDATE_GOLDENS=1 rewrites it)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path = GOLDENS / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"no golden file {name}; run with REPDESK_UPDATE_GOLDENS=1 to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        return
    expected = path.read_bytes()
    if raw != expected:
        got = raw.decode("utf-8", "replace").splitlines()
        want = expected.decode("utf-8", "replace").splitlines()
        import difflib

        diff = "\n".join(list(difflib.unified_diff(want, got, "golden", "now", lineterm=""))[:60])
        pytest.fail(f"{name} differs from its golden file (REPDESK_UPDATE_GOLDENS=1 to accept):\n{diff}")
