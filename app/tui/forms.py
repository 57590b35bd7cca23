"""The dashboard's forms: add or edit a process or contact, log or edit an interview or a message.

Every form works the same way: Tab and shift+Tab move, ctrl+s saves, Escape
cancels; an invalid field is marked with its reason under it and nothing is
returned until every field is valid. Forms return plain values; the app does
the saving, so a form never touches the database.

Each kind of record has one set of fields and checks, shared by its add form
and its edit form: an edit form opens prefilled from the stored record, is
checked exactly as when adding (a duplicate is one *other* than the record
itself), and returns `Edited` (before, after, and the changed fields).

A form the app saves from stays open while it saves (`submit`): a save that
fails (a read-only disk, a process changed elsewhere) leaves it on screen with
what was typed and the one-line reason in it (`failed`), so nothing typed is
lost; only a save that worked closes it (`saved`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any, Final, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from app.contact_details import email_problem, phone_problem
from app.domain import ContactRole, Direction, InterviewKind, Purpose, Signal, Status
from app.domain.checks import text_problem
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
    STATUSES,
    Contact,
    Interview,
    Message,
    Moment,
    Process,
)
from app.tui.plain import line, named, plain
from app.typed_dates import NotADate, describe, is_past, parse_when
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


def _options(values: Sequence[str], labels: Mapping[Any, str] | None = None) -> list[tuple[str, str]]:
    return [((labels or {}).get(v, v.replace("_", " ")), v) for v in values]


class FormScreen(ModalScreen[T], Generic[T]):
    """A modal form: fields, a live error line under each, Save and Cancel."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Check the fields and save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
    ]
    TITLE = "Form"
    SAVE_LABEL = "Save (ctrl+s)"
    CANCEL_LABEL = "Cancel (esc)"
    FIELDS_HEIGHT = 30
    """The most rows the fields take before they scroll; fewer on a short terminal (see `_fit`)."""
    AROUND_FIELDS = 11
    """Rows the form needs besides its fields: border, title, status line, buttons, the screen's margin."""

    def __init__(self) -> None:
        super().__init__()
        self._notes_before: dict[str, str] = {}
        """What each marked field's note said before it showed an error, to put back on the next try."""
        self.submit: Callable[[T], None] | None = None
        """Set by the app: called with the result instead of closing; the app then calls `saved` or `failed`."""
        self.saving = False
        """A result was submitted and its save has not answered yet (a second ctrl+s waits for it)."""
        self._confirmed: PastDate | None = None
        """The question (`confirm_first`) the user last said yes to: the same answer is not asked for twice."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.heading, id="form-title", markup=False)
            with VerticalScroll(id="fields"):
                yield from self.fields()
            yield Static("", id="form-status", markup=False)
            with Horizontal(id="form-buttons"):
                yield from self.more_buttons()
                yield Button(self.SAVE_LABEL, variant="primary", id="save")
                yield Button(self.CANCEL_LABEL, id="cancel")

    @on(events.Resize)
    def _fit(self, event: events.Resize) -> None:
        """Let the fields scroll sooner on a short terminal, so Save and Cancel stay on screen (80x24)."""
        fields = self.query("#fields")
        if fields:
            fields.first().styles.max_height = max(4, min(self.FIELDS_HEIGHT, event.size.height - self.AROUND_FIELDS))

    @property
    def heading(self) -> str | Text:
        """The form's first line: its TITLE, unless a form names itself per use (a Text when it names user text)."""
        return self.TITLE or ""

    def fields(self) -> ComposeResult:
        """The form's fields; use `field()` for each."""
        yield from ()

    def more_buttons(self) -> ComposeResult:
        """Buttons a form adds before Save and Cancel."""
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
        question = self.confirm_first(result)
        if question is None or question == self._confirmed:
            self.finish(result)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._confirmed = question
                self.finish(result)
            else:
                self.query_one(f"#{question.field}").focus()

        self.app.push_screen(PastDateDialog(question), answered)

    def confirm_first(self, result: T) -> PastDate | None:
        """What to ask before handing `result` over (None: nothing); the interview form asks about past dates."""
        return None

    def finish(self, result: T) -> None:
        """Hand a checked result over: close with it, or submit it and stay open until it is saved."""
        if self.saving:
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


