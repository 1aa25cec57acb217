"""Intent + slots -> the planner's `Command`s, or a question (a str) when a needed value is missing.

`context` carries the app and file that earlier steps named ("In the open file x.txt, ...") to later ones.
Values are normalised here: arithmetic (mathwords), key chords, ordinals, paths under the home folder.
"""

from __future__ import annotations

import dataclasses
import re

from deskpilot.local.nlu.mathwords import START_CHAIN, START_VALUE, continuation, to_expression
from deskpilot.local.nlu.schema import Command, Step
from deskpilot.local.nlu.text import URL_RE
from deskpilot.local.nlu.web import (
    NAMES_SITE,
    ORDER_ONLY,
    SET_OPTION,
    SITE_PLACE,
    STOCK,
    VIA_FORM,
    WANT_ITEM,
    option_wishes,
    page_request,
)

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
         "number": "COUNT", "top": "MAX", "best": "MAX", "worst": "MIN", "least": "MIN", "how many": "COUNT"}  # fmt: skip
SPREADSHEET_EXT = (".xlsx", ".xls", ".ods", ".csv")
HOME_WORDS = re.compile(r"^(?:~|home|the home|my home|home folder|home directory)$", re.I)
KEY_SHORTCUTS = {"select_all": "ctrl+a", "undo": "ctrl+z", "copy_text": "ctrl+c", "paste": "ctrl+v"}
# Chromium's shortcuts (https://support.google.com/chrome/answer/157179)
BROWSER_KEYS = {"browser_back": "alt+Left", "browser_forward": "alt+Right", "browser_reload": "F5",
                "new_tab": "ctrl+t", "zoom_in": "ctrl+equal", "zoom_out": "ctrl+minus"}  # fmt: skip
FIND_VERBS = r"find|look for|search (?:this|the) page for|highlight|where does it say|ctrl f|search for"
TYPE_VERBS = (r"type(?: out| in)?|write(?: down| out)?|enter|jot down|note down|put down|input|key in|"
              r"scribble|record|add|insert|put|note")  # fmt: skip
FIELD_WORDS = r"(?:user ?name|username|user|login|password|pass|pwd|pw|passcode|e-?mail|email|name|first name|last name|phone|city|subject|message|comment|address)"


# One-key actions act only when the clause names them: otherwise the classifier's pick is a guess.
KEYWORDS = {"paste": r"\bpaste", "copy_text": r"\bcopy", "undo": r"\bundo|\brevert|\btake (?:that|it) back|\blast change",
            "select_all": r"\bselect|\bhighlight", "zoom_in": r"\bzoom|\bbigger|\blarger|\benlarge|\bmagnif",
            "zoom_out": r"\bzoom|\bsmaller|\bshrink", "browser_reload": r"\brefresh|\breload|\bf5\b",
            "bookmark": r"\bbookmark|\bfavou?rite|\bstar\b", "new_tab": r"\btab\b",
            "browser_forward": r"\bforward|\bnext page", "browser_back": r"\bback\b|\bprevious",
            "type_result": r"\b(?:type|write|paste|put|enter|copy|jot|note|record|add|insert)\b",
            "edit_sort": r"\bsort(?!\s+out)|\balphabeti|\border|\barrange", "sheet_sort": r"\bsort(?!\s+out)|\balphabeti|\border|\barrange|\brank",
            "cell_clear": r"\bclear|\bempty|\bdelet|\berase|\bwipe|\bremov|\bblank|\brid\b|\bnothing|\bscrub"}  # fmt: skip
KEYWORDS["list_files"] = (
    r"\bfiles?\b|\bfolders?\b|\bdirector|\blist|\bls\b|\bcontents\b|\bwhat'?s\s+(?:in|on)\b|\bshow\b|"
    r"\b(?:home|documents|downloads|desktop|pictures|music)\b|~/"
)
KEYWORDS["click"] = (
    r"\bclick|\bjoin|\btap|\bpress|\bhit|\bchoose|\bselect|\bpick|\bpush|\bactivate|\bfollow|\bpage\b|\blink|\bbutton|"
    r"\btab\b|\bmenu|\bicon|\boption|\bgo\b|\bopen|\bshow|\btake me|\bvisit|\bnavigate|\bbring|\bsee\b|\bview|"
    r"\bhead\b|\bsubscribe|\bsign|\bregister|\border\b|\bcart|\bcheck ?out|\blog|\bbasket|\bbox\b|\bfield|\bentry|"
    r"\bdownload|\bexpand|\bclose|\bcheckbox|\bradio|\bsubmit|\bsend|\bsave|\bok\b|\bcancel|\bnext\b|\bback\b"
)
# intents that never hold arithmetic: a clause of them that reads as a whole expression is a computation
ARITHMETIC_MISREAD = {"list_files", "open_file", "open_app", "unclear", "click", "press", "search", "goto",
                      "context", "close_app", "find_text", "scroll", "undo", "select_all", "copy_text", "paste",
                      "calc_clear", "browser_back", "browser_forward", "browser_reload", "new_tab", "bookmark",
                      "zoom_in", "zoom_out"}  # fmt: skip


LEAD = r"^\W*(?:[\w ]{1,20}:\s+)?(?:(?:please|pls|plz|can you|could you|would you|can u|could u|go ahead and|now|then|and|also|just|i need you to)\s+)*"
FILE_NAME = r"[\w~/.-]*\w\.[a-z]\w{0,4}"
# (pattern, intent, intents that fit it): a clause that opens with a verb and its object names its own
# intent; the classifier's pick stands only when it is one that fits.
VERB_READINGS = [
    (LEAD + r"(?:make|create|set up|add|start|new)\s+(?:me\s+)?(?:a\s+|an\s+|the\s+|\w+\s+)?(?:new\s+)?(?:empty\s+)?"
     r"(?:sub)?(?:folders?|director(?:y|ies))\b", "make_folder", ("make_folder",)),
    (r"^\W*(?:i|we)\s+(?:need|want|would like|'d like)\s+(?:a|an|two|three|\d+|some)\s+(?:new\s+)?(?:empty\s+)?"
     r"(?:sub)?(?:folders?|director(?:y|ies))\b", "make_folder", ("make_folder",)),
    (LEAD + r"(?:move|put|shift|transfer|stick|drop)\s+(?:all\s+|every\s+|each\s+)?(?:of\s+)?(?:the\s+|my\s+)?(?:\S+\s+){0,2}?"
     rf"(?:files?|{FILE_NAME})\b(?!.*\b(?:that\s+(?:says|contains|reads)|containing|saying|with\s+the\s+(?:text|line|words?))\b).*\b(?:into|to|in|inside)\b", "move", ("move", "copy_file")),
    (LEAD + r"(?:type|write|jot down|note down|put down|key in|enter)\b(?!.*\b[A-Z]{1,2}\d{1,5}\b(?!\.\w))"
     r"(?!.*\b(?:box|field)\b)", "type_text", ("type_text", "type_result", "edit_append", "edit_insert_top", "edit_replace",
     "make_file", "fill", "cell_set", "cell_formula", "save_as", "press", "search", "compute")),
    (LEAD + r"(?:make|create|start|add)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:empty\s+|blank\s+|text\s+)?file\b"
     r"(?!.*\b(?:in|into|with)\s+the\s+(?:editor|text editor|notepad|mousepad)\b)", "make_file", ("make_file",)),
    (LEAD + r"(?:keep|make|take|save|create|put)\s+(?:a|an|one)\s+(?:backup\s+|spare\s+|second\s+)?copy\s+of\s+", "copy_file", ("copy_file",)),
    (LEAD + rf"(?:put|write|type|save)\s+.+?\s+(?:in|into)\s+(?:a\s+)?new\s+file\s+(?:called\s+|named\s+)?{FILE_NAME}", "make_file",
     ("make_file",)),
    (LEAD + r"(?:make|create|write|put|place|add)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?[\w.-]+\s+(?:in|under|inside)\s+(?:~/[\w./-]*|the\s+[\w.-]+\s+"
     r"folder|[\w.-]+)\s+(?:that\s+(?:says|contains|reads)|saying|containing|which\s+says|with\s+the\s+(?:text|words?|line))\b", "make_file",
     ("make_file",)),
    (LEAD + r"(?:make|create)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?[\w~/.-]+\.\w{1,5}\b", "make_file",
     ("make_file", "type_text", "save_as")),
    (LEAD + r"(?:delete|remove|trash|erase|bin)\s+(?:the\s+)?(?:file\s+|folder\s+)?[\w~/.-]+\.\w{1,5}\b(?!\s+from\s+the\s+(?:text|document|line))",
     "delete_file", ("delete_file",)),
    (LEAD + r"(?:rename)\b", "rename", ("rename",)),
    (LEAD + r"(?:move|shift|transfer)\s+(?:it|that|this|that file|this file)\s+(?:back\s+|up\s+|over\s+)?(?:to|into|in)\b", "move",
     ("move",)),
]  # fmt: skip


VAGUE = re.compile(
    r"(?:some(?:thing| text| stuff| words)?|it|that|this|stuff|anything|whatever|the thing|something nice|"
    r"the usual(?: stuff)?|a thing|text)(?:\s+(?:here|there|in it|for me|please))?\W*",
    re.I,
)


# Words that point at something never said ("the thing we talked about"): no value to act on.
UNSAID = re.compile(r"\b(?:thing|stuff|one|bit)s?\b.*\b(?:talked|discussed|mentioned|spoke|agreed)\b|\bwhat\s+(?:we|i|you)\s+(?:talked|discussed|spoke|mentioned|agreed)\b|\byou know\b|"
                    r"\bthe usual\b|\bwhatever\b|\bsomething\b|\bfrom\s+(?:before|earlier|last time|yesterday)\b", re.I)  # fmt: skip


# A word deleted wherever it stands: "delete the word very everywhere", "remove all the um from the text".
DELETE_WORD = re.compile(
    r"\b(?:delete|remove|drop|erase|get rid of|take out|cut|strike)\s+(?:the\s+word\s+|every\s+|all\s+(?:the\s+)?|each\s+)?"
    r"(?!(?:text|everything|contents?|lines?|words|document|file|it|that|this)\b)(\x00\d+\x00|[\w'-]+)"
    r"(?:\s+everywhere|\s+from\s+(?:the|this)\s+(?:text|document|file)|\s+wherever\b.*)\W*$",
    re.I,
)


def _after_verb(text: str, verbs: str, tail: str = "") -> str:
    """Unquoted words after a leading verb ("type hello world" -> "hello world"), without the `tail` phrase."""
    m = re.match(  # a few words of politeness may come first ("hey, could you please jot down ...")
        rf"^\W*(?:[\w']+,?\s+){{0,6}}?(?:{verbs})\s+(.+)$", text.strip(), re.I
    )
    if not m:
        return ""
    value = re.sub(tail, "", m.group(1), flags=re.I) if tail else m.group(1)
    return value.strip(" .!?,;:")


def _folder_words(text: str) -> str:
    """A folder named loosely: "in Documents", "the Downloads folder", "my home folder" ("" for home)."""
    m = re.search(
        r"\b(?:in|of|inside|under)\s+(?:the\s+|my\s+)?([\w~/.-]+)(?:\s+(?:folder|directory|dir))?\W*$",
        text,
        re.I,
    )
    if m and not HOME_WORDS.match(m.group(1)) and m.group(1).lower() not in ("home", "folder", "directory"):
        return m.group(1)
    if re.search(r"\b(?:on|in)\s+(?:the\s+|my\s+)?desktop\b", text, re.I):
        return "Desktop"
    m = re.search(r"\bthe\s+([\w~/.-]+)\s+(?:folder|directory)\b", text, re.I)
    if m and m.group(1).lower() not in ("home", "my"):
        return m.group(1)
    return ""


def _names(text: str) -> list[str]:
    """Unquoted names in a list: "red, green and blue" -> [red, green, blue]."""
    return [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text.strip(" .!?")) if n]


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
    folder = re.sub(r"^~/?", "", folder.strip()).strip("/")
    if HOME_WORDS.match(folder) or folder in ("", "."):
        folder = ""
    folder = {"desktop": "Desktop", "documents": "Documents", "downloads": "Downloads",
              "pictures": "Pictures", "music": "Music"}.get(folder.lower(), folder)  # fmt: skip
    name = re.sub(r"^~/?", "", name)
    if folder == name:  # "in notes.txt, ...": the file itself, read as its folder too
        folder = ""
    return f"{folder}/{name}".strip("/") if folder else name


# Quoted values are one kind of thing: which slot name the tagger gave one depends on phrasing it shares
# with other intents ("type 'x' in ..." fills a cell or types text), so each intent reads its own name first.
VALUE_SLOTS = ("TEXT", "VALUE", "NEW", "OLD", "TARGET")


