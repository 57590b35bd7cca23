"""The figures behind the Stats screen and `nudge stats`: tables of fixed data, then golden files.

Every date is fixed: 2026-11-25 is the Wednesday before US Thanksgiving
(Thu 2026-11-26), which is an ordinary working day in Britain and Germany.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from support import DEMO_DAY, assert_golden, base_env

from app.demo import demo_backup
from app.rules.calendar import BusinessCalendar
from app.rules.values import Interview, Message, Moment, Process, Settings
from app.stats import Stats, compute_stats, health_line, period_start, pipeline_health, render_stats
from app.stats.activity import activity
from app.stats.draw import bar, funnel_lines, heatmap_lines, plain, sparkline
from app.stats.funnel import STAGES, funnel, furthest_stage
from app.stats.periods import began, in_period
from app.stats.waiting import AFTER_KEYS, Spread, prompts, waits

US = BusinessCalendar("US")
TODAY = date(2026, 12, 14)
"""A Monday well after every event below, so nothing is pending unless a test says so."""


def at(text: str) -> Moment:
    return Moment.parse(text)


def interview(kind: str, when: str) -> Interview:
    return Interview(kind=kind, at=at(when))


def inbound(when: str, purpose: str = "reply") -> Message:
    return Message(at=at(when), direction="in", contact="Rita", purpose=purpose)


def outbound(when: str, purpose: str) -> Message:
    return Message(at=at(when), direction="out", contact="Rita", purpose=purpose)


def process(
    company: str = "Acme",
    *,
    interviews: tuple[Interview, ...] = (),
    messages: tuple[Message, ...] = (),
    status: str = "active",
    country: str | None = None,
    pid: int = 1,
) -> Process:
    return Process(
        company=company,
        role="Engineer",
        status=status,
        country=country,
        interviews=interviews,
        messages=messages,
        id=pid,
    )


# Periods -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("30d", date(2026, 10, 27)),
        ("90d", date(2026, 8, 28)),
        ("year", date(2026, 1, 1)),
        ("all", None),
    ],
)
def test_period_start(period: str, expected: date | None) -> None:
    assert period_start(period, DEMO_DAY) == expected


def test_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown period"):
        period_start("week", DEMO_DAY)


@pytest.mark.parametrize(
    ("messages", "interviews", "expected"),
    [
        # The application wins over an earlier approach from the recruiter.
        ((inbound("2026-10-01"), outbound("2026-10-05", "application")), (), date(2026, 10, 5)),
        ((inbound("2026-10-01"),), (interview("recruiter_screen", "2026-09-30T10:00"),), date(2026, 9, 30)),
        ((), (), None),
    ],
)
def test_a_process_begins_with_its_application_else_its_first_event(
    messages: tuple[Message, ...], interviews: tuple[Interview, ...], expected: date | None
) -> None:
    assert began(process(messages=messages, interviews=interviews)) == expected


def test_period_picks_processes_by_their_start() -> None:
    old = process("Old", messages=(outbound("2026-09-01", "application"),))
    new = process("New", messages=(outbound("2026-11-01", "application"),))
    bare = process("Bare")
    assert [p.company for p in in_period([old, new, bare], date(2026, 11, 1))] == ["New"]
    assert [p.company for p in in_period([old, new, bare], None)] == ["Old", "New", "Bare"]


# Funnel -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "status", "expected"),
    [
        ((), "active", "applied"),
        (("recruiter_screen",), "active", "screen"),
        (("headhunter_screen",), "rejected", "screen"),
        (("recruiter_screen", "technical"), "active", "hiring_manager"),
        (("other",), "active", "hiring_manager"),
        (("onsite",), "active", "onsite"),  # straight to an onsite: the screen is implied
        (("recruiter_screen", "final"), "rejected", "onsite"),
        (("final",), "offer", "offer"),
        ((), "declined", "offer"),
        (("final",), "accepted", "accepted"),
    ],
)
def test_furthest_stage(kinds: tuple[str, ...], status: str, expected: str) -> None:
    interviews = tuple(interview(k, f"2026-11-{10 + n:02d}T10:00") for n, k in enumerate(kinds))
    assert STAGES[furthest_stage(process(interviews=interviews, status=status), TODAY)] == expected


def test_a_booked_interview_is_not_a_stage_reached() -> None:
    booked = process(
        interviews=(interview("recruiter_screen", "2026-11-20T10:00"), interview("onsite", "2026-11-25T10:00"))
    )
    assert STAGES[furthest_stage(booked, date(2026, 11, 25))] == "screen"
    assert STAGES[furthest_stage(booked, date(2026, 11, 26))] == "onsite"


def test_funnel_counts_and_conversions() -> None:
    screen = (interview("recruiter_screen", "2026-11-02T10:00"),)
    manager = (*screen, interview("hiring_manager", "2026-11-09T10:00"))
    processes = [
        process("A"),
        process("B", interviews=screen),
        process("C", interviews=screen),
        process("D", interviews=manager),
        process("E", interviews=manager, status="offer"),
    ]
    result = funnel(processes, TODAY)
    assert [s.reached for s in result.stages] == [5, 4, 2, 1, 1, 0]
    assert [s.stopped for s in result.stages] == [1, 2, 1, 0, 1, 0]
    assert [s.conversion for s in result.stages] == [None, 0.8, 0.5, 0.5, 1.0, 0.0]
    assert result.total == 5


def test_empty_funnel_has_every_stage_and_no_conversion() -> None:
    result = funnel([], TODAY)
    assert [s.key for s in result.stages] == list(STAGES)
    assert all(s.reached == 0 and s.conversion is None for s in result.stages)
    assert result.total == 0


def test_single_process_funnel() -> None:
    one = process(interviews=(interview("recruiter_screen", "2026-11-02T10:00"),))
    assert [s.conversion for s in funnel([one], TODAY).stages] == [None, 1.0, 0.0, None, None, None]


# Waiting: business days on the process's own calendar ------------------------------


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        (None, 2),  # US (the settings' default): Thanksgiving Thu 26 is off -> Fri 27, Mon 30
        ("US", 2),
        ("GB", 3),  # Thu 26, Fri 27, Mon 30
        ("DE", 3),
    ],
)
def test_wait_counts_business_days_on_the_company_calendar(country: str | None, expected: int) -> None:
    p = process(
        country=country,
        interviews=(interview("recruiter_screen", "2026-11-25T10:00"),),
        messages=(inbound("2026-11-30T09:00"),),
    )
    result = waits([p], Settings(), TODAY)
    screen = next(t for t in result.after if t.key == "recruiter_screen")
    assert (screen.asked, screen.replied, screen.wait) == (1, 1, Spread(1, float(expected), expected, expected))


@pytest.mark.parametrize(
    ("interview_at", "reply_at", "expected"),
    [
        ("2026-11-25T10:00", "2026-11-25T16:00", 0),  # a reply the same afternoon
        ("2026-11-25T10:00", "2026-11-25", 0),  # a date without a time on the same day counts as after
        ("2026-11-25", "2026-11-25T09:00", 0),
        ("2026-11-27T10:00", "2026-12-01T10:00", 2),  # Fri -> Tue: Mon, Tue
        ("2026-12-31T10:00", "2027-01-04T10:00", 1),  # New Year's Day is off: only Mon 4 Jan counts
    ],
)
def test_wait_boundaries(interview_at: str, reply_at: str, expected: int) -> None:
    p = process(interviews=(interview("technical", interview_at),), messages=(inbound(reply_at),))
    (found,) = prompts(p, US, date(2027, 2, 1), 5)
    assert (found.outcome, found.days) == ("replied", expected)


def test_a_message_before_the_interview_is_not_its_answer() -> None:
    p = process(
        interviews=(interview("recruiter_screen", "2026-11-16T10:00"),),
        messages=(inbound("2026-11-16T08:00", "scheduling"), inbound("2026-11-12T15:00")),
    )
    (found,) = prompts(p, US, TODAY, 5)
    assert (found.outcome, found.days) == ("silent", None)


@pytest.mark.parametrize(
    ("status", "today", "extra", "expected"),
    [
        ("active", date(2026, 11, 20), (), "pending"),  # 4 business days after Mon 16: too soon to tell
        ("active", date(2026, 11, 23), (), "silent"),  # the 5th business day: silence now
        ("ghosted", date(2026, 11, 20), (), "silent"),  # a closed process waits for nothing
        ("rejected", TODAY, (), "implied"),  # a rejection is an answer, logged or not
        ("offer", TODAY, (), "implied"),
        ("active", TODAY, (interview("onsite", "2026-11-30T10:00"),), "implied"),  # they booked the next round
    ],
)
def test_outcomes_without_a_logged_reply(status: str, today: date, extra: tuple[Interview, ...], expected: str) -> None:
    p = process(status=status, interviews=(interview("recruiter_screen", "2026-11-16T10:00"), *extra))
    assert prompts(p, US, today, 5)[0].outcome == expected


def test_a_reply_after_the_next_interview_answers_that_one() -> None:
    p = process(
        interviews=(interview("recruiter_screen", "2026-11-02T10:00"), interview("technical", "2026-11-09T10:00")),
        messages=(inbound("2026-11-12T10:00"),),
    )
    assert [(x.after, x.outcome, x.days) for x in prompts(p, US, TODAY, 5)] == [
        ("recruiter_screen", "implied", None),
        ("technical", "replied", 2),  # Tue 10, Thu 12 (Veterans Day, Wed 11, is off)
    ]


def test_nudges_are_counted_in_a_row_and_a_reply_restarts_the_count() -> None:
    p = process(
        interviews=(interview("recruiter_screen", "2026-10-01T10:00"),),
        messages=(
            outbound("2026-10-01T18:00", "thank_you"),  # not a nudge
            outbound("2026-10-08T09:00", "follow_up"),
            outbound("2026-10-13T09:00", "follow_up"),
            inbound("2026-10-14T12:00"),
            outbound("2026-10-22T09:00", "follow_up"),
            outbound("2026-10-27T09:00", "check_in"),
        ),
    )
    nudges = [(x.after, x.asked.isoformat(), x.outcome, x.days) for x in prompts(p, US, TODAY, 5) if x.is_nudge]
    assert nudges == [
        ("first_follow_up", "2026-10-08", "silent", None),
        ("later_follow_up", "2026-10-13", "replied", 1),
        ("first_follow_up", "2026-10-22", "silent", None),
        ("check_in", "2026-10-27", "silent", None),
    ]


def test_a_nudge_answered_by_an_interview_counts_as_replied() -> None:
    p = process(
        interviews=(interview("recruiter_screen", "2026-10-01T10:00"), interview("technical", "2026-10-20T10:00")),
        messages=(outbound("2026-10-08T09:00", "follow_up"),),
    )
    nudge = next(x for x in prompts(p, US, TODAY, 5) if x.is_nudge)
    assert (nudge.after, nudge.outcome) == ("first_follow_up", "implied")


def test_reply_rates_leave_pending_nudges_out() -> None:
    def nudged(company: str, pid: int, sent: str, *replies: Message) -> Process:
        screen = (interview("recruiter_screen", "2026-11-02T10:00"),)
        return process(company, pid=pid, interviews=screen, messages=(outbound(sent, "follow_up"), *replies))

    answered = nudged("A", 1, "2026-11-09T09:00", inbound("2026-11-10T09:00"))
    ignored = nudged("B", 2, "2026-11-09T09:00")
    fresh = nudged("C", 3, "2026-12-10T09:00")  # 2 business days before TODAY
    first = next(t for t in waits([answered, ignored, fresh], Settings(), TODAY).after if t.key == "first_follow_up")
    assert (first.asked, first.replied, first.pending, first.judged, first.reply_rate) == (3, 1, 1, 2, 0.5)
    assert first.wait == Spread(1, 1.0, 1, 1)


def test_medians_per_company_join_roles_and_ignore_spacing_and_case() -> None:
    def answered(company: str, pid: int, reply: str) -> Process:
        return process(
            company,
            pid=pid,
            interviews=(interview("recruiter_screen", "2026-11-02T10:00"),),
            messages=(inbound(reply),),
        )

    processes = [
        answered("Acme", 1, "2026-11-04T10:00"),  # 2 business days
        answered("acme ", 2, "2026-11-06T10:00"),  # 4
        answered("ACME", 3, "2026-11-16T10:00"),  # 9 (Veterans Day is off)
        answered("Globex", 4, "2026-11-03T10:00"),  # 1
        answered("Globex", 5, "2026-11-05T10:00"),  # 3
    ]
    result = waits(processes, Settings(), TODAY)
    assert [(c.company, c.interviews.wait) for c in result.companies] == [
        ("Acme", Spread(3, 4.0, 2, 9)),
        ("Globex", Spread(2, 2.0, 1, 3)),
    ]
    assert result.interviews.wait == Spread(5, 3.0, 1, 9)
    assert all(c.nudges.asked == 0 for c in result.companies)


def test_spread_of_nothing() -> None:
    assert Spread.of([]) == Spread(0, None, None, None)
    assert Spread.of([5, 1, 2, 8]) == Spread(4, 3.5, 1, 8)


def test_waits_on_no_data() -> None:
    result = waits([], Settings(), TODAY)
    assert result.companies == ()
    assert all(t.asked == 0 and t.reply_rate is None for t in result.after)


# Activity --------------------------------------------------------------------------


def test_activity_is_twelve_weeks_monday_first_ending_today() -> None:
    p = process(
        interviews=(interview("onsite", "2026-11-24T10:00"), interview("final", "2026-12-02T10:00")),
        messages=(outbound("2026-11-24T17:00", "thank_you"), inbound("2026-11-25T09:00"), inbound("2026-09-01")),
    )
    result = activity([p], Settings(), date(2026, 11, 30))
    assert len(result.weeks) == 12
    assert result.start == date(2026, 9, 14) and result.start.weekday() == 0
    assert result.end == date(2026, 11, 30)
    assert [len(w) for w in result.weeks] == [7] * 11 + [1]  # the last week stops at Monday the 30th
    by_day = {d.day: d for d in result.days}
    assert (by_day[date(2026, 11, 24)].interviews, by_day[date(2026, 11, 24)].sent) == (1, 1)
    assert by_day[date(2026, 11, 24)].level == 2
    assert result.totals() == (1, 1, 1)  # Sep 1 is before the start, Dec 2 after the end
    assert by_day[date(2026, 11, 26)].holiday  # Thanksgiving
    assert not by_day[date(2026, 11, 27)].holiday
    assert not by_day[date(2026, 11, 28)].holiday  # a weekend is not a holiday


def test_activity_marks_the_seekers_own_holidays_and_days_off() -> None:
    settings = Settings(country="GB", subdivision="SCT", days_off=(date(2026, 11, 20),))
    result = activity([], settings, date(2026, 12, 4))
    off = {d.day for d in result.days if d.holiday}
    assert date(2026, 11, 30) in off  # St Andrew's Day, Scotland only
    assert date(2026, 11, 20) in off  # the seeker's own day off
    assert date(2026, 11, 26) not in off
    assert (result.country, result.subdivision) == ("GB", "SCT")


@pytest.mark.parametrize(("total", "level"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (12, 4)])
def test_heatmap_levels(total: int, level: int) -> None:
    p = process(messages=tuple(outbound(f"2026-11-24T{9 + n:02d}:00", "other") for n in range(total)))
    day = next(d for d in activity([p], Settings(), date(2026, 11, 25)).days if d.day == date(2026, 11, 24))
    assert day.level == level


# Health ------------------------------------------------------------------------------


def test_health_counts() -> None:
    day = date(2026, 11, 25)
    processes = [
        # Our thank-you was the last word: waiting on them.
        process(
            "A",
            interviews=(interview("recruiter_screen", "2026-11-16T10:00"),),
            messages=(outbound("2026-11-16T17:00", "thank_you"),),
        ),
        # Their reply was the last word: the ball is ours.
        process(
            "B",
            interviews=(interview("recruiter_screen", "2026-11-16T10:00"),),
            messages=(inbound("2026-11-18T10:00"),),
        ),
        # An interview booked this week (Sunday counts): nothing to wait for.
        process("C", interviews=(interview("onsite", "2026-11-29T10:00"),)),
        # Closed: neither active nor waiting, but its interview this week still counts.
        process("D", status="rejected", interviews=(interview("final", "2026-11-23T10:00"),)),
        # Next week's interview is not this week's.
        process("E", interviews=(interview("technical", "2026-11-30T10:00"),)),
        process("F"),
    ]
    health = pipeline_health(processes, day)
    assert (health.active, health.interviews_this_week, health.awaiting_reply) == (5, 2, 1)
    assert health.warning is None
    assert health_line(processes, day) == "5 active · 2 interviews this week · 1 awaiting a reply"


@pytest.mark.parametrize(
    ("statuses", "warned"),
    [
        ((), True),
        (("active",), True),
        (("active", "rejected"), True),
        (("active", "offer"), False),  # an offer is in hand
        (("active", "active"), False),
    ],
)
def test_health_warns_when_the_search_rests_on_one_process(statuses: tuple[str, ...], warned: bool) -> None:
    health = pipeline_health([process(status=s) for s in statuses], DEMO_DAY)
    assert (health.warning is not None) == warned
    assert health.line().endswith("keep other options open") == warned


def test_health_warning_words() -> None:
    assert "one process" in (pipeline_health([process()], DEMO_DAY).warning or "")
    assert "No process" in (pipeline_health([], DEMO_DAY).warning or "")
    assert (
        health_line([], DEMO_DAY) == "0 active · 0 interviews this week · 0 awaiting a reply · keep other options open"
    )


# Drawing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "width", "expected"),
    [(0.0, 4, "    "), (1.0, 4, "████"), (0.5, 4, "██  "), (0.53, 4, "██▏ "), (1.7, 2, "██"), (-1.0, 2, "  ")],
)
def test_bar(fraction: float, width: int, expected: str) -> None:
    assert bar(fraction, width) == expected


def test_sparkline() -> None:
    assert sparkline((0, 1, 4, 8)) == " ▁▄█"
    assert sparkline((0, 0)) == ""
    assert sparkline((2, 0, 2), gap=" ") == "█   █"


def test_funnel_lines_fit_the_width() -> None:
    result = funnel([process(interviews=(interview("onsite", "2026-11-02T10:00"),))], TODAY)
    for width in (40, 78, 120):
        lines = [plain(line) for line in funnel_lines(result, width)]
        assert all(len(line) <= width for line in lines)
        assert lines[0].startswith("applied") and lines[3].rstrip().endswith("100%")


def test_heatmap_shows_holidays_and_future_days_blank() -> None:
    p = process(messages=(outbound("2026-11-24T10:00", "follow_up"),))
    lines = [plain(line) for line in heatmap_lines(activity([p], Settings(), date(2026, 11, 25)))]
    assert lines[0].split() == ["Sep", "Oct", "Nov"]
    rows = {line[:3]: line[5:] for line in lines[1:8]}
    assert rows["Tue"].split()[-1] == "░"  # the follow-up on Tue 24
    assert rows["Wed"].split()[-3:] == ["○", "·", "·"]  # Veterans Day (Wed 11 Nov), Wed 18, today
    assert len(rows["Thu"].split()) == 11  # the current week stops on Wednesday
    assert rows["Mon"].split()[0] == "○"  # Labor Day, Mon 7 Sep
    assert all(len(line) <= 80 for line in lines)


# Rendering --------------------------------------------------------------------------------


def demo_stats(since: date | None = None) -> Stats:
    backup = demo_backup(DEMO_DAY)
    return compute_stats(backup.processes, backup.settings or Settings(), DEMO_DAY, since)


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_golden_demo_stats(fmt: str) -> None:
    ext = {"text": "txt", "md": "md", "json": "json"}[fmt]
    assert_golden(f"stats_demo_2026-11-25.{ext}", render_stats(demo_stats(), fmt))


def test_golden_demo_stats_since() -> None:
    assert_golden("stats_demo_2026-11-25_30d.txt", render_stats(demo_stats(period_start("30d", DEMO_DAY)), "text"))


def test_text_fits_80_columns_and_is_plain_without_color() -> None:
    text = render_stats(demo_stats(), "text")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b" not in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_text_width_stretches_the_bars() -> None:
    wide = render_stats(demo_stats(), "text", width=120)
    assert max(len(line) for line in wide.splitlines()) > 100
    assert max(len(line) for line in wide.splitlines()) <= 120


def test_color_adds_ansi_codes_and_nothing_else() -> None:
    colored = render_stats(demo_stats(), "text", color=True)
    assert "\x1b[" in colored
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == render_stats(demo_stats(), "text")


def test_json_keys_are_stable_even_without_data() -> None:
    full = json.loads(render_stats(demo_stats(), "json"))
    empty = json.loads(render_stats(compute_stats([], Settings(), DEMO_DAY, None), "json"))

    def shape(value: object) -> object:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return shape(value[0]) if value else []
        return None

    assert list(full) == ["date", "since", "processes", "health", "funnel", "waits", "activity"]
    assert shape(full["funnel"]) == shape(empty["funnel"])
    assert shape(full["waits"]["after"]) == shape(empty["waits"]["after"])
    assert len(empty["waits"]["after"]) == len(full["waits"]["after"]) == len(AFTER_KEYS)
    assert full["waits"]["after"][0]["kind"] == "application"
    assert shape(full["activity"]) == shape(empty["activity"])
    assert empty["waits"]["companies"] == []


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_empty_data_renders(fmt: str) -> None:
    text = render_stats(compute_stats([], Settings(), DEMO_DAY, None), fmt)
    assert text.endswith("\n")
    if fmt != "json":
        assert "No process is active" in text
        assert "0 processes, all time" in text


def test_markdown_escapes_company_names() -> None:
    p = process("A|B *Co*", interviews=(interview("recruiter_screen", "2026-11-02T10:00"),))
    md = render_stats(compute_stats([p], Settings(), DEMO_DAY, None), "md")
    assert r"| A\|B \*Co\* |" in md


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown stats format"):
        render_stats(demo_stats(), "csv")


def test_stats_load_neither_textual_nor_sqlmodel(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom datetime import date\nfrom app.demo import demo_backup\n"
        "from app.stats import Stats, compute_stats, render_stats\n"
        "b = demo_backup(date(2026, 11, 25))\n"
        "for fmt in ('text', 'md', 'json'):\n"
        "    render_stats(compute_stats(b.processes, b.settings, date(2026, 11, 25)), fmt)\n"
        "print(sorted(m for m in ('textual', 'sqlmodel', 'sqlalchemy') if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=tmp_path, env=base_env(tmp_path), timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().strip() == "[]"


def test_waits_note_names_both_patiences() -> None:
    """The footnote says how long an application stays pending, which the ladder sets apart from the rest."""
    from app.stats.render import waits_note
    from app.stats.waiting import Waits, tally

    empty = tally("interviews", "any interview", [])
    note = waits_note(Waits((), empty, empty, (), patience=1, application_patience=9))
    assert "from the application, interview or nudge" in note
    assert "younger than 1 business day (9 after an application)" in note
