"""Spreadsheet plans: go to a cell through the reference box, type a value or formula, check the bar; clear
cells, sort rows, bold cells, save under another name or format."""

from __future__ import annotations

import csv
import io
import re
import shlex
import sys
from collections.abc import Generator

from deskpilot.local.nlu.schema import Command
from deskpilot.local.plans.common import Act, GiveUp, Plan, app_match, click, ensure_app, key, type_text, wait
from deskpilot.perception.elements import Element


# Spreadsheet
def _name_box(p) -> Element | None:
    """Gnumeric's cell-reference box: the leftmost text field holding a reference such as "A1"."""
    boxes = [e for e in p.elements(ocr=False) if app_match(e, "spreadsheet") and e.role in ("text", "entry")
             and re.fullmatch(r"[A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?", e.content.strip())]  # fmt: skip
    return min(boxes, key=lambda e: e.box[0]) if boxes else None


def _go_to_cell(p, ref: str) -> Plan:
    box = _name_box(p)
    for _ in range(4):  # the accessibility tree can lag behind a busy Gnumeric
        if box is not None:
            break
        yield wait(0.5, "Waiting for the spreadsheet's cell-reference box")
        box = _name_box(p)
    if box is None:
        raise GiveUp("I cannot find the spreadsheet's cell-reference box.")
    yield click(box.center, f"Selecting the cell-reference box to go to {ref}", count=3)
    yield type_text(f"{ref}\n", f"Going to cell {ref}")
    return ref


def _formula_bar(p) -> str | None:
    """What the formula bar shows for the current cell (the text field right of the reference box)."""
    box = _name_box(p)
    if box is None:
        return None
    bars = [e for e in p.elements(ocr=False) if app_match(e, "spreadsheet") and e.role in ("text", "entry")
            and e.box[0] > box.box[2] and abs(e.box[1] - box.box[1]) < 10]  # fmt: skip
    return bars[0].content.strip() if bars else None


def _same_entry(shown: str, typed: str) -> bool:
    """Whether the formula bar shows what was typed: the same text, or the same number (Gnumeric shows 3.14
    as 3.1400000000000000001)."""
    if shown.replace(" ", "").lower() == typed.replace(" ", "").lower():
        return True
    try:
        return abs(float(shown) - float(typed.replace(",", ""))) <= 1e-9 * max(1.0, abs(float(shown)))
    except ValueError:
        return False


def plan_cell(p, cmd: Command) -> Plan:
    """Go to the cell through the reference box, type the value or formula, and check the formula bar."""
    yield from ensure_app(p, "spreadsheet")
    if cmd.op == "clear":
        yield from _go_to_cell(p, cmd.target)
        yield key("Delete", f"Clearing {cmd.target}")
        yield from _go_to_cell(p, cmd.target)
        if _formula_bar(p):
            raise GiveUp(f"Cell {cmd.target} still holds {_formula_bar(p)!r} after clearing it.")
        return f"cleared {cmd.target}"
    for _attempt in range(2):
        yield from _go_to_cell(p, cmd.target)
        yield type_text(f"{cmd.text}\n", f"Typing {cmd.text!r} into {cmd.target}")
        yield from _go_to_cell(p, cmd.target)
        if _same_entry(_formula_bar(p) or "", cmd.text):
            return f"put {cmd.text!r} into {cmd.target}"
    raise GiveUp(
        f"Cell {cmd.target} does not hold {cmd.text!r} after typing it (the bar shows {_formula_bar(p)!r})."
    )


def _book_path(p) -> str:
    """The open workbook's file, from the spreadsheet window's title ("book.xlsx - Gnumeric")."""
    from deskpilot.local.plans.common import app_windows

    wins = app_windows(p, "spreadsheet")
    title = wins[0]["title"] if wins else ""
    name = re.sub(r"\s+-\s+Gnumeric.*$", "", title).lstrip("*").strip()
    if not name:
        raise GiveUp("I cannot tell which workbook the spreadsheet has open.")
    return name if name.startswith("/") else f"~/{name}"


def read_rows(p) -> Generator[Act, object, list[list[str]]]:
    """The first sheet's values as text rows from A1, read from the saved file (bash tool)."""
    if not p.has_tool("bash"):
        raise GiveUp("Reading the sheet's values needs the bash tool, which this session lacks.")
    book = _book_path(p)
    line = f"cd ~ && {shlex.quote(sys.executable)} -m deskpilot.local.plans.sheetcsv {shlex.quote(book)}"
    result = yield Act("bash", {"command": line}, f"Reading the values of {book}")
    text = getattr(result, "output", "") or ""
    if re.search(r"\[exit code: \d+\]\s*$", text) or getattr(result, "error", None):
        raise GiveUp(f"I could not read the values of {book}: {text[-200:]}")
    rows = [row for row in csv.reader(io.StringIO(text))]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def heads_match(word: str, head: str) -> bool:
    """Whether a header names the column a word means: "prices" on "Price", "score" on "Test score", or a
    header abbreviated from the word ("Qty" for quantity, "Amt" for amount: its letters in order, same
    first letter)."""
    w, h = word.strip().lower(), head.strip().lower()
    if not w or not h:
        return False
    if _singular(w) in h or w.rstrip("s") in h:
        return True
    if len(w) >= 5 and len(h) >= 5 and h.isalpha() and len(_prefix(w, h)) >= max(4, min(len(w), len(h)) - 1):
        return True  # "spend" on "Spent", "sold" forms: the same stem
    for form in {w, _singular(w)}:  # "quantities" on "Qty": the letters of its singular
        letters = iter(form)
        if 2 <= len(h) < len(form) and h[0] == form[0] and h.isalpha() and all(c in letters for c in h):
            return True
    return False


