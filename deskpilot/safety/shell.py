"""Split a bash command line into the simple commands it would run, for the bash rules.

Command substitutions (`$(...)`, backticks) and process substitutions (`<(...)`, `>(...)`) are cut out
first, replaced by a placeholder word and parsed on their own; the rest is tokenised with `shlex`
and split on `;`, `&&`, `||`, `&`, `|`, newlines and subshell parentheses. Wrappers that run another
command (`env`, `nohup`, `timeout`, `xargs`, `find -exec`, `bash -c`, `eval` ...) are unwrapped, so the
command they run is judged too. The parse errs towards seeing more commands than bash would, never fewer.
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from dataclasses import dataclass, field

SUBST = "__DPSUB{}__"
SUBST_RE = re.compile(r"__DPSUB(\d+)__")
_SEPARATORS = {";", "&&", "||", "&", "(", ")", ";;"}
_PIPES = {"|", "|&"}
_KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac",
             "function", "select", "time", "!", "{", "}", "[[", "]]", "coproc"}  # fmt: skip
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
# Wrapper -> number of leading option words it takes before the wrapped command (None: skip options).
_WRAPPERS = {"env": None, "nohup": 0, "nice": None, "ionice": None, "stdbuf": None, "command": None,
             "builtin": 0, "exec": None, "setsid": None, "time": None, "timeout": None, "xargs": None,
             "watch": None, "sudo": None, "doas": None, "torsocks": None, "proxychains": None,
             "unbuffer": 0, "busybox": 0, "flock": None, "chronic": 0, "caffeinate": None}  # fmt: skip
SHELLS = {"sh", "bash", "dash", "zsh", "ksh", "fish", "csh", "tcsh", "ash"}


class ShellParseError(ValueError):
    pass


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
    """One simple command: its words (placeholders stand for substitutions) and its redirections."""

    argv: list[str]
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (operator, target)
    pipeline: int = 0  # commands with the same number are joined by pipes
    position: int = 0  # place in its pipeline
    substitutions: list[str] = field(default_factory=list)  # bodies of substitutions in its words
    wrapped_by: str = ""  # "bash -c", "xargs", "find -exec"... when another command runs this one
    assignments: list[str] = field(default_factory=list)  # NAME=value words before the command

    @property
    def name(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""


def parse(command: str) -> list[Command]:
    """Every simple command in `command` (normalised first), nested ones included. Raises ShellParseError."""
    return _Parser().parse(normalise(command), depth=0)


class _Parser:
    def __init__(self):
        self.bodies: list[str] = []  # every substitution body, numbered across nesting levels
        self.pipelines = 0

    def next_pipeline(self) -> int:
        self.pipelines += 1
        return self.pipelines

    def parse(self, command: str, depth: int) -> list[Command]:
        if depth > 8:
            raise ShellParseError("command nests too deeply")
        first = len(self.bodies)
        text = self.cut_substitutions(command)
        lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        try:
            tokens = list(lexer)
        except ValueError as e:
            raise ShellParseError(f"cannot parse the command: {e}") from e
        commands: list[Command] = []
        current: list[str] = []
        pipeline, position = self.next_pipeline(), 0
        for token in [*tokens, ";"]:
            if token in _SEPARATORS or token in _PIPES or set(token) <= set(";&()"):
                if current:
                    commands.extend(self.simple(current, pipeline, position, depth))
                current = []
                if token in _PIPES:
                    position += 1
                else:
                    pipeline, position = self.next_pipeline(), 0
            else:
                current.append(token)
        for body in self.bodies[first:]:
            commands.extend(self.parse(body, depth + 1))
        return commands

    def cut_substitutions(self, command: str) -> str:
        """Replace `$(...)`, backticks, `<(...)` and `>(...)` outside single quotes by placeholders and
        turn unquoted newlines into `;`."""
        out: list[str] = []
        i, n = 0, len(command)
        single = double = False
        while i < n:
            ch = command[i]
            if ch == "\\" and not single:
                out.append(command[i : i + 2])
                i += 2
                continue
            if ch == "'" and not double:
                single = not single
            elif ch == '"' and not single:
                double = not double
            elif not single and (
                command.startswith("$(", i) or (not double and command[i : i + 2] in ("<(", ">("))
            ):
                end = _matching_paren(command, i + 1)
                out.append(self.placeholder(command[i + 2 : end]))
                i = end + 1
                continue
            elif ch == "`" and not single:
                end = command.find("`", i + 1)
                end = n if end < 0 else end
                out.append(self.placeholder(command[i + 1 : end]))
                i = end + 1
                continue
            elif ch == "\n" and not (single or double):
                ch = ";"
            out.append(ch)
            i += 1
        return "".join(out)

    def placeholder(self, body: str) -> str:
        self.bodies.append(body)
        return SUBST.format(len(self.bodies) - 1)

    def simple(self, words: list[str], pipeline: int, position: int, depth: int) -> list[Command]:
        """Turn the words of one simple command into Commands (more than one when it wraps another)."""
        argv: list[str] = []
        redirects: list[tuple[str, str]] = []
        assignments: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            if set(word) <= set("<>&|") and ("<" in word or ">" in word):
                redirects.append((word, words[i + 1] if i + 1 < len(words) else ""))
                i += 2
                continue
            if not argv and _ASSIGNMENT.match(word):
                assignments.append(word)
            elif not (word.isdigit() and i + 1 < len(words) and words[i + 1][:1] in "<>") and not (
                not argv and word in _KEYWORDS
            ):
                argv.append(word)  # skipped: an fd number before a redirection, keywords
            i += 1
        words_used = argv + [target for _, target in redirects]
        used = [self.bodies[int(m)] for word in words_used for m in SUBST_RE.findall(word)]
        command = Command(argv, redirects, pipeline, position, used, assignments=assignments)
        return [command, *self.wrapped(command, depth)]

    def wrapped(self, command: Command, depth: int) -> list[Command]:
        """Commands that `command` runs on its behalf."""
        argv, name = command.argv, command.name
        strings = self.command_strings(command)
        if strings is not None:  # a program given as text: parsed on its own, wrappers included
            inner = [found for text in strings for found in self.parse(text, depth + 1)]
            for sub in inner:
                sub.wrapped_by = sub.wrapped_by or name
            return inner
        inner: list[Command] = []
        if name in ("find", "fd"):
            for j, word in enumerate(argv):
                if word in ("-exec", "-execdir", "-ok", "-okdir", "-x", "--exec"):
                    rest = argv[j + 1 :]
                    end = next((k for k, w in enumerate(rest) if w in (";", "+")), len(rest))
                    inner = [Command(rest[:end], pipeline=self.next_pipeline())]
                    break
        elif name in _WRAPPERS and not (name == "command" and argv[1:2] in (["-v"], ["-V"])):
            rest = argv[1:]
            while rest and (rest[0].startswith("-") or _ASSIGNMENT.match(rest[0]) or _is_number(rest[0])):
                rest = rest[2:] if _takes_value(name, rest[0]) else rest[1:]
            if rest:
                inner = [
                    Command(
                        rest, command.redirects, command.pipeline, command.position, command.substitutions
                    )
                ]
        for sub in inner:
            sub.wrapped_by = sub.wrapped_by or name
        return [found for sub in inner for found in (sub, *self.wrapped(sub, depth + 1))]

    @staticmethod
    def command_strings(command: Command) -> list[str] | None:
        """The command lines a command runs from text (`bash -c TEXT`, `sh <<< TEXT`, `eval`, `at`,
        `env -S`, `script -c`, an alias's value, a trap's action), or None when it takes none."""
        argv, name = command.argv, command.name
        here = [text for op, text in command.redirects if op == "<<<"]
        if name == "busybox" and argv[1:2] and argv[1] in SHELLS:
            argv, name = argv[1:], argv[1]
        if name in SHELLS or name == "su":
            flag = next(
                (i for i, w in enumerate(argv[1:], 1) if w.startswith("-") and "c" in w.lstrip("-")), 0
            )
            return ([argv[flag + 1]] if flag and flag + 1 < len(argv) else []) + here
        if name == "eval":
            return [" ".join(argv[1:]), *here]
        if name in ("source", ".", "at", "batch") and here:
            return here
        if name == "alias":
            return [w.split("=", 1)[1] for w in argv[1:] if "=" in w]
        if name == "trap":
            return argv[1:2]
        if name == "script" or (
            name == "env" and any(w.startswith("-S") or w == "--split-string" for w in argv)
        ):
            return [w for w in argv[1:] if " " in w][:1]
        return None


def _matching_paren(text: str, start: int) -> int:
    """Index of the `)` closing the `(` at `start` (or the end of the text if it never closes)."""
    depth = 0
    single = double = False
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\" and not single:
            i += 2
            continue
        if ch == "'" and not double:
            single = not single
        elif ch == '"' and not single:
            double = not double
        elif not (single or double):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return i
        i += 1
    return len(text)


def _is_number(word: str) -> bool:
    return bool(re.fullmatch(r"[0-9.]+[smhd]?", word))


def _takes_value(wrapper: str, option: str) -> bool:
    """Options of wrappers that take the next word as their value (`nice -n 5`, `timeout -s KILL`)."""
    values = {
        "nice": ("-n", "--adjustment"),
        "ionice": ("-c", "-n", "-p", "--class", "--classdata"),
        "timeout": ("-s", "--signal", "-k", "--kill-after"),
        "xargs": ("-I", "-n", "-P", "-L", "-d", "-a", "-E", "-s", "--max-args", "--max-procs"),
        "env": ("-u", "--unset", "-C", "--chdir", "-S", "--split-string"),
        "sudo": ("-u", "-g", "-U", "-C", "-D", "-h", "-p", "-r", "-t"),
        "flock": ("-w", "-E", "--timeout"),
        "stdbuf": (),
        "watch": ("-n", "--interval", "-d"),
    }
    return option in values.get(wrapper, ())
