"""Counts in messages: "1 row", "2 rows", "1 process", "3 processes"."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """`n` and `word`, in the plural unless n is 1 or -1; `many` for an irregular plural.

    A word ending in s, x, z, ch or sh takes "es" ("processes"), any other "s".
    """
    if abs(n) == 1:
        return f"{n} {word}"
    if many is None:
        many = word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
    return f"{n} {many}"
