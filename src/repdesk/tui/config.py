"""The rep's config file: key remapping (and room for preferences), read once at start-up.

``config.toml`` lives where ``repdesk locate`` says. Its ``[keymap]`` table
maps binding ids (listed on the ``?`` help screen) to keys::

    [keymap]
    "cases.new" = "N"
    "app.quit" = "ctrl+q,f10"

A broken file never stops the desk opening: the problem is shown and the
defaults are used. So with the keymap: an unknown id, a key name Textual
would never report, or two commands on one key are listed in one notice at
start, and each of those commands keeps its default key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, ValidationError
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key, key_to_character


class ConfigFile(BaseModel):
    """What config.toml may hold."""

    model_config = ConfigDict(extra="forbid")
    keymap: dict[str, str] = {}


@dataclass(frozen=True)
class Config:
    """Settings in force, and any problem reading them."""

    keymap: dict[str, str] = field(default_factory=dict)
    problem: str = ""

    def checked(self, scopes: Mapping[str, Iterable[Bound]]) -> Config:
        """This config with the keymap entries that would not work taken out, and said why.

        ``scopes`` are the bindings that are live together, by where: the
        app-wide ones under ``"app"`` (live on every screen), then each
        screen's. See :func:`check_keymap`.
        """
        if not self.keymap:
            return self
        keymap, problems = check_keymap(self.keymap, scopes)
        if not problems:
            return replace(self, keymap=keymap)
        notice = "\n".join(
            [
                *([self.problem] if self.problem else []),
                "Some keys in config.toml were not used; those commands keep their default keys:",
                *(f"• {problem}" for problem in problems),
            ]
        )
        return Config(keymap=keymap, problem=notice)


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


class Bound(Protocol):
    """A declared command as the keymap sees it (an ``Action`` or a Textual ``Binding``)."""

    @property
    def id(self) -> str | None:
        """Its binding id, the name a rep remaps it by."""
        ...

    @property
    def key(self) -> str | None:
        """Its default key(s), comma-separated; ``None`` when it has no key."""
        ...


APP_SCOPE = "app"
"""The scope whose bindings are live on every screen."""
MODIFIERS = frozenset({"shift", "ctrl", "alt", "super", "hyper", "meta"})
"""The modifiers Textual puts in a key's name (``ctrl+shift+up``), as its xterm parser does."""
NAMED_KEYS = frozenset(
    {key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")}
    | set(KEY_NAME_REPLACEMENTS.values())
)
"""Keys with a name rather than a character: ``escape``, ``f10``, ``pageup``, ``slash``…"""


def key_name(key: str) -> str | None:
    """Textual's name for one key as a rep writes it (``?`` → ``question_mark``), or ``None``.

    ``None`` when Textual would never report such a key, so a binding to it
    could never fire: an unknown modifier (``shft+n``), nothing after the
    ``+`` (``ctrl+``), or a name that is neither a key (``f10``) nor a
    character's (``full_stop``).
    """
    key = key.strip()
    if len(key) == 1:
        return _character_to_key(key)  # as Textual's set_keymap normalises it
    *modifiers, last = key.split("+")
    if not last or len(set(modifiers)) != len(modifiers) or not MODIFIERS.issuperset(modifiers):
        return None
    if len(last) == 1:
        last = _character_to_key(last)
    elif last not in NAMED_KEYS and key_to_character(last) is None:
        return None
    return "+".join([*modifiers, last])


def check_keymap(
    keymap: Mapping[str, str], scopes: Mapping[str, Iterable[Bound]]
) -> tuple[dict[str, str], list[str]]:
    """The keymap entries that work (keys in Textual's names), and a sentence for each that does not.

    Refused: an id no command has (with the nearest id, if one is close), a
    command run only from the palette, a key Textual would never report, and
    a key already held by another command live at the same time (in one
    screen, or app-wide and in a screen). Of two commands on one key, the one
    remapped later in the file is refused; a refused command keeps its
    default key, so refusing one may show up another clash, which is checked
    in turn. The problems come in the file's order.
    """
    declared = {scope: [(b.id, b.key) for b in listed if b.id] for scope, listed in scopes.items()}
    defaults = {ident: key for listed in declared.values() for ident, key in listed}
    problems: dict[str, str] = {}
    accepted: dict[str, str] = {}
    for ident, keys in keymap.items():
        if ident not in defaults:
            near = get_close_matches(ident, list(defaults), n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else ""
            problems[ident] = f'"{ident}" is not a binding id{hint}; the ? screen lists them'
            continue
        if defaults[ident] is None:
            problems[ident] = f'"{ident}" has no key to remap; run it from the command palette'
            continue
        names = [key_name(key) for key in keys.split(",")]
        unread = [key.strip() for key, name in zip(keys.split(","), names, strict=True) if name is None]
        if unread:
            problems[ident] = f'"{ident}" = "{keys}": "{unread[0]}" is not a key name'
            continue
        accepted[ident] = ",".join(name for name in names if name)
    order = list(accepted)
    while clash := _latest_clash(accepted, order, declared):
        ident, other, key = clash
        problems[ident] = f'"{ident}" = "{keymap[ident]}": {key} is already the key of "{other}"'
        del accepted[ident]
    return accepted, [problems[ident] for ident in keymap if ident in problems]


def _latest_clash(
    accepted: Mapping[str, str], order: list[str], declared: Mapping[str, list[tuple[str, str | None]]]
) -> tuple[str, str, str] | None:
    """(remapped id, the other id, the key) of the clash whose remap came last in the file, if any.

    A key an id holds by default is no clash of the keymap's making (help's
    ``?`` both opens and closes it), even when the keymap restates it.
    """
    shared = declared.get(APP_SCOPE, [])
    groups = [shared] + [shared + listed for scope, listed in declared.items() if scope != APP_SCOPE]
    defaults = {
        ident: {key_name(k) or k for k in (default or "").split(",")}
        for listed in declared.values()
        for ident, default in listed
    }
    worst: tuple[str, str, str] | None = None
    for group in groups:
        holders: dict[str, list[str]] = {}
        for ident, default in group:
            keys = accepted.get(ident) or default or ""
            for key in dict.fromkeys(key_name(k) or k for k in keys.split(",") if k.strip()):
                holders.setdefault(key, []).append(ident)
        for key, idents in holders.items():
            remapped = [ident for ident in idents if ident in accepted and key not in defaults[ident]]
            if len(idents) < 2 or not remapped:
                continue
            loser = max(remapped, key=order.index)
            if worst is None or order.index(loser) > order.index(worst[0]):
                other = next(ident for ident in idents if ident != loser)
                worst = (loser, other, key)
    return worst
