"""Shared pieces of every model family: columns, the version counter, Update builders."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, ValidatorFunctionWrapHandler, create_model, field_validator
from pydantic.fields import FieldInfo
from sqlmodel import Field, SQLModel

from repdesk.domain import clock
from repdesk.domain.validation import storable

# Text limits, in characters. Generous enough for real casework, small enough
# that a paste of a whole document lands in an attachment, not a field.
NAME = 120
SHORT = 200
LINE = 500
TEXT = 5_000
LONG = 20_000

# Named constraints let Alembic's batch mode (SQLite's ALTER TABLE) find them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_type(enum: type[StrEnum]) -> sa.Enum:
    """Store an enum by its *value* (``"waiting_employer"``), checked by SQLite."""
    return sa.Enum(
        enum,
        values_callable=lambda cls: [member.value for member in cls],
        native_enum=False,
        create_constraint=True,
        length=32,
        validate_strings=True,
        # No type name: the naming convention then names each CHECK per column.
        name=None,
    )


# --- the fields a rep fills in --------------------------------------------------
#
# Each gives the one Field a kind of input always is, so a model reads as its
# names, titles and descriptions. The columns they make are exactly those the
# migrations create.


def text_field(limit: int, title: str, description: str, *, blank: bool = True, **extra: Any) -> Any:
    """Text of at most ``limit`` characters, empty unless given.

    With ``blank=False`` it may not be empty, so without a ``default`` it must be given.
    """
    least: dict[str, Any] = {"default": ""} if blank else {"min_length": 1}
    return Field(**least, max_length=limit, title=title, description=description, **extra)


def choice(enum: type[StrEnum], title: str, description: str, **extra: Any) -> Any:
    """One of ``enum``'s values, stored by value (see :func:`enum_type`)."""
    return Field(sa_type=enum_type(enum), title=title, description=description, **extra)


def flag(title: str, description: str) -> Any:
    """A yes/no, no unless given."""
    return Field(default=False, title=title, description=description)


def optional(title: str, description: str, **extra: Any) -> Any:
    """A value the rep may leave out (``None``): a date, a time, a contact detail."""
    return Field(default=None, title=title, description=description, **extra)


def _storable(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Every field of every input: text SQLite can store and numbers in its range (see ``storable``)."""
    return storable(value, handler)


class Input(SQLModel):
    """Base for every validated input: trims text, rejects unknown fields and what SQLite cannot store."""

    # defer_build: validators are built on first use, not at import, which
    # keeps start-up short (there are ~20 input models).
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", defer_build=True)  # type: ignore[assignment]
    _storable = field_validator("*", mode="wrap")(_storable)


class Stamped(SQLModel):
    """Columns every editable table carries."""

    created_at: datetime = Field(default_factory=clock.now, description="When the record was made (UTC).")
    updated_at: datetime = Field(default_factory=clock.now, description="When it last changed (UTC).")
    version: int = Field(
        default=1,
        description="Bumped on every update; an update from an older copy is refused.",
    )


class UpdateModel(BaseModel):
    """Base of every ``XUpdate``: only the fields set are changed; ``version`` is required.

    ``version`` is the version of the copy the rep edited. If the record moved
    on since (another repdesk on the same file), the update is refused.
    """

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", defer_build=True)
    _storable = field_validator("*", mode="wrap")(_storable)
    version: int
    BASE: ClassVar[type[BaseModel]]
    """The ``XBase`` it was built from, which the changed record must still satisfy as a whole."""

    def changes(self) -> dict[str, Any]:
        """The fields the caller set, without ``version``."""
        return self.model_dump(exclude_unset=True, exclude={"version"})


def partial(model: type[BaseModel], name: str, *, exclude: tuple[str, ...] = ()) -> type[UpdateModel]:
    """Build ``XUpdate`` from ``XBase``: every field optional, same limits and parsers.

    Cross-field rules (a case cannot close before it opened) are checked by
    the service on the merged record, since an update may set only one side.
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name in exclude:
            continue
        annotation: Any = info.annotation
        # Keep the limits and parsers; SQLModel's own column metadata means nothing here.
        metadata = [m for m in info.metadata if not type(m).__module__.startswith("sqlmodel")]
        if metadata:
            annotation = Annotated[(annotation, *metadata)]
        fields[field_name] = (
            annotation | None,
            FieldInfo(default=None, title=info.title, description=info.description),
        )
    # The base's field checks (a blank email is none, an email has an @) hold for a
    # change too, so a form's first save reports every problem a field has at once.
    validators = {
        f"_{key}": field_validator(*kept, mode=decorator.info.mode)(
            getattr(decorator.func, "__func__", decorator.func)
        )
        for key, decorator in model.__pydantic_decorators__.field_validators.items()
        if (kept := [f for f in decorator.info.fields if f in fields])
    }
    built = create_model(name, __base__=UpdateModel, __validators__=validators, **fields)
    built.BASE = model
    built.__doc__ = f"Changes to a {model.__name__.removesuffix('Base').lower()}: set only what changes."
    return built


def labels_of(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> human title, for error messages and forms."""
    return {name: info.title for name, info in model.model_fields.items() if info.title}
