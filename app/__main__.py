"""Allow `python -m app` to behave exactly like the `nudge` console script."""

from app.cli import run

run()
