"""Bad input is refused by the service in plain words, and a refusal writes nothing (issue 11, item 2).

A lone surrogate or a NUL in any text or date field, a number beyond SQLite's
integer range, an over-long file name and a search of 50,000+ bytes are each
an ``Invalid`` naming the field, never ``UnicodeEncodeError``,
``OverflowError``, ``OSError`` or "could not use the database".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from sqlmodel import Session, SQLModel

from repdesk.domain.filters import CaseFilter, ThreatFilter
from repdesk.domain.member_filter import MemberFilter
from repdesk.store import cases, lookup, members, models, profile, search, talks, threats
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, NotFound
from repdesk.store.models import AttachmentCreate, Case, UpdateModel
from repdesk.store.models.base import Input
from tests.helpers.factories import (
    ident,
    make_action_point,
    make_case,
    make_deadline,
    make_member,
    make_offer,
    make_talks_session,
    make_threat,
    make_timeline_entry,
)

BEYOND = 2**63
"""One past SQLite's largest integer."""


def _input_models() -> list[type[BaseModel]]:
    """Every Create and Update model the services take, found by looking, so a new one cannot be missed."""
    found: list[type[BaseModel]] = []
    for name in dir(models):
        model = getattr(models, name)
        if not isinstance(model, type) or model in (Input, UpdateModel):
            continue
        is_table = "__table__" in vars(model)
        if issubclass(model, UpdateModel) or (
            issubclass(model, Input) and not name.endswith("Base") and not is_table
        ):
            found.append(model)
    return found


INPUTS = _input_models()

# What each model is given to, and the least it needs to be accepted. Updates get the
# record's current version unless the example sets one.
Service = Callable[[Session, dict[str, int], dict[str, Any]], object]
SERVICES: dict[str, tuple[Service, dict[str, Any]]] = {
    "MemberCreate": (lambda s, i, d: members.create_member(s, d), {"name": "Ann"}),
    "MemberUpdate": (lambda s, i, d: members.update_member(s, i["member"], d), {}),
    "CaseCreate": (
        lambda s, i, d: cases.create_case(s, d),
        {"title": "Docked", "category": "other"},
    ),  # + member
    "CaseUpdate": (lambda s, i, d: cases.update_case(s, i["case"], d), {}),
    "TimelineEntryCreate": (lambda s, i, d: cases.add_timeline_entry(s, i["case"], d), {"summary": "Call"}),
    "TimelineEntryUpdate": (lambda s, i, d: cases.update_timeline_entry(s, i["entry"], d), {}),
    "DeadlineCreate": (
        lambda s, i, d: cases.add_deadline(s, i["case"], d),
        {"what": "Reply", "due_on": date(2026, 12, 1)},
    ),
    "DeadlineUpdate": (lambda s, i, d: cases.update_deadline(s, i["deadline"], d), {}),
    "AttachmentCreate": (
        lambda s, i, d: cases.attach_to_entry(s, i["entry"], AttachmentCreate.model_construct(**d)),
        {},  # a real file's path: see _least
    ),
    "ThreatEntryCreate": (
        lambda s, i, d: threats.log_threat(s, d),
        {
            "occurred_on": date(2026, 11, 3),
            "made_by": "Supt Example",
            "channel": "email",
            "audience": "team",
            "kind": "pay_deduction",
            "exact_words": "Your pay will be docked.",
        },
    ),
    "ThreatCorrection": (lambda s, i, d: threats.correct_threat(s, i["threat"], d), {"reason": "Wrong day"}),
    "TalksSessionCreate": (lambda s, i, d: talks.create_session(s, d), {"held_on": date(2026, 11, 10)}),
    "TalksSessionUpdate": (lambda s, i, d: talks.update_session(s, i["session"], d), {}),
    "OfferCreate": (
        lambda s, i, d: talks.add_offer(s, i["session"], d),
        {"side": "employer", "text": "Three"},
    ),
    "OfferUpdate": (lambda s, i, d: talks.update_offer(s, i["offer"], d), {}),
    "ActionPointCreate": (lambda s, i, d: talks.add_action_point(s, i["session"], d), {"text": "Send it"}),
    "ActionPointUpdate": (lambda s, i, d: talks.update_action_point(s, i["point"], d), {}),
    "RepProfileCreate": (lambda s, i, d: profile.save_profile(s, d), {"name": "Rep", "union": "PCS"}),
    "RepProfileUpdate": (lambda s, i, d: profile.update_profile(s, d), {}),
}
SERVICES["ThreatCorrection"][1].update(SERVICES["ThreatEntryCreate"][1])

