"""What bash would make of literal text: brace expansion, ANSI-C strings, printf, arithmetic, and the
output of simple printing and decoding commands (echo, printf, base64 -d, xxd -r, rev, tr ...).

Used by `shell.analyse` to see through quoting and encodings. Everything here is static: no command is
run. Anything that cannot be worked out returns None, and the caller treats it as unknown.
"""

from __future__ import annotations

import ast
import base64
import binascii
import codecs
import operator
import re

# Characters of quoted text or expansion results, hidden from brace expansion (U+E000 private use).
_PROTECT = {"{": "\ue000", "}": "\ue001", ",": "\ue002"}
_UNPROTECT = {v: k for k, v in _PROTECT.items()}
MAX_WORDS = 64  # brace and loop expansions stop here
TEMP_DIR = "/tmp/tmp.XXXXXXXXXX"  # what `mktemp -d` prints: a fresh folder in /tmp


def protect(text: str) -> str:
    return "".join(_PROTECT.get(ch, ch) for ch in text)


def unprotect(text: str) -> str:
    return "".join(_UNPROTECT.get(ch, ch) for ch in text)


def brace_expand(word: str) -> list[str]:
    """`a{b,c}d` -> [abd, acd], `{1..3}` -> [1, 2, 3] (bash's brace expansion, capped at MAX_WORDS)."""
    match = _first_brace(word)
    if match is None:
        return [word]
    start, end, items = match
    out: list[str] = []
    for item in items:
        for expanded in brace_expand(word[:start] + item + word[end + 1 :]):
            out.append(expanded)
            if len(out) >= MAX_WORDS:
                return out
    return out


def _first_brace(word: str) -> tuple[int, int, list[str]] | None:
    for start, ch in enumerate(word):
        if ch != "{" or (start and word[start - 1] == "$"):
            continue
        depth, parts, last = 0, [], start + 1
        for i in range(start, len(word)):
            if word[i] == "{":
                depth += 1
            elif word[i] == "}":
                depth -= 1
                if depth == 0:
                    parts.append(word[last:i])
                    if len(parts) > 1:
                        return start, i, parts
                    sequence = _sequence(parts[0])
                    if sequence is not None:
                        return start, i, sequence
                    break
            elif word[i] == "," and depth == 1:
                parts.append(word[last:i])
                last = i + 1
    return None


def _sequence(text: str) -> list[str] | None:
    match = re.fullmatch(r"(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?", text)
    if not match:
        return None
    first, last, step = match.groups()
    step_size = abs(int(step or 1)) or 1
    if first.lstrip("-").isdigit() and last.lstrip("-").isdigit():
        a, b = int(first), int(last)
        values = range(a, b + (1 if b >= a else -1), step_size if b >= a else -step_size)
        return [str(v) for v in values[:MAX_WORDS]]
    if first.isalpha() and last.isalpha():
        a, b = ord(first), ord(last)
        values = range(a, b + (1 if b >= a else -1), step_size if b >= a else -step_size)
        return [chr(v) for v in values[:MAX_WORDS]]
    return None


def ansi_c(body: str) -> str:
    """The value of `$'...'` (bash's ANSI-C quoting): \\n, \\xHH, \\NNN octal, \\uHHHH, \\cX ..."""
    return _escapes(body, octal_zero=False)


def _escapes(text: str, octal_zero: bool) -> str:
    """Backslash escapes as `$'...'` (octal `\\NNN`) or `printf`/`echo -e` (`\\0NNN` also) read them."""
    simple = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "e": "\x1b",
              "E": "\x1b", "\\": "\\", "'": "'", '"': '"', "?": "?"}  # fmt: skip
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch != "\\" or i + 1 == len(text):
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt in simple:
            out.append(simple[nxt])
            i += 2
        elif nxt == "x" and (m := re.match(r"[0-9a-fA-F]{1,2}", text[i + 2 :])):
            out.append(chr(int(m.group(), 16)))
            i += 2 + len(m.group())
        elif nxt in "uU" and (m := re.match(r"[0-9a-fA-F]{1,8}", text[i + 2 :])):
            out.append(chr(min(int(m.group(), 16), 0x10FFFF)))
            i += 2 + len(m.group())
        elif nxt in "01234567":
            octal = re.match(r"0?[0-7]{1,3}" if octal_zero else r"[0-7]{1,3}", text[i + 1 :])
            digits = octal.group() if octal else nxt
            out.append(chr(int(digits, 8) & 0xFF))
            i += 1 + len(digits)
        elif nxt == "c" and i + 2 < len(text):
            out.append(chr(ord(text[i + 2]) & 0x1F))
            i += 3
        else:
            out.append("\\" + nxt)
            i += 2
    return "".join(out)


