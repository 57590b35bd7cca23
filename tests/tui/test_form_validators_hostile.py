"""Hostile text pasted into every field of every form, then ctrl+s: saved validly, or refused with a reason.

Each form runs for real (a small host app under `run_test`, the form pushed as a
screen). The text arrives as a paste, as it would from a terminal, so a
multi-line paste keeps its first line as Textual's Input does. After ctrl+s:

- either the form closed with a value, and that value is valid: written into a
  backup it reads back unchanged (what the dashboard saves can be exported and
  imported again);
- or the form is still open, saved nothing, and shows the reason under a field
  and in its status line.

The processes the forms are opened on have hostile names too: the form's title
line, the contact picker and the notes all show them.

One app serves all examples of a test (an app start costs about 0.3 s); if an
example crashes the app, the crash fails that example and the next one gets a
fresh app. 20 examples for each form (15 for the slower message form), 75 in all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile_input import DATE_TEXTS, HOSTILE, date_like, hostile_text, storable
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, Static, TextArea

from app.backup import Backup, dump_backup, parse_backup
from app.rules.calendar import BusinessCalendar
from app.rules.values import (
    CONTACT_ROLES,
    INTERVIEW_KINDS,
    PURPOSES,
    SIGNALS,
    Contact,
    Interview,
    Message,
    Moment,
    Process,
)
from app.tui.forms import ContactForm, FormScreen, InterviewForm, MessageForm, ProcessForm

from .conftest import DAY

FORMS = settings(HOSTILE, max_examples=20)
CAL = BusinessCalendar("US")

texts = hostile_text(surrogates=False, huge=120_000)
"""What a paste can hold: anything, sometimes more than a backup takes (100 000 characters)."""
names = storable.filter(str.strip)


class Host(App[None]):
    """An empty app whose only job is to show the form under test."""


Example = Callable[[Host, Pilot[None]], Coroutine[Any, Any, None]]


class FormRunner:
    """Keeps one host app running across a test's examples, on one event loop.

    The app runs in one long task (inside `run_test`, where Textual knows its active
    app); each example is handed to that task and awaited there.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.app: Host | None = None
        self.task: asyncio.Task[None] | None = None
        self.examples: asyncio.Queue[tuple[Example, asyncio.Future[None]] | None] | None = None

    async def _serve(self, ready: asyncio.Future[None]) -> None:
        assert self.app is not None and self.examples is not None
        async with self.app.run_test(size=(120, 60)) as pilot:
            ready.set_result(None)
            while (item := await self.examples.get()) is not None:
                example, done = item
                try:
                    await asyncio.wait_for(example(self.app, pilot), timeout=60)
                except BaseException as exc:  # noqa: BLE001 - handed to the waiting example
                    done.set_exception(exc)
                else:
                    done.set_result(None)

    def start(self) -> None:
        self.app = Host()
        self.examples = asyncio.Queue()
        ready = self.loop.create_future()
        self.task = self.loop.create_task(self._serve(ready))
        self.loop.run_until_complete(asyncio.wait([ready, self.task], return_when=asyncio.FIRST_COMPLETED))
        if self.task.done():
            self.task.result()  # the app did not start: say why

    def stop(self) -> None:
        task, self.task, self.app = self.task, None, None
        if task is None:
            return
        if not task.done() and self.examples is not None:
            self.examples.put_nowait(None)
        with contextlib.suppress(Exception):  # a crash has already failed the example that caused it
            self.loop.run_until_complete(task)

    def run(self, example: Example) -> None:
        if self.app is None or self.task is None or self.task.done() or self.app._exception is not None:
            self.stop()
            self.start()
        assert self.app is not None and self.task is not None and self.examples is not None
        app = self.app
        done: asyncio.Future[None] = self.loop.create_future()
        self.examples.put_nowait((example, done))
        self.loop.run_until_complete(asyncio.wait([done, self.task], return_when=asyncio.FIRST_COMPLETED))
        if app._exception is not None:  # a handler raised: the app is gone, the example fails with it
            raise app._exception
        if not done.done():
            self.task.result()
            raise AssertionError("the app stopped during the example")
        done.result()

    def close(self) -> None:
        self.stop()
        self.loop.close()


