"""The fallback reading of a command line that tree-sitter-bash cannot parse (see `shell.analyse`).

Command substitutions (`$(...)`, backticks) and process substitutions (`<(...)`, `>(...)`) are cut out
first and read on their own; the rest is tokenised with `shlex` and split on `;`, `&&`, `||`, `&`, `|`,
newlines and parentheses. It errs towards seeing more commands than bash would, never fewer.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

_SEPARATORS = {";", "&&", "||", "&", "(", ")", ";;"}
_PIPES = {"|", "|&"}
_KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac",
             "function", "select", "time", "!", "{", "}", "[[", "]]", "coproc"}  # fmt: skip


@dataclass
class Simple:
    """The words of one simple command, with its redirections and place in a pipeline."""

    words: list[str]
    redirects: list[tuple[str, str]] = field(default_factory=list)
    pipeline: int = 0
    position: int = 0


def split(text: str, placeholder: Callable[[str], str]) -> list[Simple]:
    """Simple commands of `text`; `placeholder(body)` names each cut-out substitution (bodies are split
    too, after the line). Raises ValueError when even shlex cannot read it (an open quote)."""
    bodies: list[str] = []

    def cut(body: str) -> str:
        bodies.append(body)
        return placeholder(body)

    lexer = shlex.shlex(_cut_substitutions(text, cut), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    tokens = list(lexer)
    found: list[Simple] = []
    current: list[str] = []
    pipeline, position = 0, 0
    for token in [*tokens, ";"]:
        if token in _SEPARATORS or token in _PIPES or set(token) <= set(";&()"):
            if current:
                found.append(_simple(current, pipeline, position))
            current = []
            if token in _PIPES:
                position += 1
            else:
                pipeline, position = pipeline + 1, 0
        elif current or token not in _KEYWORDS:
            current.append(token)
    for body in bodies:
        found += [Simple(s.words, s.redirects, s.pipeline + 1000 * (len(found) + 1), s.position)
                  for s in split(body, placeholder)]  # fmt: skip
    return found


def _simple(tokens: list[str], pipeline: int, position: int) -> Simple:
    words: list[str] = []
    redirects: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if set(token) <= set("<>&|") and ("<" in token or ">" in token):
            redirects.append((token, tokens[i + 1] if i + 1 < len(tokens) else ""))
            i += 2
            continue
        if not (token.isdigit() and i + 1 < len(tokens) and tokens[i + 1][:1] in "<>"):
            words.append(token)  # skipped: an fd number before a redirection
        i += 1
    return Simple(words, redirects, pipeline, position)


def _cut_substitutions(command: str, cut: Callable[[str], str]) -> str:
    """Replace `$(...)`, backticks, `<(...)` and `>(...)` outside single quotes by `cut(body)`, and
    unquoted newlines by `;`."""
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
            out.append(cut(command[i + 2 : end]))
            i = end + 1
            continue
        elif ch == "`" and not single:
            end = command.find("`", i + 1)
            end = n if end < 0 else end
            out.append(cut(command[i + 1 : end]))
            i = end + 1
            continue
        elif ch == "\n" and not (single or double):
            ch = ";"
        out.append(ch)
        i += 1
    return "".join(out)


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
