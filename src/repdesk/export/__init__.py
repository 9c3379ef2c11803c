"""Exports: case summaries, threat chronologies and talks records as documents to send or print.

Pure renderers with no Textual in them, so the command line and the TUI share
them. The flow is always the same:

1. build a document from an open session (:func:`build_case_summary`,
   :func:`build_threat_chronology`, :func:`build_talks_record`); the redaction
   profile is applied here, once;
2. render it (:func:`render`): text for Markdown, HTML, JSON and CSV, bytes
   for PDF;
3. write it (:func:`write_file`, with :func:`default_name` for the exports
   folder), or hand the text to whoever asked.

Redaction profiles live in :mod:`repdesk.export.redaction`, and nowhere else.
The documents are plain data (:mod:`.model`); each has its own builder
(:mod:`.case_summary`, :mod:`.threat_chronology`, :mod:`.talks_record`, sharing
:mod:`.building`), named like its templates (``templates/case.*.j2``, ...).

The names below load their modules on first use, so the command line can read
the profiles (:mod:`repdesk.export.redaction`, which is light) without paying
for the store and the renderers on every start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .building import find_case_id
    from .case_summary import build_case_summary
    from .model import CaseSummary, Document, Progress, TalksRecord, ThreatChronology
    from .redaction import DEFAULT_PROFILE, PROFILES, Profile, get_profile
    from .rendering import FORMATS, SCHEMA_VERSION, TEXT_FORMATS, Format, formats_for, render
    from .subject_access import build_subject_access
    from .talks_record import build_talks_record
    from .threat_chronology import ThreatSelection, build_threat_chronology, resolve_member
    from .write import ExportExists, default_name, extension_mismatch, private_folder, target_path, write_file

_WHERE = {
    **dict.fromkeys(("CaseSummary", "Document", "Progress", "TalksRecord", "ThreatChronology"), "model"),
    "find_case_id": "building",
    "build_case_summary": "case_summary",
    **dict.fromkeys(("ThreatSelection", "build_threat_chronology", "resolve_member"), "threat_chronology"),
    "build_subject_access": "subject_access",
    "build_talks_record": "talks_record",
    **dict.fromkeys(("DEFAULT_PROFILE", "PROFILES", "Profile", "get_profile"), "redaction"),
    **dict.fromkeys(
        ("FORMATS", "SCHEMA_VERSION", "TEXT_FORMATS", "Format", "formats_for", "render"), "rendering"
    ),
    **dict.fromkeys(
        ("ExportExists", "default_name", "extension_mismatch", "private_folder", "target_path", "write_file"),
        "write",
    ),
}

__all__ = [
    "DEFAULT_PROFILE",
    "FORMATS",
    "PROFILES",
    "SCHEMA_VERSION",
    "TEXT_FORMATS",
    "CaseSummary",
    "Document",
    "ExportExists",
    "Format",
    "Profile",
    "Progress",
    "TalksRecord",
    "ThreatChronology",
    "ThreatSelection",
    "build_case_summary",
    "build_subject_access",
    "build_talks_record",
    "build_threat_chronology",
    "default_name",
    "extension_mismatch",
    "find_case_id",
    "formats_for",
    "get_profile",
    "private_folder",
    "render",
    "resolve_member",
    "target_path",
    "write_file",
]


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` on first use (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
