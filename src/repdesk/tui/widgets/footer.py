"""A footer that rebuilds itself only when the keys it shows have changed.

Textual's Footer recomposes (a dozen widgets, each styled afresh) every time
a screen's bindings are refreshed, which happens on every focus change and
many times during start-up. The desk's footer keeps what it last showed and
skips a rebuild that would draw the same keys again.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


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
