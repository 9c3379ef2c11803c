"""Command-palette providers: jump to any case, member, threat entry or session by typing."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from repdesk.domain.errors import RepdeskError
from repdesk.tui import lazy

if TYPE_CHECKING:
    from repdesk.store import lookup
    from repdesk.tui.app import RepDesk
else:
    (lookup,) = lazy.store("lookup")


def plain(text: str) -> str:
    """``text`` as markup that shows it as it is: the palette reads a hit's help as markup, and took
    the snippet's ``[Matched]`` words (and any ``[`` the rep typed) for tags. Textual's ``escape``
    leaves ``[Word]`` alone, so every bracket is escaped."""
    return text.replace("[", "\\[")


class EntityProvider(Provider):
    """Finds records by reference, name or words; choosing one opens it where it lives."""

    @property
    def desk(self) -> RepDesk:
        from repdesk.tui.app import RepDesk

        assert isinstance(self.app, RepDesk)
        return self.app

    async def search(self, query: str) -> Hits:
        """Records matching what was typed (a few of each kind, best first)."""
        if len(query.strip()) < 2:
            return
        try:
            with self.desk.db.session() as session:
                targets = lookup.find(session, query, limit=5)
        except RepdeskError:  # a paste too long to search, say: no hits, and the palette stays
            return
        matcher = self.matcher(query)
        for target in targets:
            score = matcher.match(target.title) or 0.5
            yield Hit(
                score,
                matcher.highlight(target.title),
                partial(self.desk.jump, target.mode, target.kind, target.ident),
                help=plain(target.help),
            )

    async def discover(self) -> Hits:
        """Nothing until the rep types: the system commands are listed instead."""
        return
        yield DiscoveryHit("", lambda: None)  # pragma: no cover - makes this a generator
