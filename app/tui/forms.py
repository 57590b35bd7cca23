"""The dashboard's forms: add a process or contact, log an interview or a message.

Every form works the same way: Tab and shift+Tab move, ctrl+s saves, Escape
cancels; an invalid field is marked with its reason under it and nothing is
returned until every field is valid. Forms return plain values; the app does
the saving, so a form never touches the database.

A form the app saves from stays open while it saves (`submit`): a save that
fails (a read-only disk, a process changed elsewhere) leaves it on screen with
what was typed and the one-line reason in it (`failed`), so nothing typed is
lost; only a save that worked closes it (`saved`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from app.backup import text_problem
from app.errors import BadInput
from app.rules.calendar import BusinessCalendar, check_place
from app.rules.ladder import say_date
from app.rules.signals import suggest_expect_by, suggest_signal
from app.rules.values import (
    CONTACT_ROLES,
    INTERVIEW_KINDS,
    KIND_LABELS,
    PURPOSES,
    ROLE_LABELS,
    SIGNALS,
    Contact,
    Interview,
    Message,
    Moment,
    Process,
)
from app.tui.plain import line, named, plain
from app.typed_dates import NotADate, describe, parse_when
from app.typed_dates import preview as date_preview

T = TypeVar("T")

NAME_WIDTH = 60
"""How much of a company or role a form's first line shows: a pasted essay must not push the fields away."""


class Invalid(Exception):
    """A field's value is not acceptable; `field` is the widget id to mark."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class FieldInput(Input):
    """An Input that keeps fast typing in order across fields.

    Keys typed in one burst ("Acme", Tab, "Data Engineer") are all queued on the
    first field before Tab's focus change is handled; here Tab moves focus at
    once, and keys that arrive after it are passed on, in order, to the newly
    focused field. A Select or checkbox cannot take a passed-on Tab, so a Tab
    meant for one moves focus on from it here.
    """

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        moves = event.key in ("tab", "shift+tab")
        if focused is not None and focused is not self and (isinstance(focused, FieldInput) or not moves):
            # Queued behind the keys already passed on, so the order typed is kept.
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if moves:
            # Here, or from a Select or checkbox that cannot take a passed-on Tab itself.
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        await super()._on_key(event)


def _options(values: Sequence[str], labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    return [((labels or {}).get(v, v.replace("_", " ")), v) for v in values]


class FormScreen(ModalScreen[T], Generic[T]):
    """A modal form: fields, a live error line under each, Save and Cancel."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Check the fields and save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
    ]
    TITLE = "Form"

    def __init__(self) -> None:
        super().__init__()
        self._notes_before: dict[str, str] = {}
        """What each marked field's note said before it showed an error, to put back on the next try."""
        self.submit: Callable[[T], None] | None = None
        """Set by the app: called with the result instead of closing; the app then calls `saved` or `failed`."""
        self.saving = False
        """A result was submitted and its save has not answered yet (a second ctrl+s waits for it)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.heading, id="form-title", markup=False)
            with VerticalScroll(id="fields"):
                yield from self.fields()
            yield Static("", id="form-status", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    @property
    def heading(self) -> str:
        """The form's first line: its TITLE, unless a form names itself per use."""
        return self.TITLE or ""

    def fields(self) -> ComposeResult:
        """The form's fields; use `field()` for each."""
        yield from ()

    def field(self, label: str, widget: Widget, hint: str = "") -> ComposeResult:
        """A labelled field with a hint/error line under it."""
        yield Label(label, classes="field-label", markup=False)
        yield widget
        # Notes show typed text and messages quoting it: never read as markup ("[/]" would crash).
        yield Static(hint, id=f"{widget.id}-note", classes="field-note", markup=False)

    def collect(self) -> T:
        """Read the fields into the form's result, or raise Invalid."""
        raise NotImplementedError

    def value(self, widget_id: str) -> str:
        """An Input's stripped text."""
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def choice(self, widget_id: str) -> Any:
        """A Select's value (None when blank)."""
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value

    def action_save(self) -> None:
        """Validate; mark the first problem, or close with the result."""
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        for note in self.query(".field-note.-error").results(Static):
            note.remove_class("-error")
            note.update(self._notes_before.pop(note.id or "", ""))
        if self.saving:
            return
        self.query_one("#form-status", Static).update("")
        try:
            self.check_texts()
            result = self.collect()
        except Invalid as problem:
            self.mark(problem.field, problem.reason)
            return
        if self.submit is None:
            self.dismiss(result)
            return
        self.saving = True
        self.query_one("#form-status", Static).update(Text("Saving…", style="dim"))
        self.submit(result)

    def saved(self) -> None:
        """The app saved what was submitted: close (only this form, only if it is still on top)."""
        self.saving = False
        if self.is_current:
            self.dismiss(None)

    def failed(self, reason: str) -> None:
        """The app could not save: stay open with everything typed and the one-line reason."""
        self.saving = False
        self.query_one("#form-status", Static).update(line(("Not saved:", "bold red"), " ", plain(reason)))

    def check_texts(self) -> None:
        """Refuse, in any text field, what a backup could not carry (a NUL, a huge paste)."""
        texts = [(w.id, w.value) for w in self.query(Input)] + [(w.id, w.text) for w in self.query(TextArea)]
        for widget_id, text in texts:
            problem = text_problem(text)
            if widget_id and problem:
                raise Invalid(widget_id, problem)

    def mark(self, field: str, reason: str) -> None:
        """Show `reason` under a field and focus it."""
        widget = self.query_one(f"#{field}")
        widget.add_class("-invalid")
        note = self.query_one(f"#{field}-note", Static)
        self._notes_before.setdefault(note.id or "", str(note.render()))
        note.add_class("-error")
        note.update(line("✗ ", plain(reason)))
        self.query_one("#form-status", Static).update(line(("Not saved:", "bold red"), " ", plain(reason)))
        widget.focus()

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class WhenInput(FieldInput):
    """A date field that reads "tue 14:00", "+2bd"...; the preview is shown in its note."""

    def __init__(self, today: date, cal: BusinessCalendar | None, value: str = "today", **kwargs: Any) -> None:
        super().__init__(value=value, placeholder="today, tue 14:00, next fri, in 3 days, +2bd, 2026-12-01", **kwargs)
        self.today = today
        self.cal = cal

    def now(self) -> datetime | None:
        """The app's clock, so "tue 14:00" typed on a Tuesday after 14:00 means next week."""
        clock = getattr(self.app, "clock", None) if self.is_attached else None
        return clock() if callable(clock) else None

    def moment(self) -> Moment:
        """The typed date, or NotADate."""
        return parse_when(self.value, self.today, self.cal, now=self.now())

    def preview(self) -> str:
        """ "→ Tue 1 Dec 2026 14:00 (in 6 days; the Friday of next week)" or the reason it is not a date."""
        try:
            return f"→ {date_preview(self.value, self.today, self.cal, now=self.now())}"
        except NotADate as exc:
            return f"? {exc}"


