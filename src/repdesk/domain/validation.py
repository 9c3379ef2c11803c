"""Turn pydantic validation errors into plain sentences a rep can act on.

Forms show these beside the field they concern; the CLI prints them one per
line. Messages name the field by its human title, never by its Python name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationError, ValidatorFunctionWrapHandler
from pydantic_core import PydanticCustomError

from repdesk.domain.dates import parse_date, parse_time


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with what the rep typed."""

    field: str
    """Python name of the field ("" when the problem concerns the whole record)."""
    message: str
    """A plain sentence naming the field by its label."""


class FieldError(ValueError):
    """A rule over several fields, reported beside the one the rep should change.

    Raised in a model's whole-record check; :func:`problems_from` gives the
    problem that field's name, so every form shows it beside the field.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


SQLITE_INT_MIN = -(2**63)
SQLITE_INT_MAX = 2**63 - 1
"""SQLite's INTEGER range: an id, a version or a count outside it cannot be stored or looked up."""

# NUL ends text in C, so SQLite and the terminal would cut it short; a lone
# surrogate (half of a pair, as a broken paste leaves) cannot be written as UTF-8.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """What in ``text`` cannot be stored or shown, in words, or None when it is all fine."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return "an empty (NUL) character" if found.group() == "\x00" else "a broken character"


def without_unstorable(text: str) -> str:
    """``text`` with what :func:`unstorable` finds taken out."""
    return _UNSTORABLE.sub("", text)


def _refuse_text(value: Any) -> None:
    if isinstance(value, str):
        what = unstorable(value)
        if what is not None:
            raise PydanticCustomError("text_unstorable", "contains {what}", {"what": what})
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _refuse_text(item)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _refuse_text(key)
            _refuse_text(item)


def _refuse_range(value: Any) -> None:
    if isinstance(value, int):
        if not SQLITE_INT_MIN <= value <= SQLITE_INT_MAX:
            raise PydanticCustomError("int_unstorable", "is out of range")
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _refuse_range(item)


def storable(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Wrap validator for every input field: refuse text SQLite cannot store, then numbers outside its range.

    The text is checked before the field's own parsing (a date parser must
    never see a lone surrogate), the numbers after it (``"1e30"`` or a long
    string of digits become numbers only then).
    """
    _refuse_text(value)
    result = handler(value)
    _refuse_range(result)
    return result


def _lenient_date(value: Any) -> Any:
    """Let date fields accept what a rep types (``6/1/25``, ``+5d``) as well as dates."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        return parse_date(text)
    return value


LenientDate = Annotated[date, BeforeValidator(_lenient_date)]
"""A date field that accepts the lenient forms of :func:`repdesk.domain.dates.parse_date`."""


def _lenient_time(value: Any) -> Any:
    """Let time fields accept ``2:30pm``, ``1430`` or nothing at all."""
    if isinstance(value, str):
        return parse_time(value)
    return value


OptionalDate = Annotated[date | None, BeforeValidator(_lenient_date)]
"""An optional lenient date: blank text means "not given"."""

OptionalTime = Annotated[time | None, BeforeValidator(_lenient_time)]
"""An optional time of day (``2:30pm``, ``1430``); blank text means "not known"."""


def _label(field: str, labels: Mapping[str, str]) -> str:
    return labels.get(field) or field.replace("_", " ").capitalize()


def _sentence(kind: str, label: str, ctx: Mapping[str, Any], raw: str, value: Any) -> str:
    if kind in {"missing", "string_too_short"} and (ctx.get("min_length", 1) <= 1):
        return f"{label} is required."
    if value is None and (kind == "enum" or kind.endswith("_type")):
        # A required field sent empty (an update clearing it, a blanked date box).
        return f"{label} is required."
    if kind == "string_too_short":
        return f"{label} must be at least {ctx['min_length']} characters."
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "too many"
        return f"{label} is too long ({length} characters); the limit is {ctx['max_length']}."
    if kind == "enum":
        return f"{label} must be one of: {ctx.get('expected', '')}."
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        return f"{label} must be {words} {bound}."
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{label} must be a whole number."
    if kind in {"int_unstorable", "int_parsing_size"}:
        return f"{label}: no record has a number that large."
    if kind in {"text_unstorable", "string_unicode"}:
        what = ctx.get("what", "a broken character")
        return f"{label} contains {what}, which cannot be stored; delete it or type the text again."
    if kind.startswith(("date", "time")):
        return f"{label}: {raw.removeprefix('Value error, ')}"
    if kind == "value_error":
        message = raw.removeprefix("Value error, ")
        # Our own validators write whole sentences; date parsing errors
        # start with what was typed, so put the label first for context.
        if message[:1].isupper() and label.lower() in message.lower():
            return message
        return f"{label}: {message}"
    return f"{label}: {raw}"


def problems_from(exc: ValidationError, labels: Mapping[str, str] | None = None) -> list[FieldProblem]:
    """Every problem in ``exc`` as a :class:`FieldProblem`, in field order."""
    labels = labels or {}
    problems: list[FieldProblem] = []
    for error in exc.errors(include_url=False):
        loc = [part for part in error["loc"] if isinstance(part, str)]
        field = loc[0] if loc else ""
        ctx = error.get("ctx") or {}
        message = _sentence(error["type"], _label(field, labels), ctx, error["msg"], error.get("input"))
        if not field:
            raised = ctx.get("error")
            field = raised.field if isinstance(raised, FieldError) else ""
            message = error["msg"].removeprefix("Value error, ")
        problems.append(FieldProblem(field, message))
    return problems
