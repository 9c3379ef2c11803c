"""One renderer per format, each a pure function of a (redacted) document.

Markdown and HTML come from Jinja2 templates. HTML autoescapes. Markdown has
no autoescape of its own, so its environment *finalizes* every ``{{ value }}``
through :func:`md_inline`: whatever a rep typed is escaped unless a filter
already made it safe (:class:`Md`). JSON and CSV are built with the standard
library; PDF lives in :mod:`repdesk.export.pdf`.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from repdesk.domain.dates import format_date, format_datetime, format_datetime_iso, format_time
from repdesk.domain.enums import LabelledEnum
from repdesk.domain.errors import RepdeskError
from repdesk.domain.units import file_size

from .model import ChronologyEntry, Document, ThreatChronology
from .redaction import get_profile

__all__ = [
    "FORMATS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "Format",
    "Md",
    "chain_line",
    "csv_cell",
    "formats_for",
    "md_block",
    "md_inline",
    "proof_line",
    "render",
    "to_record",
]

Format = Literal["md", "html", "pdf", "json", "csv"]

FORMATS: tuple[Format, ...] = ("md", "html", "pdf", "json", "csv")
"""Every format; CSV is for the threat chronology only."""

TEXT_FORMATS: frozenset[str] = frozenset({"md", "html", "json", "csv"})
"""Formats rendered as text (everything but PDF)."""

SCHEMA = "repdesk.export"
SCHEMA_VERSION = 1
"""Bumped when the JSON layout changes in a way a reader must know about."""


def formats_for(document: str) -> tuple[Format, ...]:
    """The formats a document kind ("case", "threats", "talks", "member") can be rendered in."""
    return FORMATS if document == "threats" else ("md", "html", "pdf", "json")


def render(document: Document, fmt: str) -> str | bytes:
    """``document`` in format ``fmt``: bytes for PDF, text for the rest."""
    kind = document.provenance.document
    if fmt not in formats_for(kind):
        raise RepdeskError(
            f"A {_KIND_WORDS[kind]} cannot be written as {fmt!r}; "
            f"choose one of {', '.join(formats_for(kind))}."
        )
    if fmt == "md":
        text = _template("md", kind).render(doc=document, **_helpers(document))
        # Rep text never holds a bare blank line (md_block joins lines with hard
        # breaks), so squeezing runs of them only tidies the template's own spacing.
        return _BLANK_RUN.sub("\n\n", text)
    if fmt == "html":
        return _template("html", kind).render(doc=document, **_helpers(document))
    if fmt == "json":
        return to_json(document)
    if fmt == "csv":
        assert isinstance(document, ThreatChronology)
        return threats_csv(document)
    from .pdf import render_pdf

    return render_pdf(document)


_BLANK_RUN = re.compile(r"\n{3,}")

_KIND_WORDS = {
    "case": "case summary",
    "threats": "threat chronology",
    "talks": "talks record",
    "member": "subject access copy",
}


# --------------------------------------------------------------------------- shared wording


def yes_no(value: bool | None) -> str:
    """``yes``/``no`` (``""`` for a left-out value)."""
    if value is None:
        return ""
    return "yes" if value else "no"


size = file_size
"""A file size a rep can read (the desk shows the same)."""


def made_line(document: Document, *, when: Callable[[datetime], str] = format_datetime) -> str:
    """``22 Nov 2026 12:00 by Alex Morgan (PCS, Met Police Staff)`` (the moment written by ``when``)."""
    p = document.provenance
    who = f"{p.rep} ({p.union})" if p.union else p.rep
    return f"{when(p.made_at)} by {who}"


def selection_lines(document: Document, *, day: Callable[[date], str] = format_date) -> list[tuple[str, str]]:
    """What a chronology was filtered on, as (label, value) pairs, dates written by ``day``;
    [] for everything."""
    if not isinstance(document, ThreatChronology):
        return []
    lines: list[tuple[str, str]] = []
    if document.filter_members:
        lines.append(("Members", "; ".join(m.name for m in document.filter_members)))
    if document.filter_case:
        lines.append(("Case", document.filter_case))
    if document.filter_from or document.filter_to:
        start = day(document.filter_from) if document.filter_from else "the start"
        end = day(document.filter_to) if document.filter_to else "today"
        lines.append(("Dates", f"{start} to {end}"))
    if document.filter_kinds:
        lines.append(("Kinds", "; ".join(k.label for k in document.filter_kinds)))
    if document.filter_terms:
        lines.append(("Filter", document.filter_terms))
    return lines


def threat_heading(entry: ChronologyEntry) -> str:
    """A neutral one-line heading: date, time, channel, who, and "alleged" where disputed."""
    when = format_date(entry.occurred_on)
    if entry.occurred_at is not None:
        when += f" {format_time(entry.occurred_at)}"
    who = entry.made_by or ""
    if entry.made_by_role:
        who = f"{who} ({entry.made_by_role})" if who else entry.made_by_role
    parts = [when, entry.channel.label.lower(), who or "unknown"]
    text = ", ".join(parts)
    return f"{text}: {entry.kind.label.lower()}" + (" (alleged)" if entry.disputed else "")


def members_line(entry: ChronologyEntry) -> str:
    """The members an entry touches as this document may name them."""
    names = [m.name for m in entry.members]
    if entry.other_members:
        others = f"{entry.other_members} other member" + ("s" if entry.other_members != 1 else "")
        names.append(others if not names else f"and {others}")
    return "; ".join(names)


def owner_line(action: Any) -> str:
    """Who owns an action point: the person (where the copy names them), else the side or group."""
    side = action.owner_side.label if action.owner_side else ""
    if action.owner:
        return f"{action.owner} ({side})" if side else action.owner
    return action.owner_group or side or "no owner"


def chain_line(document: Document) -> str | None:
    """The threat log's chain head when ``document`` was made (None for a talks record)."""
    p = document.provenance
    if p.document == "talks":
        return None
    if p.chain is None:
        return "none: the threat log was empty"
    events = f"{p.chain.count} event" + ("s" if p.chain.count != 1 else "")
    return f"{p.chain.short} ({events}; full hash {p.chain.full})"


