"""Intent + slots -> the planner's `Command`s, or a question (a str) when a needed value is missing.

`context` carries the app and file that earlier steps named ("In the open file x.txt, ...") to later ones.
Values are normalised here: arithmetic (mathwords), key chords, ordinals, paths under the home folder.
"""

from __future__ import annotations

import re

from deskpilot.local.nlu.mathwords import continuation, to_expression
from deskpilot.local.nlu.schema import Command, Step

APP_WORDS = {
    "calculator": "calculator", "calc": "calculator", "galculator": "calculator", "qalculate": "calculator",
    "text editor": "editor", "editor": "editor", "notepad": "editor", "mousepad": "editor", "word pad": "editor",
    "note": "editor", "text": "editor", "notes": "editor", "gedit": "editor",
    "spreadsheet": "spreadsheet", "gnumeric": "spreadsheet", "excel": "spreadsheet", "sheet": "spreadsheet",
    "calc sheet": "spreadsheet", "workbook": "spreadsheet",
    "browser": "browser", "web browser": "browser", "chromium": "browser", "chrome": "browser",
    "internet": "browser", "web": "browser", "firefox": "browser", "page": "browser", "web page": "browser",
    "file manager": "files", "files": "files", "pcmanfm": "files", "file browser": "files", "folder": "files",
    "terminal": "terminal", "xterm": "terminal", "shell": "terminal", "command line": "terminal",
    "console": "terminal",
}  # fmt: skip
ORDINALS = {"first": 1, "1st": 1, "top": 1, "opening": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
            "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1, "bottom": -1, "final": -1}  # fmt: skip
FUNCS = {"sum": "SUM", "total": "SUM", "sum total": "SUM", "average": "AVERAGE", "mean": "AVERAGE",
         "avg": "AVERAGE", "highest": "MAX", "maximum": "MAX", "largest": "MAX", "max": "MAX", "biggest": "MAX",
         "lowest": "MIN", "minimum": "MIN", "smallest": "MIN", "min": "MIN", "count": "COUNT",
         "number": "COUNT"}  # fmt: skip
SPREADSHEET_EXT = (".xlsx", ".xls", ".ods", ".csv")
HOME_WORDS = re.compile(r"^(?:~|home|the home|my home|home folder|home directory)$", re.I)
KEY_SHORTCUTS = {"select_all": "ctrl+a", "undo": "ctrl+z", "copy_text": "ctrl+c", "paste": "ctrl+v"}


def app_name(words: str) -> str:
    """A catalog app for loose words ("the calc app", "Notepad"); "" if none."""
    w = re.sub(r"^(?:the|a|an|my|new)\s+|\s+(?:app|application|program|window)$", "", words.strip().lower())
    w = w.strip(" .")
    if w in APP_WORDS:
        return APP_WORDS[w]
    for word, name in APP_WORDS.items():
        if re.search(rf"\b{re.escape(word)}\b", w):
            return name
    return ""


def file_app(name: str) -> str:
    return "spreadsheet" if name.lower().endswith(SPREADSHEET_EXT) else "editor"


def path(name: str, folder: str = "") -> str:
    """A path relative to the home folder ("Desktop/x.txt"), "" for the home folder itself."""
    name = name.strip().strip("/")
    folder = folder.strip().strip("/")
    if HOME_WORDS.match(folder) or folder in ("", "."):
        folder = ""
    folder = {"desktop": "Desktop", "documents": "Documents", "downloads": "Downloads",
              "pictures": "Pictures", "music": "Music"}.get(folder.lower(), folder)  # fmt: skip
    name = re.sub(r"^~/?", "", name)
    return f"{folder}/{name}".strip("/") if folder else name


# Quoted values are one kind of thing: which slot name the tagger gave one depends on phrasing it shares
# with other intents ("type 'x' in ..." fills a cell or types text), so each intent reads its own name first.
VALUE_SLOTS = ("TEXT", "VALUE", "NEW", "OLD", "TARGET")


def _first(slots: dict, name: str) -> str:
    return slots.get(name, [""])[0]


def _values(slots: dict, name: str) -> list[str]:
    """The values of `name`, else of the first other value-like slot that has any."""
    for n in (name, *(v for v in VALUE_SLOTS if v != name)):
        if slots.get(n):
            return slots[n]
    return []


def build(step: Step, context: dict) -> list[Command] | str:
    s, intent, text = step.slots, step.intent, step.text

    def cmd(kind: str, **kw) -> Command:
        kw.setdefault("app", context["app"])
        return Command(kind, clause=text, **kw)

    apps = [a for a in (app_name(x) for x in s.get("APP", [])) if a]
    numbers = re.search(
        r"^\W*(?:type|write|enter|put|list|add)\b.*\bnumbers? (\d+) (?:to|through|-) (\d+)", text, re.I
    )
    if numbers and int(numbers.group(2)) - int(numbers.group(1)) <= 1000:  # "write the numbers 1 to 5"
        lines = "".join(f"{n}\n" for n in range(int(numbers.group(1)), int(numbers.group(2)) + 1))
        return [cmd("type", text=lines, app=apps[0] if apps else context["app"] or "editor")]
    if not apps and intent in ("open_app", "close_app", "context"):
        apps = [a for a in [app_name(re.sub(r"^\W*\w+(?:\s+up)?\s+", "", text))] if a]
    if intent == "context":
        if apps:
            context["app"] = apps[0]
        elif re.search(r"\b(?:web ?page|page|site|browser)\b", text, re.I):
            context["app"] = "browser"
        if s.get("FILE"):
            context["file"] = s["FILE"][0]
            context["app"] = file_app(s["FILE"][0])
        return []
    if intent == "open_app":
        if not apps:
            return f"Which app should I open? I did not recognise one in {text!r}."
        context["app"] = apps[0]
        return [cmd("open", target=apps[0], app=apps[0])]
    if intent == "close_app":
        return [cmd("close", app=apps[0] if apps else context["app"])]
    if intent == "compute":
        expr = to_expression(" ".join(s.get("EXPR", []))) or to_expression(step.prepared)
        if (
            not expr
            and continuation(step.prepared)
            and re.search(r"\b(?:it|that|display|shown|result|screen)\b", text)
        ):
            return [cmd("compute", text=continuation(step.prepared), op="continue", app="calculator")]
        if not expr:
            return f"What should I compute? I could not read an arithmetic expression in {text!r}."
        context["app"] = "calculator"
        return [cmd("compute", text=expr, app="calculator")]
    if intent == "calc_continue":
        op = continuation(step.prepared)
        if not op:
            return f"By what number, and with which operation? I could not read {text!r}."
        return [cmd("compute", text=op, op="continue", app="calculator")]
    if intent == "calc_clear":
        return [cmd("clear", app="calculator")]
    if intent == "type_text":
        values = _values(s, "TEXT")
        if not values:
            return f"What text should I type? Please put it in quotes, e.g. type 'hello world' ({text!r})."
        typed = "".join(f"{v}\n" for v in values) if len(values) > 1 else values[0]
        app = apps[0] if apps else context["app"] if context["app"] in ("editor", "terminal") else ""
        if not app and re.search(r"\b(?:document|file|note)\b", text, re.I):
            app = "editor"
        new_doc = bool(re.search(r"\bnew (?:document|file|note)\b", text, re.I))
        out = []
        if s.get("FILE"):
            out.append(cmd("open_file", target=path(s["FILE"][0]), app="editor"))
            app = "editor"
        return [*out, cmd("type", text=typed, app=app, new_document=new_doc)]
    if intent == "type_result":
        return [cmd("type", op="result", app=apps[0] if apps else "editor")]
    if intent.startswith("edit_") or intent in ("edit_delete_text",):
        return _edit(step, context, cmd)
    if intent == "save":
        app = context["app"] if context["app"] in ("editor", "spreadsheet") else "editor"
        return [cmd("save", app=app)]
    if intent == "save_as":  # "save draft.txt under the new name final.txt": the last name is the new one
        name = _first(s, "NEW") or (s.get("FILE") or [""])[-1]
        if not name:
            return "What name should I save the file as?"
        folder = _first(s, "FOLDER")
        if not folder and re.search(r"\bdesktop\b", text, re.I):
            folder = "Desktop"
        return [cmd("save_as", text=path(name, folder), app="editor")]
    if intent == "open_file":
        name = _first(s, "FILE") or _first(s, "NEW")
        if not name and apps:  # "open notepad": an app, not a file
            context["app"] = apps[0]
            return [cmd("open", target=apps[0], app=apps[0])]
        if not name:
            return "Which file should I open?"
        context["file"], context["app"] = name, file_app(name)
        return [cmd("open_file", target=path(name, _first(s, "FOLDER")), app=file_app(name))]
    if intent in ("make_folder", "make_file", "rename", "move", "copy_file", "delete_file"):
        return _files(step, cmd)
    if intent == "cell_set":
        cells, values = s.get("CELL", []), s.get("VALUE", [])
        if not cells or len(cells) != len(values):
            return (f"Which value goes into which cell? I read cells {cells} and values {values} in {text!r}; "
                    "please say e.g. \"put 'Total' in D1 and 5 in D2\".")  # fmt: skip
        return [
            cmd("cell", target=c.upper(), text=v, app="spreadsheet")
            for c, v in zip(cells, values, strict=True)
        ]
    if intent == "cell_formula":
        func = FUNCS.get(
            _first(s, "FUNC").lower(), "SUM" if re.search(r"\b(?:add|sum|total)", text, re.I) else ""
        )
        rng, cell = _first(s, "RANGE"), _first(s, "CELL")
        if not (func and rng and cell):
            return (
                f"Which function, over which cells, into which cell? I could not read all three in {text!r}."
            )
        return [cmd("cell", target=cell.upper(), text=f"={func}({rng.upper()})", app="spreadsheet")]
    if intent == "goto":
        url = _first(s, "URL")
        if not url:
            return f"Which web address should I open? ({text!r})"
        return [cmd("goto", target=url, app="browser")]
    if intent == "click":
        rest = re.sub(r"^\W*(?:please\s+)?(?:(?:double|right|left|middle|triple)[- ]?)?(?:click|tap|press|hit|choose|"
                      r"select|pick|push|activate|follow)\w*\s*(?:on\s+)?", "", text, flags=re.I)  # fmt: skip
        # the whole phrase after the verb: grounding reads its role, ordinal and position words itself
        rest = re.sub(r"\s+(?:on|in)\s+(?:the\s+|this\s+)?(?:open\s+|current\s+)?(?:web\s+)?(?:page|site|browser|screen)\W*$|"
                      r"[.!?]+$", "", rest.strip(), flags=re.I)  # fmt: skip
        target = rest or _first(s, "TARGET")
        if not target:
            return "What should I click? Please name the button, menu, link or text."
        low = text.lower()
        button = "right" if "right" in low.split("-")[0] or low.startswith("right") else "left"
        count = 2 if re.search(r"double|twice", low) else 1
        if re.search(r"new tab", low):
            return [cmd("click", target=_first(s, "TARGET") or target, text="ctrl", app="browser")]
        return [cmd("click", target=target, button=button, count=count)]
    if intent == "press":
        return [cmd("key", text=chord(_first(s, "KEY") or text, text))]
    if intent == "scroll":
        direction = next((d for d in ("up", "down", "left", "right") if d in text.lower()), "")
        direction = direction or ("up" if "top" in text.lower() else "down")
        amount = int(_first(s, "NUM")) if _first(s, "NUM").isdigit() else 15 if "all the way" in text else 5
        return [cmd("scroll", direction=direction, amount=amount, app=apps[0] if apps else "")]
    if intent == "search":
        value = (_values(s, "TEXT") or [""])[0]
        if not value:
            return "What should I search for?"
        return [
            cmd("fill", target="search", text=value, app="browser"),
            cmd("key", text="Return", app="browser"),
        ]
    if intent == "fill":
        fields, values = s.get("FIELD", []), s.get("VALUE", [])
        if re.search(r"\blog ?in as\b", text, re.I) and values and not fields:
            fields = ["username"]
        if not values or len(fields) != len(values):
            return f"Which value goes into which field? ({text!r})"
        out = [cmd("fill", target=f, text=v, app="browser") for f, v in zip(fields, values, strict=True)]
        if re.search(r"\b(?:sign|log) ?in\b", text, re.I):
            out.append(cmd("submit", app="browser"))
        return out
    if intent == "submit":
        return [cmd("submit", app="browser")]
    if intent in ("toggle_on", "toggle_off"):
        target = (_values(s, "TARGET") or [""])[0]
        off = re.search(r"\b(?:off|uncheck|untick|disable|deactivate|clear)\b", text, re.I)
        if not target:
            return f"Which option should I turn {'off' if off else 'on'}?"
        return [cmd("toggle", target=target, count=0 if off else 1)]
    if intent == "select_text":
        value = (_values(s, "TEXT") or [""])[0]
        return [cmd("select", text=value)] if value else "Which text should I select?"
    if intent == "unclear":
        return (
            f"What exactly should I do for {text!r}? Please name the app and the thing: the file, the "
            "text (in quotes) or the numbers."
        )
    if intent in KEY_SHORTCUTS:
        return [cmd("key", text=KEY_SHORTCUTS[intent])]
    return f"I don't know how to do {text!r} yet."


def _edit(step: Step, context: dict, cmd) -> list[Command] | str:
    s, intent, text = step.slots, step.intent, step.text
    target = context["file"] if context["app"] == "editor" else ""
    named = [f for f in s.get("FILE", []) if "." in f]
    if named:
        target = named[0]

    def edit(op: str, *args) -> list[Command]:
        return [cmd("edit", op=op, args=tuple(args), app="editor", target=target)]

    if intent == "edit_upper":
        return edit("upper")
    if intent == "edit_lower":
        return edit("lower")
    if intent == "edit_replace":
        old, new = _first(s, "OLD"), s.get("NEW", [None])[0]
        quoted = re.findall(r"\x00(\d+)\x00", step.prepared)
        if (not old or new is None) and len(
            quoted
        ) == 2:  # two quoted values: the first goes, the second comes
            values = [v for vs in s.values() for v in vs]
            old, new = (old, next((v for v in values if v != old), None)) if old else (values + [None])[:2]
        if not old or new is None:
            return f"What should I replace, and with what? Please quote both, e.g. replace 'a' with 'b' ({text!r})."
        return edit("replace", old, new)
    if intent == "edit_delete_text":
        old = _first(s, "OLD") or _first(s, "TEXT")
        return edit("delete_text", old) if old else "Which text should I delete?"
    if intent == "edit_delete_line":
        which = _first(s, "LINE").lower()
        n = ORDINALS.get(which) or (int(which) if which.isdigit() else 0)
        return edit("delete_line", n) if n else f"Which line should I delete? ({text!r})"
    if intent in ("edit_insert_top", "edit_append"):
        value = (_values(s, "TEXT") or [""])[0]
        if not value:
            return f"Which line should I add? Please quote it ({text!r})."
        return edit("insert_line" if intent == "edit_insert_top" else "append_line", value)
    if intent in ("edit_sort", "edit_sort_reverse", "edit_remove_blank"):
        return edit({"edit_sort": "sort", "edit_sort_reverse": "sort_reverse"}.get(intent, "remove_blank"))
    return f"I don't know how to do {text!r} in the editor."


def _files(step: Step, cmd) -> list[Command] | str:
    """File-system steps become one `files` command with paths relative to the home folder."""
    s, intent, text = step.slots, step.intent, step.text
    folders = s.get("FOLDER", [])
    if not folders and re.search(r"\bdesktop\b", text, re.I):
        folders = ["Desktop"]
    parent = folders[-1] if folders else ""
    if intent == "make_folder":
        names = s.get("NEW", [])
        if not names:
            return "What should the new folder be called?"
        return [cmd("files", op="mkdir", args=tuple(path(n, parent) for n in names), app="files")]
    if intent == "make_file":
        name = _first(s, "NEW") or _first(s, "FILE")
        if not name:
            return "What should the new file be called?"
        return [cmd("files", op="write", args=(path(name, parent), _first(s, "TEXT")), app="files")]
    sources = s.get("FILE", [])
    if not sources:
        return f"Which file or folder do you mean in {text!r}?"
    where = folders[0] if len(folders) > 1 else ""
    src = [path(f, where if intent in ("move", "copy_file") else parent) for f in sources]
    if intent == "delete_file":
        return [cmd("files", op="delete", args=tuple(src), app="files")]
    if intent == "rename":
        new = _first(s, "NEW")
        if not new:
            return f"What should the new name of {sources[0]} be?"
        base = src[0].rsplit("/", 1)[0] if "/" in src[0] else ""
        return [cmd("files", op="move", args=(src[0], path(new, base)), app="files")]
    dest = path(_first(s, "NEW"), "") if s.get("NEW") else path(folders[-1], "") + "/" if folders else ""
    if not dest:
        if intent == "copy_file" and len(src) == 1:
            stem, dot, ext = src[0].rpartition(".")
            dest = f"{stem} copy.{ext}" if dot else f"{src[0]} copy"
        else:
            return f"Where should I {'move' if intent == 'move' else 'copy'} {sources[0]} to?"
    return [cmd("files", op="move" if intent == "move" else "copy", args=(*src, dest), app="files")]


def chord(words: str, clause: str = "") -> str:
    """Key words -> an xdotool-style chord ("control s" -> "ctrl+s", "the enter key" -> "Return")."""
    low = re.sub(r"^(?:the\s+)|\s+(?:key|keys|button)$", "", words.lower().strip())
    names = {"enter": "Return", "return": "Return", "escape": "Escape", "esc": "Escape", "tab": "Tab",
             "backspace": "BackSpace", "delete": "Delete", "del": "Delete", "space": "space", "home": "Home",
             "end": "End", "page down": "Page_Down", "page up": "Page_Up", "up arrow": "Up", "down arrow": "Down",
             "left arrow": "Left", "right arrow": "Right", "control": "ctrl", "ctrl": "ctrl"}  # fmt: skip
    parts = re.split(r"\s*\+\s*|\s+", low)
    joined = " ".join(parts)
    if joined in names:
        key = names[joined]
    else:
        key = "+".join(names.get(p, p) for p in parts if p)
    times = 2 if re.search(r"\btwice\b", clause.lower()) else 1
    return " ".join([key] * times)
