"""Properties of the second edition's ladder, over many generated processes and dates.

Processes are built around Nov 2026 - Feb 2027 on the US, GB and DE calendars (Thanksgiving,
Christmas, Boxing Day, New Year), with an interview or an application, replies with and without
a promised answer or a "no", nudges and other messages, and sometimes a chosen wait.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules.ladder import History, ladder_step, table_step
from app.rules.values import INTERVIEW_KINDS, OPEN_STATUSES, STATUSES, Interview, Message, Moment, Process

from .builders import SETTINGS, actions, calendar_of, process

PROPERTY = settings(max_examples=200, deadline=None)
START = date(2026, 11, 2)
days = st.integers(min_value=0, max_value=100).map(lambda n: START + timedelta(days=n))
moments = st.builds(
    lambda d, h: Moment.of(datetime(d.year, d.month, d.day, h)), days, st.integers(min_value=8, max_value=18)
)
maybe_day = st.none() | days
interviews = st.builds(
    lambda kind, at, promise: Interview(kind=kind, at=at, with_=("Rita Ray",), expect_by=promise),
    st.sampled_from(INTERVIEW_KINDS),
    moments,
    maybe_day,
)
outbound = st.builds(
    lambda at, purpose: Message(at=at, direction="out", contact="Rita Ray", purpose=purpose),
    moments,
    st.sampled_from(["follow_up", "check_in", "thank_you", "scheduling", "application", "reply", "other"]),
)
inbound = st.builds(
    lambda at, signal, promise: Message(
        at=at, direction="in", contact="Rita Ray", purpose="reply", signal=signal, expect_by=promise
    ),
    moments,
    st.sampled_from([None, "positive", "neutral", "negative"]),
    maybe_day,
)
processes = st.builds(
    lambda country, ints, msgs, wait: process(
        country=country,
        interviews=tuple(ints),
        messages=tuple(msgs),
        wait_until=None if wait is None else wait.isoformat(),
    ),
    st.sampled_from(["US", "GB", "DE"]),
    st.lists(interviews, max_size=3),
    st.lists(outbound | inbound, max_size=6),
    maybe_day,
)


def _without_floors(proc: Process) -> Process:
    """The same process with no promised answers and no chosen wait."""
    return replace(
        proc,
        wait_until=None,
        interviews=tuple(replace(i, expect_by=None) for i in proc.interviews),
        messages=tuple(replace(m, expect_by=None) for m in proc.messages),
    )


@PROPERTY
@given(processes, days)
def test_floors_never_bring_a_date_earlier(proc: Process, today: date) -> None:
    cal = calendar_of(proc)
    history = History.of(proc, today)
    step = ladder_step(history, cal, SETTINGS.timing)
    if step is None or step.rule == "no":
        return
    assert history.anchor is not None
    assert step.due >= table_step(history, history.anchor, cal, SETTINGS.timing).due
    bare = ladder_step(History.of(_without_floors(proc), today), cal, SETTINGS.timing)
    assert bare is not None
    assert step.due >= bare.due
    assert step.kind == bare.kind


@PROPERTY
@given(processes, days)
def test_a_no_always_yields_exactly_one_move_on(proc: Process, today: date) -> None:
    history = History.of(proc, today)
    no = history.said_no()
    if no is None or history.scheduled or history.anchor is None:
        return
    ladder = [a for a in actions(proc, today.isoformat()) if a.action in ("follow_up", "check_in", "move_on")]
    assert [(a.action, a.close_as) for a in ladder] == [("move_on", "rejected")]
    assert ladder[0].due == calendar_of(proc).add(no.at.day, 1)


@PROPERTY
@given(processes, days)
def test_every_move_on_says_how_to_close(proc: Process, today: date) -> None:
    for action in actions(proc, today.isoformat()):
        assert (action.close_as is not None) == (action.action == "move_on")
        assert action.close_as in (None, "ghosted", "rejected")


@PROPERTY
@given(processes, days, maybe_day)
def test_an_offer_is_never_chased(proc: Process, today: date, deadline: date | None) -> None:
    offer = replace(proc, status="offer", deadline=deadline)
    found = [a.action for a in actions(offer, today.isoformat())]
    assert not {"follow_up", "check_in", "move_on"} & set(found)
    assert found.count("decide") == (deadline is not None)


@PROPERTY
@given(processes, days, st.sampled_from([s for s in STATUSES if s not in OPEN_STATUSES]))
def test_closed_statuses_get_nothing(proc: Process, today: date, status: str) -> None:
    assert actions(replace(proc, status=status, deadline=today), today.isoformat()) == []
