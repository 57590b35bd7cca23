"""Shell completion for bash, zsh and fish, generated from the argparse parser itself.

Generated rather than hand-written so a new command or option completes the
day it is added: `describe` walks the parser into plain data (commands,
options, what each value is), and one small writer per shell turns that into
a script. Values complete from `choices` (`--format`), from the file system
when the metavar names a file (FILE, PATH, DIR), and not at all otherwise
(a date is typed, not picked). Nothing here imports Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import re
from dataclasses import dataclass, replace
from typing import Final, Literal

SHELLS: Final = ("bash", "zsh", "fish")
FILE_METAVARS: Final = frozenset({"FILE", "PATH", "DIR", "FOLDER", "DIRECTORY"})

Kind = Literal["none", "words", "files", "any"]
"""What follows: nothing (a flag), one of `words`, a file name, or free text."""


@dataclass(frozen=True)
class Option:
    """One option of one command, with every spelling of it (-o, --output)."""

    flags: tuple[str, ...]
    help: str
    kind: Kind
    words: tuple[str, ...] = ()
    metavar: str = ""


@dataclass(frozen=True)
class Positional:
    """One positional argument; `repeats` when it takes any number of values."""

    name: str
    help: str
    kind: Kind
    words: tuple[str, ...] = ()
    repeats: bool = False


@dataclass(frozen=True)
class Command:
    """A command or subcommand: `path` is how it is typed ("nudge", "agenda")."""

    path: tuple[str, ...]
    help: str
    options: tuple[Option, ...]
    positionals: tuple[Positional, ...]
    subcommands: tuple[Command, ...]
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The word that selects this command."""
        return self.path[-1]

    @property
    def key(self) -> str:
        """The path joined with spaces: how the scripts identify a command."""
        return " ".join(self.path)

    def walk(self) -> list[Command]:
        """This command and every subcommand below it, parents first."""
        return [self, *(c for sub in self.subcommands for c in sub.walk())]


def completion_script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for `shell` (bash, zsh or fish) of the command `parser` describes."""
    from app.errors import BadInput

    writers = {"bash": _bash, "zsh": _zsh, "fish": _fish}
    if shell not in writers:
        raise BadInput(f"no completion for {shell!r} (choose one of: {', '.join(SHELLS)})")
    return writers[shell](describe(parser))


# Reading the parser ---------------------------------------------------------------


def describe(parser: argparse.ArgumentParser, path: tuple[str, ...] | None = None, help_: str = "") -> Command:
    """The parser as plain data: its options, positionals and subcommands, recursively."""
    path = path or (parser.prog.split()[-1],)
    options: list[Option] = []
    positionals: list[Positional] = []
    subcommands: list[Command] = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            subcommands.extend(_subcommands(action, path))
            names = tuple(name for sub in subcommands for name in (sub.name, *sub.aliases))
            positionals.append(Positional("command", "command", "words", names))
        elif action.option_strings:
            kind, words = _value(action)
            metavar = _metavar(action)
            options.append(Option(tuple(action.option_strings), _help(action, parser), kind, words, metavar))
        else:
            kind, words = _value(action)
            repeats = action.nargs in ("*", "+", argparse.REMAINDER)
            positionals.append(Positional(_metavar(action), _help(action, parser), kind, words, repeats))
    return Command(path, help_ or parser.description or "", tuple(options), tuple(positionals), tuple(subcommands))


def _subcommands(action: argparse._SubParsersAction[argparse.ArgumentParser], path: tuple[str, ...]) -> list[Command]:
    """One Command per subparser; a subparser known by several names (aliases) appears once."""
    helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
    names: dict[int, list[str]] = {}
    for name, sub in action.choices.items():
        names.setdefault(id(sub), []).append(name)
    found = []
    for first, *others in names.values():
        command = describe(action.choices[first], (*path, first), helps.get(first, ""))
        found.append(replace(command, aliases=tuple(others)))
    return found


def _value(action: argparse.Action) -> tuple[Kind, tuple[str, ...]]:
    if action.nargs == 0:
        return "none", ()
    if action.choices is not None:
        return "words", tuple(str(choice) for choice in action.choices)
    if isinstance(action.type, argparse.FileType) or _metavar(action).upper() in FILE_METAVARS:
        return "files", ()
    return "any", ()


def _metavar(action: argparse.Action) -> str:
    """How the help names the value: the metavar, else the destination in capitals."""
    metavar = action.metavar[0] if isinstance(action.metavar, tuple) else action.metavar
    return str(metavar) if metavar else action.dest.upper()


def _help(action: argparse.Action, parser: argparse.ArgumentParser) -> str:
    """The help text with argparse's `%(default)s`-style fields filled in, on one line."""
    text = action.help or ""
    if "%" in text:
        params = {k: v for k, v in vars(action).items() if v is not argparse.SUPPRESS}
        params["prog"] = parser.prog
        if action.choices is not None:
            params["choices"] = ", ".join(map(str, action.choices))
        with contextlib.suppress(KeyError, TypeError, ValueError):
            text = text % params
    return " ".join(text.split())


