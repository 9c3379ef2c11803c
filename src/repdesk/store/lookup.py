"""Look up any record by a few typed letters, for the command palette's jump-to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from repdesk.domain.dates import format_date
from repdesk.domain.text import clip
from repdesk.store import cases, members, search
from repdesk.store.common import like_pattern
from repdesk.store.models import TalksSession, ThreatEntry


@dataclass(frozen=True)
class Target:
    """Somewhere the palette can take the rep."""

    mode: str
    """Which area shows it."""
    kind: str
    """"case", "member", "threat" or "session"."""
    ident: int
    """Its id."""
    title: str
    """What the palette lists."""
    help: str
    """A second line."""


def find(session: Session, text: str, *, limit: int = 5) -> list[Target]:
    """Cases, members, threat entries and talks sessions matching ``text``."""
    found: list[Target] = [
        Target("cases", "case", ident, f"case: {label}", "Open the case")
        for ident, label in cases.find_cases(session, text, limit)
    ]
    # An archived member is still there to jump to (kept for the record), marked so.
    named = members.find_members(session, text, limit, archived=True)
    archived = members.archived_ids(session, [ident for ident, _name in named])
    found += [
        Target(
            "members",
            "member",
            ident,
            f"member: {name}" + (" (archived)" if ident in archived else ""),
            "Open the member" + (" (archived: kept for the record)" if ident in archived else ""),
        )
        for ident, name in named
    ]
    pattern = like_pattern(text.strip())
    threats = list(
        session.exec(
            select(ThreatEntry)
            .where(col(ThreatEntry.ref).like(pattern, escape="\\"))
            .order_by(col(ThreatEntry.ref))
            .limit(limit)
        ).all()
    )
    seen = {t.id for t in threats}
    # An entry found by its words shows them in context: its title has only the start of its exact words.
    snippets: dict[int | None, str] = {}
    for hit in search.search(session, text, kinds={search.Kind.THREAT}, limit=limit):
        if hit.entity_id not in seen:
            snippets[hit.entity_id] = hit.snippet
            entry = session.get(ThreatEntry, hit.entity_id)
            if entry is not None:
                threats.append(entry)
                seen.add(entry.id)
    for entry in threats[:limit]:
        assert entry.id is not None
        found.append(
            Target(
                "threats",
                "threat",
                entry.id,
                f"threat: {entry.ref} {entry.made_by}: “{clip(entry.exact_words, 50)}”",
                " · ".join(part for part in (format_date(entry.occurred_on), snippets.get(entry.id)) if part),
            )
        )
    for hit in search.search(session, text, kinds={search.Kind.SESSION}, limit=limit):
        talks = session.get(TalksSession, hit.entity_id)
        if talks is not None and talks.id is not None:
            found.append(
                Target(
                    "talks",
                    "session",
                    talks.id,
                    f"session: {format_date(talks.held_on)} {talks.kind.label}",
                    hit.snippet,
                )
            )
    return found
