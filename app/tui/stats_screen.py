"""The Stats screen (key g): the funnel, how long companies take to answer, activity, health.

It is handed the processes the dashboard has already loaded, so it opens at
once and never touches the database; every figure comes from `app.stats`, the
same functions `nudge stats` prints. Keys 1-4 (or the tabs) pick the period;
each period is computed once, on first view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Static, Tab, Tabs

from app.rules.calendar import CalendarBook
from app.rules.values import Process, Settings
from app.stats import PERIOD_LABELS, PERIODS, Stats, compute_stats, period_start
from app.stats.draw import Line, funnel_lines, health_lines, heatmap_lines, legend_line, percent, say_day
from app.stats.render import NAME_WIDTH, days, replied_of, scope, shown_rows, spread_range, waits_note
from app.tui.plain import PlainTable, plain

STYLES = {
    "title": "bold",
    "label": "",
    "dim": "$text-muted",
    "bar": "$accent",
    "warn": "$warning",
    "holiday": "$warning",
    "level1": "$success-darken-2",
    "level2": "$success-darken-1",
    "level3": "$success",
    "level4": "bold $success-lighten-2",
}
"""Theme colours for the styles of `app.stats.draw`; the shapes read without them."""


def content(lines: Iterable[Line]) -> Content:
    """Styled lines as Textual content, one line each."""
    return Content("\n").join(
        Content.assemble(*((text, STYLES.get(style, "")) for text, style in line)) for line in lines
    )


class Chart(Widget):
    """A picture drawn to the widget's own width (the funnel's bars stretch with the window)."""

    DEFAULT_CSS = """
    Chart {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._draw: Callable[[int], list[Line]] = lambda width: []

    def draw(self, drawing: Callable[[int], list[Line]]) -> None:
        """Show a new picture: `drawing` turns a width into lines."""
        self._draw = drawing
        self.refresh(layout=True)

    def render(self) -> Content:
        return content(self._draw(max(20, self.content_size.width)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._draw(max(20, width)))


class StatsScreen(ModalScreen[None]):
    """Insights over the dashboard: pick a period with 1-4; Esc, q or g goes back.

    Modal although it fills the terminal: a modal screen keeps the dashboard's
    own keys (add, log, done...) from acting on panes hidden underneath it.
    """

    CSS_PATH = "stats.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the dashboard"),
        Binding("q", "close", "Back", show=False),
        Binding("g", "close", "Back", show=False),
        Binding("1", "period('30d')", "30 days", tooltip="Processes begun in the last 30 days"),
        Binding("2", "period('90d')", "90 days", tooltip="Processes begun in the last 90 days"),
        Binding("3", "period('year')", "Year", tooltip="Processes begun this calendar year"),
        Binding("4", "period('all')", "All", tooltip="Every process"),
    ]

    period: reactive[str] = reactive("90d", init=False)
    """Which processes the funnel and the waits count: a key of PERIODS."""

    def __init__(
        self,
        processes: Iterable[Process],
        settings: Settings,
        today: date,
        *,
        period: str = "90d",
        book: CalendarBook | None = None,
    ) -> None:
        super().__init__()
        if period not in PERIODS:
            raise ValueError(f"unknown period {period!r}")
        self.processes = tuple(processes)
        self.settings = settings
        self.today = today
        self.book = book or CalendarBook(settings)
        self._computed: dict[str, Stats] = {}
        self.set_reactive(StatsScreen.period, period)

    def stats(self, period: str | None = None) -> Stats:
        """The figures for a period (the current one by default), computed once."""
        key = period or self.period
        if key not in self._computed:
            since = period_start(key, self.today)
            self._computed[key] = compute_stats(self.processes, self.settings, self.today, since, book=self.book)
        return self._computed[key]

    # Layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="✉")
        yield Tabs(
            *(Tab(Content(f"{n} · {PERIOD_LABELS[p]}"), id=f"period-{p}") for n, p in enumerate(PERIODS, 1)),
            active=f"period-{self.period}",
        )
        with VerticalScroll(id="stats-body"):
            with Vertical(id="stats-left", classes="stats-column"):
                yield Static(id="health", classes="stats-box", markup=False)
                yield Chart(id="funnel")
                yield Static(id="activity", classes="stats-box", markup=False)
            with Vertical(id="stats-right", classes="stats-column"):
                yield PlainTable(id="answers", cursor_type="none", zebra_stripes=True)
                yield PlainTable(id="companies", cursor_type="none", zebra_stripes=True)
                yield Static(id="waits-note", classes="stats-note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Nudge"
        self.sub_title = f"Stats · {say_day(self.today)}"
        self.query_one("#health").border_title = Text("Pipeline now")
        self.query_one("#activity").border_title = Text("Activity · last 12 weeks")
        self.query_one("#answers").border_title = Text("Answers after an application, an interview or a nudge")
        self.query_one("#companies").border_title = Text("By company")
        self.query_one("#answers").border_subtitle = Text("median and range in business days")
        answers = self.query_one("#answers", DataTable)
        for label, key in (
            ("After", "after"), ("Asked", "asked"), ("Replied", "replied"), ("Rate", "rate"),
            ("Median", "median"), ("Range", "range"), ("Too soon", "pending"),
        ):  # fmt: skip
            answers.add_column(label, key=key)
        companies = self.query_one("#companies", DataTable)
        for label, key in (
            ("Company", "company"), ("Interviews", "interviews"), ("Median", "median"), ("Range", "range"),
            ("Nudges", "nudges"), ("Median", "nudge_median"),
        ):  # fmt: skip
            companies.add_column(label, key=key)
        self._show(self.stats())
        self.query_one("#stats-body").focus()

    # Showing ----------------------------------------------------------------

    def watch_period(self, period: str) -> None:
        self.query_one(Tabs).active = f"period-{period}"
        self._show(self.stats(period))

    def _show(self, stats: Stats) -> None:
        """Fill every box from one set of figures."""
        self.query_one("#health", Static).update(content(health_lines(stats.health)))
        funnel = self.query_one("#funnel", Chart)
        funnel.border_title = Text(f"Funnel · {scope(stats)}")
        funnel.border_subtitle = Text("% from the stage above")
        funnel.draw(lambda width: funnel_lines(stats.funnel, width))
        interviews, sent, received = stats.activity.totals()
        heatmap = [*heatmap_lines(stats.activity), legend_line(stats.activity)]
        activity = self.query_one("#activity", Static)
        activity.update(content(heatmap))
        activity.border_subtitle = Text(f"{interviews} interviews · {sent} sent · {received} received")
        self._fill_answers(stats)
        self._fill_companies(stats)
        self.query_one("#waits-note", Static).update(Content(waits_note(stats.waits)))

    def _fill_answers(self, stats: Stats) -> None:
        table = self.query_one("#answers", DataTable)
        table.clear()
        for tally in shown_rows(stats.waits):
            total = tally.key in ("interviews", "nudges")
            table.add_row(
                Text(tally.label, style="bold" if total else ""),
                Text(str(tally.asked), justify="right"),
                Text(replied_of(tally), justify="right"),
                Text(percent(tally.reply_rate), justify="right"),
                Text(days(tally.wait.median), justify="right"),
                Text(spread_range(tally.wait), justify="right"),
                Text(str(tally.pending) if tally.pending else "", justify="right"),
            )

    def _fill_companies(self, stats: Stats) -> None:
        table = self.query_one("#companies", DataTable)
        table.clear()
        for row in stats.waits.companies:
            table.add_row(
                plain(row.company, width=NAME_WIDTH),
                Text(replied_of(row.interviews), justify="right"),
                Text(days(row.interviews.wait.median), justify="right"),
                Text(spread_range(row.interviews.wait), justify="right"),
                Text(replied_of(row.nudges), justify="right"),
                Text(days(row.nudges.wait.median), justify="right"),
            )
        table.display = bool(stats.waits.companies)

    # Acting -----------------------------------------------------------------

    def action_period(self, period: str) -> None:
        """Switch the funnel and the waits to another period."""
        if period in PERIODS:
            self.period = period

    @on(Tabs.TabActivated)
    def _tab_picked(self, event: Tabs.TabActivated) -> None:
        if event.tab.id is not None:
            self.period = event.tab.id.removeprefix("period-")

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss(None)