def proof_line(entry: ChronologyEntry) -> str:
    """An entry's short content hash and the chain event that logged it."""
    if entry.proof is None:
        return "none: no event in the threat log's chain logged it"
    return f"{entry.proof.short} (event {entry.proof.seq} of the chain)"


def file_line(file: Any) -> str:
    """One evidence file: name or path, description, size and hash."""
    parts = [p for p in (file.path or file.name, file.description) if p]
    parts.append(size(file.size_bytes))
    parts.append(f"SHA-256 {file.sha256}")
    return "; ".join(parts)


def _helpers(document: Document) -> dict[str, Any]:
    profile = get_profile(document.provenance.profile)
    return {
        "made": made_line(document),
        "selection": selection_lines(document),
        "shows": functools.partial(profile.shows, include_caucus=document.provenance.include_caucus),
        "threat_heading": threat_heading,
        "members_line": members_line,
        "file_line": file_line,
        "chain_line": chain_line(document),
        "proof_line": proof_line,
        "owner_line": owner_line,
    }


# --------------------------------------------------------------------------- Markdown


class Md(str):
    """Markdown that is already safe: escaped user text, or the template's own markup."""

    __slots__ = ()


_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>|~&#@])")
_MD_LINE_START = re.compile(r"^([-+=])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")
_MD_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto)(:)|\b(www)(\.)")
_LEADING_SPACE = re.compile(r"^[ \t]+")


