"""One-line summaries of processes and their timelines, as the dashboard lists them.

Pure functions of a process, its actions and the dashboard's date, kept out of
the widgets so they can be tested (and reused by other views) without Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.rules.agenda import Action
from app.rules.values import KIND_LABELS, Moment, Process

PURPOSE_LABELS = {
    "follow_up": "follow-up",
    "check_in": "check-in",
    "thank_you": "thank-you",
    "scheduling": "scheduling",
    "application": "application",
    "reply": "reply",
    "other": "message",
}
STAGE_LABELS = {
    "headhunter_screen": "agency screen",
    "recruiter_screen": "screen",
    "hiring_manager": "manager",
    "technical": "technical",
    "onsite": "onsite",
    "final": "final",
    "other": "interview",
}
"""Short stage names for the Interviews table."""
ACTION_LABELS = {
    "prepare": "prepare",
    "thank_you": "thank-you",
    "follow_up": "follow up",
    "check_in": "check in",
    "move_on": "move on?",
    "decide": "decide",
}


@dataclass(frozen=True, slots=True)
class Summary:
    """A row of the Interviews pane."""

    process_id: int
    company: str
    role: str
    status: str
    stage: str
    last_contact: date | None
    next_action: str
    next_date: date | None
    signal: str | None


def summarize(process: Process, actions: Iterable[Action], today: date) -> Summary:
    """Stage (latest interview, past or booked), last contact, next action, last signal."""
    happened = [i for i in process.interviews if i.at.day < today]
    booked = [i for i in process.interviews if i.at.day >= today]
    if booked:
        stage = STAGE_LABELS[min(booked, key=lambda i: i.at.value).kind] + " booked"
    elif happened:
        stage = STAGE_LABELS[max(happened, key=lambda i: i.at.value).kind]
    else:
        stage = "applied" if any(m.purpose == "application" for m in process.messages) else "-"
    contact_days = [m.at.day for m in process.messages if m.at.day <= today] + [i.at.day for i in happened]
    signals = [m for m in process.messages if m.direction == "in" and m.signal and m.at.day <= today]
    latest_signal = max(signals, key=lambda m: m.at.value).signal if signals else None
    pending = sorted(actions, key=lambda a: a.due)
    if not process.is_open:
        next_action, next_date = process.status, None
    elif pending:
        next_action, next_date = ACTION_LABELS[pending[0].action], pending[0].due
    else:  # an offer without a deadline is the seeker's to decide, not a wait on the company
        next_action, next_date = ("decide" if process.status == "offer" else "wait"), None
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
    signal: str | None
    text: str
    upcoming: bool
    kind: str
    """"interview" or "message"."""
    row_id: int


def timeline(process: Process, today: date) -> list[Entry]:
    """Interviews and messages in time order; interviews from today on are marked upcoming."""
    entries = [
        Entry(i.at, KIND_LABELS[i.kind], ", ".join(i.with_), None, i.notes, i.at.day >= today, "interview", i.id)
        for i in process.interviews
    ]
    for m in process.messages:
        arrow = "→" if m.direction == "out" else "←"
        what = f"{arrow} {PURPOSE_LABELS.get(m.purpose, m.purpose)}"
        if m.channel and m.channel != "email":
            what += f" ({m.channel})"
        entries.append(Entry(m.at, what, m.contact or "", m.signal, m.text, m.at.day > today, "message", m.id))
    entries.sort(key=lambda e: (e.at.value, e.kind != "interview"))
    return entries