@dataclass(frozen=True)
class PastDate:
    """A form's question before saving a date that is over: which field, the date as read, and what yes means."""

    field: str
    reading: str
    """The field's live reading: "Thu 12 Mar 2026 10:00 (258 days ago; month/day; in the past)"."""
    yes: str
    """What saving it anyway does: "log it as an interview that already happened"."""


class PastDateDialog(ModalScreen[bool]):
    """One key to save a date in the past: y (or a second ctrl+s) saves, n or Escape goes back to the date.

    A date misread ("3/12" as 12 March), or a year typed wrong, lands in the
    past; scheduling there would be booked without a word and never come up.
    """

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("y,ctrl+s", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "Change the date"),
    ]

    def __init__(self, question: PastDate) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="narrow past-date"):
            yield Static("That date is in the past", id="form-title", markup=False)
            yield Static(self.question.reading, id="past-reading", markup=False)
            yield Static(
                line(("y", "bold"), " or ", ("ctrl+s", "bold"), f": yes, {self.question.yes}\n",
                     ("n", "bold"), " or ", ("esc", "bold"), ": no, change the date"),
                id="past-keys",
            )  # fmt: skip

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


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


R = TypeVar("R")

_NOT_FIELDS = frozenset({"id", "contacts", "interviews", "messages"})
"""What an edit form never changes: the record's identity, and a process's own records (edited one by one)."""


@dataclass(frozen=True)
class Edited(Generic[R]):
    """What an edit form returns: the record as it was, as it is now, and (`changes`) what differs.

    `before` is the record the form was opened on, id included, so the app can
    find it; `after` is the same record with what was typed. An interview edit
    may name new people (`new_contacts`), added to the process as interviewers
    as when logging one.
    """

    before: R
    after: R
    new_contacts: tuple[Contact, ...] = ()

    @property
    def changes(self) -> dict[str, Any]:
        """The fields that were changed, by name, with their new values (empty when nothing was)."""
        before: Any = self.before
        return {
            f.name: getattr(self.after, f.name)
            for f in fields(before)
            if f.name not in _NOT_FIELDS and getattr(before, f.name) != getattr(self.after, f.name)
        }


def typed_moment(moment: Moment) -> str:
    """A stored moment as a date field shows it: "2026-11-16 10:00", or "2026-11-16" without a time."""
    return f"{moment.value:%Y-%m-%d %H:%M}" if moment.timed else moment.day.isoformat()


def _contact_problems(email: str, phone: str | None = None, email_id: str = "email") -> None:
    """Refuse an email or phone number that does not look like one, under its field."""
    problem = email_problem(email)
    if problem:
        raise Invalid(email_id, problem)
    problem = phone_problem(phone or "")
    if problem:
        raise Invalid("phone", problem)


def _place(screen: FormScreen[Any]) -> tuple[str | None, str | None]:
    """The hiring team's country and subdivision as typed, checked and in their canonical codes."""
    country, subdivision = screen.value("country") or None, screen.value("subdivision") or None
    if country:
        try:
            return check_place(country, subdivision)
        except BadInput as exc:
            raise Invalid("subdivision" if "subdivision" in exc.problem else "country", exc.problem) from None
    if subdivision:
        raise Invalid("country", "a subdivision needs a country")
    return None, None


def _names(screen: FormScreen[Any]) -> tuple[str, str]:
    """Company and role, both required."""
    company, role = screen.value("company"), screen.value("role")
    if not company:
        raise Invalid("company", "the company is required")
    if not role:
        raise Invalid("role", "the role is required")
    return company, role


