"""Redaction that holds against how people type (issue 13, item 6).

A branch copy blanks every known member name (whole, and each part alone), every
manager the threat log names, every membership number, email and phone on the
books, and every email address and UK phone number by its pattern, however it
was typed: accented or not, composed or decomposed, in capitals or lower case,
split by a line break, with zero-width or non-breaking spaces, hyphen and
apostrophe variants, numbers in any spacing and with their prefix. The property
test types such spellings into kept text and reads every document back in every
format (PDF through pypdf) to see that none survives. A value "survives" if a
run of neighbouring words or numbers in the output, folded, spells it: so a
line break, a hyphen or an accent cannot hide it from the check either.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repdesk.domain.enums import CaseCategory, Side, ThreatAudience
from repdesk.domain.spelling import compact, digits, fold, phone_digits
from repdesk.export import PROFILES, ThreatSelection, formats_for, render
from repdesk.export.proof import check_export
from repdesk.export.redaction import NameIndex, Person, Redaction
from repdesk.store import cases
from repdesk.store.engine import Database, open_database
from tests.export.export_helpers import build, surfaces
from tests.helpers.factories import (
    make_action_point,
    make_case,
    make_member,
    make_offer,
    make_talks_session,
    make_threat,
    make_timeline_entry,
)


@dataclass(frozen=True)
class Known:
    """A member on the books, and the parts of their name that name them alone."""

    name: str
    parts: tuple[str, ...]
    number: str
    email: str
    phone: str


PEOPLE = (
    Known(
        "Zoë Qvistgård-O'Neill",
        ("Zoë", "Qvistgård", "O'Neill", "Neill", "Qvistgård-O'Neill"),
        "77123456",
        "zoe.qvistgard@example.org",
        "07700 900123",
    ),
    Known(
        "José Núñez Okonkwo",
        ("José", "Núñez", "Okonkwo", "Núñez Okonkwo"),
        "PCS 55881209",
        "j.nunez@example.net",
        "+44 20 7946 0321",
    ),
    Known(
        "Nils Løvstad-Ffoulkes",
        ("Nils", "Løvstad", "Ffoulkes"),
        "66-120-934",
        "NILS.LF@Example.co.uk",
        "01632 960555",
    ),
)
MANAGERS = {
    "Dóra Kovács-Whitfield": ("Dóra", "Kovács", "Whitfield"),
    "Ingrid Thorvaldsdóttir": ("Ingrid", "Thorvaldsdóttir"),
}
CASE = "C-2026-0001"

INSIDE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "-\n", "\u00ad\n", "\u2010\n")
"""What may come inside a word: an invisible character, or a hyphenated line break."""
GAPS = (
    " ",
    "\n",
    "\r\n",
    "\u00a0",
    "\u202f",
    "  ",
    " \n ",
    "\t",
    "-",
    "\u2010",
    "\u2011",
    "\u2013",
    "\u2014",
    "",
    "\u200b",
)
APOSTROPHES = ("'", "\u2019", "\u02bc", "")


def _plain(text: str) -> str:
    """``text`` without its accents, as someone without the keys types it."""
    text = text.replace("ø", "o").replace("Ø", "O")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


# --------------------------------------------------------------------------- adversarial spellings


@st.composite
def spelt(draw: st.DrawFn, name: str) -> str:
    """``name`` as someone might type it: each word in its own case and accents, perhaps with an
    invisible character or a hyphenated line break inside, the words joined by any space, line
    break or dash, or by nothing."""
    words = [word for word in name.replace("-", " ").split(" ") if word]
    out: list[str] = []
    for number, word in enumerate(words):
        word = word.replace("'", draw(st.sampled_from(APOSTROPHES)))
        accents = draw(st.sampled_from(("as typed", "decomposed", "plain")))
        if accents == "decomposed":
            word = unicodedata.normalize("NFD", word)
        elif accents == "plain":
            word = _plain(word)
        word = draw(st.sampled_from((word, word.upper(), word.lower(), word.title())))
        if len(word) > 1 and draw(st.booleans()):
            at = draw(st.integers(1, len(word) - 1))
            word = word[:at] + draw(st.sampled_from(INSIDE)) + word[at:]
        if number:
            out.append(draw(st.sampled_from(GAPS)))
        out.append(word)
    return "".join(out)


@st.composite
def spelt_number(draw: st.DrawFn, number: str) -> str:
    """A membership number's digits in any spacing, with or without a prefix."""
    digits = "".join(ch for ch in number if ch.isdigit())
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=3)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    joined = "".join(
        group if not index else draw(st.sampled_from((" ", "-", "", ".", "\n", " - "))) + group
        for index, group in enumerate(groups)
    )
    prefix = draw(st.sampled_from(("", "PCS", "PCS ", "pcs", "No. ", "#", "membership no ")))
    return prefix + joined