# The record each Update changes, to read its current version.
UPDATED: dict[str, tuple[type[SQLModel], str]] = {
    "MemberUpdate": (models.Member, "member"),
    "CaseUpdate": (models.Case, "case"),
    "TimelineEntryUpdate": (models.TimelineEntry, "entry"),
    "DeadlineUpdate": (models.Deadline, "deadline"),
    "TalksSessionUpdate": (models.TalksSession, "session"),
    "OfferUpdate": (models.Offer, "offer"),
    "ActionPointUpdate": (models.ActionPoint, "point"),
    "RepProfileUpdate": (models.RepProfile, "profile"),
}


def test_every_input_model_has_a_service_here() -> None:
    assert {model.__name__ for model in INPUTS} == set(SERVICES)


def _least(name: str, records: dict[str, int], folder: Path) -> dict[str, Any]:
    """What ``name``'s service needs to accept a record, with the ids and file this test made."""
    least = dict(SERVICES[name][1])
    if name == "CaseCreate":
        least["member_id"] = records["member"]
    if name == "AttachmentCreate":
        least["path"] = str(folder / "evidence.txt")
    return least


@pytest.fixture
def records(db: Database, tmp_path: Path) -> dict[str, int]:
    """One record of every kind an input refers to, committed, and a file to attach."""
    (tmp_path / "evidence.txt").write_text("a letter")
    with db.transaction() as s:
        member = make_member(s)
        case = make_case(s, member)
        held = make_talks_session(s)
        return {
            "member": ident(member),
            "case": ident(case),
            "entry": ident(make_timeline_entry(s, case)),
            "deadline": ident(make_deadline(s, case)),
            "threat": ident(make_threat(s)),
            "session": ident(held),
            "offer": ident(make_offer(s, held)),
            "point": ident(make_action_point(s, held)),
            "profile": profile.save_profile(s, {"name": "Rep", "union": "PCS"}).id or 0,
        }


def _rows(db: Database) -> dict[str, int]:
    """Rows in every table of the file (the search index and audit log included)."""
    with db.session() as s:
        connection = s.connection()
        names = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: int(connection.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar_one())
            for name in names
        }


def _not_a_number(text: str) -> bool:
    """Text no int field reads as a number (a number is a fine id or version: other tests cover those)."""
    try:
        float(text)
    except ValueError:
        return True
    return False


NASTY_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec=None), min_size=1, max_size=30),  # any code point, surrogates too
    st.text(alphabet=st.characters(codec=None), max_size=10).map(lambda t: f"a\ud800{t}"),
    st.text(max_size=10).map(lambda t: f"{t}\x00{t}"),
    st.integers(min_value=1_000, max_value=300_000).map(lambda n: "x" * n),
).filter(_not_a_number)
NASTY_NUMBER = st.one_of(
    st.integers(min_value=BEYOND, max_value=2**80),
    st.integers(max_value=-BEYOND - 1, min_value=-(2**80)),
    st.integers(min_value=BEYOND, max_value=2**80).map(str),
    st.just("9" * 5_000),
)
NASTY = st.one_of(NASTY_TEXT, NASTY_NUMBER, st.lists(NASTY_NUMBER, min_size=1, max_size=3))


# An attachment is handed over as a model; one built unchecked warns as it is dumped, as it should.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")
@pytest.mark.parametrize("model", INPUTS, ids=lambda m: m.__name__)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_in_any_field_is_refused_as_invalid_and_writes_nothing(
    model: type[BaseModel], db: Database, records: dict[str, int], tmp_path: Path, data: st.DataObject
) -> None:
    service = SERVICES[model.__name__][0]
    least = _least(model.__name__, records, tmp_path)
    fields = sorted(model.model_fields)
    chosen = data.draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True), label="fields")
    values = {**least, **{name: data.draw(NASTY, label=name) for name in chosen}}
    if model.__name__ in UPDATED and "version" not in values:
        table, key = UPDATED[model.__name__]
        with db.session() as s:
            current = s.get(table, records[key])
            values["version"] = getattr(current, "version")  # noqa: B009 - every table updated has one
    before = _rows(db)
    try:
        with db.transaction() as s:
            service(s, records, values)
    except Invalid as refusal:
        assert refusal.problems and all(p.message for p in refusal.problems)
        assert _rows(db) == before  # nothing written, not even in part
    # Anything else (UnicodeEncodeError, OverflowError, OSError, DatabaseUnavailable) fails the test.


# --- each case the issue names, with its sentence -------------------------------------------------


def _refusal(db: Database, work: Callable[[Session], object]) -> Invalid:
    before = _rows(db)
    with pytest.raises(Invalid) as refused, db.transaction() as s:
        work(s)
    assert _rows(db) == before
    return refused.value


