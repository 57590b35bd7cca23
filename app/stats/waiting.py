"""How long companies take to answer, and how often a nudge gets a reply.

A *prompt* is anything that leaves the next word to the company: an
application (where a process starts, as the ladder counts it), an interview
that has happened, or a nudge (an outbound follow-up or check-in). Its answer
is the first inbound message after it, of any purpose (a rejection answers as
surely as an invitation), and before the next prompt that would claim it: the
next interview for an interview, the next interview or nudge for a nudge or an
application (or the next application, when the seeker applied again).
Timed moments compare by time; when either side has only a date, a message on
the same day counts as after, the way the ladder reads a same-day reply.

Each prompt ends one of four ways:

- `replied`: a reply was logged; the wait is the business days from the prompt
  to the reply (`bd_between`) on the process's own calendar, since that is the
  calendar the recruiter works to;
- `implied`: no reply was logged, but what came next shows that the company
  answered (another interview, or the process closed as offer, accepted,
  declined or rejected). It counts as a reply, without a wait;
- `pending`: no answer yet, and fewer business days have passed than the
  ladder waits before its first nudge (`Timing.screen_wait`, 5 by default;
  after an application `Timing.application_wait`, 7), in a process that is
  still open: too early to call it silence;
- `silent`: everything else.

Reply rates leave the pending prompts out.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from app.rules.calendar import BusinessCalendar, CalendarBook
from app.rules.values import INTERVIEW_KINDS, Interview, Message, Moment, Process, Settings, is_open

Outcome = Literal["replied", "implied", "pending", "silent"]

NUDGE_KEYS: Final = ("first_follow_up", "later_follow_up", "check_in")
AFTER_KEYS: Final = ("application", *INTERVIEW_KINDS, *NUDGE_KEYS)
"""Every kind of prompt, in the order tables list them: the application, interviews by stage, then nudges."""
AFTER_LABELS: Final = {
    "application": "application",
    "headhunter_screen": "headhunter screen",
    "recruiter_screen": "recruiter screen",
    "hiring_manager": "hiring manager",
    "technical": "technical",
    "onsite": "onsite",
    "final": "final",
    "other": "other interview",
    "first_follow_up": "first follow-up",
    "later_follow_up": "later follow-up",
    "check_in": "candid check-in",
}
ANSWERED_STATUSES: Final = frozenset({"offer", "accepted", "declined", "rejected"})
"""Statuses that only the company's answer can lead to."""


def _follows(later: Moment, earlier: Moment) -> bool:
    """Whether `later` comes after `earlier`; on a shared day, a date without a time counts as after."""
    if later.timed and earlier.timed:
        return later.value > earlier.value
    return later.day >= earlier.day


@dataclass(frozen=True, slots=True)
class Prompt:
    """An interview or a nudge, and how the company answered it."""

    process_id: int
    company: str
    after: str
    """A key of AFTER_KEYS."""
    asked: date
    outcome: Outcome
    days: int | None
    """Business days to the logged reply; None unless `outcome` is "replied"."""

    @property
    def is_nudge(self) -> bool:
        """A follow-up or check-in, rather than an interview."""
        return self.after in NUDGE_KEYS

    @property
    def is_interview(self) -> bool:
        """An interview that has happened (the application and the nudges are not)."""
        return self.after in INTERVIEW_KINDS


def _nudge_keys(process: Process, today: date) -> dict[int, str]:
    """The bucket of each nudge (by its index in `process.messages`), counting nudges in a row.

    The count restarts at every inbound message and every interview, as the
    ladder's does: the first follow-up after a reply is a first follow-up again.
    """
    events: list[tuple[Moment, int, int]] = [(i.at, 0, -1) for i in process.interviews if i.at.day < today]
    events += [(m.at, 1 if m.direction == "in" else 2, n) for n, m in enumerate(process.messages) if m.at.day <= today]
    events.sort(key=lambda e: (e[0].value, e[1]))
    keys: dict[int, str] = {}
    in_a_row = 0
    for _, order, index in events:
        if order < 2:
            in_a_row = 0
            continue
        message = process.messages[index]
        if not message.is_nudge:
            continue
        in_a_row += 1
        if message.purpose == "check_in":
            keys[index] = "check_in"
        else:
            keys[index] = "first_follow_up" if in_a_row == 1 else "later_follow_up"
    return keys