COUNTRY_HINT = "Business days count on this calendar (US, GB, DE, IL...)."


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
            "Hiring team's country", FieldInput(id="country", placeholder="blank: your settings' country"), COUNTRY_HINT
        )
        yield from self.field(
            "Subdivision", FieldInput(id="subdivision", placeholder="e.g. CA, NY, BY, SCT (optional)")
        )
        yield from self.field("Notes", FieldInput(id="notes", placeholder="anything worth remembering"))

    def on_mount(self) -> None:
        self.query_one("#company").focus()

    def collect(self) -> NewProcess:
        company, role = _names(self)
        country, subdivision = _place(self)
        contacts: tuple[Contact, ...] = ()
        if self.value("contact"):
            _contact_problems(self.value("email"))
            contacts = (
                Contact(
                    name=self.value("contact"), role=ContactRole(self.choice("contact-role") or "recruiter"),
                    email=self.value("email") or None,
                    phone=None, direct_ok=self.query_one("#direct-ok", Checkbox).value,
                ),
            )  # fmt: skip
        elif self.value("email"):
            raise Invalid("contact", "give the contact's name for this email")
        return NewProcess(
            Process(
                company=company,
                role=role,
                status=Status.ACTIVE,
                country=country,
                subdivision=subdivision,
                link=self.value("link") or None,
                notes=self.value("notes"),
                contacts=contacts,
            )
        )


class EditProcessForm(_WithWhen, FormScreen[Edited[Process]]):
    """Edit a process's own fields, prefilled: names, status, link, place, notes, deadline, wait until.

    Checked as when adding; a company + role that another process already has
    is refused here when the app passes the others (`taken`), and by the save
    otherwise (the form then stays open with what was typed). Its contacts,
    interviews and messages are edited one by one, from the process view.
    """

    def __init__(
        self, process: Process, today: date, cal: BusinessCalendar | None, taken: Collection[tuple[str, str]] = ()
    ) -> None:
        super().__init__()
        self.process, self.today, self.cal = process, today, cal
        self.taken = frozenset(taken) - {(process.company, process.role)}

    @property
    def heading(self) -> str | Text:
        return line("Edit ", named(self.process, width=NAME_WIDTH))

    def fields(self) -> ComposeResult:
        p = self.process
        yield from self.field("Company", FieldInput(p.company, id="company"))
        yield from self.field("Role", FieldInput(p.role, id="role"))
        statuses = [(s, s) for s in STATUSES] + ([] if p.status in STATUSES else [(p.status, p.status)])
        yield from self.field("Status", Select(statuses, value=p.status, allow_blank=False, id="status"))
        yield from self.field("Link", FieldInput(p.link or "", id="link", placeholder="https://... (optional)"))
        yield from self.field(
            "Hiring team's country",
            FieldInput(p.country or "", id="country", placeholder="blank: your settings' country"),
            COUNTRY_HINT,
        )
        yield from self.field(
            "Subdivision",
            FieldInput(p.subdivision or "", id="subdivision", placeholder="e.g. CA, NY, BY, SCT (optional)"),
        )
        yield Label("Notes", classes="field-label", markup=False)
        yield TextArea(p.notes, id="notes", soft_wrap=True)
        yield Static("", id="notes-note", classes="field-note", markup=False)
        deadline = DayInput(self.today, self.cal, p.deadline.isoformat() if p.deadline else "", id="deadline")
        yield from self.field("Offer deadline (optional)", deadline, deadline.preview())
        wait = DayInput(self.today, self.cal, p.wait_until.isoformat() if p.wait_until else "", id="wait-until")
        yield from self.field("Wait until (optional): no follow-up before it", wait, wait.preview())

    def on_mount(self) -> None:
        self.query_one("#company").focus()

    def collect(self) -> Edited[Process]:
        company, role = _names(self)
        if (company, role) in self.taken:
            raise Invalid("company", "another process has this company and role already")
        country, subdivision = _place(self)
        after = replace(
            self.process,
            company=company,
            role=role,
            status=self.choice("status") or self.process.status,
            link=self.value("link") or None,
            country=country,
            subdivision=subdivision,
            notes=self.query_one("#notes", TextArea).text.strip(),
            deadline=self.read_day("deadline"),
            wait_until=self.read_day("wait-until"),
        )
        return Edited(self.process, after)


