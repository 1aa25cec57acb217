"""Text-editor plans: type, edit the document (checked against its accessible text), open, save, save as."""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Generator

from deskpilot.local.nlu.schema import Command
from deskpilot.local.plans.common import (
    DIALOG_WAITS_S,
    Act,
    GiveUp,
    NeedUser,
    Plan,
    app_match,
    app_windows,
    click,
    ensure_app,
    find,
    key,
    type_text,
    wait,
)
from deskpilot.local.plans.general import plan_click
from deskpilot.perception.elements import Element, norm


# Text editor
def editor_text(p) -> Element | None:
    """The editor's document: the largest editable text element of the active editor window."""
    fields = [e for e in p.elements(ocr=False) if app_match(e, "editor") and e.role == "text"
              and "editable" in e.states]  # fmt: skip
    return max(fields, key=lambda e: e.area) if fields else None


def plan_type(p, cmd: Command) -> Plan:
    text = cmd.text
    if cmd.op == "result":  # "write the result": what the last computation showed
        text = p.notes.get("result", "")
        if not text:
            raise NeedUser("Which result should I write? Nothing was computed before.")
    if cmd.app:
        yield from ensure_app(p, cmd.app)
    if cmd.new_document:
        yield from new_document(p)
    if cmd.target:
        found = find(p, cmd.target, app=cmd.app)
        if not found:
            raise GiveUp(f"I could not find {cmd.target!r} to type into.")
        yield click(found[0].point, f"Clicking into {cmd.target!r}")
    doc = editor_text(p) if cmd.app == "editor" else None
    before_text = doc.content if doc else None
    yield type_text(text)
    if cmd.app == "editor":
        doc = editor_text(p)
        if doc is not None and text.rstrip("\n") not in doc.content:
            if before_text == doc.content:  # keystrokes went elsewhere: click into the document, retry
                yield click(doc.center, "Clicking into the document")
                yield key("ctrl+End")
                yield type_text(text)
                doc = editor_text(p)
            if doc is None or text.rstrip("\n") not in doc.content:
                raise GiveUp(f"The text {text!r} did not appear in the editor.")
    return f"typed {text!r}"


def new_document(p) -> Plan:
    """An empty, untitled editor document: the current one if it is, else a new one (ctrl+n)."""
    doc = editor_text(p)
    if doc is not None and not doc.content and _editor_title(p).lstrip("*").startswith("Untitled"):
        return "using the empty document"
    yield key("ctrl+n", "Opening a new document")
    doc = editor_text(p)
    if doc is None or doc.content:
        raise GiveUp("The editor did not open an empty new document.")
    return "opened a new document"


NUMBER_WORDS = dict(enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()))


def _order(line: str) -> tuple:
    """Lines sort as numbers when they are numbers ("9" before "10"), else alphabetically."""
    try:
        return (0, float(line.strip().replace(",", "")), "")
    except ValueError:
        return (1, 0.0, line.lower())


def _stem(word: str) -> str:
    w = word.lower().strip("'")
    for end in ("ing", "ed", "es", "s"):
        if w.endswith(end) and len(w) - len(end) >= 3:
            return w[: -len(end)]
    return w


def best_line(lines: list[str], words: tuple) -> int:
    """The index of the one line that holds the most of these words (by stem: "booked" on "book dentist"),
    -1 when no line holds any, or two lines hold as many."""
    stems = {_stem(w) for w in words if len(w) >= 3}
    scores = []
    for line in lines:
        held = {_stem(w) for w in re.findall(r"[A-Za-z][\w']+", line)}
        scores.append(sum(1 for s in stems if any(h == s or len(s) >= 4 and h.startswith(s) for h in held)))
    best = max(scores, default=0)
    return scores.index(best) if best and scores.count(best) == 1 else -1


def _same_case(written: str, new: str) -> str:
    """`new` in the case of the words it replaces when said all in lower case ("lyon" for "Paris": "Lyon")."""
    if new != new.lower():
        return new
    if written.isupper() and len(written) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if written[:1].isupper() else new


