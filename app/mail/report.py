"""The scan as plain text for `nudge mail`: one line per mail, with its process, what would change and why."""

from __future__ import annotations

from app.mail.scanning import Scan
from app.plural import plural
from app.safe_text import safe_text


def _line(text: str) -> str:
    return safe_text(text, one_line=True)


def _about(where: str, subject: str) -> str:
    return f"{where}, {subject!r}" if subject else where


def render_scan(scan: Scan) -> str:
    """Every proposal, ambiguous mail and skip, then the counts."""
    lines: list[str] = []
    for p in scan.proposals:
        mark = "propose " if p.exact else "propose?"
        lines.append(_line(f"{mark} {p.describe()}"))
        lines.append(_line(f"         mail: {_about(p.origin.where, p.origin.subject)}"))
    for a in scan.ambiguous:
        lines.append(_line(f"ambiguous {a.describe()}"))
        lines.append(_line(f"         mail: {_about(a.origin.where, a.origin.subject)}"))
    for s in scan.skipped:
        lines.append(_line(f"skip     {_about(s.where, s.subject)}: {s.reason}"))
    counts = [
        plural(scan.read, "mail") + " read",
        plural(len(scan.proposals), "proposal"),
        f"{len(scan.ambiguous)} ambiguous",
        plural(len(scan.skipped), "skip"),
        f"{scan.already} already decided",
    ]
    lines.append(", ".join(counts))
    return "\n".join(lines) + "\n"