def _prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _key(value: str):
    try:
        return (0, float(value.replace(",", "")), "")
    except ValueError:
        return (1, 0.0, value.lower())


def _column_index(rows: list[list[str]], by: str) -> tuple[int, bool]:
    """(column index, whether row 1 is a header) for a column letter or a header word ("price")."""
    if re.fullmatch(r"[A-Z]{1,2}", by):
        index = sum((ord(c) - 64) * 26**k for k, c in enumerate(reversed(by))) - 1
    else:
        index = next((i for i, h in enumerate(rows[0]) if heads_match(by, h)), -1)
        if index < 0:  # "by price": the one numeric column, else the first
            numeric = [
                i for i in range(len(rows[0])) if all(_key(r[i])[0] == 0 for r in rows[1:] if i < len(r))
            ]
            index = numeric[0] if numeric else 0
    column = [r[index] if index < len(r) else "" for r in rows]
    header = len(rows) > 1 and _key(column[0])[0] == 1 and all(_key(v)[0] == 0 for v in column[1:] if v)
    header = header or (len(rows) > 1 and all(_key(v)[0] == 1 for v in rows[0]) and
                        any(_key(v)[0] == 0 for r in rows[1:] for v in r))  # fmt: skip
    # a column of words under a word that labels it ("Name" over names)
    header = header or len(rows) > 1 and _singular(column[0]) in LABELS
    return index, header


# Words that head a column of words rather than stand in it
LABELS = {"name", "item", "product", "city", "country", "fruit", "title", "person", "student", "player", "month", "day",
          "date", "task", "word", "colour", "color", "animal", "food", "place", "town", "team", "book", "film", "song",
          "category", "description", "label", "status", "type", "note", "first name", "last name", "surname"}  # fmt: skip


def plan_sheet(p, cmd: Command) -> Plan:
    """Whole-sheet steps: sort the rows by a column (values typed back row by row), bold cells or the header."""
    yield from ensure_app(p, "spreadsheet")
    if cmd.op == "bold":
        target = cmd.target
        if target == "header":
            rows = yield from read_rows(p)
            last = chr(64 + max(1, min(26, len(rows[0]) if rows else 1)))
            target = f"A1:{last}1"
        whole = re.fullmatch(r"([A-Z]{1,2}|\d+):\1", target)
        if whole:  # a whole column ("B:B") or row ("3:3"): its cells that hold values
            rows = yield from read_rows(p)
            col = whole.group(1) if whole.group(1).isalpha() else ""
            target = area_range(rows, col, "" if col else whole.group(1))
            if not target:
                raise GiveUp(f"{'Column' if col else 'Row'} {whole.group(1)} holds no values to make bold.")
        yield from _go_to_cell(p, target)
        yield key("ctrl+b", f"Making {target} bold")
        return f"made {target} bold"
    if cmd.op == "column_formula":
        return (yield from _column_formula(p, cmd))
    if cmd.op == "header_formula":  # arithmetic in header words, on the rows of a range or column
        rows = yield from read_rows(p)
        changes = header_formula(rows, *cmd.args)
        for ref, value in changes:
            yield from plan_cell(p, Command("cell", target=ref, text=value, app="spreadsheet"))
        return f"changed {', '.join(ref for ref, _ in changes)}"
    if (
        cmd.op == "column_arith"
    ):  # ("SUM:budget", "-", "SUM:spent"): each function over its column, then the sign
        rows = yield from read_rows(p)
        text = column_arith(rows, cmd.args, cmd.target)
        return (yield from plan_cell(p, Command("cell", target=cmd.target, text=text, app="spreadsheet")))
    if cmd.op == "set_by_name":
        rows = yield from read_rows(p)
        ref, value = row_cell(rows, *cmd.args)
        return (yield from plan_cell(p, Command("cell", target=ref, text=value, app="spreadsheet")))
    if cmd.op == "clear":  # a whole column or row: the cells as far as the sheet holds values
        rows = yield from read_rows(p)
        rng = area_range(rows, *cmd.args)
        if not rng:
            return "nothing to clear: those cells are already empty"
        return (yield from plan_cell(p, Command("cell", target=rng, op="clear", app="spreadsheet")))
    if cmd.op == "label_row":  # a row below the table: a label, and a function over a column in that row
        rows = yield from read_rows(p)
        for ref, value in label_row(rows, *cmd.args):
            yield from plan_cell(p, Command("cell", target=ref, text=value, app="spreadsheet"))
        return f"added the {cmd.args[0]} row at row {len(rows) + 1}"
    if cmd.op == "rows":  # whole rows deleted or inserted: the rows below move, typed back
        rows = yield from read_rows(p)
        return (yield from _rewrite_rows(p, rows, rows_changed(rows, *cmd.args)))
    if cmd.op == "columns":  # whole columns deleted, inserted, copied or moved: the rows typed back
        rows = yield from read_rows(p)
        return (yield from _rewrite_rows(p, rows, columns_changed(rows, *cmd.args)))
    if cmd.op in ("map", "replace_value", "swap", "copy", "move", "row_formula", "new_column", "number"):
        rows = yield from read_rows(p)
        changes = cell_changes(rows, cmd.op, cmd.args)
        for ref, value in changes:  # an empty value clears its cell
            yield from plan_cell(p, Command("cell", target=ref, text=value, op="" if value else "clear", app="spreadsheet"))  # fmt: skip
        return f"changed {', '.join(ref for ref, _ in changes)}"
    if cmd.op == "append_row":  # the values typed across the first row below the table
        rows = yield from read_rows(p)
        ref = f"A{len(rows) + 1}"
        values = new_row(rows, cmd.args)
        yield from _go_to_cell(p, ref)
        yield type_text("\t".join(values) + "\n", f"Typing a new row {ref}: {', '.join(values)}")
        yield from _go_to_cell(p, ref)
        if not _same_entry(_formula_bar(p) or "", values[0]):
            raise GiveUp(f"{ref} shows {_formula_bar(p)!r}, not {values[0]!r}, after typing the new row.")
        return f"added the row {', '.join(values)} at row {len(rows) + 1}"
    if cmd.op != "sort":
        raise GiveUp(f"I don't know how to {cmd.op} a sheet.")
    by, descending = cmd.args
    rows = yield from read_rows(p)
    if not rows:
        raise GiveUp("The sheet has no values to sort.")
    index, header = _column_index(rows, by)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    body = rows[1:] if header else rows
    ordered = sorted(body, key=lambda r: _key(r[index]), reverse=descending)
    first = 2 if header else 1
    for n, (old, new) in enumerate(zip(body, ordered, strict=True)):
        if old != new:
            yield from _go_to_cell(p, f"A{first + n}")
            yield type_text("\t".join(new) + "\n", f"Typing row {first + n}: {', '.join(new)}")
    yield from _go_to_cell(p, f"{chr(65 + index)}{first}")
    shown = (_formula_bar(p) or "").strip()
    if _key(shown) != _key(ordered[0][index]):
        raise GiveUp(f"After sorting, {chr(65 + index)}{first} shows {shown!r}, not {ordered[0][index]!r}.")
    return f"sorted the rows by column {chr(65 + index)}{' (descending)' if descending else ''}"


