"""`nudge stats` output: text for a terminal, Markdown for notes, JSON for scripts.

All three show the same `Stats`, nothing recomputed. Text draws the funnel and
the heatmap with block characters (optionally coloured with ANSI codes);
Markdown puts those pictures in code blocks, where their columns stay aligned,
and the tables in Markdown tables; JSON is plain numbers and lists with keys
that do not change from one run to the next (empty rows included).
"""

from __future__ import annotations

import json
from typing import Any, Final

from app.exports.common import clean
from app.exports.markdown import escape
from app.plural import plural
from app.stats.compute import Stats
from app.stats.draw import Line, funnel_lines, health_lines, heatmap_lines, legend_line, percent, plain, say_day
from app.stats.funnel import Funnel
from app.stats.waiting import NUDGE_KEYS, Spread, Tally, Waits

FORMATS: Final = ("text", "md", "json")
ANSI: Final = {
    "title": "1",
    "label": "",
    "dim": "2",
    "bar": "36",
    "warn": "33",
    "holiday": "33",
    "level1": "2;32",
    "level2": "32",
    "level3": "92",
    "level4": "1;92",
}
NAME_WIDTH: Final = 22


def _group(key: str) -> str:
    """Which kind of prompt a row of the answers is: "application", "interview" or "nudge"."""
    if key in NUDGE_KEYS:
        return "nudge"
    return "application" if key == "application" else "interview"