def paste(widget: Input | TextArea, text: str) -> None:
    """Empty the field, then paste `text` into it (handled with the next pause)."""
    if isinstance(widget, Input):
        widget.value = ""
    else:
        widget.text = ""
    widget.post_message(events.Paste(text))


async def submit(
    app: Host, pilot: Pilot[None], form: FormScreen[Any], fill: Callable[[], Coroutine[Any, Any, None]]
) -> Any:
    """Open `form`, fill it, press ctrl+s; return what it saved, or None after checking it showed why not."""
    saved: list[Any] = []
    await app.push_screen(form, callback=saved.append)
    await fill()
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    if saved:
        assert app.screen is not form
        return saved[0]
    assert app.screen is form, "the form closed without a value"
    errors = list(form.query(".field-note.-error").results(Static))
    assert len(errors) == 1, "one field is marked"
    assert str(errors[0].render()).startswith("✗ ")
    assert str(form.query_one("#form-status", Static).render()).startswith("Not saved: ")
    form.dismiss(None)
    await pilot.pause()
    assert app.screen is not form and saved == [None]
    return None


def reads_back(*processes: Process) -> None:
    """What a form produced survives the backup file: written, read, equal."""
    backup = Backup(None, processes)
    again = parse_backup(dump_backup(backup).encode("utf-8"))
    assert again.processes == processes


def on_screen(form: Screen[Any], widget_id: str, kind: type[Any]) -> Any:
    return form.query_one(f"#{widget_id}", kind)


@st.composite
def hostile_processes(draw: st.DrawFn) -> Process:
    """A stored process (storable names) whose company, role and contacts are hostile."""
    people = draw(st.lists(names.map(str.strip), max_size=3, unique=True))
    contacts = tuple(Contact(name=p, role=draw(st.sampled_from(CONTACT_ROLES))) for p in people)
    interviews = (Interview(kind="recruiter_screen", at=Moment.parse("2026-11-16T10:00"), with_=tuple(people[:1])),)
    contact = people[0] if people else None
    messages = (Message(at=Moment.parse("2026-11-20T09:00"), direction="out", contact=contact, purpose="follow_up"),)
    return Process(
        company=draw(names).strip(),
        role=draw(names).strip(),
        contacts=contacts,
        interviews=interviews,
        messages=messages,
    )


places = st.sampled_from(["", "US", "us", " gb ", "DE", "XX", "U\x00S"]) | texts
subdivisions = st.sampled_from(["", "CA", "ca", "SCT", "BY", "ZZ"]) | texts
whens = date_like | texts | st.sampled_from([*DATE_TEXTS, "today", "yesterday", "tue 14:00", "+2bd", "in 3 days"])


