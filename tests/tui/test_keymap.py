"""Keymaps fail loudly: a remap that would not work is named once at start, and the rest apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from repdesk.paths import locate
from repdesk.store.engine import Database
from repdesk.tui import make_app
from repdesk.tui.app import RepDesk
from repdesk.tui.config import key_name
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.dialogs.help import HelpScreen
from tests.helpers.pilot import SIZE, settle, shown


def desk_with_keymap(db: Database, db_path: Path, keymap: str) -> RepDesk:
    """The desk as ``repdesk`` opens it, with ``keymap`` as config.toml's ``[keymap]`` table."""
    location = locate("Alex Morgan", db_path)
    location.config.parent.mkdir(parents=True, exist_ok=True)
    location.config.write_text(f"[keymap]\n{keymap}", encoding="utf-8")
    return make_app(db, location)


def config_notices(app: RepDesk) -> list[str]:
    """The messages of the notices titled Config."""
    return [n.message for n in app._notifications if n.title == "Config"]


@pytest.mark.parametrize(
    ("keymap", "problems", "kept"),
    [
        pytest.param(
            '"cases.nwe" = "N"\n"app.cases" = "C"\n',
            ['"cases.nwe" is not a binding id (did you mean "cases.new"?); the ? screen lists them'],
            {"app.cases": "C"},
            id="unknown id",
        ),
        pytest.param(
            '"cases.new" = "ctrl+"\n"cases.edit" = "shft+e"\n"app.cases" = "C"\n',
            [
                '"cases.new" = "ctrl+": "ctrl+" is not a key name',
                '"cases.edit" = "shft+e": "shft+e" is not a key name',
            ],
            {"app.cases": "C"},
            id="unreadable key",
        ),
        pytest.param(
            # app.cases on c would shadow the cases list's c (mark a deadline done);
            # cases.why on N would take the key just given to cases.new.
            '"cases.new" = "N"\n"cases.why" = "N"\n"app.cases" = "c"\n',
            [
                '"cases.why" = "N": N is already the key of "cases.new"',
                '"app.cases" = "c": c is already the key of "cases.done"',
            ],
            {"cases.new": "N"},
            id="two on one key",
        ),
    ],
)
async def test_a_keymap_problem_is_reported_once_and_the_default_kept(
    db: Database, db_path: Path, keymap: str, problems: list[str], kept: dict[str, str]
) -> None:
    app = desk_with_keymap(db, db_path, keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        [notice] = config_notices(app)
        assert [line.removeprefix("• ") for line in notice.splitlines()[1:]] == problems
        assert app.config.keymap == kept
        await pilot.press(kept.get("app.cases", "2"))  # kept entries apply, refused ones keep their default
        await settle(app, pilot)
        assert app.current_mode == "cases"
        await pilot.press(kept.get("cases.new", "n"))
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)


async def test_a_sound_keymap_raises_no_notice(db: Database, db_path: Path) -> None:
    """A swap, a restated default and a key by its name are all fine."""
    keymap = '"cases.new" = "e"\n"cases.edit" = "n"\n"app.help" = "?"\n"app.quit" = "ctrl+q, f10"\n'
    app = desk_with_keymap(db, db_path, keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert config_notices(app) == []


async def test_a_remapped_key_shows_in_the_footer_and_help(db: Database, db_path: Path) -> None:
    app = desk_with_keymap(db, db_path, '"cases.new" = "N"\n"app.help" = "f1"\n')
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        footer = [(key.description, key.key_display) for key in app.screen.query(FooterKey)]
        assert footer[:3] == [
            ("Filter", "/"),
            ("New", "N"),
            ("Edit", "e"),
        ]  # in its place, not cut off at the end
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(shown(s, width=110) for s in app.screen.query(Static))
        [new_line] = [line for line in text.splitlines() if "cases.new" in line]
        assert new_line.split()[0] == "N"
        [help_line] = [line for line in text.splitlines() if "app.help" in line]
        assert help_line.split()[0] == "f1"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("N", "N"),
        ("?", "question_mark"),
        ("question_mark", "question_mark"),
        ("f10", "f10"),
        ("ctrl+shift+up", "ctrl+shift+up"),
        ("slash", "slash"),
        ("full_stop", "full_stop"),
        (" space ", "space"),
        ("alt+?", "alt+question_mark"),
        ("ctrl+", None),
        ("shft+n", None),
        ("ctrl+ctrl+a", None),
        ("florp", None),
        ("", None),
    ],
)
def test_key_names_are_the_ones_textual_reports(written: str, name: str | None) -> None:
    assert key_name(written) == name
