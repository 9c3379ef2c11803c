"""Checking an exported chronology or case summary (JSON) against the database's chain.

Every copy carries, for each threat-log entry, the event that logged it
(``seq``, ``event_hash``, ``prev``) and the salted content hash it committed
to; a copy that leaves nothing out also carries the salt and the content
hashed, so anyone can recompute that hash without repdesk. :func:`check_export`
says whether a copy still matches today's database: each entry's hashes
against the chain, the entry in the file against its hash, the words the copy
shows against the file's (a redaction marker in the copy stands for whatever
it hides), and the copy's chain head against today's chain.

Messages name entries by reference and number only, never by what they say.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from repdesk.domain import chain as rules
from repdesk.domain.errors import RepdeskError
from repdesk.store import chain as chain_service

from .redaction import OTHER_MEMBER, REDACTED
from .rendering import SCHEMA

__all__ = ["ExportCheck", "NotAnExport", "check_export", "read_export"]

_TEXT_FIELDS = {
    "ref": "reference",
    "made_by": "maker's name",
    "made_by_role": "maker's role",
    "exact_words": "exact words",
    "context": "context",
    "witnesses": "witnesses",
    "document_ref": "document reference",
    "correction_reason": "reason for correction",
    "channel": "channel",
    "audience": "audience",
    "kind": "kind",
    "protected_activity": "related activity",
}
"""Fields a copy shows as stored (but for redaction markers), with the words a message uses."""

_FLAGS = {"disputed": "alleged flag", "related_to_action": "related-to-the-action flag"}

# What redaction puts in place of a hidden value: each stands for any text in the file.
_MARKER = re.compile("|".join([re.escape(REDACTED), re.escape(OTHER_MEMBER), r"Member [A-Z]+(?![A-Za-z])"]))


class NotAnExport(RepdeskError):
    """The file is not a repdesk threat chronology or case summary in JSON, or cannot be read."""


@dataclass(frozen=True)
class ExportCheck:
    """What checking an export found: how many entries, the heads then and now, the first difference."""

    entries: int
    head: str | None
    """The chain head printed on the export (None for an empty log)."""
    head_seq: int | None
    """The event in today's chain whose hash that head is."""
    count: int
    """How many events today's chain holds."""
    difference: str | None = None

    @property
    def ok(self) -> bool:
        """Whether everything in the export still matches the database."""
        return self.difference is None


