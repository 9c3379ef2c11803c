"""Redaction profiles, defined here and nowhere else.

A profile says, for each *item* of casework (a field or a group of fields),
whether an export keeps it, leaves it out, or (for members' names in a branch
copy) replaces it with a pseudonym. Document fields name the item that governs
them in their dataclass metadata (see :func:`item`), so :class:`Redaction`
applies a profile generically, once, before any format is rendered.

Leaving a field out is not enough when the same value was also typed into a
kept text (a phone number in a case summary, a name in a timeline line), so a
:class:`Scrubber` then blanks every left-out value wherever it appears in the
kept text. The README's redaction table is :func:`table_markdown`, and a test
holds the two equal.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from repdesk.domain.errors import RepdeskError
from repdesk.domain.units import letters

__all__ = [
    "ITEMS",
    "MIN_SCRUB",
    "PROFILES",
    "REDACTED",
    "Item",
    "NameIndex",
    "Profile",
    "Redaction",
    "Scrubber",
    "Treatment",
    "get_profile",
    "item",
    "name_words",
    "pseudonym",
    "scrubs",
    "table_markdown",
]

REDACTED = "[redacted]"
"""What a left-out value becomes where it was also typed into kept text."""

OTHER_MEMBER = "[member]"
"""What another member's name becomes in a pseudonymised copy."""

MIN_SCRUB = 3
"""Left-out values shorter than this are dropped but not blanked inside other text.

Blanking a one- or two-letter value everywhere would wreck the document and
protect nothing: such a value identifies no one.
"""

_LONG = 100
"""Values at least this long are blanked one by one rather than through the trie."""

T = TypeVar("T")


class Treatment(StrEnum):
    """What a profile does with one item."""

    KEEP = "keep"
    DROP = "drop"
    PSEUDONYM = "pseudonym"
    ON_REQUEST = "on request"


@dataclass(frozen=True)
class Item:
    """A piece of casework a profile keeps or leaves out."""

    key: str
    """Stable key used in field metadata and JSON (``member.contact``)."""
    what: str
    """What it is, in the README table and a document's "leaves out" line."""
    treatments: Mapping[str, Treatment]
    """Profile name -> treatment."""
    notes: Mapping[str, str] = field(default_factory=dict)
    """Profile name -> what the table says instead of plain yes/no."""
    scrub: bool = True
    """Whether a left-out value is also blanked inside kept text (not for short labels like tags)."""


_ALL = ("full", "officer", "solicitor", "branch")


def _rule(keep: Iterable[str], **others: Treatment) -> dict[str, Treatment]:
    kept = set(keep)
    return {p: others.get(p, Treatment.KEEP if p in kept else Treatment.DROP) for p in _ALL}


_EVERYONE = _ALL
_NOT_BRANCH = ("full", "officer", "solicitor")
_OFFICER = ("full", "officer")

