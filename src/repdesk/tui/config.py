"""The rep's config file: key remapping (and room for preferences), read once at start-up.

``config.toml`` lives where ``repdesk locate`` says. Its ``[keymap]`` table
maps binding ids (listed on the ``?`` help screen) to keys::

    [keymap]
    "cases.new" = "N"
    "app.quit" = "ctrl+q,f10"

A broken file never stops the desk opening: the problem is shown and the
defaults are used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError


class ConfigFile(BaseModel):
    """What config.toml may hold."""

    model_config = ConfigDict(extra="forbid")
    keymap: dict[str, str] = {}


@dataclass(frozen=True)
class Config:
    """Settings in force, and any problem reading them."""

    keymap: dict[str, str] = field(default_factory=dict)
    problem: str = ""


def load_config(path: Path) -> Config:
    """Read ``path`` if it exists; a bad file gives defaults and a plain sentence saying why."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        return Config(problem=f"Could not read {path} ({exc.strerror}); using default keys.")
    try:
        parsed = ConfigFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        return Config(problem=f"{path} is not valid TOML ({exc}); using default keys.")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return Config(problem=f"{path}: {where}: {first['msg']}; using default keys.")
    return Config(keymap=parsed.keymap)
