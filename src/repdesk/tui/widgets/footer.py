"""A footer that rebuilds itself only when the keys it shows have changed.

Textual's Footer recomposes (a dozen widgets, each styled afresh) every time
a screen's bindings are refreshed, which happens on every focus change and
many times during start-up. The desk's footer keeps what it last showed and
skips a rebuild that would draw the same keys again.

It also keeps each key in its declared place: Textual lists a key remapped in
config.toml after all the others, where a narrow footer cuts it off.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class DeskFooter(Footer):
    """Textual's footer, rebuilt once per real change of the shown keys."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=True)
        self._shown: tuple[object, ...] | None = None
        self._pending = False

    def _signature(self) -> tuple[object, ...]:
        """What compose() would draw: each shown key, its label, tooltip and whether it is enabled."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def compose(self) -> ComposeResult:
        drawn: list[Widget] = list(super().compose())
        keys = [w for w in drawn if isinstance(w, FooterKey) and not w.has_class("-command-palette")]
        yield from self._in_declared_places(keys)
        yield from (w for w in drawn if w not in keys)

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
