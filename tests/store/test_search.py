"""Full-text search finds what every service writes, follows updates and deletes, and never chokes."""

from __future__ import annotations

from datetime import date

import pytest

from repdesk.domain.enums import Side
from repdesk.domain.filters import CaseFilter, ThreatFilter
from repdesk.store import cases, search, talks, threats
from repdesk.store.common import validate
from repdesk.store.engine import Database
from repdesk.store.models import (
    ActionPointUpdate,
    CaseUpdate,
    OfferUpdate,
    TalksSessionUpdate,
    ThreatCorrection,
    TimelineEntryUpdate,
)
from repdesk.store.search import Kind
from tests.helpers.factories import (
    NewCase,
    make_action_point,
    make_offer,
    make_talks_session,
    make_threat,
    make_timeline_entry,
)


def _found(db: Database, text: str) -> set[tuple[Kind, int]]:
    with db.session() as s:
        return {(hit.kind, hit.entity_id) for hit in search.search(s, text)}


@pytest.fixture
def written(db: Database, new_case: NewCase) -> dict[str, int]:
    """One record of every indexed kind, each carrying its own unusual word."""
    made = new_case(summary="The rota was changed without consultation: albatross.", next_action="Email HR")
    with db.transaction() as s:
        entry = make_timeline_entry(
            s, made.case_id, summary="Phoned HR", body="They mentioned the bassoon rota."
        )
        threat = make_threat(
            s, exact_words="Your pay will be cut, capybara or not.", context="Said at the dromedary briefing."
        )
        talk = make_talks_session(
            s, held_on=date(2026, 11, 10), notes="Long discussion of the euphonium clause."
        )
        assert talk.id is not None
        offer = make_offer(
            s, talk.id, side=Side.EMPLOYER, topic="office days", text="Three days, flamingo terms."
        )
        point = make_action_point(s, talk.id, text="Circulate the gazelle paper")
    ids = {
        "case": made.case_id,
        "entry": entry.id,
        "threat": threat.id,
        "session": talk.id,
        "offer": offer.id,
        "point": point.id,
    }
    return {key: value for key, value in ids.items() if value is not None}


def test_every_service_write_is_searchable(db: Database, written: dict[str, int]) -> None:
    assert _found(db, "albatross") == {(Kind.CASE, written["case"])}
    assert _found(db, "bassoon") == {(Kind.TIMELINE, written["entry"])}
    assert _found(db, "capybara") == {(Kind.THREAT, written["threat"])}
    assert _found(db, "dromedary") == {(Kind.THREAT, written["threat"])}
    assert _found(db, "euphonium") == {(Kind.SESSION, written["session"])}
    assert _found(db, "flamingo") == {(Kind.OFFER, written["offer"])}
    assert _found(db, "gazelle") == {(Kind.ACTION, written["point"])}
    # Every word must match, as prefixes; hits carry their case and a marked snippet.
    assert _found(db, "rota") == {(Kind.CASE, written["case"]), (Kind.TIMELINE, written["entry"])}
    assert _found(db, "bass rota") == {(Kind.TIMELINE, written["entry"])}
    assert _found(db, "bassoon albatross") == set()
    # Two letters are a whole word, not a prefix (which would match most of a big index).
    assert _found(db, "ba") == set()
    assert _found(db, "hr") == {(Kind.CASE, written["case"]), (Kind.TIMELINE, written["entry"])}
    assert _found(db, "ba bassoon") == set()
    # Case ids found through the case's own text and through its timeline.
    with db.session() as s:
        assert cases.list_cases(s, CaseFilter(text="bassoon")).rows[0].id == written["case"]
        assert cases.list_cases(s, CaseFilter(text="albatross")).rows[0].id == written["case"]
        assert cases.list_cases(s, CaseFilter(text="gazelle")).total == 0
    with db.session() as s:
        [hit] = search.search(s, "bassoon")
        assert hit.case_id == written["case"]
        assert "[bassoon]" in hit.snippet
        only_threats = search.search(s, "rota capybara briefing", kinds={Kind.THREAT})
        assert only_threats == []
        assert [h.kind for h in search.search(s, "pay", kinds={Kind.THREAT})] == [Kind.THREAT]


