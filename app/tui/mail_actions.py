"""The main screen's inbox key: open the mail review, and keep it in step with undo and redo.

`MailActions` is a base class of the main screen. The review screen
(`app.tui.mail_review`) saves through the main screen, so its acceptances
and skips are ordinary history entries; when one of them is undone or
redone (from either screen) the review hears of it here and shows that mail
as open, or decided, again. Closing the review reloads the dashboard, so
every process is judged again and Today moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from app.config import Effective
    from app.tui.edit_actions import Replayed


class MailActions(Screen[None]):
    """The `M` key: review what the configured mail proposes."""

    if TYPE_CHECKING:  # what the main screen provides
        prefs: Effective | None

        def load(self) -> object: ...

    def action_review_mail(self) -> None:
        """Open the review of the mail `[mail]` names (it says how to set one up when there is none)."""
        from app.tui.mail_review import MailReview, Owner

        owner: Owner = self  # type: ignore[assignment]  # the main screen, which this class is a base of
        settings = self.prefs.config.mail if self.prefs is not None else None
        self.app.push_screen(MailReview(owner, settings), self._mail_reviewed)

    def _mail_reviewed(self, _: None) -> None:
        """Back from the review: read and judge everything again (skips and accepts may touch several processes)."""
        self.load()

    def on_replayed(self, message: Replayed) -> None:
        """An undo or redo ran (the edit actions' own handler runs too): the review, when open, updates that mail.

        Named for the message rather than decorated with it, so this module needs
        no import of the edit actions: Textual calls the handler of each class.
        """
        from app.tui.mail_review import MailReview

        for screen in self.app.screen_stack:
            if isinstance(screen, MailReview):
                screen.replayed(message.done, message.found, message.redo)