def prompts(
    process: Process, cal: BusinessCalendar, today: date, wait: int, application_wait: int | None = None
) -> list[Prompt]:
    """Every prompt of one process up to `today`, with its outcome.

    `wait` is the patience after an interview or a nudge, `application_wait`
    (default: `wait`) after an application.
    """
    replies = sorted(
        (m for m in process.messages if m.direction == "in" and m.at.day <= today), key=lambda m: m.at.value
    )
    interviews = sorted(process.interviews, key=lambda i: i.at.value)
    nudge_keys = _nudge_keys(process, today)
    nudges = sorted(((process.messages[n], key) for n, key in nudge_keys.items()), key=lambda mk: mk[0].at.value)
    found: list[Prompt] = []

    def outcome(
        at: Moment, after: str, stop: Interview | Message | None, ended_by_interview: bool, patience: int = wait
    ) -> None:
        for reply in replies:
            if _follows(reply.at, at) and (stop is None or not _follows(reply.at, stop.at)):
                days = cal.between(at.day, reply.at.day)
                found.append(Prompt(process.id, process.company, after, at.day, "replied", days))
                return
        if stop is not None:
            result: Outcome = "implied" if ended_by_interview else "silent"
        elif process.status in ANSWERED_STATUSES:
            result = "implied"
        elif is_open(process.status) and cal.add(at.day, patience) > today:  # fewer than `patience` bd have passed
            result = "pending"
        else:
            result = "silent"
        found.append(Prompt(process.id, process.company, after, at.day, result, None))

    applications = sorted(
        (m for m in process.messages if m.is_application and m.at.day <= today), key=lambda m: m.at.value
    )
    for n, application in enumerate(applications):
        claims: list[Interview | Message] = [
            i for i in interviews if i.at.day < today and _follows(i.at, application.at)
        ]
        claims += [m for m, _ in nudges if _follows(m.at, application.at)]
        claims += [a for a in applications[n + 1 :] if _follows(a.at, application.at)]
        first = min(claims, key=lambda c: c.at.value, default=None)
        patience = wait if application_wait is None else application_wait
        outcome(application.at, "application", first, isinstance(first, Interview), patience)
    for n, interview in enumerate(interviews):
        if interview.at.day >= today:
            break
        following = next((j for j in interviews[n + 1 :] if _follows(j.at, interview.at)), None)
        outcome(interview.at, interview.kind if interview.kind in INTERVIEW_KINDS else "other", following, True)
    for message, key in nudges:
        next_interview = next((i for i in interviews if _follows(i.at, message.at)), None)
        next_nudge = next((m for m, _ in nudges if m is not message and _follows(m.at, message.at)), None)
        stop: Interview | Message | None = next_interview
        if next_nudge is not None and (stop is None or not _follows(next_nudge.at, stop.at)):
            stop = next_nudge
        outcome(message.at, key, stop, stop is next_interview and stop is not None)
    return found


@dataclass(frozen=True, slots=True)
class Spread:
    """The middle and the extremes of some waits, in business days."""

    count: int
    median: float | None
    low: int | None
    high: int | None

    @classmethod
    def of(cls, days: Iterable[int]) -> Spread:
        """Median, minimum and maximum; all None for no waits."""
        values = sorted(days)
        if not values:
            return cls(0, None, None, None)
        return cls(len(values), float(statistics.median(values)), values[0], values[-1])


@dataclass(frozen=True, slots=True)
class Tally:
    """What became of one kind of prompt."""

    key: str
    label: str
    asked: int
    replied: int
    """Answered, with a logged reply or implied by what followed."""
    pending: int
    wait: Spread
    """Waits of the logged replies."""

    @property
    def judged(self) -> int:
        """Prompts old enough to tell: all but the pending ones."""
        return self.asked - self.pending

    @property
    def reply_rate(self) -> float | None:
        """Replied over judged (0..1); None when nothing can be judged yet."""
        return self.replied / self.judged if self.judged else None


def tally(key: str, label: str, found: Sequence[Prompt]) -> Tally:
    """Count the outcomes of some prompts and spread their waits."""
    return Tally(
        key,
        label,
        len(found),
        sum(1 for p in found if p.outcome in ("replied", "implied")),
        sum(1 for p in found if p.outcome == "pending"),
        Spread.of(p.days for p in found if p.days is not None),
    )


@dataclass(frozen=True, slots=True)
class CompanyWaits:
    """How one company answered (all its roles together)."""

    company: str
    interviews: Tally
    nudges: Tally


@dataclass(frozen=True, slots=True)
class Waits:
    """Answers by kind of prompt, overall and by company."""

    after: tuple[Tally, ...]
    """One per AFTER_KEYS, empty ones included, so every output has the same rows to offer."""
    interviews: Tally
    """Every interview together."""
    nudges: Tally
    """Every nudge together."""
    companies: tuple[CompanyWaits, ...]
    """Companies with at least one interview or nudge, by name."""
    patience: int
    """Business days a prompt stays pending before no answer counts as silence."""
    application_patience: int
    """The same for an application, which the ladder gives longer."""


def waits(processes: Iterable[Process], settings: Settings, today: date, book: CalendarBook | None = None) -> Waits:
    """Gather every prompt of the processes and tally them by kind and by company."""
    book = book or CalendarBook(settings)
    found: list[Prompt] = []
    for process in processes:
        found += prompts(
            process, book.for_process(process), today, settings.timing.screen_wait, settings.timing.application_wait
        )
    after = tuple(tally(key, AFTER_LABELS[key], [p for p in found if p.after == key]) for key in AFTER_KEYS)
    by_company: dict[str, list[Prompt]] = {}
    names: dict[str, str] = {}
    for prompt in found:
        if not (prompt.is_interview or prompt.is_nudge):
            continue  # the companies table compares answers to interviews and to nudges only
        name = " ".join(prompt.company.split())
        by_company.setdefault(name.casefold(), []).append(prompt)
        names.setdefault(name.casefold(), name)
    companies = tuple(
        CompanyWaits(
            names[key],
            tally("interviews", "interviews", [p for p in by_company[key] if p.is_interview]),
            tally("nudges", "nudges", [p for p in by_company[key] if p.is_nudge]),
        )
        for key in sorted(by_company)
    )
    return Waits(
        after,
        tally("interviews", "any interview", [p for p in found if p.is_interview]),
        tally("nudges", "any nudge", [p for p in found if p.is_nudge]),
        companies,
        settings.timing.screen_wait,
        settings.timing.application_wait,
    )
