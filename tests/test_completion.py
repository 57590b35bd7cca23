"""Shell completion: scripts generated from the real parser, checked by the real shells.

bash is always there; zsh and fish are used when installed (`apt-get install
zsh fish`) and the tests say so when they are skipped. Completion is
exercised, not just parsed: bash through its completion function and
COMP_WORDS, fish through `complete -C`, zsh through a pseudo-terminal
(zsh/zpty) that presses Tab and records what the completion system offers.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest

from app.cli import build_parser
from app.completion import SHELLS, completion_script
from app.errors import BadInput
from app.exports import FORMATS


def _needs(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed (apt-get install -y {shell}); its checks need the real shell")
    return found


def _toy_parser() -> argparse.ArgumentParser:
    """A parser with what Nudge's lacks today: aliases, nesting, positional choices, odd help text."""
    parser = argparse.ArgumentParser(prog="toy")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more [really]: it's 100%% true")
    sub = parser.add_subparsers(dest="command")
    completion = sub.add_parser("completion", help="print a completion script")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), help="which shell")
    files = sub.add_parser("merge", aliases=["m"], help="merge files: all of them")
    files.add_argument("inputs", nargs="+", metavar="FILE", help="files to merge")
    files.add_argument("--mode", choices=("fast", "safe"), default="safe", help="how (default %(default)s)")
    remote = sub.add_parser("remote", help="manage remotes")
    remote_sub = remote.add_subparsers(dest="action")
    add = remote_sub.add_parser("add", help="add one")
    add.add_argument("--url", metavar="URL", help="where")
    add.add_argument("--key", metavar="PATH", help="key file")
    remote_sub.add_parser("remove", help="remove one")
    return parser


def _script(tmp_path: Path, shell: str, parser: argparse.ArgumentParser | None = None) -> Path:
    path = tmp_path / f"completion.{shell}"
    path.write_text(completion_script(shell, parser or build_parser()), encoding="utf-8")
    return path