class _ContactFields(FormScreen[T]):
    """The contact form's fields and checks, for adding a person or editing one."""

    def __init__(self, process: Process, editing: Contact | None = None) -> None:
        super().__init__()
        self.process, self.editing = process, editing

    def fields(self) -> ComposeResult:
        was = self.editing or Contact(name="", role=ContactRole.RECRUITER)
        yield Static(named(self.process, width=NAME_WIDTH), classes="form-context")
        yield from self.field("Name", FieldInput(was.name, id="name", placeholder="Rita Ray"))
        roles = _options(CONTACT_ROLES, ROLE_LABELS) + ([] if was.role in CONTACT_ROLES else [(was.role, was.role)])
        yield from self.field("Role", Select(roles, value=was.role, allow_blank=False, id="role"))
        yield from self.field(
            "Email", FieldInput(was.email or "", id="email", placeholder="optional: rita@acme.example")
        )
        yield from self.field(
            "Phone", FieldInput(was.phone or "", id="phone", placeholder="optional: +1 (555) 010-7788")
        )
        yield Checkbox("They said direct contact is fine", was.direct_ok, id="direct-ok")

    def on_mount(self) -> None:
        self.query_one("#name").focus()

    def read(self) -> Contact:
        """The person as typed, checked: a name no other contact of the process has, a real-looking email and phone."""
        name = self.value("name")
        if not name:
            raise Invalid("name", "the name is required")
        if any(c.name == name for c in self.process.contacts if c != self.editing):
            raise Invalid("name", f"{name} is already a contact of this process")
        email, phone = self.value("email"), self.value("phone")
        _contact_problems(email, phone)
        contact = Contact(
            name=name, role=ContactRole(self.choice("role") or "other"), email=email or None, phone=phone or None,
            direct_ok=self.query_one("#direct-ok", Checkbox).value,
        )  # fmt: skip
        return replace(contact, id=self.editing.id) if self.editing else contact


class ContactForm(_ContactFields[Contact]):
    """Add a person to the selected process."""

    TITLE = "Add a contact"

    def __init__(self, process: Process) -> None:
        super().__init__(process)

    def collect(self) -> Contact:
        return self.read()


class EditContactForm(_ContactFields[Edited[Contact]]):
    """Edit a person of a process, prefilled; checked as when adding."""

    def __init__(self, process: Process, contact: Contact) -> None:
        super().__init__(process, contact)
        self.contact = contact

    @property
    def heading(self) -> str | Text:
        return line("Edit ", plain(self.contact.name, width=NAME_WIDTH))

    def collect(self) -> Edited[Contact]:
        return Edited(self.contact, self.read())


EXPECT_LABEL = "They said they'd answer by (optional)"


@dataclass(frozen=True)
class NewInterview:
    """What the interview form returns: the interview and the people it adds as contacts."""

    interview: Interview
    new_contacts: tuple[Contact, ...]


