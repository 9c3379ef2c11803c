"""Store modules for the desk, imported when first used rather than at start-up.

Importing the store means importing SQLAlchemy, SQLModel and pydantic and
building every model: about half a second, more than a bare Textual app
takes to start. The desk draws its first screen without them (see
:mod:`repdesk.store.quick`) and opens the store on a thread behind it, so
the desk's modules must not import the store when they are imported.

They name store modules through :func:`store` instead, under
``if TYPE_CHECKING`` for the type checker. The real import happens on first
attribute access, on whichever thread gets there first; Python's import
lock makes any other thread wait for that import rather than repeat it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """A stand-in for a module, importing it on first attribute access."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.load(), attribute)

    def load(self) -> ModuleType:
        """The module itself (imported now if it was not yet)."""
        return importlib.import_module(self._name)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"


def store(*names: str) -> tuple[Any, ...]:
    """Stand-ins for ``repdesk.store.<name>`` modules, in the order named."""
    return tuple(LazyModule(f"repdesk.store.{name}") for name in names)
