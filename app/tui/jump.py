"""A command-palette provider that jumps to a process by name: "Go to Acme Analytics · Data Engineer".

It matches the company and role, and also the names of the people on the
process, so "rita" finds the process Rita Ray recruits for. Hits are built
from plain Content (a company named "[b]" shows as typed: `Matcher.highlight`
would parse it as markup). Choosing a hit calls `go(process_id)` on the screen
(or app) that holds the dashboard, which selects it and brings closed
processes into view when needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from app.exports.common import clean
from app.rules.values import Process
from app.tui.commands import highlight

HELP = "Select it: its timeline, and i, m, s, p act on it"


class Dashboard(Protocol):
    """What the provider needs from the dashboard: its processes, and a way to select one."""

    def jump_targets(self) -> Iterable[Process]:
        """Every process loaded (closed ones too)."""
        ...

    def go(self, process_id: int) -> None:
        """Select a process (showing closed processes if it is closed)."""
        ...


def title(process: Process) -> str:
    """'Go to <company> · <role>' as typed, control characters dropped."""
    return f"Go to {clean(process.company)} · {clean(process.role)}"


class JumpToProcess(Provider):
    """Processes in the palette by company, role or a contact's name."""

    def _dashboard(self) -> Dashboard | None:
        """The screen under the palette if it is the dashboard, else the app if it is."""
        for candidate in (self.screen, self.app):
            if hasattr(candidate, "jump_targets") and hasattr(candidate, "go"):
                return candidate
        return None

    async def discover(self) -> Hits:
        """Before anything is typed: the open processes, by name."""
        dashboard = self._dashboard()
        if dashboard is None:
            return
        for process in sorted(dashboard.jump_targets(), key=lambda p: p.company.casefold()):
            if process.is_open:
                name = title(process)
                yield DiscoveryHit(Content(name), partial(dashboard.go, process.id), text=name, help=HELP)

    async def search(self, query: str) -> Hits:
        """Fuzzy match on "Go to <company> · <role>", then on the names of its contacts."""
        dashboard = self._dashboard()
        if dashboard is None:
            return
        matcher = self.matcher(query)
        for process in list(dashboard.jump_targets()):
            name = title(process)
            score = matcher.match(name)
            people = ", ".join(clean(c.name) for c in process.contacts)
            if score <= 0 and people:
                score = matcher.match(people) * 0.8  # a person's name is a weaker hint than the company
                if score > 0:
                    yield Hit(score, Content(name), partial(dashboard.go, process.id), name, f"With {people}")
                continue
            if score > 0:
                yield Hit(score, highlight(matcher, name), partial(dashboard.go, process.id), name, HELP)
