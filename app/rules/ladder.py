"""The follow-up ladder and thank-you timing of one process (rules.md section 4).

The ladder encodes the seed's rhythm: about a week of patience after an
interview, one more gentle nudge, then a candid question, then letting go.
A reply from the company restarts the wait; any outbound message holds the
next nudge back for a few days, so the seeker never pesters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.rules.calendar import BusinessCalendar
from app.rules.values import SCREEN_KINDS, Interview, Message, Process, Timing

_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ORDINALS = ("first", "second", "third", "fourth", "fifth")


def say_date(day: date) -> str:
    """ "Mon 30 Nov": how reasons name a day, the same in every locale."""
    return f"{_WEEKDAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"


def _bd(n: int) -> str:
    return f"{n} business day" if n == 1 else f"{n} business days"


@dataclass(frozen=True, slots=True)
class Step:
    """One computed step for a process: what to do, when, and why."""

    kind: str
    due: date
    reason: str
    interview: Interview
    key: str
    """What the step counts from: stable while the step is the same, for calendar UIDs."""


@dataclass(frozen=True, slots=True)
class History:
    """A process as it stood on the agenda date: only what had happened by then."""

    last_interview: Interview | None
    scheduled: tuple[Interview, ...]
    messages: tuple[Message, ...]

    @classmethod
    def of(cls, process: Process, today: date) -> History:
        """Split interviews into past (`< today`) and scheduled; keep messages dated `<= today`."""
        past = [i for i in process.interviews if i.at.day < today]
        scheduled = sorted((i for i in process.interviews if i.at.day >= today), key=lambda i: i.at.value)
        messages = tuple(m for m in process.messages if m.at.day <= today)
        last = max(past, key=lambda i: (i.at.value, i.id)) if past else None
        return cls(last, tuple(scheduled), messages)


def thank_you_step(history: History, today: date, cal: BusinessCalendar, timing: Timing) -> Step | None:
    """A thank-you for the latest past interview, while it is still timely and unsent."""
    interview = history.last_interview
    if interview is None:
        return None
    held = interview.at.day
    if any(m.at.day > held for m in history.messages):
        return None
    if any(m.direction == "out" and m.purpose == "thank_you" and m.at.day >= held for m in history.messages):
        return None
    last_day = cal.add(held, timing.thank_you_window)
    if today > last_day:
        return None
    reason = (
        f"{_bd(timing.thank_you_due)} after the {interview.label} on {say_date(held)}; "
        f"worth sending by {say_date(last_day)}"
    )
    return Step(
        "thank_you",
        cal.add(held, timing.thank_you_due),
        reason,
        interview,
        f"thank_you:{interview.kind}@{interview.at.iso()}",
    )


def ladder_step(history: History, cal: BusinessCalendar, timing: Timing) -> Step | None:
    """The next follow-up, check-in or move-on of the ladder, or None.

    None while an interview is scheduled (the next conversation is already
    booked) and before any interview has happened.
    """
    interview = history.last_interview
    if interview is None or history.scheduled:
        return None
    held = interview.at.day
    replies = [m.at.day for m in history.messages if m.direction == "in" and m.at.day >= held]
    base = max([held, *replies])
    base_said = f"the {interview.label} on {say_date(held)}" if base == held else f"their reply on {say_date(base)}"
    nudges = sorted((m for m in history.messages if m.is_nudge and m.at.day > base), key=lambda m: m.at.value)
    k = len(nudges)
    key = f"ladder:{interview.kind}@{interview.at.iso()}:{base.isoformat()}:{k}"
    screen = interview.kind in SCREEN_KINDS

    if k == 0:
        wait = timing.screen_wait if screen else timing.later_wait
        return _held_back(
            history,
            cal,
            timing,
            Step("follow_up", cal.add(base, wait), f"{_bd(wait)} since {base_said}", interview, key),
        )

    last = nudges[-1].at.day
    last_said = f"your {_nudge_name(nudges)} on {say_date(last)}"
    if screen and k == 1:
        gap = timing.screen_second_gap
        step = Step("follow_up", cal.add(last, gap), f"{_bd(gap)} since {last_said}, no reply yet", interview, key)
    elif screen and k == 2:
        gap = timing.screen_check_in_gap
        step = Step(
            "check_in",
            cal.add(last, gap),
            f"{_bd(gap)} since {last_said}; time to ask candidly where things stand",
            interview,
            key,
        )
    elif not screen and k == 1:
        wait_due = cal.add(base, timing.later_check_in_wait)
        gap_due = cal.add(last, timing.later_check_in_gap)
        if wait_due >= gap_due:
            why = f"{_bd(timing.later_check_in_wait)} since {base_said}, one follow-up unanswered"
        else:
            why = f"{_bd(timing.later_check_in_gap)} since {last_said}, no reply yet"
        step = Step("check_in", max(wait_due, gap_due), why, interview, key)
    else:
        gap = timing.move_on_gap
        return Step(
            "move_on",
            cal.add(last, gap),
            f"{_bd(gap)} since {last_said} and {k} nudges unanswered; consider closing it as ghosted",
            interview,
            key,
        )
    return _held_back(history, cal, timing, step)


def _nudge_name(nudges: list[Message]) -> str:
    """ "follow-up", "second follow-up", "check-in": how the last nudge is named in a reason."""
    last = nudges[-1]
    same = sum(1 for m in nudges if m.purpose == last.purpose)
    noun = "check-in" if last.purpose == "check_in" else "follow-up"
    if same == 1:
        return noun
    return f"{_ORDINALS[same - 1] if same <= len(_ORDINALS) else f'{same}th'} {noun}"


def _held_back(history: History, cal: BusinessCalendar, timing: Timing, step: Step) -> Step:
    """Never pester: push a follow-up or check-in to `pester_gap` bd after the latest outbound message."""
    outbound = [m.at.day for m in history.messages if m.direction == "out" and m.purpose != "thank_you"]
    if not outbound:
        return step
    last_out = max(outbound)
    floor = cal.add(last_out, timing.pester_gap)
    if floor <= step.due:
        return step
    reason = f"{step.reason}; held until {_bd(timing.pester_gap)} after your message on {say_date(last_out)}"
    return Step(step.kind, floor, reason, step.interview, step.key)
