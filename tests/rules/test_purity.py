"""The rules stay pure (app/rules/__init__.py): no UI, no ORM, no clock."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import app.rules

RULES = Path(app.rules.__file__).parent
MODULES = sorted(f"app.rules.{p.stem}" for p in RULES.glob("*.py") if p.stem != "__init__")


def test_rules_import_neither_textual_nor_sqlmodel() -> None:
    code = (
        "import sys\n"
        f"for name in {MODULES!r}: __import__(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'sqlmodel', 'sqlalchemy'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_rules_never_read_the_clock() -> None:
    clock = re.compile(r"\b(date|datetime)\.(today|now|utcnow)\(|\btime\.(time|localtime|monotonic)\(")
    for path in RULES.glob("*.py"):
        assert not clock.search(path.read_text(encoding="utf-8")), path.name