def _ident(command: Command) -> str:
    """A shell function name for the command: `_nudge`, `_nudge_agenda`."""
    return "_" + "_".join(re.sub(r"\W", "_", part) for part in command.path)


# bash ---------------------------------------------------------------------------


def _sh(text: str) -> str:
    """`text` in single quotes for bash or zsh."""
    return "'" + text.replace("'", "'\\''") + "'"


def _bash(root: Command) -> str:
    prog, fn = root.name, _ident(root)
    commands = root.walk()
    value_arms = []
    for command in commands:
        for option in command.options:
            if option.kind == "none":
                continue
            pattern = "|".join(_sh(f"{command.key} {flag}") for flag in option.flags)
            value_arms.append(f"        {pattern}) kind={option.kind}; words={_sh(' '.join(option.words))} ;;")
    sub_arms = []
    for command in commands:
        for sub in command.subcommands:
            pattern = "|".join(_sh(f"{command.key} {name}") for name in (sub.name, *sub.aliases))
            sub_arms.append(f"        {pattern}) command={_sh(sub.key)} ;;")
    option_arms = [
        f"        {_sh(c.key)}) words={_sh(' '.join(f for o in c.options for f in o.flags))} ;;" for c in commands
    ]
    positional_arms = []
    for command in commands:
        for index, positional in enumerate(command.positionals):
            pattern = _sh(f"{command.key} {index}")
            if positional.repeats:
                pattern = f"{_sh(command.key + ' ')}[0-9]*"
            words = _sh(" ".join(positional.words))
            positional_arms.append(f"        {pattern}) kind={positional.kind}; words={words} ;;")
    return f"""\
# bash completion for {prog}: generated from its command line by `{prog} completion bash`.
# Load it now:    source <({prog} completion bash)
# Keep it:        {prog} completion bash > ~/.local/share/bash-completion/completions/{prog}

{fn}_value() {{
    # What follows option $2 of command $1: sets kind (none, words, files, any) and words.
    kind=none words=
    case "$1 $2" in
{chr(10).join(value_arms)}
    esac
}}

{fn}_subcommand() {{
    # Sets command to the subcommand $2 of command $1; fails when $2 is not one.
    case "$1 $2" in
{chr(10).join(sub_arms)}
        *) return 1 ;;
    esac
}}

{fn}_options() {{
    words=
    case "$1" in
{chr(10).join(option_arms)}
    esac
}}

{fn}_positional() {{
    # What positional argument number $2 (from 0) of command $1 is.
    kind=none words=
    case "$1 $2" in
{chr(10).join(positional_arms)}
    esac
}}

{fn}_reply() {{
    local line
    case "$kind" in
        words) while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -W "$words" -- "$cur") ;;
        files)
            compopt -o filenames 2>/dev/null
            while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
            ;;
    esac
}}

{fn}_complete() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" command={_sh(root.key)} kind=none words= word i
    local pending=0 positional=0 options_done=0
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        if ((pending)); then
            # "--format=md" arrives as three words when = breaks words (the default).
            [[ $word == "=" ]] || pending=0
            continue
        fi
        if ((!options_done)); then
            case "$word" in
                --) options_done=1; continue ;;
                --*=*) continue ;;
                -?*)
                    {fn}_value "$command" "$word"
                    [[ $kind == none ]] || pending=1
                    continue
                    ;;
            esac
        fi
        if {fn}_subcommand "$command" "$word"; then
            positional=0
        else
            positional=$((positional + 1))
        fi
    done
    if ((pending)); then
        {fn}_value "$command" "${{COMP_WORDS[i - 1]}}"
        [[ ${{COMP_WORDS[i - 1]}} == "=" ]] && {fn}_value "$command" "${{COMP_WORDS[i - 2]}}"
        [[ $cur == "=" ]] && cur=
        {fn}_reply
        return 0
    fi
    if [[ $cur == -* ]] && ((!options_done)); then
        {fn}_options "$command"
        kind=words
        {fn}_reply
        return 0
    fi
    {fn}_positional "$command" "$positional"
    {fn}_reply
    return 0
}}

complete -F {fn}_complete {prog}
"""