class _InterviewFields(_WithWhen, FormScreen[T]):
    """The interview form's fields and checks, for logging or scheduling one or editing one."""

    def __init__(self, process: Process, today: date, cal: BusinessCalendar, editing: Interview | None = None) -> None:
        super().__init__()
        self.process, self.today, self.cal, self.editing = process, today, cal, editing
        self._read_at: Moment | None = None
        """When the interview is, as last read by `read` (for `confirm_first`)."""

    def fields(self) -> ComposeResult:
        was = self.editing
        yield Static(named(self.process, width=NAME_WIDTH), classes="form-context")
        done = {i.kind for i in self.process.interviews}
        kind = (
            was.kind
            if was
            else "recruiter_screen"
            if not done
            else "technical"
            if "technical" not in done
            else "onsite"
        )
        kinds = _options(INTERVIEW_KINDS, KIND_LABELS) + ([] if kind in INTERVIEW_KINDS else [(kind, kind)])
        yield from self.field("Kind", Select(kinds, value=kind, allow_blank=False, id="kind"))
        when = WhenInput(self.today, self.cal, typed_moment(was.at) if was else "today", id="when")
        yield from self.field("When", when, when.preview())
        # A placeholder is shown as plain text; only control characters need to go.
        names = ", ".join(plain(c.name).plain for c in self.process.contacts) or "nobody yet"
        yield from self.field(
            "With (names, comma-separated)",
            FieldInput(", ".join(was.with_) if was else "", id="with", placeholder=f"known: {names}"),
            "New names are added to the process as interviewers.",
        )
        yield from self.field(
            "Notes", FieldInput(was.notes if was else "", id="notes", placeholder="how it went, what to prepare")
        )
        expect = was.expect_by.isoformat() if was and was.expect_by else ""
        answer = DayInput(self.today, self.cal, expect, id="expect-by")
        yield from self.field(EXPECT_LABEL, answer, answer.preview())

    def on_mount(self) -> None:
        self.query_one("#kind").focus()

    def past_question(self, moment: Moment) -> PastDate | None:
        """Ask before an interview dated before today is saved, unless it is one that already happened being edited.

        An interview logged after the fact is allowed (the answer is one key);
        a booked one is not moved into the past, nor a new one put there,
        without the user seeing the date as read. Earlier today is not asked:
        an interview today is either coming up or just held.
        """
        if not is_past(moment, self.today):
            return None
        if self.editing is not None and is_past(self.editing.at, self.today):
            return None  # a held interview corrected: the form means "it happened"
        # As the field reads it (with how: "month/day"), so a misread date shows for what it is.
        reading = self.query_one("#when", WhenInput).preview() if self.is_mounted else ""
        if not reading.startswith("→ "):
            reading = date_preview(typed_moment(moment), self.today, self.cal)
        return PastDate("when", reading.removeprefix("→ "), "log it as an interview that already happened")

    def confirm_first(self, result: T) -> PastDate | None:
        return self.past_question(self._read_at) if self._read_at is not None else None

    def read(self) -> NewInterview:
        """The interview as typed, checked, and the people it names who are not contacts yet."""
        moment = self.read_when("when")
        self._read_at = moment
        names = [n.strip() for n in self.value("with").split(",") if n.strip()]
        unique = list(dict.fromkeys(names))
        new = tuple(Contact(name=n, role=ContactRole.INTERVIEWER) for n in unique if self.process.contact(n) is None)
        kind = InterviewKind(self.choice("kind") or "other")
        others = (i for i in self.process.interviews if i != self.editing)
        if any(i.kind == kind and i.at.iso() == moment.iso() for i in others):
            article = "an" if kind.label[:1] in ("a", "e", "i", "o", "u") else "a"
            raise Invalid("when", f"{article} {kind.label} at this time is already logged")
        expect_by = self.read_day("expect-by")
        interview = Interview(
            kind=kind,
            at=moment,
            with_=tuple(unique),
            notes=self.value("notes"),
            id=self.editing.id if self.editing else 0,
            expect_by=expect_by,
        )
        return NewInterview(interview, new)


class InterviewForm(_InterviewFields[NewInterview]):
    """Log a past interview or schedule one ("onsite booked for Tuesday 14:00")."""

    TITLE = "Log or schedule an interview"

    def __init__(self, process: Process, today: date, cal: BusinessCalendar) -> None:
        super().__init__(process, today, cal)

    def collect(self) -> NewInterview:
        return self.read()


@dataclass(frozen=True)
class InterviewCancelled:
    """The interview did not happen: delete it, or keep it in the timeline with a note (`keep`)."""

    interview: Interview
    keep: bool
    note: str = ""

    @property
    def kept(self) -> Interview:
        """The interview as kept: its notes start with "Cancelled" and the reason given."""
        said = f"Cancelled: {self.note}" if self.note else "Cancelled."
        return replace(self.interview, notes=f"{said} {self.interview.notes}".strip())


InterviewChange = Edited[Interview] | InterviewCancelled
"""What the interview edit form returns: the edit (a reschedule is one), or that it was cancelled."""


