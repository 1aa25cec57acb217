"""What a bash command line will run: every simple command, with its words as bash would expand them.

The line is parsed with tree-sitter-bash (a maintained bash grammar, MIT; bashlex was the alternative, but it
is GPL-3 and unreleased since 2023). The walk then does what bash does before it runs a command, as far as
text alone allows:
- quotes, backslashes and `$'...'` strings are removed or decoded, `{a,b}` and `{1..3}` expanded;
- simple variables (`x=rm; $x`, `export D=~`, `${!name}`, IFS splitting), aliases, functions (with their
  arguments as `$1`, `$@`), `for` loops (one pass per listed word) and `$(( ))` are followed;
- `$(...)`, backticks and `<(...)` are parsed as commands too, and replaced by their output when it is
  known: echo, printf, cat, base64 -d, xxd -r, rev, tr, mktemp (see `shellexpand`);
- text run as code is parsed in turn: `sh -c`, `eval`, `source`, shells and `xargs` fed by here-documents,
  here-strings or pipes, scripts written earlier in the same line; wrappers (`env`, `nice`, `timeout`,
  `find -exec`, `xargs`, `busybox`, `parallel` ...) are unwrapped.
What stays unknown stays visible: a `$NAME` or a placeholder word (`SUBST_RE`), which the rules treat as
computed. A line tree-sitter cannot parse is also read by the `shlex` splitter (`shellsplit`) and flagged.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field

import tree_sitter
import tree_sitter_bash

from deskpilot.safety import shellexpand as sx
from deskpilot.safety.shellsplit import split

SUBST = "__DPSUB{}__"
SUBST_RE = re.compile(r"__DPSUB(\d+)__")
SHELLS = {"sh", "bash", "dash", "zsh", "ksh", "mksh", "fish", "csh", "tcsh", "ash", "rbash", "yash"}
SCRIPTING = {"python", "python2", "python3", "pypy", "pypy3", "perl", "ruby", "node", "nodejs", "php", "lua",
             "luajit", "tclsh", "wish", "deno", "bun", "Rscript", "julia", "pwsh", "osascript", "guile",
             "gawk", "awk", "mawk", "nawk", "jshell", "groovy", "expect", "irb"}  # fmt: skip
AWKS = {"awk", "gawk", "mawk", "nawk", "busybox-awk"}
# Wrappers that run the command after their options: wrapper -> (options taking a value, operands before
# the command). Numbers (`timeout 5`, `nice -10`, `chrt -i 0`) are skipped as operands too.
WRAPPERS: dict[str, tuple[set[str], int]] = {
    "env": ({"-u", "--unset", "-C", "--chdir"}, 0), "nohup": (set(), 0), "nice": ({"-n", "--adjustment"}, 0),
    "ionice": ({"-c", "-n", "-p", "--class", "--classdata"}, 0), "stdbuf": ({"-i", "-o", "-e"}, 0),
    "command": (set(), 0), "builtin": (set(), 0), "exec": ({"-a"}, 0), "setsid": (set(), 0), "time": ({"-f", "-o"}, 0),
    "timeout": ({"-s", "--signal", "-k", "--kill-after"}, 1), "watch": ({"-n", "--interval", "-d"}, 0),
    "sudo": ({"-u", "-g", "-U", "-C", "-D", "-h", "-p", "-r", "-t"}, 0), "doas": ({"-u"}, 0),
    "torsocks": (set(), 0), "proxychains": ({"-f"}, 0), "proxychains4": ({"-f"}, 0), "unbuffer": (set(), 0),
    "flock": ({"-w", "-E", "--timeout", "-c"}, 1), "chronic": (set(), 0), "caffeinate": (set(), 0),
    "taskset": (set(), 1), "chrt": (set(), 1), "strace": ({"-o", "-e", "-p", "-s", "-u"}, 0),
    "ltrace": ({"-o", "-e", "-p", "-s", "-u"}, 0), "firejail": (set(), 0), "unshare": (set(), 0),
    "fakeroot": (set(), 0), "faketime": (set(), 1), "numactl": (set(), 0), "prlimit": (set(), 0),
    "cgexec": ({"-g"}, 0), "eatmydata": (set(), 0), "nocache": (set(), 0), "xvfb-run": ({"-n", "-s"}, 0),
    "dbus-launch": (set(), 0), "dbus-run-session": (set(), 0), "ssh-agent": (set(), 0), "sg": (set(), 1),
    "systemd-inhibit": (set(), 0), "catchsegv": (set(), 0), "valgrind": (set(), 0), "gtimeout": (set(), 1),
    "runuser": ({"-u", "-g"}, 0), "su": (set(), 0), "pkexec": ({"--user"}, 0), "tsp": (set(), 0),
    "systemd-run": ({"-p", "--property", "-u", "--unit", "--description", "--slice", "-E", "--setenv", "--uid",
                     "--gid", "-M", "--machine", "--working-directory", "--on-calendar", "--on-active"}, 0),
    "screen": ({"-S", "-c", "-t", "-L", "-Logfile"}, 0), "dtach": ({"-e", "-r"}, 1),
}  # fmt: skip
# Terminals and multiplexers that run the words after one of these options (or the rest of the line).
TERMINALS = {"xterm", "uxterm", "x-terminal-emulator", "gnome-terminal", "konsole", "xfce4-terminal", "lxterminal",
             "mate-terminal", "terminator", "tilix", "urxvt", "rxvt", "st", "kitty", "alacritty", "sakura",
             "qterminal", "terminology", "foot", "wezterm"}  # fmt: skip
TERMINAL_RUN_OPTIONS = {"-e", "-x", "--", "--command", "--execute", "-c", "start"}
# Commands that run text as a shell program: the text is parsed like the line itself.
PROGRAM_RUNNERS = SHELLS | {"eval", "source", ".", "at", "batch"}
# Well-known programs that never run their arguments as a command (for the unknown-wrapper fallback).
NOT_RUNNERS = {"echo", "printf", "grep", "egrep", "fgrep", "rg", "man", "which", "type", "whatis", "apropos",
               "help", "info", "git", "apt", "apt-get", "apt-cache", "dpkg", "pip", "pip3", "npm", "yarn", "cat",
               "less", "more", "head", "tail", "ls", "cp", "mv", "ln", "tar", "zip", "unzip", "gzip", "sed",
               "wc", "sort", "uniq", "cut", "tr", "diff", "file", "stat", "test", "[", "alias", "hash",
               "complete", "compgen", "declare", "local", "export", "unset", "readonly", "typeset", "touch",
               "mkdir", "rm", "rmdir", "kill", "pkill", "pgrep", "killall", "ps", "jq", "curl", "wget",
               "read", "history", "fc", "whereis", "locate", "find", "xargs", "tee", "chmod", "chown",
               "systemctl", "journalctl", "crontab", "make", "cmake", "gcc", "cc", "clang"}  # fmt: skip
# Program names whose appearance inside an unknown command's arguments suggests it runs them.
RUNNABLE = {"rm", "rmdir", "shred", "unlink", "dd", "mkfs", "wipefs", "kill", "pkill", "killall", "killall5",
            "chmod", "chown", "truncate", "fallocate", "mv", "curl", "wget", "nc", "ncat", "socat", "find",
            "xargs", "crontab", "tee", "cp"} | SHELLS | SCRIPTING  # fmt: skip
MAX_COMMANDS = 2000
MAX_DEPTH = 8
_LANGUAGE = tree_sitter.Language(tree_sitter_bash.language())


def normalise(text: str) -> str:
    """The form every decision is made on: NFKC (fullwidth and compatibility letters fold to ASCII),
    invisible format characters (zero-width spaces, soft hyphens, bidi marks) removed, other Unicode
    spaces made plain spaces, and CR or CRLF made LF."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = "".join(
        " " if ch != "\n" and ch != "\t" and unicodedata.category(ch) == "Zs" else ch for ch in text
    )
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Command:
    """One simple command: its expanded words (placeholders stand for unknown substitutions) and its
    redirections."""

    argv: list[str]
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (operator, target or text)
    pipeline: int = 0  # commands with the same number are joined by pipes
    position: int = 0  # place in its pipeline
    substitutions: list[str] = field(default_factory=list)  # bodies of unknown substitutions in its words
    wrapped_by: str = ""  # "bash", "xargs", "find"... when another command runs this one
    assignments: list[str] = field(default_factory=list)  # NAME=value words before the command
    program: str | None = None  # the code an interpreter runs (python -c, awk '...', a piped script)
    computed_name: bool = False  # its name comes from a variable, a substitution or a $'...' string

    @property
    def name(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""


@dataclass
class Analysis:
    commands: list[Command]
    error: str | None = None  # why the line could not be parsed in full
    self_spawning: list[str] = field(default_factory=list)  # functions that start copies of themselves


def analyse(text: str) -> Analysis:
    """Every simple command `text` runs, nested and generated ones included (see the module docstring)."""
    walker = _Walker()
    try:
        walker.run(normalise(text), "")
        walker.finish()
    except RecursionError:
        walker.fail("the command nests too deeply")
    return Analysis(walker.commands, walker.error, walker.self_spawning)


@dataclass
class _Frame:
    wrapped_by: str
    positional: list[str] | None  # $0 $1 ... inside a function or `sh -c`


class _Walker:
    def __init__(self) -> None:
        self.parser = tree_sitter.Parser(_LANGUAGE)
        self.commands: list[Command] = []
        self.bodies: list[str] = []
        self.env: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.functions: dict[str, tree_sitter.Node] = {}
        self.called: set[str] = set()
        self.calls: list[str] = []
        self.files: dict[str, str] = {}  # paths written in this line -> their known text
        self.outputs: dict[str, str] = {}  # placeholder -> known output of a process substitution
        self.frames = [_Frame("", None)]
        self.pipelines = 0
        self.error: str | None = None
        self.self_spawning: list[str] = []
        self.spawning = False  # walking a pipeline stage with others, or a backgrounded statement
        self.aliases_in_use: set[str] = set()

    # entry points
    def run(self, text: str, wrapped_by: str, positional: list[str] | None = None) -> str | None:
        """Walk a program given as text; returns its output when known."""
        if len(self.frames) > MAX_DEPTH:
            self.fail("the command nests too deeply")
            return None
        tree = self.parser.parse(text.encode("utf-8", "surrogatepass"))
        self.frames.append(
            _Frame(wrapped_by, positional if positional is not None else self.frame.positional)
        )
        try:
            if tree.root_node.has_error:
                self.fail("cannot parse the command line")
                self.fallback(text)
            return self.sequence(tree.root_node.children, None)
        finally:
            self.frames.pop()

    def finish(self) -> None:
        """Functions defined but never called still get read, with unknown arguments."""
        for name, body in list(self.functions.items()):
            if name not in self.called:
                self.called.add(name)
                self.statement(body, None)

    @property
    def frame(self) -> _Frame:
        return self.frames[-1]

    def over_budget(self) -> bool:
        if len(self.commands) > MAX_COMMANDS:
            self.fail("the command line expands to too many commands")
        return len(self.commands) > MAX_COMMANDS

    def fail(self, reason: str) -> None:
        self.error = self.error or reason

    def fallback(self, text: str) -> None:
        """The shlex reading of a line tree-sitter could not parse: its commands are judged as well."""
        try:
            simples = split(text, self.placeholder)
        except ValueError as e:
            self.fail(f"cannot parse the command: {e}")
            return
        base = self.pipelines
        for simple in simples:
            self.pipelines = max(self.pipelines, base + simple.pipeline + 1)
            words = [w for word in simple.words for w in sx.brace_expand(word)]
            self.emit(Command(words, simple.redirects, base + simple.pipeline + 1, simple.position), None)

    # statements
    def sequence(self, nodes: list[tree_sitter.Node], stdin: str | None) -> str | None:
        out: str | None = ""
        for i, node in enumerate(nodes):
            if node.type == "comment" or not node.is_named:
                continue
            background = i + 1 < len(nodes) and nodes[i + 1].type == "&"
            was, self.spawning = self.spawning, self.spawning or background
            result = self.statement(node, stdin)
            self.spawning = was
            out = None if result is None or out is None else out + result
        return out

    def statement(
        self, node: tree_sitter.Node, stdin: str | None, pipe: tuple[int, int] | None = None
    ) -> str | None:
        if self.over_budget():
            return None
        kind = node.type
        if kind == "command":
            return self.command(node, stdin, pipe, [])
        if kind == "redirected_statement":
            return self.redirected(node, stdin, pipe)
        if kind == "pipeline":
            return self.pipeline([c for c in node.named_children], stdin)
        if kind in ("for_statement", "select_statement"):
            return self.for_loop(node, stdin)
        if kind == "function_definition":
            name = node.child_by_field_name("name")
            body = node.child_by_field_name("body")
            if name is not None and body is not None:
                self.functions[self.text(name)] = body
            return ""
        if kind == "variable_assignment":
            self.emit(Command([], assignments=[self.assign(node)]), None)
            return ""
        if kind == "declaration_command":
            return self.declaration(node)
        if kind == "unset_command":
            names = [w for child in node.named_children for w in self.words(child)]
            for name in names:
                self.env.pop(name, None)
            self.emit(Command(["unset", *names]), None)  # judged too (`unset HISTFILE`)
            return ""
        if kind == "ERROR":
            self.fail("cannot parse the command line")
        if kind in ("command_substitution", "process_substitution"):
            self.substitution(node)
            return None
        if kind in ("simple_expansion", "expansion", "string", "concatenation", "arithmetic_expansion"):
            self.words(node)
            return None
        return self.sequence(node.children, stdin)

    def pipeline(
        self,
        stages: list[tree_sitter.Node],
        stdin: str | None,
        redirects: list[tuple[str, str]] | None = None,
    ) -> str | None:
        """Stages joined by pipes; `redirects` written after the pipeline belong to its last command."""
        self.pipelines += 1
        number = self.pipelines
        out = stdin
        was, self.spawning = self.spawning, self.spawning or len(stages) > 1
        for position, stage in enumerate(stages):
            if redirects and position == len(stages) - 1 and stage.type == "command":
                out = self.command(stage, out, (number, position), redirects)
            else:
                out = self.statement(stage, out, (number, position))
        self.spawning = was
        return out

    def redirected(
        self, node: tree_sitter.Node, stdin: str | None, pipe: tuple[int, int] | None
    ) -> str | None:
        body = node.child_by_field_name("body")
        redirects: list[tuple[str, str]] = []
        after: list[tree_sitter.Node] = []
        for child in node.named_children:
            if child == body:
                continue
            if child.type == "heredoc_redirect":
                redirects.append(self.heredoc(child, after))
            elif child.type in ("file_redirect", "herestring_redirect"):
                redirects.append(self.redirect(child))
            else:
                self.statement(child, None)
        piped = [
            n for n in after if n.type == "pipeline" and n.children and n.children[0].type in ("|", "|&")
        ]
        for node_ in after:
            if node_.type == "file_redirect":
                redirects.append(self.redirect(node_))
        if body is None:
            self.emit(Command([], redirects), None)
            return None
        if piped:
            pipe = (self.next_pipeline(), 0)
        while body.type == "list" and body.named_children:
            # `a && b > f`: tree-sitter hangs the redirect on the whole list; bash gives it to the last command
            *first, body = body.named_children
            for child in first:
                self.statement(child, None)
        if body.type == "command":
            out = self.command(body, stdin, pipe, redirects)
        elif body.type == "pipeline":
            out = self.pipeline(body.named_children, stdin, redirects)
        else:
            stdin = self.redirect_input(redirects, stdin)
            before = len(self.commands)
            out = self.statement(body, stdin, pipe)
            # `{ ...; } > f`, `for ...; done > f`: every command inside writes to f (so `{ :; } > f` empties
            # it, `(sort f) > f` replaces what it reads, `{ echo x; } >> ~/.bashrc` persists)
            outputs = [r for r in redirects if r[0] not in ("<", "<<", "<<-", "<<<")]
            inside = [c for c in self.commands[before:] if c.argv]
            for cmd in inside:
                cmd.redirects = [*cmd.redirects, *outputs]
            if not inside:
                self.emit(Command([], outputs), None)
        for node_ in piped:  # `cat <<EOF | sh`: tree-sitter hangs the `| sh` under the here-document
            assert pipe is not None
            for position, stage in enumerate(node_.named_children, pipe[1] + 1):
                out = self.statement(stage, out, (pipe[0], position))
        for node_ in after:
            if node_ not in piped and node_.type != "file_redirect":
                out = self.statement(node_, None)
        return out

    def for_loop(self, node: tree_sitter.Node, stdin: str | None) -> str | None:
        variable = node.child_by_field_name("variable")
        body = node.child_by_field_name("body")
        values = [w for value in node.children_by_field_name("value") for w in self.words(value)]
        if not node.children_by_field_name("value"):
            values = (self.frame.positional or ["", "$1"])[1:]
        if variable is None or body is None:
            return self.sequence(node.children, stdin)
        name = self.text(variable)
        out: str | None = ""
        for value in values[:8] or [f"${name}"]:
            if self.over_budget():
                break
            self.env[name] = value
            result = self.statement(body, stdin)
            out = None if result is None or out is None else out + result
        return out

    def declaration(self, node: tree_sitter.Node) -> str:
        argv = [self.text(node.children[0])]
        for child in node.named_children:
            if child.type == "variable_assignment":
                argv.append(self.assign(child))
            else:
                argv += self.words(child)
        self.emit(Command(argv), None)
        return ""

    def assign(self, node: tree_sitter.Node, apply: bool = True) -> str:
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        name = self.text(name_node) if name_node is not None else ""
        value = " ".join(self.words(value_node, split=False)) if value_node is not None else ""
        if apply and name:
            if value_node is not None and value_node.type == "array":
                self.env.pop(name, None)
            else:
                self.env[name] = value
        return f"{name}={value}"

    # commands
    def command(
        self,
        node: tree_sitter.Node,
        stdin: str | None,
        pipe: tuple[int, int] | None,
        redirects: list[tuple[str, str]],
    ) -> str | None:
        assignments: list[str] = []
        argv: list[str] = []
        name_node = node.child_by_field_name("name")
        for child in node.named_children:
            if child.type == "variable_assignment":
                assignments.append(self.assign(child, apply=False))
            elif child.type in ("file_redirect", "herestring_redirect"):
                redirects = [*redirects, self.redirect(child)]
            elif child.type == "heredoc_redirect":
                redirects = [*redirects, self.heredoc(child, [])]
            elif child == name_node:
                alias = self.alias_for(child)
                parts = child.named_children
                if alias is not None:
                    rest = " ".join(self.text(c) for c in node.children_by_field_name("argument"))
                    self.aliases_in_use.add(self.text(child))
                    return self.run(f"{alias} {rest}", self.frame.wrapped_by)
                argv += self.words(parts[0] if len(parts) == 1 else child)  # `$cmd` splits into words
            elif child.type != "command_name" and child.is_named:
                argv += self.words(child)
        stdin = self.redirect_input(redirects, stdin)
        number, position = pipe or (self.next_pipeline(), 0)
        cmd = Command(argv, redirects, number, position, assignments=assignments)
        cmd.wrapped_by = self.frame.wrapped_by
        cmd.computed_name = name_node is not None and _computed(name_node)
        if argv and argv[0] in self.functions:
            return self.call(cmd, stdin)
        return self.emit(cmd, stdin)

    def alias_for(self, name_node: tree_sitter.Node) -> str | None:
        word = self.text(name_node)
        if word in self.aliases and word not in self.aliases_in_use:
            return self.aliases[word]
        return None

    def call(self, cmd: Command, stdin: str | None) -> str | None:
        """A call of a function defined in the line: its body runs with the call's words as $0 $1 ..."""
        name = cmd.argv[0]
        self.commands.append(cmd)
        if name in self.calls:
            if self.spawning:
                self.self_spawning.append(name)
            return None
        self.called.add(name)
        self.calls.append(name)
        self.frames.append(_Frame(self.frame.wrapped_by, cmd.argv))
        try:
            return self.statement(self.functions[name], stdin)
        finally:
            self.frames.pop()
            self.calls.pop()

    def next_pipeline(self) -> int:
        self.pipelines += 1
        return self.pipelines

    def emit(self, cmd: Command, stdin: str | None) -> str | None:
        """Record a command and what it runs on its behalf; returns its output when known."""
        used = {m for word in cmd.argv + [t for _, t in cmd.redirects] for m in SUBST_RE.findall(word)}
        cmd.substitutions = [self.bodies[int(m)] for m in sorted(used, key=int) if int(m) < len(self.bodies)]
        self.commands.append(cmd)
        if cmd.name == "alias":
            for word in cmd.argv[1:]:
                if "=" in word:
                    name, _, value = word.partition("=")
                    self.aliases[name] = value
                    self.run(f'{value} "$@"', "alias")  # the words given after the alias are unknown
        if cmd.name == "read" and stdin is not None:
            names = [w for w in cmd.argv[1:] if not w.startswith("-")] or ["REPLY"]
            self.env[names[0]] = stdin.split("\n", 1)[0]
        if cmd.name == "printf" and cmd.argv[1:2] == ["-v"] and len(cmd.argv) > 3:
            self.env[cmd.argv[2]] = sx.printf(cmd.argv[3], cmd.argv[4:])
        self.wrapped(cmd, stdin)
        out = self.evaluate(cmd, stdin)
        for op, target in cmd.redirects:
            if op in (">", ">|", ">>", "&>", "&>>") and target:
                before = self.files.get(_key(target), "") if ">>" in op else ""
                if out is None or before is None:
                    self.files.pop(_key(target), None)
                else:
                    self.files[_key(target)] = before + out
                out = "" if op in (">", ">|", ">>") else out
        if cmd.name == "tee" and out is not None:
            for target in [w for w in cmd.argv[1:] if not w.startswith("-")]:
                self.files[_key(target)] = out
        return out

    def wrapped(self, cmd: Command, stdin: str | None) -> None:
        """Commands that `cmd` runs: a program given as text, a wrapped command, `find -exec`, `xargs`."""
        argv, name = cmd.argv, cmd.name
        if not argv:
            return
        if name == "busybox" and len(argv) > 1:
            self.inner(cmd, argv[1:], stdin)
            return
        if name in PROGRAM_RUNNERS or name in SCRIPTING or _script_path(argv[0]) in self.files:
            self.program(cmd, stdin)
            return
        if name == "trap" and len(argv) > 2:
            self.run(argv[1], "trap")
        elif name == "ssh":
            remote = _ssh_command(argv)
            if remote:
                self.run(" ".join(remote), "ssh")
        elif name in TERMINALS or (name == "tmux" and len(argv) > 1):
            at = next((i for i, w in enumerate(argv[1:], 1) if w in TERMINAL_RUN_OPTIONS), 0)
            rest = argv[at + 1 :] if at else []
            if name == "tmux":
                rest = [w for w in argv[2:] if not w.startswith("-")][-1:]
            if rest:
                self.inner(cmd, rest, None)
            for word in argv[1:]:
                if (
                    word.startswith(("--command=", "-e"))
                    and len(word) > 2
                    and not word.startswith("--command=-")
                ):
                    self.run(word.split("=", 1)[-1] if "=" in word else word[2:], name)
        elif name == "env" and any(w.startswith("-S") or w == "--split-string" for w in argv[1:]):
            at = next(i for i, w in enumerate(argv) if w.startswith("-S") or w == "--split-string")
            text = (
                argv[at][2:] if len(argv[at]) > 2 and argv[at].startswith("-S") else " ".join(argv[at + 1 :])
            )
            self.run(
                " ".join([text, *argv[at + 2 :]]) if argv[at] in ("-S", "--split-string") else text, "env"
            )
        elif name == "script":
            at = next(
                (
                    i
                    for i, w in enumerate(argv[1:], 1)
                    if w in ("-c", "--command") or re.fullmatch(r"-\w*c", w)
                ),
                0,
            )
            if at and at + 1 < len(argv):
                self.run(argv[at + 1], "script")
        elif name in ("find", "fd"):
            self.find_exec(cmd)
        elif name == "xargs":
            self.xargs(cmd, stdin)
        elif name == "parallel":
            rest = [w for w in argv[1:] if not w.startswith("-")]
            if ":::" in rest:
                at = rest.index(":::")
                self.inner(cmd, rest[:at] + rest[at + 1 :], None)
            elif rest:
                self.inner(cmd, rest + _input_words(stdin), None)
        elif name in WRAPPERS and not (name == "command" and argv[1:2] in (["-v"], ["-V"])):
            values, operands = WRAPPERS[name]
            rest = argv[1:]
            while rest and (rest[0].startswith("-") or (name == "env" and "=" in rest[0])):
                rest = rest[2:] if rest[0] in values else rest[1:]
            for _ in range(operands):
                rest = rest[1:] if rest and not rest[0].startswith("-") else rest
            while rest and re.fullmatch(r"[-+]?[0-9.]+[smhd]?|0x[0-9a-fA-F]+", rest[0]):
                rest = rest[1:]
            if name == "flock" and "-c" in argv[1:]:
                at = argv.index("-c")
                self.run_program(cmd, argv[at + 1] if at + 1 < len(argv) else "", [], "flock")
            elif name == "watch" and len(rest) > 1:
                self.run(" ".join(rest), "watch")
            elif rest:
                self.inner(cmd, rest, stdin)
        elif name not in NOT_RUNNERS:
            at = next((i for i, w in enumerate(argv[1:], 1) if w.rsplit("/", 1)[-1] in RUNNABLE), 0)
            if at:  # an unknown program handed a command line: it may run it
                self.inner(cmd, argv[at:], stdin)

    def inner(self, cmd: Command, argv: list[str], stdin: str | None) -> None:
        if len(argv) == 1 and re.search(r"\s", argv[0]):  # `watch 'a; b'`, `xterm -e 'a b'`: a command line
            self.run(argv[0], cmd.name)
            return
        sub = Command(argv, cmd.redirects, cmd.pipeline, cmd.position, wrapped_by=cmd.name)
        if argv and argv[0] in self.functions:
            self.call(sub, stdin)
            return
        self.emit(sub, stdin)

    def find_exec(self, cmd: Command) -> None:
        """`find ROOT ... -exec CMD {} ;`: CMD runs on every match, so `{}` stands for ROOT/* (ROOT/x
        when filters choose some files)."""
        argv = cmd.argv
        roots = [w for w in argv[1:] if not w.startswith(("-", "(", "!", ")"))][:1] or ["."]
        for j, word in enumerate(argv):
            if word in ("-exec", "-execdir", "-ok", "-okdir", "-x", "--exec"):
                rest = argv[j + 1 :]
                end = next((k for k, w in enumerate(rest) if w in (";", "+", "\\;")), len(rest))
                match = _matches_of(argv, roots[0])
                self.inner(cmd, [match if w == "{}" else w.replace("{}", match) for w in rest[:end]], None)

    def xargs(self, cmd: Command, stdin: str | None) -> None:
        """`xargs CMD`: CMD runs with the words read from input (known ones filled in)."""
        argv = cmd.argv
        rest, replace = argv[1:], None
        values = {"-I", "-n", "-P", "-L", "-d", "-a", "-E", "-s", "--max-args", "--max-procs", "-i"}
        while rest and rest[0].startswith("-"):
            if rest[0] == "-I" and len(rest) > 1:
                replace = rest[1]
            elif rest[0].startswith("-I") and len(rest[0]) > 2:
                replace = rest[0][2:]
            rest = rest[2:] if rest[0] in values else rest[1:]
        rest = rest or ["echo"]
        source = next((argv[i + 1] for i, w in enumerate(argv[:-1]) if w in ("-a", "--arg-file")), None)
        if source is not None:
            stdin = self.outputs.get(source) if SUBST_RE.fullmatch(source) else self.files.get(_key(source))
        words = _input_words(stdin, null="-0" in argv or "--null" in argv)
        if replace:
            for word in words[:8] or [replace]:
                self.inner(cmd, [w.replace(replace, word) for w in rest], None)
        else:
            self.inner(cmd, rest + words[: sx.MAX_WORDS], None)

    def program(self, cmd: Command, stdin: str | None) -> None:
        """Shells, eval, source, at and interpreters: the text they run, when it can be known."""
        argv, name = cmd.argv, cmd.name
        if name not in PROGRAM_RUNNERS and name not in SCRIPTING:  # `./x` written earlier in the line
            self.run_program(cmd, self.files[_script_path(argv[0])], argv, name)
            return
        if name == "eval":
            self.run_program(cmd, " ".join(argv[1:]), None, "eval")
            return
        if name in ("at", "batch"):
            if "-f" in argv:
                return
            if stdin is not None:
                self.run_program(cmd, stdin, None, name)
            return
        flags, operands, code = _interpreter_args(name, argv)
        if name in SCRIPTING and name not in SHELLS:
            if code is None and name in AWKS:
                code = operands[0] if operands and "-f" not in flags else None  # awk 'PROGRAM' FILES
            elif code is None and operands[:1] in ([], ["-"]):
                code = stdin  # the program comes on stdin: `python3 - <<EOF`, `echo CODE | perl`
            elif code is None:
                code = self.files.get(_key(operands[0]))  # a script written earlier in the line
            cmd.program = code
            return
        if code is not None:  # sh -c TEXT [$0 [$1 ...]]
            self.run_program(cmd, code, operands, name)
        elif operands and operands[0] != "-":
            script = operands[0]
            text = self.outputs.get(script) if SUBST_RE.fullmatch(script) else self.files.get(_key(script))
            if script in ("/dev/stdin", "/proc/self/fd/0", "-"):
                text = stdin
            if text is not None:
                self.run_program(cmd, text, operands, name)
        elif stdin is not None:
            self.run_program(cmd, stdin, None, name)

    def run_program(self, cmd: Command, text: str, positional: list[str] | None, name: str) -> None:
        cmd.program = text
        self.run(text, name, positional)

    def evaluate(self, cmd: Command, stdin: str | None) -> str | None:
        """The output of printing and decoding commands whose input is known (see `shellexpand`)."""
        name, argv = cmd.name, cmd.argv
        args = argv[1:]
        if any(SUBST_RE.search(w) for w in args):
            return None
        if name == "echo":
            flags = set()
            while args and re.fullmatch(r"-[neE]+", args[0]):
                flags |= set(args[0][1:])
                args = args[1:]
            text = " ".join(args)
            text = sx.printf("%b", [text]) if "e" in flags else text
            return text if "n" in flags else text + "\n"
        if name == "printf" and args and args[0] != "-v":
            return sx.printf(args[0], args[1:])
        if name in (":", "true", "false", "cd", "export", "alias", "unset"):
            return ""
        if name == "mktemp":
            return sx.TEMP_DIR + "\n"
        if (
            name == "which" or (name in ("command", "type") and args[:1] in (["-v"], ["-p"], ["-P"]))
        ) and args:
            found = [a for a in args if not a.startswith("-")]
            return "".join(f"/usr/bin/{a.rsplit('/', 1)[-1]}\n" for a in found)
        operands = [a for a in args if not a.startswith("-")]
        if name == "ls" and operands and all(re.search(r"[*?[]", a) for a in operands) and "-R" not in args:
            return "\n".join(operands) + "\n"  # `ls ~/.*_history` prints the paths its globs match
        if name == "find" and not {"-exec", "-execdir", "-delete", "-ok", "-okdir"} & set(args):
            roots = [w for w in args if not w.startswith(("-", "(", "!", ")"))][:1] or ["."]
            return _matches_of(argv, roots[0])
        filters = {"cat", "tac", "rev", "base64", "base32", "basenc", "xxd"}
        source = self.input_of(args, stdin) if name in filters else stdin
        if name in ("cat", "tee", "tac"):
            return source if name != "tac" or source is None else "\n".join(reversed(source.split("\n")))
        if source is None:
            return None
        if name in ("base64", "base32", "basenc") and {"-d", "--decode", "-D"} & set(args):
            decoded = sx.b32decode(source) if name == "base32" or "--base32" in args else sx.b64decode(source)
            return decoded
        if name == "openssl" and "-d" in args and ({"base64", "-base64", "-a"} & set(args)):
            return sx.b64decode(source)
        if name == "xxd" and "-r" in " ".join(args) and "p" in "".join(a for a in args if a.startswith("-")):
            return sx.hexdecode(source)
        if name == "rev":
            return "\n".join(line[::-1] for line in source.split("\n"))
        if name == "tr":
            sets = [a for a in args if not a.startswith("-")]
            if "-d" in args and sets:
                return source.translate({ord(c): None for c in (sx._tr_set(sets[0]) or "")})
            table = sx.tr_sets(sets[0], sets[1]) if len(sets) == 2 else None
            return source.translate(table) if table else None
        return None

    def input_of(self, args: list[str], stdin: str | None) -> str | None:
        """The input of a filter: its file operands when they were written in this line, else stdin."""
        files = [a for a in args if not a.startswith("-")]
        if files and all(_key(f) in self.files or f in self.outputs for f in files):
            return "".join(self.outputs.get(f) or self.files.get(_key(f), "") for f in files)
        return None if files else stdin

    # redirections
    def redirect(self, node: tree_sitter.Node) -> tuple[str, str]:
        op = next((c.type for c in node.children if not c.is_named), "")
        targets = [c for c in node.named_children if c.type != "file_descriptor"]
        words = [w for t in targets for w in self.words(t)]
        return op, " ".join(words)

    def heredoc(self, node: tree_sitter.Node, after: list[tree_sitter.Node]) -> tuple[str, str]:
        op = "<<-" if any(c.type == "<<-" for c in node.children) else "<<"
        start = next((c for c in node.children if c.type == "heredoc_start"), None)
        quoted = start is not None and bool(re.search(r"['\"\\]", self.text(start)))
        text = ""
        for child in node.named_children:
            if child.type == "heredoc_body":
                text = self.text(child) if quoted else self.heredoc_text(child)
            elif child.type not in ("heredoc_start", "heredoc_end"):
                after.append(child)
        if op == "<<-":
            text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
        return op, text

    def heredoc_text(self, body: tree_sitter.Node) -> str:
        out, at = [], body.start_byte
        raw = body.text or b""
        for child in body.named_children:
            out.append(
                raw[at - body.start_byte : child.start_byte - body.start_byte].decode("utf-8", "replace")
            )
            if child.type == "heredoc_content":
                out.append(self.text(child))
            else:
                out.append(sx.unprotect(self.piece(child)))
            at = child.end_byte
        out.append(raw[at - body.start_byte :].decode("utf-8", "replace"))
        return "".join(out)

    def redirect_input(self, redirects: list[tuple[str, str]], stdin: str | None) -> str | None:
        for op, target in redirects:
            if op == "<<<":
                stdin = target + "\n"
            elif op in ("<<", "<<-"):
                stdin = target
            elif op == "<":
                stdin = (
                    self.outputs.get(target) if SUBST_RE.fullmatch(target) else self.files.get(_key(target))
                )
        return stdin

    # words
    def words(self, node: tree_sitter.Node, split: bool = True) -> list[str]:
        """The words one argument becomes: expansions, field splitting and brace expansion."""
        kind = node.type
        positional = self.frame.positional
        if kind in ("simple_expansion", "string") and re.fullmatch(r'"?\$[@*]"?', self.text(node)):
            return list(positional[1:]) if positional is not None else [self.text(node).strip('"')]
        text = self.piece(node)
        if split and kind in ("simple_expansion", "expansion", "command_substitution"):
            separators = self.env.get("IFS", " \t\n")
            pieces = (
                re.split("[" + re.escape(separators) + "]+", sx.unprotect(text)) if separators else [text]
            )
            return [p for p in pieces if p] or []
        if kind in ("word", "concatenation", "brace_expression", "command_name"):
            return [sx.unprotect(w) for w in sx.brace_expand(text)]
        return [sx.unprotect(text)]

    def piece(self, node: tree_sitter.Node) -> str:
        """The text of a word part; quoted and expanded characters are protected from brace expansion."""
        kind = node.type
        raw = self.text(node)
        if kind == "command_name":
            return "".join(self.piece(c) for c in node.children)
        if kind == "word":
            return re.sub(r"\\(.)", lambda m: sx.protect(m.group(1)), raw, flags=re.S)
        if kind in ("number", "variable_name", "brace_expression", "array"):
            return raw
        if kind == "raw_string":
            return sx.protect(raw[1:-1])
        if kind == "ansi_c_string":
            return sx.protect(sx.ansi_c(raw[2:-1]))
        if kind in ("string", "translated_string"):
            return "".join(self.string_part(c) for c in node.children)
        if kind == "concatenation":
            return "".join(self.piece(c) for c in node.children)
        if kind in ("simple_expansion", "expansion"):
            return sx.protect(self.expansion(node))
        if kind == "command_substitution":
            return sx.protect(self.substitution(node))
        if kind == "process_substitution":
            return self.substitution(node)
        if kind == "arithmetic_expansion":
            value = sx.arithmetic(self.arith_text(node))
            return str(value) if value is not None else sx.protect(raw)
        return sx.protect(raw)

    def string_part(self, node: tree_sitter.Node) -> str:
        if node.type == '"' or node.type == "$":
            return ""
        if node.type == "string_content":
            return sx.protect(re.sub(r'\\([$`"\\\n])', r"\1", self.text(node)))
        return self.piece(node)

    def arith_text(self, node: tree_sitter.Node) -> str:
        inner = self.text(node)
        inner = re.sub(r"^\$\(\(|\)\)$|^\$\[|\]$", "", inner)
        return re.sub(r"\$?\b([A-Za-z_]\w*)\b", lambda m: self.env.get(m.group(1), m.group(0)), inner)

    def expansion(self, node: tree_sitter.Node) -> str:
        """`$name`, `${name}`, `${!name}`, `$1`: the value when known, else the text as written."""
        raw = self.text(node)
        match = re.fullmatch(r"\$\{?(!?)([A-Za-z_]\w*|[0-9]+|[#?$!@*-])\}?", raw)
        if not match or (raw.startswith("${") != raw.endswith("}")):
            self.nested(node)  # `${x:-$(cmd)}`: the command may run
            return raw
        indirect, name = match.groups()
        if indirect:
            target = self.env.get(name)
            if target is None or not re.fullmatch(r"[A-Za-z_]\w*", target):
                return raw
            return self.env.get(target, f"${target}")
        if name.isdigit():
            positional = self.frame.positional
            if positional is not None:
                return positional[int(name)] if int(name) < len(positional) else ""
            return raw
        return self.env.get(name, raw)

    def nested(self, node: tree_sitter.Node) -> None:
        for child in node.named_children:
            if child.type in ("command_substitution", "process_substitution"):
                self.substitution(child)
            else:
                self.nested(child)

    def substitution(self, node: tree_sitter.Node) -> str:
        """Walk `$(...)`, backticks or `<(...)`: its output when known, else a placeholder word."""
        raw = self.text(node)
        body = raw[2:-1] if raw.startswith(("$(", "<(", ">(")) else raw[1:-1]
        if raw.startswith("`"):
            body = re.sub(r"\\([$`\\])", r"\1", body)
        out = self.run(body, self.frame.wrapped_by)
        process = raw.startswith(("<(", ">("))
        if out is not None and not process:
            return out.rstrip("\n")
        name = self.placeholder(body)
        if out is not None:
            self.outputs[name] = out
        return name

    def placeholder(self, body: str) -> str:
        self.bodies.append(body)
        return SUBST.format(len(self.bodies) - 1)

    @staticmethod
    def text(node: tree_sitter.Node) -> str:
        return (node.text or b"").decode("utf-8", "replace")


def _computed(node: tree_sitter.Node) -> bool:
    """Whether a command name is worked out at run time rather than written (`$x`, `$(...)`, `$'\x72m'`)."""
    kinds = {"simple_expansion", "expansion", "command_substitution", "ansi_c_string", "arithmetic_expansion"}
    return node.type in kinds or any(_computed(child) for child in node.children)


def _key(path: str) -> str:
    return posixpath.normpath(path) if path else path


def _script_path(word: str) -> str:
    return _key(word) if "/" in word else ""


def _interpreter_args(name: str, argv: list[str]) -> tuple[set[str], list[str], str | None]:
    """(flags, operands, code) of a shell or interpreter: code is the `-c`/`-e`/`-r` program text."""
    flags: set[str] = set()
    code: str | None = None
    operands: list[str] = []
    if name in SHELLS:
        code_flags, value_flags = {"-c"}, {"-o", "-O", "+O"}
    elif name in AWKS:
        code_flags, value_flags = {"-e", "--source"}, {"-F", "-v", "-f", "-i", "-l", "-W"}
    else:
        code_flags = {"-c", "-e", "-E", "--eval", "-r", "--command", "-x", "--exec"}
        value_flags = {"-m", "-I", "-M", "-W", "-X", "--include", "--require", "-F", "-l"}
    i = 1
    while i < len(argv):
        word = argv[i]
        if operands or not word.startswith(("-", "+")) or word == "-":
            operands.append(word)
        elif word == "--":
            operands.extend(argv[i + 1 :])
            break
        else:
            flags.add(word)
            letters = word[1:] if not word.startswith("--") else ""
            wants_code = word in code_flags or (
                bool(letters) and ("c" in letters if name in SHELLS else f"-{letters[-1]}" in code_flags)
            )
            if wants_code and code is None and i + 1 < len(argv):
                code = argv[i + 1]
                i += 1
            elif word in value_flags:
                i += 1
        i += 1
    return flags, operands, code


def _matches_of(argv: list[str], root: str) -> str:
    """What `{}` stands for in `find ROOT ... -exec`: every entry, or one when filters choose."""
    filters = {"-name", "-iname", "-path", "-ipath", "-regex", "-iregex", "-newer", "-mtime", "-mmin",
               "-size", "-user", "-empty", "-perm", "-links", "-inum", "-samefile", "-wholename"}  # fmt: skip
    chosen = any(w in filters and i + 1 < len(argv) and argv[i + 1] not in ("*", ".*", "*.*")
                 for i, w in enumerate(argv))  # fmt: skip
    names = [argv[i + 1] for i, w in enumerate(argv[:-1]) if w in ("-name", "-iname")]
    if len(names) == 1 and chosen and "/" not in names[0] and not {"-o", "-or"} & set(argv):
        return f"{root.rstrip('/') or '/'}/{names[0]}".replace("//", "/")  # `-name '*.jpg'`: ROOT/*.jpg
    return f"{root.rstrip('/') or '/'}/{'x' if chosen else '*'}".replace("//", "/")


def _ssh_command(argv: list[str]) -> list[str]:
    """The remote command of `ssh [options] HOST COMMAND...` (run by a shell on that host)."""
    values = set("BbcDEeFIiJLlmOoPpQRSWw")
    i = 1
    while i < len(argv) and argv[i].startswith("-"):
        i += 2 if len(argv[i]) == 2 and argv[i][1] in values else 1
    return argv[i + 1 :]


def _input_words(stdin: str | None, null: bool = False) -> list[str]:
    if stdin is None:
        return []
    return [w for w in (stdin.split("\0") if null else stdin.split()) if w]