def new_row(rows: list[list[str]], values: tuple[str, ...]) -> list[str]:
    """A new row's cells from A: plain values in order; "math=81" in the column whose header holds "math"
    (a plural matches its singular), else next in order."""
    heads = [h.lower() for h in rows[0]] if rows else []
    if values and rows and len(values[0].split()) >= 2 and heads_match(values[0].split()[0], rows[0][0]):
        values = (values[0].split(None, 1)[1], *values[1:])  # "a student Dan" under "Student": the name
    labels = [r[0] for r in rows[1:] if r and r[0].strip() and _key(r[0])[0] == 1]
    if (
        values
        and labels
        and all(v[:1].isupper() for v in labels)
        and values[0][:1].islower()
        and "=" not in values[0]
    ):
        values = (values[0][:1].upper() + values[0][1:], *values[1:])  # written like the labels above it
    out: list[str] = [""] * max(len(heads), len(values))
    free = 0
    for value in values:
        word, sep, keyed = value.partition("=")
        col = next((i for i, h in enumerate(heads) if sep and heads_match(word, h)), -1) if sep else -1
        if col < 0:
            while free < len(out) and out[free]:
                free += 1
            col = free
        if col >= len(out):
            out.append("")
        out[col] = keyed if sep else value
    while out and not out[-1]:
        out.pop()
    return out


def area_range(rows: list[list[str]], col: str, row: str, keep_header: bool = False) -> str:
    """The cells of column `col` (a letter) or of row `row` (a number) that hold values, as one range from
    the first to the last ("D1:D6"); row 1 left out of a column when its header is to be kept. "" if none."""
    if not col and not row:  # the whole sheet: from A1 to the last cell that holds a value
        width = max((len(r) for r in rows if any(c.strip() for c in r)), default=0)
        height = max((n + 1 for n, r in enumerate(rows) if any(c.strip() for c in r)), default=0)
        return f"A1:{chr(64 + width)}{height}" if width and height else ""
    if col:
        index = ord(col[-1]) - 65
        filled = [n + 1 for n, r in enumerate(rows) if index < len(r) and r[index].strip()]
        filled = [n for n in filled if n > 1] if keep_header else filled
        return f"{col}{filled[0]}:{col}{filled[-1]}" if filled else ""
    cells = rows[int(row) - 1] if 0 < int(row) <= len(rows) else []
    filled = [n for n, v in enumerate(cells) if v.strip()]
    return f"{chr(65 + filled[0])}{row}:{chr(65 + filled[-1])}{row}" if filled else ""


def _refs(rng: str) -> list[str]:
    """The cells of "B1:B3" (or of one cell), row by row."""
    m = re.fullmatch(r"([A-Z])(\d+)(?::([A-Z])(\d+))?", rng.upper())
    if not m:
        raise GiveUp(f"I cannot read the cells {rng!r}.")
    c0, r0 = m.group(1), int(m.group(2))
    c1, r1 = (m.group(3), int(m.group(4))) if m.group(3) else (c0, r0)
    return [f"{chr(c)}{r}" for r in range(r0, r1 + 1) for c in range(ord(c0), ord(c1) + 1)]


def _at(rows: list[list[str]], ref: str) -> str:
    col, row = ord(ref[0]) - 65, int(ref[1:]) - 1
    return rows[row][col] if row < len(rows) and col < len(rows[row]) else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(round(value, 10))


# value changes by name: "double", "halve", "square", "negate", "upper", "lower", "title", "add" n, "times" n,
# "round" n
def _mapped(value: str, fn: str, arg: str) -> str:
    if fn in ("upper", "lower", "title"):
        return getattr(value, fn)()
    try:
        x = float(value.replace(",", ""))
    except ValueError as exc:
        raise GiveUp(f"{value!r} is not a number to {fn}.") from exc
    n = float(arg) if arg else 0.0
    ops = {"double": x * 2, "halve": x / 2, "square": x * x, "negate": -x, "add": x + n, "times": x * n,
           "round": round(x, int(n))}  # fmt: skip
    if fn not in ops:
        raise GiveUp(f"I don't know how to {fn} a cell.")
    return _number(ops[fn])


