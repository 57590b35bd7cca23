"""Warnings shown while logging (rules.md section 6): never a refusal, always a plain word.

The seeker may have good reasons to write early or to the hiring manager;
Nudge only makes sure they do it knowingly.

Nudges "in a row without a reply" are counted the way the ladder counts them:
by date, after the later of the latest past interview and their latest reply
(an interview is an answer too; a nudge on the day of a reply was before it).
"Too early" compares with the next nudge's due date; once the ladder says to
move on there is no nudge left to be early for, and the third-in-a-row
warning speaks instead.
"""

from __future__ import annotations

from dataclasses import replace

from app.rules.calendar import BusinessCalendar
from app.rules.ladder import History, ladder_step, say_date
from app.rules.routing import goes_around_recruiter
from app.rules.values import ROLE_LABELS, Message, Process, Timing


def logging_warnings(process: Process, message: Message, cal: BusinessCalendar, timing: Timing) -> list[str]:
    """What to tell the seeker about logging `message` (not yet stored) on `process`."""
    warnings: list[str] = []
    day = message.at.day
    if message.is_nudge:
        history = History.of(process, day)
        step = ladder_step(history, cal, timing)
        if history.scheduled:
            nxt = history.scheduled[0]
            warnings.append(
                f"too early: the {nxt.label} on {say_date(nxt.at.day)} is already booked; follow up after it"
            )
        elif step is not None and step.kind != "move_on" and step.due > day:
            who = ROLE_LABELS.get(_routed_role(process), "recruiter")
            warnings.append(
                f"too early: the {who} usually needs about {_wait_words(step.reason)}; due {say_date(step.due)}"
            )
        unanswered = _nudges_since_reply(history)
        if unanswered >= 2:
            warnings.append(
                f"this would be nudge number {unanswered + 1} in a row without a reply; "
                "a candid check-in or letting go may serve you better"
            )
    if message.direction == "out":
        bypassed = goes_around_recruiter(process, process.contact(message.contact))
        if bypassed is not None:
            target = process.contact(message.contact)
            assert target is not None
            warnings.append(
                f"this goes around the {ROLE_LABELS[bypassed.role]}: {target.name} "
                f"({ROLE_LABELS.get(target.role, target.role)}) has not said direct contact is fine; "
                f"{bypassed.name} should carry it"
            )
    return warnings


def _routed_role(process: Process) -> str:
    roles = {c.role for c in process.contacts}
    return "headhunter" if "headhunter" in roles else "recruiter"


def _wait_words(reason: str) -> str:
    """ "5 business days" from a step's reason, which always starts with its count."""
    words = reason.split()
    return " ".join(words[:3]) if len(words) >= 3 and words[0].isdigit() else "a little more time"


def _nudges_since_reply(history: History) -> int:
    """Nudges dated after the latest reply or past interview, whichever is later (only dates count)."""
    answers = [m.at.day for m in history.messages if m.direction == "in"]
    if history.last_interview is not None:
        answers.append(history.last_interview.at.day)
    since = max(answers, default=None)
    return sum(1 for m in history.messages if m.is_nudge and (since is None or m.at.day > since))


def with_message(process: Process, message: Message) -> Process:
    """The process as it would be with `message` logged: for previewing the agenda."""
    return replace(process, messages=(*process.messages, message))
