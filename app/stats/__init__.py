"""Insights into the search: the funnel, how long companies take to answer, activity, health.

Pure like `app.rules`: processes, settings and the day in, figures out. It
imports neither Textual nor SQLModel, so `nudge stats` stays as light as
`nudge agenda`; the Stats screen draws the same figures.
"""

from app.stats.compute import Stats, compute_stats
from app.stats.health import Health, health_line, pipeline_health
from app.stats.periods import PERIOD_LABELS, PERIODS, period_start
from app.stats.render import FORMATS, render_stats

__all__ = [
    "FORMATS",
    "PERIODS",
    "PERIOD_LABELS",
    "Health",
    "Stats",
    "compute_stats",
    "health_line",
    "period_start",
    "pipeline_health",
    "render_stats",
]
