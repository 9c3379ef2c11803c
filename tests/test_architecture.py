"""The layering the brief asks for, enforced: domain -> store -> demo/export/cli/tui, Textual only in tui."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "repdesk"

# Which repdesk packages each layer may import (besides itself and repdesk.paths/repdesk.__init__).
ALLOWED = {
    "domain": {"domain"},
    "store": {"domain", "store", "paths"},
    # The demo sits above the store and writes through its services; nothing below it knows it.
    "demo": {"domain", "store", "demo"},
    "export": {"domain", "store", "export", "paths"},
    "cli": {"domain", "store", "demo", "export", "paths", "cli", "tui"},
    "tui": {"domain", "store", "demo", "export", "paths", "tui", "cli"},
}


def _layer(path: Path) -> str:
    parts = path.relative_to(SRC).parts
    return parts[0].removesuffix(".py") if parts else ""


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            if node.module == "repdesk":
                # ``from repdesk import demo`` imports the package repdesk.demo.
                found.extend(
                    f"repdesk.{alias.name}"
                    for alias in node.names
                    if (SRC / alias.name).is_dir() or (SRC / f"{alias.name}.py").is_file()
                )
    return found


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_the_source_tree_is_where_this_test_looks() -> None:
    assert (SRC / "domain").is_dir() and (SRC / "store").is_dir()
    assert len(_modules()) > 10


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_layers_import_in_one_direction_only(path: Path) -> None:
    layer = _layer(path)
    if layer not in ALLOWED:
        return  # repdesk/__init__.py, __main__.py, paths.py sit above the layers
    for name in _imports(path):
        if name.startswith("repdesk."):
            target = name.split(".")[1]
            assert target in ALLOWED[layer] or target in {"paths"}, f"{path.name} ({layer}) imports {name}"
        if layer != "tui":
            assert not name.startswith("textual"), f"{path} imports Textual outside repdesk.tui"
        if layer == "tui":
            assert not name.startswith(("sqlalchemy", "sqlmodel")), (
                f"{path} builds SQL; screens call services in repdesk.store instead"
            )


def test_the_demo_sits_above_the_store() -> None:
    """The demo is its own package over the store; the store and the exports never import it."""
    assert (SRC / "demo" / "__init__.py").is_file() and not (SRC / "store" / "demo.py").exists()
    below = [path for path in _modules() if _layer(path) in {"domain", "store", "export"}]
    assert below
    for path in below:
        for name in _imports(path):
            assert not (name == "repdesk.demo" or name.startswith("repdesk.demo.")), f"{path} imports {name}"


def _loaded_after(imports: str, packages: set[str]) -> list[str]:
    """Which of ``packages`` a fresh interpreter has loaded after running ``imports``."""
    report = f"print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & {packages!r})))"
    code = f"import sys\n{imports}\n{report}\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize(
    "module", ["repdesk.domain", "repdesk.store", "repdesk.demo", "repdesk.export", "repdesk.cli"]
)
def test_headless_layers_do_not_load_textual(module: str) -> None:
    """Import every submodule of the layer in a fresh interpreter; Textual must stay unloaded."""
    imports = (
        "import importlib, pkgutil\n"
        f"pkg = importlib.import_module({module!r})\n"
        "for info in pkgutil.walk_packages(getattr(pkg, '__path__', []), pkg.__name__ + '.'):\n"
        "    if '.migrations' not in info.name:\n"
        "        importlib.import_module(info.name)"
    )
    assert _loaded_after(imports, {"textual"}) == [], f"{module} pulled in Textual"


def test_importing_everything_touches_no_disk(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    env.pop("REPDESK_DB", None)
    code = (
        "import importlib, pkgutil, repdesk\n"
        "for info in pkgutil.walk_packages(repdesk.__path__, 'repdesk.'):\n"
        "    if '.migrations' not in info.name and not info.name.endswith('__main__'):\n"
        "        importlib.import_module(info.name)\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=tmp_path)
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_the_desk_starts_without_loading_the_orm() -> None:
    """What `repdesk` imports to draw its first screen leaves SQLAlchemy, SQLModel and Alembic unloaded.

    They cost about half a second (more than a bare Textual app takes to
    start); the desk loads them on a thread behind its first frame. A store
    import at the top of a screen module would quietly undo that.
    """
    imports = (
        "import repdesk.cli, repdesk.tui, repdesk.tui.app, repdesk.tui.cases.screen\n"
        "import repdesk.tui.triage.screen, repdesk.tui.desk_store, repdesk.store.quick"
    )
    assert _loaded_after(imports, {"sqlalchemy", "sqlmodel", "alembic"}) == []


# --- inside the terminal app: one folder per area ----------------------------------------

TUI = SRC / "tui"
# Each area's screen, detail rendering, forms and what only it uses live in its own folder.
AREAS = ("triage", "cases", "members", "threats", "talks")
# Shared by areas; they know no area (the app wires areas in by name, in tui/app.py).
SHARED = ("widgets", "dialogs")


def _tui_packages_named(source: str, package: str) -> set[str]:
    """The ``repdesk.tui`` subpackages that source in ``package`` names: imports (absolute or
    relative, under TYPE_CHECKING or not) and dotted strings, as handed to importlib."""
    named: set[str] = set()

    def add(module: str, names: list[str]) -> None:
        parts = module.split(".")
        if parts[:2] != ["repdesk", "tui"]:
            return
        if len(parts) > 2:
            named.add(parts[2])
        else:  # ``from repdesk.tui import cases``
            named.update(names)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, [])
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            add(".".join([*base, *([node.module] if node.module else [])]), [a.name for a in node.names])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and " " not in node.value:
            add(node.value, [])
    return named


def _area_of(path: Path) -> str:
    return path.relative_to(TUI).parts[0]


def test_each_area_is_one_folder() -> None:
    from repdesk.tui.app import AREA_SCREENS

    for area in AREAS:
        assert (TUI / area / "__init__.py").is_file() and (TUI / area / "screen.py").is_file(), area
    assert {mode: module for mode, (module, _name) in AREA_SCREENS.items()} == {
        area: f"repdesk.tui.{area}.screen" for area in AREAS
    }
    assert not (TUI / "screens").exists(), "area screens live in their area's folder"


@pytest.mark.parametrize(
    "path",
    sorted(path for folder in (*AREAS, *SHARED) for path in (TUI / folder).rglob("*.py")),
    ids=lambda p: str(p.relative_to(TUI)),
)
def test_areas_never_import_each_other_and_shared_code_no_area(path: Path) -> None:
    """An area imports only itself and what is shared; widgets and dialogs import no area at all.

    What two areas both show (case status and priority words, relative dates)
    lives in ``repdesk.tui.vocabulary``, not in one of them.
    """
    package = ".".join(("repdesk", *path.relative_to(SRC).parent.parts))
    others = set(AREAS) - {_area_of(path)}
    named = _tui_packages_named(path.read_text(encoding="utf-8"), package)
    assert not named & others, f"{path.relative_to(SRC)} imports {sorted(named & others)}"


@pytest.mark.parametrize(
    "source",
    [
        "from repdesk.tui.cases.screen import CasesScreen",
        "import repdesk.tui.cases.undo",
        "from repdesk.tui import cases",
        "from ..cases import undo",
        "from .. import cases",
        "SCREEN = ('repdesk.tui.cases.screen', 'CasesScreen')",
    ],
)
def test_the_area_check_sees_every_spelling(source: str) -> None:
    code = f"from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    {source}\n"
    assert "cases" in _tui_packages_named(code, "repdesk.tui.triage")
    assert "cases" in _tui_packages_named(code, "repdesk.tui.widgets")