_PHONE_FORMS = (
    "0{a} {b}",
    "0{a}{b}",
    "+44 {a} {b}",
    "+44{a}{b}",
    "+44 (0){a} {b}",
    "0044 {a} {b}",
    "(0{a}) {b}",
    "0{a}-{b}",
)


@st.composite
def spelt_phone(draw: st.DrawFn, national: str) -> str:
    """A UK number (its digits after the 0) in one of the ways people write one."""
    split = 4 if national.startswith("7") else 2
    area, rest = national[:split], national[split:]
    if draw(st.booleans()):
        rest = rest[:3] + draw(st.sampled_from((" ", "-"))) + rest[3:]
    return draw(st.sampled_from(_PHONE_FORMS)).format(a=area, b=rest)


def stranger_phone() -> st.SearchStrategy[str]:
    """A UK number belonging to nobody on the books (Ofcom's drama ranges)."""
    mobile = st.from_regex(r"7700 9[0-9]{5}", fullmatch=True)
    london = st.from_regex(r"20 7946 0[0-9]{3}", fullmatch=True)
    return st.one_of(mobile, london).map(lambda n: n.replace(" ", "")).flatmap(spelt_phone)


def stranger_email() -> st.SearchStrategy[str]:
    """An email address belonging to nobody on the books."""
    local = st.from_regex(r"[a-z][a-z0-9._-]{1,10}[a-z0-9]", fullmatch=True)
    domain = st.sampled_from(("example.org", "example.co.uk", "mail.example.net"))
    address = st.builds(lambda a, b: f"qx{a}@{b}", local, domain)
    return address.flatmap(lambda a: st.sampled_from((a, a.upper(), a.title())))


@dataclass(frozen=True)
class Typed:
    """What one example typed into kept text: the spellings, and the values they spell."""

    spellings: tuple[str, ...]
    values: tuple[str, ...]
    """The values, each as the check reads it (:func:`letters`, :func:`digits`, :func:`phone_digits`)."""


@st.composite
def typed(draw: st.DrawFn) -> Typed:
    """One spelling of each kind: a member's whole name, a part of one, a manager's name or a
    part, a membership number, a member's email or phone, a stranger's email and phone."""
    person = draw(st.sampled_from(PEOPLE))
    manager, parts = draw(st.sampled_from(sorted(MANAGERS.items())))
    other = draw(st.sampled_from(PEOPLE))
    part = draw(st.sampled_from(draw(st.sampled_from(PEOPLE)).parts))
    boss = draw(st.sampled_from((manager, *parts)))
    email = draw(stranger_email())
    phone = draw(stranger_phone())
    pairs = [
        (draw(spelt(person.name)), letters(person.name)),
        (draw(spelt(part)), letters(part)),
        (draw(spelt(boss)), letters(boss)),
        (draw(spelt_number(other.number)), digits(other.number)),
        (draw(st.sampled_from((other.email, other.email.upper()))), letters(other.email)),
        (draw(spelt_phone(phone_digits(other.phone))), phone_digits(other.phone)),
        (email, letters(email)),
        (phone, phone_digits(phone)),
    ]
    order = draw(st.permutations(range(len(pairs))))
    return Typed(tuple(pairs[i][0] for i in order), tuple(pairs[i][1] for i in order))


# --------------------------------------------------------------------------- reading outputs back


def letters(value: str) -> str:
    """A name or an email as the check looks for it: its letters and digits, folded."""
    return compact(fold(value).view)


def every_secret() -> set[str]:
    """Everything on the books a branch copy must never show, as the check reads it."""
    values: set[str] = set()
    for person in PEOPLE:
        values.update(letters(v) for v in (person.name, *person.parts, person.email))
        values.update((digits(person.number), phone_digits(person.phone)))
    for manager, parts in MANAGERS.items():
        values.update(letters(v) for v in (manager, *parts))
    return values


TRUNKS = ("", "0", "44", "440", "0044", "00440")
"""What may come before a phone number's digits (the check strips it)."""