class DayInput(WhenInput):
    """An optional date field ("they said they'd answer by"): blank means none; a time of day is not kept."""

    def __init__(self, today: date, cal: BusinessCalendar | None, value: str = "", **kwargs: Any) -> None:
        super().__init__(today, cal, value, **kwargs)
        self.placeholder = "optional: fri, next tue, in 2 weeks, +5bd, 2026-12-11"

    def day(self) -> date | None:
        """The typed day, None when blank, or NotADate."""
        return parse_when(self.value, self.today, self.cal).day if self.value.strip() else None

    def preview(self) -> str:
        if not self.value.strip():
            return "blank: none"
        try:
            day = self.day()
        except NotADate as exc:
            return f"? {exc}"
        assert day is not None
        return f"→ {describe(Moment.of(day), self.today)}"


class _WithWhen:
    """Mixin: keep each WhenInput's note showing its live reading."""

    def on_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, WhenInput):
            screen: Any = self
            note = screen.query_one(f"#{event.input.id}-note", Static)
            note.remove_class("-error")
            note.update(event.input.preview())

    def read_day(self, widget_id: str) -> date | None:
        screen: Any = self
        widget = screen.query_one(f"#{widget_id}", DayInput)
        try:
            return widget.day()  # type: ignore[no-any-return]
        except NotADate as exc:
            raise Invalid(widget_id, str(exc)) from None

    def read_when(self, widget_id: str) -> Moment:
        screen: Any = self
        widget = screen.query_one(f"#{widget_id}", WhenInput)
        try:
            return widget.moment()  # type: ignore[no-any-return]
        except NotADate as exc:
            raise Invalid(widget_id, str(exc)) from None