def cell_changes(rows: list[list[str]], op: str, args: tuple) -> list[tuple[str, str]]:
    """(cell, new value) pairs for changes that depend on what cells hold: "map" (range, fn, arg) changes
    each cell of a range; "replace_value" (old, new) the cells that hold old; "swap" (a, b) two cells;
    "copy" (source, target) one cell's value into another."""
    if op == "map":
        rng, fn, arg = args
        if rng.startswith("@"):  # "every price": the column headed by the word, below its header
            rng, _ = column_range(rows, (rng[1:],), "A1")
        row = re.fullmatch(r"(\d+):\1", rng)
        if row:  # "the header row": the cells of that row that hold values
            rng = area_range(rows, "", row.group(1))
            if not rng:
                raise GiveUp(f"Row {row.group(1)} holds no values to change.")
        whole = re.fullmatch(r"([A-Z]{1,2}):\1", rng)
        if whole:  # "column B": its cells that hold values below the table's header row, if it has one
            rng = area_range(rows, whole.group(1), "", bool(rows) and _column_index(rows, whole.group(1))[1])
            if not rng:
                raise GiveUp(f"Column {whole.group(1)} holds no values to change.")
        return [(ref, _mapped(_at(rows, ref), fn, arg)) for ref in _refs(rng) if _at(rows, ref).strip()]
    if op == "replace_value":
        old, new = args
        found = [f"{chr(65 + c)}{r + 1}" for r, row in enumerate(rows) for c, v in enumerate(row)
                 if v.strip() == old or (_key(v)[0] == 0 and _key(old)[0] == 0 and _key(v) == _key(old))]  # fmt: skip
        if not found:
            raise GiveUp(f"No cell of the sheet holds {old!r}.")
        return [(ref, new) for ref in found]
    if op == "row_formula":  # (target column, left, operator, right): a formula on each row of the table
        target, left, sign, right = args
        heads = [h.lower() for h in rows[0]] if rows else []

        def column(word: str) -> str:
            if re.fullmatch(r"[A-Z]", word):
                return word
            i = next((i for i, h in enumerate(heads) if heads_match(word, h)), -1)
            if i < 0:
                raise GiveUp(f"No column of the sheet is headed {word!r}.")
            return chr(65 + i)

        a, b = column(left), column(right)
        first = 2 if heads and _key(rows[0][0])[0] == 1 else 1
        return [(f"{target}{r}", f"={a}{r}{sign}{b}{r}") for r in range(first, len(rows) + 1)]
    if op == "new_column":  # (header, where, left, sign, right): a headed column with a formula on each row
        return _new_column(rows, *args)
    if op == "number":  # (column or ""): 1, 2, 3 ... down a column, one per row of the table below its header
        return _numbered(rows, args[0])
    if op == "swap":
        a, b = args
        return [(a, _at(rows, b)), (b, _at(rows, a))]
    if op == "copy":
        source, target = args
        return [(target, _at(rows, source))]
    if op == "move":  # the value goes to the target, the source is emptied
        source, target = args
        return [(target, _at(rows, source)), (source, "")]
    raise GiveUp(f"I don't know how to {op} cells.")


NUMBER_HEADS = {"#", "no", "no.", "nr", "num", "number", "pos", "position", "rank", "id"}


def _numbered(rows: list[list[str]], col: str) -> list[tuple[str, str]]:
    """(cell, "1"), (cell, "2") ... down a column (the one headed "#", "No" ... when none is named), one per
    row of the table that holds a value elsewhere, below the header when the table has one."""
    heads = [h.strip().lower() for h in rows[0]] if rows else []
    if not col:
        index = next((i for i, h in enumerate(heads) if h in NUMBER_HEADS), -1)
        if index < 0:
            raise GiveUp("Which column should the numbers go in?")
        col = _letter(index)
    index = _column_index(rows, col)[0] if rows else 0
    header = bool(rows) and (
        (index < len(heads) and heads[index] in NUMBER_HEADS)
        or any(_column_index(rows, _letter(i))[1] for i in range(len(heads)) if i != index)
    )
    data = [n for n, r in enumerate(rows) if any(v.strip() for i, v in enumerate(r) if i != index)]
    data = [n for n in data if n > 0] if header else data
    if not data:
        raise GiveUp("The sheet holds no rows to number.")
    return [(f"{col}{n + 1}", str(k)) for k, n in enumerate(data, start=1)]


def label_row(rows: list[list[str]], label: str, func: str, *words: str) -> list[tuple[str, str]]:
    """(cell, value) pairs of a new row below the table: the label in column A, the function over the
    column the words name (the one numeric column when they name none) in that column."""
    row = max((n + 1 for n, r in enumerate(rows) if any(c.strip() for c in r)), default=0) + 1
    numeric = [i for i in range(1, max((len(r) for r in rows), default=0))
               if any(i < len(r) and r[i].strip() for r in rows[1:])
               and all(_key(r[i])[0] == 0 for r in rows[1:] if i < len(r) and r[i].strip())]  # fmt: skip
    if not words and func != "COUNT" and len(numeric) > 1:  # "add a total row": under each column of numbers
        out = [(f"A{row}", label)]
        for i in numeric:
            ref = f"{_letter(i)}{row}"
            out.append((ref, column_formula(rows, func, ("<above>",), ref)))
        return out
    rng, _ = column_range(rows, words, "A1")
    col = re.sub(r"\d.*", "", rng)
    return [(f"A{row}", label), (f"{col}{row}", column_formula(rows, func, words, f"{col}{row}"))]


