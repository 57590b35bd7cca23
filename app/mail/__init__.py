"""Reading the seeker's mail for replies, sent follow-ups and interview invitations: proposals, never writes.

The parts, each in its own module: where mail comes from (`sources`: a Maildir,
an mbox file, `imap` for the configured account), how one message is read
safely (`reading`, `quoting`, `html`, `invitations`), which process it belongs
to (`matching`), what it would change (`proposals`, built by `scanning`), what
accepting one writes (`accepting`) and what is remembered between runs
(`memory`). Nothing here imports Textual or SQLAlchemy until a proposal is accepted.
"""