# zsh ----------------------------------------------------------------------------


def _zsh_text(text: str) -> str:
    """A description for `_arguments`: brackets and backslashes escaped."""
    return re.sub(r"([\[\]\\])", r"\\\1", text)


def _zsh_action(kind: Kind, words: tuple[str, ...], message: str) -> str:
    message = message.replace(":", "\\:") or "value"
    if kind == "words":
        return f":{message}:({' '.join(words)})"
    if kind == "files":
        return f":{message}:_files"
    return f":{message}: "


def _zsh_specs(command: Command) -> list[str]:
    specs = []
    for option in command.options:
        exclusive = f"({' '.join(option.flags)})" if len(option.flags) > 1 else ""
        for flag in option.flags:
            if option.kind == "none":
                spec = f"{exclusive}{flag}[{_zsh_text(option.help)}]"
            else:
                joiner = "=" if flag.startswith("--") else "+"
                action = _zsh_action(option.kind, option.words, option.metavar)
                spec = f"{exclusive}{flag}{joiner}[{_zsh_text(option.help)}]{action}"
            specs.append(_sh(spec))
    if command.subcommands:
        specs += [_sh("1: :->command"), _sh("*:: :->argument")]
        return specs
    for index, positional in enumerate(command.positionals, start=1):
        where = "*" if positional.repeats else str(index)
        specs.append(_sh(f"{where}{_zsh_action(positional.kind, positional.words, positional.name)}"))
    return specs


def _zsh_function(command: Command) -> str:
    specs = " \\\n        ".join(_zsh_specs(command))
    if not command.subcommands:
        return f"{_ident(command)}() {{\n    _arguments -s \\\n        {specs}\n}}\n"
    entries = "\n".join(
        f"                {_sh(name.replace(':', chr(92) + ':') + ':' + sub.help)}"
        for sub in command.subcommands
        for name in (sub.name, *sub.aliases)
    )
    arms = "\n".join(
        f"                {'|'.join((sub.name, *sub.aliases))}) {_ident(sub)} ;;" for sub in command.subcommands
    )
    return f"""\
{_ident(command)}() {{
    local curcontext="$curcontext" state state_descr line
    typeset -A opt_args
    _arguments -C -s \\
        {specs}
    case $state in
        command)
            local -a commands
            commands=(
{entries}
            )
            _describe -t commands {_sh(command.key + " command")} commands
            ;;
        argument)
            curcontext="${{curcontext%:*:*}}:{"-".join(command.path)}-$line[1]:"
            case $line[1] in
{arms}
            esac
            ;;
    esac
}}
"""