ITEMS: tuple[Item, ...] = (
    Item(
        "member.name",
        "Member's name",
        _rule(_NOT_BRANCH, branch=Treatment.PSEUDONYM),
        {"branch": "pseudonym (Member A, B, …)"},
    ),
    Item("member.membership_no", "Membership number", _rule(_OFFICER)),
    Item("member.contact", "Member's email and phone", _rule(("full",))),
    Item("member.job", "Job title and work site", _rule(_NOT_BRANCH)),
    Item(
        "member.role",
        "Department, role category, office days required, work pattern",
        _rule(_EVERYONE),
    ),
    Item(
        "member.adjustments",
        "Reasonable adjustments (health): what, whether agreed, when",
        _rule(_NOT_BRANCH),
    ),
    Item(
        "member.flexible_plan",
        "Flexible-working plan (its text)",
        _rule(_NOT_BRANCH),
        {"branch": "no (approved or not, and when, is kept)"},
    ),
    Item("member.action", "Taking part in the action, and since when", _rule(_EVERYONE)),
    Item("member.consent", "Date the member consented to the rep holding their data", _rule(_OFFICER)),
    Item("member.notes", "Rep's free notes on the member", _rule(("full",))),
    Item(
        "case.facts",
        "Case reference, title, category, status, priority, stage, dates, next action",
        _rule(_EVERYONE),
    ),
    Item("case.summary", "Case summary (the facts in the rep's words)", _rule(_NOT_BRANCH)),
    Item(
        "case.tags",
        "Case tags",
        _rule(_NOT_BRANCH),
        {"branch": "no (but not blanked inside other text: tags are everyday words)"},
        scrub=False,
    ),
    Item("timeline.line", "Timeline entries: date, kind, one-line summary", _rule(_EVERYONE)),
    Item("timeline.body", "Timeline entries: the longer text", _rule(_NOT_BRANCH)),
    Item("deadline", "Deadlines, with the working of computed ones", _rule(_EVERYONE)),
    Item("file.path", "Evidence and attachment files: full path on the rep's computer", _rule(("full",))),
    Item("file.name", "Evidence and attachment files: file name", _rule(_NOT_BRANCH)),
    Item("file.facts", "Evidence and attachment files: description, SHA-256, size", _rule(_EVERYONE)),
    Item(
        "threat.words",
        "Threat log: date, channel, kind, exact words, context, document reference, alleged flag",
        _rule(_EVERYONE),
    ),
    Item(
        "threat.made_by",
        "Threat log: name of the manager who made it",
        _rule(_NOT_BRANCH),
        {"branch": "no (their role is kept)"},
    ),
    Item("threat.witnesses", "Threat log: witnesses", _rule(_NOT_BRANCH)),
    Item("talks.record", "Talks: dates, agenda, positions and offers, report-back", _rule(_EVERYONE)),
    Item("talks.people", "Talks: conciliator and attendees", _rule(_NOT_BRANCH)),
    Item("talks.notes", "Talks: notes of what was said", _rule(_NOT_BRANCH)),
    Item(
        "talks.action_owner",
        "Talks: the person who owns an action point",
        _rule(_NOT_BRANCH),
        {"branch": "no (their side is kept)"},
    ),
    Item(
        "talks.caucus",
        "Talks: private caucus notes",
        _rule((), full=Treatment.ON_REQUEST, officer=Treatment.ON_REQUEST, solicitor=Treatment.ON_REQUEST),
    ),
    Item(
        "source.path",
        "The database's folder (the file name is always shown)",
        _rule(("full",)),
    ),
)

_BY_KEY = {entry.key: entry for entry in ITEMS}

# Which items each document can hold, by key prefix.
_HOLDS: dict[str, tuple[str, ...]] = {
    "case": ("member.", "case.", "timeline.", "deadline", "file.", "threat.", "source."),
    "threats": ("member.name", "member.membership_no", "member.contact", "file.", "threat.", "source."),
    "talks": ("talks.", "source."),
}


@dataclass(frozen=True)
class Profile:
    """One redaction profile."""

    name: str
    """As typed on the command line."""
    label: str
    """As a document's heading says it ("Officer copy")."""
    purposes: Mapping[str, str]
    """Who it is for and what it holds, for each document ("case", "threats", "talks"): a talks
    record holds no health details, so its officer copy does not say it does."""

    def purpose(self, document: str) -> str:
        """Who the copy is for and what it holds, in words that fit ``document``."""
        return self.purposes[document]

    def treatment(self, key: str) -> Treatment:
        """What this profile does with ``key``."""
        return _BY_KEY[key].treatments[self.name]

    def shows(self, key: str, *, include_caucus: bool = False) -> bool:
        """True if a value of ``key`` appears (as itself or a pseudonym) in this profile's output."""
        treatment = self.treatment(key)
        if treatment is Treatment.ON_REQUEST:
            return include_caucus
        return treatment is not Treatment.DROP

    @property
    def pseudonymises(self) -> bool:
        """True when members' names become pseudonyms."""
        return self.treatment("member.name") is Treatment.PSEUDONYM

    def leaves_out(self, document: str = "", *, include_caucus: bool = False) -> tuple[str, ...]:
        """What this profile leaves out or replaces, in words, for a document's heading.

        With ``document`` ("case", "threats" or "talks"), only the items that
        document can hold are listed.
        """
        out: list[str] = []
        for entry in ITEMS:
            if document and not entry.key.startswith(_HOLDS[document]):
                continue
            treatment = entry.treatments[self.name]
            if treatment is Treatment.PSEUDONYM:
                out.append(f"{entry.what} (pseudonymised)")
            elif not self.shows(entry.key, include_caucus=include_caucus):
                out.append(entry.what)
        return tuple(out)


SOLICITOR = "the union's solicitor: names, facts and evidence, no contact details or membership number"