def rows_changed(rows: list[list[str]], how: str, *args: str) -> list[list[str]]:
    """The table after a change to whole rows: "delete" the row naming a word, "delete_empty" the empty rows
    inside the table, "insert" a row of values after the row naming a word ("" for the top)."""

    def exact(r: list[str], word: str) -> bool:
        return any(_singular(c) == _singular(word) for c in r if c.strip())

    def names(r: list[str], word: str) -> bool:  # the word as written, else a short form ("Feb" for February)
        if any(exact(x, word) for x in rows):
            return exact(r, word)
        return any(_short_for(c, word) for c in r if c.strip())

    if how == "delete":  # args: a word of the row, or "#4" (its number; -1 the last)
        number = int(args[0][1:]) if args[0].startswith("#") else 0
        found = (
            [number - 1 if number > 0 else len(rows) + number]
            if number
            else [n for n, r in enumerate(rows) if names(r, args[0])]
        )
        if len(found) != 1:
            raise GiveUp(f"{len(found)} rows of the sheet name {args[0]!r}; I need exactly one.")
        return rows[: found[0]] + rows[found[0] + 1 :]
    if how == "delete_empty":
        return [r for r in rows if any(c.strip() for c in r)]
    if how == "insert":  # args: the word of the row it goes after ("" for the top), then the values
        after, values = args[0], list(args[1:])
        at = 0 if not after else next((n + 1 for n, r in enumerate(rows) if names(r, after)), -1)
        if at < 0:
            raise GiveUp(f"No row of the sheet names {after!r}.")
        return rows[:at] + [values] + rows[at:]
    if how == "copy":  # args: a word of the row, "bottom" or "below", a new label for it ("" for none)
        word, where, label = args
        found = [n for n, r in enumerate(rows) if names(r, word)]
        if len(found) != 1:
            raise GiveUp(f"{len(found)} rows of the sheet name {word!r}; I need exactly one.")
        copy = [label if label and _singular(c) == _singular(word) else c for c in rows[found[0]]]
        last = max((n + 1 for n, r in enumerate(rows) if any(c.strip() for c in r)), default=0)
        at = last if where == "bottom" else found[0] + 1
        return rows[:at] + [copy] + rows[at:]
    raise GiveUp(f"I don't know how to {how} rows.")


def _rewrite_rows(p, old: list[list[str]], new: list[list[str]]) -> Plan:
    """Type the rows that changed (each cleared first, as wide as the table) and clear rows left below."""
    width = max((len(r) for r in old + new), default=1)
    last = _letter(max(width, 1) - 1)
    for n in range(max(len(old), len(new))):
        before = old[n] + [""] * (width - len(old[n])) if n < len(old) else [""] * width
        after = new[n] + [""] * (width - len(new[n])) if n < len(new) else [""] * width
        if before == after:
            continue
        if any(c.strip() for c in before):
            yield from plan_cell(
                p, Command("cell", target=f"A{n + 1}:{last}{n + 1}", op="clear", app="spreadsheet")
            )
        if any(c.strip() for c in after):
            yield from _go_to_cell(p, f"A{n + 1}")
            yield type_text(
                "\t".join(after).rstrip("\t") + "\n",
                f"Typing row {n + 1}: {', '.join(c for c in after if c)}",
            )
    return f"rewrote the rows from {len(old)} to {len(new)}"


def _letter(index: int) -> str:
    return chr(65 + index)


def columns_changed(rows: list[list[str]], how: str, *args: str) -> list[list[str]]:
    """The table after a change to whole columns, each named by its letter or a header word: "delete" (the
    columns to its right move left), "insert" (a new column headed args[1] before args[0], "" for after the
    last), "copy" (args[0]'s cells into column args[1]), "move" (the same, args[0] then emptied)."""
    width = max((len(r) for r in rows), default=0)
    table = [r + [""] * (width - len(r)) for r in rows]

    def index(word: str) -> int:
        if word.startswith("after:"):  # the column right of the one named
            return index(word[6:]) + 1
        if re.fullmatch(r"[A-Z]", word):
            return ord(word) - 65
        heads = table[0] if table else []
        found = next((i for i, h in enumerate(heads) if heads_match(word, h)), -1)
        if found < 0:
            raise GiveUp(f"No column of the sheet is headed {word!r}.")
        return found

    if how == "delete":
        i = index(args[0])
        return [r[:i] + r[i + 1 :] for r in table]
    if how == "insert":
        i = index(args[0]) if args[0] else width
        return [r[:i] + [args[1] if n == 0 else ""] + r[i:] for n, r in enumerate(table or [[]])]
    if how == "swap":  # two columns trade places
        i, j = index(args[0]), index(args[1])
        out = [list(r) for r in table]
        for r in out:
            r[i], r[j] = r[j], r[i]
        return out
    if how in ("copy", "move"):
        i, j = index(args[0]), index(args[1])
        out = [r + [""] * (j + 1 - len(r)) for r in table]
        for r in out:
            r[j] = r[i]
            if how == "move":
                r[i] = ""
        return out
    raise GiveUp(f"I don't know how to {how} a column.")


