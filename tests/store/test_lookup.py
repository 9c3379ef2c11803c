"""The palette's jump-to: any case, member, threat entry or talks session from a few typed letters."""

from __future__ import annotations

from datetime import date

from repdesk.domain.enums import CaseOutcome, CaseStatus
from repdesk.store import cases, lookup
from repdesk.store.engine import Database
from repdesk.store.lookup import Target
from tests.helpers.factories import ident, make_case, make_member, make_talks_session, make_threat


def _found(db: Database, text: str, limit: int = 5) -> list[Target]:
    with db.session() as s:
        return lookup.find(s, text, limit=limit)


def test_each_kind_is_found_by_what_the_rep_remembers(db: Database) -> None:
    with db.transaction() as s:
        priya = make_member(s, name="Priya Okafor", membership_no="PCS-7")
        case = make_case(s, priya, title="Docked pay")
        threat = make_threat(s, made_by="Insp Gatekeeper", exact_words="Zebrafish plan for the picket line")
        talk = make_talks_session(s, notes="Long talk about the euphonium clause")
        ids = {"member": ident(priya), "case": ident(case), "threat": ident(threat), "session": ident(talk)}
    # A member's name finds the member and, through them, their cases.
    assert _found(db, "okaf") == [
        Target("cases", "case", ids["case"], "case: C-2026-0001 Docked pay (Priya Okafor)", "Open the case"),
        Target("members", "member", ids["member"], "member: Priya Okafor", "Open the member"),
    ]
    first, *_rest = _found(db, "c-2026-0001")  # the threat T-2026-0001 shares two of its words
    assert (first.kind, first.ident) == ("case", ids["case"])
    assert [(t.kind, t.ident) for t in _found(db, "PCS-7")] == [("member", ids["member"])]
    # A threat by its reference or by its words, shown with who said what and when.
    [by_ref] = _found(db, "T-2026")
    assert by_ref == Target(
        "threats",
        "threat",
        ids["threat"],
        "threat: T-2026-0001 Insp Gatekeeper: “Zebrafish plan for the picket line”",
        "3 Nov 2026",
    )
    [by_words] = _found(db, "zebrafish")  # found by its words, it shows them in context
    assert (by_words.ident, by_words.title) == (by_ref.ident, by_ref.title)
    assert by_words.help == "3 Nov 2026 · [Zebrafish] plan for the picket line  "
    # A talks session by its notes.
    [session] = _found(db, "euphonium")
    assert (session.mode, session.kind, session.ident) == ("talks", "session", ids["session"])
    assert session.title == "session: 10 Nov 2026 Joint"
    assert "euphonium" in session.help
    assert _found(db, "nothing like this") == []
    assert _found(db, "%") == []  # a LIKE wildcard is a literal character


def test_each_kind_stops_at_the_limit_and_closed_cases_come_last(db: Database) -> None:
    with db.transaction() as s:
        smiths = [make_member(s, name=f"Smith {n}") for n in range(7)]
        made = [
            make_case(s, member, title="Smith's hearing", opened_on=date(2026, 11, 1)) for member in smiths
        ]
        first = made[0]
        cases.set_status(
            s, ident(first), CaseStatus.CLOSED, version=first.version, outcome=CaseOutcome.RESOLVED
        )
    found = _found(db, "smith", limit=3)
    assert [t.kind for t in found] == ["case"] * 3 + ["member"] * 3
    assert ident(first) not in [t.ident for t in found if t.kind == "case"]
    assert [t.ident for t in _found(db, "smith", limit=10) if t.kind == "case"][-1] == ident(first)
