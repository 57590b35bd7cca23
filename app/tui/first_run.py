"""The first run's short setup, reused as Settings: your name, your calendar, and how to start.

On an empty database the app shows `SetupScreen()`: your name (it signs the
messages), your country and subdivision (picked from the `holidays` package's
list, so the public holidays are right), and a way to start: the demo, a
spreadsheet import, or the first process. Opened as Settings
(`SetupScreen(settings, first_run=False)`) it is prefilled and also holds
the workdays, the days off and every number of the timing rules.

Like every form it returns plain values (`SetupResult`); the app saves them
where they belong and starts what was chosen. Values are checked with the
configuration file's own checks (app.config.layout), so what can be saved
here can always be read back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Final

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, RadioButton, RadioSet, Select, Static

from app.config import layout
from app.errors import BadInput
from app.places import countries, subdivisions
from app.rules.calendar import check_place
from app.rules.values import Settings, Timing
from app.tui.forms import FieldInput, FormScreen, Invalid

START_CHOICES: Final = ("demo", "import", "add")
"""How a first run can start: load the demo search, import a spreadsheet, or add the first process."""
START_LABELS: Final = {
    "demo": "Load the demo search, to try things out first",
    "import": "Import a spreadsheet (CSV) of the applications I have",
    "add": "Add my first process",
}
TIMING_LABELS: Final = {
    "screen_wait": "First follow-up after a screen (or their reply)",
    "screen_second_gap": "Second follow-up after a screen, after the first",
    "screen_check_in_gap": "Candid check-in after the second screen follow-up",
    "later_wait": "First follow-up after a later interview",
    "later_check_in_wait": "Candid check-in after a later interview",
    "later_check_in_gap": "...and at least this after the follow-up",
    "move_on_gap": "Suggest letting go after the last unanswered nudge",
    "pester_gap": "Never nudge sooner than this after you wrote",
    "thank_you_due": "A thank-you is due this long after the interview",
    "thank_you_window": "...and is no longer suggested after",
    "application_wait": "Follow-up after an application",
    "application_move_on_gap": "Suggest letting go of an application after its follow-up",
    "rejected_wait": "After a no: the gracious reply is due after",
    "promised_answer_wait": "After the day they said they'd answer: wait",
}
"""What each timing number means, in business days (every field of Timing has one)."""


@dataclass(frozen=True)
class SetupResult:
    """What the setup returns: who you are, your calendar, and (first run) how to start.

    `choice` is one of START_CHOICES on a first run ("" as Settings);
    `import_path` is the spreadsheet to import when the choice is "import".
    """

    your_name: str
    country: str
    subdivision: str | None
    choice: str = ""
    import_path: Path | None = None
    workdays: tuple[str, ...] | None = None
    days_off: tuple[date, ...] = ()
    timing: Timing = field(default_factory=Timing)

    def settings(self, before: Settings) -> Settings:
        """`before` with what was set here."""
        return replace(
            before,
            your_name=self.your_name,
            country=self.country,
            subdivision=self.subdivision,
            workdays=self.workdays,
            days_off=self.days_off,
            timing=self.timing,
        )


def _country_options(current: str) -> list[tuple[str, str]]:
    options = [(f"{name} ({code})", code) for code, name in countries()]
    if current not in {code for _, code in options}:
        options.insert(0, (current, current))
    return options


def _subdivision_options(country: str, current: str | None) -> list[tuple[str, str]]:
    options = [(name if name == code else f"{name} ({code})", code) for code, name in subdivisions(country)]
    if current and current not in {code for _, code in options}:
        options.insert(0, (current, current))
    return options


class SetupScreen(FormScreen[SetupResult]):
    """A first run's setup (name, calendar, how to start), or, with `first_run=False`, the Settings.

    `settings` prefills every field (the built-in defaults when None).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        first_run: bool = True,
        skipped: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.before = settings or Settings()
        self.first_run = first_run
        self.skipped = skipped
        """Called when the user skips (or cancels) the setup: the caller says what to do instead."""
        if first_run:
            self.SAVE_LABEL, self.CANCEL_LABEL = "Start (ctrl+s)", "Skip (esc)"

    @property
    def heading(self) -> str:
        return "Welcome to Nudge" if self.first_run else "Settings"

    def fields(self) -> ComposeResult:
        s = self.before
        if self.first_run:
            yield Static(
                "Nudge tells you each morning whom to follow up with, and writes the message. "
                "Three questions to start; all can be changed later under Settings.",
                classes="form-context",
                markup=False,
            )
        yield from self.field(
            "Your name",
            FieldInput(s.your_name, id="your-name", placeholder="e.g. Sam Seeker"),
            "It signs your messages.",
        )
        yield from self.field(
            "Your country",
            Select(_country_options(s.country), value=s.country, allow_blank=False, id="country"),
            "Business days skip its public holidays (type to jump to a name).",
        )
        subs = _subdivision_options(s.country, s.subdivision)
        with Vertical(id="subdivision-box"):
            yield from self.field(
                "Your state or region",
                Select(subs, value=s.subdivision or Select.NULL, prompt="(the whole country)", id="subdivision"),
                "Some holidays are only kept in part of a country.",
            )
        if self.first_run:
            yield Label("To start", classes="field-label", markup=False)
            with RadioSet(id="start"):
                for n, choice in enumerate(START_CHOICES):
                    yield RadioButton(START_LABELS[choice], value=n == 0, id=f"start-{choice}")
            with Vertical(id="import-box"):
                yield from self.field(
                    "Spreadsheet (CSV file)",
                    FieldInput(id="import-path", placeholder="~/Documents/applications.csv"),
                    "Its columns are matched by name; you see what will be added before anything is.",
                )
            return
        workdays = " ".join(s.workdays) if s.workdays else ""
        yield from self.field(
            "Workdays",
            FieldInput(workdays, id="workdays", placeholder="blank: the country's own week, e.g. mon tue wed thu fri"),
        )
        days_off = ", ".join(d.isoformat() for d in s.days_off)
        yield from self.field(
            "Your days off",
            FieldInput(days_off, id="days-off", placeholder="e.g. 2026-12-24, 2026-12-31"),
            "Dates nothing is due on, as YYYY-MM-DD, separated by commas.",
        )
        yield Label("Timing, in business days", classes="field-label", markup=False)
        for item in fields(Timing):
            widget_id = f"timing-{item.name}"
            with Horizontal(classes="timing-row"):
                yield Label(TIMING_LABELS[item.name], classes="timing-label", markup=False)
                yield FieldInput(str(getattr(s.timing, item.name)), id=widget_id, classes="timing-number")
            yield Static("", id=f"{widget_id}-note", classes="field-note timing-note", markup=False)

    def on_mount(self) -> None:
        self.query_one("#your-name").focus()
        if self.first_run:
            self.query_one("#import-box").display = False
        self.query_one("#subdivision-box").display = bool(subdivisions(self.before.country))

    def action_cancel(self) -> None:
        """Skip: nothing is returned (so nothing is saved); the caller is told, to show a hint."""
        super().action_cancel()
        if self.skipped is not None:
            self.skipped()

    @on(Select.Changed, "#country")
    def _country_changed(self, event: Select.Changed) -> None:
        """A new country lists its own subdivisions (and forgets the old one's)."""
        picker = self.query_one("#subdivision", Select)
        if not isinstance(event.value, str):
            return
        current = picker.value if isinstance(picker.value, str) else None
        options = _subdivision_options(event.value, current if event.value == self.before.country else None)
        picker.set_options(options)
        self.query_one("#subdivision-box").display = bool(options)
        if current and current in {code for _, code in options}:
            picker.value = current

    @on(RadioSet.Changed, "#start")
    def _start_changed(self, event: RadioSet.Changed) -> None:
        self.query_one("#import-box").display = event.pressed.id == "start-import"

    def collect(self) -> SetupResult:
        try:
            name = layout.your_name(self.value("your-name"))
        except layout.Problem as exc:
            raise Invalid("your-name", str(exc)) from None
        country = self.choice("country") or self.before.country
        try:
            country, subdivision = check_place(country, self.choice("subdivision"))
        except BadInput as exc:
            raise Invalid("subdivision" if "subdivision" in exc.problem else "country", exc.problem) from None
        if self.first_run:
            choice, path = self._start()
            return SetupResult(name, country, subdivision, choice, path, self.before.workdays,
                               self.before.days_off, self.before.timing)  # fmt: skip
        return SetupResult(name, country, subdivision, "", None, self._workdays(), self._days_off(), self._timing())

    def _start(self) -> tuple[str, Path | None]:
        pressed = self.query_one("#start", RadioSet).pressed_button
        choice = (pressed.id or "").removeprefix("start-") if pressed is not None else START_CHOICES[0]
        if choice != "import":
            return choice, None
        raw = self.value("import-path")
        if not raw:
            raise Invalid("import-path", "give the spreadsheet's file name")
        path = Path(raw).expanduser()
        if not path.is_file():
            raise Invalid("import-path", "no such file" if not path.exists() else "that is not a file")
        return choice, path

    def _workdays(self) -> tuple[str, ...] | None:
        raw = self.value("workdays").replace(",", " ").split()
        if not raw:
            return None
        try:
            return tuple(str(day) for day in layout.workdays(raw))
        except layout.Problem as exc:
            raise Invalid("workdays", str(exc)) from None

    def _days_off(self) -> tuple[date, ...]:
        raw = self.value("days-off").replace(",", " ").split()
        try:
            return layout.days_off(raw)
        except layout.Problem as exc:
            raise Invalid("days-off", str(exc)) from None

    def _timing(self) -> Timing:
        given: dict[str, int] = {}
        for item in fields(Timing):
            widget_id = f"timing-{item.name}"
            raw = self.value(widget_id)
            try:
                given[item.name] = layout.timing_value(int(raw) if raw.lstrip("-").isdigit() else raw)
            except layout.Problem as exc:
                raise Invalid(widget_id, str(exc)) from None
        conflict = layout.timing_conflict(given)
        if conflict is not None:
            raise Invalid(f"timing-{conflict[0]}", conflict[1])
        return Timing(**given)
