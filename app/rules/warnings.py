"""Warnings shown while logging (rules.md section 6): never a refusal, always a plain word.

The seeker may have good reasons to write early or to the hiring manager;
Nudge only makes sure they do it knowingly.
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
        elif step is not None and step.due > day:
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
    """Outbound follow-ups and check-ins since the latest inbound message."""
    count = 0
    for message in sorted(history.messages, key=lambda m: m.at.value, reverse=True):
        if message.direction == "in":
            break
        if message.is_nudge:
            count += 1
    return count


def with_message(process: Process, message: Message) -> Process:
    """The process as it would be with `message` logged: for previewing the agenda."""
    return replace(process, messages=(*process.messages, message))
