"""The review screen for the inbox: what each mail would change, accepted, edited or skipped one key at a time.

The mail is read in a worker, in the steps of `app.mail.running`: the
database's lock is taken to look up how far the account was read, released
while the server (or the file) is read and parsed, and taken again to match
the mails against the processes and the decisions as they are by then. So a
slow server never holds up a save, and a mail accepted elsewhere meanwhile is
not proposed. The screen says how many mails were read so far; a failure (no
such folder, the server unreachable) is one line and a notification.

Nothing is stored until the seeker says so. `a` accepts, `e` opens the
message or interview form prefilled with the proposed entry and accepts what
is saved there, `s` skips (the mail is never proposed again), `enter` on an
ambiguous mail picks its process. Each of these goes through the main
screen's one save path, so it lands in the undo history like any change and
the rules re-judge the process at once; `u` and `ctrl+y` work here too, and
an undone acceptance is a proposal again. Every text that came from a mail
is shown through `app.tui.plain`, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message as Notice
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from app.errors import BadInput, NudgeError
from app.mail.account import MailSettings
from app.mail.proposals import (
    Ambiguous,
    CancelInterview,
    Entry,
    LogMessage,
    MoveInterview,
    Origin,
    Proposal,
    ScheduleInterview,
    Skipped,
)
from app.rules.values import Interview, Message, Process
from app.storage.failures import is_storage_failure, reason
from app.storage.repository import Repository
from app.tui.forms import Edited, EditInterviewForm, EditMessageForm, InterviewChange
from app.tui.keys import BY_ACTION
from app.tui.plain import line, named, plain
from app.tui.undo import Done, Saves

if TYPE_CHECKING:
    from app.mail.running import Run
    from app.tui.database import Database
    from app.tui.model import DashboardModel

T = TypeVar("T")

NOT_SET_UP = (
    "No mail to read: add a [mail] section to the config file (see `nudge config`), with source = a Maildir "
    "folder or an mbox file, or host, user and password_command for an IMAP account."
)
ALREADY_DECIDED = "this mail was already accepted or skipped"


class Owner(Saves, Protocol):
    """What the review screen uses of the main screen: its database, model, save path and undo."""

    db: Database
    model: DashboardModel
    today: date

    def ask(self, screen: ModalScreen[T], then: Callable[[T], None]) -> None: ...
    def action_undo(self) -> None: ...
    def action_redo(self) -> None: ...


State = Literal["open", "saving", "accepted", "skipped"]


@dataclass
class Item:
    """One mail on the screen: its proposal (or the ambiguous match until a process is chosen) and its fate."""

    proposal: Proposal | None
    ambiguous: Ambiguous | None = None
    state: State = "open"
    done: Done | None = None
    """The history entry of its acceptance or skip, to know it when `u` or `ctrl+y` replays it."""
    outcome: State = "open"
    """What `done` did (accepted or skipped), for a redo."""
    edited: bool = False

    @property
    def origin(self) -> Origin:
        """The mail it comes from."""
        if self.proposal is not None:
            return self.proposal.origin
        assert self.ambiguous is not None
        return self.ambiguous.origin


@dataclass
class MailRead(Notice):
    """The worker read the source."""

    run: Run


@dataclass
class MailProgress(Notice):
    """The worker has read `count` messages so far (the matching comes after)."""

    count: int


@dataclass
class MailUnreadable(Notice):
    """The source could not be read: one line, no mail text in it."""

    why: str


@dataclass
class NotAccepted(Notice):
    """An acceptance or skip was refused (the main screen says why): the mail is open again."""

    item: Item


@dataclass
class Source:
    """Where the review reads from: a Maildir or mbox path, or the IMAP account (path None)."""

    path: Path | None
    settings: MailSettings

    @property
    def shown(self) -> str:
        """How the screen names it."""
        return str(self.path) if self.path is not None else self.settings.account


def source_of(settings: MailSettings | None) -> Source | None:
    """The configured source: `[mail] source`, else the IMAP account; None when `[mail]` names neither."""
    if settings is None:
        return None
    if settings.source is not None:
        return Source(settings.source, settings)
    if settings.host and settings.user:
        return Source(None, settings)
    return None


def _about(origin: Origin) -> Text:
    subject = plain(origin.subject, width=70) if origin.subject else Text("(no subject)")
    return line(("mail: ", "dim"), plain(origin.where, width=50), ", ", subject, style="dim")


def _prompt(item: Item) -> Text:
    """The option for one mail: the process, what it would change, why, and the mail itself."""
    marks = {"open": ("•", ""), "saving": ("…", "dim"), "accepted": ("✓", "green"), "skipped": ("–", "dim")}
    mark, style = marks[item.state]
    p = item.proposal
    if p is None:
        assert item.ambiguous is not None
        a = item.ambiguous
        names = [named(c, width=30) for c in a.candidates]
        which = Text("; ").join(names)
        head = line((f"{mark} ", style), ("Which process? ", "bold"), f"fits {len(a.candidates)}: ", which)
        return Text("\n").join(
            [head, line("  ", plain(a.reason), " · enter chooses, s skips"), line("  ", _about(a.origin))]
        )
    state = {"saving": " (saving…)", "accepted": " (accepted)", "skipped": " (skipped)"}.get(item.state, "")
    certain = "" if p.exact else " (check: not matched by a contact's address)"
    head = line((f"{mark} ", style), (p.process.company, "bold"), " · ", plain(p.process.role), (state, style))
    verb = {"accepted": "  accepted: ", "skipped": "  skipped: "}.get(item.state, "  would ")
    would = line(verb, plain(p.entry.says()), (" (edited)" if item.edited else "", "italic"))
    why = line(("  why: ", "dim"), plain(p.reason), (certain, "yellow"))
    return Text("\n").join([head, would, why, line("  ", _about(p.origin))])


def _skip_prompt(skipped: Skipped) -> Text:
    subject = plain(skipped.subject, width=60) if skipped.subject else Text("(no subject)")
    return line("  ", plain(skipped.where, width=50), ", ", subject, ": ", plain(skipped.reason), style="dim")


class ChooseProcess(ModalScreen[int]):
    """Which process an ambiguous mail is about: one of its candidates (enter), or none (escape)."""

    CSS_PATH = "forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Cancel")]
    DEFAULT_CSS = "ChooseProcess { align: center middle; background: $background 60%; }"

    def __init__(self, ambiguous: Ambiguous) -> None:
        super().__init__()
        self.ambiguous = ambiguous

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="narrow"):
            yield Static(line("Which process is this mail about? ", _about(self.ambiguous.origin)), id="form-title")
            yield OptionList(
                *(Option(named(c, width=40), id=str(c.id)) for c in self.ambiguous.candidates), id="candidates"
            )
            yield Static(line(plain(self.ambiguous.reason), " · enter chooses, esc cancels"), classes="field-note")

    def on_mount(self) -> None:
        self.query_one("#candidates", OptionList).focus()

    @on(OptionList.OptionSelected, "#candidates")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_dismiss_none(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


class ProposedMessageForm(EditMessageForm):
    """The message a mail proposes, in the message form: what is saved here is what gets logged."""

    @property
    def heading(self) -> str | Text:
        whose = "Your" if self.message.direction == "out" else "Their"
        return Text(f"{whose} {self.message.purpose.replace('_', ' ')} from mail, as it will be logged")


class ProposedInterviewForm(EditInterviewForm):
    """The interview a mail proposes (new, or moved), in the interview form, without "It was cancelled"."""

    @property
    def heading(self) -> str | Text:
        return Text(f"The {self.interview.label} from mail, as it will be saved")

    def more_buttons(self) -> ComposeResult:
        yield from ()


class MailReview(Screen[None]):
    """The proposals from the configured mail, one key each: accept, edit, skip, choose the process."""

    CSS_PATH = "forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept"),
        Binding("e", "edit", "Edit"),
        Binding("s", "skip", "Skip"),
        Binding("r", "read", "Read again"),
        *(Binding(BY_ACTION[a].key, a, BY_ACTION[a].label, id=a) for a in ("undo", "redo") if a in BY_ACTION),
        Binding("escape,q", "close", "Back"),
    ]
    DEFAULT_CSS = """
    MailReview #mail-summary { padding: 0 1; height: auto; }
    MailReview #mail-list { height: 1fr; }
    """

    def __init__(self, owner: Owner, settings: MailSettings | None) -> None:
        super().__init__()
        self.owner = owner
        self.source = source_of(settings)
        self.items: list[Item] = []
        self.skipped: list[Skipped] = []
        self.show_skipped = False
        self.run: Run | None = None
        self.reading = False

    def compose(self) -> ComposeResult:
        yield Static("", id="mail-summary")
        yield OptionList(id="mail-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mail-list", OptionList).focus()
        self.action_read()

    # Reading ----------------------------------------------------------------------------------

    def action_read(self) -> None:
        """Read the source (again): what was decided meanwhile is no longer proposed."""
        if self.source is None:
            self._say(NOT_SET_UP)
            return
        if self.reading:
            return
        self.reading = True
        self._say(line("Reading mail from ", plain(self.source.shown), "…"))
        self._read(self.source)

    @work(thread=True, exclusive=True, group="mail-read")
    def _read(self, source: Source) -> None:
        """Read in three steps (`app.mail.running`): the lock is held for the database, never for the mail.

        The server (or the file) may take long to answer; meanwhile saves, undo
        and the dashboard's reloads go on. The mails are matched afterwards,
        under the lock, against the processes and decisions as they are then.
        """
        from app.mail.running import fetch, known_folders, match, save_progress

        db = self.owner.db
        worker = get_current_worker()
        try:
            with db.lock:
                known = known_folders(db.repo, source.path, source.settings)
            fetched = fetch(source.path, source.settings, known, progress=self._tell_progress)
            if worker.is_cancelled:
                return  # the screen was closed: nothing matched, nothing remembered
            with db.lock:
                run = match(db.repo, fetched, source.settings)
                save_progress(db.repo, run)  # only up to the first mail still waiting for a decision
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            why = str(exc) if isinstance(exc, NudgeError) else reason(exc)
            self.post_message(MailUnreadable(why))
            return
        if not worker.is_cancelled:
            self.post_message(MailRead(run))

    def _tell_progress(self, count: int) -> None:
        """From the worker: how many mails were read so far."""
        self.post_message(MailProgress(count))

    @on(MailProgress)
    def _progress(self, message: MailProgress) -> None:
        if self.reading and self.source is not None:
            self._say(line("Reading mail from ", plain(self.source.shown), f"… {message.count} read so far"))

    @on(MailRead)
    def _read_done(self, message: MailRead) -> None:
        self.reading = False
        self.run = message.run
        scan = message.run.scan
        self.items = [Item(p) for p in scan.proposals] + [Item(None, a) for a in scan.ambiguous]
        self.skipped = list(scan.skipped)
        self._redraw(0)

    @on(MailUnreadable)
    def _unreadable(self, message: MailUnreadable) -> None:
        self.reading = False
        self._say(line(("Could not read the mail: ", "bold red"), plain(message.why)))
        self.notify(message.why, title="Mail not read", severity="error", timeout=10)

    # Showing ----------------------------------------------------------------------------------

    def _say(self, text: str | Text) -> None:
        self.query_one("#mail-summary", Static).update(plain(text) if isinstance(text, str) else text)

    def _summary(self) -> Text:
        if self.run is None or self.source is None:
            return Text("")
        scan = self.run.scan
        left = sum(i.state in ("open", "saving") for i in self.items)
        counts = (
            f"{scan.read} mails read from ",
            plain(self.source.shown, width=60),
            f": {left} of {len(self.items)} left to review, {len(self.skipped)} skipped, {scan.already} decided before",
        )
        keys = "a accepts · e edits · s skips · enter picks the process of an ambiguous one · u undoes · esc back"
        return Text("\n").join([line(*counts), Text(keys, style="dim")])

    def _redraw(self, keep: int | None = None) -> None:
        options = self.query_one("#mail-list", OptionList)
        at = options.highlighted if keep is None else keep
        prompts: list[Option] = [Option(_prompt(item), id=f"item:{n}") for n, item in enumerate(self.items)]
        if not self.items:
            prompts.append(Option(Text("Nothing new to review in this mail."), id="none", disabled=True))
        if self.skipped:
            toggle = "hides them" if self.show_skipped else "shows why"
            prompts.append(Option(Text(f"{len(self.skipped)} mails skipped (enter {toggle})"), id="skipped"))
            if self.show_skipped:
                prompts += [Option(_skip_prompt(s), id=f"skip:{n}") for n, s in enumerate(self.skipped)]
        options.clear_options()
        options.add_options(prompts)
        if prompts and at is not None:
            options.highlighted = min(at, len(prompts) - 1)
        self._say(self._summary())

    def _current(self) -> Item | None:
        """The mail highlighted, or None (with a hint) on the skipped rows."""
        options = self.query_one("#mail-list", OptionList)
        option = options.highlighted_option
        if option is None or not (option.id or "").startswith("item:"):
            self.notify("Highlight a mail first (the skipped ones were left alone by the reader).")
            return None
        return self.items[int((option.id or "")[5:])]

    def _open(self) -> Item | None:
        """The highlighted mail when it still waits for a decision."""
        item = self._current()
        if item is None:
            return None
        if item.state != "open":
            said = {"saving": "is being saved", "accepted": "was accepted", "skipped": "was skipped"}[item.state]
            self.notify(f"This mail {said}; u undoes the last change.", timeout=4)
            return None
        return item

    # Deciding ---------------------------------------------------------------------------------

    def action_accept(self) -> None:
        """Store what the highlighted mail proposes."""
        item = self._open()
        if item is None:
            return
        if item.proposal is None:
            self.notify("Choose its process first: enter.", severity="warning")
            return
        self.accept(item, item.proposal)

    def accept(self, item: Item, proposal: Proposal) -> None:
        """Accept `proposal` for `item` through the main screen's save (undoable); the form, if any, hears back."""
        from app.mail import memory
        from app.mail.accepting import accept

        made: list[Done] = []

        def do(repo: Repository) -> Done:
            try:
                if proposal.origin.key in memory.decided(repo.conn):  # a second press, or another window
                    raise BadInput(ALREADY_DECIDED)
                accepted = accept(repo, proposal)
            except BaseException:
                self.post_message(NotAccepted(item))
                raise
            made.append(Done(accepted.describe(), accepted.undo, accepted.process_id, accepted.redo))
            return made[0]

        def saved() -> None:
            item.proposal, item.state, item.outcome, item.done = proposal, "accepted", "accepted", made[0]
            self._redraw()

        self._decide(item)
        self.owner.save(do, proposal.process.id, then=saved)

    def action_skip(self) -> None:
        """Turn the highlighted mail down: never proposed again (u takes that back)."""
        from app.mail import memory

        item = self._open()
        if item is None:
            return
        key = item.origin.key
        about = f" for {item.proposal.process.company}" if item.proposal is not None else ""
        made: list[Done] = []

        def undo(repo: Repository) -> bool:
            memory.forget(repo.conn, [key])
            return True

        def redo(repo: Repository) -> bool:
            memory.remember(repo.conn, [key], memory.SKIPPED)
            return True

        def do(repo: Repository) -> Done:
            try:
                if key in memory.decided(repo.conn):
                    raise BadInput(ALREADY_DECIDED)
                redo(repo)
            except BaseException:
                self.post_message(NotAccepted(item))
                raise
            made.append(Done(f"Skipped a mail{about}; it is not proposed again", undo, None, redo))
            return made[0]

        def saved() -> None:
            item.state, item.outcome, item.done = "skipped", "skipped", made[0]
            self._redraw()

        self._decide(item)
        self.owner.save(do, None, then=saved)

    def _decide(self, item: Item) -> None:
        """Mark `item` as being saved and move on to the next mail still waiting, as a reader of a queue expects."""
        item.state = "saving"
        at = self.items.index(item)
        waiting = [n for n, other in enumerate(self.items) if other.state == "open"]
        after = [n for n in waiting if n > at]
        self._redraw(keep=after[0] if after else at)

    @on(NotAccepted)
    def _not_accepted(self, message: NotAccepted) -> None:
        if message.item.state == "saving":
            message.item.state = "open"
            self._redraw()

    def action_edit(self) -> None:
        """Open the proposed entry in its form; what is saved there is accepted instead."""
        item = self._open()
        if item is None:
            return
        proposal = item.proposal
        if proposal is None:
            self.notify("Choose its process first: enter.", severity="warning")
            return
        entry = proposal.entry
        if isinstance(entry, CancelInterview):
            self.notify("A cancellation has nothing to edit: a removes the interview, s keeps it.", timeout=5)
            return
        process = self.owner.model.processes.get(proposal.process.id)
        if process is None:
            self.notify("That process is not loaded yet; try again in a moment.", severity="warning")
            return
        self._edit(item, proposal, process, entry)

    def _edit(self, item: Item, proposal: Proposal, process: Process, entry: Entry) -> None:
        cal = self.owner.model.calendar(process.id)
        today = self.owner.today

        def edited(new: Entry) -> None:
            item.edited = True
            self.accept(item, proposal.with_entry(new))

        if isinstance(entry, LogMessage):

            def message_saved(result: Edited[Message]) -> None:
                edited(LogMessage(result.after))

            self.owner.ask(ProposedMessageForm(process, entry.message, today, cal), message_saved)
            return
        assert isinstance(entry, (ScheduleInterview, MoveInterview))

        def interview_saved(result: InterviewChange) -> None:
            assert isinstance(result, Edited)
            after: Interview = result.after
            edited(
                ScheduleInterview(after) if isinstance(entry, ScheduleInterview) else MoveInterview(entry.ref, after)
            )

        self.owner.ask(ProposedInterviewForm(process, entry.interview, today, cal), interview_saved)

    @on(OptionList.OptionSelected, "#mail-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id == "skipped":
            self.show_skipped = not self.show_skipped
            self._redraw()
            self.query_one("#mail-list", OptionList).scroll_to_highlight(top=True)  # the reasons come into view
            return
        if not option_id.startswith("item:"):
            return
        item = self.items[int(option_id[5:])]
        if item.ambiguous is not None and item.proposal is None and item.state == "open":
            self._choose(item, item.ambiguous)
        elif item.state == "open":
            self.notify("a accepts it, e edits it first, s skips it.", timeout=4)

    def _choose(self, item: Item, ambiguous: Ambiguous) -> None:
        def chosen(process_id: int | None) -> None:
            if process_id is not None:
                item.proposal = ambiguous.choose(process_id)
                self._redraw()

        self.app.push_screen(ChooseProcess(ambiguous), chosen)

    # Undo, redo, leaving ----------------------------------------------------------------------

    def action_undo(self) -> None:
        """Take back the last change, as on the main screen (an accepted mail becomes a proposal again)."""
        self.owner.action_undo()

    def action_redo(self) -> None:
        """Make the last undone change again."""
        self.owner.action_redo()

    def replayed(self, done: Done, found: bool, redo: bool) -> None:
        """The main screen undid or redid `done`: its mail goes back to open (the cursor with it), or to its outcome."""
        back: int | None = None
        for item in self._with(done):
            if found:
                item.state = item.outcome if redo else "open"
                back = None if redo else self.items.index(item)
        self._redraw(keep=back)

    def _with(self, done: Done) -> Iterable[Item]:
        return (item for item in self.items if item.done is done)

    def action_close(self) -> None:
        """Back to the dashboard, which reads everything again."""
        self.dismiss(None)