def transform(op: str, args: tuple, text: str) -> str:
    lines = text.split("\n")
    trailing = text.endswith("\n")
    body = (lines[:-1] if trailing else lines) if text else []  # an empty document has no lines
    if op == "upper":
        return text.upper()
    if op == "lower":
        return text.lower()
    if op == "replace":
        stem = (
            re.sub(r"(?:(?<=(.))\1ing|ing|ed|es|s)$", "", args[0])
            if re.fullmatch(r"[A-Za-z]{5,}", args[0])
            else ""
        )
        loose = (
            re.compile(rf"(?<!\w){re.escape(args[0])}(?!\w)", re.I)
            if args[0] and args[0] not in text
            else None
        )
        if loose and loose.search(
            text
        ):  # "paris to lyon" in a note that says "Paris": "Lyon", in the case written
            return loose.sub(lambda m: _same_case(m.group(0), args[1]), text)
        if args[0] not in text and len(stem) >= 3:  # "yoga instead of swimming" in a note that says "swim"
            return re.sub(rf"\b{re.escape(stem)}\w*", lambda m: args[1], text, flags=re.I)
        return text.replace(args[0], args[1])
    if op == "set_field":  # "change the due date to X": the value of a "due date: ..." line, else the words
        # the label as said, else one of its words as the line's label ("the due date" on a "Due:" line)
        for name in (args[0], *sorted(args[0].split(), key=len, reverse=True)):
            label = re.compile(
                rf"^(\s*{re.escape(name)}\s*[:=]\s*|\s*{re.escape(name)}\s+(?=[\d$\x27\x22v])).*$",
                re.I | re.M,
            )
            if len(name) > 2 and label.search(text):
                return label.sub(lambda m: m.group(1) + args[1], text, count=1)
        if args[0].lower() not in text.lower():
            raise GiveUp(f"The document has no {args[0]!r}.")
        return re.sub(re.escape(args[0]), lambda m: args[1], text, flags=re.I)
    if op == "capitalize_first":
        i = next((n for n, ch in enumerate(text) if ch.isalpha()), None)
        return text if i is None else text[:i] + text[i].upper() + text[i + 1 :]
    if op == "set_text":  # the whole document becomes these words
        return args[0] + ("\n" if trailing or not text else "")
    if op == "clear":
        return ""
    if op in ("delete_line", "duplicate_line"):
        index = args[0] - 1 if args[0] > 0 else len(body) + args[0]
        if not 0 <= index < len(body):
            raise GiveUp(f"The document has no line {args[0]}.")
        if op == "duplicate_line":  # a copy right below it, or at the end ("copy the first line to the end")
            body.insert(len(body) if args[1] else index + 1, body[index])
            trailing = trailing or bool(args[1])
        else:
            del body[index]
    elif op == "sort":
        body = sorted(body, key=_order)
    elif op == "sort_reverse":
        body = sorted(body, key=_order, reverse=True)
    elif op == "insert_line":
        body = [args[0], *body]
    elif op == "append_line":
        body = [*body, args[0]]
        trailing = True
    elif op == "swap_lines":  # args: two line numbers (1-based; -1 the last)
        a, b = (n - 1 if n > 0 else len(body) + n for n in args)
        if not (0 <= a < len(body) and 0 <= b < len(body)):
            raise GiveUp(
                f"The document has {len(body)} lines, so lines {args[0]} and {args[1]} cannot be swapped."
            )
        body[a], body[b] = body[b], body[a]
    elif op == "reverse_lines":
        body = body[::-1]
    elif op == "join_lines":  # args: what goes between the joined lines (a space unless said)
        body = [(args[0] if args else " ").join(ln.strip() for ln in body if ln.strip())]
    elif op == "delete_lines":  # args: the first and last line to go (1-based; negative counts from the end)
        first, last = (n - 1 if n > 0 else len(body) + n for n in args)
        if not (0 <= first <= last < len(body)):
            raise GiveUp(f"The document has {len(body)} lines, so lines {args[0]} to {args[1]} cannot go.")
        body = body[:first] + body[last + 1 :]
    elif op == "shift_line":  # args: the line (its words, or 1-based, -1 the last), -1 up or 1 down by one
        index = (
            _holding(body, args[0])
            if isinstance(args[0], str)
            else (args[0] - 1 if args[0] > 0 else len(body) + args[0])
        )
        if not 0 <= index < len(body):
            raise GiveUp(f"No line of the document holds {args[0]!r}.")
        other = index + args[1]
        if not 0 <= other < len(body):
            raise GiveUp(f"That line is already at the {'top' if args[1] < 0 else 'bottom'}.")
        body[index], body[other] = body[other], body[index]
    elif op == "swap_said":  # args: words of two lines; they trade places
        a, b = _holding(body, args[0]), _holding(body, args[1])
        if a < 0 or b < 0 or a == b:
            raise GiveUp(f"I cannot find two lines holding {args[0]!r} and {args[1]!r}.")
        body[a], body[b] = body[b], body[a]
    elif op == "delete_middle":  # args: how many lines in the middle go (as many above them as below)
        spare = len(body) - args[0]
        if spare < 2 or spare % 2:
            raise GiveUp(f"The document has {len(body)} lines, so no {args[0]} of them stand in the middle.")
        body = body[: spare // 2] + body[spare // 2 + args[0] :]
    elif op == "keep_until":  # args: words of the last line that stays; every line after it goes
        last = next((n for n, ln in enumerate(body) if args[0].lower() in ln.lower()), -1)
        if last < 0:
            raise GiveUp(f"No line of the document contains {args[0]!r}.")
        body = body[: last + 1]
    elif op == "strip_numbers":  # a number (and its dot or bracket) at the start of each line goes
        body = [re.sub(r"^(\s*)\d+\s*[.):-]?\s*", r"\1", ln) for ln in body]
    elif op == "keep_matching":  # args: words a line must hold (any case) to stay
        body = [ln for ln in body if args[0].lower() in ln.lower()]
    elif op == "delete_prefixed":  # args: what the lines that go start with (leading spaces aside)
        body = [ln for ln in body if not ln.lstrip().startswith(args[0])]
    elif op == "keep_lines":  # args: how many lines from the top stay
        body = body[: args[0]]
    elif op == "split_items":  # args: "," (items of a list) or "word": each on a line of its own
        parts = (
            re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", ln.strip()) if args[0] == "," else ln.split()
            for ln in body
        )
        body = [p for items in parts for p in items if p]
    elif op == "prefix_lines":  # args: the mark, and the first line (1-based) that gets it when not the top
        # a line that starts with the mark already keeps one (indents always add)
        start = args[1] - 1 if len(args) > 1 else 0
        body = [
            args[0] + ln
            if n >= start and ln.strip() and (not args[0].strip() or not ln.startswith(args[0]))
            else ln
            for n, ln in enumerate(body)
        ]
    elif op == "insert_near":  # args: words of a line, the new line, "after" or "before"
        # the understanding turns number words into digits ("one" -> "1"): the line may spell it out
        spelt = re.sub(r"\d+", lambda m: NUMBER_WORDS.get(int(m.group(0)), m.group(0)), args[0])
        index = next((n for n, ln in enumerate(body) if args[0].lower() in ln.lower()), -1)
        index = (
            index if index >= 0 else next((n for n, ln in enumerate(body) if spelt.lower() in ln.lower()), -1)
        )
        if (
            index < 0
        ):  # "after the date" on a "Date: 5 May" line, "the heading": the one line holding its words
            index = best_line(body, tuple(re.findall(r"[A-Za-z][\w']+", args[0])))
            if (
                index < 0
                and re.fullmatch(
                    r"(?:the\s+)?(?:heading|title|header|top|first\s+line)", args[0].strip(), re.I
                )
                and body
            ):
                index = 0
        if index < 0:
            raise GiveUp(f"No line of the document contains {args[0]!r}.")
        new = (
            ""
            if re.fullmatch(r"(?:a\s+|an\s+)?(?:new\s+)?(?:blank|empty)(?:\s+line)?", args[1].strip(), re.I)
            else args[1]
        )
        body.insert(index + 1 if args[2] == "after" else index, new)
    elif op == "insert_at":  # args: the place the new line takes (1-based), the new line
        body.insert(min(max(args[0] - 1, 0), len(body)), args[1])
    elif (
        op == "replace_like"
    ):  # args: a new time, date or amount; the first of the same kind in the text gives way
        kinds = (r"[\w.+-]+@[\w-]+\.[\w.]*\w", r"\+?\(?\d{2,4}\)?[ .-]?\d{3}[ .-]\d{3,4}\b|\b\d{3}[ .-]\d{4}\b",  # an email, a phone number
                 r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b", r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
                 r"-?\d+(?:[.,]\d+)?")  # fmt: skip
        kind = next((k for k in kinds if re.fullmatch(k, args[0], re.I)), "")
        old = re.search(kind, text, re.I) if kind else None
        if old is None:
            raise GiveUp(f"The document has nothing like {args[0]!r} to change.")
        return text[: old.start()] + args[0] + text[old.end() :]
    elif (
        op == "append_sum"
    ):  # a last line with the total of the numbers the lines hold; args: a label ("Total: ")
        numbers = [float(n) for ln in body for n in re.findall(r"-?\d+(?:\.\d+)?", ln.replace(",", ""))]
        if not numbers:
            raise GiveUp("The document holds no numbers to add up.")
        total = f"{sum(numbers):g}" if sum(numbers).is_integer() else f"{sum(numbers):.10g}"
        body = [*body, f"{args[0] if args else ''}{total}"]
        trailing = True
    elif op == "title_case":  # args: the line (1-based) or 0 for every line
        body = [ln.title() if not args[0] or n == args[0] - 1 else ln for n, ln in enumerate(body)]
    elif op == "capitalize_lines":
        body = [re.sub(r"[A-Za-z]", lambda m: m.group(0).upper(), ln, count=1) for ln in body]
    elif op == "squeeze_spaces":
        body = [re.sub(r"(?<=\S) {2,}(?=\S)", " ", ln) for ln in body]
    elif op == "wrap_lines":  # args: what goes before and after each line with text
        body = [f"{args[0]}{ln}{args[1]}" if ln.strip() else ln for ln in body]
    elif op == "dedupe_lines":  # a line said again is dropped, the first kept
        seen: set[str] = set()
        body = [ln for ln in body if not (ln.strip() and ln in seen) and not seen.add(ln)]
    elif (
        op == "respell"
    ):  # args: a misspelt word (lower case) and its spelling; the case it stands in is kept
        wrong = re.compile(rf"\b{re.escape(args[0])}\b", re.I)
        body = [
            wrong.sub(lambda m: args[1].capitalize() if m.group(0)[0].isupper() else args[1], ln)
            for ln in body
        ]
    elif op == "end_lines":  # args: a mark each line with text ends with, unless it does already
        body = [
            ln.rstrip() + args[0] if ln.strip() and not ln.rstrip().endswith(args[0]) else ln for ln in body
        ]
    elif op == "swap_words":  # args: two words, each put where the other stood (whole words only)
        pair = {args[0].lower(): args[1], args[1].lower(): args[0]}
        either = re.compile(rf"\b(?:{re.escape(args[0])}|{re.escape(args[1])})\b", re.I)
        body = [either.sub(lambda m: pair[m.group(0).lower()], ln) for ln in body]
    elif op == "move_line":  # args: words of the line (or its number), "top" or "bottom"
        index = (args[0] - 1 if args[0] > 0 else len(body) + args[0]) if isinstance(args[0], int) else next(
            (n for n, ln in enumerate(body) if ln.strip().lower() == str(args[0]).lower()),
            next((n for n, ln in enumerate(body) if str(args[0]).lower() in ln.lower()),
                 best_line(body, tuple(re.findall(r"[A-Za-z][\w']+", str(args[0]))))))  # fmt: skip
        if not 0 <= index < len(body):
            raise GiveUp(f"The document has no line {args[0]!r}.")
        line = body.pop(index)
        body = [line, *body] if args[1] == "top" else [*body, line]
    elif op == "set_line":  # args: the line (1-based, -1 the last) and its new text
        index = args[0] - 1 if args[0] > 0 else len(body) + args[0]
        if not 0 <= index < len(body):
            raise GiveUp(f"The document has no line {args[0]}.")
        labelled = re.fullmatch(
            r"(\s*[A-Za-z][\w ]*?(?:[:=]\s*|\s+))[-+]?[$\u20ac\u00a3]?\d[\d.,]*\s*", body[index]
        )
        if labelled and re.fullmatch(
            r"[-+]?\d[\d.,]*", args[1]
        ):  # "Total: 40" said to be 42: the number changes
            body[index] = labelled.group(1) + args[1]
        else:
            body[index] = args[1]
    elif op == "line_case":  # args: the line (1-based, -1 the last) and "upper" or "lower"
        index = args[0] - 1 if args[0] > 0 else len(body) + args[0]
        if not 0 <= index < len(body):
            raise GiveUp(f"The document has no line {args[0]}.")
        body[index] = body[index].upper() if args[1] == "upper" else body[index].lower()
    elif (
        op == "end_with"
    ):  # a mark at the end of the last line that has text (or line args[1]), unless it ends so already
        index = max((n for n, ln in enumerate(body) if ln.strip()), default=-1)
        if len(args) > 1:
            index = args[1] - 1 if args[1] > 0 else len(body) + args[1]
            index = index if 0 <= index < len(body) else -1
        if index < 0:
            raise GiveUp("The document has no text to end with a mark.")
        if not body[index].rstrip().endswith(args[0]):
            body[index] = body[index].rstrip() + args[0]
    elif op == "number_lines":  # args: the text before and after the number ("", ". ")
        count = iter(range(1, len(body) + 1))
        body = [f"{args[0]}{next(count)}{args[1]}{ln}" if ln.strip() else ln for ln in body]
    elif op == "remove_blank":
        body = [ln for ln in body if ln.strip()]
    elif op == "delete_best":  # args: the instruction's words; the one line that holds the most of them goes
        index = best_line(body, args)
        if index < 0:
            raise GiveUp("I cannot tell which line you mean; please quote its words.")
        del body[index]
    elif op == "delete_matching":  # "the line that says draft": every line that holds the words
        kept = [ln for ln in body if args[0].lower() not in ln.lower()]
        index = (
            best_line(body, tuple(re.findall(r"[A-Za-z][\w']+", args[0]))) if len(kept) == len(body) else -1
        )
        if (
            index >= 0
        ):  # "paid the gas bill already" on a "pay gas bill" line: the line holding most of its words
            kept = body[:index] + body[index + 1 :]
        if len(kept) == len(body):
            raise GiveUp(f"No line of the document contains {args[0]!r}.")
        body = kept
    elif op == "delete_text":  # the text and one space beside it, so no double spaces stay behind
        # a line that held nothing else goes with it ("remove 'call mom'" leaves no blank line)
        body = [_without(ln, args[0]) for ln in body if not (ln.strip() and ln.strip() == args[0].strip())]
    elif op == "strip_lines":  # args: "left", "right" or "both": the spaces at that side of each line go
        strip = {"left": str.lstrip, "right": str.rstrip}.get(args[0], str.strip)
        if len(args) > 1:  # and a line (1-based, -1 the last): that line's only
            index = args[1] - 1 if args[1] > 0 else len(body) + args[1]
            if not 0 <= index < len(body):
                raise GiveUp(f"The document has no line {args[1]}.")
            body[index] = strip(body[index])
        else:
            body = [strip(ln) for ln in body]
    elif (
        op == "join_range"
    ):  # args: the first and last line (1-based, negative from the end), what goes between
        first, last = sorted(n if n > 0 else len(body) + 1 + n for n in args[:2])
        if not 1 <= first < last <= len(body):
            raise GiveUp(f"The document has no lines {first} to {last}.")
        body[first - 1 : last] = [args[2].join(ln.strip() for ln in body[first - 1 : last])]
    elif op == "respell_near":  # args: a misspelt word; it becomes the document's most alike other word
        words = {w for w in re.findall(r"[A-Za-z][\w']+", text) if w.lower() != args[0].lower()}
        near = difflib.get_close_matches(args[0], sorted(words), n=1, cutoff=0.7)
        if not near:
            raise GiveUp(f"I cannot tell what {args[0]!r} should be; which spelling do you want?")
        body = [re.sub(rf"\b{re.escape(args[0])}\b", near[0], ln) for ln in body]
    elif op == "affix_line":  # args: the line (1-based, -1 the last), "start" or "end", the text added there
        if isinstance(args[0], str):  # the line that holds these words
            args = (next((n + 1 for n, ln in enumerate(body) if args[0].lower() in ln.lower()), 0), *args[1:])
        index = args[0] - 1 if args[0] > 0 else len(body) + args[0]
        if not 0 <= index < len(body):
            raise GiveUp(f"The document has no line {args[0]}.")
        body[index] = args[2] + body[index] if args[1] == "start" else body[index] + args[2]
    elif op in LINE_OPS:
        body = _line_op(op, args, body)
    else:
        raise GiveUp(f"I don't know how to {op} a document.")
    return "\n".join(body) + ("\n" if trailing else "")


# edits of one line named by its place (1-based, negative from the end), read by nlu.editwords
LINE_OPS = {
    "delete_word",
    "delete_in_line",
    "delete_lines_each",
    "insert_beside",
    "replace_in_line",
    "move_beside",
    "set_said",
    "complete_line",
    "place_line",
    "sentence_case",
    "unprefix",
}
# the kinds of value a line may hold, most particular first: an email, a phone number, a time, a date, a number
KINDS = (r"[\w.+-]+@[\w-]+\.[\w.]*\w", r"\+?\(?\d[\d()]*(?:[ .-]\d+){1,3}\b", r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b",
         r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b", r"-?\d+(?:[.,]\d+)*")  # fmt: skip


def _holding(body: list[str], words: str) -> int:
    """The line holding these words (any case), else the one holding most of them by stem; -1 when none."""
    index = next((n for n, ln in enumerate(body) if re.search(rf"(?<!\w){re.escape(words)}", ln, re.I)), -1)
    return index if index >= 0 else best_line(body, tuple(re.findall(r"[A-Za-z][\w']+", words)))


def _place(body: list[str], n: int) -> int:
    index = n - 1 if n > 0 else len(body) + n
    if not 0 <= index < len(body):
        raise GiveUp(f"The document has {len(body)} lines, so it has no line {n}.")
    return index


def _line_op(op: str, args: tuple, body: list[str]) -> list[str]:
    body = list(body)
    if op == "delete_word":  # args: the line, which word (1-based, negative from the end)
        i = _place(body, args[0])
        words = list(re.finditer(r"\S+", body[i]))
        k = args[1] - 1 if args[1] > 0 else len(words) + args[1]
        if not 0 <= k < len(words):
            raise GiveUp(f"Line {args[0]} has no word {args[1]}.")
        w = words[k]
        start, end = (
            (words[k - 1].end(), w.end())
            if k == len(words) - 1 and k > 0
            else (w.start(), words[k + 1].start() if k + 1 < len(words) else w.end())
        )
        body[i] = body[i][:start] + body[i][end:]
    elif op == "delete_in_line":  # args: the line, the text that goes from it
        i = _place(body, args[0])
        if not re.search(re.escape(args[1]), body[i], re.I):
            raise GiveUp(f"Line {args[0]} does not contain {args[1]!r}.")
        body[i] = _without(body[i], args[1]) if args[1] in body[i] else re.sub(
            r" ?" + re.escape(args[1]) + r"\b", "", body[i], count=1, flags=re.I).strip()  # fmt: skip
    elif op == "delete_lines_each":  # args: lines (places), each goes
        gone = {_place(body, n) for n in args}
        body = [ln for n, ln in enumerate(body) if n not in gone]
    elif op == "insert_beside":  # args: the line, "after" or "before", the new line
        i = _place(body, args[0])
        body.insert(i + 1 if args[1] == "after" else i, args[2])
    elif op == "replace_in_line":  # args: the line, the old words, the new ones
        i = _place(body, args[0])
        loose = re.compile(rf"(?<!\w){re.escape(args[1])}(?!\w)", re.I)
        if not loose.search(body[i]):
            raise GiveUp(f"Line {args[0]} does not contain {args[1]!r}.")
        body[i] = loose.sub(lambda m: _same_case(m.group(0), args[2]), body[i])
    elif op == "set_said":  # args: words of a line, its new value (the whole line when it names them again)
        i = _holding(body, args[0])
        if i < 0:
            raise GiveUp(f"No line of the document mentions {args[0]!r}.")
        line, new = body[i], args[1]
        lead = re.match(r"\s*(?:[-*\u2022]\s+|\d+[.)]\s+)?", line).group(0)
        kind = next((k for k in KINDS if re.fullmatch(k, new.strip(), re.I)), "")
        said_key = {_stem(w) for w in re.findall(r"[A-Za-z][\w']+", args[0])}
        if said_key & {
            _stem(w) for w in re.findall(r"[A-Za-z][\w']+", new)
        }:  # "2 cups flour" for the flour line
            body[i] = lead + new
        elif kind and re.search(kind, line, re.I):  # "Version 1.2" -> 1.3, "dentist at 3pm" -> 4pm
            old = re.search(kind, line, re.I)
            body[i] = line[: old.start()] + new + line[old.end() :]
        else:
            label = re.match(
                rf"^(.*?{re.escape(args[0])}.*?(?:\s*[:=]\s*|\s+[-\u2013\u2014]\s+|\s+at\s+|\s+is\s+))",
                line,
                re.I,
            )
            word = re.compile(rf"(?<!\w){re.escape(args[0])}(?!\w)", re.I)
            if label:
                body[i] = label.group(1) + new
            elif word.search(line):  # no label: the words said give way ("you're" should be "your")
                body = [word.sub(lambda m: _same_case(m.group(0), new), ln) for ln in body]
            else:
                body[i] = lead + new
    elif op == "complete_line":  # args: the line as it should read; the line it starts with, else the last
        new = args[0]
        i = next(
            (
                n
                for n, ln in enumerate(body)
                if ln.strip() and new.lower().startswith(ln.strip().lower().rstrip(".,"))
            ),
            -1,
        )
        i = i if i >= 0 else max((n for n, ln in enumerate(body) if ln.strip()), default=-1)
        if i < 0:
            body = [new]
        else:
            body[i] = new
    elif (
        op == "place_line"
    ):  # args: a line's words, the words of the line it goes beside, "after" or "before"
        i = next((n for n, ln in enumerate(body) if ln.strip().lower() == args[0].strip().lower()), -1)
        i = (
            i
            if i >= 0
            else _holding(body, args[0])
            if len(args[0].split()) <= 3
            and _holding(body, args[0]) >= 0
            and args[0].lower() in body[_holding(body, args[0])].lower()
            else -1
        )
        line = body.pop(i) if i >= 0 else args[0]
        j = _holding(body, args[1])
        if j < 0:
            raise GiveUp(f"No line of the document mentions {args[1]!r}.")
        body.insert(j + 1 if args[2] == "after" else j, line)
    elif (
        op == "unprefix"
    ):  # args: words a line starts with; they (and the space after them) go from each line
        start = re.compile(rf"^(\s*){re.escape(args[0])}(?:\s+|$)", re.I)
        body = [start.sub(r"\1", ln) for ln in body]
    elif op == "sentence_case":  # only the first letter of each line a capital
        body = [re.sub(r"[A-Za-z]", lambda m: m.group(0).upper(), ln.lower(), count=1) for ln in body]
    elif op == "move_beside":  # args: the line that moves, "after" or "before", the line it goes beside
        i, j = _place(body, args[0]), _place(body, args[2])
        line, anchor = body[i], body[j]
        body.pop(i)
        j = body.index(anchor) if i != j else j
        body.insert(j + 1 if args[1] == "after" else j, line)
    return body


def open_in_editor(p, name: str) -> Plan:
    """Open a file of the home folder in the editor (ctrl+o, type its path) unless it is open already."""
    if name in _editor_title(p):
        return f"{name} is open"
    path = name if name.startswith(("/", "~")) else f"{p.home}/{name}" if p.home else f"~/{name}"
    if p.has_tool("bash") and not name.startswith("/"):  # a file to write that is not there yet: made, empty
        q = shlex.quote(name.removeprefix("~/"))
        # touch, not `: >`: it never empties a file, so the default policy lets it run with no one to confirm
        yield Act("bash", {"command": f"cd ~ && mkdir -p -- \"$(dirname -- {q})\" && touch -- {q} && ls -- {q}"},
                  f"Making sure {name} exists")  # fmt: skip
    before = {w["id"] for w in p.windows()}
    yield key("ctrl+o", f"Opening {name} with ctrl+o")
    for seconds in DIALOG_WAITS_S:
        if {w["id"] for w in p.windows()} - before:
            break
        yield wait(seconds, "Waiting for the open dialog")
    else:
        raise GiveUp(f"No open dialog appeared to open {name}.")
    yield type_text(path, f"Typing the path {path}")
    yield key("Return", "Opening the file")
    for seconds in DIALOG_WAITS_S:
        if name in _editor_title(p):
            return f"opened {name}"
        yield wait(seconds, f"Waiting for {name} to open")
    raise GiveUp(f"The editor did not open {path}.")


def _without(line: str, text: str) -> str:
    """The line without `text` (as a whole word when it is one), no doubled or dangling spaces left."""
    edge = r"\b" if re.match(r"\w", text) and re.search(r"\w$", text) else ""
    out = re.sub(rf"{edge}{re.escape(text)}{edge}", "\x00", line)
    out = re.sub(r" ?\x00 ?", lambda m: " " if m.group(0) == " \x00 " else "", out)
    return out.replace("\x00", "")


def plan_open_file(p, cmd: Command) -> Plan:
    yield from ensure_app(p, "editor")
    return (yield from open_in_editor(p, cmd.target))


# edits that add text, and so also apply to an empty (new) document
ADDING_OPS = {"insert_line", "append_line", "insert_at", "set_text"}


def plan_edit(p, cmd: Command) -> Plan:
    yield from ensure_app(p, "editor")
    if cmd.target:
        yield from open_in_editor(p, cmd.target)
    doc = editor_text(p)
    if doc is None:
        raise GiveUp("I cannot read the document's text: the editor exposes no accessible text.")
    if not doc.content.strip() and cmd.op not in ADDING_OPS:
        raise GiveUp("The document is empty, so there is nothing to edit; which file did you mean?")
    new = transform(cmd.op, cmd.args, doc.content)
    if new == doc.content:
        return f"nothing to change for {cmd.clause!r}"
    for attempt in range(2):
        yield key("ctrl+a", "Selecting the whole document")
        yield (
            type_text(new, f"Typing the edited document ({len(new)} characters)") if new else key("BackSpace")
        )
        doc = editor_text(p)
        if doc is not None and doc.content == new:
            return f"edited the document ({cmd.op})"
        if attempt == 0 and doc is not None:
            yield click(doc.center, "Clicking into the document before retrying")
    raise GiveUp("The document's text did not come out as intended after editing.")


def _editor_title(p, app: str = "editor") -> str:
    """The title of the app's document window (not of its dialogs); "*" in front marks unsaved changes."""
    wins = [w for w in app_windows(p, app) if not w["title"].lower().startswith("save")]
    active = p.active_window()
    if active and active in wins:
        return active["title"]
    return wins[0]["title"] if wins else ""


def plan_save(p, cmd: Command) -> Plan:
    app = cmd.app or "editor"
    if cmd.op == "if_named":  # the save added after a change: only a document that has a file
        title = _editor_title(p, app).lstrip("*").strip()
        if not title or title.lower().startswith(("untitled", "book1", "new ")):
            return "left the new document unsaved (it has no file name)"
    yield from ensure_app(p, app)
    before = {w["id"] for w in p.windows()}
    yield key("ctrl+s", "Saving with ctrl+s")
    if {w["id"] for w in p.windows()} - before:
        yield key("Escape", "Closing the save dialog")
        raise NeedUser("The document has no file name yet. What name should I save it as?")
    title = _editor_title(p, app)
    if title.startswith("*"):
        raise GiveUp(f"The {app} still shows unsaved changes after ctrl+s (title {title!r}).")
    return f"saved the file ({title})"


def save_dialog(p, before: set) -> dict | None:
    return next((w for w in p.windows() if w["id"] not in before and "save" in w["title"].lower()), None)


def wait_for_dialog(p, before: set) -> Generator[Act, object, dict | None]:
    for seconds in DIALOG_WAITS_S:
        dialog = save_dialog(p, before)
        if dialog:
            return dialog
        yield wait(seconds, "Waiting for the save dialog")
    return None


def plan_save_as(p, cmd: Command) -> Plan:
    if cmd.app == "spreadsheet":
        from deskpilot.local.plans.spreadsheet import plan_sheet_save_as

        return (yield from plan_sheet_save_as(p, cmd))
    yield from ensure_app(p, "editor")
    name = cmd.text
    path = name if name.startswith(("/", "~")) else f"{p.home}/{name}" if p.home else f"~/{name}"
    if "/" in name.strip("/") and p.has_tool("bash"):  # "save it as greeting.txt on the desktop": the folder
        folder = name.rsplit("/", 1)[0]
        yield Act(
            "bash", {"command": f"cd ~ && mkdir -p -- {shlex.quote(folder)}"}, f"Making sure {folder} exists"
        )
    before = {w["id"] for w in p.windows()}
    yield key("ctrl+shift+s", "Opening Save As with ctrl+shift+s")
    dialog = yield from wait_for_dialog(p, before)
    if dialog is None:  # the shortcut did not work: use the File menu
        yield from plan_click(p, Command("click", target="File menu", app="editor"))
        yield from plan_click(p, Command("click", target="Save As menu item", app="editor"))
        dialog = yield from wait_for_dialog(p, before)
    if dialog is None:
        raise GiveUp("No save dialog opened, by shortcut or from the File menu.")
    yield key("ctrl+a", "Selecting the name field's text")
    yield type_text(path, f"Typing the file name {path}")
    yield key("Return", "Confirming the save dialog")
    for seconds in DIALOG_WAITS_S:
        replace = [e for e in p.elements(ocr=False) if e.role == "push button" and norm(e.text) == "replace"]
        if replace:
            yield click(replace[0].center, "Confirming replacement of the existing file")
            continue
        title = _editor_title(p)
        if name.split("/")[-1] in title and not title.startswith("*") and save_dialog(p, before) is None:
            return f"saved as {path}"
        yield wait(seconds, "Waiting for the save to finish")
    raise GiveUp(f"The editor's title does not show {name!r} after saving (title {_editor_title(p)!r}).")
