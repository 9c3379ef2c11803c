"""Vocabulary is one (issue 11, item 9): filters read a list's words, search folds names, the palette shows.

"oneill" and "sondergaard" find "O'Neill-Søndergaard" wherever the rep
searches (case text, the threat log, the members list and picker, a case's
``member:`` term); ``exempt:no`` lists members with no exemption; the
palette's second line shows the words searched for.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.content import Content

from repdesk.domain.filters import parse_case_filter, parse_threat_filter
from repdesk.domain.folding import APOSTROPHES, LETTERS, fold
from repdesk.domain.member_filter import parse_member_filter
from repdesk.paths import locate
from repdesk.store import cases, lookup, members, search, threats
from repdesk.store.engine import Database
from repdesk.store.search import Kind
from repdesk.tui import make_app
from repdesk.tui.commands import plain
from tests.helpers.factories import ident, make_case, make_member, make_talks_session, make_threat
from tests.helpers.pilot import SIZE, type_text

NAME = "Siobhán O'Neill-Søndergaard"


@pytest.fixture
def named(db: Database) -> dict[str, int]:
    """A member with an apostrophe, a hyphen, an accent and an ø in her name; her case; a threat on her."""
    with db.transaction() as s:
        her = make_member(s, name=NAME, job_title="Call handler", adjustments_agreed=True)
        other = make_member(s, name="Bob Smith")
        case = make_case(s, her, title="Docked pay", summary=f"{NAME} was told her pay would be docked.")
        threat = make_threat(
            s, exact_words="Tell Siobhán O\u2019Neill-Søndergaard her pay goes.", member_ids=[ident(her)]
        )
        return {"her": ident(her), "other": ident(other), "case": ident(case), "threat": ident(threat)}


@pytest.mark.parametrize(
    "typed", ["oneill", "sondergaard", "o'neill", "O\u2019Neill", "siobhan", "neill", "SØNDERGAARD"]
)
def test_a_name_is_found_however_it_is_typed(db: Database, named: dict[str, int], typed: str) -> None:
    with db.session() as s:
        found = {(hit.kind, hit.entity_id) for hit in search.search(s, typed)}
        assert {
            (Kind.MEMBER, named["her"]),
            (Kind.CASE, named["case"]),
            (Kind.THREAT, named["threat"]),
        } <= found
        listed = members.list_members(s, parse_member_filter(typed).filter).rows
        assert [row.id for row in listed] == [named["her"]]
        assert [i for i, _name in members.find_members(s, typed)] == [named["her"]]
        by_member = cases.list_cases(s, parse_case_filter(f'member:"{typed}"').filter).rows
        assert [row.id for row in by_member] == [named["case"]]
        by_words = threats.list_threats(s, parse_threat_filter(typed).filter).rows
        assert [row.id for row in by_words] == [named["threat"]]


def test_folding_leaves_other_members_out(db: Database, named: dict[str, int]) -> None:
    with db.session() as s:
        assert [r.id for r in members.list_members(s, parse_member_filter("smith").filter).rows] == [
            named["other"]
        ]
        assert members.list_members(s, parse_member_filter("zzz").filter).rows == []


def test_the_snippet_shows_the_words_as_typed_where_it_can(db: Database, named: dict[str, int]) -> None:
    with db.session() as s:
        [hit] = search.search(s, "neill", kinds={Kind.MEMBER})
        assert hit.snippet.startswith("Siobhán O'[Neill]-Søndergaard")
        # Only the folded copy holds "oneill": its snippet shows the words found, folded.
        [folded] = search.search(s, "oneill", kinds={Kind.MEMBER})
        assert "[ONeill]" in folded.snippet


@pytest.mark.parametrize("letter", sorted(LETTERS) + list(APOSTROPHES))
def test_every_folded_letter_is_folded_in_the_index_too(db: Database, letter: str) -> None:
    """The index's SQL folding (migration 0005) and the query's (``fold``) agree letter by letter."""
    word = f"Zz{letter}qq"
    with db.transaction() as s:
        member = make_member(s, name=word)
    with db.session() as s:
        assert [h.entity_id for h in search.search(s, fold(word), kinds={Kind.MEMBER})] == [ident(member)]
        assert [h.entity_id for h in search.search(s, word, kinds={Kind.MEMBER})] == [ident(member)]


@pytest.mark.parametrize(("typed", "wanted"), [("exempt:yes", "her"), ("exempt:no", "other")])
def test_exempt_yes_and_no_list_the_members_each_names(
    db: Database, named: dict[str, int], typed: str, wanted: str
) -> None:
    with db.session() as s:
        listed = members.list_members(s, parse_member_filter(typed).filter).rows
    assert [row.id for row in listed] == [named[wanted]]


def test_the_threat_list_reads_the_kind_it_shows(db: Database) -> None:
    with db.transaction() as s:
        sacking = make_threat(s, kind="disciplinary", exact_words="You will be disciplined.")
        flexi = make_threat(s, kind="flexible_working_withdrawal", exact_words="No more home days.")
        make_threat(s, kind="pay_deduction")
    with db.session() as s:
        for typed, wanted in (("kind:discipline", [sacking]), ('kind:"no flexi"', [flexi])):
            parsed = parse_threat_filter(typed)
            assert parsed.problems == ()
            assert [r.id for r in threats.list_threats(s, parsed.filter).rows] == [ident(t) for t in wanted]


# --- the palette ----------------------------------------------------------------------------------


def test_the_palette_finds_a_threat_by_its_words_and_shows_them(db: Database, named: dict[str, int]) -> None:
    with db.transaction() as s:
        make_talks_session(s, notes="The employer raised the Euphonium rota.")
    with db.session() as s:
        found = lookup.find(s, "sondergaard")
        [threat] = [t for t in found if t.kind == "threat"]
        assert threat.help.startswith("3 Nov 2026 · ")
        # Only the folded copy holds "sondergaard" (ø is a letter of its own), so the words show folded.
        assert "O\u2019Neill-Søndergaard" in threat.title and "[Sondergaard]" in threat.help
        [talks] = lookup.find(s, "euphonium")
    assert "[Euphonium]" in talks.help
    # The palette reads its second line as markup, which ate "[Euphonium]": it is escaped now.
    assert "[Euphonium] rota" in Content.from_markup(plain(talks.help)).plain


async def test_the_palette_shows_the_words_searched_for(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    with db.transaction() as s:
        from repdesk.store import profile

        profile.save_profile(s, {"name": "Alex Morgan", "union": "PCS"})
        make_talks_session(
            s, held_on=date(2026, 11, 10), notes="The employer raised the Euphonium rota [/b]."
        )
    app = make_app(db, locate("Alex Morgan", db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "euphonium")
        await pilot.pause(0.5)
        listed = app.screen.query_one(CommandList)
        lines = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
    assert any("[Euphonium] rota [/b]" in line for line in lines), lines