def _new_column(
    rows: list[list[str]], header: str, where: str, left: str, sign: str, right: str
) -> list[tuple[str, str]]:
    """A new column headed `header` with a formula on each row of the table below the header row. `where`: a
    column letter, "after:<header word>" or "" (the first column with no values). `left`/`right`: a header
    word (its column), a column letter or a number; sign "+", "-", "*", "/", or "sum" (the row's numbers
    left of the new column)."""
    heads = [h.lower() for h in rows[0]] if rows else []
    width = max((len(r) for r in rows), default=0)

    def column(word: str) -> str:
        if re.fullmatch(r"-?\d+(?:\.\d+)?", word):
            return word
        if re.fullmatch(r"[A-Z]", word):
            return word
        found = next((i for i, h in enumerate(heads) if heads_match(word, h) or h and h in word.lower()), -1)
        if found < 0:
            numeric = [
                i
                for i in range(width)
                if all(_key(r[i])[0] == 0 for r in rows[1:] if i < len(r) and r[i].strip())
            ]
            if len(numeric) != 1:
                raise GiveUp(f"No column of the sheet is headed {word!r}.")
            found = numeric[0]  # "the euro prices": the one column of numbers
        return _letter(found)

    if re.fullmatch(r"[A-Z]", where):
        target = where
    elif where.startswith("after:"):
        target = _letter(ord(column(where[6:])) - 64)
    else:
        target = _letter(width)
    out = [(f"{target}1", header)] if header else []
    for r in range(2, len(rows) + 1):
        if not any(c.strip() for c in rows[r - 1]):
            continue
        if sign in ("sum", "average"):  # the row's numbers left of the new column
            last = ord(target) - 66
            first = next(
                (i for i in range(last + 1) if _key(rows[r - 1][i] if i < len(rows[r - 1]) else "")[0] == 0),
                0,
            )
            out.append((f"{target}{r}", f"={sign.upper()}({_letter(first)}{r}:{_letter(last)}{r})"))
            continue
        a = column(left)
        a = a if re.fullmatch(r"-?[\d.]+", a) else f"{a}{r}"
        if sign in ("round", "upper"):  # one column's value rounded (to `right` places) or in capitals
            out.append((f"{target}{r}", f"=ROUND({a},{right or 0})" if sign == "round" else f"=UPPER({a})"))
            continue
        b = column(right)
        b = b if re.fullmatch(r"-?[\d.]+", b) else f"{b}{r}"
        out.append((f"{target}{r}", f'={a}&" "&{b}' if sign == "join" else f"={a}{sign}{b}"))
    return out


def column_range(
    rows: list[list[str]], words: tuple[str, ...], target: str, count: bool = False
) -> tuple[str, bool]:
    """(range, numeric) of the column the words name by its header ("science"), else the target's own
    column above it ("<above>"), else the first numeric column; its cells below the header."""
    m = re.match(r"([A-Z]+)(\d+)", target)
    col, row = (m.group(1), int(m.group(2))) if m else ("A", 1)
    heads = [h.lower() for h in rows[0]] if rows else []
    index = next(
        (i for w in words if not w.startswith("<") for i, h in enumerate(heads) if heads_match(w, h)), -1
    )
    if index < 0 and "<above>" in words:
        index = ord(col[-1]) - 65
    if index < 0 and count:  # "how many players": the rows, counted in the first column
        index = 0
    if index < 0:
        numeric = [
            i for i in range(len(heads)) if all(_key(r[i])[0] == 0 for r in rows[1:] if i < len(r) and r[i])
        ]
        index = numeric[0] if numeric else 0
    values = [r[index] if index < len(r) else "" for r in rows]
    header = bool(values) and _key(values[0])[0] == 1 and len(values) > 1
    first = 2 if header else 1
    last = max((n + 1 for n, v in enumerate(values) if v.strip()), default=first)
    if chr(65 + index) == col and row > first:
        last = min(last, row - 1)
    numeric = all(_key(v)[0] == 0 for v in values[first - 1 : last] if v.strip())
    letter = chr(65 + index)
    return f"{letter}{first}:{letter}{last}", numeric


ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
                 "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}  # fmt: skip


def _short_for(cell: str, word: str) -> bool:
    """Whether a cell and a word are one name, one a short form of the other ("Feb" and "February", "Sept")."""
    a, b = cell.strip().lower().rstrip("."), word.strip().lower().rstrip(".")
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and short.isalpha() and long.isalpha() and long.startswith(short)