PROFILES: dict[str, Profile] = {
    "full": Profile(
        "full",
        "Full copy",
        {
            "case": "the rep's own copy: everything, contact details included",
            "threats": "the rep's own copy: everything, members' contact details included",
            "talks": "the rep's own copy: everything, caucus notes only if asked for",
        },
    ),
    "officer": Profile(
        "officer",
        "Officer copy",
        {
            "case": "a full-time officer taking the case on: casework and health details, no contact details",
            "threats": "a full-time officer: every entry, names included, no members' contact details",
            "talks": "a full-time officer: the whole record, caucus notes only if asked for",
        },
    ),
    "solicitor": Profile(
        "solicitor",
        "Solicitor copy",
        {
            "case": SOLICITOR,
            "threats": SOLICITOR,
            "talks": "the union's solicitor: the whole record, caucus notes only if asked for",
        },
    ),
    "branch": Profile(
        "branch",
        "Branch copy",
        {
            "case": "a branch meeting: members pseudonymised, no contact, health or free-text details",
            "threats": (
                "a branch meeting: members pseudonymised, no managers' names, witnesses or file names"
            ),
            "talks": "a branch meeting: no names of those present, notes of what was said or caucus notes",
        },
    ),
}

DEFAULT_PROFILE = "officer"
"""The profile used when none is given: contact details never leave unless the rep asks."""


def get_profile(name: str) -> Profile:
    """The profile called ``name``, or a one-line error naming the ones there are."""
    try:
        return PROFILES[name.strip().lower()]
    except KeyError:
        raise RepdeskError(
            f"There is no redaction profile called {name!r}; use one of {', '.join(PROFILES)}."
        ) from None


def scrubs(key: str) -> bool:
    """Whether a left-out value of ``key`` is also blanked inside kept text."""
    return _BY_KEY[key].scrub


def item(key: str) -> dict[str, Any]:
    """Dataclass field metadata tying a document field to the item that governs it."""
    if key not in _BY_KEY:
        raise KeyError(f"unknown redaction item {key!r}")
    return {"redaction": key}


def pseudonym(index: int) -> str:
    """``Member A`` … ``Member Z``, ``Member AA`` …, for the ``index``-th member (from 0)."""
    return f"Member {letters(index)}"


