"""What a list screen asks for, as plain data the store turns into SQL."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
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
from repdesk.domain.validation import unstorable, without_unstorable

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

# A week or a year of days is what a rep means; six digits is already 2,700 years.
_DUE = re.compile(r"^(<=?|>=?)?(\d{1,6})([dw]?)$")

MAX_FILTER_CHARS = 1_000
"""The longest filter or search text read: far more than any rep types, and a paste stays cheap."""


def search_text_problem(text: str, what: str = "The filter") -> str | None:
    """Why ``text`` cannot be searched for, as a sentence starting with ``what``; None if it can."""
    if len(text) > MAX_FILTER_CHARS:
        return f"{what} is too long ({len(text):,} characters); keep it under {MAX_FILTER_CHARS:,}."
    bad = unstorable(text)
    if bad is not None:
        return f"{what} contains {bad}, which cannot be searched for."
    return None


@dataclass(frozen=True)
class Parsed(Generic[F]):
    """A filter parsed from what the rep typed, with anything it could not read."""

    filter: F
    """The filter to apply."""
    problems: tuple[str, ...] = ()
    """Plain sentences about terms that were ignored."""


def _words_for(member: LabelledEnum) -> list[str]:
    """Every word a rep may type for ``member``: what the lists show, its label, its stored value."""
    return [_normal(word) for word in (member.short, member.label, member.value)]


def _normal(word: str) -> str:
    """``word`` as filter values compare: lower case, ``_``/``-`` as spaces, spaces single, no full stop."""
    return " ".join(word.lower().replace("_", " ").replace("-", " ").split()).rstrip(".")


def _match_enum(enum: type[E], word: str) -> E | list[E]:
    """The member ``word`` names (exactly, or as the start of one of its words), else every candidate."""
    typed = _normal(word)
    if not typed:
        return []
    for member in enum:
        if typed in _words_for(member):
            return member
    candidates = [m for m in enum if any(w.startswith(typed) for w in _words_for(m))]
    return candidates[0] if len(candidates) == 1 else candidates


def shown(member: LabelledEnum) -> str:
    """``member``'s list word as a filter value is typed (quoted when it has a space: ``"no flexi"``)."""
    word = member.short
    return f'"{word}"' if " " in word else word


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

NO = frozenset({"no", "n", "false", "0"})
"""What a yes/no term (``action:no``) reads as no."""


def yes_no(value: str) -> bool | None:
    """``value`` of a yes/no term as True or False; None when it is neither."""
    answer = value.strip().lower()
    return True if answer in YES else False if answer in NO else None


_PLAIN = re.compile(r"[^\s\"']+")
_WORD_START = re.compile(r"\S")


def _next_word(text: str, at: int) -> int:
    found = _WORD_START.search(text, at)
    return len(text) if found is None else found.start()


def _split(text: str) -> list[str]:
    """Words of ``text`` at spaces; a quote opening a word or a value holds spaces (``kind:pay,"no flexi"``).

    An apostrophe inside a word is a letter (``O'Neill``), and a quote not
    yet closed runs to the end, as the rep is still typing it. One pass over
    the text, so a pasted megabyte costs what reading it costs (``shlex``
    rebuilt each token a character at a time, quadratic in its length).
    """
    tokens: list[str] = []
    end = len(text)
    at = _next_word(text, 0)
    while at < end:
        parts: list[str] = []
        while at < end and not text[at].isspace():
            char = text[at]
            if char in "\"'" and (not parts or parts[-1].endswith((":", ","))):
                close = text.find(char, at + 1)
                close = end if close < 0 else close
                parts.append(text[at + 1 : close])
                at = close + 1
            elif char in "\"'":
                parts.append(char)
                at += 1
            else:
                plain = _PLAIN.match(text, at)
                assert plain is not None
                parts.append(plain.group())
                at = plain.end()
        if token := "".join(parts):
            tokens.append(token)
        at = _next_word(text, at)
    return tokens


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


def enum_value(enum: type[E], word: str, key: str, problems: list[str]) -> E | None:
    """The value of ``enum`` that ``word`` names, or None and a sentence in ``problems``."""
    member = _match_enum(enum, word)
    if isinstance(member, LabelledEnum):
        return member
    if member:
        could = ", ".join(shown(m) for m in member[:-1]) + f" or {shown(member[-1])}"
        problems.append(f"{key}:{word} could be {could}; type more of it.")
    else:
        choices = ", ".join(shown(m) for m in enum)
        problems.append(f"{key}:{word} is not one of {choices}.")
    return None


def _enum_values(enum: type[E], value: str, key: str, problems: list[str]) -> set[E]:
    found = {enum_value(enum, word, key, problems) for word in value.split(",")}
    return {member for member in found if member is not None}


def readable(text: str, empty: Callable[[], F]) -> tuple[str, Parsed[F] | None]:
    """``text`` as a filter parser reads it, or what to show instead when it cannot be read.

    Too long: the whole filter is ignored, with a problem saying so. Characters
    that cannot be searched for (a NUL, a broken paste) are left out, and said so.
    """
    if len(text) > MAX_FILTER_CHARS:
        problem = search_text_problem(text)
        assert problem is not None
        return "", Parsed(empty(), (problem.replace("; keep", "; it is ignored: keep"),))
    return without_unstorable(text), None


def unread(text: str) -> tuple[str, ...]:
    """A problem naming what :func:`readable` left out of ``text``, if anything."""
    bad = unstorable(text)
    return () if bad is None else (f"The filter contains {bad}, which is left out.",)


CASE_KEYS = ("status", "priority", "cat", "member", "tag", "due", "closed", "sort")
THREAT_KEYS = ("kind", "by", "channel", "audience", "status", "action", "from", "to")


def parse_case_filter(text: str) -> Parsed[CaseFilter]:
    """Read ``status:open priority:urgent cat:disciplinary member:smith due:<7d tag:x`` plus free text.

    Values may be comma-separated (``status:open,new``); ``closed:yes`` shows
    closed cases too; ``sort:due|ref|opened|urgency``. Words without a key are
    full-text search. Unknown keys or values are reported, not fatal, so the
    list keeps updating while the rep types.
    """
    cleaned, refused = readable(text, CaseFilter)
    if refused is not None:
        return refused
    problems = list(unread(text))
    words, found = terms(cleaned, CASE_KEYS)
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

    cleaned, refused = readable(text, ThreatFilter)
    if refused is not None:
        return refused
    problems = list(unread(text))
    words, found = terms(cleaned, THREAT_KEYS)
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
            related = yes_no(value)
            if related is None:
                problems.append(f"action:{value} is not understood; try action:yes or action:no.")
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