def _zsh(root: Command) -> str:
    prog, fn = root.name, _ident(root)
    functions = "\n".join(_zsh_function(command) for command in root.walk())
    return f"""\
#compdef {prog}
# zsh completion for {prog}: generated from its command line by `{prog} completion zsh`.
# Load it now (after compinit):  source <({prog} completion zsh)
# Keep it:  {prog} completion zsh > ~/.zfunc/_{prog}   (with ~/.zfunc in $fpath, before compinit)

{functions}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    {fn} "$@"
else
    compdef {fn} {prog}
fi
"""


# fish ---------------------------------------------------------------------------


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_arg(text: str) -> str:
    """`text` quoted for fish inside a single-quoted condition: plain double quotes when that is safe."""
    return f'"{text}"' if re.fullmatch(r"[\w .:-]+", text) else _fish_quote(text)


def _fish(root: Command) -> str:
    prog, fn = root.name, "_" + _ident(root)
    commands = root.walk()
    valued = [f"{c.key} {flag}" for c in commands for o in c.options if o.kind != "none" for flag in o.flags]
    known = [f"{c.key} {name}" for c in commands for sub in c.subcommands for name in (sub.name, *sub.aliases)]
    aliases = [(f"{c.key} {alias}", sub.key) for c in commands for sub in c.subcommands for alias in sub.aliases]
    lines = [f"complete -c {prog} -f"]
    for command in commands:
        at = f"-n {_fish_quote(f'{fn}_at {_fish_arg(command.key)}')}"
        for option in command.options:
            spelled = " ".join(f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}" for f in option.flags)
            value = {
                "none": "",
                "words": " -x -a " + _fish_quote(" ".join(option.words)),
                "files": " -r -F",
                "any": " -x",
            }
            lines.append(f"complete -c {prog} {at} {spelled}{value[option.kind]} -d {_fish_quote(option.help)}")
        for sub in command.subcommands:
            for name in (sub.name, *sub.aliases):
                lines.append(f"complete -c {prog} {at} -a {_fish_quote(name)} -d {_fish_quote(sub.help)}")
        if not command.subcommands:
            for positional in command.positionals:
                if positional.kind == "words":
                    words = _fish_quote(" ".join(positional.words))
                    lines.append(f"complete -c {prog} {at} -a {words} -d {_fish_quote(positional.help)}")
                elif positional.kind == "files":
                    lines.append(f"complete -c {prog} {at} -F")
    pad = " " * 12
    alias_arms = "".join(
        f"\n{pad}    case {_fish_quote(alias)}\n{pad}        set command {_fish_quote(target)}"
        for alias, target in aliases
    )
    alias_switch = f"\n{pad}switch $command{alias_arms}\n{pad}end" if aliases else ""
    return f"""\
# fish completion for {prog}: generated from its command line by `{prog} completion fish`.
# Load it now:  {prog} completion fish | source
# Keep it:      {prog} completion fish > ~/.config/fish/completions/{prog}.fish

function {fn}_command --description 'The {prog} command being completed, such as "{prog} agenda"'
    set -l words (commandline -opc)
    set -l command {_fish_quote(root.key)}
    set -l valued {" ".join(map(_fish_quote, valued))}
    set -l known {" ".join(map(_fish_quote, known))}
    set -l pending 0
    for word in $words[2..-1]
        if test $pending = 1
            set pending 0
            continue
        end
        switch $word
            case '--*=*'
                continue
            case '-*'
                contains -- "$command $word" $valued; and set pending 1
                continue
        end
        if contains -- "$command $word" $known
            set command "$command $word"{alias_switch}
        end
    end
    echo $command
end

function {fn}_at --description 'True while completing the arguments of the command given'
    test ({fn}_command) = "$argv[1]"
end

{chr(10).join(lines)}
"""
