"""Nudge: a keyboard-driven terminal dashboard for following up during a job search."""

__version__ = "0.1.0"
