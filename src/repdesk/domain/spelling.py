"""How people type a name, a number or an address, and finding it however it was typed.

A branch copy must blank a member's name whether it was typed ``Søndergaard``,
``SONDERGAARD``, ``Sondergaard`` or ``Sønder-`` and ``gaard`` across a line break.
Matching runs on a *folded view* of the text (:func:`fold`), and every match
maps back to a span of the original text (:meth:`Folded.span`), so only the
matched characters are replaced and everything else stays exactly as typed.

The view folds each character on its own, so a value folds the same inside a
text as alone:

- case (``casefold``), accents written either way (composed ``é`` or ``e`` and a
  combining mark), compatibility forms (full-width letters, ligatures), the
  letters search also spells plainly (ø, ł, ß, æ: :data:`repdesk.domain.folding.LETTERS`)
  and other scripts' digits;
- every kind of white space (line breaks, non-breaking spaces) becomes ``" "``,
  every apostrophe ``"'"`` and every hyphen or dash (soft hyphens too) ``"-"``;
- invisible characters (zero-width spaces and joiners, direction marks) and
  leftover combining marks disappear.

Names are found word by word (:func:`names_matcher`): the words and numbers of
the view, joined, must spell a name's letters, with an apostrophe or hyphen
allowed anywhere between them but a bare space or line break only where the
name has a gap, so "Smith Jones", "Smith-Jones" and "SmithJones" are all
"Smith-Jones", "ONeill" is "O'Neill", but "is a" is not the name "Isa". Numbers
are found in runs of digits however spaced (:func:`numbers_matcher`), emails
and UK phone numbers by their shape (:data:`EMAIL`, :data:`UK_PHONE`), and any
other left-out value by a pattern of its folded spelling (:func:`values_matchers`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from repdesk.domain.folding import LETTERS

__all__ = [
    "EMAIL",
    "EVERYDAY",
    "GAP",
    "JOIN",
    "PARTICLES",
    "UK_PHONE",
    "Folded",
    "Found",
    "Matcher",
    "Names",
    "blank",
    "compact",
    "digits",
    "emails_matcher",
    "fold",
    "key",
    "name_parts",
    "names_matcher",
    "numbers_matcher",
    "pattern_matcher",
    "person_matchers",
    "phone_digits",
    "trie_pattern",
    "values_matchers",
]

GAP = r"[ '\-]*"
"""In a pattern, between the words of a value: any run of spaces, apostrophes and hyphens, or none."""

JOIN = r"(?:['\-] ?)?"
"""In a pattern, between two letters of one word: an apostrophe or hyphen, perhaps then a line
break, or nothing ("ONeill" finds "O'Neill", "Qvist-" and "gaard" across a line finds "Qvistgaard")."""

_NUMBER_JOIN = r"[ .\-/()]{0,3}"
"""Between two digits of a number: up to three spaces, dots, hyphens, slashes or brackets."""

_GLUED = r"(?<![^\W_])(?:[^\W\d_]{1,12}[.:#]?)?"
"""Where a number may start: not inside a word, but perhaps after letters glued to it
("PCS771234", "No.771234", "mob07700…"), which are blanked with it."""

UK_PHONE = re.compile(
    _GLUED
    + r"(?:\+ ?44 ?(?:\(0\) ?)?|0044 ?(?:\(0\) ?)?|\(?0)[1-9]\d(?:(?:[ \-]|\) ?)?\d){7,8}(?![^\W_]|:\d)"
)
"""A UK phone number in the folded view, however spaced: ``+44 7700 900123``, ``07700900123``,
``020 7946 0000``, ``(020) 7946-0000``, ``+44 (0)20 7946 0000``. Its first group has three digits
or more and no time follows it, so a date and time ("01-07-2025 10:15") is not one."""

_DIGIT_RUN = re.compile(_GLUED + r"(?:\+ ?|\()?\d(?:" + _NUMBER_JOIN + r"\d)*(?![^\W_])")
"""A run of digits however spaced, where a membership number or a phone number may hide."""

EMAIL = re.compile(r"[\w.%+'\-]+@[\w\-]+(?:\.[\w\-]+)+")
"""An email address in the folded view (invisible characters inside it are already gone)."""

EVERYDAY = frozenset((
    "able", "april", "art", "august", "autumn", "baker", "ball", "bank", "banks", "bay", "bell",
    "best", "bill", "bird", "black", "bond", "booth", "bright", "brook", "brooks", "brown", "bush",
    "can", "case", "cash", "chance", "chase", "child", "church", "clay", "close", "cook", "cross",
    "dale", "dawn", "day", "dean", "drew", "early", "east", "english", "eve", "fair", "faith",
    "field", "fields", "fish", "fisher", "ford", "fox", "frank", "free", "french", "friend", "gay",
    "gold", "good", "grace", "grant", "gray", "green", "grey", "guy", "hall", "hand", "head",
    "heart", "hill", "holly", "hope", "house", "hunt", "hunter", "ivy", "joy", "june", "just",
    "king", "knight", "lake", "lamb", "land", "lane", "law", "lord", "love", "long", "major",
    "march", "mark", "marks", "marsh", "mason", "may", "mill", "mills", "moon", "moss", "new",
    "noble", "north", "page", "park", "pat", "peace", "penny", "power", "price", "rain", "ray",
    "read", "reed", "rice", "rich", "rivers", "rock", "rose", "said", "sage", "sharp", "short",
    "sky", "small", "snow", "south", "spring", "stone", "storm", "strong", "summer", "sun", "sunny",
    "swan", "sweet", "swift", "tan", "ward", "waters", "well", "wells", "welsh", "west", "white", "will",
    "winter", "wise", "wolf", "wood", "woods", "young",
))  # fmt: skip
"""Parts of names that are also everyday English words ("will", "may", "grant", "green").