@dataclass(frozen=True)
class NewProcess:
    """What the add-process form returns."""

    process: Process


class ProcessForm(FormScreen[NewProcess]):
    """Add a process: company, role, the first contact, link, the hiring team's country, notes."""

    TITLE = "Add a process"

    def fields(self) -> ComposeResult:
        yield from self.field("Company", FieldInput(id="company", placeholder="Acme"))
        yield from self.field("Role", FieldInput(id="role", placeholder="Data Engineer"))
        yield from self.field("Contact name", FieldInput(id="contact", placeholder="Rita Ray (optional)"))
        yield from self.field(
            "Contact role",
            Select(_options(CONTACT_ROLES, ROLE_LABELS), value="recruiter", allow_blank=False, id="contact-role"),
            "A headhunter owns the process if an agency placed you.",
        )
        yield from self.field("Contact email", FieldInput(id="email", placeholder="rita@acme.example (optional)"))
        yield Checkbox("They said direct contact is fine", id="direct-ok")
        yield from self.field("Link", FieldInput(id="link", placeholder="https://... (optional)"))
        yield from self.field(
            "Hiring team's country",
            FieldInput(id="country", placeholder="blank: your settings' country"),
            "Business days count on this calendar (US, GB, DE, IL...).",
        )
        yield from self.field(
            "Subdivision", FieldInput(id="subdivision", placeholder="e.g. CA, NY, BY, SCT (optional)")
        )
        yield from self.field("Notes", FieldInput(id="notes", placeholder="anything worth remembering"))

    def on_mount(self) -> None:
        self.query_one("#company").focus()

    def collect(self) -> NewProcess:
        company, role = self.value("company"), self.value("role")
        if not company:
            raise Invalid("company", "the company is required")
        if not role:
            raise Invalid("role", "the role is required")
        country, subdivision = self.value("country") or None, self.value("subdivision") or None
        if country:
            try:
                country, subdivision = check_place(country, subdivision)
            except BadInput as exc:
                raise Invalid("subdivision" if "subdivision" in exc.problem else "country", exc.problem) from None
        elif subdivision:
            raise Invalid("country", "a subdivision needs a country")
        contacts: tuple[Contact, ...] = ()
        if self.value("contact"):
            contacts = (
                Contact(
                    self.value("contact"), self.choice("contact-role") or "recruiter", self.value("email") or None,
                    None, self.query_one("#direct-ok", Checkbox).value,
                ),
            )  # fmt: skip
        elif self.value("email"):
            raise Invalid("contact", "give the contact's name for this email")
        return NewProcess(
            Process(
                company,
                role,
                "active",
                country,
                subdivision,
                self.value("link") or None,
                self.value("notes"),
                contacts,
            )
        )


class ContactForm(FormScreen[Contact]):
    """Add a person to the selected process."""

    TITLE = "Add a contact"

    def __init__(self, process: Process) -> None:
        super().__init__()
        self.process = process

    def fields(self) -> ComposeResult:
        yield Static(named(self.process, width=NAME_WIDTH), classes="form-context")
        yield from self.field("Name", FieldInput(id="name", placeholder="Rita Ray"))
        yield from self.field(
            "Role", Select(_options(CONTACT_ROLES, ROLE_LABELS), value="recruiter", allow_blank=False, id="role")
        )
        yield from self.field("Email", FieldInput(id="email", placeholder="optional"))
        yield from self.field("Phone", FieldInput(id="phone", placeholder="optional"))
        yield Checkbox("They said direct contact is fine", id="direct-ok")

    def on_mount(self) -> None:
        self.query_one("#name").focus()

    def collect(self) -> Contact:
        name = self.value("name")
        if not name:
            raise Invalid("name", "the name is required")
        if self.process.contact(name) is not None:
            raise Invalid("name", f"{name} is already a contact of this process")
        return Contact(
            name, self.choice("role") or "other", self.value("email") or None, self.value("phone") or None,
            self.query_one("#direct-ok", Checkbox).value,
        )  # fmt: skip


EXPECT_LABEL = "They said they'd answer by (optional)"


@dataclass(frozen=True)
class NewInterview:
    """What the interview form returns: the interview and the people it adds as contacts."""

    interview: Interview
    new_contacts: tuple[Contact, ...]