def render_stats(stats: Stats, fmt: str, *, width: int = 80, color: bool = False) -> str:
    """The stats as `fmt` ("text", "md" or "json"); `width` and `color` only shape text."""
    if fmt == "text":
        return _text(stats, width, color)
    if fmt == "md":
        return _markdown(stats)
    if fmt == "json":
        return json.dumps(stats_json(stats), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown stats format {fmt!r} (one of {', '.join(FORMATS)})")


# Shared wording -----------------------------------------------------------------


def scope(stats: Stats) -> str:
    """Which processes the funnel and waits count: "9 processes, all time"."""
    counted = plural(stats.processes, "process")
    if stats.since is None:
        return f"{counted}, all time"
    return f"{counted} begun since {say_day(stats.since)}"


def days(value: float | None) -> str:
    """A median or bound in business days: "3", "3.5", or "-"."""
    if value is None:
        return "-"
    return f"{value:g}"


def spread_range(spread: Spread) -> str:
    """ "2–5", "3" when all waits were equal, "-" for none."""
    if spread.low is None or spread.high is None:
        return "-"
    return str(spread.low) if spread.low == spread.high else f"{spread.low}–{spread.high}"


def replied_of(tally: Tally) -> str:
    """ "2 of 3": replies among the prompts old enough to tell."""
    return f"{tally.replied} of {tally.judged}" if tally.judged else "-"


def shown_rows(waits: Waits) -> list[Tally]:
    """The kinds of prompt that happened, then the two totals."""
    return [t for t in waits.after if t.asked] + [waits.interviews, waits.nudges]


def cut(text: str, width: int) -> str:
    """Clean text, shortened with an ellipsis to at most `width` characters."""
    text = clean(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def waits_note(waits: Waits) -> str:
    """How to read the waits, in two sentences and a half."""
    return (
        "Business days on each company's calendar, from the application, interview or nudge to the first reply. "
        "'Replied' also counts answers implied by a next interview or a closing status; "
        f"those have no wait. Anything younger than {plural(waits.patience, 'business day')} "
        f"({waits.application_patience} after an application) is not counted yet."
    )


# Text ------------------------------------------------------------------------


def _paint(line: Line, color: bool) -> str:
    if not color:
        return plain(line).rstrip()
    out = []
    for text, style in line:
        code = ANSI.get(style, "")
        out.append(f"\x1b[{code}m{text}\x1b[0m" if code and text.strip() else text)
    return "".join(out).rstrip()


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    words, lines, current = text.split(), [], indent
    for word in words:
        if len(current) + len(word) + 1 > width and current.strip():
            lines.append(current.rstrip())
            current = indent
        current += word + " "
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _text(stats: Stats, width: int, color: bool) -> str:
    def title(text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if color else text

    out = [title(f"Nudge stats for {say_day(stats.today)}"), ""]
    out.append(title("Pipeline now"))
    out += ["  " + _paint(line, color) for line in health_lines(stats.health)]
    out += ["", title(f"Funnel: furthest stage reached ({scope(stats)})")]
    out += ["  " + _paint(line, color) for line in funnel_lines(stats.funnel, width - 2)]
    out += ["", title("Answers after an application, an interview or a nudge"), _waits_header()]
    out += [_waits_row(t) for t in shown_rows(stats.waits)]
    if stats.waits.companies:
        out += ["", title("By company"), _company_header()]
        out += [_company_row(c.company, c.interviews, c.nudges) for c in stats.waits.companies]
    out += ["", *_wrap(waits_note(stats.waits), width)]
    interviews, sent, received = stats.activity.totals()
    out += ["", title(f"Activity, last {len(stats.activity.weeks)} weeks (every process)")]
    out += ["  " + _paint(line, color) for line in heatmap_lines(stats.activity)]
    out += ["  " + _paint(legend_line(stats.activity), color)]
    out += [f"  {interviews} interviews · {sent} messages sent · {received} received"]
    return "\n".join(out) + "\n"


def _waits_header() -> str:
    return f"  {'after':<20} {'asked':>5} {'replied':>8} {'rate':>5} {'median':>7} {'range':>6}"


def _waits_row(tally: Tally) -> str:
    row = (
        f"  {tally.label:<20} {tally.asked:>5} {replied_of(tally):>8} {percent(tally.reply_rate):>5}"
        f" {days(tally.wait.median):>7} {spread_range(tally.wait):>6}"
    )
    if tally.pending:
        row += f"  ({tally.pending} too soon)"
    return row.rstrip()


def _company_header() -> str:
    return f"  {'company':<{NAME_WIDTH}} {'interviews':>10} {'median':>7} {'range':>6} {'nudges':>8} {'median':>7}"


def _company_row(name: str, interviews: Tally, nudges: Tally) -> str:
    return (
        f"  {cut(name, NAME_WIDTH):<{NAME_WIDTH}} {replied_of(interviews):>10} {days(interviews.wait.median):>7}"
        f" {spread_range(interviews.wait):>6} {replied_of(nudges):>8} {days(nudges.wait.median):>7}"
    ).rstrip()


# Markdown --------------------------------------------------------------------


def _markdown(stats: Stats) -> str:
    health = stats.health
    out = [f"# Nudge stats for {say_day(stats.today)}", "", "## Pipeline now", ""]
    out += [
        f"- **Active processes:** {health.active}",
        f"- **Interviews this week:** {health.interviews_this_week}",
        f"- **Awaiting a reply:** {health.awaiting_reply}",
    ]
    if health.warning:
        out += ["", f"> {health.warning}"]
    out += ["", f"## Funnel: furthest stage reached ({scope(stats)})", ""]
    out += _funnel_table(stats.funnel)
    out += ["", "```text", *(plain(line).rstrip() for line in funnel_lines(stats.funnel, 60)), "```"]
    out += ["", "## Answers after an application, an interview or a nudge", ""]
    out += [
        "| after | asked | replied | rate | median | range | too soon |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for t in shown_rows(stats.waits):
        out.append(
            f"| {t.label} | {t.asked} | {replied_of(t)} | {percent(t.reply_rate)} "
            f"| {days(t.wait.median)} | {spread_range(t.wait)} | {t.pending} |"
        )
    if stats.waits.companies:
        out += ["", "### By company", ""]
        out += [
            "| company | interviews replied | median | range | nudges replied | median |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for c in stats.waits.companies:
            out.append(
                f"| {escape(c.company)} | {replied_of(c.interviews)} | {days(c.interviews.wait.median)} "
                f"| {spread_range(c.interviews.wait)} | {replied_of(c.nudges)} | {days(c.nudges.wait.median)} |"
            )
    out += ["", waits_note(stats.waits)]
    interviews, sent, received = stats.activity.totals()
    out += ["", f"## Activity, last {len(stats.activity.weeks)} weeks", "", "```text"]
    out += [plain(line).rstrip() for line in heatmap_lines(stats.activity)]
    out += [plain(legend_line(stats.activity)), "```", ""]
    out += [f"{interviews} interviews, {sent} messages sent, {received} received."]
    return "\n".join(out) + "\n"


def _funnel_table(funnel: Funnel) -> list[str]:
    rows = ["| stage | reached | stopped here | from the stage above |", "| --- | ---: | ---: | ---: |"]
    for n, stage in enumerate(funnel.stages):
        rows.append(f"| {stage.label} | {stage.reached} | {stage.stopped} | {percent(stage.conversion) if n else ''} |")
    return rows


# JSON ------------------------------------------------------------------------


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "asked": tally.asked,
        "replied": tally.replied,
        "pending": tally.pending,
        "reply_rate": _ratio(tally.reply_rate),
        "waits": tally.wait.count,
        "median_days": tally.wait.median,
        "min_days": tally.wait.low,
        "max_days": tally.wait.high,
    }


def stats_json(stats: Stats) -> dict[str, Any]:
    """The stats as plain JSON-ready data; every key is always present."""
    health = stats.health
    activity = stats.activity
    interviews, sent, received = activity.totals()
    return {
        "date": stats.today.isoformat(),
        "since": stats.since.isoformat() if stats.since else None,
        "processes": stats.processes,
        "health": {
            "active": health.active,
            "open": health.open_processes,
            "interviews_this_week": health.interviews_this_week,
            "awaiting_reply": health.awaiting_reply,
            "offer_in_hand": health.offer_in_hand,
            "warning": health.warning,
        },
        "funnel": [
            {"stage": s.key, "reached": s.reached, "stopped": s.stopped, "conversion": _ratio(s.conversion)}
            for s in stats.funnel.stages
        ],
        "waits": {
            "after": [{"kind": t.key, "group": _group(t.key), **_tally_json(t)} for t in stats.waits.after],
            "interviews": _tally_json(stats.waits.interviews),
            "nudges": _tally_json(stats.waits.nudges),
            "companies": [
                {"company": c.company, "interviews": _tally_json(c.interviews), "nudges": _tally_json(c.nudges)}
                for c in stats.waits.companies
            ],
        },
        "activity": {
            "start": activity.start.isoformat(),
            "end": activity.end.isoformat(),
            "calendar": {"country": activity.country, "subdivision": activity.subdivision},
            "totals": {"interviews": interviews, "sent": sent, "received": received},
            "days": [
                {
                    "date": d.day.isoformat(),
                    "interviews": d.interviews,
                    "sent": d.sent,
                    "received": d.received,
                    "holiday": d.holiday,
                }
                for d in activity.days
            ],
        },
    }
