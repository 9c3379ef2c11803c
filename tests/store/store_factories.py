"""Types shared by the store tests and their conftest (importable: tests/store is on sys.path)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Made:
    """Ids (and versions) of a member and case made by the factory."""

    member_id: int
    case_id: int
    case_ref: str
    case_version: int


MakeCase = Callable[..., Made]