def _numbers(expr: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", expr))


def _first(slots: dict, name: str) -> str:
    return (slots.get(name) or [""])[0]


def _values(slots: dict, name: str) -> list[str]:
    """The values of `name`, else of the first other value-like slot that has any."""
    for n in (name, *(v for v in VALUE_SLOTS if v != name)):
        if slots.get(n):
            return slots[n]
    return []


def build(step: Step, context: dict) -> list[Command] | str:
    s, intent, text = step.slots, step.intent, step.text
    whole = to_expression(step.prepared)
    if intent in ARITHMETIC_MISREAD and re.search(r"[-+*/^(]", whole):
        intent = "compute"  # "what's 256 times 3?" is arithmetic whatever else its first words resemble
    if (
        intent == "calc_continue"
        and len(re.findall(r"\d+(?:\.\d+)?", whole or to_expression(step.prepared, loose=True))) >= 2
        and not re.search(r"\b(?:it|that|this|result|display|shown|answer|screen|number)\b", text, re.I)
    ):
        intent = "compute"  # "5 times 6 minus 4" names every operand; nothing continues from the display
    place = re.match(r"^\W*(?:on|in|with|using|inside|over in)\s+(?:the\s+|my\s+)?([\w ]+?)(?:\s+(?:app|window))?\W*$",
                     step.prepared, re.I)  # fmt: skip
    if place and place.group(1).lower() in APP_WORDS:
        intent = "context"  # "on the calculator, 250 * 4"
    if re.match(r"^\W*(?:and\s+)?(?:then\s+)?(?:place (?:the |my )?order|(?:add|put|place|drop|pop) (?:it |them |that |this |one )?(?:\w+ )?(?:in|into|to) (?:the |my )?(?:cart|basket|bag)|subscribe|sign (?:me |us )?up|join (?:the |our |their |your )?(?:newsletter|mailing list)|"
                r"check ?out)\b", text, re.I):  # fmt: skip
        intent = "click"  # the button the words name
    if (
        intent in ("edit_replace", "edit_append", "edit_insert_top", "edit_delete_text")
        and re.match(r"^\W*(?:please\s+)?(?:type|write|jot down|note down|put down|enter)\b", text, re.I)
        and step.prepared.count("\x00") >= 4
        and not re.search(
            r"\b(?:end|top|bottom|first|last|beginning|start|instead|[A-Z]{1,2}\d+)\b", step.prepared
        )
    ):
        intent = "type_text"  # "write a list with 3 lines: 'a', 'b' and 'c'" is new text, not an edit
    if intent in (
        "sheet_bold",
        "sheet_sort",
        "cell_clear",
        "click",
        "unclear",
        "list_files",
        "goto",
    ) and re.match(
        r"^\W*(?:please\s+)?(?:type|write|jot down|note down)\s+(?!.*\b[A-Z]{1,2}\d{1,5}\b(?!\.\w))",
        text,
        re.I,
    ):
        intent = "type_text"  # "type hello world and save it as hello.txt"
    if re.search(
        r"\b(?:should|must|has to|needs to)\s+(?:say|be|read)\s+\S+,?\s+(?:not|instead of|rather than)\s+\S",
        step.prepared,
        re.I,
    ) and not (context.get("open") == "spreadsheet" and re.search(rf"\b{REF}\b", step.prepared)):
        intent = "edit_replace"  # "the price should say 19.99, not 9.99"
    if (
        intent == "cell_formula" or intent.startswith("sheet_") and context.get("open") == "spreadsheet"
    ) and len(_cell_pairs(step)[0]) >= 2:  # "'Total' in A5 and the sum of B2:B4 in B5"
        intent = "cell_set"
    if intent in ("toggle_on", "toggle_off", "type_text", "click") and re.search(
        r"^\W*(?:type|write|enter|put)\s+.+\s+in(?:to)?\s+the\s+[\w ]+?\s+(?:box|field)\b", text, re.I
    ):
        intent = "fill"  # "type 'great shop' in the feedback box"

    if (
        intent in ("edit_clear", "edit_delete_line")
        and DELETE_WORD.search(step.prepared)
        and not re.search(r"\bline\b", text, re.I)
    ):
        intent = "edit_delete_text"  # "remove all the um from the text": that word, not the whole text
    if (
        s.get("URL")
        and intent not in ("goto", "new_tab", "bookmark")
        and re.match(
            LEAD + r"(?:open|go|visit|navigate|load|bring up|head|take me|pull up|show me|get me)\b",
            step.prepared,
            re.I,
        )
    ):  # "open the catalog search (127.0.0.1:8000/search.html)": the address
        intent = "goto"
    if s.get("URL") and re.search(
        r"\b(?:address|url|location|search)\s+(?:bar|field|box)\b|\bomnibox\b", text, re.I
    ):
        # "type localhost:8000 into the address bar and press enter": that address
        return [Command("goto", target=s["URL"][0].strip(".,!?"), app="browser", clause=text)]
    if s.get("URL") and intent == "open_app" and app_name(" ".join(s.get("APP", []))) in ("browser", ""):
        # "launch chromium and show me localhost:8000/contact.html": the address opens the browser too
        return [Command("goto", target=s["URL"][0].strip(".,!?"), app="browser", clause=text)]
    # a web address, or a site named loosely, makes it web work with no browser open yet ("go to
    # 127.0.0.1:8000 and open the about page", "bring up the local site's home page")
    web = "browser" in (context.get("open"), context["app"]) or bool(s.get("URL") or NAMES_SITE.search(text))
    if SITE_PLACE.match(text):  # "on the local site, ...": where the next steps happen
        context["app"] = "browser"
        return []
    if web and not context["app"] and not s.get("APP"):
        context["app"] = "browser"  # "subscribe me on the local site": its buttons are the browser's
    every = re.match(LEAD + r"(check|tick|select|enable|turn\s+on|switch\s+on|mark|uncheck|untick|clear|disable|turn\s+off|"
                     r"switch\s+off)\s+(?:both|all|every|each)(?:\s+(?:of\s+)?the)?\s+(?:boxes|checkboxes|check\s*boxes|options|"
                     r"settings|toggles)\b", step.prepared, re.I)  # fmt: skip
    if web and every:  # "tick both boxes": every check box on the page
        off = re.match(r"un|clear|disable|turn\s+off|switch\s+off", every.group(1), re.I)
        return [Command("toggle", target="all", count=0 if off else 1, app="browser", clause=text)]
    wishes = option_wishes(step.prepared) if web and "\x00" not in step.prepared else []
    if wishes:  # "I only want the newsletter, no dark mode": each option set as wished
        return [Command("toggle", target=o, count=int(on), app="browser", clause=text) for o, on in wishes]
    option = SET_OPTION.match(text) if web else None
    if option:  # "set the size to small (and add it to my basket)": that option, then the form's button
        picked = [Command("click", target=option.group("what"), app="browser", clause=text)]
        if re.search(r"\b(?:cart|basket|bag)\b", text, re.I):
            picked.append(Command("click", target="add to cart", app="browser", clause=text))
        elif re.search(r"\b(?:order|buy|check\s*out|submit|confirm)\b", text, re.I):
            picked.append(Command("submit", app="browser", clause=text))
        return picked
    pairs = _field_pairs(step) if web and intent not in ("fill", "search") else None
    if pairs and (
        len(pairs[0]) >= 1
        and re.match(
            LEAD
            + r"(?:(?:can|could|would)\s+you\s+)?(?:send|submit|use|fill|enter|put|give|contact|message|e-?mail)\b",
            step.prepared,
            re.I,
        )
        or re.match(rf"^\W*(?:and\s+)?(?:my\s+|the\s+)?{FIELD_WORDS}\s*(?:is\b|:|=)", step.prepared, re.I)
    ):  # "could you send them my name, Ada Lee, and my email ada@x.io", "user: mo pass: k9": a form's fields
        intent = "fill"
    if web and re.search(r"\b(?:my|our)\s+(?:usual|normal|regular)\b|\bthe\s+usual\b", text, re.I):
        return f"Which one do you mean by {text!r}? I do not know your usual choice."
    if web and re.fullmatch(
        r"\W*(?:and\s+)?(?:then\s+)?(?:go|search|enter|hit enter|press enter|send it|submit it|do it)\W*",
        text,
        re.I,
    ):
        return [Command("key", text="Return", app="browser", clause=text)]  # "... in the search and go"
    if (
        web
        and re.match(
            LEAD + r"fill\s+(?:it|this|that|them|the\s+form|the\s+fields|everything)\s+(?:in|out)\b",
            step.prepared,
            re.I,
        )
        and not ("\x00" in step.prepared or _field_pairs(step))
    ):
        return f"What should I fill the form with? Please name each field and its value ({text!r})."
    chosen_please = re.match(
        r"^\W*(?:the\s+)?([\w-]+)(?:\s+(?:shipping|delivery|size|option|plan|one))?(?:\s+(?:please|pls|thanks|for\s+me))+\W*$",
        text,
        re.I,
    )
    if (
        web
        and chosen_please
        and chosen_please.group(1).lower() not in ("that", "this", "it", "yes", "no", "ok", "okay", "thanks")
    ):
        return [
            Command("click", target=chosen_please.group(1), app="browser", clause=text)
        ]  # "Express shipping please"
    size = re.search(
        r"\b(?:in\s+(?:size\s+)?|size\s+)?(extra\s+large|extra\s+small|small|medium|large|xxl|xl|xs)\b(?:\s+size)?",
        text,
        re.I,
    )
    if (
        web
        and re.search(r"\b(?:cart|basket|bag)\b", text, re.I)
        and re.search(r"\b(?:add|put|place|pop|drop|throw)\b", text, re.I)
        or web
        and size
        and re.search(r"\b(?:buy|purchase|get|order)\b", text, re.I)
        and not re.search(r"\b(?:with|using|by|shipping|delivery)\b", text, re.I)
    ):  # "I'd like to buy a medium t-shirt": the size, then the cart
        # "I want this shirt in large - add it to the cart", "just add the t-shirt to my cart"
        picked = [Command("click", target=size.group(1), app="browser", clause=text)] if size else []
        return [*picked, Command("click", target="add to cart", app="browser", clause=text)]
    if (
        web
        and size
        and (size.group(0).lower().startswith(("in ", "size")) or size.group(0).lower().endswith("size"))
        and not re.search(r"\b(?:zoom|font|text|bigger|smaller|window)\b", text, re.I)
    ):  # "I need this hoodie in small", "medium size pls": the size option
        return [Command("click", target=size.group(1), app="browser", clause=text)]
    carted = re.match(r"^\W*(?:please\s+)?(?:add|put|place|pop)\s+(?:a|an|one|the)\s+([\w-]+)\s+(?:[\w-]+\s+)?(?:to|in|into)\s+"
                      r"(?:the\s+|my\s+)?(?:cart|basket|bag)\W*$", text, re.I)  # fmt: skip
    if web and carted:  # "add a medium t-shirt to the cart": the option, then the cart button
        return [Command("click", target=carted.group(1), app="browser", clause=text),
                Command("click", target="add to cart", app="browser", clause=text)]  # fmt: skip
    ordered = re.match(r"^\W*(?:and\s+)?(?:then\s+)?(?:order|buy|check ?out|pay|place (?:the |my |an )?order|(?:complete|finish|finali[sz]e|confirm|submit|send) (?:the |my )?order)\s+(?:it\s+)?(?:with|using|by)\s+"
                       r"(?:the\s+)?([\w-]+)(?:\s+(?:shipping|delivery|option|post))?\W*$", text, re.I)  # fmt: skip
    then = re.match(r"^\W*(?:please\s+)?(?:choose|pick|select|tick|go with)\s+(.+?)\s+and\s+(?:then\s+)?(?:order|place (?:the |my )?order|"
                    r"submit|send|buy|check ?out|pay|continue|confirm)\W*$", text, re.I)  # fmt: skip
    option = ordered or then  # "order it with express delivery", "pick overnight and order"
    if web and option:  # the option, then the form's button
        return [
            Command("click", target=option.group(1), app="browser", clause=text),
            Command("submit", app="browser", clause=text),
        ]
    chosen = re.match(r"^\W*(?:(?:i'?m|i am)\s+(?:an?\s+)?|(?:i'?ll|i will|we'?ll)\s+(?:take|have|go with|get)\s+(?:the\s+|an?\s+)?|(?:i'?d like|i would like|i want|give me|let me have)\s+(?:the\s+|an?\s+)?|"
                      r"(?:make it|go with|let'?s do|let'?s go with)\s+(?:the\s+|an?\s+)?)([\w-]+)(?:\s+(?:one|size|option|shipping|delivery|plan))?\W*$|"
                      r"^\W*(?:the\s+)?(?!(?:that|this|it|everything|all)\b)([\w-]+)(?:\s+[\w-]+)?\s+"
                      r"(?:is|would be|will be|sounds)\s+(?:fine|ok|okay|good|great|perfect)\W*$", step.prepared, re.I)  # fmt: skip
    # "I need a small", "..., let's just go with the cheap basic one": the option named last
    chosen = chosen or re.match(
        r"^\W*(?:i|we)\s+need\s+(?:the\s+|an?\s+)([\w-]+)(?:\s+(?:one|size|option))?\W*$", step.prepared, re.I
    )
    chosen = chosen or re.search(r"\blet'?s\s+(?:just\s+)?(?:do|go\s+with|take|pick|use|get|have)\s+(?:the\s+)?(?:[\w-]+\s+)?([\w-]+)\s+"
                                 r"(?:one|option|shipping|delivery|size)\b", step.prepared, re.I)  # fmt: skip
    if chosen and "browser" in (
        context.get("open"),
        context["app"],
    ):  # "standard shipping is fine", "I'm a medium"
        return [Command("click", target=(chosen.group(1) or chosen.group(2)), app="browser", clause=text)]
    if (
        web
        and re.search(
            r"\b(?:home|start|main|front|landing)\s*page\b|\bsite(?:'s)?\s+root\b|\bhomepage\b", text, re.I
        )
        and not s.get("URL")
    ):
        return [Command("goto", target="/", app="browser", clause=text)]  # "the site's front page again"
    bare = re.search(r"(?:^|[\s(,])/?([\w-]+\.html?)\b", step.prepared)  # "offers.html", "at /offers.html"
    if web and bare and not s.get("URL") and intent not in ("fill", "search", "find_text"):
        return [
            Command("goto", target=f"/{bare.group(1)}", app="browser", clause=text)
        ]  # "the deals live on offers.html"
    wanted = page_request(step.prepared) if web and not s.get("URL") else None
    if wanted == "":  # "open the page": which one?
        return f"Which page should I open? ({text!r})"
    if wanted:  # "take me to the login screen", "where do I sign up for their newsletter?"
        return [Command("click", target=step.restore(wanted), op="page", app="browser", clause=text)]
    stock = STOCK.match(step.prepared) if web else None
    if stock and (
        re.match(r"^\W*do", step.prepared, re.I) or re.search(r"\b(?:catalog|catalogue|search)\b", text, re.I)
    ):  # "do you have any kettles? check the catalog": the site's search
        return [Command("fill", target="search", text=step.restore(stock.group("what")), app="browser", clause=text),
                Command("key", text="Return", app="browser", clause=text)]  # fmt: skip
    item = WANT_ITEM.match(step.prepared) if web else None
    if item:  # "I'm hunting for a rain jacket": the site's search
        return [Command("fill", target="search", text=step.restore(item.group("what")), app="browser", clause=text),
                Command("key", text="Return", app="browser", clause=text)]  # fmt: skip
    if web and ORDER_ONLY.match(text):  # "go ahead and order": the order form's button
        return [Command("submit", app="browser", clause=text)]
    named_page = re.search(r"\b(?:the|their|its)\s+([\w-]+(?:\s+us)?)\s+page\b", step.prepared, re.I)
    asked = _lookup_words(step) if web and not named_page else ()
    if asked:  # "how much is the basic plan?": the page that answers it
        return [Command("lookup", args=asked, app="browser", clause=text)]
    page = re.search(r"\b(?:the|their|its|this\s+(?:site|shop|store)'s|the\s+(?:site|shop|store)'s|a)\s+([\w-]+(?:\s+us)?)\s+"
                     r"(?:page|section|tab)\b", step.prepared, re.I)  # fmt: skip
    if (
        page
        and web
        and intent not in ("fill", "search", "submit", "toggle_on", "toggle_off")
        and not re.search(
            # a message that names a page ("tell them the pricing page is slow") is no request for it
            r"\.html?\b|\x00|\b(?:search|fill|type|enter|subscribe|sign|log|send|tick|check(?!\s+out)|choose|pick|"
            r"tell|let\s+\w+\s+know|inform|write|leave|report)\b",
            step.prepared,
            re.I,
        )  # fmt: skip
        and not re.search(
            r"\bnew\s+tab\b|\b(?:back|forward|previous|next|reload|refresh|bookmark|favou?rite|zoom)\b",
            step.prepared,
            re.I,
        )
    ):  # "i need the contact page of this shop": its link here, else on the site's home page
        name = page.group(1).lower()
        # "the about page on localhost:8000": that site first (an address with a path is the page itself)
        site = [Command("goto", target=url, app="browser", clause=text) for url in s.get("URL", [])[:1]]
        if site and re.search(r"[^/:]/+[^/\s]", site[0].target.split("://")[-1]):
            site = []
        if name in ("home", "start", "main", "front", "landing", "index", "first"):
            return site or [Command("goto", target="/", app="browser", clause=text)]
        if name not in ("same", "next", "previous", "last", "new", "web", "whole", "this", "current"):
            return [*site, Command("click", target=page.group(1), op="page", app="browser", clause=text)]
    via = VIA_FORM.match(step.prepared) if web else None
    if via:  # "send 'hello there' through the feedback form"
        return [Command("fill", target=via.group(2), text=step.restore(via.group(1)), app="browser", clause=text),
                Command("submit", app="browser", clause=text)]  # fmt: skip
    if web and re.match(LEAD + r"(?:send|give|leave|post|submit|write)\s+(?:them\s+|us\s+)?(?:(?:some|a|my|our|the|this)\s+)?"
                        r"(?:feedback|message|comment|review|note)(?:\s+(?:for|to)\s+(?:them|us|the\s+(?:shop|store|site|team)))?(?:\s+(?:now|please|pls))?\W*$", step.prepared, re.I):  # fmt: skip
        return f"What should the message say? ({text!r})"  # "post a review for the shop": which words?
    colon = re.match(LEAD + r"(?:write|post|leave|say|put)\s*:\s*(.+?)[\s.!?]*$", step.prepared, re.I)
    if web and colon:  # "..., and write: the new layout is lovely": the page's text box, then send it
        return [Command("fill", target="message", text=step.restore(colon.group(1)), app="browser", clause=text),
                Command("submit", app="browser", clause=text)]  # fmt: skip
    said = re.match(LEAD + r"(?:send|give|leave|tell|write|post|submit|let|inform|notify|warn)\s+(?:them|us|the\s+(?:site|shop|store|team)|"
                    r"the\s+owners?)?\s*(?:know\s+)?(?:(?:(?:some|a|my|our|the|this)\s+)?(feedback|message|comment|note|review)\s*)?"
                    r"(?:(?:through|via|using|in|on|with)\s+(?:the|their|your)\s+[\w ]+?\s+(?:form|box|page|field)\s+)?"
                    r"(?:saying|that says|that reads|reading|to say|:)?\s*(?:that\s+)?(.+?)[\s.!?,;]*$", step.prepared, re.I)  # fmt: skip
    if (
        said
        and "browser" in (context.get("open"), context["app"])
        and (
            said.group(1)
            or re.match(
                r"^\W*(?:\w+\s+)?(?:tell|let)\b|" + LEAD + r"(?:tell|let|inform|notify|warn)\b",
                step.prepared,
                re.I,
            )
        )
        and not re.search(rf"@|\b{FIELD_WORDS}\s+(?:is\s+|:\s*|as\s+)?\S", said.group(2), re.I)
    ):  # "send them feedback saying great site": the page's one text box, then send it
        return [Command("fill", target=said.group(1) or "message", text=step.restore(said.group(2)), app="browser",
                        clause=text), Command("submit", app="browser", clause=text)]  # fmt: skip
    files = _file_jobs(step)
    both = re.search(
        rf"\bcopy\s+((?:~/)?{FILE_NAME}|~/[\w./-]*\w)\s+(?:in)?to\s+(?:both\s+)?(~/[\w./-]*\w)\s+and\s+(~/[\w./-]*\w)",
        step.prepared,
        re.I,
    )
    if both:  # "copy ~/plan.md into both ~/x and ~/y"
        return [
            Command("files", op="copy", args=(path(both.group(1)), path(d) + "/"), app="files", clause=text)
            for d in both.group(2, 3)
        ]
    if files:
        return [Command("files", op=files[0], args=files[1:], app="files", clause=text)]
    if intent not in ("edit_sort", "edit_sort_reverse", "sheet_sort") and re.search(
        LEAD + r"(?:put|arrange|place|get|set|list)\s+(?:the\s+|these\s+|those\s+|my\s+|all\s+(?:the\s+)?)?[\w ]{0,25}?\s*in\s+"
        r"(?:\w+\s+)?order\b", step.prepared, re.I):  # fmt: skip
        intent = (
            "sheet_sort" if "spreadsheet" in (context.get("open"), context["app"]) else "edit_sort"
        )  # "put them in order"
    for pattern, meant, fits in VERB_READINGS:
        if intent not in fits and re.search(pattern, step.prepared, re.I):
            intent = meant  # the verb and its object say it outright, whatever the classifier guessed
            break

    def cmd(kind: str, **kw) -> Command:
        kw.setdefault("app", context["app"])
        return Command(kind, clause=text, **kw)

    if intent in ("edit_clear", "edit_delete_text", "edit_delete_line", "calc_clear", "cell_clear", "unclear") and re.search(
        r"^\W*(?:please\s+)?(?:delete|remove|clear out|get rid of|trash|erase|wipe)\b.*\b(?:(?:every|all|each)\b.*\bfiles?|"
        r"files?\s+(?:that\s+)?(?:ends?|ending)\s+(?:in|with))\b", text, re.I):  # fmt: skip
        intent = "delete_file"  # "delete every txt file": files, not text
    if intent in ("click", "open_file", "open_app", "unclear", "find_text") and re.search(
        r"(?:^|[\s(])/[\w./-]*\.html?\b", text
    ):
        intent = "goto"  # "the subscribe page (/subscribe.html)": an address on the open site
    new_row = (
        _new_row(step) if context.get("open") == "spreadsheet" or context["app"] == "spreadsheet" else ()
    )
    if new_row:  # "add a row for kiwis at 0.90 under the others"
        return [cmd("sheet", op="append_row", args=new_row, app="spreadsheet")]
    sheet = context.get("open") == "spreadsheet" or context["app"] == "spreadsheet"
    formula = _ref_formula(step) if sheet and intent in ("compute", "calc_continue", "type_result") else None
    if formula:  # "take 5 off whatever is in A3, answer in A4": arithmetic over cells, not the calculator
        return [cmd("cell", target=formula[0], text=formula[1], app="spreadsheet")]
    worded = _formula_words(step) if sheet else None
    if worded:  # "the smallest number among C2 to C9, into C10"
        return [cmd("cell", target=worded[0], text=worded[1], app="spreadsheet")]
    change = _sheet_change(step) if sheet else None
    if change:  # "swap A1 and A2", "double each value in B1:B3"
        return [change]
    by_name = _row_update(step) if context.get("open") == "spreadsheet" else None
    if by_name:  # "Ann scored 88 in history", "pears are 2.10 now", "Tom gets 4 extra points"
        return [cmd("sheet", op="set_by_name", args=by_name, app="spreadsheet")]
    needs = KEYWORDS.get(intent)
    if needs and not re.search(needs, text, re.I):
        intent = "unclear"  # a one-key action ("paste") the words never name is a guess, not a reading
    added = re.search(r"^\W*(?:please\s+)?(?:add|put|append|insert|stick|tack|pop|write|throw|place)\b(?!.*\b(?:copy|duplicate)\b)"
                      r".*?(?:\b(?:at|to|on|onto)\s+(?:the\s+)?(?:very\s+)?(end|bottom|top|start|beginning)\b|\bas\s+(?:the\s+)?"
                      r"(?:very\s+)?(first|last|final|opening)\s+line\b)", step.prepared, re.I)  # fmt: skip
    if (
        added
        and (intent.startswith("edit_") or context.get("open") == "editor")
        and not re.search(rf"\b{REF}\b", step.prepared)
    ):
        # "put a line saying buy stamps at the bottom": a new line, wherever the classifier went
        where = (added.group(1) or added.group(2)).lower()
        intent = (
            "edit_insert_top" if where in ("top", "start", "beginning", "first", "opening") else "edit_append"
        )
    whole_doc = _document_edit(step, intent, context)
    if whole_doc:
        return whole_doc
    apps = [a for a in (app_name(x) for x in s.get("APP", [])) if a]
    numbers = re.search(
        r"^\W*(?:type|write|enter|put|list|add)\b.*\bnumbers? (\d+) (?:to|through|-) (\d+)", text, re.I
    )
    if numbers and int(numbers.group(2)) - int(numbers.group(1)) <= 1000:  # "write the numbers 1 to 5"
        lines = "".join(f"{n}\n" for n in range(int(numbers.group(1)), int(numbers.group(2)) + 1))
        target = re.search(rf"\b(?:in|into|to)\s+(?:the\s+file\s+)?((?:~/)?{FILE_NAME})", step.prepared)
        if target:  # "..., into ~/count.txt": the file holds them
            return [cmd("files", op="write", args=(path(target.group(1)), lines.rstrip("\n")), app="files")]
        return [cmd("type", text=lines, app=apps[0] if apps else context["app"] or "editor")]
    if not apps and intent in ("open_app", "close_app", "context"):
        apps = [a for a in [app_name(re.sub(r"^\W*\w+(?:\s+up)?\s+", "", text))] if a]
    if intent == "context":
        if apps:
            context["app"] = apps[0]
        elif re.search(r"\b(?:web ?page|page|site|browser)\b", text, re.I):
            context["app"] = "browser"
        if s.get("FILE"):
            context["file"] = path(s["FILE"][0], _folder_words(text))  # "cv.txt is in Documents"
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
        whole = to_expression(step.prepared)
        if whole and (expr in whole or not re.search(r"[-+*/^(]", expr)) and len(whole) > len(expr):
            expr = whole  # the tagger cut the expression short ("sqrt" of "sqrt(81)")
        # a computation worded with words no rule knows ("reckon up 2500 divided by 50")
        whole = whole or to_expression(step.prepared, loose=True)
        if whole and len(whole) > len(expr) and _numbers(expr) < _numbers(whole):
            expr = whole  # the whole clause reads more of it ("250 minus 17 percent": the tag ends at 17)
        if (
            not expr
            and continuation(step.prepared)
            and (
                re.search(r"\b(?:it|that|display|shown|result|screen)\b", text)
                or context["app"] == "calculator"  # "144 divided by 12, then divided by 3"
                and re.match(
                    r"^\W*(?:and\s+)?(?:then\s+)?(?:divided|multiplied|times|plus|minus|add|subtract|"
                    r"multiply|divide|take|over)\b",
                    text,
                    re.I,
                )  # fmt: skip
            )
        ):
            return [cmd("compute", text=continuation(step.prepared), op="continue", app="calculator")]
        if not expr:
            return f"What should I compute? I could not read an arithmetic expression in {text!r}."
        context["app"] = "calculator"
        return [cmd("compute", text=expr, app="calculator")]
    if intent == "calc_continue":
        op = continuation(step.prepared)
        start = START_VALUE.fullmatch(step.prepared.strip(" .,;!?"))
        if not op and start:
            context["app"] = "calculator"
            return [cmd("compute", text=start.group(1), app="calculator")]
        chain = START_CHAIN.fullmatch(step.prepared.strip(" .,;!?"))
        if chain and continuation(chain.group(2)):
            context["app"] = "calculator"
            then = continuation(chain.group(2))
            return [cmd("compute", text=chain.group(1), app="calculator"),
                    cmd("compute", text=then, op="continue", app="calculator")]  # fmt: skip
        if not op:
            return f"By what number, and with which operation? I could not read {text!r}."
        return [cmd("compute", text=op, op="continue", app="calculator")]
    if intent == "calc_clear":
        return [cmd("clear", app="calculator")]
    renamed = re.match(r"^\W*(?:please\s+)?(?:change|turn|make)\s+(?:the\s+file\s+)?((?:~/)?[\w/.-]*\w\.[a-z]\w{0,4})\s+(?:in)?to\s+"
                       r"((?:~/)?[\w/.-]*\w\.[a-z]\w{0,4})\W*$", step.prepared, re.I)  # fmt: skip
    if renamed:  # "change budget.txt to budget.csv": one file name for another
        return [cmd("files", op="move", args=(path(renamed.group(1)), path(renamed.group(2))), app="files")]
    said = re.match(r"^\W*(?:please\s+)?(?:overwrite\s+)?(?:the\s+file\s+)?([\w~/.-]+\.\w{1,5})\s+(?:should\s+(?:just\s+|only\s+)?"
                    r"(?:say|read|contain|be(?!\s+(?:called|named|renamed|moved|copied|deleted|removed|in|inside|under|saved)\b))|"
                    r"so\s+(?:that\s+)?it\s+(?:just\s+|only\s+)?(?:reads|says|contains))\s+(.+?)[\s.,;:]*$", step.prepared, re.I)  # fmt: skip
    if said and not re.search(r"\b(?:lower|upper)\s*case\b|\bcaps\b", said.group(2), re.I):
        value = re.sub(
            r"\s*\((?:overwrite|replace)[^)]*\)\s*$|\s+now$", "", step.restore(said.group(2)).strip()
        )
        if "\x00" not in said.group(2) and re.fullmatch(
            r"(?:completely\s+|totally\s+)?(?:empty|blank)", value, re.I
        ):
            value = ""  # "notes.txt should be empty"
        return [
            cmd("files", op="write", args=(path(said.group(1)), value), app="files")
        ]  # "status.txt should say ok"
    if intent == "type_text":
        values = _values(s, "TEXT")
        loose = ""
        if "\x00" not in step.prepared:  # "type hello world and ...": the words after the verb
            loose = _after_verb(text, TYPE_VERBS, r"\s+(?:in|into|on|to)\s+(?:the|a|an)\s+(?:new\s+)?(?:"
                                r"text editor|editor|document|note|file|notepad|doc)\b.*$|\s+(?:in|into|to|inside)\s+"
                                r"(?:the\s+file\s+)?[\w~/.-]+\.\w{1,5}$|\s+(?:in\s+)?(?:here|there)$")  # fmt: skip
            # "a note saying pick up the kids": what the note says
            loose = re.sub(r"^(?:a|the|this|my)\s+(?:new\s+)?(?:note|line|message|reminder|text|sentence|memo)\s*"
                           r"(?:saying|that says|which says|that reads|reading|:)\s*", "", loose, flags=re.I)  # fmt: skip
            loose = re.sub(r"^the\s+(?:number|word|words|text|name)\s+(?=\S)", "", loose, flags=re.I)
            loose = loose if loose and not VAGUE.fullmatch(loose) else ""
        if loose and (not values or len(values) == 1 and values[0] in loose and len(loose) > len(values[0])):
            values = [loose]  # "write Dear team, see you Monday": the tag caught only part of it
        said = re.search(r"\b(?:saying|that says|which says|that reads|reading|with the (?:text|words?))\s+(?!\x00)(.+?)"
                         r"(?:\s+(?:in|into|on|to)\s+(?:the|a|an)\s+(?:new\s+)?(?:text editor|editor|document|file|notepad))?\W*$",
                         step.prepared, re.I)  # fmt: skip
        values = [
            re.sub(r"^(?:saying|that says|which says|that reads|reading)\s+", "", v, flags=re.I)
            for v in values
        ]
        if said and len(values) == 1 and values[0] in said.group(1) and len(said.group(1)) > len(values[0]):
            values = [_value(step, said.group(1))]  # "a note that says meeting moved to friday": all it says
        quoted = [step.values[int(i)] for i in re.findall(r"\x00(\d+)\x00", step.prepared)]
        if len(quoted) > len(values) and not s.get("FILE"):  # "jot down 'eggs', 'bread' and 'butter'"
            values = quoted
        if not values:
            return f"What text should I type? Please put it in quotes, e.g. type 'hello world' ({text!r})."
        typed = "".join(f"{v}\n" for v in values) if len(values) > 1 else values[0]
        app = apps[0] if apps else context["app"] if context["app"] in ("editor", "terminal") else ""
        if not app and (not context["app"] or re.search(r"\b(?:document|file|note)\b", text, re.I)):
            app = "editor"  # text with nowhere named goes into the text editor
        new_doc = bool(re.search(r"\bnew (?:document|file|note)\b", text, re.I))
        out = []
        if s.get("FILE") and re.search(
            r"\.\w{1,5}$|/", s["FILE"][0]
        ):  # a file, not a word ("the JSON object")
            out.append(cmd("open_file", target=path(s["FILE"][0]), app="editor"))
            app = "editor"
        return [*out, cmd("type", text=typed, app=app, new_document=new_doc)]
    if intent == "type_result" and not apps and re.search(r"\b(?:there|here|somewhere)\W*$", text, re.I):
        return f"Where should I put it? ({text!r})"  # "stick the result there": no place named
    if intent == "type_result":
        return [cmd("type", op="result", app=apps[0] if apps else "editor")]
    if intent.startswith("edit_") or intent in ("edit_delete_text",):
        return _edit(dataclasses.replace(step, intent=intent), context, cmd)
    if (
        intent == "save" and (context["app"] or context.get("open")) == "browser"
    ):  # "turn on dark mode and save": the page's form
        return [cmd("submit", app="browser")]
    if intent == "save":  # the document of the last step, else of the open window
        app = next(
            (a for a in (context["app"], context.get("open", "")) if a in ("editor", "spreadsheet")), "editor"
        )
        if re.search(r"\b(?:spreadsheet|workbook|sheet)\b", text, re.I):
            app = "spreadsheet"
        return [cmd("save", app=app)]
    if intent == "save_as":  # "save draft.txt under the new name final.txt": the last name is the new one
        name = _first(s, "NEW") or (s.get("FILE") or [""])[-1]
        if not name:
            return "What name should I save the file as?"
        folder = _first(s, "FOLDER")
        if not folder and re.search(r"\bdesktop\b", text, re.I):
            folder = "Desktop"
        sheet = (
            name.lower().endswith(SPREADSHEET_EXT)
            or context["app"] == "spreadsheet"
            or bool(re.search(r"\b(?:spreadsheet|workbook|sheet|csv)\b", text, re.I))
        )
        if sheet and not name.lower().endswith(SPREADSHEET_EXT):
            name += ".csv" if re.search(r"\bcsv\b", text, re.I) else ".xlsx"
        return [cmd("save_as", text=path(name, folder), app="spreadsheet" if sheet else "editor")]
    if intent == "open_file":
        name = _first(s, "FILE") or _first(s, "NEW")
        if not name and apps:  # "open notepad": an app, not a file
            context["app"] = apps[0]
            return [cmd("open", target=apps[0], app=apps[0])]
        if (
            not name
            or UNSAID.search(name)
            or name.lower() in ("stuff", "things", "thing", "it", "that", "this", "file")
        ):
            return "Which file should I open?"
        context["file"], context["app"] = name, file_app(name)
        return [cmd("open_file", target=path(name, _first(s, "FOLDER")), app=file_app(name))]
    if intent in ("move", "copy_file", "delete_file") and re.search(
        r"\b(?:a|an)\s+(?:new\s+|empty\s+|blank\s+)?(?:text\s+)?file\s+(?:called|named)\b", text, re.I
    ):
        intent = (
            "make_file"  # "put a file called x.md in projects saying ...": a file that does not exist yet
        )
    if intent in ("make_folder", "make_file", "rename", "move", "copy_file", "delete_file"):
        return _files(dataclasses.replace(step, intent=intent), cmd, context)
    formula = _ref_formula(step) if context.get("open", "") in ("", "spreadsheet") else None
    if formula and intent != "cell_clear" and len(_cell_pairs(step)[0]) < 2:
        return [cmd("cell", target=formula[0], text=formula[1], app="spreadsheet")]
    says = re.match(rf"^\W*(?:please\s+)?(?:make|have|let|set)\s+(?:cell\s+)?({REF})\s+(?:say|read|show|display|contain)\s+"
                    r"(\x00\d+\x00|.+?)[\s.!]*$", step.prepared, re.I)  # fmt: skip
    if says and "spreadsheet" in (context.get("open"), context["app"]):  # "make B1 say Total": those words
        return [
            cmd("cell", target=says.group(1).upper(), text=step.restore(says.group(2)), app="spreadsheet")
        ]
    if (
        intent == "cell_set"
        or context.get("open") == "spreadsheet"
        and not intent.startswith(("cell_", "sheet_"))
    ) and (_names_a_column(step)):
        intent = "cell_formula"  # "top score goes in D1" names a function over a column, not a value to type
    if intent == "cell_set":
        cells, values = s.get("CELL", []), s.get("VALUE", [])
        if (
            not cells
            or len(cells) != len(values)
            or re.search(r"=\s*\S", step.prepared)
            or len(_cell_pairs(step)[0]) > len(cells)
        ):
            cells, values = _cell_pairs(step) if _cell_pairs(step)[0] else (cells, values)
        read = _cell_pairs(step)
        if read[0] == [c.upper() for c in cells] and all(
            len(w) > len(v) for v, w in zip(values, read[1], strict=False)
        ):
            values = read[1]  # the tag caught a piece of each value ("the gap (D3-C3)")
        values = [_cell_value(v) for v in values]
        if not cells or len(cells) != len(values):
            return (f"Which value goes into which cell? I read cells {cells} and values {values} in {text!r}; "
                    "please say e.g. \"put 'Total' in D1 and 5 in D2\".")  # fmt: skip
        return [
            cmd("cell", target=c.upper(), text=v, app="spreadsheet")
            for c, v in zip(cells, values, strict=True)
        ]
    if intent == "cell_formula":
        func = FUNCS.get(_first(s, "FUNC").lower(), "") or next(
            (f for w, f in FUNCS.items() if re.search(rf"\b{w}\b", text, re.I) and w != "number"), ""
        )
        func = func or ("SUM" if re.search(r"\b(?:add|sum|total)", text, re.I) else "")
        rng, cell = _sheet_range(text)
        if func and cell and not rng:  # "the science average in C6": a column named by its header
            return [cmd("sheet", op="column_formula", target=cell.upper(), args=(func, *_header_words(text)),
                        app="spreadsheet")]  # fmt: skip
        if not (func and rng and cell):
            return (
                f"Which function, over which cells, into which cell? I could not read all three in {text!r}."
            )
        return [cmd("cell", target=cell.upper(), text=f"={func}({rng.upper()})", app="spreadsheet")]
    if intent == "goto":
        url = _first(s, "URL") or next((w for w in text.split() if URL_RE.match(w.strip(".,!?"))), "")
        local = re.search(r"(?:^|[\s(])(/[\w./-]*\w)\)?", text)
        url = url or (local.group(1) if local else "")  # "/subscribe.html" on the site that is open
        port = re.search(r"\b(localhost|127\.0\.0\.1)\s+(?:on\s+|at\s+)?port\s+(\d{2,5})\b", text, re.I)
        url = f"{port.group(1)}:{port.group(2)}" if port else url  # "visit localhost port 8000"
        if not url and re.search(r"\b(?:web\s*site|site|shop|store)\W*$", text, re.I):
            url = "/"  # "open the website": the site shown, or this desktop's site when none is
        if not url:
            return f"Which web address should I open? ({text!r})"
        tab = [cmd("key", text="ctrl+t", app="browser")] if re.search(r"\bnew tab\b", text, re.I) else []
        back = (
            [cmd("key", text="alt+Left", app="browser")]
            if re.search(r"\bthen\s+(?:go\s+)?back\W*$", text, re.I)
            else []
        )
        return [*tab, cmd("goto", target=url.strip(".,!?"), app="browser"), *back]
    if intent in BROWSER_KEYS:
        return [cmd("key", text=BROWSER_KEYS[intent], app="browser")]
    if intent == "bookmark":
        return [cmd("key", text="ctrl+d", app="browser"), cmd("key", text="Return", app="browser")]
    if intent == "find_text":
        value = (
            _values(s, "TEXT") or [_after_verb(text, FIND_VERBS, r"\s+(?:on|in)\s+(?:this|the)\s+page.*$")]
        )[0]
        if not value:
            return "Which text should I look for on the page?"
        # Escape closes the find bar; Chromium keeps the match selected on the page
        return [cmd("key", text="ctrl+f", app="browser"), cmd("type", text=value, app="browser"),
                cmd("key", text="Return", app="browser"), cmd("key", text="Escape", app="browser")]  # fmt: skip
    if intent == "list_files":
        folder = _first(s, "FOLDER") or _first(s, "FILE") or _folder_words(text)
        return [cmd("files", op="list", args=(path("", folder) or ".",), app="files")]
    if intent in ("cell_clear", "sheet_sort", "sheet_bold"):
        return _sheet(dataclasses.replace(step, intent=intent), cmd)
    if intent == "click" and re.match(
        r"^\W*(?:please\s+)?(?:change|replace|update|fix|set|edit|modify|correct|tidy|sort out)\b", text, re.I
    ):
        intent = "unclear"  # an edit worded with nothing to click on ("change the value to the new one")
    if intent == "click":
        rest = re.sub(r"^\W*(?:please\s+)?(?:(?:double|right|left|middle|triple)[- ]?)?(?:click|tap|press|hit|choose|"
                      r"select|pick|push|activate|follow)\w*\s*(?:on\s+)?", "", text, flags=re.I)  # fmt: skip
        # the whole phrase after the verb: grounding reads its role, ordinal and position words itself
        rest = re.sub(r"\s+(?:on|in)\s+(?:the\s+|this\s+)?(?:open\s+|current\s+)?(?:web\s+)?(?:page|site|browser|screen)\W*$|"
                      r"[.!?]+$", "", rest.strip(), flags=re.I)  # fmt: skip
        button = re.match(r"^\W*(?:please\s+)?(?:(?:i\s*)?(?:want|wanna|would like|'d like)\s+to\s+|let me\s+)?(subscribe|sign (?:me |us )?up|join (?:the |our |their |your )?(?:newsletter|mailing list)|register|check ?out|log ?out|sign out|(?:add|put|place|drop|pop) (?:it |them |that |this |one )?(?:\w+ )?(?:in|into|to) (?:the |my )?(?:cart|basket|bag)|"
                          r"place (?:the |my )?order)\b", text, re.I)  # fmt: skip
        if button:  # "subscribe to the newsletter": the button the verb names
            rest = re.sub(r"\b(?:the|my|it)\s+", "", button.group(1))
            rest = "add to cart" if re.search(r"\b(?:cart|basket|bag)\b", rest) else rest
            rest = "subscribe" if re.fullmatch(r"sign (?:me |us )?up|join\b.*", rest, re.I) else rest
        elif rest == text.strip():  # no click verb: "take me to the pricing page"
            tagged = _first(s, "TARGET")
            rest = (tagged if tagged.lower() not in ("the", "a", "an", "this", "that", "") else "") or re.sub(
                r"^\W*(?:please\s+)?(?:(?:i\s+)?(?:want|need|would like|'d like)\s+to\s+(?:see|visit|open|go to|get to)|"
                r"let me see|take me to|show me|go to|bring me to|navigate to|open|visit|head to|bring up)\s+",
                "", rest, flags=re.I)  # fmt: skip
        rest = re.sub(r"^(?:the\s+)?(.+?)\s+(?:page|section)$", r"\1", rest, flags=re.I)
        # "Express from the shipping drop-down": the option; the plan opens the list itself
        rest = re.sub(r"^(.+?)\s+(?:from|in|on|off)\s+(?:the\s+)?(?:[\w ]+\s+)?(?:drop-?down|list|menu|options|"
                      r"select(?:or|ion)?|choices)(?:\s+(?:list|menu|box))?$", r"\1", rest, flags=re.I)  # fmt: skip
        target = rest or _first(s, "TARGET")
        if re.fullmatch(r"(?:on\s+)?(?:it|that|this|there|them|something|that one|the thing|(?:the\s+)?(?:site|"
                        r"website|page|link|button))\W*", target, re.I):  # fmt: skip
            target = ""
        if not target:
            return "What should I click? Please name the button, menu, link or text."
        low = text.lower()
        button = "right" if "right" in low.split("-")[0] or low.startswith("right") else "left"
        count = 2 if re.search(r"double|twice", low) else 1
        if re.search(r"new tab", low):
            target = re.sub(r"\s+in\s+(?:a\s+)?new\s+tab\b.*$", "", _first(s, "TARGET") or target, flags=re.I)
            return [cmd("click", target=target, text="ctrl", app="browser")]
        return [cmd("click", target=target, button=button, count=count)]
    if intent == "press":
        key_words = _first(s, "KEY") or text
        typed = re.match(r"^\W*(?:type|write)\s+(.+)$", key_words if not _first(s, "KEY") else text, re.I)
        if typed and not KEY_NAME.search(typed.group(1)):  # "type hello world" is text, not a key
            return build(Step("type_text", step.p, step.alt, step.p_alt, {}, text, step.prepared), context)
        return [cmd("key", text=chord(key_words, text))]
    if intent == "scroll":
        direction = next((d for d in ("up", "down", "left", "right") if d in text.lower()), "")
        direction = direction or ("up" if "top" in text.lower() else "down")
        amount = int(_first(s, "NUM")) if _first(s, "NUM").isdigit() else 15 if "all the way" in text else 5
        return [cmd("scroll", direction=direction, amount=amount, app=apps[0] if apps else "")]
    if intent == "search":
        value = (_values(s, "TEXT") or [""])[0]
        loose = re.search(r"\bfor\s+(.+?)(?:\s+(?:on|in)\s+(?:the|this)\s+(?:site|page|catalog|shop|store))?\W*$",
                          step.prepared, re.I)  # fmt: skip
        if not value and loose and not VAGUE.fullmatch(loose.group(1)):  # "search the site for laptops"
            value = _value(step, loose.group(1))
        said = (
            re.sub(r"\s+(?:please|pls|thanks|thank you|for me|now)$", "", loose.group(1), flags=re.I)
            if loose
            else ""
        )
        if value and "\x00" not in said and said.lower().startswith(value.lower()) and len(said) > len(value):
            value = said  # the tag stopped early: "search for desk lamp please" looks for "desk lamp"
        where = re.search(r"^\W*(?:please\s+)?(?:find|look up|look for|search(?: for)?|query)\s+(.+?)\s+(?:in|on|using|with)\s+"
                          r"(?:the\s+|this\s+)?(?:catalog|catalogue|search|site|shop|store)\b", step.prepared, re.I)  # fmt: skip
        if not value and where:  # "find usb cable in the catalog"
            value = _value(step, where.group(1))
        bare = re.match(
            r"^\W*(?:please\s+)?(?:look\s+up|look\s+for|search\s+for|search|find|query)\s+(.+?)[\s.!?]*$",
            step.prepared,
            re.I,
        )
        if (
            not value
            and bare
            and not VAGUE.fullmatch(bare.group(1))
            and not re.search(r"\b(?:catalog|catalogue|site|shop|store)\b", bare.group(1), re.I)
        ):
            value = _value(step, bare.group(1))  # "look up garden hoses"
        # "find me a garden hose": what to look for, not who for or how many
        value = (
            re.sub(r"^(?:me\s+|us\s+)?(?:a|an|some|any)\s+(?=\S)", "", value, flags=re.I)
            if "\x00" not in value
            else value
        )
        colon = re.search(r"\bsearch\w*\s*:\s*(.+?)[\s.!?]*$", step.prepared, re.I)
        if colon and (not value or colon.group(1).lower().startswith(value.lower())):
            value = _value(step, colon.group(1))  # "catalog search: coffee grinder"
        if re.fullmatch(r"(?:them|it|that|those|these|one|some|this)\W*", value, re.I) or UNSAID.search(
            value
        ):
            return "What should I search for?"  # "... search for them" (the step before named them), "the thing we discussed"
        if not value:
            return "What should I search for?"
        return [
            cmd("fill", target="search", text=value, app="browser"),
            cmd("key", text="Return", app="browser"),
        ]
    if intent == "fill":
        fields, values = s.get("FIELD", []), s.get("VALUE", [])
        pairs = _field_pairs(step)
        if not values or len(fields) != len(values) or pairs and len(pairs[0]) > len(fields):
            fields, values = _field_pairs(step) or (fields, values)
        if re.search(r"\blog ?in as\b", text, re.I) and values and not fields:
            fields = ["username"]
        if not values or len(fields) != len(values):
            return f"Which value goes into which field? ({text!r})"
        short = {
            "pass": "password",
            "pwd": "password",
            "pw": "password",
            "passcode": "password",
            "user": "username",
            "login": "username",
        }
        fields = [short.get(f.lower(), f) for f in fields]
        # "..., email tom@x.org pls": a closing courtesy is no part of the value
        values = [
            re.sub(r"\s+(?:pls|plz|please|thanks|thank you|thx|cheers|ty)\W*$", "", v, flags=re.I)
            for v in values
        ]
        out = [cmd("fill", target=f, text=v, app="browser") for f, v in zip(fields, values, strict=True)]
        if re.search(r"\b(?:sign|log) ?(?:me )?in\b", text, re.I) or re.match(
            r"^\W*(?:please\s+|(?:can|could|would)\s+you\s+)*(?:(?:contact|message|e-?mail|write\s+to|reach\s+out\s+to)\s+(?:them|us|the\s+\w+)|send|submit)\b|"
            r".*(?:\b(?:to|and|then)|[-\u2013\u2014,;])\s+send\b",
            text,
            re.I,
        ):  # "contact the shop with name Kim ...", "use the contact page to send ...": the form is sent
            out.append(cmd("submit", app="browser"))
        form = re.search(
            r"\b(?:use|using|via|through|on|in|from)\s+(?:the|their|its)\s+([\w-]+(?:\s+[\w-]+)?)\s+(?:page|form)\b",
            text,
            re.I,
        )
        # "use the contact page to send ...": that page first (the plan stays when it is shown); not "the
        # form on the open web page", the page shown
        if form and not re.search(r"\b(?:open|current|shown|same|this|web|form)\b", form.group(1), re.I):
            out.insert(0, cmd("click", target=form.group(1), op="page", app="browser"))
        if "search" in fields and re.search(
            r"\band\s+(?:then\s+)?(?:search|go|look|find|submit)\b\W*$", text, re.I
        ):  # "type hello into the search box and search"
            out.append(cmd("key", text="Return", app="browser"))
        return out
    if intent == "submit":
        return [cmd("submit", app="browser")]
    if intent in ("toggle_on", "toggle_off"):
        tagged = [
            v for v in _values(s, "TARGET") if v.lower() not in ("the", "a", "an", "it", "this", "that", "my")
        ]
        target = (tagged or [""])[0] or _after_verb(
            text,
            r"turn on|turn off|switch on|switch off|enable|disable|check|uncheck|tick|untick|activate|deactivate|turn|switch",
            r"(?:\s+(?:on|off))?(?:\s+(?:option|box|check ?box|setting))?\s*$",
        ).removeprefix("the ")
        off = re.search(r"\b(?:off|uncheck|untick|disable|deactivate|clear)\b", text, re.I)
        if not target:
            return f"Which option should I turn {'off' if off else 'on'}?"
        context["app"] = "browser"
        return [cmd("toggle", target=target, count=0 if off else 1, app="browser")]
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
    loose = re.search(
        r"\b(?:to|of|in|into|from)\s+(~/[\w./-]+\w|[\w-]*\.[a-z]\w{0,7})\W*$", step.prepared, re.I
    )  # a file name's extension starts with a letter ("change 3.5 to 4.5" names no file)
    if named or loose:  # "add the line set number to the end of ~/.vimrc"
        target = path(named[0] if named else loose.group(1))

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
            m = re.search(
                r"\b(?:replace|change|swap(?: out)?|switch|turn|correct|fix|exchange|rewrite)\s+(?:all\s+)?"
                r"(?:the\s+)?(?:occurrences\s+of\s+|instances\s+of\s+|every\s+|each\s+|word\s+|spelling\s+of\s+)?"
                r"(\S+)\s+(?:with|to|for|by|into|->|→|=>)\s+(?:a\s+|an\s+)?(\S+)",
                step.prepared,
                re.I,
            )
            m = m or re.search(r"(\x00\d+\x00|[^\s:]+)\s*(?:->|→|=>)\s*(\x00\d+\x00|\S+)", step.prepared)
            wrong = re.search(  # "should say 19.99, not 9.99"; "12, not 10"
                r"(?:should\s+(?:say|be|read)\s+|to\s+)?(\x00\d+\x00|[^\s,]+),?\s+(?:not|instead of|rather than)\s+"
                r"(\x00\d+\x00|[^\s,!?]*[^\s,.!?])", step.prepared, re.I)  # fmt: skip
            if not m and wrong:
                old, new = _value(step, wrong.group(2)), _value(step, wrong.group(1))
                said_new = re.search(r"should\s+(?:say|be|read)\s+(\S+)", step.prepared, re.I)
                if (
                    re.fullmatch(r"-?[\d.]+", old)
                    and said_new
                    and re.fullmatch(r"-?[\d.]+", said_new.group(1))
                ):
                    new = said_new.group(1)  # "the fee should be 12 USD, not 10": the number said first
            m = m or re.search(
                r"\b(?:where(?:ver)?\s+it\s+says|where\s+there\s+is|every|each)\s+(\S+),?\s+(?:put|write|use|make it|say|"
                r"should (?:say|read|be))\s+(\S+)",
                step.prepared,
                re.I,
            )  # fmt: skip
            if m:
                old, new = _value(step, m.group(1)), _value(step, m.group(2))
        if not old or new is None:
            return f"What should I replace, and with what? Please quote both, e.g. replace 'a' with 'b' ({text!r})."
        return edit("replace", old, new)
    if intent == "edit_delete_text":
        old = _first(s, "OLD") or _first(s, "TEXT")
        loose = DELETE_WORD.search(step.prepared)
        old = old or (_value(step, loose.group(1)) if loose and not VAGUE.fullmatch(loose.group(1)) else "")
        return edit("delete_text", old) if old else "Which text should I delete?"
    if intent == "edit_duplicate_line":
        which = _first(s, "LINE").lower() or next(
            (w for w in re.findall(r"\w+", text.lower()) if w in ORDINALS or w.isdigit()), ""
        )
        n = ORDINALS.get(which) or (int(which) if which.isdigit() else 0)
        if not n:
            return f"Which line should I copy? ({text!r})"
        at_end = bool(re.search(r"\b(?:end|bottom|last line|after the last)\b", text, re.I))
        return edit("duplicate_line", n, at_end)
    if intent == "edit_clear":
        return edit("clear")
    if intent == "edit_delete_line":
        which = _first(s, "LINE").lower() or next(
            (w for w in re.findall(r"\w+", text.lower()) if w in ORDINALS or w.isdigit()), ""
        )
        n = ORDINALS.get(which) or (int(which) if which.isdigit() else 0)
        if n:
            return edit("delete_line", n)
        said = _line_named(step)  # "the line that says draft", "the apples line"
        return edit("delete_matching", said) if said else f"Which line should I delete? ({text!r})"
    if intent in ("edit_insert_top", "edit_append"):
        value = (_values(s, "TEXT") or [""])[0] if "\x00" in step.prepared else _loose_line(step)
        value = value or (_values(s, "TEXT") or [""])[0]
        listed = re.search(r"\b(?:\d+|some|a few|these|the following|more)\s+(?:new\s+)?(?:lines|items|entries|things)\b[^:]*:\s*(.+?)\W*$",
                           step.prepared, re.I)  # fmt: skip
        if listed:  # "add 2 lines to the end: apples and pears"
            value = "\n".join(_value(step, n) for n in re.split(r"\s*,\s*(?:and\s+(?:then\s+)?)?|\s+and\s+(?:then\s+)?|\s+then\s+",
                                                               listed.group(1)) if n)  # fmt: skip
        quoted = [step.values[int(i)] for i in re.findall(r"\x00(\d+)\x00", step.prepared)]
        if len(quoted) >= 2 and not listed:  # "add 'milk' and 'eggs' to the list"
            value = "\n".join(quoted)
        elif value:
            value = _named_value(value)  # "add the phone number 555-0101": the value, not its name
        if (
            re.search(r"\b(?:a|an|one)\s+(?:blank|empty)\s+line\b", step.prepared, re.I)
            and "\x00" not in step.prepared
        ):
            value = ""  # "add a blank line at the end"
        elif not value:
            return f"Which line should I add? Please quote it ({text!r})."
        return edit("insert_line" if intent == "edit_insert_top" else "append_line", value)
    if intent == "edit_sort" and re.search(
        r"\b(?:largest|biggest|highest|greatest|latest|newest|z\s*(?:to|-)\s*a|descending|reverse|backwards)\b",
        step.prepared,
        re.I,
    ):
        intent = "edit_sort_reverse"  # "..., largest first"
    if intent in ("edit_sort", "edit_sort_reverse", "edit_remove_blank"):
        return edit({"edit_sort": "sort", "edit_sort_reverse": "sort_reverse"}.get(intent, "remove_blank"))
    return f"I don't know how to do {text!r} in the editor."


def _named_value(value: str) -> str:
    """A value without the words that name what it is: "zip code 49007" -> "49007", "the phone number 555-1234"."""
    m = re.fullmatch(r"(?:the\s+|my\s+|our\s+)?(?:zip|post|postal|phone|telephone|mobile|order|reference|ref|account|room|pin|house|"
                     r"flat|apartment)?\s*(?:code|number|no\.?|year|date|amount|price|total|id)\s+(\S*\d\S*)", value.strip(), re.I)  # fmt: skip
    return m.group(1) if m else value


def _line_named(step: Step) -> str:
    """The words that pick a line by its content: "the line that says draft", "the line with eggs",
    "the bananas line"."""
    t = step.prepared
    m = re.search(r"\blines?\s+(?:that\s+|which\s+)?(?:just\s+|only\s+)?(?:says|say|reads|read|saying|reading|with|containing|contain|mention|"
                  r"that contains|about|mentioning)\s+(?:the\s+word\s+)?(\S+(?:\s+\S+){0,3}?)\W*$", t, re.I) or re.search(
        r"\bthe\s+(\x00\d+\x00|[\w'-]+)\s+lines?\b", t, re.I)  # fmt: skip
    if (
        not m
        or m.group(1).lower() in ORDINALS
        or m.group(1).isdigit()
        or m.group(1).lower() in ("empty", "blank", "whole")
    ):
        return ""
    return _value(step, m.group(1))


def _loose_line(step: Step) -> str:
    """An unquoted line to add: "append a line that says Sugar is sweet", "I need Carol added as the very
    first line", "add the line set number to the end of ~/.vimrc"."""
    t = step.prepared
    place = (r"(?:\s+(?:to|at|on|as|onto|in)\s+(?:the\s+)?(?:very\s+)?(?:end|top|bottom|beginning|start|first|last|new|"
             r"final|its own|a new|~|\S+\.\w+)\b.*)?")  # fmt: skip
    m = re.search(
        rf"\b(?:line|text)\s+(?:that\s+says|saying|reading|that\s+reads|:)?\s*(.+?){place}\W*$", t, re.I
    )
    m = m or re.search(rf"\b(?:need|want|add|append|put|insert|prepend)\s+(.+?)(?:\s+(?:added|appended|inserted|put))?{place}\W*$",
                       t, re.I)  # fmt: skip
    if not m:
        return ""
    value = re.sub(r"^(?:a|the|another|one more)\s+(?:new\s+)?line\s*(?:that says|saying|reading|:)?\s*", "",
                   m.group(1).strip(), flags=re.I)  # fmt: skip
    value = re.sub(r"\s+(?:added|appended|inserted|put)$", "", value, flags=re.I)
    if (
        not value
        or VAGUE.fullmatch(value)
        or value.lower() in ("line", "a line", "it")
        or UNSAID.search(value)
    ):
        return ""
    return _value(step, value)


PUNCTUATION = {"comma": ",", "commas": ",", "semicolon": ";", "semicolons": ";", "colon": ":", "colons": ":",
               "full stop": ".", "full stops": ".", "period": ".", "periods": ".", "dash": "-", "dashes": "-",
               "hyphen": "-", "hyphens": "-", "underscore": "_", "underscores": "_", "space": " ", "spaces": " ",
               "slash": "/", "slashes": "/", "tab": "\t", "tabs": "\t"}  # fmt: skip


# Common English misspellings and their corrections (for "X is misspelled, fix it" without the right word).
MISSPELLINGS = {
    "recieve": "receive", "reciept": "receipt", "beleive": "believe", "acheive": "achieve", "wierd": "weird",
    "seperate": "separate", "definately": "definitely", "occured": "occurred", "occurence": "occurrence",
    "untill": "until", "wich": "which", "thier": "their", "teh": "the", "adress": "address", "calender": "calendar",
    "accomodate": "accommodate", "begining": "beginning", "enviroment": "environment", "goverment": "government",
    "neccessary": "necessary", "necesary": "necessary", "occassion": "occasion", "publically": "publicly",
    "recomend": "recommend", "refered": "referred", "succesful": "successful", "tommorow": "tomorrow",
    "tomorow": "tomorrow", "truely": "truly", "wether": "whether", "wednesay": "wednesday", "febuary": "february",
    "freind": "friend", "buisness": "business", "existance": "existence", "independant": "independent",
    "maintainance": "maintenance", "millenium": "millennium", "noticable": "noticeable", "persistant": "persistent",
    "posession": "possession", "prefered": "preferred", "realy": "really", "relevent": "relevant", "sieze": "seize",
    "supercede": "supersede", "threshhold": "threshold", "alot": "a lot", "arguement": "argument",
    "commited": "committed", "concious": "conscious", "embarass": "embarrass", "foriegn": "foreign",
    "gaurd": "guard", "harrass": "harass", "immediatly": "immediately", "libary": "library", "lisence": "licence",
    "mispell": "misspell", "occurr": "occur", "paralel": "parallel", "priviledge": "privilege", "pronounciation":
    "pronunciation", "questionaire": "questionnaire", "recieved": "received", "rythm": "rhythm", "shedule": "schedule",
    "speach": "speech", "succesfully": "successfully", "suprise": "surprise", "tounge": "tongue", "wensday": "wednesday",
    "writting": "writing", "grammer": "grammar", "hte": "the", "adn": "and", "becuase": "because", "beacuse": "because",
}  # fmt: skip


def _document_edit(step: Step, intent: str, context: dict) -> list[Command]:
    """Whole-document edits named by what they do rather than learned as intents: reverse or join the lines,
    a prefix on every line, one word in capitals, a labelled value ("change the due date to ..."), a
    placeholder filled in, punctuation named in words. [] when the clause is none of these."""
    if not (context.get("open") == "editor" or context["app"] == "editor" or intent.startswith("edit_")):
        return []
    t = step.prepared
    target = context["file"] if context["app"] == "editor" else ""

    def edit(op: str, *args) -> list[Command]:
        return [Command("edit", op=op, args=tuple(args), app="editor", target=target, clause=step.text)]

    quoted_word = re.search(r"\b(?:delete|remove|drop|erase|get rid of|take out|cut|strike)\s+(?:the\s+)?(?:word|words|text|phrase)\s+"
                            r"(\x00\d+\x00)", t, re.I)  # fmt: skip
    if quoted_word:  # "remove the word 'draft' from the title line": that word, not a line
        return edit("delete_text", step.restore(quoted_word.group(1)))

    which = r"(first|second|third|fourth|fifth|last|top|bottom|\d+(?:st|nd|rd|th)?)"
    pair = re.search(rf"\b(?:swap|switch|exchange|flip)\s+(?:the\s+)?(?:lines?\s+)?{which}\s+(?:line\s+)?(?:and|with)\s+(?:the\s+)?"
                     rf"(?:line\s+)?{which}(?:\s+lines?|\s+ones?)?\W*$", t, re.I)  # fmt: skip
    if pair:  # "swap the first and second lines", "switch line 2 with line 5"
        a, b = (ORDINALS.get(w.lower()) or int(re.sub(r"\D", "", w) or 0) for w in pair.groups())
        if a and b and a != b:
            return edit("swap_lines", a, b)
    if not re.search(r"\bsort|\balphabet|\bz\s*(?:to|-)\s*a\b", t, re.I) and re.search(
        r"\b(?:flip|reverse|invert|turn around|swap)\b.*\b(?:order|lines)\b|\bturn\b.*\blines\b.*\baround\b|"
        r"\blast\s+(?:one|line)\s+(?:comes\s+)?first\b",
        t,
        re.I,
    ):
        return edit("reverse_lines")
    if re.search(
        r"\b(?:join|merge|combine|put)\b.*\blines?\b.*\b(?:into one|together|one line|a single line|on one line)\b",
        t,
        re.I,
    ):
        return edit("join_lines")
    m = re.search(r"\b(?:put|add|prefix|insert|write)\s+(\x00\d+\x00|\S+)\s+(?:in front of|before|at the (?:start|beginning) of)\s+"
                  r"(?:every|each|all(?: the)?)\s+lines?\b", t, re.I)  # fmt: skip
    if m:
        return edit("prefix_lines", step.restore(m.group(1)))  # as written: "TODO: " keeps its space
    if not re.search(r"\b(?:total|sum)\b", t, re.I) and re.search(r"\bnumber\s+(?:the|each|every|all(?:\s+the)?|my)\s+(?:\w+\s+)?(?:lines?|items|entries|rows)\b|"
                 r"\b(?:add|put|give)\b.*\bnumbers?\b.*\b(?:lines?|items|entries)\b|\b(?:give|add)\b.*\b(?:lines?|items|entries)\b.*\bnumbers?\b|\bnumbered\s+list\b", t, re.I):  # fmt: skip
        shape = next(
            (v for v in step.values if re.search(r"\d", v)), "1. "
        )  # "like '1) '": the first one shown
        m = re.match(r"^(\D*)\d+(\D*)", shape)
        return edit("number_lines", m.group(1), m.group(2)) if m else edit("number_lines", "", ". ")
    m = re.search(r"\b(?:wrap|put|surround|enclose|quote)\s+(?:the\s+word\s+|the\s+text\s+)?(\x00\d+\x00|[\w'-]+)\s+(?:in|with|inside|"
                  r"between)\s+(?:double\s+|single\s+)?(quotes|quotation marks|brackets|parentheses|parens|square brackets|asterisks|"
                  r"stars|underscores)\b", t, re.I)  # fmt: skip
    around = re.search(r"\b(?:put|add|place)\s+(?:double\s+|single\s+)?(quotes|quotation marks|brackets|parentheses|parens|square brackets|"
                       r"asterisks|stars|underscores)\s+(?:around|round|on either side of)\s+(?:the\s+word\s+|the\s+text\s+)?"
                       r"(\x00\d+\x00|[\w'-]+)", t, re.I)  # fmt: skip
    whole = re.search(r"\b(?:wrap|put|surround|enclose)\s+(?:the\s+(?:whole\s+)?|each\s+|every\s+|all\s+(?:the\s+)?)?(?:line|lines|text|"
                      r"sentence|it|everything)\s+(?:in|with|inside|between)\s+(?:double\s+|single\s+)?(quotes|quotation marks|brackets|"
                      r"parentheses|parens|square brackets|asterisks|stars|underscores)\b", t, re.I)  # fmt: skip
    if m or around or whole:  # "put soon in brackets", "wrap every line in quotes"
        word, kind = (
            (m.group(1), m.group(2))
            if m
            else (around.group(2), around.group(1))
            if around
            else ("", whole.group(1))
        )
        left, right = {"brackets": "()", "parentheses": "()", "parens": "()", "square brackets": "[]", "asterisks": "**",
                       "stars": "**", "underscores": "__"}.get(kind.lower(), "''" if re.search(r"\bsingle\b", t, re.I)
                                                               else '""')  # fmt: skip
        if whole and not (
            m and m.group(1).lower() not in ("the", "line", "lines", "text", "it", "everything")
        ):
            return edit("wrap_lines", left, right)
        word = _value(step, word)
        return edit("replace", word, f"{left}{word}{right}")
    m = re.search(r"\b(?:lower\s*case|upper\s*case|capitali[sz]e|uppercase|lowercase|all caps|caps)\b.*?\b(?:the\s+)?"
                  r"(first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th)?)\s+line\b|\b(?:the\s+)?(first|second|third|fourth|"
                  r"fifth|last|\d+(?:st|nd|rd|th)?)\s+line\b.*?\b(?:in\s+)?(lower\s*case|upper\s*case|capitals|all caps|caps)\b",
                  t, re.I)  # fmt: skip
    if m:  # "lowercase only the 2nd line"
        which = (m.group(1) or m.group(2)).lower()
        n = ORDINALS.get(which) or int(re.sub(r"\D", "", which) or 0)
        lower = re.search(r"\blower", t, re.I)
        return edit("line_case", n, "lower" if lower else "upper") if n else []
    m = re.search(r"\b(full stop|period|dot|question mark|exclamation mark|exclamation point|comma|semicolon|colon)\b.*?\b(?:at|to)\s+"
                  r"the\s+end\b", t, re.I) or re.search(r"\bend\b.*?\bwith\s+(?:a|an)\s+(full stop|period|dot|question mark|"
                                                        r"exclamation mark|exclamation point)\b", t, re.I)  # fmt: skip
    if m:  # "the sentence needs a full stop at the end"
        mark = {"full stop": ".", "period": ".", "dot": ".", "question mark": "?", "exclamation mark": "!",
                "exclamation point": "!", "comma": ",", "semicolon": ";", "colon": ":"}[m.group(1).lower()]  # fmt: skip
        return edit("end_with", mark)
    m = re.search(r"(\x00\d+\x00|[A-Za-z][\w'-]+)\s+is\s+(?:misspell?(?:ed|t)|spelt wrong|spelled wrong|a typo|wrong)\b|\b(?:fix|correct)\s+"
                  r"(?:the\s+)?(?:spelling|typo)\s+(?:of|in)\s+(\x00\d+\x00|[A-Za-z][\w'-]+)", t, re.I)  # fmt: skip
    if (
        m and _value(step, m.group(1) or m.group(2)).lower() in MISSPELLINGS
    ):  # "recieve is misspelled, fix it"
        wrong = _value(step, m.group(1) or m.group(2))
        right = MISSPELLINGS[wrong.lower()]
        return edit("replace", wrong, right.capitalize() if wrong[0].isupper() else right)
    m = re.search(r"\b(?:replace|overwrite)\s+(?:everything|all(?:\s+the\s+text)?|the\s+(?:whole\s+)?(?:text|contents?|document|file))"
                  r"(?:\s+(?:in|of)\s+(?:this|the)\s+(?:file|document|note))?\s+with\s+(?:just\s+|only\s+)?(?:the\s+(?:word|text|line)\s+)?"
                  r"(\x00\d+\x00|.+?)[\s.]*$|\b(?:rewrite|change|make|turn)\s+it\s+(?:all\s+)?(?:as|to|into|say|read)\s+(\x00\d+\x00)", t, re.I)  # fmt: skip
    if m:  # "replace all the text with just closed", "make it say 'Ann Lee'"
        return edit("set_text", step.restore(m.group(1) or m.group(2)).strip())
    m = re.search(r"\b(?:insert|add|put|write|place|stick|slot|squeeze|pop)\s+(\x00\d+\x00|.+?)\s+(?:on\s+a\s+new\s+line\s+|as\s+a\s+new\s+line\s+|in\s+)?"
                  r"(between|after|below|under|beneath|underneath|before|above)\s+(?:the\s+line\s+(?:with\s+|that\s+says\s+)?)?"
                  r"(\x00\d+\x00|[\w'-]+(?:\s+(?:\d+|[A-Z]\b))?)(?:\b|(?<=\x00))", t, re.I)  # fmt: skip
    if (
        m
        and not re.search(r"\b(?:top|end|bottom|beginning|start)\b", m.group(2) + t[m.end() :], re.I)
        and not re.search(r"\b(?:mark|comma|full\s+stop|period|colon|semi-?colon|dash|hyphen|apostrophe|space)s?\b", m.group(1), re.I)
    ):  # fmt: skip
        # "slot 'Part B' in between part A and part C", "add Cal 555-0000 under Bea" (a mark named in words is
        # punctuation, below)
        where = "before" if m.group(2).lower() in ("before", "above") else "after"
        new = _named_value(
            re.sub(
                r"^(?:the\s+|a\s+|an\s+)?(?:new\s+)?(?:line\s+|text\s+)?(?:saying\s+|that\s+says\s+)?",
                "",
                step.restore(m.group(1)).strip(),
                flags=re.I,
            )  # fmt: skip
        )
        return edit("insert_near", step.restore(m.group(3)).strip(), new, where)
    m = re.search(r"\b(?:add|insert|put|write|make)\s+(\x00\d+\x00|.+?)\s+(?:as|on)\s+(?:the\s+|a\s+)?(second|third|fourth|fifth|\d+(?:st|nd|rd|th))"
                  r"\s+line\b", t, re.I)  # fmt: skip
    if m:  # "write 'it was dark.' as the third line"
        which = m.group(2).lower()
        return edit(
            "insert_at",
            ORDINALS.get(which) or int(re.sub(r"\D", "", which)),
            step.restore(m.group(1)).strip(),
        )
    m = re.search(r"\b(?:moved|changed|pushed|brought forward|shifted|went\s+(?:up|down)|is\s+now|now)\s+(?:to\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)|"
                  r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?)\b.*\b(?:update|fix|change|correct|edit)\b", t, re.I)  # fmt: skip
    if m and "\x00" not in t:  # "the dentist got moved to 11am, update the note": the old time gives way
        return edit("replace_like", m.group(1))
    if re.search(r"\b(?:total|sum)\b", t, re.I) and re.search(r"\b(?:numbers|values|amounts|figures|prices|lines)\b", t, re.I) and re.search(
        r"\b(?:add|append|put|write|insert)\b", t, re.I):  # fmt: skip
        return edit("append_sum")  # "add a line at the end with the total of the three numbers"
    m = re.search(
        r"\b(?:write|add|put|type|insert)\s+(\x00\d+\x00|.+?)\s+(?:underneath|below|beneath|under\s+(?:it|that|them))\W*$",
        t,
        re.I,
    )
    if m:  # "add 'Wed: rain' below it": a new last line
        return edit("append_line", step.restore(m.group(1)).strip())
    if re.search(r"\btitle\s*case\b", t, re.I):  # "turn the heading into title case"
        return edit(
            "title_case",
            1 if re.search(r"\b(?:heading|title|headline|first\s+line|top\s+line)\b", t, re.I) else 0,
        )
    if re.search(
        r"\b(?:capitali[sz]e|upper\s*case)\b.*\bfirst\s+(?:letter|word|character)\b.*\b(?:each|every|all)\b.*\blines?\b",
        t,
        re.I,
    ):
        return edit("capitalize_lines")  # "capitalise the first word of every line"
    if re.search(
        r"\b(?:extra|double|multiple|repeated|several)\s+spaces\b|\bspaces\b.*\bdown\s+to\s+(?:one|1|a single)\b",
        t,
        re.I,
    ):
        return edit("squeeze_spaces")  # "get rid of the double spaces"
    if re.search(r"\bduplicated\b|\bduplicates\b|\bduplicate\s+(?:lines?|entries|items|names|ones)\b|\brepeated\s+lines?\b|\bdouble[ds]?\s+lines?\b|\bthe\s+extra\s+one\b|\bdupes?\b", t, re.I) and re.search(
        r"\b(?:remove|delete|drop|get rid of|take out|clean|dedupe|dedup|has|have|got|contains)\b|^\W*there(?:'s|\s+is|\s+are)\b", t, re.I):  # fmt: skip
        return edit("dedupe_lines")  # "the list has repeated lines, delete the extra copies"
    m = re.search(r"\bmove\s+(?:the\s+)?line\s+(?:that\s+says\s+|with\s+)?(\x00\d+\x00|[\w'-]+)\s+(?:up\s+|down\s+)?to\s+the\s+(top|bottom|end|start)\b",
                  t, re.I)  # fmt: skip
    if m:  # "move line Z to the bottom"
        key: str | int = step.restore(m.group(1))
        key = ORDINALS.get(str(key).lower()) or (int(key) if str(key).isdigit() else key)
        return edit("move_line", key, "top" if m.group(2).lower() in ("top", "start") else "bottom")
    m = re.search(
        r"\b(?:tack|add|append|put|stick)\s+(\x00\d+\x00)\s+(?:onto|on|to|at)\s+the\s+end\s+of\s+the\s+(?:line|sentence|text)\b",
        t,
        re.I,
    )
    if m:  # "add ' (maybe)' to the end of the line"
        return edit("end_with", step.restore(m.group(1)))
    m = re.search(r"\b(?:add|put|insert|place)\s+(?:a|an)\s+(full stop|period|comma|question mark|exclamation mark|exclamation point|colon|"
                  r"semicolon)\s+(?:right\s+)?after\s+(\x00\d+\x00|[\w'-]+)", t, re.I)  # fmt: skip
    if m:  # "put a question mark after 'Really'"
        word = step.restore(m.group(2))
        mark = {"full stop": ".", "period": ".", "comma": ",", "question mark": "?", "exclamation mark": "!",
                "exclamation point": "!", "colon": ":", "semicolon": ";"}[m.group(1).lower()]  # fmt: skip
        return edit("replace", word, word + mark)
    m = re.search(
        r"(\x00\d+\x00)\s+(?:should|must|needs\s+to)\s+(?:be|read|say|become)\s+(\x00\d+\x00)", t, re.I
    )
    if m:  # "'hte' must become 'the'"
        return edit("replace", step.restore(m.group(1)), step.restore(m.group(2)))
    m = re.search(
        r"\b(\x00\d+\x00|[\w'-]+)\s+(?:instead\s+of|in\s+place\s+of|rather\s+than)\s+(\x00\d+\x00|[\w'-]+)",
        t,
        re.I,
    )
    if m and not re.search(r"\.\w{2,4}\b", t):  # "it's Jenny instead of Jen"
        return edit("replace", step.restore(m.group(2)), step.restore(m.group(1)))
    m = re.search(r"\b(\x00\d+\x00|[A-Za-z][\w'-]*)\s+needs\s+(?:a\s+)?capital(?:\s+letter|\s+[A-Z])?\b", t)
    if m:  # "monday needs a capital letter"
        word = step.restore(m.group(1))
        return edit("replace", word, word[:1].upper() + word[1:])
    nth = r"(first|second|third|fourth|fifth|last|top|bottom|final|\d+(?:st|nd|rd|th)?)"
    lt = re.sub(r"\bline\s+(?:no\.?\s+|number\s+)?(\d+)\b", r"the \1th line", t, flags=re.I)  # "line 3"
    # the new text, up to an order to fix it that follows ("..., it should say X - fix it")
    value = r"(\x00\d+\x00|.+?)(?:[\s.]*$|\W+(?:and\s+)?(?:please\s+)?(?:fix|correct|change|update|do)\s+(?:it|that)\b.*$)"
    m = re.search(rf"\b(?:replace|change|set|make|overwrite|rewrite)\s+(?:the\s+)?{nth}\s+line\s+(?:with|to|into|so\s+it\s+(?:says|reads)|"
                  rf"to\s+say|to\s+read|say|read)\s+{value}", lt, re.I) or re.search(
        rf"\bthe\s+{nth}\s+line\s+(?:is\s+(?:wrong|incorrect|off|a\s+mistake)\W+(?:it\s+)?)?(?:should|must|needs\s+to|ought\s+to)\s+"
        rf"(?:read|say|be)\s+{value}", lt, re.I)  # fmt: skip
    if m:  # "replace the first line with Title", "the 3rd line should read Done"
        which = m.group(1).lower()
        n = ORDINALS.get(which) or int(re.sub(r"\D", "", which) or 0)
        return edit("set_line", n, step.restore(m.group(2)).strip()) if n else []
    if re.search(r"\b(?:delete|remove|drop|get rid of|erase|take out)\b", t, re.I) and re.search(
        r"\blines?\b", t, re.I
    ):
        said = _line_named(step)
        if said and intent in ("edit_remove_blank", "edit_clear", "edit_delete_text", "edit_delete_line"):
            return edit("delete_matching", said)  # "delete lines that say TODO"
    if intent == "edit_upper" and re.search(r"\bfirst\s+letter\b", t, re.I):
        return edit("capitalize_first")
    m = re.match(r"^\W*(?:the\s+word\s+|make\s+(?:the\s+word\s+)?)?(\x00\d+\x00|[A-Za-z]\w*)\s+(?:should\s+be\s+|all\s+)?(?:in\s+)?"
                 r"(?:all\s+)?(?:caps|capitals|capital letters|upper\s*case)\b", t, re.I)  # fmt: skip
    if m and m.group(1).lower() not in (
        "it",
        "everything",
        "text",
        "all",
        "this",
        "that",
        "make",
        "the",
        "document",
        "file",
    ):
        word = _value(step, m.group(1))
        return edit("replace", word, word.upper())
    m = re.search(
        r"\bfill\s+in\s+(?:the\s+)?(?:placeholder\s+|blank\s+|field\s+)?(\x00\d+\x00|\S+)\s+with\s+(\x00\d+\x00|.+?)\W*$",
        t,
        re.I,
    )
    if m:
        return edit("replace", _value(step, m.group(1)), _value(step, m.group(2)))
    m = re.search(
        r"\b(?:replace|change|swap|turn)\s+(?:all\s+)?(?:the\s+)?(\w+(?:\s+stops?)?)\s+(?:with|to|for|into)\s+(\w+(?:\s+stops?)?)\b",
        t,
        re.I,
    )
    if m and m.group(1).lower() in PUNCTUATION and m.group(2).lower() in PUNCTUATION:
        return edit("replace", PUNCTUATION[m.group(1).lower()], PUNCTUATION[m.group(2).lower()])
    m = re.match(
        r"^\W*(?:please\s+)?(?:change|update|set|bump|raise|increase|move|push)\s+(?:up\s+)?(?:the\s+|my\s+)?([a-z][a-z ]{1,30}?)\s+to\s+(\S+?)\W*$",
        t,
        re.I,
    )
    if m and "\x00" not in t and (" " in m.group(1) or re.search(r"[\d@]", m.group(2))):
        return edit("set_field", m.group(1), m.group(2))
    return []


QUESTION = re.compile(
    r"^\W*(?:(?:in|on|using)\s+(?:the\s+)?(?:chrome|chromium|browser|web|site),?\s+)?(?:(?:can|could)\s+you\s+|please\s+)?"
    r"(?:what(?:'s|s)?|how\s+(?:much|many|long|expensive|cheap|old)|since\s+when|which|when|where|who|is\s+there|are\s+there|does|do\s+they|"
    r"check|find\s+out|(?:help\s+me\s+|i\s+(?:want|need|.d\s+like)\s+to\s+)?compare|tell\s+me|see|i\s+(?:want|need)\s+to\s+know|i'd\s+like\s+to\s+know|i\s+wonder|"
    # "find the discount code": a fact the site states (a search names things to look for: "find a lamp")
    r"(?:find|look\s+up|get|give\s+me|read\s+(?:me\s+)?)\s+(?=(?:me\s+)?(?:the|today'?s|their|its|this\s+\w+'s|our)\s+"
    r"(?!(?:word|words|phrase|text|line)\b)(?!.*\bon\s+(?:this|the)\s+page\b)))\b",
    re.I,
)
ASK_WORDS = {"what", "whats", "s", "is", "are", "was", "does", "do", "did", "how", "much", "many", "long", "which", "when",
             "where", "who", "the", "a", "an", "of", "on", "in", "at", "for", "to", "this", "that", "these", "their", "its",
             "shop", "site", "website", "page", "store", "web", "check", "find", "out", "tell", "me", "us", "see", "can",
             "could", "you", "please", "there", "cost", "costs", "price", "priced", "expensive", "cheap", "chrome",
             "chromium", "browser", "using", "i", "want", "need", "know", "like", "wonder", "d", "they", "it", "say",
             "says", "listed", "shown", "current", "currently", "right", "now", "exactly", "go", "get", "and", "or",
             "be", "will", "would", "there's", "here", "them", "with", "by", "about", "per", "think", "guess", "believe",
             "maybe", "probably", "open", "has", "have", "had", "been", "around", "offer", "sell", "our", "my", "give",
             "look", "read", "whether", "any", "going", "compare", "help", "between", "difference"}  # fmt: skip


def _lookup_words(step: Step) -> tuple[str, ...]:
    """The words a question about the site asks after ("how much is the basic plan per month?" -> basic,
    plan, month); () when the clause is no question or names an address, a quoted value or a search."""
    t = step.prepared
    if (
        not QUESTION.match(t)
        or "\x00" in t
        or re.search(r"://|\.html?\b|\bsearch|\bcatalog|\b(?:box|field|button)\b", t, re.I)
    ):
        return ()
    t = re.sub(
        r"\?\s*(?:please\s+)?(?:show|open|pull|bring|give|tell)\s+(?:me\s+)?(?:it|that|this|them)\b.*$",
        "",
        t,
        flags=re.I,
    )  # "...? show it to me"
    words = tuple(w for w in re.findall(r"[a-z0-9]+", t.lower()) if w not in ASK_WORDS)
    return words if 1 <= len(words) <= 6 else ()


def _home_folder(text: str) -> str:
    """A folder written as a home path ("in ~/pics" -> "pics"), "" when none."""
    m = re.search(r"(~/[\w./-]*\w)", text)
    return path(m.group(1)) if m else ""


def _file_jobs(step: Step) -> tuple[str, ...]:
    """File jobs named by what they do: files joined into one ("combine a.txt and b.txt into c.txt": op
    "concat"), a folder emptied ("empty the tmp folder": its contents deleted). () when neither."""
    t = step.prepared
    if re.search(r"\b[A-Z]{1,2}\d{1,5}\b(?!\.\w)", t):
        return ()  # cells, not files
    m = re.search(rf"\b(?:combine|merge|join|concatenate|stitch|glue|put|\w+(?=\s+\S+\s+and\s+\S+\s+together))\b\s+(?:the\s+files\s+)?(.+?)\s+(?:together\s+)?"
                  rf"(?:into|in|as|to make)\s+(?:a\s+(?:new\s+)?(?:file\s+)?(?:called\s+|named\s+)?|one\s+file\s+(?:called\s+|named\s+)?)?({FILE_NAME})\b", t, re.I)  # fmt: skip
    sources = re.findall(FILE_NAME, m.group(1), re.I) if m else []
    if m and len(sources) >= 2:
        first = re.search(rf"\b({FILE_NAME})\s+(?:goes\s+|comes\s+)?(?:first|on top)\b", t, re.I)
        if first and first.group(1) in sources:
            sources.remove(first.group(1))
            sources.insert(0, first.group(1))
        return ("concat", *(path(s) for s in sources), path(m.group(2)))
    m = re.search(
        rf"\b(?:swap|switch|exchange|trade)\s+(?:the\s+)?names\s+of\s+({FILE_NAME})\s+and\s+({FILE_NAME})\b",
        t,
        re.I,
    )
    if m:  # "swap the names of a.txt and b.txt"
        return ("swap", path(m.group(1), _folder_words(t)), path(m.group(2), _folder_words(t)))
    m = re.search(r"\b(?:move|put|shift|transfer|copy)\s+(?:everything|all(?:\s+the)?\s+(?:files|stuff|contents)|all|the\s+contents|"
                  r"what'?s)\s+(?:that'?s\s+)?(?:in|inside|from|of)\s+(?:the\s+|my\s+)?([\w~/.-]+)(?:\s+(?:folder|directory))?\s+(?:over\s+)?"
                  r"(?:to|into|in)\s+(?:the\s+|my\s+)?(?:a\s+(?:new\s+)?(?:folder|directory)\s+(?:called\s+|named\s+)?)?([\w~/.-]+)", t, re.I)  # fmt: skip
    if m:  # "move everything in ~/dl over to ~/Downloads"
        verb = "copy" if re.search(r"\bcopy\b", t, re.I) else "move"
        return (verb, path("*", m.group(1)), path(m.group(2)) + "/")
    m = re.search(r"\b(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?\.?(\w{1,5})\s+files?\b.*?\b(?:should\s+be|become|to|into|as)\s+"
                  r"\.?(\w{1,5})(?:\s+files)?\b(?:\s+instead)?\W*$", t, re.I) or re.search(
        r"\b(?:change|rename|switch)\s+(?:the\s+)?(?:extension\s+of\s+)?(?:all|every|each)\s+(?:the\s+)?\.?(\w{1,5})\s+files\b.*?"
        r"\b(?:to|into|as)\s+\.?(\w{1,5})\W*$", t, re.I)  # fmt: skip
    if (
        m and m.group(1).lower() != m.group(2).lower()
    ):  # "all the .jpeg files in ~/pics should be .jpg instead"
        return ("rename_ext", path("", _folder_words(t) or _home_folder(t)), m.group(1), m.group(2))
    m = re.search(rf"\b(?:make|create|touch|add)\s+(?:\w+\s+)?(?:new\s+)?(?:empty\s+|blank\s+)?files\b.*?:\s*((?:{FILE_NAME}\s*(?:,|and)\s*)+"
                  rf"{FILE_NAME})\W*$", t, re.I)  # fmt: skip
    if m:  # "make three empty files in ~/nums: one.txt, two.txt, three.txt"
        where = _home_folder(t[: m.start(1)]) or _folder_words(t[: m.start(1)].rstrip(" :"))
        return ("touch", *(path(f, where) for f in re.findall(FILE_NAME, m.group(1))))
    m = re.search(r"^\W*(?:please\s+)?(?:empty|clear out|clean out|wipe|clear)\s+(?:out\s+)?(?:(~/[\w./-]+)|(?:the\s+|my\s+)?([\w~/.-]+)\s+"
                  r"(?:folder|directory|dir)\b)", t, re.I)  # fmt: skip
    if m and (m.group(1) or m.group(2)).lower() not in ("trash", "recycle", "bin"):
        return ("delete", path("*", m.group(1) or m.group(2)))
    where = r"(?:the\s+|my\s+)?(~/[\w./-]*\w|[\w.-]+)(?:\s+(?:sub)?(?:folder|directory|dir))?"
    m = re.search(rf"\b(?:the|all\s+(?:the\s+)?|every|each)\s+\.?(\w{{1,5}})\s+files?\s+(?:in|from|inside)\s+{where}\s+(?:belong|should\s+(?:go|be|live)|"
                  rf"go|need\s+to\s+(?:go|be)|must\s+go)\s+(?:in|into|to|under)\s+{where}", t, re.I)  # fmt: skip
    if m:  # "the .md files in ~/drafts belong in ~/posts", "the .ogg files in ~/dl should go into ~/music"
        return ("move", path(f"*.{m.group(1).lower()}", m.group(2)), path(m.group(3)) + "/")
    m = re.search(r"\blower\s*case\b|\blowercase\b", t, re.I) and re.search(rf"({FILE_NAME})", t, re.I)
    if (
        m
        and re.search(r"\b(?:name|extension|ext|filename|it)\b", t, re.I)
        and m.group(1) != m.group(1).lower()
    ):
        old = path(
            m.group(1)
        )  # "make the name of ~/TODO.MD lowercase", "~/pic.PNG needs a lowercase extension"
        stem, dot, ext = old.rpartition(".")
        only_ext = re.search(r"\bextension\b|\bext\b", t, re.I) and not re.search(r"\bname\b", t, re.I)
        folder, _, base = stem.rpartition("/")
        new = (
            f"{stem}.{ext.lower()}"
            if only_ext
            else f"{folder + '/' if folder else ''}{base.lower()}.{ext.lower()}"
        )
        return ("move", old, new)
    m = re.search(rf"\b(?:pack|zip|compress|archive|tar|bundle)\s+(?:up\s+)?(?:the\s+)?{where}\s+(?:up\s+)?(?:into|as|in|to)\s+(?:an?\s+)?"
                  rf"(?:[\w.]+\s+)?(?:archive|file|zip|tarball)?\s*(?:called|named)?\s*({FILE_NAME}(?:\.gz)?)\b", t, re.I)  # fmt: skip
    if m:  # "compress ~/logs into ~/logs.tgz"
        return ("archive", path(m.group(1)), path(m.group(2)))
    m = re.search(r"\b(?:make|take|keep|create)\s+a\s+(?:backup\s+)?copy\s+of\s+(?:the\s+)?(?:whole\s+|entire\s+)?(~/[\w./-]*\w|[\w.-]+)"
                  r"(?:\s+(?:folder|directory|file))?\s*,?\s+(?:and\s+)?(?:call(?:ed)?|name(?:d)?)\s+(?:it\s+)?(~/[\w./-]*\w|[\w.-]+)", t, re.I)  # fmt: skip
    if m:  # "take a copy of the entire ~/site folder, call it ~/site_old"
        return ("copy", path(m.group(1)), path(m.group(2)))
    m = re.search(r"(~?/?[\w./-]*?\.(\w{1,5}))\.\2\b", t)
    if m and re.search(
        r"\b(?:doubl\w*|twice|repeat\w*|extra|two)\b", t, re.I
    ):  # "b.txt.txt has the extension twice"
        return ("move", path(m.group(0)), path(m.group(1)))
    return ()


def _loose_names(step: Step) -> list[str]:
    """Folder names written without quotes: "mkdir photos", "folders called 2024 and 2025", "three folders:
    red, green and blue", "a new folder for my invoices"."""
    m = (
        re.search(
            r"(?:\bcalled|\bnamed|\btitled|:|\bmkdir|\bfor my|\bfor)\s+(.+?)(?:\s+(?:on|in|inside|under|within)\s+"
            r"(?:the\s+|my\s+)?[\w~/.-]+(?:\s+(?:folder|directory))?)?\s*[.!?]?$",
            step.prepared,
            re.I,
        )
        or re.search(
            r"\b(?:folders?|directory|directories|dir)\s+([\w~/.-]+)(?:\s+(?:on|in|inside|under|within)\s+(?:the\s+|my\s+)?[\w~/.-]+(?:\s+(?:folder|directory))?)?\s*[.!?]?$",
            step.prepared,
            re.I,
        )
        or re.search(
            r"\b(?:folders|directories|dirs)\s*[,:]?\s+((?:[\w~/.-]+\s*(?:,\s*(?:and\s+)?|\s+and\s+))+[\w~/.-]+)\W*$",
            step.prepared,
            re.I,
        )
    )  # "two folders, music and films"
    return [_value(step, n) for n in _names(m.group(1))] if m else []


def _loose_sources(step: Step) -> list[str]:
    """Files or folders named without quotes or an extension: "the old folder", "the folder called junk"."""
    t = step.prepared
    m = re.search(
        r"\b(?:folder|directory|dir|file)\s+(?:called\s+|named\s+)?(\x00\d+\x00|[\w~/.-]+)", t, re.I
    )
    if m and m.group(1).lower() not in (
        "in",
        "on",
        "to",
        "into",
        "from",
        "and",
        "called",
        "named",
        "over",
        "there",
        "here",
        "it",
        "that",
        "this",
    ):
        return [_value(step, m.group(1))]
    m = re.search(r"\bthe\s+(?:empty\s+|old\s+)?([\w~.-]+)\s+(?:folder|directory|file)\b", t, re.I)
    return [_value(step, m.group(1))] if m else []


def _files(step: Step, cmd, context: dict) -> list[Command] | str:
    """File-system steps become one `files` command with paths relative to the home folder."""
    s, intent, text = step.slots, step.intent, step.text
    named = {*s.get("NEW", []), *s.get("FILE", [])}
    if intent == "make_folder" and len(s.get("NEW", [])) <= 1 and _loose_names(step):
        named |= set(_loose_names(step))
    kind = (
        re.search(r"\b(?:every|all(?: the| my)?|each)\s+\.?([a-z0-9]{1,5})\s+files?\b", text, re.I)
        or re.search(
            r"\bfiles?\s+(?:that\s+|which\s+)?(?:ends?|ending)\s+(?:in|with)\s+\.?([a-z0-9]{1,5})\b",
            text,
            re.I,
        )
        or re.search(
            r"\b(?:every|all(?: the| my| of the)?|each)\s+(?:the\s+)?(pdf|jpe?g|png|gif|txt|csv|docx?|odt|xlsx?|mp3|mp4|wav|log|md|zip|tmp|bak|html?)s\b",
            text,
            re.I,
        )
    )  # "every file that ends in .tmp", "all pdfs"
    if intent != "make_folder" and not s.get("FILE") and not kind:
        named |= set(_loose_sources(step))
    folders = [
        f
        for f in s.get("FOLDER", [])
        if f not in named and not re.fullmatch(r"(?:my\s+)?home(?:\s+(?:dir|directory|folder))?", f, re.I)
    ]
    renamed = (
        re.search(r"\b(?:to|as|into)\s+(\x00\d+\x00|[\w~/.-]+)\W*$", step.prepared, re.I)
        if intent == "rename"
        else None
    )
    if renamed:  # "rename the folder pics to photos": the new name is no folder it is in
        folders = [f for f in folders if f != _value(step, renamed.group(1))]
    if not folders and re.search(r"\b(?:on|to|onto)\s+(?:the\s+|my\s+)?desktop\b", text, re.I):
        folders = ["Desktop"]
    loose_folder = re.search(r"\b(?:in|into|to|inside|under)\s+(?:the\s+|my\s+)?([\w~.-]+)\s+(?:folder|directory|dir)\b",
                             step.prepared, re.I) or re.search(  # "into a new folder called texts"
        r"\b(?:in|into|to|inside)\s+(?:a|an|the)\s+(?:new\s+)?(?:folder|directory|dir)\s+(?:called|named)\s+([\w~.-]+)",
        step.prepared, re.I)  # fmt: skip
    if (
        not folders
        and loose_folder
        and intent in ("move", "copy_file")
        and loose_folder.group(1) not in named
        and not HOME_WORDS.match(loose_folder.group(1))
    ):
        folders = [loose_folder.group(1)]  # "put every pdf in the docs folder"
    home_paths = re.findall(
        r"(?:^|\b(?:in|into|to|inside|under|within|over to))\s*(~/[\w./-]*\w)", step.prepared
    )
    home_paths = [h for h in home_paths if h not in named]
    if not folders and home_paths and intent != "rename":
        folders = home_paths[-1:]  # "move it into ~/Pictures", "the .bak files in ~/work"
    if not folders and kind and intent == "delete_file" and re.search(r"~/[\w./-]*\w", step.prepared):
        folders = [
            path(re.search(r"~/[\w./-]*\w", step.prepared).group(0))
        ]  # "clean ~/tmpdir: remove every .bak file in there"

    parent = folders[-1] if folders else ""
    if intent == "make_folder":
        names = s.get("NEW", [])
        if len(names) <= 1 and len(_loose_names(step)) > len(names):
            names = _loose_names(step)
        each = re.findall(r"\ba\s+([\w.-]+)\s+(?:folder|directory)\b", step.prepared, re.I)
        if len(each) >= 2 or (each and not names):  # "a Music folder and a Videos folder"
            names = each
        names = [
            n
            for n in names
            if n.lower() not in ("desktop", "folder", "directory", "a", "the")
            and not re.search(r"\b(?:it|them|put|move|copy)\b", n, re.I)
        ]
        if not names:
            return "What should the new folder be called?"
        context["folder"] = path(names[-1], parent)
        return [cmd("files", op="mkdir", args=tuple(path(n, parent) for n in names), app="files")]
    if intent == "make_file":
        candidates = [*s.get("NEW", []), *s.get("FILE", [])]
        name = (
            next((c for c in candidates if re.search(r"\.\w{1,5}$", c)), "")
            or _first(s, "NEW")
            or _first(s, "FILE")
        )
        bare = re.match(LEAD + r"(?:make|create|write|put|place|add)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:file\s+(?:called\s+|named\s+)?)?"
                        r"([\w.-]+)\s+(?:in|under|inside)\b", step.prepared, re.I)  # fmt: skip
        if (
            bare
            and bare.group(1).lower() not in ("file", "note", "document", "text")
            and (not name or name in bare.group(0))
        ):
            name = bare.group(1)  # "make a README in ~/proj that says ...": a name with no extension
        if not name:
            return "What should the new file be called?"
        content = _first(s, "TEXT") or _first(s, "VALUE")
        per_line = re.search(r",?\s*(?:(?:each|one|every \w+) on (?:its|a|their) (?:own|new|separate) line|one (?:\w+ )?per line)\W*$",
                             step.prepared, re.I)  # fmt: skip
        t = step.prepared[: per_line.start()] if per_line else step.prepared
        said = re.search(r"\b(?:that says|saying|containing|that contains|which contains|which says|with the (?:text|words?|line)|that reads|"
                         r"reading|so (?:that )?it (?:just |only )?(?:reads|says))\s+(?:just\s+|only\s+)?(?:the\s+)?(?:single\s+|one\s+)?"
                         r"(?:(?:line|word|text)\s+)?(.+?)[\s.,;:]*$", t, re.I) or re.search(
            r"\bwith\s+(?!the\s+name\b)(.+?)\s+(?:in|inside)\s+it\W*$", t, re.I) or re.match(
            LEAD + r"(?:put|write|type|save)\s+(?:the\s+(?:word|text|line|words)\s+)?(.+?)\s+(?:in|into)\s+(?:a\s+)?new\s+file\b", t, re.I)  # fmt: skip
        listed = re.search(
            rf"\b{re.escape(name)}\s+(?:with|containing|holding)\s+(?:the\s+(?:lines|items|words)\s+)?(.+?)\W*$",
            t,
            re.I,
        )
        said = said or (listed if per_line else None)
        if said and (
            not content or content in said.group(1) and len(said.group(1)) > len(content)
        ):  # "... that says hi"
            content = step.restore(said.group(1)).strip()
        if per_line and content:  # "with eggs, milk and bread, one per line"
            content = "\n".join(_names(content))
        return [cmd("files", op="write", args=(path(name, parent), content), app="files")]
    sources = s.get("FILE", []) or _loose_sources(step)
    if (
        not sources
        and context.get("file")
        and re.search(r"\b(?:it|that|this|that file|this file)\b", text, re.I)
    ):
        sources = [context["file"]]  # "cv.txt is in Documents, move it to my home folder"
    if (
        intent in ("rename", "copy_file") and not s.get("NEW") and len(sources) >= 2
    ):  # "rename a.txt to b.txt"
        sources, s = sources[:-1], {**s, "NEW": sources[-1:]}
    if kind and intent in ("move", "copy_file", "delete_file"):  # "move every txt file into texts"
        sources = [f"*.{kind.group(1).lower()}"]
    loose_new = re.search(r"\b(?:to|as|into|called|named)\s+(\x00\d+\x00|[\w~/.-]+)\W*$", step.prepared, re.I)
    if intent in ("rename", "copy_file") and not s.get("NEW") and loose_new and len(sources) == 1:
        new_name = _value(step, loose_new.group(1))  # "rename notes.txt to old_notes.txt"
        if new_name not in sources and (
            intent == "rename" or "." in new_name or "called" in text or "named" in text
        ):
            s = {**s, "NEW": [new_name]}
    if not sources:
        return f"Which file or folder do you mean in {text!r}?"
    if (
        not folders
        and context.get("folder")
        and re.search(r"\b(?:into|in) (?:it|there)\b|\bthere\b", text, re.I)
    ):
        folders = [context["folder"]]  # "make a folder backups and copy notes.txt into it"
    where = folders[0] if len(folders) > 1 else ""
    src = [path(f, where if intent in ("move", "copy_file") else parent) for f in sources]
    kept = re.findall(
        r"\b(?:but|and)\s+(?:keep|leave|not)\s+(?:the\s+)?([\w~/.-]+\.\w+)", step.prepared, re.I
    )
    src = [
        f for f in src if f not in {path(k, parent) for k in kept}
    ]  # "delete notes.txt but keep notes_final.txt"
    if intent == "delete_file":
        return [cmd("files", op="delete", args=tuple(src), app="files")]
    if intent == "rename":
        new = _first(s, "NEW")
        said = re.match(r"^\W*(?:please\s+)?rename\s+(?:the\s+|my\s+)?(?:file\s+|folder\s+|directory\s+|dir\s+)?"
                        r"(\x00\d+\x00|[\w~/.-]+)\s+(?:to|as|into)\s+(\x00\d+\x00|[\w~/.-]+)\W*$", step.prepared, re.I)  # fmt: skip
        if (
            said
        ):  # the words themselves, whatever the tagger made of them ("rename the folder old to archive")
            src, new = [path(step.restore(said.group(1)))], step.restore(said.group(2))
        if not new:
            return f"What should the new name of {sources[0]} be?"
        base = src[0].rsplit("/", 1)[0] if "/" in src[0] else ""
        ext = re.search(r"\bextension\s+(?:to|into|as)\s+\.?(\w+)", text, re.I)
        if ext:  # "change data.txt's extension to .csv"
            new = src[0].rsplit("/", 1)[-1].rsplit(".", 1)[0] + "." + ext.group(1)
        moved = re.search(
            r"\band\s+(?:then\s+)?(?:put|move|place|drop|stick)\s+it\s+(?:in|into|to)\s+(?:the\s+|my\s+)?(~/[\w./-]*\w|[\w.-]+)",
            text,
            re.I,
        )
        if moved:  # "rename ~/DSC_9.jpg to lake.jpg and move it into ~/Photos"
            new, base = re.sub(r"^.*/", "", new), path(moved.group(1))
        return [cmd("files", op="move", args=(src[0], path(new, base)), app="files")]
    dest = (
        path(_first(s, "NEW"), "")
        if s.get("NEW")
        else (path(folders[-1], "") or ".") + "/"
        if folders
        else ""
    )
    if not s.get("NEW") and re.search(
        r"\b(?:to|into|back to|up to)\s+(?:the\s+|my\s+)?home(?:\s+folder|\s+directory)?\W*$", text, re.I
    ):
        dest = "./"  # "move it up to my home folder"
    if not dest:
        if intent == "copy_file" and len(src) == 1:
            stem, dot, ext = src[0].rpartition(".")
            dest = f"{stem} copy.{ext}" if dot else f"{src[0]} copy"
        else:
            return f"Where should I {'move' if intent == 'move' else 'copy'} {sources[0]} to?"
    into_new = re.search(r"\b(?:folder|directory)\s+(?:called|named)\s+(\S+?)\W*$", step.prepared, re.I)
    if (
        len(src) > 1 or any("*" in f for f in src) or into_new and path(into_new.group(1)) == dest
    ) and not dest.endswith("/"):
        dest += "/"  # several files go into a folder, made if missing
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


def _cell_value(value: str) -> str:
    """What to type into a cell: arithmetic and "the sum of B2:B4" become formulas."""
    value = re.sub(r"^(?:the\s+)?(?:formula|function|value|number|text|word)\s+(?=\S)", "", value, flags=re.I)
    if re.fullmatch(r"[\d.]+(?:\s*[-+*/^]\s*[\d.]+)+", value):
        return "=" + value.replace(" ", "")
    m = re.fullmatch(rf"(?:the\s+)?(\w+)\s+(?:value\s+)?of\s+({REF}:{REF})", value, re.I)
    if m and m.group(1).lower() in FUNCS:
        return f"={FUNCS[m.group(1).lower()]}({m.group(2).upper()})"
    m = re.search(rf"\(?\s*({REF}\s*[-+*/]\s*{REF}(?:\s*[-+*/]\s*{REF})*)\s*\)?\W*$", value)
    if m:  # "Margin (E3 - D3)": the cells said as arithmetic
        return "=" + re.sub(r"\s+", "", m.group(1)).upper()
    return value


KEY_NAME = re.compile(
    r"^(?:the\s+)?(?:ctrl|control|alt|shift|super|enter|return|escape|esc|tab|backspace|delete|del|space|home|"
    r"end|page up|page down|f\d{1,2}|up|down|left|right)\b",
    re.I,
)
REF = r"[A-Za-z]{1,2}\d{1,5}"


def _value(step: Step, raw: str) -> str:
    """A value as written: quotes restored, surrounding filler words and punctuation gone."""
    raw = re.sub(r"^(?:i\s+(?:want|need|'d like)|we\s+(?:want|need))\s+(?=\S)", "", raw.strip(), flags=re.I)
    raw = re.sub(r"^(?:the\s+(?:value|number|text|word)\s+|the\s+)", "", raw.strip(" .!?,;:"), flags=re.I)
    raw = re.sub(r"\x00(\d+)$", "\x00\\1\x00", raw)  # the closing mark of a quoted value a pattern cut off
    return step.restore(raw).strip()


def _span(first: str, last: str) -> list[str]:
    """The cells from one to another along a row or a column ("A2", "A6" -> A2..A6); [] for a block."""
    a, b = re.fullmatch(r"([A-Z]+)(\d+)", first), re.fullmatch(r"([A-Z]+)(\d+)", last)
    if not a or not b or len(a.group(1)) > 1 or len(b.group(1)) > 1:
        return []
    if a.group(1) == b.group(1):
        return [f"{a.group(1)}{r}" for r in range(int(a.group(2)), int(b.group(2)) + 1)]
    if a.group(2) == b.group(2):
        return [f"{chr(c)}{a.group(2)}" for c in range(ord(a.group(1)), ord(b.group(1)) + 1)]
    return []


def _cell_pairs(step: Step) -> tuple[list[str], list[str]]:
    """(cells, values) read from the clause with patterns: "fill A1, A2 and A3 with 5, 6 and 7",
    "5 in A1 and 6 in A2", "set B2 to 100", "make B1 say Qty", "replace the value in A2 with coffee"."""
    # politeness and a heading before a colon name no value ("could you put ...", "headers please: ...")
    t = re.sub(r"^\W*(?:(?:could|can|would|will)\s+you\s+(?:please\s+)?|please\s+|i'?d like you to\s+|i need you to\s+|"
               r"(?:[\w ]{1,60}:\s+)(?=.*\b[A-Z]{1,2}\d))", "", step.prepared, flags=re.I)  # fmt: skip
    t = re.sub(r",?\s+(?:not|instead of|rather than)\s+[^\s,]+\W*$", "", t)  # "it should say 40 not 4"
    m = re.search(rf"\b(?:change|replace|update|correct|fix|turn|make)\s+(?:the\s+)?(?:value\s+|number\s+)?\S+\s+(?:in|at)\s+"
                  rf"(?:cell\s+)?({REF})\s+(?:to|with|into|so it (?:says|reads|is))\s+(.+?)\W*$", t, re.I)  # fmt: skip
    if m:  # "change the 40 in B3 to 45": the old value only names the cell's content
        return [m.group(1).upper()], [_value(step, m.group(2))]
    m = re.search(rf"\b({REF})\s+(?:is|looks|seems|says|shows|reads|has)\s+.+?[-\u2013\u2014,;.]\s*(?:it\s+)?(?:should|must|needs\s+to)\s+"
                  r"(?:be|say|read|show|contain|hold)\s+(.+?)\W*$|"
                  rf"\b({REF})\s+(?:is|looks|seems|says|shows|reads|has)\s+.+?[-\u2013\u2014,;.]\s*(?:please\s+)?(?:make|change|set|turn)\s+"
                  r"it\s+(?:to\s+|into\s+)?(.+?)\W*$", t, re.I)  # fmt: skip
    if m:  # "C2 is wrong, it should say 40", "D4 shows ERR - change it to 12"
        return [(m.group(1) or m.group(3)).upper()], [_value(step, m.group(2) or m.group(4))]
    m = re.search(rf"\b(?:fill\s+)?(?:cells?\s+)?({REF})\s*(?::|to|through|thru|-)\s*({REF})\s+with\s+(.+?)\W*$", t, re.I) or re.search(
        rf"^(?:.*?:\s*)?(.+?)\s+(?:across|in|into|down|along|over)\s+(?:cells?\s+)?({REF})\s*(?::|to|through|thru|-)\s*({REF})\W*$", t, re.I)  # fmt: skip
    if m:  # "fill A2 through A6 with 1, 2, 3, 4, 5", "Name, Age, City across A1 to C1"
        first, last, listed = (
            (m.group(1), m.group(2), m.group(3)) if re.fullmatch(REF, m.group(1)) else m.group(2, 3, 1)
        )
        cells = _span(first.upper(), last.upper())
        listed = re.sub(
            r"^(?:put|enter|type|write|fill in|add|insert|place)\s+", "", listed.strip(), flags=re.I
        )
        values = [_value(step, v) for v in _names(listed)]
        run = re.fullmatch(
            r"(?:the\s+)?(?:numbers?\s+)?(-?\d+|one|two|three)\s+(?:to|through|thru|-|until)\s+(-?\d+)",
            listed,
            re.I,
        )
        if run and len(values) == 1:  # "with the numbers 1 through 5"
            start = {"one": 1, "two": 2, "three": 3}.get(run.group(1).lower()) or int(run.group(1))
            values = [str(n) for n in range(start, int(run.group(2)) + 1)]
        if cells and len(cells) == len(values):
            return cells, values
    m = re.search(rf"\b(?:cells?\s+)?((?:{REF}\s*(?:,|and|,\s*and)\s*)+{REF})\s+with\s+(.+)$", t, re.I)
    if m:
        cells = re.findall(REF, m.group(1))
        values = [_value(step, v) for v in _names(m.group(2))]
        if len(cells) == len(values):
            return [c.upper() for c in cells], values
    m = re.search(rf"^\W*(?:(?:please|now|then|can you|could you)\s+)*(?:(?:put|enter|type|write|add|insert|fill in)\s+)?"
                  rf"(?:the\s+(?:values|numbers)\s+)?(.+?)\s+(?:in|into)\s+(?:cells\s+)?((?:{REF}\s*(?:,|and|,\s*and)\s*)+{REF})\W*$",
                  t, re.I)  # fmt: skip
    if m:
        cells = re.findall(REF, m.group(2))
        values = [_value(step, v) for v in _names(m.group(1))]
        if len(cells) == len(values) >= 2:
            return [c.upper() for c in cells], values
    pairs = re.findall(
        rf"(?:^|,|;|:|\band\b|\bthen\b)\s*(?:(?:please\s+)?(?:put|enter|type|write|set|fill in|add|insert)\s+)?"
        rf"(?:the\s+value\s+)?(.+?)\s+(?:in|into|at)\s+(?:cell\s+)?({REF})\b",
        t,
        re.I,
    )
    if pairs:
        return [c.upper() for _, c in pairs], [_value(step, v) for v, _ in pairs]
    m = re.search(
        rf"(?:cell\s+|in\s+)?({REF}),?\s+(?:to|with|say|says|=|:|should (?:be|say|read|contain|hold|show|have)|must (?:be|say|contain)|contains?|holds?|to say|put|write|enter|type)\s+"
        r"(.+)$",
        t,
        re.I,
    )
    if m:
        return [m.group(1).upper()], [_value(step, m.group(2))]
    return [], []


HEADER_STOP = {"the", "a", "an", "of", "in", "into", "to", "at", "put", "goes", "go", "and", "then", "save", "it",
               "cell", "please", "pls", "show", "should", "be", "is", "are", "there", "what", "whats", "what's",
               "get", "work", "out", "write", "enter", "calculate", "compute", "find", "value", "values", "all",
               "column", "for", "me", "i", "want", "need", "with", "on", "sheet", "spreadsheet", "excel", "fill", "set",
               "number", "numbers", "each", "every", "row", "rows", "list", "here", "this", "that", "them", "so",
               "grade", "score", "scores", "how", "many", "above", "needs", "make", "type", "insert",
               "add", "place", "by", "from", "up"}  # fmt: skip


def _header_words(text: str) -> tuple[str, ...]:
    """Words that may name a column by its header ("science" in "the science average in C6"), the more
    specific first; the plan matches them against row 1."""
    words = [w for w in re.findall(r"[a-z]{2,}", text.lower()) if w not in HEADER_STOP and w not in FUNCS]
    general = [w for w in re.findall(r"[a-z]+", text.lower()) if w in ("grade", "score", "scores")]
    above = ["<above>"] if re.search(r"\babove\b", text, re.I) else []
    return (*words, *general, *above)


def _row_update(step: Step) -> tuple[str, str, str, str] | None:
    """(row word, column word, value, how) for a change to the row a word names, in the column a header
    word names (or the one numeric column): how is "set", "add" or "subtract"."""
    t = step.prepared
    if re.search(rf"\b{REF}\b|\x00", t):
        return None
    num = r"(-?\d+(?:\.\d+)?)"
    m = re.search(
        rf"\b(?:we\s+)?(?:sold|used|lost|gave away|took out)\s+{num}\s+(?:more\s+)?([a-z][\w-]*)", t, re.I
    )
    if m:
        return (m.group(2), "", m.group(1), "subtract")
    m = re.search(
        rf"\b(?:we\s+)?(?:bought|got in|received|added|restocked)\s+{num}\s+(?:more\s+)?([a-z][\w-]*)",
        t,
        re.I,
    )
    if m:
        return (m.group(2), "", m.group(1), "add")
    m = re.search(
        rf"^\W*([A-Z]?[a-z][\w'-]*)\s+(?:gets|earns|needs|deserves)\s+{num}\s+(?:more|extra|bonus)\b(?:\s+(\w+))?",
        t,
    )
    if m:
        return (m.group(1), "", m.group(2), "add")
    m = re.search(rf"^\W*(?:(?:actually|so|oh|oops),?\s+)?([A-Z]?[a-z][\w'-]*)\s+(?:actually\s+|really\s+)?(?:got|scored|has|had|"
                  rf"made|earned)\s+(?:a\s+)?{num}\s+(?:in|for|on)\s+(?:the\s+)?([a-z][\w-]*)", t, re.I)  # fmt: skip
    if m:
        return (m.group(1), m.group(3), m.group(2), "set")
    m = re.search(rf"^\W*(?:the\s+)?([a-z][\w'-]*)\s+(?:are|is|costs?|cost)\s+(?:now\s+)?\$?{num}(?:\s+(?:now|each|apiece))?\W*"
                  r"(?:$|,)", t, re.I)  # fmt: skip
    if m and m.group(1).lower() not in ("it", "that", "this", "total", "answer", "result", "there"):
        return (m.group(1), "", m.group(2), "set")
    return None


ROW_FILLER = {"add", "append", "insert", "put", "enter", "include", "a", "an", "the", "new", "another", "row", "line",
              "entry", "record", "for", "with", "at", "as", "of", "and", "to", "on", "in", "into", "please", "also",
              "costing", "priced", "price", "that", "is", "are", "its", "it", "their", "has", "have", "having",
              "one", "more", "extra", "sheet", "table", "list", "spreadsheet", "me", "us", "each", "called", "named"}  # fmt: skip


def _new_row(step: Step) -> tuple[str, ...]:
    """The values of a row to add below the table: "add a row for kiwis with 30", "new row: plum, 0.80",
    "append grapes at 3.10 to the list". () when the clause adds no row or names cells."""
    t = step.prepared
    if re.search(rf"\b{REF}\b|\bcolumn\b", t) or not re.search(
        r"\b(?:add|append|insert|put|enter|include)\b.*\b(?:rows?|entry|record|(?:at|to)\s+the\s+(?:bottom|end))\b|\bnew\s+(?:row|entry|record)\b",
        t, re.I):  # fmt: skip
        return ()
    t = re.sub(r"\s+(?:under|below|beneath|after|at|to)\s+(?:the|my|this)\s+(?:bottom|end|others|rest|last|table|list|sheet|"
               r"existing|other|current|\w+\s+(?:rows|ones|entries))\b[^:]*", "", t, flags=re.I)  # fmt: skip
    head, _, after = t.partition(":")
    words, run = [], []
    for token in re.findall(r"\x00\d+\x00|-?\$?\d+(?:\.\d+)?%?|[\w'-]+", head):
        if token.lower() in ROW_FILLER or re.fullmatch(r"-?\$?\d+(?:\.\d+)?%?|\x00\d+\x00", token):
            if run:
                words.append(" ".join(run))
            run = []
            if token.lower() not in ROW_FILLER:
                words.append(token.lstrip("$"))
        else:
            run.append(token)
    if run:
        words.append(" ".join(run))
    for item in (w for w in re.split(r"\s*,\s*|\s+and\s+|\s*;\s*", after.strip(" .!?")) if w):
        keyed = re.fullmatch(r"\$?(-?\d+(?:\.\d+)?%?)\s+(?:in|for|as)\s+(?:the\s+)?([a-z][\w-]*)", item, re.I) or re.fullmatch(
            r"([a-z][\w-]*)\s*(?:=|:|\bis\b)\s*\$?(-?\d+(?:\.\d+)?%?)", item, re.I)  # fmt: skip
        if keyed and re.fullmatch(r"-?[\d.]+%?", keyed.group(1)):  # "81 in math": the math column
            item = f"{keyed.group(2)}={keyed.group(1)}"
        elif keyed:
            item = f"{keyed.group(1)}={keyed.group(2)}"
        words.append(item)
    values = tuple(_value(step, w) for w in words if w.strip())
    return values if len(values) >= 2 and any(re.search(r"(?:^|=)-?[\d.]+%?$", v) for v in values) else ()


MAPS = [(r"\bdouble|\btwice\b", "double", "*2"), (r"\bhalve|\bhalf\b", "halve", "/2"), (r"\bsquare(?!\s+root)", "square", "^2"),
        (r"\b(?:all\s+)?caps\b|\bcapitals\b|\bcapital\s+letters\b|\bupper\s*case|\bcapitali[sz]e", "upper", ""),
        (r"\blower\s*case|\bsmall letters", "lower", ""), (r"\bnegat|\bflip the sign", "negate", "")]  # fmt: skip
CELL_RANGE = rf"({REF}(?:\s*(?::|to|through|thru|-)\s*{REF})?)"


def _range(words: str) -> str:
    return re.sub(r"\s*(?::|to|through|thru|-)\s*", ":", words.strip()).upper()


def _sheet_change(step: Step) -> Command | None:
    """Changes that depend on what cells hold, read by the plan: swap two cells, copy one into another,
    double / square / capitalise / round the values of cells ("map"), or change a value wherever it is
    ("change the 1200 to 1150")."""
    t = step.prepared

    def sheet(op: str, *args: str) -> Command:
        return Command("sheet", op=op, args=args, app="spreadsheet", clause=step.text)

    m = re.search(r"\b(?:the\s+)?([A-Za-z][\w-]*)\s+(times|multiplied by|x|×|\*|plus|\+|minus|less|-|divided by|over|/)\s+(?:the\s+)?"
                  r"([A-Za-z][\w-]*)\s+(?:in|into|for|down|under)\s+(?:the\s+)?(?:column\s+)?([A-Z])\b(?!\d)", t)  # fmt: skip
    words = (m.group(4), m.group(1), m.group(2), m.group(3)) if m else None
    m = re.search(r"\b(?:fill|set|make)\s+column\s+([A-Z])\s+(?:with|to|be|equal\s+to)\s+(?:the\s+)?([A-Za-z][\w-]*)\s+(times|multiplied by|"
                  r"x|×|\*|plus|\+|minus|less|-|divided by|over|/)\s+(?:the\s+)?([A-Za-z][\w-]*)\b", t)  # fmt: skip
    words = words or (m.groups() if m else None)
    if words and re.search(
        r"\b(?:each|every|all|per)\b|\bcolumn\b|\(", t, re.I
    ):  # "Qty times Price in column D for every row"
        op = {"times": "*", "multiplied by": "*", "x": "*", "×": "*", "plus": "+", "minus": "-", "less": "-",
              "divided by": "/", "over": "/"}.get(words[2].lower(), words[2])  # fmt: skip
        return sheet("row_formula", words[0], words[1], op, words[3])
    m = re.search(rf"\b(?:swap|switch|exchange|trade)\s+(?:the\s+)?(?:(?:values?|contents?|numbers?|text)\s+(?:in|of)\s+)?(?:cells?\s+)?({REF})\s+(?:and|with|&)\s+"
                  rf"(?:cell\s+)?({REF})\b", t, re.I)  # fmt: skip
    if m:
        return sheet("swap", m.group(1).upper(), m.group(2).upper())
    m = re.search(rf"\b(?:copy|duplicate|repeat)\s+(?:over\s+)?(?:what(?:'s|\s+is)\s+in|whatever(?:'s|\s+is)\s+in|the\s+(?:value|contents?|text|number)\s+"
                  rf"(?:in|of|from)|cell)?\s*({REF})\s+(?:over\s+|across\s+|down\s+|up\s+)?(?:to|into|in|onto)\s+(?:cell\s+)?({REF})\b", t, re.I)  # fmt: skip
    if m:
        return sheet("copy", m.group(1).upper(), m.group(2).upper())
    refs = re.findall(rf"\b{REF}\b", t)
    m = re.search(rf"\bround\w*\s+(?:the\s+\w+\s+(?:in|of)\s+|(?:all\s+)?(?:the\s+)?(?:values?|numbers?)\s+(?:in\s+)?)?{CELL_RANGE}\s+"
                  rf"(?:to|at)\s+(\d+)\s+(?:decimal|place|digit|dp)", t, re.I)  # fmt: skip
    if m and not re.search(
        r"\b(?:put|into|in)\s+(?:it\s+)?(?:in\s+)?(?:cell\s+)?[A-Z]{1,2}\d+\W*$", t[m.end() :]
    ):
        return sheet("map", _range(m.group(1)), "round", m.group(2))
    num = r"(-?\d+(?:\.\d+)?)"
    m = re.search(rf"\b(increase|raise|bump|reduce|cut|lower|decrease|discount|mark\s+down|mark\s+up)\s+(?:up\s+)?(?:each|every|all(?:\s+of)?)\s+"
                  rf"(?:the\s+)?([a-z][\w-]*?)s?\s+by\s+{num}\s*(%|percent)?", t, re.I)  # fmt: skip
    if m and not refs:  # "increase every price by 10 percent": the column headed "price"
        down = re.match(r"reduce|cut|lower|decrease|discount|mark\s+down", m.group(1), re.I)
        n = float(m.group(3))
        if m.group(4):
            return sheet("map", f"@{m.group(2)}", "times", f"{1 - n / 100 if down else 1 + n / 100:g}")
        return sheet("map", f"@{m.group(2)}", "add", f"{-n if down else n:g}")
    where = rf"(?:the\s+)?(?:(?:each|every|all(?:\s+the)?)\s+)?(?:values?\s+|numbers?\s+|cells?\s+)?(?:in\s+)?{CELL_RANGE}"
    m = re.search(rf"\b(?:add|plus)\s+{num}\s+(?:to|onto)\s+{where}\W*$", t, re.I) or re.search(
        rf"\b(?:increase|raise|bump(?:\s+up)?)\s+{where}\s+by\s+{num}\W*$", t, re.I)  # fmt: skip
    if m:  # "add 5 to B2": the cell's value and 5
        n, rng = (
            (m.group(1), m.group(2))
            if m.group(1) and re.fullmatch(num, m.group(1))
            else (m.group(2), m.group(1))
        )
        return sheet("map", _range(rng), "add", n)
    m = re.search(rf"\b(?:subtract|take|deduct)\s+{num}\s+(?:away\s+)?from\s+{where}\W*$", t, re.I) or re.search(
        rf"\b(?:decrease|reduce|lower|cut)\s+{where}\s+by\s+{num}\W*$", t, re.I)  # fmt: skip
    if m:
        n, rng = (m.group(1), m.group(2)) if re.fullmatch(num, m.group(1)) else (m.group(2), m.group(1))
        return sheet("map", _range(rng), "add", n[1:] if n.startswith("-") else f"-{n}")
    m = re.search(rf"\bmultiply\s+{where}\s+by\s+{num}\W*$", t, re.I)
    if m:
        return sheet("map", _range(m.group(1)), "times", m.group(2))
    for pattern, fn, power in MAPS:
        if not re.search(pattern, t, re.I):
            continue
        target = re.search(rf"\b(?:put|show|write|place)\s+(?:it|that|the result|the answer)\s+(?:in|into)\s+(?:cell\s+)?({REF})|"
                           rf"\b(?:answer|result)\s+(?:in|into|goes in)\s+(?:cell\s+)?({REF})|"
                           rf"^\W*({REF})\s+(?:should\s+(?:be|show|hold|have|contain)|needs\s+to\s+be|must\s+be|=|is)\s", t, re.I)  # fmt: skip
        found = re.search(CELL_RANGE, t[target.end() :] if target and target.group(3) else t)
        if not found or re.search(r"\d\s*(?:times|x)\b|\bby\s+\d", t, re.I):
            return None
        if not target:  # "double each value in B1:B3", "make B2 upper case"
            return sheet("map", _range(found.group(1)), fn, "")
        into, source = (target.group(1) or target.group(2) or target.group(3)).upper(), _range(found.group(1))
        if ":" in source or source == into:
            return None
        formula = {"upper": f"=UPPER({source})", "lower": f"=LOWER({source})", "negate": f"=-{source}"}.get(
            fn, f"={source}{power}"
        )
        return Command("cell", target=into, text=formula, app="spreadsheet", clause=step.text)
    m = re.search(r"\b(?:change|replace|update|correct|fix|turn|make)\s+(?:the\s+|every\s+|all\s+(?:the\s+)?)?(?:value\s+|number\s+)?"
                  r"(-?\d[\d.]*|\x00\d+\x00)\s+(?:to|with|into|by)\s+(-?\d[\d.]*|\x00\d+\x00|\S+)\W*$", t, re.I)  # fmt: skip
    if m and not refs:
        return sheet("replace_value", _value(step, m.group(1)), _value(step, m.group(2)))
    return None


def _names_a_column(step: Step) -> bool:
    """One target cell, no other value, a function word and a word that may name a column."""
    rest = re.sub(rf"\b{REF}\b", "", step.prepared)
    return (len(re.findall(rf"\b{REF}\b", step.prepared)) == 1 and not re.search(r"\d|\x00|\bthe\s+(?:word|text|name)\b", rest, re.I)
            and bool(re.search(rf"\b(?:{'|'.join(FUNCS)})\b", rest, re.I))
            and bool([w for w in _header_words(rest) if w != "<above>"]))  # fmt: skip


RANGE_WORDS = rf"({REF}\s*(?::|to|through|thru|-)\s*{REF}|{REF}(?:\s*(?:,|and)\s*{REF})+)"
COMPARE = {"greater": ">", "more": ">", "bigger": ">", "higher": ">", "above": ">", "over": ">", "larger": ">",
           "less": "<", "smaller": "<", "lower": "<", "below": "<", "under": "<", "fewer": "<"}  # fmt: skip


def _cells(words: str) -> str:
    """Cells said in words as a range or a list: "A1 to A6" -> "A1:A6", "A1, A2 and A3" -> "A1,A2,A3"."""
    if (
        re.search(r"\s*(?::|to|through|thru|-)\s*", words)
        and len(re.findall(REF, words)) == 2
        and not re.search(r",|\band\b", words)
    ):
        return _range(words)
    return ",".join(r.upper() for r in re.findall(REF, words))


def _formula_words(step: Step) -> tuple[str, str] | None:
    """(cell, formula) for functions said in words: the largest / smallest / average / total of cells, their
    range (max minus min), a count above or below a number, a percentage change, cells joined with a
    space, several ranges summed together; a rounding said after the function wraps it."""
    t = re.sub(r"\s*\(([^()]*)\)", r", \1", step.prepared)  # "(max minus min)": a remark of the same step
    # the "to" of a range ("A1 to A3") names no target
    into = re.search(rf"\b(?:in|into|(?<![A-Za-z]\d )(?<![A-Za-z]\d\d )(?<![A-Za-z]\d\d\d )to|goes\s+in|under|at)\s+(?:cell\s+)?({REF})\b(?:\s+as\s+an?\s+[\w ]+?)?\W*$", t) or re.search(
        rf"^\W*(?:in\s+)?({REF})\s*(?:[:=]|should\s+(?:be|hold|show|have|contain)|needs|gets|is|will be)\s", t)  # fmt: skip
    if not into:
        return None
    cell = into.group(1).upper()
    rest = t[: into.start()] + " " + t[into.end() :]
    rounded = re.search(
        r"\bround(?:ed)?\s+(?:to\s+)?(?:a\s+)?(?:whole\s+number|integer|(\d+)\s+(?:decimal|dp|place|digit))",
        rest,
        re.I,
    )

    def wrap(formula: str) -> tuple[str, str]:
        if rounded:
            return cell, f"=ROUND({formula[1:]},{rounded.group(1) or 0})"
        return cell, formula

    m = re.search(
        r"\bjoin\w*|\bcombin\w*|\bconcatenat\w*|\bmerg\w*|\bglue\w*|\bstitch\w*|\btogether\b", rest, re.I
    )
    refs = [r.upper() for r in re.findall(rf"\b{REF}\b", rest)]
    if (
        m and len(refs) == 2 and not re.search(r"\b(?:add|sum|total|plus)\b", rest, re.I)
    ):  # "glue A3 and B3 together with a space into C3"
        sep = (
            " "
            if re.search(r"\bspace\b", rest, re.I)
            else ", "
            if re.search(r"\bcomma\b", rest, re.I)
            else ""
        )
        return cell, f'={refs[0]}&"{sep}"&{refs[1]}' if sep else f"={refs[0]}&{refs[1]}"
    m = re.search(
        r"\bpercent(?:age)?\s+(?:increase|change|growth|rise|decrease|drop)\s+(?:from\s+)?"
        + rf"({REF})\s+(?:to|and)\s+({REF})",
        rest,
        re.I,
    )
    if m:  # "the percentage drop from D1 to E1"
        a, b = m.group(1).upper(), m.group(2).upper()
        return wrap(f"=({b}-{a})/{a}*100")
    m = re.search(rf"\b(?:how\s+many|count)\b.*?{RANGE_WORDS}.*?\b(greater|more|bigger|higher|above|over|larger|less|smaller|lower|"
                  r"below|under|fewer)\s+(?:than\s+)?(-?\d+(?:\.\d+)?)", rest, re.I)  # fmt: skip
    if m:  # "count how many of B2:B7 are above 10"
        return cell, f'=COUNTIF({_cells(m.group(1))},"{COMPARE[m.group(2).lower()]}{m.group(3)}")'
    m = re.search(rf"\brange\s+of\s+(?:the\s+values\s+in\s+)?{RANGE_WORDS}", rest, re.I)
    if m and re.search(
        r"\bmax\w*\b.*\bmin\w*\b|\brange\s+of\b", rest, re.I
    ):  # "the range of C1:C5, max minus min"
        cells = _cells(m.group(1))
        return wrap(f"=MAX({cells})-MIN({cells})")
    ranges = re.findall(rf"\b({REF}\s*:\s*{REF}|{REF}\s+(?:to|through|thru)\s+{REF})\b", rest, re.I)
    func = next(
        (
            f
            for w, f in FUNCS.items()
            if re.search(rf"\b{w}\b", rest, re.I) and w not in ("number", "top", "how many")
        ),
        "",
    )
    func = func or ("SUM" if re.search(r"\b(?:add|sum|total)", rest, re.I) else "")
    if func and len(ranges) >= 2:  # "the total of A2:A4 and C2:C4 together"
        return wrap(f"={func}({','.join(_range(r) for r in ranges)})")
    if func and not ranges and len(refs) >= 2 and not re.search(r"\d", re.sub(rf"\b{REF}\b", "", rest)):
        return wrap(f"={func}({','.join(refs)})")  # "add A1 and B1 together into C1"
    m = re.search(rf"\b(?:among|across|in|of|from|over|between)\s+(?:cells\s+)?{RANGE_WORDS}", rest, re.I)
    if (
        func
        and m
        and (
            rounded or re.search(r"\b(?:among|across|between|find|which|what|count|how\s+many)\b", rest, re.I)
        )
    ):
        return wrap(
            f"={func}({_cells(m.group(1))})"
        )  # "the biggest number among C2 to C9", "the mean ... rounded"
    return None


def _ref_formula(step: Step) -> tuple[str, str] | None:
    """(cell, formula) for arithmetic over cells said in words: "C1 = A1 minus B1", "divide A1 by B1,
    answer in C1", "B2 should be 15% of B1", "make D1 equal to C1 plus 1,250"."""
    t = step.prepared
    tail = re.search(r"^(.+?),?\s+(?:and\s+)?(?:(?:put|write|place|show|store|enter)\s+(?:it|that|the result|the answer)\s+)?(?:(?:the\s+)?(?:answer|result|total)\s+)?"
                     r"(?:in|into|to|goes in)\s+(?:cell\s+)?([A-Z]{1,2}\d{1,5})\W*$", t)  # fmt: skip
    head = re.match(r"^\W*(?:(?:make|set|let)\s+)?(?:cell\s+)?([A-Z]{1,2}\d{1,5})\s*(?:=|should\s+(?:be|hold|show|"
                    r"equal|have|contain)|needs|must\s+(?:be|hold)|equals?|is|to be|becomes|gets|holds)\s+(?:equal\s+to\s+|to\s+)?(.+)$", t)  # fmt: skip
    into = re.match(r"^\W*(?i:in|into|for|under)\s+(?:cell\s+)?([A-Z]{1,2}\d{1,5}),?\s+(?i:i\s+(?:want|need|'d like)|we\s+need|"
                    r"put|show|give me|calculate|compute|work out|have|it should be|make it|let's have|write)\s+(.+)$", t)  # fmt: skip
    if into:  # "in C2 I want A2 times B2"
        cell, body = into.group(1), into.group(2)
    elif tail:
        cell, body = tail.group(2), tail.group(1)
    elif head:
        cell, body = head.group(1), head.group(2)
    else:
        return None
    rounded = re.fullmatch(r"\W*(?:round(?:ed)?\s+)?(?:the\s+value\s+(?:in|of)\s+)?([A-Z]{1,2}\d{1,5})\s+(?:rounded\s+)?(?:to|at)\s+(\d+)\s+"
                           r"(?:decimals?(?:\s+places?)?|dp|places?|digits?)\W*", body)  # fmt: skip
    if rounded:  # "B1 = A1 rounded to 2 decimal places"
        return cell, f"=ROUND({rounded.group(1)},{rounded.group(2)})"
    refs = sorted(set(re.findall(r"\b[A-Z]{1,2}\d{1,5}\b", body)), key=len, reverse=True)
    if re.search(r"[A-Z]{1,2}\d+\s*:", body):
        return None
    code = {ref: str(7770001 + n) for n, ref in enumerate(refs)}
    for ref, num in code.items():
        body = re.sub(rf"\b{ref}\b", num, body)
    body = re.sub(
        r"\b(?:the\s+)?(?:amount|value|number|figure|contents?|price|cost|sum)\s+(?:in|of|at)\s+(?=7770)|\bwhat(?:ever)?(?:'s|\s+is)\s+in\s+(?=7770)",
        "",
        body,
        flags=re.I,
    )
    expr = to_expression(body, loose=True)
    if (
        not expr
        or not re.search(r"[-+*/^]|sqrt", expr)
        or (refs and not any(n in expr for n in code.values()))
    ):
        return None
    for ref, num in code.items():
        expr = expr.replace(num, ref)
    return cell, "=" + expr.replace("sqrt(", "SQRT(")


def _sheet_range(text: str) -> tuple[str, str]:
    """(range, target cell) of a formula step: "B2:B4", "B2 to B4", "column B" (the cells above the target
    when it is in that column, else the whole column); the target is the cell left over, the last named."""
    refs = [(m.start(), m.group(0).upper()) for m in re.finditer(rf"\b{REF}(?::{REF})?\b", text)]
    span = re.search(rf"\b({REF})\s+(?:to|through|thru|-)\s+({REF})\b", text, re.I)
    rng = next((r for _, r in refs if ":" in r), "")
    if span and not rng:
        rng = f"{span.group(1)}:{span.group(2)}".upper()
    used = set(rng.split(":")) | {rng}
    cells = [r for _, r in refs if r not in used]
    cell = cells[-1] if cells else ""
    col = re.search(r"\bcolumn\s+([A-Za-z]{1,2})\b", text)
    if not rng and col and cell:
        letter = col.group(1).upper()
        cm = re.match(r"([A-Z]+)(\d+)", cell)
        if cm and cm.group(1) == letter and int(cm.group(2)) > 1:
            rng = f"{letter}1:{letter}{int(cm.group(2)) - 1}"
        else:
            rng = f"{letter}:{letter}"
    return rng, cell


def _field_pairs(step: Step) -> tuple[list[str], list[str]] | None:
    """(fields, values) for web forms written loosely: "name Ada and email ada@x.com", "log in as demo with
    the password hunter2", "type 'great shop' in the feedback box"."""
    t = step.prepared
    fields, values = [], []
    login = re.search(r"\b(?:log|sign)\s*in\s+as\s+(\S+)", t, re.I)
    if login:
        fields.append("username")
        values.append(_value(step, login.group(1)))
    for m in re.finditer(
        rf"\b({FIELD_WORDS})(?:\s+(?:is|of|as)\s+|'s\s+|\s*[=:]\s*|\s*,\s*(?=(?-i:[A-Z]))|\s+)(?!(?:the|form|page|screen|details|box|field|use|with)\b)(\x00\d+\x00|[^\s,;]+(?:\s+(?!And\b)(?-i:[A-Z])[\w'-]*)*)",
        t,
        re.I,
    ):
        if m.group(2).lower() in ("and", "field", "box", "with", "the"):
            continue
        fields.append(m.group(1).lower())
        values.append(_value(step, m.group(2)))
    for m in re.finditer(rf"(?:^\W*(?:fill in|enter|put|use|type)|\band|,)\s+(\x00\d+\x00|[^\s,]+(?:\s+[^\s,]+)?)\s+as\s+"
                         rf"(?:the\s+|my\s+)?({FIELD_WORDS})\b", t, re.I):  # fmt: skip
        if m.group(2).lower() not in fields:  # "fill in Jo Park as the name and jo@x.org as the email"
            fields.append(m.group(2).lower())
            values.append(_value(step, m.group(1)))
    for m in re.finditer(rf"(?:^\W*(?:(?:and|then)\s+)?(?:(?:fill in|enter|put|type|write|add)\s+)?|\band\s+|,\s*)(\x00\d+\x00|[^\s,]+)\s+(?:in|into|for)\s+"
                         rf"(?:the\s+)?({FIELD_WORDS})(?:\s+(?:box|field|slot))?\W*(?=$|,|\band\b)", t, re.I):  # fmt: skip
        if m.group(2).lower() not in fields:  # "..., ana@ex.com in email": a value, then its field
            fields.append(m.group(2).lower())
            values.append(_value(step, m.group(1)))
    for m in re.finditer(rf"\b({FIELD_WORDS})\s+(?:field|box)\s+with\s+(\x00\d+\x00|[^\s,]+)", t, re.I):
        if m.group(1).lower() not in fields:  # "fill the name field with Jo"
            fields.append(m.group(1).lower())
            values.append(_value(step, m.group(2)))
    mail = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", t)
    if mail and not {"email", "e-mail", "mail"} & set(fields) and mail.group(0) not in values:
        fields.append("email")  # "send it for Ines Alves, ines@a.pt": an address is the email
        values.append(mail.group(0))
        who = re.search(r"(?:\bfor|:|\buse|\busing|\bas|\bfrom|\bby|\bI'?m|\bI\s+am|\bthis\s+is)\s+((?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+){0,2})"
                        r"(?=\s*(?:,|\band\b|\bwith\b|/|\(|$))", t, re.I)  # fmt: skip
        if who and not {"name", "first name", "username", "user", "login"} & set(fields):
            fields.append("name")  # ... and the capitalised words before it the name
            values.append(who.group(1))
    pair = re.search(
        r"\b(?:log|sign)\s*in\s+(?:using|with)\s+(\x00\d+\x00|[^\s,/]+)\s*(?:/|,|\band\b)\s*(\x00\d+\x00|[^\s,/]+)\W*$",
        t,
        re.I,
    )
    if pair and not fields:  # "log in using alice / hunter2": the user name, then the password
        fields, values = ["username", "password"], [_value(step, pair.group(1)), _value(step, pair.group(2))]
    box = re.search(
        r"^\W*(?:type|write|enter|put)\s+(.+?)\s+(?:in|into)\s+the\s+([\w ]+?)\s+(?:box|field)\b", t, re.I
    )
    if box and not fields:
        fields, values = [box.group(2)], [_value(step, box.group(1))]
    return (fields, values) if fields else None


def _sheet(step: Step, cmd) -> list[Command] | str:
    """Spreadsheet steps beyond single cells: clear cells, sort the rows, bold cells or the header row."""
    text = step.text
    refs = [r.upper() for r in re.findall(rf"\b{REF}(?::{REF})?\b", step.prepared)]
    if step.intent == "cell_clear":
        if not refs:
            return f"Which cell should I clear? ({text!r})"
        spans = re.findall(rf"\b({REF})\s+(?:to|through|thru|-)\s+({REF})\b", step.prepared, re.I)
        refs = [c for a, b in spans for c in _span(a.upper(), b.upper())] or refs  # "A2 to A4"
        return [cmd("cell", target=r, text="", op="clear", app="spreadsheet") for r in refs]
    if step.intent == "sheet_sort":
        col = re.search(r"\bcolumn\s+([A-Za-z]{1,2})\b", text)
        by = col.group(1).upper() if col else (_first(step.slots, "COL") or "")
        if not col:
            named = re.search(r"\bby\s+(?:the\s+)?(\w+)", text, re.I)
            by = named.group(1) if named and named.group(1).lower() not in ("column", "value") else by
            nth = re.search(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+column\b", text, re.I)
            by = chr(64 + ORDINALS[nth.group(1).lower()]) if nth else by  # "by the second column": B
        desc = bool(re.search(r"\b(?:desc\w*|z to a|z-a|largest to smallest|high(?:est)? to low|reverse|decreasing|big to small|"
                              r"(?:largest|biggest|highest|greatest|most|latest|newest|top)\s+(?:ones?\s+|values?\s+|numbers?\s+)?"
                              r"(?:first|on top|at the top))\b", step.prepared, re.I))  # fmt: skip
        return [cmd("sheet", op="sort", args=(by or "A", desc), app="spreadsheet")]
    header = re.search(r"\b(?:header|headers|heading|headings|titles?|first row|top row|row 1)\b", text, re.I)
    target = refs[0] if refs else "header" if header else ""
    if not target:
        return f"Which cells should I make bold? ({text!r})"
    return [cmd("sheet", op="bold", target=target, app="spreadsheet")]
