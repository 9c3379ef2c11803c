"""What a list screen asks for, as plain data the store turns into SQL."""

from __future__ import annotations

import re
import shlex
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from repdesk.domain.enums import (
    CaseCategory,
    CaseStatus,
    LabelledEnum,
    Priority,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)

F = TypeVar("F")
E = TypeVar("E", bound=LabelledEnum)


@dataclass(frozen=True)
class CaseFilter:
    """Which cases to list and in what order. Empty means "every active case, most urgent first"."""

    text: str = ""
    """Full-text search over case text and timelines."""
    statuses: frozenset[CaseStatus] = frozenset()
    """Only these statuses; empty means every status but closed (unless include_closed)."""
    priorities: frozenset[Priority] = frozenset()
    """Only these priorities."""
    categories: frozenset[CaseCategory] = frozenset()
    """Only these categories."""
    member: str = ""
    """Member name or number contains this."""
    tags: frozenset[str] = frozenset()
    """Cases carrying every one of these tags."""
    due_within_days: int | None = None
    """Next due date (deadline or next action) within this many days, overdue included."""
    include_closed: bool = False
    """Show closed cases too."""
    member_id: int | None = None
    """Only this member's cases."""
    sort: str = "urgency"
    """"urgency", "ref", "opened" or "due"."""


@dataclass(frozen=True)
class ThreatFilter:
    """Which threat-log entries to list (chronological)."""

    text: str = ""
    """Full-text search over the exact words, context and who made it."""
    kinds: frozenset[ThreatKind] = frozenset()
    """Only these kinds."""
    channels: frozenset[ThreatChannel] = frozenset()
    """Only these channels."""
    audiences: frozenset[ThreatAudience] = frozenset()
    """Only these audiences."""
    statuses: frozenset[ThreatStatus] = frozenset()
    """Only these follow-up statuses."""
    made_by: str = ""
    """Who made it contains this."""
    related_to_action: bool | None = None
    """Only entries related (or not) to the action."""
    date_from: date | None = None
    """On or after this date."""
    date_to: date | None = None
    """On or before this date."""
    member_ids: frozenset[int] = field(default_factory=frozenset)
    """Touching any of these members."""
    case_id: int | None = None
    """Touching this case."""
    newest_first: bool = False
    """Reverse the chronological order."""


# --- the filter bar's little language ------------------------------------------------

_DUE = re.compile(r"^(<=?|>=?)?(\d+)([dw]?)$")


@dataclass(frozen=True)
class Parsed(Generic[F]):
    """A filter parsed from what the rep typed, with anything it could not read."""

    filter: F
    """The filter to apply."""
    problems: tuple[str, ...] = ()
    """Plain sentences about terms that were ignored."""


def _match_enum(enum: type[E], word: str) -> E | None:
    word = word.strip().lower().replace("-", "_")
    if not word:
        return None
    for member in enum:
        if word in {member.value, member.name.lower()}:
            return member
    candidates = [
        m for m in enum if m.value.startswith(word) or m.label.lower().startswith(word.replace("_", " "))
    ]
    return candidates[0] if len(candidates) == 1 else None


def settled(text: str) -> str:
    """``text`` without a last free word of one or two letters that is still being typed.

    While the rep types "status" or "pay", "s", "st" and "pa" would each
    search (and a short word matches either nearly everything or, whole,
    nearly nothing), so the list would jump at every key. A short last word
    counts once a space follows it or the rep presses enter: "HR " finds HR.
    Terms (``key:value``) always count.
    """
    stripped = text.rstrip()
    if stripped != text or not stripped:
        return text
    last = stripped.split()[-1]
    if ":" in last or len(last) > 2:
        return text
    return text[: len(text) - len(last)]


YES = frozenset({"yes", "y", "true", "1"})
"""What a yes/no term (``action:yes``) reads as yes."""


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote while the rep is still typing
        return text.split()