def printf(fmt: str, args: list[str]) -> str:
    """What `printf FORMAT ARGS...` prints: escapes, %s %b %d %c %q ..., the format reused for extra args."""
    out: list[str] = []
    args = list(args)
    while True:
        used = 0
        i = 0
        while i < len(fmt):
            if fmt[i] == "%" and i + 1 < len(fmt):
                m = re.match(r"%([-+ 0#]*)(\d*)(?:\.(\d+))?([sbdiouxXcqfeEgG%])", fmt[i:])
                if not m:
                    out.append("%")
                    i += 1
                    continue
                conv = m.group(4)
                if conv == "%":
                    out.append("%")
                else:
                    arg = args[used] if used < len(args) else ""
                    used += 1
                    out.append(_convert(conv, arg, m.group(1), m.group(2), m.group(3)))
                i += len(m.group())
            elif fmt[i] == "\\":
                end = i + 2
                m = re.match(r"\\(x[0-9a-fA-F]{1,2}|0?[0-7]{1,3}|u[0-9a-fA-F]{1,4}|.)", fmt[i:], re.S)
                end = i + len(m.group()) if m else end
                out.append(_escapes(fmt[i:end], octal_zero=True))
                i = end
            else:
                out.append(fmt[i])
                i += 1
        args = args[used:]
        if not used or not args:
            return "".join(out)


def _convert(conv: str, arg: str, flags: str, width: str, precision: str | None) -> str:
    if conv == "b":
        text = _escapes(arg, octal_zero=True)
    elif conv in "diouxX":
        try:
            number = int(arg, 0) if arg.strip() else 0
        except ValueError:
            number = 0
        text = format(number, {"i": "d", "u": "d"}.get(conv, conv))
    elif conv == "c":
        text = arg[:1]
    elif conv in "feEgG":
        try:
            text = format(float(arg or 0), conv)
        except ValueError:
            text = "0"
    else:
        text = arg
    if precision is not None and conv in "sbq":
        text = text[: int(precision)]
    if width:
        fill = "0" if "0" in flags and conv not in "sbqc" else " "
        text = text.ljust(int(width)) if "-" in flags else text.rjust(int(width), fill)
    return text


_ARITH_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
              ast.Div: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow, ast.LShift: operator.lshift,
              ast.RShift: operator.rshift, ast.BitOr: operator.or_, ast.BitAnd: operator.and_,
              ast.BitXor: operator.xor}  # fmt: skip


def arithmetic(expression: str) -> int | None:
    """The value of `$(( ... ))` when it uses only numbers and + - * / % ** << >> | & ^ (else None)."""
    text = expression.strip()
    if not text or len(text) > 200 or re.search(r"[^0-9a-fA-Fx+\-*/%<>|&^()\s]", text):
        return None
    try:
        tree = ast.parse(text.replace("/", "//"), mode="eval")
        return _arith(tree.body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return None


def _arith(node: ast.AST) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _arith(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITH_OPS:
        left, right = _arith(node.left), _arith(node.right)
        if isinstance(node.op, ast.Pow) and (right > 128 or right < 0):
            raise ValueError("exponent too large")
        if isinstance(node.op, ast.LShift) and right > 128:
            raise ValueError("shift too large")
        return int(_ARITH_OPS[type(node.op)](left, right))
    raise ValueError("not plain arithmetic")


def tr_sets(first: str, second: str) -> dict[int, str] | None:
    """A translation table for `tr SET1 SET2` (ranges like a-z; classes are not read)."""
    one, two = _tr_set(first), _tr_set(second)
    if one is None or two is None or not two:
        return None
    two = two + two[-1] * max(0, len(one) - len(two))
    return {ord(a): b for a, b in zip(one, two, strict=False)}


def _tr_set(text: str) -> str | None:
    if "[:" in text:
        return None
    text = _escapes(text, octal_zero=True)
    out: list[str] = []
    i = 0
    while i < len(text):
        if i + 2 < len(text) and text[i + 1] == "-" and ord(text[i]) <= ord(text[i + 2]):
            out.extend(chr(c) for c in range(ord(text[i]), ord(text[i + 2]) + 1))
            i += 3
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def b64decode(text: str) -> str | None:
    """Base64 (standard or URL alphabet) decoded to text, or None when it is not base64 of text."""
    data = re.sub(r"\s+", "", text)
    if not data or not re.fullmatch(r"[A-Za-z0-9+/_-]+=*", data):
        return None
    try:
        raw = base64.b64decode(
            data + "=" * (-len(data) % 4), altchars=b"-_" if "-" in data or "_" in data else None
        )
    except (binascii.Error, ValueError):
        return None
    return _text(raw)


def b32decode(text: str) -> str | None:
    data = re.sub(r"\s+", "", text).upper()
    try:
        return _text(base64.b32decode(data + "=" * (-len(data) % 8)))
    except (binascii.Error, ValueError):
        return None


def hexdecode(text: str) -> str | None:
    data = re.sub(r"\s+|\\x|0x", "", text)
    if len(data) < 2 or len(data) % 2 or not re.fullmatch(r"[0-9a-fA-F]+", data):
        return None
    return _text(bytes.fromhex(data))


def _text(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\n\t\r" for ch in text)
    return text if text and printable >= 0.95 * len(text) else None


def rot13(text: str) -> str:
    return codecs.encode(text, "rot13")


def decoded_literals(code: str) -> list[str]:
    """Quoted literals in a program (python -c, perl -e ...), and what the base64 or hex ones decode to."""
    found = []
    for double, single in re.findall(r"\"((?:[^\"\\]|\\.){2,})\"|'((?:[^'\\]|\\.){2,})'", code):
        literal = double or single
        found.append(literal)
        if len(literal) >= 8:
            for decoder in (b64decode, hexdecode):
                text = decoder(literal)
                if text:
                    found.append(text)
    return found
