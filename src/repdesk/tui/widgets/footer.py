"""A footer that rebuilds itself only when the keys it shows have changed.

Textual's Footer recomposes (a dozen widgets, each styled afresh) every time
a screen's bindings are refreshed, which happens on every focus change and
many times during start-up. The desk's footer keeps what it last showed and
skips a rebuild that would draw the same keys again.

It also keeps each key in its declared place: Textual lists a key remapped in
config.toml after all the others, where a narrow footer cuts it off. And when
the keys are more than the terminal is wide (80 columns, say), it leaves out
the ones that do not fit, last declared first, but never ``?`` Help: the help
screen lists every key, so it is the one key a rep must always see.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEPT = "app.help"
"""The binding id of the key the footer always shows."""


def key_width(key: FooterKey) -> int:
    """The cells a footer key takes: its key and description, each padded as the footer draws them."""
    width = cell_len(key.key_display) + 2
    return width + cell_len(key.description) + 1 if key.description else width


def fitting(keys: list[FooterKey], ids: list[str], room: int) -> list[FooterKey]:
    """The keys that fit in ``room`` cells, in their order: :data:`KEPT` always, then the others
    while they fit, first declared first (a key too wide is skipped, a narrower later one may fit)."""
    left = room - sum(key_width(key) for key, ident in zip(keys, ids, strict=True) if ident == KEPT)
    shown: list[FooterKey] = []
    for key, ident in zip(keys, ids, strict=True):
        if ident == KEPT:
            shown.append(key)
        elif key_width(key) <= left:
            shown.append(key)
            left -= key_width(key)
    return shown


class DeskFooter(Footer):
    """Textual's footer, rebuilt once per real change of the shown keys."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=True)
        self._shown: tuple[object, ...] | None = None
        self._pending = False

    def _signature(self) -> tuple[object, ...]:
        """What compose() would draw: each shown key, its label, tooltip and whether it is enabled."""
        return (
            self.app.size.width,
            *(
                (binding.key, binding.action, binding.description, enabled, tooltip)
                for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show or binding.action == "command_palette"
            ),
        )

    def compose(self) -> ComposeResult:
        drawn: list[Widget] = list(super().compose())
        keys = [w for w in drawn if isinstance(w, FooterKey) and not w.has_class("-command-palette")]
        others = [w for w in drawn if w not in keys]
        placed = self._in_declared_places(keys)
        if not any(isinstance(w, FooterKey) and w.has_class("-grouped") for w in drawn):
            palette = sum(key_width(w) + 2 for w in others if isinstance(w, FooterKey))  # its border, padding
            ids = [self._binding_id(key) for key in placed]
            placed = fitting(placed, ids, self.app.size.width - palette)
        yield from placed
        yield from others

    def _binding_id(self, key: FooterKey) -> str:
        """The binding id of the command a footer key runs."""
        for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action == key.action:
                return binding.id or ""
        return ""

    def _in_declared_places(self, keys: list[FooterKey]) -> list[FooterKey]:
        """``keys`` as Textual drew them, each remapped one moved back among its screen's keys.

        It goes after the last key of the same screen (or widget) declared
        before it, so a footer with nothing remapped is drawn as Textual drew it.
        """
        remapped: dict[str, str] = getattr(self.app, "_keymap", {})
        owner = {
            binding.action: (node, binding.id)
            for node, binding, _enabled, _tooltip in self.screen.active_bindings.values()
        }

        def rank(key: FooterKey) -> int:
            node, ident = owner[key.action]
            declared = [b.id for b in getattr(type(node), "BINDINGS", ()) if isinstance(b, Binding)]
            return declared.index(ident) if ident in declared else -1

        placed = [key for key in keys if owner[key.action][1] not in remapped]
        for key in keys:
            if key in placed:
                continue
            node = owner[key.action][0]
            same = [i for i, other in enumerate(placed) if owner[other.action][0] is node]
            earlier = [i for i in same if rank(placed[i]) < rank(key)]
            placed.insert(earlier[-1] + 1 if earlier else same[0] if same else len(placed), key)
        return placed

    def on_resize(self) -> None:
        # A wider or narrower terminal fits another set of keys.
        if self._bindings_ready and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        signature = self._signature()
        if signature != self._shown:
            self._shown = signature
            await self.recompose()
