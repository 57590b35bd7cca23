"""The follow-up ladder and thank-you timing of one process.

The ladder encodes a recruiter's rhythm: about a week of patience after an
interview, one more gentle nudge, then a candid question, then letting go.
Before any interview it counts from the latest application: recruiters sift
many, so it waits a little longer and nudges once. A reply from the company
restarts the wait; a "no" ends the ladder with one gracious close.

The table's date is then pushed later (never earlier) by three floors, in
this order: never pester (a few days after the seeker's own latest message),
a promised answer (the business day after the date they said they would
answer by), and waiting by choice (the seeker's own "wait until"). The reason
names the rule that set the final date and the day it counts from.

Choices made where the rules leave room:

- Ties: of two interviews (or applications, or inbound messages) with the
  same `at`, the one listed last is the latest.
- A floor that lands on the same day as the date before it does not "set" the
  date: the earlier rule keeps its reason.
- A promised answer and waiting by choice also hold back a move-on after
  silence (they concern every ladder action); never pester holds back only
  follow-ups and check-ins; nothing holds back the close after a "no".
- Only the `expect_by` of the anchor interview and of inbound messages counts;
  an outbound message cannot promise what the company will do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

from app.domain import Interview, Message, Moment, Process, Timing
from app.plural import plural
from app.rules.calendar import BusinessCalendar

_T = TypeVar("_T")
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ORDINALS = ("first", "second", "third", "fourth", "fifth")

RULES = ("table", "no", "pester", "promised", "waiting")
"""What can set a ladder step's date: its table, a "no", or one of the three floors."""


def say_date(day: date) -> str:
    """ "Mon 30 Nov": how reasons name a day, the same in every locale."""
    return f"{_WEEKDAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"


def _bd(n: int) -> str:
    return plural(n, "business day")


@dataclass(frozen=True, slots=True)
class Anchor:
    """What the ladder (or a thank-you) counts from: a past interview, or an application."""

    at: Moment
    timing: str
    """The timing class: "screen", "later" or "application"."""
    label: str
    """How a person names it without an article: "recruiter screen", "onsite", "application"."""
    key: str
    """Stable identity ("onsite@2026-11-30T10:00"), for calendar UIDs."""
    interview: Interview | None = None
    expect_by: date | None = None

    @property
    def day(self) -> date:
        """The calendar date the counting starts from."""
        return self.at.day

    @property
    def said(self) -> str:
        """ "the recruiter screen on Mon 30 Nov", "your application on Mon 16 Nov"."""
        owner = "your" if self.timing == "application" else "the"
        return f"{owner} {self.label} on {say_date(self.day)}"

    @classmethod
    def of_interview(cls, interview: Interview) -> Anchor:
        """A past interview as the anchor: class screen or later by its kind."""
        return cls(
            interview.at,
            "screen" if interview.kind.is_screen else "later",
            interview.label,
            f"{interview.kind}@{interview.at.iso()}",
            interview,
            interview.expect_by,
        )

    @classmethod
    def of_application(cls, message: Message) -> Anchor:
        """An outbound application as the anchor: class application."""
        return cls(message.at, "application", "application", f"application@{message.at.iso()}")


@dataclass(frozen=True, slots=True)
class Step:
    """One computed step for a process: what to do, when, and why."""

    kind: str
    due: date
    reason: str
    anchor: Anchor
    key: str
    """What the step counts from: stable while the step is the same, for calendar UIDs."""
    rule: str = "table"
    """Which rule set the due date (one of `RULES`); "table" for a thank-you."""
    said: str = ""
    """That rule and the day it counts from: "they said they would answer by Fri 11 Dec"."""
    wait: int = 0
    """The business days that rule counts (0 for waiting by choice)."""
    close_as: str | None = None
    """For a move-on: "ghosted" after silence, "rejected" after their "no"."""

    @property
    def interview(self) -> Interview | None:
        """The interview the step counts from, if it counts from one."""
        return self.anchor.interview


def _latest(items: Iterable[_T], key: Callable[[_T], datetime]) -> _T | None:
    """The item with the latest `key`; of equal keys, the one listed last."""
    best: _T | None = None
    best_key: datetime | None = None
    for item in items:
        at = key(item)
        if best_key is None or at >= best_key:
            best, best_key = item, at
    return best