def read_export(path: Path) -> dict[str, Any]:
    """The JSON of an exported chronology or case summary, or :class:`NotAnExport` in plain words."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotAnExport(f"there is no file {str(path)!r}") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise NotAnExport(f"{str(path)!r} cannot be read as a JSON export") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise NotAnExport(f"{str(path)!r} is not a repdesk export (export with --format json)")
    if data.get("document") not in ("threats", "case", "member") or "chain" not in data:
        raise NotAnExport(
            f"{str(path)!r} is not a threat chronology, case summary or subject access copy "
            "carrying the chain "
            "(export it again with this version of repdesk)"
        )
    return data


def _entries(data: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    listed = data.get("entries") if data["document"] == "threats" else data.get("threats")
    if not isinstance(listed, list):
        raise NotAnExport("the export lists no threat-log entries where they belong")
    for entry in listed:
        if not isinstance(entry, dict):
            raise NotAnExport("an entry in the export is not what repdesk writes")
        yield entry
        corrections = entry.get("corrections", [])
        yield from (c for c in corrections if isinstance(c, dict))


def _shows_as(shown: str, stored: str) -> bool:
    """Whether ``shown`` is ``stored`` with some values replaced by redaction markers."""
    if shown == stored:
        return True
    parts = _MARKER.split(shown)
    if len(parts) == 1:
        return False
    pattern = "(?s:.+?)".join(re.escape(part) for part in parts)
    return re.fullmatch(pattern, stored) is not None


def _shown_difference(entry: Mapping[str, Any], stored: Mapping[str, Any]) -> str | None:
    """The first field the copy shows differently from ``stored`` (content as hashed), if any."""
    for name, words in _TEXT_FIELDS.items():
        shown = entry.get(name)
        if shown is None:
            continue  # left out of this copy
        value = stored.get(name)
        if not isinstance(shown, str) or not _shows_as(shown, "" if value is None else str(value)):
            return f"its {words} differ"
    for name, words in _FLAGS.items():
        if name in entry and bool(entry[name]) != bool(stored.get(name)):
            return f"its {words} differs"
    if "occurred_on" in entry and str(entry["occurred_on"]) != str(stored.get("occurred_on"))[:10]:
        return "its date differs"
    when = stored.get("occurred_at")
    if "occurred_at" in entry and (entry["occurred_at"] or "") != ("" if when is None else str(when)[:5]):
        return "its time differs"
    return None


def _proof(entry: Mapping[str, Any]) -> tuple[int, str, str, str]:
    proof = entry.get("proof")
    try:
        assert isinstance(proof, dict)
        return int(proof["seq"]), str(proof["event_hash"]), str(proof["prev"]), str(proof["content_hash"])
    except (AssertionError, KeyError, TypeError, ValueError):
        raise NotAnExport(f"entry {entry.get('ref', '?')} in the export carries no chain proof") from None


def _check_entry(
    entry: Mapping[str, Any], by_seq: Mapping[int, rules.Event], states: Mapping[int, rules.EntryState]
) -> str | None:
    name = f"entry {entry.get('ref', '?')} (no. {entry.get('number', '?')} in the export)"
    if entry.get("proof") is None:
        return f"{name} carries no hash: no event in the chain had logged it when the copy was made"
    seq, event_hash, prev, content_hash = _proof(entry)
    proof = entry["proof"]
    if "salt" in proof or "content" in proof:
        # A copy that leaves nothing out: its own fields must give its hash.
        content = proof.get("content")
        try:
            recomputed = rules.content_hash(str(proof.get("salt")), content)
        except (TypeError, ValueError):
            return f"{name} differs: its salt or content is not what repdesk writes"
        if recomputed != content_hash:
            return f"{name} differs: its content no longer hashes to the hash it carries"
        if problem := _shown_difference(entry, content):
            return f"{name} differs: {problem} from the content it carries"
    event = by_seq.get(seq)
    if event is None:
        return f"{name} is missing: today's chain has no event {seq}"
    if event.hash != event_hash or event.prev != prev or event.kind not in rules.ENTRY_KINDS:
        return f"{name} differs: event {seq} of today's chain is not the event that logged it"
    if event.facts.get("content") != content_hash:
        return f"{name} differs: event {seq} committed to another content hash"
    state = states.get(event.entry_id)
    if state is None or state.ref != str(event.facts.get("ref")):
        return f"{name} is missing from the database (logged by event {seq})"
    if rules.content_hash(state.salt, rules.logged_content(state, event)) != content_hash:
        return f"{name} differs: the database's entry no longer matches its hash"
    if problem := _shown_difference(entry, state.content):
        return f"{name} differs: {problem} from the database's entry"
    return None


def check_export(session: Session, data: Mapping[str, Any]) -> ExportCheck:
    """Check an export (as :func:`read_export` returns it) against the database; name the first difference."""
    found = chain_service.events(session)
    by_seq = {event.seq: event for event in found}
    states = chain_service.entry_states(session)
    entries: Sequence[Mapping[str, Any]] = list(_entries(data))
    chain = data.get("chain")
    head: str | None = None
    if chain is not None:
        if not isinstance(chain, dict) or not isinstance(chain.get("head"), str):
            raise NotAnExport("the export's chain head is not what repdesk writes")
        head = chain["head"]
    for entry in entries:
        if problem := _check_entry(entry, by_seq, states):
            return ExportCheck(len(entries), head, None, len(found), problem)
    head_seq = rules.extends(found, head) if head is not None else None
    if head is not None and head_seq is None:
        return ExportCheck(
            len(entries),
            head,
            None,
            len(found),
            f"the chain head on the export, {rules.short(head)}, is not in today's chain: "
            "the log was rewritten since, or the export came from another file",
        )
    verdict = chain_service.verify(session, found, read_files=False)
    if verdict.failure is not None:
        difference = f"today's threat log does not verify: {verdict.failure}"
        return ExportCheck(len(entries), head, head_seq, len(found), difference)
    return ExportCheck(len(entries), head, head_seq, len(found))
