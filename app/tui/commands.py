"""The command palette (ctrl+p): every dashboard action, and every process, searchable by name.

The actions are the key registry's (`app.tui.keys`); they run on the main screen, which owns them.

A process's hit shows its company and role as typed: Textual's `Matcher.highlight`
and a `str` prompt are read as markup, so hits are built from plain Content here.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from app.exports.common import clean
from app.tui.keys import in_palette

if TYPE_CHECKING:
    from app.tui.app import NudgeApp

COMMANDS: tuple[tuple[str, str, str], ...] = tuple(
    (k.title, k.action, k.does[:1].upper() + k.does[1:]) for k in in_palette()
)
"""(title, action, what it does) for each key the registry lists in the palette."""

SHOW_HELP = "Select it: its timeline, and the keys for interviews, messages, status and people act on it"


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


def show_process(app: NudgeApp, process_id: int) -> None:
    """Select a process from the palette; a closed one brings the closed processes into view."""
    process = app.model.processes.get(process_id)
    if process is None:
        return
    if not process.is_open:
        app.show_closed = True
    app.selected = process_id


class NudgeCommands(Provider):
    """Nudge's own actions and its processes in the palette, beside Textual's (theme, quit...)."""

    @property
    def nudge(self) -> NudgeApp:
        """The running dashboard."""
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        """The actions, before the user types."""
        for title, action, help_text in COMMANDS:
            yield DiscoveryHit(Content(title), partial(self.nudge.main.run_action, action), text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy match on the command names, then on "Show <company> · <role>" for each process."""
        matcher = self.matcher(query)
        for title, action, help_text in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, title), partial(self.nudge.main.run_action, action), title, help_text
                )
        for process in list(self.nudge.model.processes.values()):
            name = f"Show {clean(process.company)} · {clean(process.role)}"
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, name), partial(show_process, self.nudge, process.id), name, SHOW_HELP
                )
