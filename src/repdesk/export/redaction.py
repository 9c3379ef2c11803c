"""Redaction profiles, defined here and nowhere else.

A profile says, for each *item* of casework (a field or a group of fields),
whether an export keeps it, leaves it out, or (for members' names in a branch
copy) replaces it with a pseudonym. Document fields name the item that governs
them in their dataclass metadata (see :func:`item`), so :class:`Redaction`
applies a profile generically, once, before any format is rendered.

Leaving a field out is not enough when the same value was also typed into a
kept text (a phone number in a case summary, a name in a timeline line), so a
:class:`Scrubber` then blanks every left-out value wherever it appears in the
kept text, however it was typed (:mod:`repdesk.domain.spelling`), and a
:class:`NameIndex` adds the names, numbers and contact details of everyone on
the books that the profile leaves out, whichever document it is. The README's
redaction table is :func:`table_markdown`, and a test holds the two equal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from repdesk.domain.errors import RepdeskError
from repdesk.domain.spelling import (
    UK_PHONE,
    Matcher,
    Names,
    blank,
    compact,
    digits,
    emails_matcher,
    key,
    name_parts,
    names_matcher,
    numbers_matcher,
    pattern_matcher,
    phone_digits,
    values_matchers,
)
from repdesk.domain.units import letters

__all__ = [
    "ITEMS",
    "MIN_SCRUB",
    "PROFILES",
    "REDACTED",
    "Item",
    "NameIndex",
    "Person",
    "Profile",
    "Redaction",
    "Scrubber",
    "Treatment",
    "get_profile",
    "item",
    "pseudonym",
    "scrubs",
    "table_markdown",
]

REDACTED = "[redacted]"
"""What a left-out value becomes where it was also typed into kept text."""

OTHER_MEMBER = "[member]"
"""What another member's name becomes in a pseudonymised copy."""

MIN_SCRUB = 3
"""Left-out values, and parts of names, with fewer letters than this are not blanked inside other text.

Blanking a one- or two-letter value everywhere ("Li", "Jo", "He", "An") would
wreck the document and protect little: alone, it identifies no one. A short
part is still blanked as part of the whole name ("Mo Khan").
"""

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

_PEOPLE = ("member.name", "member.membership_no", "member.contact", "threat.made_by")
"""Items blanked for everyone the file knows (:class:`NameIndex`), in every document, when a profile
leaves them out: the people a document is about are not the only ones its text can name."""

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
    strangers: bool = False
    """Whether every email address and UK phone number is blanked by its pattern, known or not."""

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
    def hides_people(self) -> bool:
        """True when a copy blanks details of everyone on the books, not only of those it is about."""
        return self.strangers or any(self.treatment(k) is not Treatment.KEEP for k in _PEOPLE)

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
        strangers=True,
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


class Person(NamedTuple):
    """One member as the redaction knows them."""

    name: str
    membership_no: str | None = None
    email: str | None = None
    phone: str | None = None