def _md_line(line: str) -> str:
    """One line of rep text, escaped so Markdown shows it exactly as typed."""
    line = _MD_ALWAYS.sub(r"\\\1", line)
    line = _MD_AUTOLINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", line)
    line = _MD_LINE_START.sub(r"\\\1", line)
    line = _MD_ORDERED.sub(r"\1\\\2", line)
    # Leading spaces would make a code block or a list continuation; entities keep them as text.
    return _LEADING_SPACE.sub(lambda m: m.group(0).replace(" ", "&#32;").replace("\t", "&#9;"), line)


def _lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # A hard break cannot end a block in Markdown (it would show as a stray
    # backslash), and blank lines at either end show nothing anyway.
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    while len(lines) > 1 and not lines[0].strip():
        lines.pop(0)
    return lines


def md_inline(text: str) -> Md:
    """Rep text for one line of Markdown (a heading, a list item, a table cell): breaks become <br>."""
    return Md("<br>".join(_md_line(line) for line in _lines(text)))


def md_block(text: str, indent: int = 0) -> Md:
    """Rep text as a block, each line break kept as a hard break, continued at ``indent``."""
    pad = " " * indent
    return Md(f"\\\n{pad}".join(_md_line(line) for line in _lines(text)))


def md_quote(text: str) -> Md:
    """Rep text as a blockquote (the exact words of a threat)."""
    return Md("\\\n> ".join(_md_line(line) for line in _lines(text)))


def _shown(value: Any) -> str:
    """The words a rep reads for a value that is not itself text."""
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return format_time(value)
    return str(value)


def _md_finalize(value: Any) -> str:
    if isinstance(value, Md):
        return value
    if value is None:
        return ""
    return md_inline(_shown(value))


def _html_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup | str) and not isinstance(value, LabelledEnum):
        return value
    return _shown(value)


def _common_filters(env: jinja2.Environment) -> None:
    env.filters["date"] = format_date
    env.filters["datetime"] = format_datetime
    env.filters["time"] = format_time
    env.filters["yesno"] = yes_no
    env.filters["size"] = size
    env.filters["label"] = lambda value: value.label if isinstance(value, LabelledEnum) else value


