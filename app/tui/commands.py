"""The command palette (ctrl+p): every dashboard action, searchable by name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from app.tui.app import NudgeApp

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Add a process", "add_process", "Company, role and the first contact"),
    ("Log or schedule an interview", "interview", "For the selected process"),
    ("Log a message", "message", "In or out, for the selected process"),
    ("Mark the Today item done", "done", "Log the thank-you, follow-up or check-in"),
    ("Change status", "status", "Offer, rejected, ghosted... or active again"),
    ("Add a contact", "contact", "A recruiter, headhunter or interviewer"),
    ("Copy the suggested message", "copy", "To the clipboard"),
    ("Export the agenda", "export", "Markdown, text, JSON, CSV or iCalendar"),
    ("Undo the last change", "undo", "Take back what was just saved"),
    ("Filter processes", "filter", "By company or role"),
    ("Show or hide closed processes", "toggle_closed", "Offers, rejections, ghosted"),
    ("Stats: how the search is going", "stats", "Funnel, waiting times, activity heatmap"),
    ("Help: keys and rules", "help", "How Nudge decides when to nudge"),
)


class NudgeCommands(Provider):
    """Nudge's own actions in the palette, beside Textual's (theme, quit...)."""

    @property
    def nudge(self) -> NudgeApp:
        """The running dashboard."""
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        """Everything, before the user types."""
        for title, action, help_text in COMMANDS:
            yield DiscoveryHit(title, partial(self.nudge.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy match on the command names."""
        matcher = self.matcher(query)
        for title, action, help_text in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.nudge.run_action, action), help=help_text)