def table_markdown() -> str:
    """The redaction table as Markdown, for the README (a test keeps the two equal)."""
    names = list(PROFILES)
    lines = [
        "| what | " + " | ".join(f"`{name}`" for name in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    words = {
        Treatment.KEEP: "yes",
        Treatment.DROP: "no",
        Treatment.PSEUDONYM: "pseudonym",
        Treatment.ON_REQUEST: "only with `--include-caucus`",
    }
    for entry in ITEMS:
        cells = [entry.notes.get(name, words[entry.treatments[name]]) for name in names]
        lines.append(f"| {entry.what} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- scrubbing


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation of ``words``, shared prefixes factored out, longest match first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A word ending here is optional, so the regex still prefers the longer words.
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _constant(value: str) -> Callable[[re.Match[str]], str]:
    """A re.sub replacement that inserts ``value`` literally (no backslash processing)."""
    return lambda _match: value


def name_words(name: str) -> list[str]:
    """The words of a name long enough to blank on their own ("Priya", "Shah"; not "Al")."""
    return [word for word in re.findall(r"\w+", name) if len(word) >= MIN_SCRUB]


class NameIndex:
    """Every member's name and number, compiled once per session for pseudonymised copies.

    Thousands of names make a large pattern; building it for each document
    of a batch would cost more than the rest of the export.
    """

    def __init__(self, people: Iterable[tuple[str, str | None]]) -> None:
        self.defaults: dict[str, str] = {}
        spellings: set[str] = set()
        words: set[str] = set()
        for name, number in people:
            for value, replacement in ((name, OTHER_MEMBER), (number or "", REDACTED)):
                key = value.strip()
                if len(key) >= MIN_SCRUB:
                    self.defaults.setdefault(key.lower(), replacement)
                    spellings.update((key, key.lower()))
            words.update(name_words(name))
        self.full = re.compile(_trie_pattern(spellings), re.IGNORECASE) if spellings else None
        self.words = re.compile(r"(?<!\w)(?:" + _trie_pattern(words) + r")(?!\w)") if words else None


class Scrubber:
    """Blanks left-out values wherever they appear in kept text.

    ``values`` maps each left-out value to what replaces it (``[redacted]``,
    or a member's pseudonym). Matching ignores case and needs no word
    boundary: a phone number glued to other text still leaks. ``tokens``
    (single words of members' names, in a pseudonymised copy) match only as
    whole words and with their case, so "Will" goes but "will" stays.
    """

    def __init__(
        self,
        values: Mapping[str, str],
        tokens: Mapping[str, str] | None = None,
        names: NameIndex | None = None,
    ) -> None:
        self._names = names
        self._map: dict[str, str] = {}
        originals: set[str] = set()
        for value, replacement in values.items():
            key = value.strip()
            if len(key) >= MIN_SCRUB:
                self._map.setdefault(key.lower(), replacement)
                originals.add(key)
        # Longest first, so a long value is blanked before a shorter one inside it changes it.
        self._long = [
            (re.compile(re.escape(value), re.IGNORECASE), self._map[value.lower()])
            for value in sorted((o for o in originals if len(o) >= _LONG), key=len, reverse=True)
        ]
        # The original spelling as well as the lower-case one: a few letters (İ) change
        # length when lowered, and case-insensitive matching alone would miss them.
        short = {k for k in self._map if len(k) < _LONG} | {o for o in originals if len(o) < _LONG}
        self._short = re.compile(_trie_pattern(short), re.IGNORECASE) if short else None
        self._tokens = dict(tokens or {})
        words = [t for t in self._tokens if len(t) >= MIN_SCRUB]
        self._token_re = re.compile(r"(?<!\w)(?:" + _trie_pattern(words) + r")(?!\w)") if words else None

    def _replacement(self, match: re.Match[str]) -> str:
        return self._map.get(match.group(0).lower(), REDACTED)

    def __call__(self, text: str) -> str:
        """``text`` with every left-out value blanked."""
        if not text:
            return text
        for pattern, replacement in self._long:
            text = pattern.sub(_constant(replacement), text)
        if self._short is not None:
            text = self._short.sub(self._replacement, text)
        if self._names is not None and self._names.full is not None:
            # Everyone on the books: this document's members become their pseudonyms.
            defaults = self._names.defaults
            text = self._names.full.sub(
                lambda m: self._map.get(m.group(0).lower()) or defaults.get(m.group(0).lower(), REDACTED),
                text,
            )
        words = self._names.words if self._names is not None else self._token_re
        if words is not None:
            text = words.sub(lambda m: self._tokens.get(m.group(0), OTHER_MEMBER), text)
        return text

    def __bool__(self) -> bool:
        return bool(self._map or self._tokens or self._names)


# --------------------------------------------------------------------------- applying a profile


class Redaction:
    """Applies one profile to one document tree."""

    def __init__(self, profile: Profile, include_caucus: bool) -> None:
        self.profile = profile
        self.include_caucus = include_caucus
        self.pseudonyms: dict[str, str] = {}
        self.dropped: dict[str, str] = {}

    def _fields(self, obj: Any) -> Iterable[tuple[dataclasses.Field[Any], Any]]:
        for f in dataclasses.fields(obj):
            yield f, getattr(obj, f.name)

    def collect(self, obj: Any) -> None:
        """First pass: give pseudonyms in order of appearance and note every left-out value."""
        if isinstance(obj, tuple):
            for value in obj:
                self.collect(value)
            return
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return
        for f, value in self._fields(obj):
            key = f.metadata.get("redaction")
            if key is None:
                if f.metadata.get("scrub", True):
                    self.collect(value)
                continue
            if self.profile.treatment(key) is Treatment.PSEUDONYM:
                if isinstance(value, str) and value not in self.pseudonyms:
                    self.pseudonyms[value] = pseudonym(len(self.pseudonyms))
            elif not self.profile.shows(key, include_caucus=self.include_caucus):
                if not scrubs(key):
                    continue
                for text in value if isinstance(value, tuple) else (value,):
                    if type(text) is str:
                        self.dropped.setdefault(text, REDACTED)
            else:
                self.collect(value)

    def apply(self, obj: T, scrub: Scrubber) -> T:
        """Second pass: the same tree with left-out fields None, names pseudonymised, text scrubbed."""
        return self._apply(obj, scrub)  # type: ignore[no-any-return]

    def _apply(self, obj: Any, scrub: Scrubber) -> Any:
        if type(obj) is str:
            return scrub(obj)
        if isinstance(obj, tuple):
            return tuple(self._apply(value, scrub) for value in obj)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return obj
        changes: dict[str, Any] = {}
        for f, value in self._fields(obj):
            key = f.metadata.get("redaction")
            if not f.metadata.get("scrub", True):
                continue
            if key is not None and self.profile.treatment(key) is Treatment.PSEUDONYM:
                alias = self.pseudonyms.get(value, OTHER_MEMBER) if isinstance(value, str) else value
                changes[f.name] = alias
            elif key is not None and not self.profile.shows(key, include_caucus=self.include_caucus):
                changes[f.name] = None
            else:
                changes[f.name] = self._apply(value, scrub)
        return dataclasses.replace(obj, **changes)
