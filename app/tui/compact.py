"""One pane at a time under 100 columns: the compact layout of the morning view.

Under `COMPACT_BELOW` columns three panes side by side leave each too narrow
to read (Interviews showed four columns, Timeline "Gavi"), so the screen shows
one of them at the full width and height, and a line above it (`PaneBar`)
says which one and how to get to the others. Tab and the registry's
`switch_pane` key move to the next pane and show it; a focus moved by any
other key (`/` opens the search in Interviews) shows its pane too. When the
terminal grows past the threshold the three panes come back, the focus where
it was.

`PaneSwitch` does this for the main screen: it only sets the screen's classes
(`-compact`, `-show-<pane>`; app.tcss lays them out) and moves the focus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

from app.tui.keys import live

COMPACT_BELOW: Final = 100
"""Columns under which one pane shows at a time."""


@dataclass(frozen=True)
class Pane:
    """A pane of the morning view: its widget id, its name, and the widget that takes the focus in it."""

    id: str
    name: str
    focus: str


PANES: Final = (
    Pane("interviews", "Interviews", "processes"),
    Pane("timeline-pane", "Timeline", "timeline"),
    Pane("today-pane", "Today", "today"),
)
"""In Tab order."""
START: Final = PANES[2]
"""Today: where the focus starts."""


class PaneBar(Widget):
    """One line over the compact layout: the three panes, the one shown marked, and the keys that switch."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown = START

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for pane in PANES:
            if pane is self.shown:
                text.append(f" {pane.name} ", style="reverse bold")
            else:
                text.append(f" {pane.name} ")
            text.append(" ")
        keys = live(self.app)
        hint = Text.assemble(("Tab", "bold"), " or ", (keys.shown("switch_pane"), "bold"), ": next pane")
        room = self.size.width - text.cell_len - hint.cell_len
        if room >= 1:
            text.append(" " * room)
            text.append_text(hint)
        return text

    def mark(self, pane: Pane) -> None:
        self.shown = pane
        self.refresh()


class PaneSwitch:
    """Shows one pane at a time on a narrow screen and follows the focus from pane to pane."""

    def __init__(self, screen: Screen[None]) -> None:
        self.screen = screen
        self.compact = False
        self.shown = START

    @property
    def bar(self) -> PaneBar:
        return self.screen.query_one(PaneBar)

    def fit(self, width: int) -> None:
        """Compact under `COMPACT_BELOW` columns, three panes from there on; the focused pane stays in view."""
        compact = width < COMPACT_BELOW
        if compact == self.compact:
            return
        self.compact = compact
        self.shown = self._pane_of(self.screen.focused) or self.shown
        self.screen.set_class(compact, "-compact")
        self._show(self.shown)

    def step(self, by: int) -> None:
        """The next pane (`by` 1) or the one before (-1), shown and focused; Tab's way on a wide screen."""
        if not self.compact:
            if by > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        current = self._pane_of(self.screen.focused) or self.shown
        self.show(PANES[(PANES.index(current) + by) % len(PANES)])

    def show(self, pane: Pane, *, focus: bool = True) -> None:
        """Show `pane` (on a narrow screen) and put the focus in it."""
        self._show(pane)
        if not focus:
            return
        target = self.screen.query_one(f"#{pane.focus}")
        if target.display:
            target.focus()
        else:  # an empty table (its pane says why): nothing in the pane takes keys
            self.screen.set_focus(None)

    def show_named(self, pane_id: str) -> None:
        """Show the pane whose widget id is `pane_id`, leaving the focus to the caller."""
        self._show(next(p for p in PANES if p.id == pane_id))

    def follow(self) -> None:
        """The focus moved (by a key, a click, a form closing): show the pane it moved into.

        The focus as it is now, not as the event says: the events arrive after the
        fact, and the screen's first automatic focus (Interviews) comes in after
        the one it was replaced by (Today).
        """
        pane = self._pane_of(self.screen.focused)
        if pane is not None and pane is not self.shown:
            self._show(pane)

    def _show(self, pane: Pane) -> None:
        self.shown = pane
        for each in PANES:
            self.screen.set_class(each is pane, f"-show-{each.id}")
        self.bar.mark(pane)

    @staticmethod
    def _pane_of(widget: Widget | None) -> Pane | None:
        if widget is None:
            return None
        ids = {node.id for node in widget.ancestors_with_self}
        return next((p for p in PANES if p.id in ids), None)