Alone and in lower case such a word is almost always the word, so a part of a
name found here is blanked only where it has a capital ("Will", "WILL");
whole names, and every other part, are blanked however they are written."""

_SEPARATORS = re.compile(r"[ '\-]+")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_LONG = 100
"""Values at least this long are matched without :data:`JOIN` inside their words."""

_APOSTROPHES = "'\u2019\u02bc\u2018\u201b\u0060\u00b4\u2032\uff07"
_HYPHENS = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b"
_LOWER_LETTERS = {k: v.lower() for k, v in LETTERS.items()}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """What one character becomes in the folded view (possibly nothing, possibly several)."""
    if ch.isspace():
        return " "
    if ch in _APOSTROPHES:
        return "'"
    if ch in _HYPHENS:
        return "-"
    category = unicodedata.category(ch)
    if category == "Cf" or category.startswith("M"):
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    out: list[str] = []
    for part in unicodedata.normalize("NFKD", ch.casefold()):
        if unicodedata.combining(part) or unicodedata.category(part) == "Cf":
            continue
        part = _LOWER_LETTERS.get(part, part)
        out.append(" " if part.isspace() else part)
    return "".join(out)


_ASCII = str.maketrans({chr(i): _fold_char(chr(i)) for i in range(128) if _fold_char(chr(i)) != chr(i)})
"""The view of ASCII text, one character for one (a test holds it so), so its offsets need no map."""


@dataclass(frozen=True, slots=True)
class Folded:
    """A text's folded view, and where each of its characters came from."""

    original: str
    """The text as typed."""
    view: str
    """The folded view patterns run on."""
    origin: tuple[int, ...] | None
    """For each character of ``view``, the index of the original character it came from;
    None when the two line up one to one (ASCII text)."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``view[start:end]`` came from, with any invisible
        characters or combining marks straight after it (they belong to its last letter)."""
        if self.origin is None:
            return start, end
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        text = self.original
        while last < len(text) and not _fold_char(text[last]):
            last += 1
        return first, last


def fold(text: str) -> Folded:
    """``text`` and its folded view (see the module's docstring)."""
    if text.isascii():
        return Folded(text, text.translate(_ASCII), None)
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded:
            parts.append(folded)
            origin.extend([index] * len(folded))
    return Folded(text, "".join(parts), tuple(origin))


def key(text: str) -> str:
    """``text`` folded, each run of spaces, apostrophes and hyphens one space: ``"o neill"``."""
    return " ".join(part for part in _SEPARATORS.split(fold(text).view) if part)