def test_updates_replace_the_indexed_words(db: Database, written: dict[str, int]) -> None:
    with db.transaction() as s:
        cases.update_case(
            s, written["case"], validate(CaseUpdate, {"version": 1, "summary": "Now about a heron."})
        )
        cases.update_timeline_entry(
            s,
            written["entry"],
            validate(TimelineEntryUpdate, {"version": 1, "body": "An ibis was mentioned."}),
        )
        talks.update_session(
            s, written["session"], validate(TalksSessionUpdate, {"version": 1, "notes": "Jackal."})
        )
        talks.update_offer(
            s, written["offer"], validate(OfferUpdate, {"version": 1, "text": "Kestrel terms."})
        )
        talks.update_action_point(
            s,
            written["point"],
            validate(ActionPointUpdate, {"version": 1, "text": "Circulate the lemur paper"}),
        )
    for gone in ("albatross", "bassoon", "euphonium", "flamingo", "gazelle"):
        assert _found(db, gone) == set(), gone
    assert _found(db, "heron") == {(Kind.CASE, written["case"])}
    assert _found(db, "ibis") == {(Kind.TIMELINE, written["entry"])}
    assert _found(db, "jackal") == {(Kind.SESSION, written["session"])}
    assert _found(db, "kestrel") == {(Kind.OFFER, written["offer"])}
    assert _found(db, "lemur") == {(Kind.ACTION, written["point"])}
    # Each record is indexed once, however often it changed.
    with db.session() as s:
        rows = (
            s.connection().exec_driver_sql("SELECT count(*), count(DISTINCT rowid) FROM search_index").one()
        )
    assert rows[0] == rows[1] == 7  # the six records and their member


def test_a_threat_correction_is_found_beside_the_original(db: Database, written: dict[str, int]) -> None:
    with db.transaction() as s:
        threats.correct_threat(
            s,
            written["threat"],
            validate(
                ThreatCorrection,
                {
                    "occurred_on": "2026-11-02",
                    "made_by": "Supt Example",
                    "channel": "meeting",
                    "audience": "team",
                    "kind": "pay_deduction",
                    "exact_words": "Your pay may be cut, capybara or not.",
                    "reason": "Misheard",
                },
            ),
        )
    assert len(_found(db, "capybara")) == 2
    assert len(_found(db, "capybara may")) == 1


def test_deleting_a_case_removes_it_and_its_timeline_from_the_index(
    db: Database, written: dict[str, int]
) -> None:
    with db.transaction() as s:
        cases.delete_case(s, written["case"], version=1)
    assert _found(db, "albatross") == set()
    assert _found(db, "bassoon") == set()
    assert _found(db, "capybara") == {(Kind.THREAT, written["threat"])}


def test_text_filters_on_the_lists_use_the_index(db: Database, written: dict[str, int]) -> None:
    with db.session() as s:
        assert [r.id for r in cases.list_cases(s, CaseFilter(text="bassoon")).rows] == [written["case"]]
        assert [r.id for r in cases.list_cases(s, CaseFilter(text="albatross")).rows] == [written["case"]]
        assert cases.list_cases(s, CaseFilter(text="capybara")).total == 0
        assert [r.id for r in threats.list_threats(s, ThreatFilter(text="dromedary")).rows] == [
            written["threat"]
        ]
        assert threats.list_threats(s, ThreatFilter(text="albatross")).total == 0
        assert [r.id for r in talks.list_sessions(s, text="euphonium").rows] == [written["session"]]


NASTY = [
    '"',
    '"unbalanced',
    "'",
    "AND",
    "OR",
    "NOT",
    "rota AND",
    "AND rota",
    "-",
    "-rota",
    "*",
    "rota*",
    "NEAR(",
    "NEAR(rota bassoon",
    "NEAR(rota, 2)",
    "(",
    ")",
    "^rota",
    "body:rota",
    "title : x",
    "{title body}: rota",
    "+",
    ":",
    "_",
    "a_b",
    "%",
    "\\",
    "rota; DROP TABLE member_case; --",
    "",
    "   ",
    "é",
    "日本",
    "x" * 500,
]


@pytest.mark.parametrize("text", NASTY)
def test_fts_syntax_in_the_query_never_raises(db: Database, written: dict[str, int], text: str) -> None:
    with db.session() as s:
        hits = search.search(s, text)
        listed = cases.list_cases(s, CaseFilter(text=text))
        threats.list_threats(s, ThreatFilter(text=text))
        talks.list_sessions(s, text=text)
        talks.follow_topic(s, text)
        assert all(isinstance(hit.kind, Kind) for hit in hits)
        assert listed.total <= 1
        assert s.connection().exec_driver_sql("SELECT count(*) FROM member_case").scalar() == 1


@pytest.mark.parametrize("text", ['"rota"', "rota*", "-rota", "^rota", "(rota)", "rota)", "rota,", "rota\\"])
def test_operator_characters_are_ignored_around_words(
    db: Database, written: dict[str, int], text: str
) -> None:
    assert _found(db, text) == {(Kind.CASE, written["case"]), (Kind.TIMELINE, written["entry"])}


def test_operator_words_are_searched_as_words(db: Database, written: dict[str, int]) -> None:
    # "capybara or not": NOT and OR are plain words here, not FTS operators.
    assert _found(db, "NOT") == {(Kind.THREAT, written["threat"])}
    assert _found(db, "capybara OR not") == {(Kind.THREAT, written["threat"])}
    assert _found(db, "rota AND") == set()  # no word starting "and" beside the rota
    assert _found(db, "rota NOT capybara") == set()  # NOT is not "except"
    assert _found(db, "NEAR(rota bassoon") == set()  # NEAR is a word too, and absent