def terms(text: str, keys: Collection[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The free words of what the rep typed, and its ``key:value`` terms for ``keys``, in order.

    A word with an unknown key is a free word; a term with no value yet
    (``status:`` half typed) is left out.
    """
    words: list[str] = []
    found: list[tuple[str, str]] = []
    for token in _split(text):
        key, sep, value = token.partition(":")
        key = key.lower()
        if not sep or key not in keys:
            words.append(token)
        elif value:
            found.append((key, value))
    return words, found


def _enum_values(enum: type[E], value: str, key: str, problems: list[str]) -> set[E]:
    found: set[E] = set()
    for word in value.split(","):
        member = _match_enum(enum, word)
        if member is None:
            choices = ", ".join(m.value for m in enum)
            problems.append(f"{key}:{word} is not one of {choices}.")
        else:
            found.add(member)
    return found


CASE_KEYS = ("status", "priority", "cat", "member", "tag", "due", "closed", "sort")
THREAT_KEYS = ("kind", "by", "channel", "audience", "status", "action", "from", "to")


def parse_case_filter(text: str) -> Parsed[CaseFilter]:
    """Read ``status:open priority:urgent cat:disciplinary member:smith due:<7d tag:x`` plus free text.

    Values may be comma-separated (``status:open,new``); ``closed:yes`` shows
    closed cases too; ``sort:due|ref|opened|urgency``. Words without a key are
    full-text search. Unknown keys or values are reported, not fatal, so the
    list keeps updating while the rep types.
    """
    problems: list[str] = []
    words, found = terms(text, CASE_KEYS)
    statuses: set[CaseStatus] = set()
    priorities: set[Priority] = set()
    categories: set[CaseCategory] = set()
    tags: set[str] = set()
    member = ""
    due: int | None = None
    include_closed = False
    sort = "urgency"
    for key, value in found:
        if key == "status":
            statuses |= _enum_values(CaseStatus, value, key, problems)
        elif key == "priority":
            priorities |= _enum_values(Priority, value, key, problems)
        elif key == "cat":
            categories |= _enum_values(CaseCategory, value, key, problems)
        elif key == "member":
            member = value
        elif key == "tag":
            tags |= {t.lower().lstrip("#") for t in value.split(",") if t}
        elif key == "due":
            match = _DUE.match(value.lower())
            if match:
                days = int(match.group(2)) * (7 if match.group(3) == "w" else 1)
                due = days
            else:
                problems.append(f"due:{value} is not understood; try due:<7d or due:<2w.")
        elif key == "closed":
            include_closed = value.lower() in YES | {"all"}
        elif key == "sort":
            if value.lower() in {"urgency", "due", "ref", "opened"}:
                sort = value.lower()
            else:
                problems.append(f"sort:{value} is not one of urgency, due, ref, opened.")
    return Parsed(
        CaseFilter(
            text=" ".join(words),
            statuses=frozenset(statuses),
            priorities=frozenset(priorities),
            categories=frozenset(categories),
            member=member,
            tags=frozenset(tags),
            due_within_days=due,
            include_closed=include_closed or CaseStatus.CLOSED in statuses,
            sort=sort,
        ),
        tuple(problems),
    )


def parse_threat_filter(text: str, *, today: date | None = None) -> Parsed[ThreatFilter]:
    """Read ``kind:pay by:smith channel:email audience:all status:logged action:yes from:1/1/25 to:today``."""
    from repdesk.domain.dates import parse_date
    from repdesk.domain.errors import DateInputError

    problems: list[str] = []
    words, found = terms(text, THREAT_KEYS)
    kinds: set[ThreatKind] = set()
    channels: set[ThreatChannel] = set()
    audiences: set[ThreatAudience] = set()
    statuses: set[ThreatStatus] = set()
    made_by = ""
    related: bool | None = None
    dates: dict[str, date | None] = {"from": None, "to": None}
    for key, value in found:
        if key == "kind":
            kinds |= _enum_values(ThreatKind, value, key, problems)
        elif key == "channel":
            channels |= _enum_values(ThreatChannel, value, key, problems)
        elif key == "audience":
            audiences |= _enum_values(ThreatAudience, value, key, problems)
        elif key == "status":
            statuses |= _enum_values(ThreatStatus, value, key, problems)
        elif key == "by":
            made_by = value
        elif key == "action":
            related = value.lower() in YES
        else:
            try:
                dates[key] = parse_date(value, today=today)
            except DateInputError as exc:
                problems.append(f"{key}: {exc}")
    return Parsed(
        ThreatFilter(
            text=" ".join(words),
            kinds=frozenset(kinds),
            channels=frozenset(channels),
            audiences=frozenset(audiences),
            statuses=frozenset(statuses),
            made_by=made_by,
            related_to_action=related,
            date_from=dates["from"],
            date_to=dates["to"],
        ),
        tuple(problems),
    )