def _singular(word: str) -> str:
    """A word's singular, roughly: "cherries" -> "cherry", "boxes" -> "box", "pears" -> "pear"."""
    w = word.strip().lower()
    if re.search(r"[^aeiou]ies$", w):
        return w[:-3] + "y"
    if re.search(r"(?:ches|shes|xes|sses|oes)$", w):
        return w[:-2]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def row_cell(rows: list[list[str]], row_word: str, col_word: str, value: str, how: str) -> tuple[str, str]:
    """(cell, new value) for "Ann scored 88 in history": the row whose cells hold the row word (a plural
    matches its singular), the column whose header holds the column word, else the last numeric column."""
    if (
        "|" in row_word
    ):  # words said loosely: the first that names a row below the header, the others the column
        for word in row_word.split("|"):
            try:
                found = row_cell(rows[1:], word, "", value, how)
            except (GiveUp, ValueError, IndexError):
                continue
            others = [w for w in col_word.split("|") if w != word]
            said = {
                str(ORDINAL_WORDS.get(w.lower(), w))
                for w in others
                if w.lower() in ORDINAL_WORDS or w.isdigit()
            }
            fits = [i for w in others for i, h in enumerate(rows[0]) if heads_match(w, h)]
            numbered = [
                i for i in fits if said & set(re.findall(r"\d+", rows[0][i]))
            ]  # "second test" on "Test 2"
            col = (numbered or fits or [-1])[0]
            row = int(found[0][1:]) + 1
            if col < 0:
                return f"{found[0][0]}{row}", found[1]
            return row_cell(rows, word, rows[0][col], value, how)
        raise GiveUp(f"No row of the sheet names any of {row_word.replace('|', ', ')!r}.")
    word = _singular(row_word)
    row = next((n for n, r in enumerate(rows) if any(_singular(c) == word for c in r)), -1)
    row = row if row >= 0 else next((n for n, r in enumerate(rows) if any(word in c.lower() for c in r)), -1)
    short = [
        n
        for n, r in enumerate(rows)
        if any(len(c.strip()) >= 3 and word.startswith(c.strip().lower()) for c in r)
    ]
    row = row if row >= 0 or len(short) != 1 else short[0]  # "February" on the row that says "Feb"
    if row < 0:
        raise GiveUp(f"No row of the sheet names {row_word!r}.")
    heads = [h.lower() for h in rows[0]]
    col = next((i for i, h in enumerate(heads) if col_word and heads_match(col_word, h)), -1)
    if how.startswith("set:"):  # "7 pens, not 5": the cell of the row that holds the wrong value
        wrong = how[4:]
        how = "set"
        held = [i for i, c in enumerate(rows[row]) if _key(c)[0] == 0 and _key(c)[1] == float(wrong)]
        col = held[0] if len(held) == 1 else col
    if col < 0:
        numeric = [i for i, c in enumerate(rows[row]) if c.strip() and _key(c)[0] == 0]
        if not numeric:
            raise GiveUp(f"The row of {row_word!r} has no number to change.")
        col = numeric[-1]
    if how != "set":
        old = float(rows[row][col])
        if how.endswith("%"):  # "by 10%": a share of the old value
            new = old * (1 + float(value) / 100) if how == "add%" else old * (1 - float(value) / 100)
        else:
            new = old + float(value) if how == "add" else old - float(value)
        value = str(int(new)) if new.is_integer() else str(round(new, 10))
    return f"{chr(65 + col)}{row + 1}", value


def _column_formula(p, cmd: Command) -> Plan:
    """A function over a column named by its header word: the sheet is read, the range found, the formula
    typed into the target cell."""
    func, *words = cmd.args
    rows = yield from read_rows(p)
    if not rows:
        raise GiveUp("The sheet has no values to compute over.")
    target = cmd.target
    if target == "+":  # under the column its header word names
        rng, _ = column_range(rows, tuple(words), "A1")
        target = below_values(rows, rng[0])
    target = below_values(rows, target[:-1]) if target.endswith("+") else target  # "B+": under column B
    text = column_formula(rows, func, tuple(words), target)
    return (yield from plan_cell(p, Command("cell", target=target, text=text, app="spreadsheet")))


def column_formula(rows: list[list[str]], func: str, words: tuple[str, ...], target: str) -> str:
    """The formula of a function over the column the words name: "SUM", "COUNT" (COUNTA over text),
    "SPREAD" (largest minus smallest), "COUNTIF>5" (cells above 5)."""
    rng, numeric = column_range(rows, words, target, count=func == "COUNT")
    said = re.fullmatch(r"COUNTIF=(.+)", func)
    if said:  # "how many said yes": the column that holds the word
        index = next((i for i in range(max((len(r) for r in rows), default=0))
                      if any(i < len(r) and r[i].strip().lower() == said.group(1).lower() for r in rows)), -1)  # fmt: skip
        if index >= 0:
            rng, _ = column_range(rows, (rows[0][index],), target) if rows[0][index].strip() else (rng, False)
        return f'=COUNTIF({rng},"{said.group(1)}")'
    if func == "SPREAD" or func.startswith("COUNTIF") or func != "COUNT" and not numeric:
        # a comparison or a sum needs numbers: the word naming a numeric column ("the hottest day's
        # temperature": not the Day column), else the first numeric one
        fallback = (
            rng
            if numeric or func == "SPREAD" or func.startswith("COUNTIF")
            else column_range(rows, (), target)[0]
        )
        rng = next((r for r, n in (column_range(rows, (w,), target) for w in words) if n), fallback)
    if func == "SPREAD":
        return f"=MAX({rng})-MIN({rng})"
    if func.startswith("COUNTIF"):
        return f'=COUNTIF({rng},"{func[7:]}")'
    return f"={'COUNTA' if func == 'COUNT' and not numeric else func}({rng})"


def column_arith(rows: list[list[str]], args: tuple, target: str) -> str:
    """The formula of arithmetic between functions of columns named by header words: ("SUM:budget", "-",
    "SUM:spent") -> "=SUM(B2:B4)-SUM(C2:C4)"."""
    parts = []
    for n, arg in enumerate(args):
        if n % 2:
            parts.append(arg)
            continue
        func, _, word = arg.partition(":")
        heads = [h for h in (rows[0] if rows else []) if heads_match(word, h)]
        if not heads:
            raise GiveUp(f"No column of the sheet is headed {word!r}.")
        rng, _ = column_range(rows, (word,), target)
        parts.append(f"{func}({rng})")
    return "=" + "".join(parts)


def below_values(rows: list[list[str]], col: str) -> str:
    """The first cell of column `col` below its last value ("B5" when B4 is its last)."""
    index = ord(col[-1]) - 65
    last = max((n + 1 for n, r in enumerate(rows) if index < len(r) and r[index].strip()), default=0)
    return f"{col}{last + 1}"


