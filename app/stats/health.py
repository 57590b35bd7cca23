"""Pipeline health: the few numbers that say whether the search is moving.

Unlike the rest of the stats, health is about now, so it ignores the period.
"Keep other options open" counts the open processes (active, or an offer in
hand) and is quiet while an offer is in hand: the search no longer hangs on
one thread. "Awaiting a reply" counts the active processes where the last word was the
seeker's (an interview that has happened, or a message sent) and no interview
is booked: the ball is in the company's court. A process whose last word came
from the company, or with an interview coming up, is not waiting on anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.plural import plural
from app.rules.values import Process, is_open

_OFFER_IN_HAND = frozenset({"offer", "accepted"})


SHORT_WARNING = "keep other options open"
"""The warning as a pane header has room for it."""


@dataclass(frozen=True, slots=True)
class Health:
    """The state of the search on one day."""

    active: int
    """Processes at `active`: still being chased."""
    interviews_this_week: int
    """Interviews from Monday to Sunday of today's week, held or booked, in any process."""
    awaiting_reply: int
    offer_in_hand: bool
    """Some process is at `offer` or `accepted`."""
    open_processes: int
    """Processes still in play (active, or an offer in hand): what keeping options open is about."""

    @property
    def warning(self) -> str | None:
        """A gentle word when the search depends on one process or none, and no offer is in hand."""
        if self.offer_in_hand or self.open_processes >= 2:
            return None
        if self.open_processes == 1:
            return "Only one process is active: keep a few others going until you hold an offer."
        return "No process is active: a couple of new applications would get the search moving again."

    def line(self) -> str:
        """One line for a pane header: "7 active · 2 interviews this week · 4 awaiting a reply".

        The warning shrinks to a few words here; the Stats screen and `nudge stats` give it whole.
        """
        interviews = plural(self.interviews_this_week, "interview")
        text = f"{self.active} active · {interviews} this week · {self.awaiting_reply} awaiting a reply"
        return f"{text} · {SHORT_WARNING}" if self.warning else text


def awaiting_reply(process: Process, today: date) -> bool:
    """Whether an active process is waiting on the company: our word was the last and nothing is booked.

    An offer waits on the seeker, not the company, so only `active` counts here.
    """
    if process.status != "active" or any(i.at.day >= today for i in process.interviews):
        return False
    # On a shared moment the company's message goes last: a reply on the day settles the question.
    last = max(
        [(i.at.value, 0) for i in process.interviews]
        + [(m.at.value, 1 if m.direction == "in" else 0) for m in process.messages if m.at.day <= today],
        default=None,
    )
    return last is not None and last[1] == 0


def pipeline_health(processes: Iterable[Process], today: date) -> Health:
    """Active processes, this week's interviews, replies awaited, and whether an offer is in hand."""
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    active = still_open = interviews = awaiting = 0
    offer = False
    for process in processes:
        active += process.status == "active"
        still_open += is_open(process.status)
        offer = offer or process.status in _OFFER_IN_HAND
        interviews += sum(1 for i in process.interviews if monday <= i.at.day <= sunday)
        awaiting += awaiting_reply(process, today)
    return Health(active, interviews, awaiting, offer, still_open)


def health_line(processes: Iterable[Process], today: date) -> str:
    """The Today pane's one-line health, computed from every loaded process."""
    return pipeline_health(processes, today).line()
