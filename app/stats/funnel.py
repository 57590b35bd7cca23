"""The funnel: how far each process got, and how many made it from one stage to the next.

Stages, in order: applied, screen, hiring manager, onsite / final, offer,
accepted. A process has reached a stage when

- **applied**: always; a process is in the tracker because the seeker applied
  (or was approached, which the rest of the funnel treats the same way);
- **screen**, **hiring manager**, **onsite / final**: an interview of that stage
  has happened (dated before today, as docs/rules.md has it: a booked
  interview is not a stage reached yet). Headhunter and recruiter screens are
  screens; hiring-manager, technical and unnamed ("other") interviews are the
  hiring-manager round, the first round after the screen; onsite and final
  interviews are the last round;
- **offer**: the status is `offer`, `accepted` or `declined` (declining is what
  a seeker does to an offer; stepping back earlier is `withdrawn`);
- **accepted**: the status is `accepted`.

A later stage implies the earlier ones: a process that went straight to an
onsite has passed the screen, whatever was logged. Conversion is the share of
processes that reached a stage among those that reached the one before; open
processes that have not moved on *yet* lower it, which is why the Stats screen
lets the seeker look at older cohorts too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from app.rules.values import Process

STAGES: Final = ("applied", "screen", "hiring_manager", "onsite", "offer", "accepted")
STAGE_LABELS: Final = {
    "applied": "applied",
    "screen": "screen",
    "hiring_manager": "hiring manager",
    "onsite": "onsite / final",
    "offer": "offer",
    "accepted": "accepted",
}
_KIND_STAGE: Final = {
    "headhunter_screen": 1,
    "recruiter_screen": 1,
    "hiring_manager": 2,
    "technical": 2,
    "other": 2,
    "onsite": 3,
    "final": 3,
}
_STATUS_STAGE: Final = {"offer": 4, "declined": 4, "accepted": 5}


def furthest_stage(process: Process, today: date) -> int:
    """The index in STAGES of the furthest stage the process has reached by `today`."""
    reached = _STATUS_STAGE.get(process.status, 0)
    for interview in process.interviews:
        if interview.at.day < today:
            reached = max(reached, _KIND_STAGE.get(interview.kind, 2))
    return reached


@dataclass(frozen=True, slots=True)
class Stage:
    """One bar of the funnel."""

    key: str
    label: str
    reached: int
    """Processes that got at least this far."""
    stopped: int
    """Processes whose furthest stage is this one."""
    conversion: float | None
    """`reached` over the previous stage's `reached` (0..1); None for the first stage or after an empty one."""


@dataclass(frozen=True, slots=True)
class Funnel:
    """The stages of a cohort of processes, widest first."""

    stages: tuple[Stage, ...]

    @property
    def total(self) -> int:
        """How many processes the funnel counts."""
        return self.stages[0].reached if self.stages else 0


def funnel(processes: Iterable[Process], today: date) -> Funnel:
    """Count the processes by furthest stage, then cumulate from the bottom up."""
    stopped = [0] * len(STAGES)
    for process in processes:
        stopped[furthest_stage(process, today)] += 1
    reached = [sum(stopped[i:]) for i in range(len(STAGES))]
    stages = []
    for i, key in enumerate(STAGES):
        before = reached[i - 1] if i else 0
        conversion = reached[i] / before if i and before else None
        stages.append(Stage(key, STAGE_LABELS[key], reached[i], stopped[i], conversion))
    return Funnel(tuple(stages))