class NameIndex:
    """Everyone on the books, read once per session: every member (archived ones too) by
    name, number, email and phone, and every manager the threat log names.

    What a profile needs of it is prepared the first time it is asked for, so a
    batch of documents pays for it once.
    """

    def __init__(
        self, people: Iterable[Person | tuple[str, str | None]], managers: Iterable[str] = ()
    ) -> None:
        self.people = [Person(*person) for person in people]
        self.managers = [name for name in managers if name.strip()]
        self._names: dict[tuple[bool, bool], Names] = {}
        self._numbers: dict[tuple[bool, bool], dict[str, str]] = {}

    def names(self, *, members: bool, managers: bool) -> Names:
        """Members' names (to ``[member]``), managers' names (to ``[redacted]``), or both."""
        wanted = (members, managers)
        if wanted not in self._names:
            if members and managers:
                both = self.names(members=True, managers=False) | self.names(members=False, managers=True)
                self._names[wanted] = both
            else:
                given = (p.name for p in self.people) if members else self.managers
                replacement = OTHER_MEMBER if members else REDACTED
                self._names[wanted] = Names.build(dict.fromkeys(given, replacement), MIN_SCRUB)
        return self._names[wanted]

    def numbers(self, *, membership: bool, phones: bool) -> dict[str, str]:
        """Membership numbers' digits, phone numbers' (without their trunk prefix), or both."""
        wanted = (membership, phones)
        if wanted not in self._numbers:
            found: dict[str, str] = {}
            for person in self.people:
                if membership and person.membership_no:
                    found[digits(person.membership_no)] = REDACTED
                if phones and person.phone:
                    found[phone_digits(person.phone)] = REDACTED
            self._numbers[wanted] = {n: blanked for n, blanked in found.items() if len(n) >= MIN_SCRUB}
        return self._numbers[wanted]

    def matchers(self, profile: Profile, aliases: Mapping[str, str]) -> list[Matcher]:
        """What blanks everyone's details ``profile`` leaves out; ``aliases`` (by compact spelling)
        gives this document's members their pseudonyms instead of ``[member]``."""
        found: list[Matcher] = []
        members = profile.treatment("member.name") is not Treatment.KEEP
        managers = not profile.shows("threat.made_by")
        if members or managers:
            found.append(names_matcher(self.names(members=members, managers=managers), aliases))
        membership = not profile.shows("member.membership_no")
        contact = not profile.shows("member.contact")
        if membership or contact:
            found.append(numbers_matcher(self.numbers(membership=membership, phones=contact)))
            # A "number" with no digits at all is looked for as a value.
            odd = {p.membership_no: REDACTED for p in self.people if membership and p.membership_no}
            found += values_matchers({n: r for n, r in odd.items() if not digits(n)}, REDACTED, MIN_SCRUB)
        if contact or profile.strangers:
            emails = [p.email for p in self.people if p.email] if contact else []
            found.append(emails_matcher(emails, REDACTED, every=profile.strangers))
        if profile.strangers:
            found.append(pattern_matcher(UK_PHONE, lambda _phone: REDACTED))
        return found


class Scrubber:
    """Blanks left-out values wherever they appear in kept text, however they were typed.

    ``values`` maps each left-out value to what replaces it (``[redacted]``, or a
    member's pseudonym); they match with no word boundary, since a phone number
    glued to other text still leaks. ``tokens`` (members' names to their
    pseudonyms) blank the name and each part of it as whole words, so "Ann" goes
    but "Annual" stays. ``matchers`` add everyone on the books
    (:meth:`NameIndex.matchers`). All of them match however the value was typed
    (:mod:`repdesk.domain.spelling`), and only the matched stretch of the text is
    replaced.
    """

    def __init__(
        self,
        values: Mapping[str, str],
        tokens: Mapping[str, str] | None = None,
        matchers: Iterable[Matcher] = (),
    ) -> None:
        self._matchers = values_matchers(values, REDACTED, MIN_SCRUB)
        if tokens:
            self._matchers.append(names_matcher(Names.build(tokens, MIN_SCRUB)))
        self._matchers += matchers

    def __call__(self, text: str) -> str:
        """``text`` with every left-out value blanked."""
        return blank(text, self._matchers)

    def __bool__(self) -> bool:
        return bool(self._matchers)


# --------------------------------------------------------------------------- applying a profile


class Redaction:
    """Applies one profile to one document tree."""

    def __init__(self, profile: Profile, include_caucus: bool) -> None:
        self.profile = profile
        self.include_caucus = include_caucus
        self.pseudonyms: dict[str, str] = {}
        self.dropped: dict[str, str] = {}
        """Each left-out value, and the item it was left out as (the first, if several)."""

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
                        self.dropped.setdefault(text, key)
            else:
                self.collect(value)

    def scrubber(self, index: NameIndex | None = None) -> Scrubber:
        """After :meth:`collect`: what blanks this document's left-out values and its members' names
        (as their pseudonyms) and, with ``index``, everyone's details the profile leaves out.

        With ``index``, the people's items are left to it: it finds them as whole words or
        numbers however they were typed, which a pattern of each value cannot do as cheaply.
        """
        if index is None:
            values = {**dict.fromkeys(self.dropped, REDACTED), **self.pseudonyms}
            return Scrubber(values, self.pseudonyms)
        aliases: dict[str, str] = {}
        for name, alias in self.pseudonyms.items():
            for part in (key(name), *sorted(name_parts(name, MIN_SCRUB))):
                aliases.setdefault(compact(part), alias)
        values = {text: REDACTED for text, item in self.dropped.items() if item not in _PEOPLE}
        return Scrubber(values, matchers=index.matchers(self.profile, aliases))

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