def compact(view: str) -> str:
    """A key or a matched stretch of the view as its letters and digits alone, to look a match up by."""
    return "".join(_TOKEN.findall(view))


PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "della", "den", "der", "di", "du", "el", "la", "le", "st", "van", "von"}
)
"""Parts of names too common to name anyone alone ("van", "de"): found only beside the rest of the name."""


def name_parts(name: str, shortest: int) -> set[str]:
    """Every part of ``name`` that can name someone alone, folded.

    Each word ("priya", "shah"; "o'brien" and "brien" for O'Brien) and every
    run of neighbouring words short of the whole name ("da silva" in
    "Ana Da Silva"), leaving out any with fewer than ``shortest`` letters and
    any made of :data:`PARTICLES` alone.
    """
    view = fold(name).view
    words = [m for m in re.finditer(r"[^ \-]+", view) if compact(m.group())]
    parts: set[str] = set()
    for size in range(1, max(len(words), 2)):
        for start in range(len(words) - size + 1):
            parts.add(view[words[start].start() : words[start + size - 1].end()])
    for word in words:
        parts.update(piece for piece in word.group().split("'") if piece)
    return {
        part
        for part in parts
        if len(compact(part)) >= shortest and not set(_TOKEN.findall(part)) <= PARTICLES
    }


def digits(text: str) -> str:
    """The digits of ``text``, in order (other scripts' digits as 0-9)."""
    return "".join(ch for ch in fold(text).view if ch.isdigit())


def phone_digits(phone: str) -> str:
    """A phone number's digits without its UK trunk prefix: ``+44 7700 900123`` and
    ``07700 900123`` both give ``7700900123``."""
    found = digits(phone)
    if phone.strip().startswith(("+44", "0044")):
        found = found.removeprefix("00").removeprefix("44")
    return found.removeprefix("0")


def trie_pattern(keys: Iterable[str], *, join: str = "") -> str:
    """One regex alternation of folded ``keys``, shared prefixes factored out, longest match first.

    A space in a key matches :data:`GAP`; between two letters of a key, ``join`` may come
    (:data:`JOIN`: a pattern of many keys compiles several times slower with it).
    """
    trie: dict[str, Any] = {}
    for word in keys:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any], inside: bool) -> str:
        letters = [
            re.escape(ch) + build(child, True) for ch, child in sorted(node.items()) if ch not in ("", " ")
        ]
        branches = [GAP + build(node[" "], False)] if " " in node else []
        if letters:
            body = letters[0] if len(letters) == 1 else "(?:" + "|".join(letters) + ")"
            branches.append(join + body if inside and join else body)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A key ending here is optional, so the regex still prefers the longer keys.
        return f"(?:{body})?" if "" in node else body

    return build(trie, False)


# --------------------------------------------------------------------------- finding and blanking

Found = tuple[int, int, str]
"""Where a match starts and ends, and what replaces it."""


@dataclass(frozen=True)
class Matcher:
    """One way of finding what to blank in a text."""

    find: Callable[[Folded], Iterable[Found]]
    """The matches in a text, in its folded view's offsets (or the text's, without ``on_view``)."""
    on_view: bool = True
    """False for a matcher that looks at the text as typed."""


def pattern_matcher(pattern: re.Pattern[str], replace: Callable[[str], str | None]) -> Matcher:
    """Every match of ``pattern`` in the folded view, replaced as ``replace`` says (None: left alone)."""

    def find(folded: Folded) -> Iterator[Found]:
        for m in pattern.finditer(folded.view):
            replacement = replace(m.group())
            if replacement is not None and m.end() > m.start():
                yield m.start(), m.end(), replacement

    return Matcher(find)


def _literal(value: str, replacement: str) -> Matcher:
    """``value`` as typed (ignoring case), for one whose folded spelling is too short to look for."""
    pattern = re.compile(re.escape(value), re.IGNORECASE)

    def find(folded: Folded) -> Iterator[Found]:
        for m in pattern.finditer(folded.original):
            yield m.start(), m.end(), replacement

    return Matcher(find, on_view=False)


