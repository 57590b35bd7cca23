"""Warnings shown while logging: never a refusal, always a plain word.

The seeker may have good reasons to write early or to the hiring manager;
Nudge only makes sure they do it knowingly.

Nudges "in a row without a reply" are counted the way the ladder counts them:
by date, after the later of the latest past interview and their latest reply
(an interview is an answer too; a nudge on the day of a reply was before it).
"Too early" compares with the next nudge's due date; once the ladder says to
move on there is no nudge left to be early for, and the third-in-a-row
warning speaks instead. "Too early" names the rule that set the due date (the
recruiter's usual wait, the seeker's own last message, their promised answer
date, or the seeker's chosen wait).

A thank-you to someone the seeker interviewed with, in any interview dated on
or before the message's day, does not go around the recruiter: it is where a
thank-you belongs. A nudge after their "no" (their latest message since the
anchor, negative) gets a warning of its own; the ladder then offers a
gracious close instead of a nudge, so "too early" stays silent.
"""

from __future__ import annotations

from dataclasses import replace

from app.plural import plural
from app.rules.calendar import BusinessCalendar
from app.rules.ladder import History, Step, ladder_step, say_date
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
            warnings.append(f"too early: {_early_words(process, step)}; due {say_date(step.due)}")
        no = history.said_no()
        if no is not None:
            warnings.append(
                f'this follows their "no" on {say_date(no.at.day)}: '
                "a gracious thank-you and closing it as rejected fit better than a nudge"
            )
        unanswered = _nudges_since_reply(history)
        if unanswered >= 2:
            warnings.append(
                f"this would be nudge number {unanswered + 1} in a row without a reply; "
                "a candid check-in or letting go may serve you better"
            )
    if message.direction == "out" and not _thanks_someone_met(process, message):
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


def _early_words(process: Process, step: Step) -> str:
    """Why the next nudge is not due yet, in the words of the rule that set its date."""
    if step.rule == "table":
        who = ROLE_LABELS.get(_routed_role(process), "recruiter")
        return f"the {who} usually needs about {_bd(step.wait)}"
    if step.rule == "pester":
        return f"give it {step.said}"
    return step.said


def _bd(n: int) -> str:
    return plural(n, "business day")


def _thanks_someone_met(process: Process, message: Message) -> bool:
    """A thank-you to a person one of the interviews so far was with."""
    if message.purpose != "thank_you" or message.contact is None:
        return False
    return any(message.contact in i.with_ and i.at.day <= message.at.day for i in process.interviews)


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