def _at(item: Interview | Message) -> datetime:
    return item.at.value


@dataclass(frozen=True, slots=True)
class History:
    """A process as it stood on the agenda date: only what had happened by then."""

    last_interview: Interview | None
    scheduled: tuple[Interview, ...]
    messages: tuple[Message, ...]
    anchor: Anchor | None = None
    """The latest past interview, else the latest application dated on or before the date."""
    status: str = "active"
    wait_until: date | None = None

    @classmethod
    def of(cls, process: Process, today: date) -> History:
        """Split interviews into past (`< today`) and scheduled; keep messages dated `<= today`."""
        past = [i for i in process.interviews if i.at.day < today]
        scheduled = sorted((i for i in process.interviews if i.at.day >= today), key=lambda i: i.at.value)
        messages = tuple(m for m in process.messages if m.at.day <= today)
        last = _latest(past, _at)
        anchor: Anchor | None = None
        if last is not None:
            anchor = Anchor.of_interview(last)
        else:
            application = _latest((m for m in messages if m.is_application), _at)
            if application is not None:
                anchor = Anchor.of_application(application)
        return cls(last, tuple(scheduled), messages, anchor, process.status, process.wait_until)

    def replies(self) -> list[Message]:
        """Inbound messages dated on or after the anchor's day (all of them without an anchor)."""
        since = self.anchor.day if self.anchor is not None else date.min
        return [m for m in self.messages if m.direction == "in" and m.at.day >= since]

    def latest_reply(self) -> Message | None:
        """Their latest message since the anchor, by `at` (equal `at`s: the one listed last)."""
        return _latest(self.replies(), _at)

    def said_no(self) -> Message | None:
        """Their latest message since the anchor, if it was a "no" (signal negative)."""
        latest = self.latest_reply()
        return latest if latest is not None and latest.signal == "negative" else None

    def promised(self) -> date | None:
        """The answer date of the latest event that promised one: the anchor or one of their replies.

        Latest by date; on one date a message counts over the interview; of two
        messages, the later `at` (equal: the one listed last).
        """
        promised: date | None = None
        best: tuple[date, int, datetime] | None = None
        if self.anchor is not None and self.anchor.expect_by is not None:
            promised, best = self.anchor.expect_by, (self.anchor.day, 0, self.anchor.at.value)
        for m in self.replies():
            rank = (m.at.day, 1, m.at.value)
            if m.expect_by is not None and (best is None or rank >= best):
                promised, best = m.expect_by, rank
        return promised


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
    anchor = Anchor.of_interview(interview)
    said = f"{_bd(timing.thank_you_due)} after the {interview.label} on {say_date(held)}"
    return Step(
        "thank_you",
        cal.add(held, timing.thank_you_due),
        f"{said}; worth sending by {say_date(last_day)}",
        anchor,
        f"thank_you:{anchor.key}",
        said=said,
        wait=timing.thank_you_due,
    )


def ladder_step(history: History, cal: BusinessCalendar, timing: Timing) -> Step | None:
    """The next follow-up, check-in or move-on of the ladder, or None.

    None unless the process is active (an offer is decided, not chased), while
    an interview is scheduled (the next conversation is already booked), and
    when there is neither a past interview nor an application to count from.
    """
    anchor = history.anchor
    if history.status != "active" or anchor is None or history.scheduled:
        return None
    no = history.said_no()
    if no is not None:
        said = f"they said no on {say_date(no.at.day)}"
        return Step(
            "move_on",
            cal.add(no.at.day, timing.rejected_wait),
            f"{said}; thank them, ask to be kept in mind, and close it as rejected",
            anchor,
            f"ladder:{anchor.key}:no@{no.at.iso()}",
            "no",
            said,
            timing.rejected_wait,
            "rejected",
        )
    return _floored(history, cal, timing, table_step(history, anchor, cal, timing))


