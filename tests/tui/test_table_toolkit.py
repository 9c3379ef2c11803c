"""The table toolkit: the width fitter, the narrow rule, folded cells, and the base table applying them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult

from repdesk.tui.talks.pane import ACTION_COLUMNS, OFFER_COLUMNS, PANE_FRAME
from repdesk.tui.widgets.table import (
    AUTO,
    PAD,
    Column,
    DeskTable,
    fit_widths,
    is_narrow,
    pane_width,
    row_cells,
    safe,
    shown_columns,
)


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    team: str
    note: str


ID = Column[Person]("Id", lambda p: str(p.id), 4)
NAME = Column[Person]("Name", lambda p: p.name, 12, narrow="fold")
TEAM = Column[Person](
    "Team", lambda p: p.team, 14, narrow="show", compact=Column("Team", lambda p: p.team[:3], 3)
)
NOTE = Column[Person]("Note", lambda p: Text(p.note), 20, fill=1)
HIDDEN = Column[Person]("Hidden", lambda p: "x", 9, narrow="hide")
COLUMNS = [ID, NAME, TEAM, HIDDEN, NOTE]


def test_one_fill_column_takes_what_the_fixed_ones_leave() -> None:
    fixed = 4 + 12 + 14 + 9 + 4 * PAD
    assert fit_widths(COLUMNS, 100) == [4, 12, 14, 9, 100 - fixed - PAD]


def test_a_fill_column_never_gets_less_than_its_least() -> None:
    assert fit_widths(COLUMNS, 30)[-1] == 12
    assert fit_widths([ID, Column[Person]("Note", NOTE.render, fill=1, least=16)], 10) == [4, 16]


def test_a_column_of_no_width_is_allowed_auto_and_keeps_sizing_to_its_content() -> None:
    free = Column[Person]("Free", NOTE.render)
    assert fit_widths([free, NOTE], 50) == [None, 50 - (AUTO + PAD) - PAD]


def test_two_fill_columns_share_in_proportion_within_their_bounds() -> None:
    # The talks pane's offers: topic three parts in five, up to 34; the text the rest.
    wide = fit_widths(OFFER_COLUMNS, 120 - PANE_FRAME)
    assert wide == [8, 8, 34, 30, 11, 11]  # 64 spare: the topic would have 38, and stops at 34
    narrow = fit_widths(shown_columns(OFFER_COLUMNS, narrow=True), 80 - PANE_FRAME)
    assert narrow == [8, 20, 14, 11, 11]  # kind goes; 34 spare shared 20 and 14
    actions = fit_widths(shown_columns(ACTION_COLUMNS, narrow=True), 80 - PANE_FRAME)
    assert actions[1] == 74 - (3 + 20 + 13) - PAD


def test_the_narrow_rule_and_the_side_by_side_rule() -> None:
    assert (pane_width(149, 0.6), pane_width(150, 0.6), pane_width(160, 0.5)) == (149, 90, 80)
    assert is_narrow(99) and not is_narrow(100)


def test_narrow_columns_hide_fold_or_shrink_and_the_fill_column_stays() -> None:
    assert shown_columns(COLUMNS, narrow=False) == COLUMNS
    assert [c.label for c in shown_columns(COLUMNS, narrow=True)] == ["Id", "Team", "Note"]
    assert shown_columns(COLUMNS, narrow=True)[1].width == 3
    assert shown_columns([Column[Person]("Note", NOTE.render, fill=1, narrow="hide")], narrow=True)


def test_folded_cells_lead_the_fill_column() -> None:
    mei = Person(7, "Mei Rahman", "Payroll", "wants a meeting")
    cells = row_cells(COLUMNS, mei, narrow=True)
    assert [str(c) for c in cells] == ["7", "Pay", "Mei Rahman: wants a meeting"]
    folded = cells[2]
    assert isinstance(folded, Text) and folded.spans[0].style == "bold"
    nobody = row_cells(COLUMNS, Person(8, "", "Payroll", "no name"), narrow=True)
    assert str(nobody[2]) == "no name"  # an empty folded cell adds no ": "
    assert [str(c) for c in row_cells(COLUMNS, mei, narrow=False)][1] == "Mei Rahman"


def test_a_cell_is_one_line_and_never_markup() -> None:
    typed = safe("[b]pay[/b] claim", "ellipsis")
    assert typed.plain == "[b]pay[/b] claim" and typed.no_wrap and typed.overflow == "ellipsis"
    assert safe(Text("x", overflow="fold"), "crop").overflow == "fold"  # a cell's own choice stands
    assert safe("x", "crop").overflow == "crop"


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DeskTable(COLUMNS, key=lambda p: p.id, frame=4, id="people")


async def test_the_table_fits_its_pane_and_keeps_its_rows_and_cursor_across_the_narrow_line() -> None:
    people = [Person(i, f"Person {i}", "Payroll", f"note {i}") for i in range(1, 6)]
    app = _TableApp()
    async with app.run_test(size=(140, 20)) as pilot:
        table = app.query_one(DeskTable)
        table.show_rows(people)
        table.fit(120)
        await pilot.pause()
        assert [c.width for c in table.ordered_columns] == fit_widths(COLUMNS, 120 - 4)
        table.move_cursor(row=3)
        table.fit(90)  # narrow: two columns go, one shrinks, the name folds into the note
        await pilot.pause()
        assert [str(c.label) for c in table.ordered_columns] == ["Id", "Team", "Note"]
        assert [c.width for c in table.ordered_columns] == [4, 3, 90 - 4 - 6 - 5 - 2]
        assert table.current_row == people[3]
        assert str(table.get_row_at(3)[2]) == "Person 4: note 4"
        table.show_rows(list(reversed(people)), keep=table.row_key(people[3]))
        assert table.current_row == people[3]