@functools.cache
def _environment(fmt: str) -> jinja2.Environment:
    """The Jinja2 environment for ``md`` or ``html`` (built on first use, never at import)."""
    loader = jinja2.PackageLoader("repdesk.export", "templates")
    common: dict[str, Any] = {
        "loader": loader,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if fmt == "html":
        env = jinja2.Environment(autoescape=True, finalize=_html_finalize, **common)
    else:
        # Markdown has no autoescape in Jinja2: finalize escapes every value instead.
        env = jinja2.Environment(autoescape=False, finalize=_md_finalize, **common)  # noqa: S701
        env.filters["block"] = md_block
        env.filters["quote"] = md_quote
        env.filters["md"] = md_inline
        # Macro output is template markup with its values already escaped.
        env.filters["trusted"] = Md
    _common_filters(env)
    return env


_TEMPLATES = {"member": "subject_access"}
"""Templates not named for their document kind."""


def _template(fmt: str, kind: str) -> jinja2.Template:
    return _environment(fmt).get_template(f"{_TEMPLATES.get(kind, kind)}.{fmt}.j2")


# --------------------------------------------------------------------------- JSON


def to_record(value: Any, keep: Callable[[str], bool]) -> Any:
    """A document (or part of one) as JSON-ready data: enum values, ISO dates, left-out keys absent."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, tuple | list):
        return [to_record(v, keep) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            key = f.metadata.get("redaction")
            if key is not None and not keep(key):
                continue
            if f.metadata.get("omit_none") and getattr(value, f.name) is None:
                continue
            out[f.name] = to_record(getattr(value, f.name), keep)
        return out
    return value


def to_json(document: Document) -> str:
    """The document as JSON with a schema version: every kept field, enough to rebuild the records."""
    p = document.provenance
    profile = get_profile(p.profile)

    def keep(key: str) -> bool:
        return profile.shows(key, include_caucus=p.include_caucus)

    body = to_record(document, keep)
    body.pop("provenance")
    data = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "document": p.document,
        "title": p.title,
        "made": {
            "at": p.made_at.isoformat(),
            "rep": p.rep,
            "union": p.union,
            "database": p.database,
        },
        "profile": {
            "name": p.profile,
            "label": p.profile_label,
            "purpose": p.profile_purpose,
            "leaves_out": list(p.leaves_out),
            "include_caucus": p.include_caucus,
        },
        "confidentiality": p.marking,
        **_chain_record(p),
        **body,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _chain_record(p: Any) -> dict[str, Any]:
    """The chain head for JSON: ``{"chain": {...}}`` (null for an empty log), nothing for a talks record."""
    if p.document == "talks":
        return {}
    if p.chain is None:
        return {"chain": None}
    return {"chain": {"head": p.chain.full, "short": p.chain.short, "events": p.chain.count}}


# --------------------------------------------------------------------------- CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    text = "" if value is None else _shown(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_rows(document: ThreatChronology) -> list[Sequence[Any]]:
    """The header row first (a spreadsheet takes row 1 as the columns' names), an entry a row,
    then, after a blank row, what the file is; every date ISO (``2025-01-06``, ``2025-01-06 14:30``)."""
    p = document.provenance
    profile = get_profile(p.profile)
    columns: list[tuple[str, Callable[[ChronologyEntry], Any]]] = [
        ("No.", lambda e: e.number),
        ("Date", lambda e: e.occurred_on.isoformat()),
        ("Time", lambda e: format_time(e.occurred_at)),
        ("Reference", lambda e: e.ref),
        ("Hash", lambda e: e.proof.short if e.proof else ""),
        ("Alleged", lambda e: "alleged" if e.disputed else ""),
    ]
    if profile.shows("threat.made_by"):
        columns.append(("Made by", lambda e: e.made_by))
    columns += [
        ("Role", lambda e: e.made_by_role),
        ("Channel", lambda e: e.channel),
        ("Audience", lambda e: e.audience),
        ("Kind", lambda e: e.kind),
        ("Exact words", lambda e: e.exact_words),
        ("Context", lambda e: e.context),
        ("Document reference", lambda e: e.document_ref),
        ("Evidence", lambda e: " | ".join(file_line(f) for f in e.evidence)),
        ("Related to the action", lambda e: e.related_to_action),
        ("Related activity", lambda e: e.protected_activity),
    ]
    if profile.shows("threat.witnesses"):
        columns.append(("Witnesses", lambda e: e.witnesses))
    columns += [
        ("Members", members_line),
        ("Cases", lambda e: "; ".join(e.cases)),
        ("Corrects", lambda e: e.amends),
        ("Reason for correction", lambda e: e.correction_reason),
        ("Corrected by", lambda e: "; ".join(e.corrected_by)),
        ("Follow-up status", lambda e: e.status),
        ("Recorded at", lambda e: format_datetime_iso(e.recorded_at)),
        ("In the selection", lambda e: e.in_selection),
    ]
    rows: list[Sequence[Any]] = [[name for name, _ in columns]]
    rows.extend([get(entry) for _, get in columns] for entry in document.flat)
    rows.append([])
    rows += [
        [p.title, p.profile_label],
        ["Made", made_line(document, when=format_datetime_iso)],
        ["Database", p.database],
        ["Profile", f"{p.profile}: {p.profile_purpose}"],
        ["Leaves out", "; ".join(p.leaves_out) or "nothing"],
        ["Chain head", chain_line(document)],
    ]
    rows.extend([label, value] for label, value in selection_lines(document, day=date.isoformat))
    return rows


def threats_csv(document: ThreatChronology) -> str:
    """The chronology as CSV for a spreadsheet: UTF-8 with a BOM, formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _csv_rows(document):
        writer.writerow([csv_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