class EditInterviewForm(_InterviewFields[InterviewChange]):
    """Edit an interview, prefilled: move it to another day (a reschedule), fix its kind, people or notes.

    "It was cancelled" asks whether to delete it or keep it with a note, and
    returns that (`InterviewCancelled`) instead of an edit.
    """

    def __init__(self, process: Process, interview: Interview, today: date, cal: BusinessCalendar) -> None:
        super().__init__(process, today, cal, interview)
        self.interview = interview

    @property
    def heading(self) -> str | Text:
        when = say_date(self.interview.at.day) + (
            f" {self.interview.at.value:%H:%M}" if self.interview.at.timed else ""
        )
        return Text(f"Edit the {self.interview.label} of {when}")

    def more_buttons(self) -> ComposeResult:
        yield Button("It was cancelled…", variant="warning", id="cancelled")

    def collect(self) -> InterviewChange:
        new = self.read()
        return Edited(self.interview, new.interview, new.new_contacts)

    @on(Button.Pressed, "#cancelled")
    def _cancelled_pressed(self) -> None:
        from app.tui.dialogs import CancelledDialog

        def chosen(answer: InterviewCancelled | None) -> None:
            if answer is not None:
                self.finish(answer)

        self.app.push_screen(CancelledDialog(self.interview), chosen)


@dataclass(frozen=True)
class MessageDraft:
    """Prefilled values for the message form (from a Today item's `d`)."""

    direction: str = "out"
    purpose: str = "follow_up"
    contact: str | None = None
    text: str = ""


OUTBOUND_PURPOSES: Final = frozenset({"follow_up", "check_in", "thank_you", "application"})
"""Purposes only the seeker's own messages have: a message from them with one of these is a reply."""
PURPOSE_LABELS: Final = {"follow_up": "follow-up", "check_in": "check-in", "thank_you": "thank-you"}