def survivors(text: str, secrets: set[str]) -> set[str]:
    """The secrets that some run of neighbouring words or numbers in ``text``, folded, spells
    (a number perhaps after a UK trunk prefix)."""
    prefixes = {(t + s)[:i] for s in secrets for t in TRUNKS for i in range(1, len(t + s) + 1)}
    words = re.findall(r"[^\W\d_]+|\d+", fold(text).view)
    found: set[str] = set()
    for first in range(len(words)):
        joined = ""
        for word in words[first:]:
            joined += word
            if joined not in prefixes:
                break
            found.update(
                joined[len(t) :] for t in TRUNKS if joined.startswith(t) and joined[len(t) :] in secrets
            )
    return found


def outputs(db: Database, profile: str) -> Iterator[tuple[str, str, str | bytes]]:
    """Every document in every format it has, for ``profile``."""
    for document in ("case", "threats", "talks"):
        doc = build(db, document, profile, ref=CASE, selection=ThreatSelection())
        for fmt in formats_for(document):
            yield document, fmt, render(doc, fmt)


# --------------------------------------------------------------------------- the database


def _fill_base(path: Path) -> None:
    db = open_database(path)
    try:
        with db.transaction() as session:
            made = [
                make_member(
                    session,
                    name=p.name,
                    membership_no=p.number,
                    email=p.email,
                    phone=p.phone,
                    department="Finance",
                )
                for p in PEOPLE
            ]
            case = make_case(session, made[0], title="Docked pay", category=CaseCategory.DETRIMENT)
            assert case.ref == CASE
            for manager in MANAGERS:
                make_threat(session, made_by=manager, member_ids=[made[1].id], witnesses="Sam Okafor")
    finally:
        db.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The members, a case and the managers' entries, written once; each example types into a copy."""
    path = tmp_path_factory.mktemp("spellings") / "base.sqlite"
    _fill_base(path)
    return path


def _type_into(path: Path, text: str, first: str) -> None:
    """``text`` typed into kept text of every document: a timeline line, a threat's exact words and
    context, a talks session's agenda and report-back, an offer and an action point."""
    db = open_database(path)
    try:
        with db.transaction() as session:
            case = cases.find_case(session, CASE)
            assert case is not None and case.id is not None
            make_timeline_entry(session, case.id, occurred_on=date(2026, 11, 2), summary=first[:200])
            make_threat(
                session,
                made_by="Dóra Kovács-Whitfield",
                audience=ThreatAudience.ONE_MEMBER,
                exact_words=text,
                context=text,
                member_ids=[case.member_id],
                case_ids=[case.id],
            )
            meeting = make_talks_session(session, agenda=text, report_back=text, venue=first[:200])
            make_offer(session, meeting, text=text)
            make_action_point(session, meeting, text=text[:500], owner_side=Side.UNION)
    finally:
        db.close()


def _copy(base: Path, tmp_path: Path) -> Path:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "example.sqlite"
    shutil.copyfile(base, path)
    return path


# --------------------------------------------------------------------------- the property


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(example=typed())
def test_no_known_name_number_email_or_phone_survives_a_branch_copy(
    base: Path, tmp_path: Path, example: Typed
) -> None:
    path = _copy(base, tmp_path)
    text = "Said: " + " and then ".join(example.spellings) + ", end."
    _type_into(path, text, example.spellings[0])
    secrets = every_secret() | set(example.values)
    db = open_database(path)
    try:
        # Not a vacuous check: the full copy shows every value typed, as the check reads it.
        full = {(d, f): out for d, f, out in outputs(db, "full")}
        shown = visible(full["threats", "json"], "json")
        assert survivors(shown, secrets) >= set(example.values)
        for document, fmt, output in outputs(db, "branch"):
            for surface in surfaces(output, fmt):
                leaked = survivors(surface, secrets)
                assert not leaked, f"{document}/{fmt}: {sorted(leaked)} survived {example.spellings!r}"
    finally:
        db.close()


def visible(output: str | bytes, fmt: str) -> str:
    """The first surface of ``output``: what a reader sees."""
    return surfaces(output, fmt)[0]


# --------------------------------------------------------------------------- the cases the issue names


def _branch(text: str, *, aliases: dict[str, str] | None = None) -> str:
    index = NameIndex(
        (Person(p.name, p.number, p.email, p.phone) for p in PEOPLE),
        MANAGERS,
    )
    redaction = Redaction(PROFILES["branch"], include_caucus=False)
    redaction.pseudonyms.update(aliases or {})
    return redaction.scrubber(index)(text)


