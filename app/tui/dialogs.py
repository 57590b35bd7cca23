"""Small dialogs: change a status, let a process go, delete a record, a cancelled interview, export, help."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Markdown, OptionList, Select, Static
from textual.widgets.option_list import Option

from app.domain import Status
from app.exports import EXTENSIONS, FORMATS
from app.plural import plural
from app.rules.ladder import say_date
from app.rules.values import ROLE_LABELS, STATUSES, Contact, Interview, Message, Process
from app.tui.forms import NAME_WIDTH, PURPOSE_LABELS, FieldInput, FormScreen, InterviewCancelled, Invalid
from app.tui.keys import DEFAULT_KEYS, REGISTRY, KeyMap, help_table
from app.tui.plain import line, named, plain

STATUS_HELP = {status.value: status.help for status in Status}


class ProcessDialog(ModalScreen[str]):
    """A small choice about one process; Escape closes it with no answer."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, process: Process) -> None:
        super().__init__()
        self.process = process

    def named(self, before: str, after: str = "") -> Text:
        """A title naming the process, its company and role shown as typed."""
        return line(before, named(self.process, width=NAME_WIDTH), after)

    def action_dismiss_none(self) -> None:
        """Close without a change."""
        self.dismiss(None)


class StatusDialog(ProcessDialog):
    """Pick a new status for a process."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="narrow"):
            yield Static(self.named("Status of "), id="form-title")
            yield OptionList(
                *(
                    Option(Text(f"{'●' if s == self.process.status else ' '} {s:<10} {STATUS_HELP[s]}"), id=s)
                    for s in STATUSES
                ),
                id="statuses",
            )
            yield Static("Enter picks · Esc cancels", classes="field-note", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = STATUSES.index(self.process.status) if self.process.status in STATUSES else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class MoveOnDialog(ProcessDialog):
    """For a move-on item: send the note and close, close, or keep waiting.

    After silence the process closes as ghosted; after their "no" as rejected,
    and the note is the gracious reply (thanks, keep me in mind).
    """

    def __init__(self, process: Process, close_as: str = "ghosted") -> None:
        super().__init__(process)
        self.close_as = close_as

    def compose(self) -> ComposeResult:
        rejected = self.close_as == "rejected"
        with Vertical(id="form", classes="move-on"):  # wide enough for its three buttons on one line
            yield Static(self.named("Let ", " go?"), id="form-title")
            yield Static(
                "They said no. A short, gracious reply keeps the door open for the next role; "
                "closing it as rejected keeps your list honest."
                if rejected
                else "No answer after your nudges. Closing it as ghosted keeps your list honest; "
                "you can make it active again with s if they write back.",
                classes="field-note",
                markup=False,
            )
            with Horizontal(id="form-buttons"):
                yield Button(
                    "Send the note and close as rejected" if rejected else "Log the note, then close as ghosted",
                    variant="primary",
                    id="note",
                )
                yield Button(f"Close as {self.close_as}", variant="warning", id="close")
                yield Button("Keep waiting", id="keep")

    def on_mount(self) -> None:
        self.query_one("#note").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "keep" else event.button.id)


Deletable = Process | Contact | Interview | Message
"""What the delete dialog can be asked about: a process, or one of its records."""


def _when(interview_or_message: Interview | Message) -> str:
    at = interview_or_message.at
    return say_date(at.day) + (f" {at.value:%H:%M}" if at.timed else "")


def _listed(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def delete_question(process: Process, record: Deletable) -> tuple[Text, str]:
    """What deleting `record` (of `process`) asks, and what goes with it, in plain words.

    ("Delete Acme · Data Engineer?", "Its 2 contacts, 3 interviews and 5 messages go with it.")
    """
    where = named(process, width=NAME_WIDTH)
    if isinstance(record, Process):
        counts = [
            plural(len(items), word)
            for items, word in (
                (record.contacts, "contact"),
                (record.interviews, "interview"),
                (record.messages, "message"),
            )
            if items
        ]
        verb = "goes" if counts and len(counts) == 1 and counts[0].startswith("1 ") else "go"
        goes = f"Its {_listed(counts)} {verb} with it." if counts else "Nothing else is logged for it."
        return line("Delete ", named(record, width=NAME_WIDTH), "?"), goes
    if isinstance(record, Contact):
        role = ROLE_LABELS.get(record.role, record.role)
        sent = sum(m.contact == record.name for m in process.messages)
        met = sum(record.name in i.with_ for i in process.interviews)
        kept = []
        if sent:
            kept.append(f"{plural(sent, 'message')} with them {'stays' if sent == 1 else 'stay'}, without a person")
        if met:
            kept.append(f"{plural(met, 'interview')} no longer {'lists' if met == 1 else 'list'} them")
        after = " ".join(f"{part[0].upper()}{part[1:]}." for part in kept) or "Nothing else goes with them."
        return line("Delete ", plain(record.name, width=NAME_WIDTH), f" ({role}) from ", where, "?"), after
    if isinstance(record, Interview):
        return line(f"Delete the {record.label} of {_when(record)} at ", where, "?"), "Only this interview goes."
    whose = "your" if record.direction == "out" else "their"
    purpose = PURPOSE_LABELS.get(record.purpose, record.purpose.replace("_", " "))
    person = [" to " if record.direction == "out" else " from ", plain(record.contact, width=NAME_WIDTH)]
    return (
        line(f"Delete {whose} {purpose}", *(person if record.contact else []), f" of {_when(record)} at ", where, "?"),
        "Only this message goes.",
    )


class DeleteDialog(ModalScreen[bool]):
    """One key to confirm a delete, saying first what goes with the record: y deletes, n or Escape keeps.

    Dismissed with True to delete, False to keep; the app deletes (and can undo it).
    """

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Delete"),
        Binding("n", "answer(False)", "Keep"),
        Binding("escape", "answer(False)", "Keep"),
    ]

    def __init__(self, process: Process, record: Deletable | None = None) -> None:
        super().__init__()
        self.process = process
        self.record: Deletable = record if record is not None else process
        self.question, self.goes = delete_question(process, self.record)

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="narrow delete"):
            yield Static(self.question, id="form-title", markup=False)
            yield Static(self.goes, id="delete-goes", classes="form-context", markup=False)
            yield Static(line(("y", "bold"), " delete / ", ("n", "bold"), " keep"), id="delete-keys")

    def action_answer(self, delete: bool) -> None:
        """Close with the answer."""
        self.dismiss(delete)


class CancelledDialog(ModalScreen[InterviewCancelled]):
    """An interview was cancelled: delete it, or keep it in the timeline with a note. Escape goes back."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self.interview = interview

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="move-on"):
            yield Static(f"The {self.interview.label} of {_when(self.interview)} was cancelled?", id="form-title")
            yield Static(
                "Delete it, or keep it in the timeline with a note (the note starts its notes).",
                classes="field-note",
                markup=False,
            )
            yield Input(placeholder="note: why, and whether it will be moved (optional)", id="cancel-note")
            with Horizontal(id="form-buttons"):
                yield Button("Delete it", variant="warning", id="delete")
                yield Button("Keep it with the note", variant="primary", id="keep")
                yield Button("Back (esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#cancel-note").focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._answer(keep=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.action_back()
        else:
            self._answer(keep=event.button.id == "keep")

    def _answer(self, *, keep: bool) -> None:
        note = self.query_one("#cancel-note", Input).value.strip() if keep else ""
        self.dismiss(InterviewCancelled(self.interview, keep, note))

    def action_back(self) -> None:
        """Back to the interview form, nothing decided."""
        self.dismiss(None)


@dataclass(frozen=True)
class ExportChoice:
    """Where and how to write the agenda."""

    fmt: str
    path: Path


class ExportDialog(FormScreen[ExportChoice]):
    """Export the agenda: pick a format and a file (default: a dated file in the configured folder, Documents)."""

    TITLE = "Export the agenda"

    def __init__(self, today: date, folder: Path, fmt: str = "md") -> None:
        super().__init__()
        self.today, self.folder, self.fmt = today, folder, fmt

    def _default(self, fmt: str) -> str:
        return str(self.folder / f"nudge-agenda-{self.today.isoformat()}.{EXTENSIONS[fmt]}")

    def fields(self) -> ComposeResult:
        yield from self.field(
            "Format",
            Select([(f, f) for f in FORMATS], value=self.fmt, allow_blank=False, id="format"),
            "md for notes, ics for your calendar, csv for a spreadsheet, json for scripts",
        )
        yield from self.field("File", FieldInput(self._default(self.fmt), id="path"))

    def on_mount(self) -> None:
        self.query_one("#format").focus()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", FieldInput)
        current = Path(path.value)
        if current.stem.startswith("nudge-agenda-") and isinstance(event.value, str):
            path.value = str(current.with_suffix(f".{EXTENSIONS[event.value]}"))

    def collect(self) -> ExportChoice:
        raw = self.value("path")
        if not raw:
            raise Invalid("path", "give a file name")
        path = Path(raw).expanduser()
        if path.is_dir():
            raise Invalid("path", "that is a folder; add a file name")
        if not path.parent.exists():
            raise Invalid("path", f"the folder {path.parent} does not exist")
        return ExportChoice(self.choice("format") or "md", path)


HELP_TEXT = """\
# Nudge: how it works

**Each morning** the *Today* pane lists what to do, most urgent first, with the person
to write to, why it is due, and a message you can copy ({copy}) and adapt. When you have
done it, press {done}: Nudge logs it and plans the next step.

## Keys

{keys}

Dates can be typed as you say them: `today`, `tomorrow 9:30`, `tue 14:00`,
`next fri`, `in 3 days`, `+2bd` (business days), or `2026-12-01 14:00`.

## When Nudge suggests a nudge

Everything counts **business days on the hiring team's calendar** (their weekend,
their public holidays, plus your days off).

- **Thank-you**: the business day after an interview, while it is still timely
  (up to 3 business days) and if you have not written yet.
- **First follow-up**: 5 business days after the interview, or after their
  latest reply (a reply restarts the wait). Recruiters need that time to write
  up notes and hear back from the hiring manager.
- **After a screen**, still no news: one more follow-up 3 business days later,
  then a **candid check-in** 5 business days after that: has a decision been
  made, is there feedback, should you keep looking?
- **After a later interview** (hiring manager, technical, onsite, final): a
  follow-up after a week, a candid check-in after two weeks.
- When even the candid question goes unanswered, Nudge suggests **letting go**
  (closing as ghosted). It never closes anything by itself.
- **After an application** with no interview yet: one follow-up 7 business days
  later, then a move-on 10 business days after it.
- **A "no"** ends the chase: the next business day Nudge suggests a gracious
  reply and closing as rejected ({done} offers both), never another nudge.
- **They said when they would answer** ("they said they'd answer by" on an
  interview or their message): nothing is due before the business day after.
- **You chose to wait** ({wait}): nothing is due before that day.
- **An offer** stays listed; with a deadline, Today says **decide** on that day.
- **Never pester**: no nudge sooner than 3 business days after anything you sent.
- While the next interview is booked, there is nothing to chase: **prepare** instead.

## Whom to write to

An agency's **headhunter** owns the process when there is one. Otherwise the
**recruiter** you have exchanged the most messages with. A hiring manager only
if they said direct contact is fine: going around the recruiter rarely helps,
and Nudge says so when you log such a message.

*Esc or ? closes this help.*
"""


class HelpScreen(ModalScreen[None]):
    """The keys and the rules in plain words."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "close", "Close"), Binding("question_mark", "close", "Close"), Binding("q", "close")]

    def __init__(self, keys: KeyMap = DEFAULT_KEYS) -> None:
        super().__init__()
        self.keys = keys
        """The keys in force: the help names them as remapped, its table comes from the key registry."""

    def compose(self) -> ComposeResult:
        shown = {k.action: f"`{self.keys.shown(k.action)}`" for k in REGISTRY}
        with VerticalScroll(id="help"):
            yield Markdown(HELP_TEXT.format(keys=help_table(self.keys), **shown))

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss(None)