def values_matchers(values: Mapping[str, str], default: str, shortest: int) -> list[Matcher]:
    """``values`` (to their replacements) wherever they appear, however spelt, no word boundary needed.

    Values shorter than ``shortest`` are left alone; one that folds to fewer
    letters than that (mostly marks or invisible characters) is looked for as
    typed, ignoring case.
    """
    table: dict[str, str] = {}
    keys: set[str] = set()
    found: list[Matcher] = []
    for value, replacement in values.items():
        if len(value.strip()) < shortest:
            continue
        folded = key(value)
        if len(compact(folded)) >= shortest:
            table.setdefault(compact(folded), replacement)
            keys.add(folded)
            continue
        found.append(_literal(value.strip(), replacement))
    # Inside the words of a short value (a name, a number) an apostrophe or hyphen may come; a long
    # one (a case summary left out) is a passage of text, where that would cost more than it finds.
    short = {k for k in keys if len(k) < _LONG}
    for group, join in ((short, JOIN), (keys - short, "")):
        if group:
            pattern = re.compile(trie_pattern(group, join=join))
            found.append(pattern_matcher(pattern, lambda m: table.get(compact(m), default)))
    return found


_NAME_SEPARATOR = re.compile(r"[ '\-]+")


def _joints(spelled: str) -> dict[int, str]:
    """Where a folded name's words and numbers meet (after how many letters), and what is between."""
    tokens = list(_TOKEN.finditer(spelled))
    found: dict[int, str] = {}
    letters = 0
    for before, after in itertools.pairwise(tokens):
        letters += before.end() - before.start()
        found[letters] = spelled[before.end() : after.start()]
    return found


def _fits(typed: list[tuple[int, str]], own: Mapping[int, str]) -> bool:
    """Whether what a text has between the words of a name (after how many letters, what)
    spells the name: a bare space or line break only where the name has a gap (so "Isa" is
    not "is a"), an apostrophe or hyphen (perhaps then a line break) anywhere, anything else
    only as in the name."""
    for letters, between in typed:
        if not between or between == own.get(letters):
            continue
        if not _NAME_SEPARATOR.fullmatch(between) or (between.isspace() and letters not in own):
            return False
    return True


@dataclass(frozen=True)
class Names:
    """Names and parts of names to find as whole words, by their letters (:func:`compact`)."""

    replacements: Mapping[str, str]
    """What replaces each."""
    joints: Mapping[str, Mapping[int, str]]
    """Where each has something between its words, and what (:func:`_joints`)."""
    everyday: frozenset[str]
    """Those blanked only where written with a capital (single words in :data:`EVERYDAY`)."""
    longest: int
    """The most words any of them has."""

    @classmethod
    def build(cls, names: Mapping[str, str], shortest: int, *, everyday: bool = True) -> Names:
        """Every name in ``names`` (to its replacement) and each part of it (:func:`name_parts`);
        the first replacement given for a spelling wins. Without ``everyday`` a part that is
        also an everyday word is found in lower case too (where missing one costs more than
        a word replaced in error: erasure)."""
        replacements: dict[str, str] = {}
        joints: dict[str, dict[int, str]] = {}
        for name, replacement in names.items():
            for spelled in {fold(name).view.strip(), *name_parts(name, shortest)}:
                letters = compact(spelled)
                if len(letters) >= shortest and letters not in replacements:
                    replacements[letters] = replacement
                    joints[letters] = _joints(spelled)
        lower_too = frozenset(EVERYDAY.intersection(replacements) if everyday else ())
        return cls(replacements, joints, lower_too, 1 + max(map(len, joints.values()), default=0))

    def __or__(self, other: Names) -> Names:
        """Both, this one's replacement winning where they share a spelling."""
        return Names(
            {**other.replacements, **self.replacements},
            {**other.joints, **self.joints},
            self.everyday | other.everyday,
            max(self.longest, other.longest),
        )