class TestFormsTakeHostileInput:
    """Every form, every text field, hostile paste; ctrl+s never crashes and never saves something invalid."""

    runner: FormRunner

    def setup_method(self) -> None:
        self.runner = FormRunner()

    def teardown_method(self) -> None:
        self.runner.close()

    def execute_example(self, function: Callable[[], Any]) -> None:
        """Hypothesis hands each example here: run its coroutine on the host app's loop."""
        self.runner.run(function())

    @FORMS
    @given(
        st.fixed_dictionaries(
            {
                "company": texts,
                "role": texts,
                "contact": texts,
                "email": texts,
                "link": texts,
                "country": places,
                "subdivision": subdivisions,
                "notes": texts,
            }
        ),
        st.sampled_from(CONTACT_ROLES),
    )
    def test_process_form(self, values: dict[str, str], role: str) -> Any:
        async def example(app: Host, pilot: Pilot[None]) -> None:
            form = ProcessForm()

            async def fill() -> None:
                on_screen(form, "contact-role", Select).value = role
                for field, text in values.items():
                    paste(on_screen(form, field, Input), text)

            result = await submit(app, pilot, form, fill)
            if result is not None:
                assert result.process.company
                reads_back(result.process)

        return example

    @FORMS
    @given(hostile_processes(), st.fixed_dictionaries({"name": texts, "email": texts, "phone": texts}), st.booleans())
    def test_contact_form(self, process: Process, values: dict[str, str], again: bool) -> Any:
        if again and process.contacts:  # sometimes a name the process already has
            values["name"] = f"  {process.contacts[0].name}"

        async def example(app: Host, pilot: Pilot[None]) -> None:
            form = ContactForm(process)

            async def fill() -> None:
                for field, text in values.items():
                    paste(on_screen(form, field, Input), text)

            contact = await submit(app, pilot, form, fill)
            if contact is not None:
                assert process.contact(contact.name) is None
                reads_back(replace(process, contacts=(*process.contacts, contact)))

        return example

    @FORMS
    @given(
        hostile_processes(),
        st.sampled_from(INTERVIEW_KINDS),
        whens,
        st.lists(texts | names, max_size=3).map(", ".join) | texts,
        texts,
    )
    def test_interview_form(self, process: Process, kind: str, when: str, with_: str, notes: str) -> Any:
        async def example(app: Host, pilot: Pilot[None]) -> None:
            form = InterviewForm(process, DAY, CAL)

            async def fill() -> None:
                on_screen(form, "kind", Select).value = kind
                paste(on_screen(form, "when", Input), when)
                paste(on_screen(form, "with", Input), with_)
                paste(on_screen(form, "notes", Input), notes)
                await pilot.pause()
                assert str(on_screen(form, "when-note", Static).render())[:2] in ("→ ", "? ")

            new = await submit(app, pilot, form, fill)
            if new is not None:
                assert 1900 <= new.interview.at.value.year <= 2999
                contacts = (*process.contacts, *new.new_contacts)
                reads_back(replace(process, contacts=contacts, interviews=(*process.interviews, new.interview)))

        return example

    @settings(FORMS, max_examples=15)
    @given(
        hostile_processes(),
        st.sampled_from(["out", "in"]),
        st.sampled_from(PURPOSES),
        st.none() | st.sampled_from(SIGNALS),
        st.integers(0, 3),
        st.fixed_dictionaries({"when": whens, "channel": texts, "text": texts}),
    )
    def test_message_form(
        self, process: Process, direction: str, purpose: str, signal: str | None, who: int, values: dict[str, str]
    ) -> Any:
        async def example(app: Host, pilot: Pilot[None]) -> None:
            form = MessageForm(process, DAY, CAL)

            async def fill() -> None:
                on_screen(form, "direction", Select).value = direction
                on_screen(form, "purpose", Select).value = purpose
                if signal is not None:
                    on_screen(form, "signal", Select).value = signal
                if who < len(process.contacts):
                    on_screen(form, "contact", Select).value = process.contacts[who].name
                paste(on_screen(form, "when", Input), values["when"])
                paste(on_screen(form, "channel", Input), values["channel"])
                paste(on_screen(form, "text", TextArea), values["text"])

            message = await submit(app, pilot, form, fill)
            if message is not None:
                assert message.at.day <= DAY
                assert message.signal is None or message.direction == "in"
                reads_back(replace(process, messages=(*process.messages, message)))

        return example


def test_the_runner_reports_a_crash_and_recovers() -> None:
    """A handler that raises fails its example, and the next example gets a fresh app."""
    runner = FormRunner()

    async def crash(app: Host, pilot: Pilot[None]) -> None:
        app.call_later(lambda: 1 / 0)
        await pilot.pause()

    async def fine(app: Host, pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert app.is_running

    try:
        try:
            runner.run(crash)
        except ZeroDivisionError:
            pass
        else:
            raise AssertionError("the crash went unnoticed")
        runner.run(fine)
    finally:
        runner.close()