def table_step(history: History, anchor: Anchor, cal: BusinessCalendar, timing: Timing) -> Step:
    """The step as the ladder's table alone gives it, before any floor (and ignoring a "no")."""
    base = max([anchor.day, *(m.at.day for m in history.replies())])
    base_said = anchor.said if base == anchor.day else f"their reply on {say_date(base)}"
    nudges = sorted((m for m in history.messages if m.is_nudge and m.at.day > base), key=lambda m: m.at.value)
    k = len(nudges)
    key = f"ladder:{anchor.key}:{base.isoformat()}:{k}"

    def step(kind: str, due: date, said: str, tail: str, wait: int) -> Step:
        close_as = "ghosted" if kind == "move_on" else None
        return Step(kind, due, said + tail, anchor, key, "table", said, wait, close_as)

    if k == 0:
        wait = {"screen": timing.screen_wait, "later": timing.later_wait}.get(anchor.timing, timing.application_wait)
        return step("follow_up", cal.add(base, wait), f"{_bd(wait)} since {base_said}", "", wait)

    last = nudges[-1].at.day
    last_said = f"your {_nudge_name(nudges)} on {say_date(last)}"
    ghosted = f" and {k} nudges unanswered" if k > 1 else ", no reply yet"
    ghosted += "; consider closing it as ghosted"
    if anchor.timing == "application":
        gap = timing.application_move_on_gap
        return step("move_on", cal.add(last, gap), f"{_bd(gap)} since {last_said}", ghosted, gap)
    if anchor.timing == "screen" and k == 1:
        gap = timing.screen_second_gap
        return step("follow_up", cal.add(last, gap), f"{_bd(gap)} since {last_said}", ", no reply yet", gap)
    if anchor.timing == "screen" and k == 2:
        gap = timing.screen_check_in_gap
        return step("check_in", cal.add(last, gap), f"{_bd(gap)} since {last_said}", _CANDID, gap)
    if anchor.timing == "later" and k == 1:
        wait_due = cal.add(base, timing.later_check_in_wait)
        gap_due = cal.add(last, timing.later_check_in_gap)
        if wait_due >= gap_due:
            wait = timing.later_check_in_wait
            return step("check_in", wait_due, f"{_bd(wait)} since {base_said}", ", one follow-up unanswered", wait)
        gap = timing.later_check_in_gap
        return step("check_in", gap_due, f"{_bd(gap)} since {last_said}", ", no reply yet", gap)
    gap = timing.move_on_gap
    return step("move_on", cal.add(last, gap), f"{_bd(gap)} since {last_said}", ghosted, gap)


_CANDID = "; time to ask candidly where things stand"
_FLOOR_TAILS = {"check_in": _CANDID, "move_on": "; consider closing it as ghosted"}


def _nudge_name(nudges: list[Message]) -> str:
    """ "follow-up", "second follow-up", "check-in": how the last nudge is named in a reason."""
    last = nudges[-1]
    same = sum(1 for m in nudges if m.purpose == last.purpose)
    noun = "check-in" if last.purpose == "check_in" else "follow-up"
    if same == 1:
        return noun
    return f"{_ORDINALS[same - 1] if same <= len(_ORDINALS) else f'{same}th'} {noun}"


def _floored(history: History, cal: BusinessCalendar, timing: Timing, step: Step) -> Step:
    """Apply never pester, the promised answer and waiting by choice, in that order.

    Each floor can only push the date later; the one that set the final date
    gives the reason.
    """
    if step.kind in ("follow_up", "check_in"):
        outbound = _latest((m for m in history.messages if m.direction == "out" and m.purpose != "thank_you"), _at)
        if outbound is not None:
            name = outbound.purpose.noun
            said = f"{_bd(timing.pester_gap)} since your {name} on {say_date(outbound.at.day)}"
            step = _raise(step, cal.add(outbound.at.day, timing.pester_gap), "pester", said, timing.pester_gap)
    promised = history.promised()
    if promised is not None:
        said = f"they said they would answer by {say_date(promised)}"
        wait = timing.promised_answer_wait
        step = _raise(step, cal.add(promised, wait), "promised", said, wait)
    if history.wait_until is not None:
        first = history.wait_until if cal.is_business_day(history.wait_until) else cal.add(history.wait_until, 1)
        step = _raise(step, first, "waiting", f"you chose to wait until {say_date(history.wait_until)}", 0)
    return step


def _raise(step: Step, floor: date, rule: str, said: str, wait: int) -> Step:
    """The step with its date pushed to `floor` if that is later; otherwise unchanged."""
    if floor <= step.due:
        return step
    return replace(step, due=floor, reason=said + _FLOOR_TAILS.get(step.kind, ""), rule=rule, said=said, wait=wait)