def plan_sheet_save_as(p, cmd: Command) -> Plan:
    """Save the workbook (ctrl+s), then write it under the new name in the format its extension names with
    Gnumeric's ssconvert (bash tool)."""
    from deskpilot.local.plans.editor import plan_save

    yield from plan_save(p, Command("save", app="spreadsheet"))
    book = _book_path(p)
    src = shlex.quote(book[2:]) if book.startswith("~/") else shlex.quote(book)
    dest = shlex.quote(cmd.text)
    result = yield Act("bash", {"command": f"cd ~ && ssconvert {src} {dest} 2>&1 | tail -3; ls -- {dest}"},
                       f"Writing the workbook as {cmd.text}")  # fmt: skip
    if "[exit code" in (getattr(result, "output", "") or "") or getattr(result, "error", None):
        raise GiveUp(f"Writing {cmd.text} failed: {(getattr(result, 'output', '') or '')[-200:]}")
    return f"saved the workbook as {cmd.text}"


def _header_mentions(rows: list[list[str]], text: str, skip: str) -> list[tuple[int, int, str]]:
    """(start, end, column letter or fixed cell) of each column header, or label of a label-value row, that
    the text names ("hours", "Test 1", "won"); the longest names first, never overlapping. `skip`: a column
    letter whose header is not a term (the target's own)."""
    names: list[tuple[str, str, bool]] = []  # (name, letter or cell, per row)
    labelled = (
        bool(rows) and len(rows[0]) > 1 and _key(rows[0][1])[0] == 0
    )  # no header row: labels and values
    for i, head in enumerate(rows[0] if rows and not labelled else []):
        if head.strip() and _letter(i) != skip:
            names.append((head.strip(), _letter(i), True))
    for r, row in enumerate(
        rows[1:] if labelled else [], start=2
    ):  # "Subtotal | 80": a label beside its value
        if (
            len(row) > 1
            and row[0].strip()
            and _key(row[0])[0] == 1
            and row[1].strip()
            and _key(row[1])[0] == 0
        ):
            names.append((row[0].strip(), f"B{r}", False))
    if rows and len(rows[0]) > 1 and _key(rows[0][0])[0] == 1 and _key(rows[0][1])[0] == 0:
        names.append((rows[0][0].strip(), "B1", False))
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    words = sorted(names, key=lambda n: -len(n[0]))
    for name, where, _ in words:
        pattern = rf"(?<![\w/]){re.escape(name)}(?:e?s)?(?![\w/])"
        for m in re.finditer(pattern, text, re.I):
            if not taken & set(range(m.start(), m.end())):
                found.append((m.start(), m.end(), where))
                taken |= set(range(m.start(), m.end()))
    for m in re.finditer(r"(?<![\w/])[A-Za-z][a-z]{2,}(?![\w/])", text):  # "prices" on "Price", "qty" forms
        if taken & set(range(m.start(), m.end())):
            continue
        where = next((w for name, w, _ in words if heads_match(m.group(0), name)
                      and len(m.group(0)) >= 3), "")  # fmt: skip
        if where and m.group(0).lower() not in ("the", "and", "for", "each", "every", "row", "put", "with", "times", "plus",
                                                "minus", "over", "less", "percent", "total", "sum", "cost", "give"):  # fmt: skip
            found.append((m.start(), m.end(), where))
            taken |= set(range(m.start(), m.end()))
    return sorted(found)


def header_formula(rows: list[list[str]], target: str, body: str, header: str = "") -> list[tuple[str, str]]:
    """(cell, formula) pairs of arithmetic said in header words ("hours times rate", "won + lost", "5% of
    sales", "test 1 plus test 2"): a column's word stands for its cell on the target's row, a label beside a
    value for that value's cell. target: "D2", "D2:D4" or a column letter ("D": each row of the table)."""
    from deskpilot.local.nlu.mathwords import to_expression

    m = re.fullmatch(r"([A-Z]{1,2})(\d+)?(?::([A-Z]{1,2})(\d+))?", target)
    if not m:
        raise GiveUp(f"I cannot tell which cells {target!r} means.")
    col = m.group(1)
    last_row = max((n + 1 for n, r in enumerate(rows) if any(c.strip() for c in r)), default=1)
    if m.group(2) and m.group(4):
        targets = list(range(int(m.group(2)), int(m.group(4)) + 1))
    elif m.group(2):
        targets = [int(m.group(2))]
    else:
        targets = [r for r in range(2, last_row + 1) if any(c.strip() for c in rows[r - 1])]
    code = 7770999
    for segment in sorted(re.split(r"\s*[,;:(=]\s*|\s+-\s+|\)", body), key=lambda s: -len(s)) + [body]:
        mentions = _header_mentions(rows, segment, col)
        if not mentions:
            continue
        text, codes = "", {}
        pos = 0
        for k, (start, end, where) in enumerate(mentions):
            codes[str(code - k)] = where
            text += segment[pos:start] + f" {code - k} "
            pos = end
        text += segment[pos:]
        text = re.sub(r"\b(?:for|of)\s+(?:each|every|all)\b.*$", " ", text)
        expr = to_expression(text, loose=True)
        if not expr or not re.search(r"[-+*/^]", expr) or not any(c in expr for c in codes):
            continue
        out = [(f"{col}1", header)] if header else []
        for r in targets:
            formula = expr
            for c, where in codes.items():
                formula = formula.replace(c, f"{where}{r}" if re.fullmatch(r"[A-Z]{1,2}", where) else where)
            out.append((f"{col}{r}", "=" + formula))
        return out
    raise GiveUp(f"I could not read {body!r} as arithmetic over the sheet's columns.")
