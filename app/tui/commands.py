"""The command palette (ctrl+p): every dashboard action, searchable by name.

The actions are the key registry's (`app.tui.keys`); they run on the main screen, which owns them.
Processes are found by `app.tui.jump.JumpToProcess` ("Go to <company> · <role>").

Hits are built from plain Content: Textual's `Matcher.highlight` and a `str`
prompt are read as markup.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from app.tui.keys import in_palette

if TYPE_CHECKING:
    from app.tui.app import NudgeApp

COMMANDS: tuple[tuple[str, str, str], ...] = tuple(
    (k.title, k.action, k.does[:1].upper() + k.does[1:]) for k in in_palette()
)
"""(title, action, what it does) for each key the registry lists in the palette."""


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate as plain text with the matched letters marked (`Matcher.highlight` parses markup)."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class NudgeCommands(Provider):
    """Nudge's own actions in the palette, beside Textual's (theme, quit...)."""

    @property
    def nudge(self) -> NudgeApp:
        """The running dashboard."""
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        """The actions, before the user types."""
        for title, action, help_text in COMMANDS:
            yield DiscoveryHit(Content(title), partial(self.nudge.main.run_action, action), text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy match on the command names."""
        matcher = self.matcher(query)
        for title, action, help_text in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, title), partial(self.nudge.main.run_action, action), title, help_text
                )