def names_matcher(names: Names, aliases: Mapping[str, str] | None = None) -> Matcher:
    """``names`` as whole words, however cased, accented, hyphenated or split across lines;
    ``aliases`` (by :func:`compact` spelling) replace some of them instead."""
    aliases = aliases or {}

    def find(folded: Folded) -> Iterator[Found]:
        view = folded.view
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(view)]
        for first, (start, _end) in enumerate(tokens):
            letters = ""
            typed: list[tuple[int, str]] = []
            best: tuple[int, str] | None = None
            for last in range(first, min(first + names.longest, len(tokens))):
                if last > first:
                    between = view[tokens[last - 1][1] : tokens[last][0]]
                    if len(between) > 4:
                        break
                    typed.append((len(letters), between))
                letters += view[tokens[last][0] : tokens[last][1]]
                if letters in names.replacements and _fits(typed, names.joints[letters]):
                    best = (tokens[last][1], letters)
            if best is None:
                continue
            end, letters = best
            if letters in names.everyday:
                shown = folded.original[slice(*folded.span(start, end))]
                if shown == shown.lower():
                    continue
            yield start, end, aliases.get(letters) or names.replacements[letters]

    return Matcher(find)


def _trunks(number: str) -> Iterator[str]:
    """``number``, and without a UK trunk prefix it may carry (0, 44, 0044, 44 0)."""
    yield number
    for trunk in ("0", "44", "440", "0044", "00440"):
        if number.startswith(trunk):
            yield number[len(trunk) :]


def numbers_matcher(numbers: Mapping[str, str]) -> Matcher:
    """Digit strings (to their replacements) however spaced, with or without letters glued
    before them ("PCS771234") or a UK trunk prefix ("+44 (0)", "0"); no digit may run on
    either side."""

    def find(folded: Folded) -> Iterator[Found]:
        for run in _DIGIT_RUN.finditer(folded.view):
            groups = [
                (m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\d+", run.group())
            ]
            first = 0
            while first < len(groups):
                for last in range(len(groups) - 1, first - 1, -1):
                    found = "".join(folded.view[a:b] for a, b in groups[first : last + 1])
                    hit = next((numbers[n] for n in _trunks(found) if n in numbers), None)
                    if hit is not None:
                        yield (run.start() if first == 0 else groups[first][0]), groups[last][1], hit
                        first = last
                        break
                first += 1

    return Matcher(find)


def emails_matcher(known: Iterable[str], replacement: str, *, every: bool = False) -> Matcher:
    """Email addresses in ``known`` (any spelling of them inside an address), or ``every`` one."""
    wanted = {fold(email).view.strip() for email in known}

    def replace(found: str) -> str | None:
        return replacement if every or any(email in found for email in wanted) else None

    return pattern_matcher(EMAIL, replace)


def person_matchers(
    name: str,
    numbers: Iterable[str | None],
    email: str | None,
    phone: str | None,
    replacement: str,
    shortest: int,
    *,
    everyday: bool = True,
) -> list[Matcher]:
    """One person, however their name (whole and each part), ``numbers``, email and phone were typed.

    A number written as stored goes whole, its prefix too ("QX-771234"); its digits go however spaced.
    """
    given = [number for number in numbers if number]
    found = [names_matcher(Names.build({name: replacement}, shortest, everyday=everyday))]
    found += values_matchers(dict.fromkeys(given, replacement), replacement, shortest)
    spelled = {digits(number) for number in given}
    if phone:
        spelled.add(phone_digits(phone))
    if wanted := {n: replacement for n in spelled if len(n) >= shortest}:
        found.append(numbers_matcher(wanted))
    if email:
        found.append(emails_matcher([email], replacement))
    return found


def blank(text: str, matchers: Sequence[Matcher]) -> str:
    """``text`` with every match of ``matchers`` replaced.

    Only the original characters a match came from are replaced; matches that
    overlap become one, replaced as the first (then longest, then earliest
    matcher) says.
    """
    if not text or not matchers:
        return text
    folded = fold(text)
    spans: list[tuple[int, int, int, str]] = []
    for order, matcher in enumerate(matchers):
        for start, end, replacement in matcher.find(folded):
            if matcher.on_view:
                start, end = folded.span(start, end)
            spans.append((start, -end, order, replacement))
    if not spans:
        return text
    merged: list[tuple[int, int, str]] = []
    for start, negative_end, _order, replacement in sorted(spans):
        if merged and start < merged[-1][1]:
            first, end, chosen = merged[-1]
            merged[-1] = (first, max(end, -negative_end), chosen)
        else:
            merged.append((start, -negative_end, replacement))
    pieces: list[str] = []
    done = 0
    for start, end, replacement in merged:
        pieces += [text[done:start], replacement]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)
