"""Outside programs (an opener, a clipboard tool, an editor): found on PATH, never run through a shell.

Every command is a list of words: a user's setting such as `code -w` is split
with shell rules (`shlex`) but never given to a shell, so text in it or in the
argument Nudge adds (a URL, a file name) cannot run anything else.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path


def environment(env: Mapping[str, str] | None) -> dict[str, str]:
    """The environment to look programs up in and run them with: `env`, or this process's own."""
    return dict(os.environ if env is None else env)


def find_program(name: str, env: Mapping[str, str]) -> str | None:
    """The program `name` runs, looked up on `env`'s PATH (a path with a slash is taken as given)."""
    return shutil.which(name, path=env.get("PATH", os.defpath))


def split_command(text: str) -> list[str]:
    """A command setting split into words with shell rules; ValueError on an unclosed quote."""
    return shlex.split(text)


def program_name(command: list[str] | tuple[str, ...]) -> str:
    """How a message names a command: its program's file name (`xdg-open`, `code`)."""
    return Path(command[0]).name if command else "the program"