class InterviewForm(_WithWhen, FormScreen[NewInterview]):
    """Log a past interview or schedule one ("onsite booked for Tuesday 14:00")."""

    TITLE = "Log or schedule an interview"

    def __init__(self, process: Process, today: date, cal: BusinessCalendar) -> None:
        super().__init__()
        self.process, self.today, self.cal = process, today, cal

    def fields(self) -> ComposeResult:
        yield Static(named(self.process, width=NAME_WIDTH), classes="form-context")
        done = {i.kind for i in self.process.interviews}
        kind = "recruiter_screen" if not done else "technical" if "technical" not in done else "onsite"
        yield from self.field(
            "Kind", Select(_options(INTERVIEW_KINDS, KIND_LABELS), value=kind, allow_blank=False, id="kind")
        )
        when = WhenInput(self.today, self.cal, id="when")
        yield from self.field("When", when, when.preview())
        # A placeholder is shown as plain text; only control characters need to go.
        names = ", ".join(plain(c.name).plain for c in self.process.contacts) or "nobody yet"
        yield from self.field(
            "With (names, comma-separated)", FieldInput(id="with", placeholder=f"known: {names}"),
            "New names are added to the process as interviewers.",
        )  # fmt: skip
        yield from self.field("Notes", FieldInput(id="notes", placeholder="how it went, what to prepare"))
        answer = DayInput(self.today, self.cal, id="expect-by")
        yield from self.field(EXPECT_LABEL, answer, answer.preview())

    def on_mount(self) -> None:
        self.query_one("#kind").focus()

    def collect(self) -> NewInterview:
        moment = self.read_when("when")
        names = [n.strip() for n in self.value("with").split(",") if n.strip()]
        unique = list(dict.fromkeys(names))
        new = tuple(Contact(n, "interviewer") for n in unique if self.process.contact(n) is None)
        kind = self.choice("kind") or "other"
        if any(i.kind == kind and i.at.iso() == moment.iso() for i in self.process.interviews):
            raise Invalid("when", f"a {KIND_LABELS[kind]} at this time is already logged")
        expect_by = self.read_day("expect-by")
        return NewInterview(Interview(kind, moment, tuple(unique), self.value("notes"), expect_by=expect_by), new)


@dataclass(frozen=True)
class MessageDraft:
    """Prefilled values for the message form (from a Today item's `d`)."""

    direction: str = "out"
    purpose: str = "follow_up"
    contact: str | None = None
    text: str = ""


