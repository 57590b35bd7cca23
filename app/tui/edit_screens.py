"""The screens the dashboard's corrections open: the process view wired to the main screen, the offer to copy
a link that could not be opened, and a text box for notes when no editor is set.

Imported on first use (`app.tui.edit_actions`), like the forms they build on:
the first frame needs none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static, TextArea

from app.rules.agenda import Action
from app.rules.values import Interview, Message, Process
from app.tui.forms import FormScreen
from app.tui.keys import BY_ACTION
from app.tui.plain import line, named
from app.tui.process_view import ProcessView

if TYPE_CHECKING:
    from app.tui.edit_actions import EditActions


class EditingView(ProcessView):
    """The process view as the dashboard opens it: what it asks for goes straight to the main screen.

    `u` and `ctrl+y` work here as on the main screen (same binding ids, so a remap moves them too).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(BY_ACTION["undo"].key, "undo", BY_ACTION["undo"].label, id="undo"),
        Binding(BY_ACTION["redo"].key, "redo", BY_ACTION["redo"].label, id="redo"),
    ]

    def __init__(self, owner: EditActions, process: Process, actions: Sequence[Action], today: date) -> None:
        super().__init__(process, actions, today)
        self.owner = owner

    @on(ProcessView.Edit)
    def _edit(self, event: ProcessView.Edit) -> None:
        event.stop()
        self.owner.edit_part(event.process, event.record)

    @on(ProcessView.Delete)
    def _delete(self, event: ProcessView.Delete) -> None:
        event.stop()
        self.owner.delete_part(event.process, event.record)

    @on(ProcessView.Add)
    def _add(self, event: ProcessView.Add) -> None:
        event.stop()
        self.owner.add_part(event.process, event.kind)

    @on(ProcessView.OpenLink)
    def _open_link(self, event: ProcessView.OpenLink) -> None:
        event.stop()
        self.owner.open_link(event.process)

    @on(ProcessView.EditNotes)
    def _edit_notes(self, event: ProcessView.EditNotes) -> None:
        event.stop()
        self.owner.edit_notes(event.process)

    def action_undo(self) -> None:
        """Take back the last change, from here."""
        self.owner.action_undo()

    def action_redo(self) -> None:
        """Make the last undone change again, from here."""
        self.owner.action_redo()

    def point_at(self, entry: str | None) -> None:
        """Put the timeline's cursor on `entry` ("message:12") when it is shown; leave it otherwise."""
        if entry is None:
            return
        kind, _, number = entry.partition(":")
        wanted = Interview if kind == "interview" else Message
        options = self.query_one("#view-timeline", OptionList)
        for option_id, part in self._parts.items():
            record = part.record
            if isinstance(record, wanted) and str(record.id) == number:
                options.highlighted = options.get_option_index(option_id)
                return


class CopyOffer(ModalScreen[bool]):
    """Something could not be opened: say why, and offer to copy it instead (y copies, n or Escape does not)."""

    CSS_PATH = "forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Copy"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No"),
    ]

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="narrow delete"):
            yield Static(self.why, id="form-title", markup=False)
            yield Static(line(("y", "bold"), " copy the link / ", ("n", "bold"), " no"), id="copy-keys")

    def action_answer(self, copy: bool) -> None:
        """Close with the answer."""
        self.dismiss(copy)


class NotesForm(FormScreen[str]):
    """The process's notes in a text area: for when no editor is set (or none can be handed the terminal)."""

    def __init__(self, process: Process) -> None:
        super().__init__()
        self.process = process

    @property
    def heading(self) -> str | Text:
        return line("Notes on ", named(self.process, width=40))

    def fields(self) -> ComposeResult:
        yield Label("Notes", classes="field-label", markup=False)
        yield TextArea(self.process.notes, id="notes", soft_wrap=True)
        yield Static("Set $VISUAL or $EDITOR to write them in your own editor.", id="notes-note",
                     classes="field-note", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#notes", TextArea).focus()

    def collect(self) -> str:
        return self.query_one("#notes", TextArea).text.strip()
