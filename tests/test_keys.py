"""The key registry: config names, remaps that clash, and the README's keys table, all from one list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.config import load_config
from app.errors import BadInput
from app.tui.keys import ALIASES, BY_ACTION, REGISTRY, Clash, KeyMap, Shown, help_table, readme_rows

README = Path(__file__).resolve().parents[1] / "README.md"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_readme_keys_table_is_the_registry() -> None:
    """Each registry key, in order, with its config name: the README cannot drift from the dashboard."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("### Keys") :].split("\n\n")[1]
    rows = [re.match(r"\| `([^`]+)` \| `([^`]+)` \|", line) for line in table.splitlines()[2:]]
    assert [(m[1], m[2]) for m in rows if m] == readme_rows()
    assert len(rows) == len(REGISTRY)


def test_every_key_is_listed_somewhere_and_once() -> None:
    assert all(k.shown & (Shown.FOOTER | Shown.PALETTE | Shown.HELP) for k in REGISTRY)
    assert len({k.action for k in REGISTRY}) == len(REGISTRY)
    assert len({k.key for k in REGISTRY}) == len(REGISTRY)
    assert BY_ACTION["help"].rank == BY_ACTION["quit"].rank == 0


def test_earlier_ids_still_remap() -> None:
    """Files written for earlier versions used the old binding ids (`draft`, `search`)."""
    keys = KeyMap.resolve({"draft": "D", "search": "ctrl+f", "log_message": "M"})
    assert (keys.key("done"), keys.key("filter"), keys.key("message")) == ("D", "ctrl+f", "M")
    assert ALIASES["draft"] == "done"


@pytest.mark.parametrize(
    ("remaps", "name", "said"),
    [
        ({"draft": "q"}, "draft", '"q" is already the key of quit (Quit)'),
        ({"done": "question_mark"}, "done", "already the key of help (Help)"),
        ({"copy": "?"}, "copy", "already the key of help (Help)"),
        ({"done": "z", "copy": "y,z"}, "copy", '"z" is already the key of done'),
        ({"done": "tab"}, "done", "pick another key"),
        ({"draft": "D", "done": "X"}, "done", "draft already remaps done"),
        ({"draft": "w"}, "draft", '"w" is already the key of mail (Mail); give mail another key too'),
    ],
)
def test_a_remap_onto_a_key_in_use_is_refused(remaps: dict[str, str], name: str, said: str) -> None:
    with pytest.raises(Clash, match=re.escape(said)) as caught:
        KeyMap.resolve(remaps)
    assert caught.value.name == name


def test_keys_may_trade_places() -> None:
    keys = KeyMap.resolve({"done": "q", "quit": "d"})
    assert keys.keymap() == {"done": "q", "quit": "d"}


def test_the_config_file_refuses_a_clash_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        load_config(write(tmp_path, '[dashboard.keys]\ndraft = "q"\n'))
    said = str(caught.value)
    assert "\n" not in said
    assert 'line 2: dashboard.keys.draft: "q" is already the key of quit (Quit)' in said


def test_help_shows_the_live_key() -> None:
    table = help_table(KeyMap.resolve({"draft": "D", "search": "ctrl+f"}))
    assert "| `D` | done:" in table and "| `^f` | filter" in table
    assert "| `d` |" not in table
