"""The layering the brief asks for, enforced: domain -> store -> export/cli/tui, Textual only in tui."""

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
    "export": {"domain", "store", "export", "paths"},
    "cli": {"domain", "store", "export", "paths", "cli", "tui"},
    "tui": {"domain", "store", "export", "paths", "tui", "cli"},
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


def _loaded_after(imports: str, packages: set[str]) -> list[str]:
    """Which of ``packages`` a fresh interpreter has loaded after running ``imports``."""
    report = f"print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & {packages!r})))"
    code = f"import sys\n{imports}\n{report}\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize("module", ["repdesk.domain", "repdesk.store", "repdesk.export", "repdesk.cli"])
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
        "import repdesk.cli, repdesk.tui, repdesk.tui.app, repdesk.tui.screens.cases\n"
        "import repdesk.tui.screens.triage, repdesk.tui.opening, repdesk.store.quick"
    )
    assert _loaded_after(imports, {"sqlalchemy", "sqlmodel", "alembic"}) == []