def test_a_lone_surrogate_or_a_nul_is_refused_naming_the_field(db: Database, records: dict[str, int]) -> None:
    refused = _refusal(db, lambda s: members.create_member(s, {"name": "Ann \ud800"}))
    assert [(p.field, p.message) for p in refused.problems] == [
        (
            "name",
            "Name contains a broken character, which cannot be stored; delete it or type the text again.",
        )
    ]
    refused = _refusal(
        db, lambda s: cases.update_case(s, records["case"], {"version": 1, "summary": "a\x00b"})
    )
    assert [p.field for p in refused.problems] == ["summary"]
    assert "empty (NUL) character" in refused.problems[0].message
    # A date field never reaches the date parser with one (it raised UnicodeEncodeError).
    refused = _refusal(
        db,
        lambda s: cases.create_case(
            s,
            {"member_id": records["member"], "title": "x", "category": "other", "opened_on": "1/1/25\ud800"},
        ),
    )
    assert [p.field for p in refused.problems] == ["opened_on"]


def test_an_id_beyond_sqlites_range_is_refused_naming_the_field(
    db: Database, records: dict[str, int]
) -> None:
    refused = _refusal(
        db, lambda s: cases.create_case(s, {"member_id": BEYOND, "title": "x", "category": "other"})
    )
    assert [(p.field, p.message) for p in refused.problems] == [
        ("member_id", "Member: no record has a number that large.")
    ]
    threat = {**SERVICES["ThreatEntryCreate"][1], "member_ids": [records["member"], 2**64]}
    refused = _refusal(db, lambda s: threats.log_threat(s, threat))
    assert [p.field for p in refused.problems] == ["member_ids"]
    refused = _refusal(db, lambda s: cases.update_case(s, records["case"], {"version": BEYOND, "title": "y"}))
    assert [p.field for p in refused.problems] == ["version"]
    # Looking one up by such an id finds nothing, in the usual words.
    with db.session() as s, pytest.raises(NotFound):
        cases.get_case(s, BEYOND)


def test_an_attachment_path_with_an_over_long_name_is_refused(
    db: Database, records: dict[str, int], tmp_path: Path
) -> None:
    too_long = AttachmentCreate(path=str(tmp_path / ("a" * 300) / "b.pdf"))
    refused = _refusal(db, lambda s: cases.attach_to_entry(s, records["entry"], too_long))
    assert [(p.field, p.message) for p in refused.problems] == [
        ("path", "File: one name in the path is longer than 255 bytes, so no such file can exist.")
    ]
    nobody = AttachmentCreate(path="~nosuchuser-repdesk/x.pdf")
    refused = _refusal(db, lambda s: cases.attach_to_entry(s, records["entry"], nobody))
    assert [p.field for p in refused.problems] == ["path"]


@pytest.mark.parametrize(
    "search_with",
    [
        lambda s, t: search.search(s, t),
        lambda s, t: cases.list_cases(s, CaseFilter(text=t)),
        lambda s, t: cases.list_cases(s, CaseFilter(member=t)),
        lambda s, t: threats.list_threats(s, ThreatFilter(text=t)),
        lambda s, t: threats.list_threats(s, ThreatFilter(made_by=t)),
        lambda s, t: members.list_members(s, MemberFilter(text=t)),
        lambda s, t: members.find_members(s, t),
        lambda s, t: talks.list_sessions(s, text=t),
        lambda s, t: talks.follow_topic(s, t),
        lambda s, t: lookup.find(s, t),
    ],
    ids=[
        "search",
        "cases-text",
        "cases-member",
        "threats-text",
        "threats-by",
        "members",
        "member-picker",
        "sessions",
        "topics",
        "palette",
    ],
)
@pytest.mark.parametrize(
    "text", ["pay " * 12_500, "smith\ud800", "smi\x00th"], ids=["50KB", "surrogate", "NUL"]
)
def test_a_search_too_long_or_unsearchable_is_refused_in_plain_words(
    db: Database, records: dict[str, int], search_with: Callable[[Session, str], object], text: str
) -> None:
    with pytest.raises(Invalid) as refused, db.session() as s:
        search_with(s, text)
    [problem] = refused.value.problems
    assert problem.field == "text"
    assert problem.message.startswith("The search text ")
    assert re.fullmatch(
        r"The search text (is too long \([\d,]+ characters\); keep it under 1,000"
        r"|contains (a broken|an empty \(NUL\)) character, which cannot be searched for)\.",
        problem.message,
    )


def test_the_row_count_sees_every_table(db: Database, records: dict[str, int]) -> None:
    rows = _rows(db)
    assert rows[Case.__tablename__] == 1 and rows["search_index"] > 0 and rows["audit_log"] > 0
    assert set(SQLModel.metadata.tables) <= set(rows)