# The scripts name everything -------------------------------------------------------------


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Every subcommand's name and parser, the top one as ""; read the way shtab reads them."""
    found = {"": parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= {f"{name} {k}".strip(): v for k, v in _commands(sub).items()}
    return found


@pytest.mark.parametrize("shell", SHELLS)
def test_every_command_and_option_is_in_the_script(shell: str) -> None:
    script = completion_script(shell, build_parser())
    commands = _commands(build_parser())
    assert {"agenda", "import", "export", "demo", "completion"} <= set(commands)
    for name, parser in commands.items():
        assert name.split(" ")[-1] in script
        for action in parser._actions:
            for flag in action.option_strings:
                spelled = flag.lstrip("-") if shell == "fish" else flag
                assert spelled in script, (name, flag)
    for fmt in FORMATS:
        assert fmt in script


def test_an_unknown_shell_is_bad_input() -> None:
    with pytest.raises(BadInput, match="no completion for 'powershell' \\(choose one of: bash, zsh, fish\\)"):
        completion_script("powershell", build_parser())


# Syntax, checked by each shell -------------------------------------------------------------


@pytest.mark.parametrize("parser", [build_parser, _toy_parser], ids=["nudge", "toy"])
@pytest.mark.parametrize("shell", SHELLS)
def test_the_shell_accepts_the_script(tmp_path: Path, shell: str, parser: object) -> None:
    program = _needs(shell)
    assert callable(parser)
    path = _script(tmp_path, shell, parser())
    run = subprocess.run([program, "-n", str(path)], capture_output=True, timeout=30, check=False)
    assert run.returncode == 0, run.stderr.decode()


# bash: the completion function itself ---------------------------------------------------------


def _bash_complete(tmp_path: Path, script: Path, *words: str) -> list[str]:
    """Run the function the script registers for `words[0]` (the last word is being completed); return COMPREPLY."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    probe = (
        f"source '{script}'\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=()\n"
        f"fn=$(complete -p {words[0]}) && fn=${{fn##*-F }} && ${{fn%% *}}\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    run = subprocess.run(["bash", "-c", probe], capture_output=True, cwd=tmp_path, timeout=30, check=False)
    assert run.returncode == 0 and not run.stderr, run.stderr.decode()
    return sorted(line for line in run.stdout.decode().splitlines() if line)


@pytest.fixture
def bash_script(tmp_path: Path) -> Path:
    _needs("bash")
    return _script(tmp_path, "bash")


def test_bash_completes_a_command(tmp_path: Path, bash_script: Path) -> None:
    assert _bash_complete(tmp_path, bash_script, "nudge", "ag") == ["agenda"]
    assert {"agenda", "demo", "export", "import"} <= set(_bash_complete(tmp_path, bash_script, "nudge", ""))


def test_bash_completes_format_choices(tmp_path: Path, bash_script: Path) -> None:
    assert _bash_complete(tmp_path, bash_script, "nudge", "agenda", "--format", "") == sorted(FORMATS)
    assert _bash_complete(tmp_path, bash_script, "nudge", "agenda", "--format", "j") == ["json"]
    # "--format=j": bash splits at "=" by default.
    assert _bash_complete(tmp_path, bash_script, "nudge", "agenda", "--format", "=", "j") == ["json"]
    assert _bash_complete(tmp_path, bash_script, "nudge", "agenda", "--format", "=") == sorted(FORMATS)


def test_bash_completes_options_of_the_command_typed(tmp_path: Path, bash_script: Path) -> None:
    assert _bash_complete(tmp_path, bash_script, "nudge", "agenda", "--d") == ["--date", "--days", "--db"]
    assert _bash_complete(tmp_path, bash_script, "nudge", "--db", "x.db", "agenda", "--fo") == ["--format"]
    assert _bash_complete(tmp_path, bash_script, "nudge", "agenda", "--days", "3", "--f") == ["--format"]
    assert _bash_complete(tmp_path, bash_script, "nudge", "export", "--f") == []


def test_bash_completes_file_names_for_files_only(tmp_path: Path, bash_script: Path) -> None:
    (tmp_path / "my backup.json").write_text("{}")
    (tmp_path / "notes.md").write_text("")
    assert _bash_complete(tmp_path, bash_script, "nudge", "import", "my") == ["my backup.json"]
    assert _bash_complete(tmp_path, bash_script, "nudge", "agenda", "-o", "no") == ["notes.md"]
    assert _bash_complete(tmp_path, bash_script, "nudge", "--db", "n") == ["notes.md"]
    assert _bash_complete(tmp_path, bash_script, "nudge", "agenda", "--date", "n") == []


def test_bash_follows_aliases_and_nesting(tmp_path: Path) -> None:
    _needs("bash")
    script = _script(tmp_path, "bash", _toy_parser())
    (tmp_path / "a.txt").write_text("")
    assert _bash_complete(tmp_path, script, "toy", "completion", "") == ["bash", "fish", "zsh"]
    assert _bash_complete(tmp_path, script, "toy", "m", "--mode", "") == ["fast", "safe"]
    assert _bash_complete(tmp_path, script, "toy", "merge", "x", "a") == ["a.txt"]
    assert _bash_complete(tmp_path, script, "toy", "remote", "") == ["add", "remove"]
    assert _bash_complete(tmp_path, script, "toy", "remote", "add", "--") == [
        "--help",
        "--key",
        "--url",
    ]
    assert _bash_complete(tmp_path, script, "toy", "remote", "add", "--key", "a") == ["a.txt"]


# fish: `complete -C` asks fish what it would offer ------------------------------------------


def _fish_complete(tmp_path: Path, script: Path, line: str) -> list[str]:
    fish = _needs("fish")
    escaped = line.replace("\\", "\\\\").replace("'", "\\'")
    run = subprocess.run(
        [fish, "--no-config", "-c", f"source '{script}'; complete -C '{escaped}'"],
        capture_output=True,
        cwd=tmp_path,
        timeout=30,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    return sorted(entry.split("\t")[0] for entry in run.stdout.decode().splitlines())


def test_fish_completes_commands_options_choices_and_files(tmp_path: Path) -> None:
    script = _script(tmp_path, "fish")
    (tmp_path / "backup.json").write_text("{}")
    assert _fish_complete(tmp_path, script, "nudge ag") == ["agenda"]
    assert _fish_complete(tmp_path, script, "nudge agenda --format ") == sorted(FORMATS)
    assert _fish_complete(tmp_path, script, "nudge --db x.db agenda --fo") == ["--format"]
    assert _fish_complete(tmp_path, script, "nudge import back") == ["backup.json"]
    assert _fish_complete(tmp_path, script, "nudge agenda --date ") == []


def test_fish_follows_aliases_and_nesting(tmp_path: Path) -> None:
    script = _script(tmp_path, "fish", _toy_parser())
    assert _fish_complete(tmp_path, script, "toy completion ") == ["bash", "fish", "zsh"]
    assert _fish_complete(tmp_path, script, "toy m --mode ") == ["fast", "safe"]
    assert _fish_complete(tmp_path, script, "toy remote ") == ["add", "remove"]
    assert _fish_complete(tmp_path, script, "toy remote add --u") == ["--url"]


# zsh: press Tab in a pseudo-terminal -------------------------------------------------------------

ZSH_CAPTURE = r"""
zmodload zsh/zpty || exit 3
zfunc=$1 line=$2
zpty z zsh -f -i
zpty -w z "PROMPT= ; RPROMPT= ; fpath=(${(q)zfunc} \$fpath); autoload -U compinit; compinit -u -D"
hook='compadd () { local -a hits; builtin compadd -O hits "$@"; local h'
hook+='; for h in $hits; do print -r -- "HIT""::$h"; done; builtin compadd "$@" }'
zpty -w z "$hook"
zpty -w z 'comppostfuncs=(_capture_done); _capture_done () { print -r -- "DONE""::"; exit }'
zpty -w z "$line"$'\t'
out=""
while zpty -r z chunk; do
  out+=$chunk
  [[ $out == *DONE::* ]] && break
done
print -r -- "$out" | tr -d '\r' | grep -ao 'HIT::[^[:cntrl:]]*' | sed 's/^HIT:://' | sort -u
zpty -d z
"""


def _zsh_complete(tmp_path: Path, script: Path, line: str) -> list[str]:
    """What zsh offers on Tab after `line`, with the script installed as the help says: `_PROG` in $fpath."""
    zsh = _needs("zsh")
    functions = tmp_path.parent / f"{tmp_path.name}-zfunc"
    functions.mkdir(exist_ok=True)
    (functions / f"_{line.split(maxsplit=1)[0]}").write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    capture = functions / "capture.zsh"
    capture.write_text(ZSH_CAPTURE, encoding="utf-8")
    try:
        run = subprocess.run(
            [zsh, "-f", str(capture), str(functions), line], capture_output=True, cwd=tmp_path, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"zsh did not finish completing {line!r}")
    if run.returncode == 3:
        pytest.skip("this zsh has no zsh/zpty module to drive completion with")
    return sorted(run.stdout.decode().split("\n")[:-1])


def test_zsh_completes_commands_options_choices_and_files(tmp_path: Path) -> None:
    script = _script(tmp_path, "zsh")
    (tmp_path / "backup.json").write_text("{}")
    assert _zsh_complete(tmp_path, script, "nudge ag") == ["agenda"]
    assert _zsh_complete(tmp_path, script, "nudge agenda --format ") == sorted(FORMATS)
    assert _zsh_complete(tmp_path, script, "nudge --db x.db agenda --fo") == ["--format"]
    assert _zsh_complete(tmp_path, script, "nudge import back") == ["backup.json"]


def test_zsh_follows_aliases_and_nesting(tmp_path: Path) -> None:
    script = _script(tmp_path, "zsh", _toy_parser())
    assert _zsh_complete(tmp_path, script, "toy completion ") == ["bash", "fish", "zsh"]
    assert _zsh_complete(tmp_path, script, "toy m --mode ") == ["fast", "safe"]
    assert _zsh_complete(tmp_path, script, "toy remote ") == ["add", "remove"]