@pytest.mark.parametrize(
    "typed_as",
    ["PCS771234", "PCS 771 234", "771234", "771-234", "pcs 77-12-34", "No.771234", "#771 234"],
)
def test_a_membership_number_goes_in_any_spacing_with_or_without_its_prefix(typed_as: str) -> None:
    index = NameIndex([Person("Kit Example", "PCS 771234")])
    redaction = Redaction(PROFILES["branch"], include_caucus=False)
    out = redaction.scrubber(index)(f"Member no {typed_as} rang.")
    assert "771" not in out and "234" not in out and out.startswith("Member no ") and out.endswith(" rang.")


@pytest.mark.parametrize(
    "phone", ["+44 7700 900123", "07700900123", "020 7946 0000", "(020) 7946-0000", "+44 (0)20 7946 0000"]
)
def test_every_uk_phone_number_goes_whoever_it_belongs_to(phone: str) -> None:
    assert _branch(f"Ring {phone} today.") == "Ring [redacted] today."


def test_only_the_matched_characters_change_and_the_rest_stays_as_typed() -> None:
    text = (
        "Ask ZOË\u00a0QVISTGÅRD-\nO\u2019NEILL\u2019s manager, Kovács, at qa.desk@example.org; it is a Case."
    )
    assert _branch(text, aliases={PEOPLE[0].name: "Member A"}) == (
        "Ask Member A\u2019s manager, [redacted], at [redacted]; it is a Case."
    )


def test_decomposed_accents_and_invisible_characters_are_blanked_with_the_name() -> None:
    decomposed = unicodedata.normalize("NFD", "Núñez")
    assert _branch(f"({decomposed}) and (Ok\u200bon\u00adkwo)") == "([member]) and ([member])"


def test_words_that_are_not_names_stay() -> None:
    """A name's letters inside other words, or split where the name has no space, are not the name."""
    index = NameIndex([Person("Isa Ann Grant"), Person("Will Hall")])
    redaction = Redaction(PROFILES["branch"], include_caucus=False)
    text = "This is a grant of annual leave; you will see the hall. Will said GRANT."
    assert redaction.scrubber(index)(text) == (
        "This is a grant of annual leave; you will see the hall. [member] said [member]."
    )


def test_dates_times_references_and_hashes_are_not_numbers() -> None:
    text = "Email 01-07-2025 10:15 and 08/05/2025 17:30 about C-2026-0003, SHA-256 ab77123456cd."
    assert _branch(text) == text


# --------------------------------------------------------------------------- talks records, every profile


def test_a_talks_record_blanks_members_details_in_every_profile_but_full(base: Path, tmp_path: Path) -> None:
    path = _copy(base, tmp_path)
    person = PEOPLE[1]
    text = f"Ring {person.name} on {person.phone} or {person.email}; no. {person.number}."
    _type_into(path, text, "Talks")
    db = open_database(path)
    try:
        want = {
            "full": set(),
            "officer": {person.phone, person.email},
            "solicitor": {person.phone, person.email, person.number},
            "branch": {person.name, person.phone, person.email, person.number},
        }
        read = {
            person.name: letters(person.name),
            person.phone: phone_digits(person.phone),
            person.email: letters(person.email),
            person.number: digits(person.number),
        }
        for profile, blanked in want.items():
            record = build(db, "talks", profile)
            for fmt in formats_for("talks"):
                shown = survivors(visible(render(record, fmt), fmt), set(read.values()))
                assert shown == {read[v] for v in set(read) - blanked}, f"{profile}/{fmt}"
    finally:
        db.close()


def test_a_branch_chronology_blanking_more_still_verifies(base: Path, tmp_path: Path) -> None:
    path = _copy(base, tmp_path)
    _type_into(path, "KOVÁCS told ZOE\nQVISTGARD to ring 07700 900 999.", "x")
    db = open_database(path)
    try:
        data = json.loads(str(render(build(db, "threats", "branch"), "json")))
        words = [e["exact_words"] for e in data["entries"] if "told" in e["exact_words"]]
        assert len(words) == 1 and re.fullmatch(
            r"\[redacted\] told Member [AB] to ring \[redacted\]\.", words[0]
        )
        with db.session() as session:
            assert check_export(session, data).ok
    finally:
        db.close()


# --------------------------------------------------------------------------- the folded view


def test_ascii_folds_one_character_for_one() -> None:
    every = "".join(map(chr, range(128)))
    folded = fold(every)
    assert folded.origin is None and len(folded.view) == len(every)


def test_a_match_maps_back_to_exactly_the_characters_it_came_from() -> None:
    text = "x Zo\u0065\u0308\u200b y"
    folded = fold(text)
    start = folded.view.index("zoe")
    assert folded.span(start, start + 3) == (2, 7)