class _MessageFields(_WithWhen, FormScreen[T]):
    """The message form's fields and checks, for logging a message or editing one."""

    BINDINGS = [Binding("ctrl+g", "use_suggestion", "Use the suggested signal and date")]

    def __init__(
        self,
        process: Process,
        today: date,
        cal: BusinessCalendar,
        draft: MessageDraft | None = None,
        now: datetime | None = None,
        routed: Contact | None = None,
        editing: Message | None = None,
    ) -> None:
        super().__init__()
        self.process, self.today, self.cal, self.now, self.editing = process, today, cal, now, editing
        if editing is not None:
            draft = MessageDraft(editing.direction, editing.purpose, editing.contact, editing.text)
        self.draft = draft or MessageDraft()
        self.routed = routed
        self._direction = self.draft.direction
        """The direction last seen, so only a change of it moves the purpose (not the form opening)."""

    def fields(self) -> ComposeResult:
        draft, was = self.draft, self.editing
        yield Static(named(self.process, width=NAME_WIDTH), classes="form-context")
        yield from self.field(
            "Direction",
            Select([("out: I wrote", "out"), ("in: they wrote", "in")], value=draft.direction, allow_blank=False,
                   id="direction"),
        )  # fmt: skip
        purposes = _options(PURPOSES, PURPOSE_LABELS) + ([] if draft.purpose in PURPOSES else [(draft.purpose,) * 2])
        yield from self.field("Purpose", Select(purposes, value=draft.purpose, allow_blank=False, id="purpose"))
        people: list[tuple[Text, str]] = [
            (line(plain(c.name), f" ({ROLE_LABELS.get(c.role, c.role)})"), c.name) for c in self.process.contacts
        ]
        known = {c.name for c in self.process.contacts}
        if draft.contact and draft.contact not in known and was is not None:
            # An edited message keeps its person even when they are no longer a contact.
            people.append((line(plain(draft.contact), " (not a contact now)"), draft.contact))
            known.add(draft.contact)
        routed = self.routed.name if self.routed is not None and was is None else None
        contact = draft.contact if draft.contact in known else routed if routed in known else None
        yield from self.field(
            "Contact", Select(people, value=contact if contact else Select.NULL, prompt="(nobody in particular)",
                              id="contact"),
        )  # fmt: skip
        when = WhenInput(self.today, self.cal, typed_moment(was.at) if was else "today", id="when")
        yield from self.field("When", when, when.preview())
        channel = FieldInput(was.channel if was else "email", id="channel", placeholder="email, phone, linkedin...")
        yield from self.field("Channel", channel)
        yield Label("Text (paste their reply to get a suggested signal)", classes="field-label", markup=False)
        yield TextArea(draft.text, id="text", soft_wrap=True)
        yield Static("", id="text-note", classes="field-note", markup=False)
        signal = was.signal if was and was.signal in SIGNALS else Select.NULL
        yield from self.field(
            "Signal (their messages only)",
            Select(_options(SIGNALS), value=signal, prompt="(none)", id="signal"),
        )
        with Vertical(id="expect-box"):
            expect = was.expect_by.isoformat() if was and was.expect_by else ""
            answer = DayInput(self.today, self.cal, expect, id="expect-by")
            yield from self.field(EXPECT_LABEL, answer, answer.preview())

    def on_mount(self) -> None:
        self.query_one("#direction").focus()
        self._update_suggestion()

    @on(Select.Changed, "#direction")
    def _direction_changed(self, event: Select.Changed) -> None:
        """Their message is a reply, not a follow-up: switching to "in" switches the purpose too (and back)."""
        if event.value == self._direction or event.value is Select.NULL:
            return
        self._direction = str(event.value)
        purpose = self.query_one("#purpose", Select)
        if event.value == "in" and purpose.value in OUTBOUND_PURPOSES:
            purpose.value = "reply"
        elif event.value == "out" and purpose.value == "reply":
            purpose.value = self.draft.purpose if self.draft.purpose in OUTBOUND_PURPOSES else "follow_up"

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

    def read(self) -> Message:
        """The message as typed, checked: not in the future, a signal only on theirs, not logged twice."""
        moment = self.read_when("when")
        if moment.day > self.today:
            raise Invalid("when", "a message cannot be logged in the future")
        direction = Direction(self.choice("direction") or "out")
        signal = Signal(self.choice("signal")) if self.choice("signal") else None
        if signal and direction != "in":
            raise Invalid("signal", "only their messages carry a signal; set it back to (none)")
        # "today" gets the time of logging, so the timeline keeps the day's order (an edit keeps what it says).
        if self.editing is None and not moment.timed and self.now is not None and self.now.date() == moment.day:
            moment = Moment(self.now.replace(second=0, microsecond=0))
        # Hidden for their own messages: what was typed there before switching to "out" is not kept.
        expect_by = self.read_day("expect-by") if direction == "in" else None
        message = Message(
            at=moment, direction=direction, contact=self.choice("contact"),
            purpose=Purpose(self.choice("purpose") or "other"),
            channel=self.value("channel") or "email", signal=signal,
            text=self.query_one("#text", TextArea).text.strip(),
            id=self.editing.id if self.editing else 0, expect_by=expect_by,
        )  # fmt: skip
        key = (message.at.iso(), message.direction, message.contact, message.purpose)
        others = (m for m in self.process.messages if m != self.editing)
        if any((m.at.iso(), m.direction, m.contact, m.purpose) == key for m in others):
            raise Invalid("when", "the same message is already logged at this time")
        return message


class MessageForm(_MessageFields[Message]):
    """Log a message in or out: purpose, contact, date, text, and for replies the signal.

    The contact starts as the draft's, else `routed` (the person the rules
    would write to), else nobody.
    """

    TITLE = "Log a message"

    def __init__(
        self,
        process: Process,
        today: date,
        cal: BusinessCalendar,
        draft: MessageDraft | None = None,
        now: datetime | None = None,
        routed: Contact | None = None,
    ) -> None:
        super().__init__(process, today, cal, draft, now, routed)

    def collect(self) -> Message:
        return self.read()


class EditMessageForm(_MessageFields[Edited[Message]]):
    """Edit a logged message, prefilled; checked as when logging it."""

    def __init__(self, process: Process, message: Message, today: date, cal: BusinessCalendar) -> None:
        super().__init__(process, today, cal, editing=message)
        self.message = message

    @property
    def heading(self) -> str | Text:
        arrow = "your" if self.message.direction == "out" else "their"
        purpose = PURPOSE_LABELS.get(self.message.purpose, self.message.purpose.replace("_", " "))
        return Text(f"Edit {arrow} {purpose} of {say_date(self.message.at.day)}")

    def collect(self) -> Edited[Message]:
        return Edited(self.message, self.read())


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
