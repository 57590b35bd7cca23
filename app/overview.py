"""One-line summaries of processes and their timelines, as the dashboard lists them.

Pure functions of a process, its actions and the dashboard's date, kept out of
the widgets so they can be tested (and reused by other views) without Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.domain import ActionKind, Direction, Moment, Process, Purpose, Signal, Status
from app.rules.agenda import Action


@dataclass(frozen=True, slots=True)
class Summary:
    """A row of the Interviews pane."""

    process_id: int
    company: str
    role: str
    status: Status
    stage: str
    last_contact: date | None
    next_action: str
    next_date: date | None
    signal: Signal | None


def summarize(process: Process, actions: Iterable[Action], today: date) -> Summary:
    """Stage (latest interview, past or booked), last contact, next action, last signal."""
    happened = [i for i in process.interviews if i.at.day < today]
    booked = [i for i in process.interviews if i.at.day >= today]
    if booked:
        stage = min(booked, key=lambda i: i.at.value).kind.stage + " booked"
    elif happened:
        stage = max(happened, key=lambda i: i.at.value).kind.stage
    else:
        stage = "applied" if any(m.purpose is Purpose.APPLICATION for m in process.messages) else "-"
    contact_days = [m.at.day for m in process.messages if m.at.day <= today] + [i.at.day for i in happened]
    signals = [m for m in process.messages if m.direction is Direction.IN and m.signal and m.at.day <= today]
    latest_signal = max(signals, key=lambda m: m.at.value).signal if signals else None
    pending = sorted(actions, key=lambda a: a.due)
    next_action: str
    if not process.is_open:
        next_action, next_date = process.status, None
    elif pending:
        next_action, next_date = ActionKind(pending[0].action).label, pending[0].due
    else:  # an offer without a deadline is the seeker's to decide, not a wait on the company
        next_action, next_date = (ActionKind.DECIDE.label if process.status is Status.OFFER else "wait"), None
    return Summary(
        process.id, process.company, process.role, process.status, stage,
        max(contact_days) if contact_days else None, next_action, next_date, latest_signal,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    """A row of the Timeline pane: an interview or a message."""

    at: Moment
    what: str
    who: str
    signal: Signal | None
    text: str
    upcoming: bool
    kind: str
    """"interview" or "message"."""
    row_id: int


def timeline(process: Process, today: date) -> list[Entry]:
    """Interviews and messages in time order; interviews from today on are marked upcoming."""
    entries = [
        Entry(i.at, i.kind.label, ", ".join(i.with_), None, i.notes, i.at.day >= today, "interview", i.id)
        for i in process.interviews
    ]
    for m in process.messages:
        what = f"{m.direction.arrow} {m.purpose.label}"
        if m.channel and m.channel != "email":
            what += f" ({m.channel})"
        entries.append(Entry(m.at, what, m.contact or "", m.signal, m.text, m.at.day > today, "message", m.id))
    entries.sort(key=lambda e: (e.at.value, e.kind != "interview"))
    return entries