class MessageForm(_WithWhen, FormScreen[Message]):
    """Log a message in or out: purpose, contact, date, text, and for replies the signal."""

    TITLE = "Log a message"
    BINDINGS = [Binding("ctrl+g", "use_suggestion", "Use the suggested signal and date")]

    def __init__(
        self,
        process: Process,
        today: date,
        cal: BusinessCalendar,
        draft: MessageDraft | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        self.process, self.today, self.cal, self.now = process, today, cal, now
        self.draft = draft or MessageDraft()

    def fields(self) -> ComposeResult:
        draft = self.draft
        yield Static(named(self.process, width=NAME_WIDTH), classes="form-context")
        yield from self.field(
            "Direction",
            Select([("out: I wrote", "out"), ("in: they wrote", "in")], value=draft.direction, allow_blank=False,
                   id="direction"),
        )  # fmt: skip
        yield from self.field(
            "Purpose",
            Select(_options(PURPOSES, {"follow_up": "follow-up", "check_in": "check-in", "thank_you": "thank-you"}),
                   value=draft.purpose, allow_blank=False, id="purpose"),
        )  # fmt: skip
        people = [(line(plain(c.name), f" ({ROLE_LABELS.get(c.role, c.role)})"), c.name) for c in self.process.contacts]
        contact = draft.contact if draft.contact in {c.name for c in self.process.contacts} else None
        yield from self.field(
            "Contact", Select(people, value=contact if contact else Select.NULL, prompt="(nobody in particular)",
                              id="contact"),
        )  # fmt: skip
        when = WhenInput(self.today, self.cal, id="when")
        yield from self.field("When", when, when.preview())
        channel = FieldInput("email", id="channel", placeholder="email, phone, linkedin...")
        yield from self.field("Channel", channel)
        yield Label("Text (paste their reply to get a suggested signal)", classes="field-label", markup=False)
        yield TextArea(draft.text, id="text", soft_wrap=True)
        yield Static("", id="text-note", classes="field-note", markup=False)
        yield from self.field(
            "Signal (their messages only)",
            Select(_options(SIGNALS), prompt="(none)", id="signal"),
        )
        with Vertical(id="expect-box"):
            answer = DayInput(self.today, self.cal, id="expect-by")
            yield from self.field(EXPECT_LABEL, answer, answer.preview())

    def on_mount(self) -> None:
        self.query_one("#direction").focus()
        self._update_suggestion()

    def _suggested_day(self) -> date | None:
        """The answer date the pasted text names, read from the message's own date (today when unreadable)."""
        try:
            sent_on = self.query_one("#when", WhenInput).moment().day
        except NotADate:
            sent_on = self.today
        return suggest_expect_by(self.query_one("#text", TextArea).text, sent_on)

    @on(TextArea.Changed)
    @on(Select.Changed, "#direction")
    @on(Input.Changed, "#when")
    def _update_suggestion(self) -> None:
        note = self.query_one("#text-note", Static)
        inbound = self.choice("direction") == "in"
        self.query_one("#expect-box").display = inbound
        if not inbound:
            note.update("")
            return
        signal = suggest_signal(self.query_one("#text", TextArea).text)
        day = self._suggested_day()
        found = ([f"reads as {signal}"] if signal else []) + (
            [f"says they'll answer by {say_date(day)}"] if day else []
        )
        if not found:
            note.update("")
            return
        said = " · ".join(found)
        note.update(f"{said[0].upper()}{said[1:]}: ctrl+g to use {'them' if len(found) > 1 else 'it'} "
                    "(not stored unless you pick it)")  # fmt: skip

    def action_use_suggestion(self) -> None:
        """Take the suggested signal and answer date into their fields (shown, and saved only with the form)."""
        if self.choice("direction") != "in":
            return
        suggestion = suggest_signal(self.query_one("#text", TextArea).text)
        if suggestion:
            self.query_one("#signal", Select).value = suggestion
        day = self._suggested_day()
        if day is not None:
            self.query_one("#expect-by", DayInput).value = day.isoformat()

    def collect(self) -> Message:
        moment = self.read_when("when")
        if moment.day > self.today:
            raise Invalid("when", "a message cannot be logged in the future")
        direction = self.choice("direction") or "out"
        signal = self.choice("signal")
        if signal and direction != "in":
            raise Invalid("signal", "only their messages carry a signal; set it back to (none)")
        # "today" gets the time of logging, so the timeline keeps the day's order.
        if not moment.timed and self.now is not None and self.now.date() == moment.day:
            moment = Moment(self.now.replace(second=0, microsecond=0))
        # Hidden for their own messages: what was typed there before switching to "out" is not kept.
        expect_by = self.read_day("expect-by") if direction == "in" else None
        message = Message(
            moment, direction, self.choice("contact"), self.choice("purpose") or "other",
            self.value("channel") or "email", signal, self.query_one("#text", TextArea).text.strip(),
            expect_by=expect_by,
        )  # fmt: skip
        key = (message.at.iso(), message.direction, message.contact, message.purpose)
        if any((m.at.iso(), m.direction, m.contact, m.purpose) == key for m in self.process.messages):
            raise Invalid("when", "the same message is already logged at this time")
        return message


@dataclass(frozen=True)
class DayChoice:
    """What a one-date form returns: the day typed, or None when it was left blank (clear it)."""

    day: date | None


class DayForm(_WithWhen, FormScreen[DayChoice]):
    """One optional date for a process: an offer's deadline, or the day the seeker chose to wait until."""

    def __init__(
        self,
        process: Process,
        today: date,
        cal: BusinessCalendar,
        title: str,
        label: str,
        hint: str,
        current: date | None,
    ) -> None:
        super().__init__()
        self.process, self.today, self.cal = process, today, cal
        self.title_text, self.label, self.hint, self.current = title, label, hint, current

    @property
    def heading(self) -> str:
        return self.title_text

    def fields(self) -> ComposeResult:
        yield Static(named(self.process, width=NAME_WIDTH), classes="form-context")
        day = DayInput(self.today, self.cal, self.current.isoformat() if self.current else "", id="day")
        yield from self.field(self.label, day, day.preview())
        yield Static(self.hint, classes="field-note", markup=False)

    def on_mount(self) -> None:
        self.query_one("#day").focus()

    def collect(self) -> DayChoice:
        return DayChoice(self.read_day("day"))
