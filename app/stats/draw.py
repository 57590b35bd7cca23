"""The pictures of the stats (bars, heatmap), as lines of styled text.

A line is a tuple of (text, style) spans, where a style is a name from
STYLES, not a colour: `nudge stats` turns the names into ANSI codes (or
nothing), the Stats screen into Rich styles. Every picture reads the same
without colour, since the shapes alone (block characters, · ░ ▒ ▓ █ ○) carry
the meaning; colour only helps.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from app.plural import plural
from app.stats.activity import LEVELS, Activity
from app.stats.funnel import Funnel
from app.stats.health import Health

Span = tuple[str, str]
Line = tuple[Span, ...]

STYLES: Final = ("", "title", "label", "dim", "bar", "warn", "holiday", "level1", "level2", "level3", "level4")
LEVEL_CHARS: Final = "·░▒▓█"
HOLIDAY_CHAR: Final = "○"
_EIGHTHS: Final = " ▏▎▍▌▋▊▉"
_SPARKS: Final = "▁▂▃▄▅▆▇█"
_DAY_NAMES: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

LABEL_WIDTH: Final = 15
"""Room for the longest stage name, "hiring manager"."""


def plain(line: Line) -> str:
    """The text of a line without its styles."""
    return "".join(text for text, _ in line)


def bar(fraction: float, width: int) -> str:
    """A bar `fraction` (0..1) of `width` cells long, to the eighth of a cell, padded to `width`."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[rest] if rest else "")
    return text.ljust(width)


def percent(fraction: float | None) -> str:
    """ "67%", or "-" when there is nothing to divide by."""
    return "-" if fraction is None else f"{round(fraction * 100)}%"


def funnel_lines(funnel: Funnel, width: int) -> list[Line]:
    """One bar per stage, scaled to the widest; each stage's conversion from the one above on the right."""
    bar_width = max(8, width - LABEL_WIDTH - 14)
    widest = max((s.reached for s in funnel.stages), default=0)
    lines: list[Line] = []
    for n, stage in enumerate(funnel.stages):
        fill = bar(stage.reached / widest if widest else 0.0, bar_width)
        conversion = "" if n == 0 else percent(stage.conversion)
        lines.append(
            (
                (f"{stage.label:<{LABEL_WIDTH}}", "label"),
                (f"{stage.reached:>4} ", ""),
                (fill, "bar"),
                (f" {conversion:>4}", "dim"),
            )
        )
    return lines


def _month_row(activity: Activity, indent: int) -> str:
    """Month names over the first column and the columns where a month begins, never overlapping."""
    labels: list[tuple[int, int]] = []
    for n, week in enumerate(activity.weeks):
        first = week[0].day.month if n == 0 else next((d.day.month for d in week if d.day.day == 1), None)
        if first is not None:
            labels.append((n, first))
    if len(labels) > 1 and labels[1][0] == 1:
        labels.pop(0)  # a month beginning in the second column says more than the first column's
    row = " " * indent
    for n, month in labels:
        at = indent + 2 * n
        if at >= len(row) + (1 if len(row) > indent else 0):
            row = row.ljust(at) + _MONTHS[month - 1]
    return row.rstrip()


def _cell(day_holiday: bool, level: int) -> Span:
    if level == 0 and day_holiday:
        return (HOLIDAY_CHAR, "holiday")
    return (LEVEL_CHARS[level], f"level{level}" if level else "dim")


def heatmap_lines(activity: Activity) -> list[Line]:
    """Weeks as columns, Monday to Sunday as rows, a month row on top and a week-by-week sparkline below."""
    indent = 5
    lines: list[Line] = [((_month_row(activity, indent), "dim"),)]
    for weekday in range(7):
        spans: list[Span] = [(f"{_DAY_NAMES[weekday]}  ", "dim")]
        for week in activity.weeks:
            if weekday < len(week):
                day = week[weekday]
                spans.append(_cell(day.holiday, day.level))
            else:
                spans.append((" ", ""))
            spans.append((" ", ""))
        lines.append(_trim(spans))
    lines.append((("week ", "dim"), (sparkline(activity.per_week(), gap=" "), "bar")))
    return lines


def _trim(spans: list[Span]) -> Line:
    """Drop trailing blank spans, so lines carry no trailing spaces."""
    while spans and not spans[-1][0].strip():
        spans.pop()
    return tuple(spans)


def sparkline(values: tuple[int, ...], gap: str = "") -> str:
    """One block per value, from ▁ to █ relative to the largest; a blank for zero."""
    top = max(values, default=0)
    marks = [_SPARKS[min(7, (v * 8 - 1) // top)] if v and top else " " for v in values]
    return gap.join(marks).rstrip()


def legend_line(activity: Activity) -> Line:
    """What the heatmap's characters mean."""
    place = activity.country + (f"-{activity.subdivision}" if activity.subdivision else "")
    ranges = [
        f"{LEVELS[n]}" if LEVELS[n + 1] - LEVELS[n] == 1 else f"{LEVELS[n]}-{LEVELS[n + 1] - 1}" for n in (1, 2, 3)
    ]
    spans: list[Span] = [(LEVEL_CHARS[0], "dim"), (" none  ", "dim")]
    for n, text in enumerate([*ranges, f"{LEVELS[4]}+"], 1):
        spans += [(LEVEL_CHARS[n], f"level{n}"), (f" {text}  ", "dim")]
    spans += [(HOLIDAY_CHAR, "holiday"), (f" holiday ({place})", "dim")]
    return tuple(spans)


def say_day(day: date) -> str:
    """ "Wed 25 Nov 2026"."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def health_lines(health: Health) -> list[Line]:
    """The health numbers on one line, the warning (if any) on the next."""
    interviews = plural(health.interviews_this_week, "interview")
    lines: list[Line] = [
        (
            (str(health.active), "title"),
            (" active · ", ""),
            (interviews.split(" ", 1)[0], "title"),
            (f" {interviews.split(' ', 1)[1]} this week · ", ""),
            (str(health.awaiting_reply), "title"),
            (" awaiting a reply", ""),
        )
    ]
    if health.warning:
        lines.append(((health.warning, "warn"),))
    return lines
