"""Sending a suggested message in one step: a mail draft, a link opened, a copy, an edit.

Nothing here imports Textual at module level: the dashboard passes in what it
has (its `copy_to_clipboard`, its `open_url`, its `suspend`), so each step can
be tested with real programs (small scripts that record what they were given)
and the command line could use the same code.

- `app.sending.subjects`: the subject line of each kind of message.
- `app.sending.mailto`: a `mailto:` draft URL, encoded so no text can add headers.
- `app.sending.links`: which URLs may be opened at all.
- `app.sending.opener`: opening a URL, saying honestly when nothing could.
- `app.sending.clipboard`: copying text, saying honestly how.
- `app.sending.editor`: editing text in the user's `$VISUAL` / `$EDITOR`.
"""
