"""Intent + slots -> the planner's `Command`s, or a question (a str) when a needed value is missing.

`context` carries the app and file that earlier steps named ("In the open file x.txt, ...") to later ones.
Values are normalised here: arithmetic (mathwords), key chords, ordinals, paths under the home folder.
"""

from __future__ import annotations

import dataclasses
import re

from deskpilot.local.nlu.editwords import edit_request
from deskpilot.local.nlu.mathwords import GOAL_SAID, START_CHAIN, START_VALUE, continuation, to_expression
from deskpilot.local.nlu.schema import Command, Step
from deskpilot.local.nlu.text import URL_RE
from deskpilot.local.nlu.web import (
    HOME,
    NAMES_SITE,
    NEW_TAB,
    ORDER_ONLY,
    PAGE_NOUN,
    SET_OPTION,
    SITE_HOME,
    SITE_PLACE,
    STARTED,
    STOCK,
    TAIL,
    VIA_FORM,
    WANT_ITEM,
    chrome_keys,
    control_on_page,
    fact_asked,
    history_steps,
    option_on_page,
    option_wishes,
    order_choice,
    page_kinds,
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
# Values a web request points at but never says: "my size", "the review I wrote", "choose a size"
NEVER_SAID = (r"\b(?:my|our)\s+(?:size|details|info(?:rmation)?|contact\s+(?:info|information|details)|credentials|data)\b|"
          # what only the user knows: "the plan I'm on", "the size we usually get"
          r"\b(?:the|which|what)\s+(?:[\w-]+\s+)?(?:plan|tier|subscription|size|option|order|account|package)\s+(?:that\s+)?(?:i'?m|i\s+am|we'?re|we\s+are|i\s+have|we\s+have|i\s+use|we\s+use|i\s+usually|we\s+usually)\b|"
          r"\b(?:the\s+)?(?:thing|one|stuff|text|review|message|note|words?|feedback|page|site|link|setting|option|address|product|item)\s+"
          r"(?:that\s+)?(?:i|we|you\s+and\s+i)\s+(?:told\s+you(?:\s+about)?|mentioned|wrote|said|gave\s+you|sent|showed\s+you|"
          r"discussed|talked\s+about|agreed\s+on|picked|chose|liked|saw)\b|\bwhat\s+(?:i|we)\s+(?:think|said|wrote|told\s+you)\b|"
          r"\b(?:choose|pick|select)\s+(?:a|any|some)\s+(?:size|shipping(?:\s+option)?|option|delivery(?:\s+option)?)\b|"
          # "switch the delivery method", "change my size": to which choice, never said
          r"^\W*(?:(?:please|pls|can\s+you|could\s+you|just|now|then|and)\s+)*(?:change|switch|swap|alter|update|pick|choose|select|set)\s+"
          r"(?:the|my|a\s+different|another|a\s+new)\s+(?:size|shipping|delivery)(?:\s+(?:option|method|choice|speed|type))?"
          r"(?:\s+(?:please|pls|for\s+me|on\s+(?:the|my|this)\s+order))*\W*$")  # fmt: skip
ORDINALS = {"first": 1, "1st": 1, "top": 1, "opening": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
            "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1, "bottom": -1, "final": -1}  # fmt: skip
FUNCS = {"sum": "SUM", "total": "SUM", "sum total": "SUM", "average": "AVERAGE", "mean": "AVERAGE",
         "avg": "AVERAGE", "highest": "MAX", "maximum": "MAX", "largest": "MAX", "max": "MAX", "biggest": "MAX",
         "lowest": "MIN", "minimum": "MIN", "smallest": "MIN", "min": "MIN", "count": "COUNT",
         "number": "COUNT", "top": "MAX", "best": "MAX", "worst": "MIN", "least": "MIN", "how many": "COUNT",
         "hottest": "MAX", "warmest": "MAX", "coldest": "MIN", "coolest": "MIN", "greatest": "MAX", "fewest": "MIN",
         "median": "MEDIAN", "cheapest": "MIN", "dearest": "MAX", "priciest": "MAX"}  # fmt: skip
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
            "edit_sort": r"\bsort(?!\s+out)|\balphab|\border|\barrange", "sheet_sort": r"\bsort(?!\s+out)|\balphab|\border|\barrange|\brank",
            "cell_clear": r"\bclear|\bempty|\bdelet|\berase|\bwipe|\bremov|\bblank|\brid\b|\bnothing|\bscrub"}  # fmt: skip
# a save or a scroll the words never name ("do the same again" read as a save) is a guess too
KEYWORDS["save"] = r"\bsav(?:e|ing)\b|\bstore\b|\bkeep\b|ctrl\s*\+?\s*s\b"
KEYWORDS["scroll"] = (
    r"\bscroll|\bpage\s*(?:up|down)\b|\b(?:further|way)\s+(?:up|down)\b|\b(?:top|bottom|end)\s+of\s+the\s+page\b|\bgo\s+(?:up|down)\b"
)
# a case change the words never name ("buy two small lamps" read as lower case) is a guess
KEYWORDS["edit_upper"] = (
    r"\bupper|\bcapital|\bcaps\b|\bcaps?lock|\bshout|\bbig letters|\bblock letters|\ball big\b"
)
KEYWORDS["edit_lower"] = r"\blower|\bsmall\b|\bcapital|\bcaps\b|\bcase\b|\bshout"
# emptying a whole document the words never name ("double all of them" read as a clear) is a guess
KEYWORDS["edit_clear"] = (
    KEYWORDS["cell_clear"] + r"|\bscratch\b|\bstart\s+(?:over|again|afresh)|\bfresh\b|\bscrap\b"
)
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
# files named by their kind in the plural: "the pdfs", "all my jpgs"
KIND_WORDS = r"pdf|jpe?g|png|gif|txt|csv|docx?|odt|xlsx?|mp3|mp4|wav|log|md|zip|tmp|bak|html?"
KINDS = rf"(?:{KIND_WORDS})s"
# (pattern, intent, intents that fit it): a clause that opens with a verb and its object names its own
# intent; the classifier's pick stands only when it is one that fits.
VERB_READINGS = [
    (LEAD + rf"write\s+(?:a|an)\s+(?:new\s+)?{FILE_NAME}\s+(?:on|in|inside|with|containing|that|saying)\b", "make_file", ("make_file",)),
    (LEAD + r"(?:make|create|set up|add|start|new)\s+(?:me\s+)?(?:a\s+|an\s+|the\s+|\w+\s+)?(?:new\s+)?(?:empty\s+)?"
     r"(?:sub)?(?:folders?|director(?:y|ies))\b", "make_folder", ("make_folder",)),
    (r"^\W*(?:i|we)\s+(?:need|want|would like|'d like)\s+(?:a|an|two|three|\d+|some)\s+(?:new\s+)?(?:empty\s+)?"
     r"(?:sub)?(?:folders?|director(?:y|ies))\b", "make_folder", ("make_folder",)),
    (LEAD + r"(?:move|put|shift|transfer|stick|drop)\s+(?:all\s+|every\s+|each\s+)?(?:of\s+)?(?:the\s+|my\s+)?(?:\S+\s+){0,2}?"
     rf"(?:files?|{FILE_NAME}|{KINDS}|\.[a-z]\w{{0,4}})\b(?!.*\b(?:that\s+(?:says|contains|reads)|containing|saying|with\s+the\s+(?:text|line|words?)|in\s+(?:capitals|caps|upper\s*case|lower\s*case|(?:alphabetical\s+|reverse\s+|\w+\s+)?order|bold))\b).*\b(?:into|to|in|inside)\b", "move", ("move", "copy_file")),
    (LEAD + r"(?:type|write|jot down|note down|put down|key in|enter)\b(?!.*\b[A-Z]{1,2}\d{1,5}\b(?!\.\w))"
     r"(?!.*\b(?:box|field)\b)", "type_text", ("type_text", "type_result", "edit_append", "edit_insert_top", "edit_replace",
     "make_file", "fill", "cell_set", "cell_formula", "save_as", "press", "search", "compute")),
    (LEAD + r"(?:make|create|start|add)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:empty\s+|blank\s+|text\s+)?file\b"
     r"(?!.*\b(?:in|into|with)\s+the\s+(?:editor|text editor|notepad|mousepad)\b)", "make_file", ("make_file",)),
    (LEAD + r"(?:keep|make|take|save|create|put)\s+(?:a|an|one)\s+(?:backup\s+|spare\s+|second\s+)?copy\s+of\s+", "copy_file", ("copy_file",)),
    (LEAD + rf"(?:put|write|type|save)\s+.+?\s+(?:in|into)\s+(?:a\s+)?(?:(?:new\s+)?file\s+(?:called\s+|named\s+)|new\s+file\s+){FILE_NAME}", "make_file",
     ("make_file",)),
    (LEAD + r"(?:make|create|write|put|place|add)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?[\w.-]+\s+(?:in|under|inside)\s+(?:~/[\w./-]*|the\s+[\w.-]+\s+"
     r"folder|[\w.-]+)\s+(?:that\s+(?:says|contains|reads)|saying|containing|which\s+says|with\s+the\s+(?:text|words?|line))\b", "make_file",
     ("make_file",)),
    (LEAD + r"(?:make|create|write)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:[\w~/.-]+\.\w{1,5}|\.\w[\w.-]*\s+file)\b(?!\s+(?:all\s+|in\s+|into\s+)?(?:upper|lower|capital|caps|bold|sorted|alphabetical|say|says|read|look|shorter|longer|empty|blank)\w*)", "make_file",
     ("make_file", "type_text", "save_as")),
    (LEAD + r"(?:delete|remove|trash|erase|bin)\s+(?:the\s+)?(?:file\s+|folder\s+)?[\w~/.-]+\.\w{1,5}\b(?!\s+from\s+the\s+(?:text|document|line))",
     "delete_file", ("delete_file",)),
    (LEAD + rf"(?:make|create|start|write|set\s+up)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:text\s+)?(?:note|file|document|doc|list|memo)\s+"
     rf"(?:called|named|titled)\s+{FILE_NAME}\b", "make_file", ("make_file", "type_text", "save_as")),
    (LEAD + r"(?:rename)\b", "rename", ("rename",)),
    # "add hello to notes.txt": words added to a text file, never a web address
    (LEAD + r"(?:add|append|tack|stick|pop|put|write|jot\s+down|note\s+down)\s+(?!(?:a|an|the|this|that|it|them)\s+(?:file|copy|folder)\b)"
     r".+?\s+(?:to|onto|on\s+to|(?:at|to)\s+the\s+(?:very\s+)?(?:end|bottom)\s+of)\s+(?:the\s+(?:file\s+)?|my\s+)?(?:~/)?[\w./-]*\w\.(?:txt|md|log|csv|text)\W*$",
     "edit_append", ("edit_append", "edit_insert_top", "type_text", "make_file", "cell_set")),
    (LEAD + r"(?:move|shift|transfer)\s+(?:it|that|this|that file|this file)\s+(?:back\s+|up\s+|over\s+)?(?:to|into|in)\b", "move",
     ("move",)),
    # "pop a reminder on my todo list", "stick pears on the grocery list": a line added to the open document
    (LEAD + r"(?:add|append|tack|stick|pop|put|jot\s+down|note\s+down)\s+(?!(?:a|an|the|this|that|it|them)\s+(?:file|copy|folder|row|column)\b)"
     r"(?!.*\b(?:sheet|spreadsheet|table|column|row)\b).+?\s+(?:to|onto|on|on\s+to)\s+(?:the|my|our|this|that)\s+(?:[\w-]+\s+){0,2}(?:list|note|notes|document|doc|text)\W*$",
     "edit_append", ("edit_append", "edit_insert_top", "type_text")),
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
    r"\b(?:delete|remove|drop|erase|get rid of|take out|cut|strike)\s+(?:(?P<word>the\s+word\s+)|every\s+|all\s+(?:the\s+)?|each\s+)?"
    r"(?!(?:text|everything|contents?|lines?|words|document|file|it|that|this)\b)(?P<said>\x00\d+\x00|[\w'-]+)"
    r"(?(word)(?:\s+everywhere|\s+from\s+(?:the|this)\s+(?:text|document|file)|\s+wherever\b.*)?|(?:\s+everywhere|\s+from\s+(?:the|this)\s+(?:text|document|file)|\s+wherever\b.*))\W*$",  # "the word X" alone names it
    re.I,
)


# "order 2 of the blue cups": things to buy, whatever sum, sort or case change the classifier read
ORDERING = re.compile(LEAD + r"(?:order|buy|purchase|get\s+me|reserve|book)\s+(?:me\s+|us\s+)?(?:\d+|a|an|one|two|three|four|five|six|ten|some|"
                      r"a\s+couple\s+of|a\s+few)\s+(?:of\s+)?(?:the\s+|those\s+|these\s+)?(?!(?:new\s+|empty\s+|blank\s+)?(?:files?|folders?|"
                      r"director\w*|cop(?:y|ies)|documents?|notes?|lists?|(?:spread)?sheets?|tabs?|pages?|lines?|rows?|columns?|cells?)\b)[a-z]", re.I)  # fmt: skip
# What a shop states rather than sells: "got a coupon?" asks for a fact on one of its pages, not a search
FACT_THINGS = (r"\b(?:discounts?|coupons?|promo|promotions?|vouchers?|codes?|deals?|offers?|trials?|refunds?|returns?|"
               r"warrant(?:y|ies)|guarantees?|subscriptions?|memberships?|accounts?|phone|numbers?|e-?mail|address(?:es)?|"
               r"hours|opening|location|founders?|owners?|history|prices?|pricing|plans?|policy|policies)\b")  # fmt: skip
# The option a shop's words rank so (sizes small..large, shipping standard..overnight)
RANKED = {"biggest": "large", "largest": "large", "smallest": "small", "tiniest": "small", "fastest": "overnight",
          "quickest": "overnight", "cheapest": "standard", "slowest": "standard"}  # fmt: skip
WEB_OR_UNSURE = ("click", "fill", "submit", "goto", "search", "toggle_on", "toggle_off", "find_text", "unclear")  # fmt: skip


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
    spelt = folder.strip().startswith("~/")  # "~/downloads" is that folder, as written
    folder = re.sub(r"^~/?", "", folder.strip()).strip("/")
    if HOME_WORDS.match(folder) or folder in ("", "."):
        folder = ""
    folder = folder if spelt else {"desktop": "Desktop", "documents": "Documents", "downloads": "Downloads",
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


# Words said into a form's text box, the box named before them ("write in the feedback box that ...", "note in
# the comments: ...", "tell them in the feedback form that ...")
IN_THE_BOX = re.compile(
    LEAD
    + r"(?:write|put|type|say|enter|note(?:\s+down)?|mention|add|tell\s+(?:them|the\s+(?:shop|store|team))|let\s+(?:them|the\s+"
    r"(?:shop|store|team))\s+know)\s+(?:in|into|on|in\s+to)\s+(?:the|their|your|my|this)\s+(?:feedback|comments?|message|review|"
    r"suggestions?)(?:\s+(?:box|field|form|section|area|page|bit|text\s*box))?\s*(?:that\s+|saying\s+|:\s*|,\s*|\u2014\s*|-\s+|(?=\x00))"
    r"(.+?)(?P<send>[\s.,;]+(?:and\s+|then\s+)+(?:send|submit|post)(?:\s+it)?)?[\s.!]*$",
    re.I,
)
# Two check boxes turned by one verb ("tick both dark mode and the newsletter", "switch off X as well as Y")
TWO_OPTIONS = re.compile(
    r"^\W*(?:(?:please|pls|can\s+you|could\s+you|just|now|then|and|also)\s+)*(?:(?:turn|switch|flip)\s+(?:on|off)|enable|disable|check|"
    r"uncheck|tick|untick|activate|deactivate|select|clear)\s+(?:both\s+)?(?:the\s+)?([a-z][\w-]*(?:\s+mode)?)"
    r"(?:\s+(?:option|box|check\s*box|setting))?\s*(?:,|\band\b|&|\bplus\b|\bas\s+well\s+as\b)\s*(?:also\s+)?(?:the\s+)?"
    r"([a-z][\w-]*(?:\s+mode)?)(?:\s+(?:options|boxes|check\s*boxes|settings|option|box|setting))?(?:\s+(?:on|off|too|as\s+well|both))?\W*$",
    re.I,
)


def build(step: Step, context: dict) -> list[Command] | str:
    s, intent, text = step.slots, step.intent, step.text
    whole = to_expression(step.prepared)
    if (
        intent in ARITHMETIC_MISREAD
        or intent == "save_as"
        and not s.get("FILE")
        and not re.search(r"\b(?:save|copy|file|name)\b", text, re.I)  # "3/8 as a decimal"
    ) and re.search(r"[-+*/^(]", whole):
        intent = "compute"  # "what's 256 times 3?" is arithmetic whatever else its first words resemble
    if (
        context.get("open") == "calculator"
        and re.search(r"[-+*/^(]", whole)
        and not re.search(FILE_NAME, step.prepared)
    ):
        intent = (
            "compute" if intent not in ("calc_continue", "compute") else intent
        )  # "show 5/16 in decimal" with the calculator open
    goal = GOAL_SAID.sub(" ", " " + step.prepared.lower())
    if intent == "calc_continue" and goal != " " + step.prepared.lower() and len(re.findall(r"\d+(?:\.\d+)?", whole)) >= 2 and not re.search(
            r"\b(?:it|that|this|result|answer|displayed|shown|showing|there|already)\b", goal):  # fmt: skip
        intent = "compute"  # "the display should read 6 times 7": what to show, not a step from it
    if context.get("open") == "calculator" and re.match(
        r"^\W*(?:and\s+)?(?:then\s+)?(?:now\s+)?(?:square|cube|double|halve|triple|take\s+the\s+square\s+root\s+of|(?:what'?s\s+)?the\s+square\s+root\s+of)\s+"
        r"(?:it|that|this|the\s+(?:result|answer|number))\W*$", step.prepared, re.I):  # fmt: skip
        intent = "calc_continue"  # "and square it": the number shown
    if context.get("open") in ("", "calculator") and START_VALUE.fullmatch(step.prepared.strip(" .,;!?")):
        intent = "calc_continue"  # "start with 50 (and add 25)": the number a chain starts from
    if (
        re.search(r"\b(?:thing|stuff|one|sum|calculation|number|bit)\s+(?:from|we\s+did)\s+(?:before|earlier|last\s+time|yesterday)\b", text, re.I)
        and not re.search(r"\d|\x00", step.prepared)
        and not any(s.get(k) for k in ("FILE", "FOLDER", "URL", "CELL", "RANGE"))
    ):  # fmt: skip
        return f"Which one do you mean by {text!r}? Please name it or give the numbers."  # "redo the calculation we did earlier"
    function_row = (
        _function_row(step.prepared) if "spreadsheet" in (context.get("open"), context["app"]) else None
    )
    if function_row:  # "add a totals row at the end": a label and a function, not values never said
        context["app"] = "spreadsheet"
        return [Command("sheet", op="label_row", args=function_row, app="spreadsheet", clause=text)]
    if (
        context.get("open") == "spreadsheet"
        and intent in ("edit_append", "edit_insert_top", "type_text")
        and not re.search(
            rf"\x00|\d|\b{REF}\b|\b(?:sum|total|average|mean|max\w*|min\w*|count|labell?ed|called|named|formula)\b",
            step.prepared,
            re.I,
        )
        and re.search(r"\b(?:add|put|enter|type|append)\b.*\b(?:bottom|end|top|below|under)\b", text, re.I)
    ):  # "add yesterday's sales at the bottom" in the sheet: which values was never said
        return f"Which values should I add to the sheet? ({text!r} gives none)"
    mine = re.search(r"\b(?:add|put|write|type|insert|enter|fill\s+in)\s+(?:in\s+)?(my\s+(?:home\s+|work\s+|mobile\s+)?(?:phone(?:\s+number)?|address|e-?mail(?:\s+address)?|"
                     r"signature|birthday|date\s+of\s+birth|postcode|zip\s+code))\b", step.prepared, re.I)  # fmt: skip
    if (
        mine
        and "\x00" not in step.prepared
        and context.get("open") in ("editor", "spreadsheet")
        and not re.search(r"[:=]|\d{3}|@", step.prepared[mine.end() :])
    ):
        return f"What is {mine.group(1).replace('my ', 'your ', 1)}? I do not know it ({text!r})."  # "put my address under my name"
    if (
        intent not in WEB_OR_UNSURE
        and context.get("open") != "calculator"
        and not re.search(r"[-+*/^(]", whole)
        and ORDERING.match(step.prepared)
    ):
        intent = "unclear"  # "buy 3 of the red pens": things to order, no sum and no sort
    if (
        (intent.startswith("edit_") or intent in ("type_text", "paste"))  # "write 'hi' in c3"
        and "spreadsheet" in (context.get("open"), context["app"])
        and len(re.findall(rf"\b{REF}\b", step.prepared)) == 1
        and _cell_pairs(step)[0]
    ):
        intent = "cell_set"  # "I made an error in C2, it needs to read Friday" with the sheet open: the cell
    if (
        intent in ("calc_clear", "calc_continue", "compute")
        and "spreadsheet" in (context.get("open"), context["app"])
        and re.match(rf"^\W*(?:please\s+)?(?:make|set|change|put)\s+(?:cell\s+)?{REF}\s+(?:to\s+|into\s+|be\s+)?\S+\W*$", step.prepared, re.I)
    ):  # fmt: skip
        intent = "cell_set"  # "B3 is wrong, make it 12" (it: B3) with the sheet open: a value for the cell
    if (
        intent == "calc_continue"
        and len(re.findall(r"\d+(?:\.\d+)?", whole or to_expression(step.prepared, loose=True))) >= 2
        and not re.search(r"\b(?:it|that|this|result|display|shown|answer|screen|number)\b", text, re.I)
    ):
        intent = "compute"  # "5 times 6 minus 4" names every operand; nothing continues from the display
    place = re.match(r"^\W*(?:on|in|with|using|inside|over in)\s+(?:the\s+|my\s+|this\s+|that\s+)?([\w ]+?)(?:\s+(?:app|window))?\W*$",
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
    if "editor" in (context.get("open"), context["app"]) and (
        SHOULD_BE.search(step.prepared) or IT_IS_NOT.search(step.prepared)
    ):
        intent = "edit_replace"  # "10am should be 2pm" in the open document
    if (
        context.get("open") == "editor"
        and intent.startswith("cell_")
        and re.match(r"^\W*(?:please\s+)?(?:replace|change|swap|switch|substitute|turn)\b", text, re.I)
        and not re.search(r"\b(?:cells?|sheet|spreadsheet|columns?|rows?)\b", text, re.I)
    ):
        intent = "edit_replace"  # "replace Q3 with Q4" in a document: words that look like cells
    if (
        intent == "cell_formula" or intent.startswith("sheet_") and context.get("open") == "spreadsheet"
    ) and len(_cell_pairs(step)[0]) >= 2:  # "'Total' in A5 and the sum of B2:B4 in B5"
        intent = "cell_set"
    if intent in ("toggle_on", "toggle_off", "type_text", "click") and re.search(
        r"^\W*(?:type|write|enter|put)\s+.+\s+in(?:to)?\s+the\s+(?:[\w ]+?\s+)?(?:box|field|text\s*area)\b",
        text,
        re.I,
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
        r"\b(?:address|url|location|search)\s+(?:bar|field|box)\b|\bomnibox\b|\b(?:enter|type|input|key\s+in|paste)\s+(?:in\s+|into\s+)?(?:the\s+|this\s+)?(?:url|web\s+address|address)\b",
        text,
        re.I,
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
    boxed_there = option_on_page(step.prepared) if web else None
    if boxed_there:  # "untick dark mode on the preferences page": that page (here, or found), then the box
        option, on, where = boxed_there
        return [Command("click", target=step.restore(where), op="page", app="browser", clause=text),
                Command("toggle", target=option, count=int(on), app="browser", clause=text)]  # fmt: skip
    placed = control_on_page(step.prepared) if web else None
    if placed:  # "click subscribe on the newsletter page": that page (here, or found), then the control
        # on the home page: the site's root ("click Contact on the main page")
        home = re.fullmatch(
            r"(?:site'?s\s+|shop'?s\s+|store'?s\s+)?(?:home|main|front|start|landing|index|first)",
            placed[1].strip(),
            re.I,
        )
        page = Command("goto", target="/", app="browser", clause=text) if home else Command(
            "click", target=step.restore(placed[1]), op="page", app="browser", clause=text)  # fmt: skip
        return [page, Command("click", target=step.restore(placed[0]), app="browser", clause=text)]
    boxed = IN_THE_BOX.match(step.prepared) if web else None
    if boxed:  # "write in the feedback box that the font is tiny": those words go in the form's message box
        told = re.match(LEAD + r"(?:say|tell|let)\b", step.prepared, re.I)  # told them is sent
        return [
            Command("fill", target="message", text=step.restore(boxed.group(1)), app="browser", clause=text)
        ] + [Command("submit", app="browser", clause=text)] * bool(told or boxed.group("send"))
    fact = fact_asked(step.prepared) if web else ""
    if fact and tuple(w for w in re.findall(r"[a-z0-9]+", fact.lower()) if w not in ASK_WORDS):
        # "I need the discount code for today", "price of the cheapest plan?": a fact on one of the site's pages
        asked = tuple(w for w in re.findall(r"[a-z0-9]+", fact.lower()) if w not in ASK_WORDS)
        return [Command("lookup", args=asked, app="browser", clause=text)]
    shipped = order_choice(step.prepared) if "browser" in (context.get("open"), context["app"]) else None
    if shipped:  # "I'd like it shipped overnight", "express, then check out": the option, then the order
        return [Command("click", target=shipped[0], app="browser", clause=text)] + [
            Command("submit", app="browser", clause=text)
        ] * shipped[1]
    unsaid = (
        re.search(NEVER_SAID, step.prepared, re.I)
        if web and intent != "fill" and not re.match(LEAD + r"(?:fill|enter|complete)\b", step.prepared, re.I)
        else None
    )
    if unsaid and not re.search(
        r"\x00|@|:|\d|\b(?:small|medium|large|standard|express|overnight)\b", step.prepared, re.I
    ):
        # "add my size to the cart", "send the review I wrote": a value never said (it clicked or sent anyway)
        return f"Which one do you mean by {unsaid.group(0)!r}? Please say it ({text!r})."
    if web and re.match(
        LEAD + r"(?:(?:i|we)\s+(?:need|want)\s+(?:it|this|them|that)|it'?s|(?:i'?m|i\s+am|we'?re|we\s+are))\s+(?:really\s+|pretty\s+)?(?:fast|in\s+a\s+rush|quickly|quick|soon|asap|"
        r"urgent(?:ly)?|in\s+a\s+hurry|by\s+(?:tomorrow|today|tonight|\w+day))\W*$", step.prepared, re.I
    ):  # fmt: skip
        return []  # "I need it fast, ...": why, not what (the steps beside it say what)
    grumble = re.match(LEAD + r"(?:(?:i|we)(?:\s+(?:want|would\s+like|need|have)|\s*'d\s+like)\s+to\s+)?(?:complain|grumble|moan)\s+"
                       r"(?:to\s+(?:them|the\s+(?:shop|store|site|team))\s+)?(?:that|about)\s+(.+?)[\s.!?]*$", step.prepared, re.I)  # fmt: skip
    # "I want to give feedback that the font is tiny", "leave them a note saying ...": the words after it
    grumble = grumble or re.match(
        LEAD
        + r"(?:(?:i|we)(?:\s+(?:want|would\s+like|need|wanna)|\s*'d\s+like)\s+to\s+)?(?:give|leave|send|post|write|submit|add|drop)\s+"
        r"(?:them\s+|us\s+|the\s+(?:shop|store|site|team)\s+)?(?:some\s+|a\s+|an\s+|my\s+|quick\s+|short\s+)*(?:feedback|comment|note|message|review|remark)s?\s+"
        r"(?:(?:to|for)\s+(?:them|the\s+(?:shop|store|site|team))\s+)?(?:that|saying|which\s+says|that\s+says|:)\s*(.+?)[\s.!?]*$",
        step.prepared,
        re.I,
    )
    if web and grumble:  # "I want to complain that the box was crushed": a message to send them
        return [Command("fill", target="message", text=step.restore(grumble.group(1)), app="browser", clause=text),
                Command("submit", app="browser", clause=text)]  # fmt: skip
    if web and re.match(
        LEAD + r"(?:show\s+me|let\s+me\s+see(?:\s+it)?|take\s+me\s+there)" + TAIL, step.prepared, re.I
    ):
        return (
            f"What should I show you? ({text!r})"  # after a question, the question's page (it was a message)
        )
    switched = re.fullmatch(r"\W*(?:the\s+)?(?!(?:it|that|this|them|everything|all|lights?)\b)([a-z][\w-]*(?:\s+mode)?)\s+(on|off)"
                            r"(?:\s+(?:please|pls|thanks))?\W*", step.prepared, re.I)  # fmt: skip
    if web and switched:  # "newsletter off please": that check box
        return [Command("toggle", target=switched.group(1), count=int(switched.group(2).lower() == "on"), app="browser",
                        clause=text)]  # fmt: skip
    picked = re.match(LEAD + r"(?:choose|pick|select|go\s+with|opt\s+for|go\s+for|take)\s+(?:the\s+)?([\w-]+)\s+"
                      r"(?:shipping|delivery|size|option|one|plan)(?:\s+option)?" + TAIL, step.prepared, re.I)  # fmt: skip
    if web and picked:  # "choose standard delivery" (was: the browser's forward button)
        return [Command("click", target=picked.group(1), app="browser", clause=text)]
    if web and re.match(LEAD + r"(?:add|put|pop|drop)\s+(?:it|them|that|this|one)(?:\s+(?:in|into|to)\s+(?:the\s+|my\s+)?(?:cart|basket|bag))?"
                        + TAIL, step.prepared, re.I):  # fmt: skip
        return [
            Command("click", target="add to cart", app="browser", clause=text)
        ]  # "pick a size and add it"
    said = re.match(
        r"^\W*(?:my\s+|some\s+)?(?:feedback|comment|review|message|note)\s*[:\-\u2014]\s*(.+?)[\s.!?]*$",
        step.prepared,
        re.I,
    )
    if web and said:  # "feedback: the fonts are too small": the page's text box, then send it
        return [Command("fill", target="message", text=step.restore(said.group(1)), app="browser", clause=text),
                Command("submit", app="browser", clause=text)]  # fmt: skip
    nth = re.match(LEAD + r"(?:(?:open|click|follow|hit|tap|press|visit|go\s+to|take\s+me\s+to)\s+(?:on\s+)?)?(?:the\s+)?"
                   r"(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+link(?:\s+(?:on|in)\s+(?:the|this)\s+page)?" + TAIL,
                   step.prepared, re.I)  # fmt: skip
    if web and nth:  # "second link pls": that link of the page (a page called "second" was looked for)
        word = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth"}.get(
            nth.group(1).lower()
        )
        return [
            Command("click", target=f"the {word or nth.group(1).lower()} link", app="browser", clause=text)
        ]
    if web and re.match(LEAD + r"(?:i|we)(?:\s+(?:want|would\s+like|need|wanna)|\s*'d\s+like)\s+to\s+(?:leave|send|write|post|submit|add)\s+"
                        r"(?:them\s+|you\s+|the\s+shop\s+)?(?:some\s+|a\s+|an\s+|my\s+)?(?:feedback|review|comment|message|note|remark)s?" + TAIL,
                        step.prepared, re.I):  # fmt: skip
        return f"What should the message say? ({text!r})"  # "I'd like to post a comment": which words? (it only opened the page)
    but_want = re.search(r"\b(?:but|though|instead)\s+(?:i|we)(?:\s+(?:(?:really\s+)?(?:want|need|prefer)|would\s+(?:like|prefer|rather\s+have))|\s*'d\s+(?:like|prefer|rather\s+have))\s+"
                         r"(?:the\s+|an?\s+)?([\w-]+)(?:\s+(?:one|instead|shipping|delivery|size|option))?(?:\s+instead)?\W*$", step.prepared, re.I)  # fmt: skip
    if web and but_want and but_want.group(1).lower() not in ("it", "that", "this", "to", "them", "one"):
        # "the size is set to small but I want medium": the option wished for
        return [Command("click", target=but_want.group(1), app="browser", clause=text)]
    best = re.match(LEAD + r"(?:(?:choose|pick|select|get|take|go\s+with|use|i'?ll\s+take|i\s+want|give\s+me)\s+)?(?:the\s+)?"
                    r"(biggest|largest|smallest|tiniest|fastest|quickest|cheapest|slowest)(?:\s+(?:size|one|option|shipping|delivery))?"
                    r"(?:\s+(?:you\s+have|available|there\s+is))?" + TAIL, step.prepared, re.I)  # fmt: skip
    if (
        web and best
    ):  # "the biggest one": the option a shop's words rank so (sizes small..large, shipping standard..overnight)
        return [Command("click", target=RANKED[best.group(1).lower()], app="browser", clause=text)]
    boxed = re.match(LEAD + r"(?:write|type|enter|put|add)\s+(\x00\d+\x00)\s+in(?:to)?\s+(?:the|that|this)\s+(?:text\s*)?(?:box|area|field)"
                     + TAIL, step.prepared, re.I)  # fmt: skip
    if web and boxed:  # "type 'x' into the box": the page's one text box (no field is named)
        return [
            Command("fill", target="message", text=step.restore(boxed.group(1)), app="browser", clause=text)
        ]
    keys = (history_steps(step.prepared) or chrome_keys(step.prepared)) if web else ()
    if keys:  # "reset the zoom", "press the back button": the browser's own controls
        return [Command("key", text=k, app="browser", clause=text) for k in keys]
    if web and STARTED.match(step.prepared):  # "... then back to where we started": the page shown first
        return [Command("goto", op="start", app="browser", clause=text)]
    if web and not s.get("URL") and (HOME.match(step.prepared) or SITE_HOME.match(step.prepared)):
        return [Command("goto", target="/", app="browser", clause=text)]  # "go home", "open the fixture shop"
    if web and re.match(
        LEAD + r"(?:put|add|get|enrol+|enroll|sign|join|register|subscribe|count|opt)\s+(?:me|us)\s+(?:up\s+|in\s+|into\s+)?(?:on|to|onto|in|into|for)\s+(?:the\s+|your\s+|their\s+|its\s+)?"
        r"(?:(?:monthly|weekly|daily|e-?mail|shop'?s?|store'?s?)\s+)*(?:newsletter(?:\s+list)?|mailing\s+list|e-?mail\s+list|news|updates|e-?mails|mails)"
        r"(?:\s+(?:by|via|over)\s+e-?mail)?\W*$", step.prepared, re.I
    ):  # fmt: skip
        return [
            Command("click", target="subscribe", app="browser", clause=text)
        ]  # "put me on the newsletter"
    if web and re.match(
        LEAD + r"(?:save|apply|submit|confirm|store|keep)\s+(?:the\s+|my\s+|these\s+|those\s+|its\s+|the\s+current\s+)?"
        r"(?:preferences|settings|options|changes|choices|form)?\s*(?:as\s+(?:it|they)\s+(?:is|are|stand)|as\s+is|unchanged|"
        r"without\s+changing\s+(?:anything|a\s+thing))\W*$", step.prepared, re.I
    ):  # fmt: skip
        return [
            Command("submit", app="browser", clause=text)
        ]  # "save the settings as they are": no file name
    every = re.match(LEAD + r"(check|tick|select|enable|turn\s+on|switch\s+on|mark|uncheck|untick|clear|disable|turn\s+off|"
                     r"switch\s+off)\s+(?:(?:both|all|every|each)(?:\s+(?:of\s+)?the)?\s+(?:boxes|checkboxes|check\s*boxes|options|"
                     r"settings|toggles)\b|everything\b(?!\s+(?:else|but|except)))", step.prepared, re.I) or re.match(
        LEAD + r"(?:turn|switch|set)\s+(?:everything|all\s+(?:the\s+)?(?:options|boxes|settings))\s+(on|off)\b", step.prepared, re.I)  # fmt: skip
    if web and every:  # "tick both boxes", "switch everything off": every check box on the page
        off = re.match(r"un|clear|disable|turn\s+off|switch\s+off|off", every.group(1), re.I)
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
        r"\W*(?:and\s+)?(?:then\s+)?(?:send|submit|post)\s+(?:it|that|this|them)(?:\s+off)?\W*", text, re.I
    ):  # "write 'x' and submit it": the form's button (Return in a text area only starts a new line)
        return [Command("submit", app="browser", clause=text)]
    if web and re.fullmatch(
        r"\W*(?:and\s+)?(?:then\s+)?(?:go|search|enter|hit enter|press enter|do it)\W*",
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
        # "I want the small one in my basket": wanted there is put there
        and re.search(r"\b(?:add|put|place|pop|drop|throw|stick|toss|need|want|like|get|have)\b", text, re.I)
        or web
        and size
        and re.search(r"\b(?:buy|purchase|get|order)\b", text, re.I)
        and not re.search(r"\b(?:with|using|by|shipping|delivery)\b", text, re.I)
    ):  # "I'd like to buy a medium t-shirt": the size, then the cart
        # "I want this shirt in large - add it to the cart", "just add the t-shirt to my cart"
        most = re.search(
            r"\b(biggest|largest|smallest|tiniest)\b", text, re.I
        )  # "the largest please, into the basket with it"
        target = (
            size.group(1)
            if size
            else {"biggest": "large", "largest": "large"}.get(most.group(1).lower(), "small")
            if most
            else ""
        )
        picked = [Command("click", target=target, app="browser", clause=text)] if target else []
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
    ordered = re.match(r"^\W*(?:and\s+)?(?:then\s+)?(?:(?:i|we)(?:\s+(?:want|would\s+like|wanna|need)|\s*'d\s+like)\s+to\s+)?(?:order|buy|check ?out|pay|place (?:the |my |an )?order|(?:complete|finish|finali[sz]e|confirm|submit|send) (?:the |my )?order)\s+(?:(?:it|something|one|this|that|them)\s+)?(?:with|using|by|via)\s+"
                       r"(?:the\s+)?([\w-]+)(?:\s+(?:shipping|delivery|option|post))?\W*$", text, re.I)  # fmt: skip
    then = re.match(r"^\W*(?:please\s+)?(?:choose|pick|select|tick|go with|use|take|opt for|go for|switch to)\s+(.+?)\s+and\s+(?:then\s+)?(?:order|place (?:the |my )?order|"
                    r"submit|send|buy|check ?out|pay|continue|confirm)\W*$", text, re.I)  # fmt: skip
    option = ordered or then  # "order it with express delivery", "pick overnight and order"
    if web and option:  # the option, then the form's button
        return [
            Command("click", target=option.group(1), app="browser", clause=text),
            Command("submit", app="browser", clause=text),
        ]
    chosen = re.match(r"^\W*(?:(?:i'?m|i am)\s+(?:an?\s+)?|(?:i'?ll|i will|we'?ll)\s+(?:take|have|go with|get)\s+(?:the\s+|an?\s+)?|(?:i'?d like|i would like|i want|give me|let me have)\s+(?:the\s+|an?\s+)?|"
                      r"(?:make it|go with|let'?s do|let'?s go with)\s+(?:the\s+|an?\s+)?)([\w-]+)(?:\s+(?:one|size|option|shipping|delivery|plan))?"
                      r"(?:\s+(?:on|for|with)\s+(?:my|the|this)\s+(?:order|purchase|item|shirt|t-shirt))?\W*$|"
                      # "honestly overnight works for me", "plain old medium will do"
                      r"^\W*(?:(?:just|only|oh|ok|okay|so|well|honestly|really|plain(?:\s+old)?)\s+)*(?:the\s+)?(?!(?:that|this|it|everything|all)\b)"
                      r"([\w-]+)(?:\s+[\w-]+)?\s+(?:(?:is|would\s+be|will\s+be|sounds|seems)\s+(?:just\s+)?(?:fine|ok|okay|good|great|perfect|enough)|"
                      r"works(?:\s+for\s+(?:me|us))?|will\s+do|is\s+all\s+(?:i|we)\s+need)\W*$", step.prepared, re.I)  # fmt: skip
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
            r"\b(?:home|start|main|front|landing)\s*page\b|\bsite(?:'s)?\s+root\b|\bhomepage\b|^\W*(?:(?:go|back|return|get|take\s+me|head)\s+(?:back\s+)?(?:to\s+)?)?the\s+index(?:\s+page)?\W*$|"
            r"\b(?:first|top|opening|entry)\s+page\s+of\s+(?:the|this|their|our)\s+(?:site|shop|store|website)\b|"
            r"\b(?:site|shop|store|website)'?s\s+(?:first|top|opening|entry)\s+page\b",
            text,
            re.I,
        )
        and not s.get("URL")
    ):
        return [Command("goto", target="/", app="browser", clause=text)]  # "the site's front page again"
    bare = (
        re.search(r"(?:^|[\s(,])/?([\w-]+\.html?)\b", step.prepared)
        or re.search(
            r"(?:^|[\s(,])/?([\w-]+\.(?:txt|csv|json|xml|pdf))\b(?=.*\b(?:in|on|with|using)\s+(?:the\s+|a\s+)?(?:browser|chromium|chrome|web\s*site|site)\b)",
            step.prepared,
            re.I,
        )
        or (  # with the browser open, a file named on the web site: "open stats.csv from their downloads"
            context.get("open") == "browser"
            and not re.search(
                r"\b(?:folder|directory|desktop|editor|spreadsheet|save|download(?:ed|s)?\s+folder)\b",
                text,
                re.I,
            )
            and re.search(r"(?:^|[\s(,])/?([\w-]+\.(?:txt|csv|json|xml|pdf))\b", step.prepared, re.I)
        )
    )  # "offers.html", "at /offers.html"; "report.txt in the browser"
    if web and bare and not s.get("URL") and intent not in ("fill", "search", "find_text"):
        return [
            Command("goto", target=f"/{bare.group(1)}", app="browser", clause=text)
        ]  # "the deals live on offers.html"
    wanted = page_request(step.prepared) if web and not s.get("URL") else None
    if wanted == "":  # "open the page": which one?
        return f"Which page should I open? ({text!r})"
    if wanted:  # "take me to the login screen", "where do I sign up for their newsletter?"
        return [Command("click", target=step.restore(wanted), op="page", app="browser", clause=text)]
    if web and re.match(LEAD + r"(?:confirm|finish|complete|finali[sz]e|proceed)(?:\s+(?:it|that|this|everything))?" + TAIL,
                        step.prepared, re.I):  # fmt: skip
        return [
            Command("submit", app="browser", clause=text)
        ]  # "pick overnight and confirm": the form's button
    lone = re.fullmatch(
        r"\W*(?:the\s+)?(?!(?:refresh|reload|back|forward|home|search|save|submit|send|order|subscribe|zoom|scroll|stop|undo|"
        r"copy|paste|print|bookmark|close|quit|exit|help|next|previous|yes|no|ok|okay|thanks|done|cancel|it|this|that|"
        r"something|anything|everything|all|go|enter|clear|login|logout|buy)\b)([a-z][\w-]*)"
        r"(?:\s+(?:shipping|delivery|size|option|one))?(?:\s+(?:please|pls|thanks))?\W*",
        step.prepared,
        re.I,
    )
    if web and lone and not wanted:  # "express, and place the order": the option the one word names
        return [Command("click", target=lone.group(1), app="browser", clause=text)]
    pick_add = re.match(LEAD + r"(?:the\s+)?([\w-]+)(?:\s+(?:one|size|option))?\s*[,;\u2014-]\s*(?:and\s+|then\s+)*(?:add|put|pop)\s+"
                        r"(?:it|that|this|one)(?:\s+(?:in|into|to)\s+(?:the\s+|my\s+)?(?:cart|basket|bag))?" + TAIL, step.prepared, re.I)  # fmt: skip
    if web and pick_add:  # "the small one, pop it in the basket": the option, then the cart button
        return [Command("click", target=pick_add.group(1), app="browser", clause=text),
                Command("click", target="add to cart", app="browser", clause=text)]  # fmt: skip
    stock = STOCK.match(step.prepared) if web else None
    if (
        stock
        and (
            re.match(
                r"^\W*(?:(?:hey|hi|so|and|quick\s+question)\W+)*(?:do|does|have|has|got|you\s+got|(?:can|could)\s+(?:i|we)|"
                r"(?:can\s+you\s+|please\s+)?(?:see|check|find\s+out|tell\s+me|look)\s+(?:if|whether))\b",
                step.prepared,
                re.I,
            )
            or re.search(r"\b(?:catalog|catalogue|search)\b|\bin\s+stock\b|\bfor\s+sale\b", text, re.I)
        )
        and not (  # "do they have a contact page", "do you have a student plan": a page or a fact, not goods
            (
                page_kinds(stock.group("what"))
                or re.search(rf"\b{PAGE_NOUN}\b", stock.group("what"), re.I)
                or re.search(FACT_THINGS, stock.group("what"), re.I)
            )
            and not re.search(
                r"\b(?:catalog|catalogue|search|stock|sale|sell|sells|carry|carries)\b", text, re.I
            )
        )
    ):  # "do you have any kettles? check the catalog": the site's search
        return [Command("fill", target="search", text=step.restore(stock.group("what")), app="browser", clause=text),
                Command("key", text="Return", app="browser", clause=text)]  # fmt: skip
    if stock:  # "do you have a student plan?": a fact on one of the site's pages
        asked = tuple(w for w in re.findall(r"[a-z0-9]+", stock.group("what").lower()) if w not in ASK_WORDS)
        if asked:
            return [Command("lookup", args=asked, app="browser", clause=text)]
    item = WANT_ITEM.match(step.prepared) if web else None
    if item:  # "I'm hunting for a rain jacket": the site's search
        return [Command("fill", target="search", text=step.restore(item.group("what")), app="browser", clause=text),
                Command("key", text="Return", app="browser", clause=text)]  # fmt: skip
    if web and ORDER_ONLY.match(text):  # "go ahead and order": the order form's button
        return [Command("submit", app="browser", clause=text)]
    fact = re.fullmatch(r"\W*(?:(?:and|so|ok|okay|um+|oh)\s+)*(?:the\s+|your\s+|their\s+|its\s+|today'?s\s+|any\s+)?((?:[\w-]+\s+){0,2}?[\w-]+)"
                        r"(?:\s+(?:please|pls|plz|thanks|thx|for\s+me|for\s+today|today))*\W*", step.prepared, re.I)  # fmt: skip
    if (
        web
        and fact
        and re.search(FACT_THINGS, fact.group(1), re.I)
        and not page_kinds(fact.group(1))
        and not re.match(r"(?:an?|some)\s", fact.group(1), re.I)  # "an email": a value to give, no fact
        and not s.get("FIELD")
        and not re.search(r"\d|\x00|@", step.prepared)
    ):  # "coupon code please", "the opening hours?": a fact named alone, found on the site's pages
        return [
            Command(
                "lookup",
                args=tuple(re.findall(r"[a-z0-9]+", fact.group(1).lower())),
                app="browser",
                clause=text,
            )
        ]
    named_page = re.search(r"\b(?:the|their|its)\s+([\w-]+(?:\s+us)?)\s+page\b", step.prepared, re.I)
    asked = _lookup_words(step) if web and not named_page else ()
    if (
        web
        and named_page
        and QUESTION.match(step.prepared)
        and not re.search(r"\x00|\.html?\b|://", step.prepared)
    ):
        # "tell me what the pricing page says about Pro": the page it names answers it
        return [Command("click", target=named_page.group(1), op="page", app="browser", clause=text)]
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
            r"\b(?:new|fresh|blank|empty|another|second|separate|extra)\s+tab\b|\b(?:back|forward|previous|next|reload|refresh|bookmark|favou?rite|zoom)\b",
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
        where = re.fullmatch(r"(?:via|through|using|in|on|with|from)\s+(?:the\s+|their\s+|your\s+|its\s+)?([\w -]+?)(?:\s+(?:form|box|page|section))?",
                             said.group(2).strip(), re.I)  # fmt: skip
        if (
            where and page_kinds(where.group(1)) and "@" in text
        ):  # "a message via the contact form, I'm ...": that form
            return [Command("click", target=where.group(1), op="page", app="browser", clause=text)]
        if where and page_kinds(
            where.group(1)
        ):  # "send them a message through the contact form": saying what?
            return f"What should the message say, and who is it from? ({text!r})"
        words = re.sub(
            r"\s+(?:via|through|using|in|on|with|on\s+the\s+site\s+via)\s+(?:the\s+|their\s+|your\s+|a\s+)?(?:feedback|contact|comments?)"
            r"(?:\s+(?:form|box|page|field|section))?$",
            "",
            said.group(2),
            flags=re.I,
        )  # "... via the feedback form"
        return [Command("fill", target=said.group(1) or "message", text=step.restore(words), app="browser",
                        clause=text), Command("submit", app="browser", clause=text)]  # fmt: skip
    copy_of = r"\b(?:save|keep|make|store|put|create|leave|drop|write)\s+(?:a\s+|one\s+)?(?:(?:backup|spare|second)\s+)?(?:copy|backup|duplicate)\s+of\s+(?:it|(?:this|the)(?:\s+(?:open|current))?(?:\s+(?:file|document|doc|note|text))?)"
    named = rf",?\s+(?:as|called|named|under\s+the\s+name)\s+({FILE_NAME})"
    where = r",?\s+(?:in|into|to|on)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+(?:folder|directory))?"
    first = re.search(rf"{copy_of}{named}(?:{where})?\W*$", step.prepared, re.I)
    later = re.search(rf"{copy_of}{where}{named}\W*$", step.prepared, re.I)
    copy_as = (
        (first.group(1), first.group(2) or "")
        if first
        else (later.group(2), later.group(1))
        if later
        else None
    )
    if copy_as and "editor" in (
        context.get("open"),
        context["app"],
    ):  # "keep a backup of the document as v1.txt into the old folder", "put a copy of it in Old as b.txt"
        return [Command("save_as", text=path(*copy_as), app="editor", clause=text)]
    jobs = _file_words(step) if context.get("open") in ("", "files") else []
    if jobs:  # "clone Photos as Photos_2023", a file taken out of one folder into another, ...
        return [Command("files", op=op, args=args, app="files", clause=text) for op, args in jobs]
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
    if intent not in ("edit_sort", "edit_sort_reverse", "sheet_sort") and (re.search(
        LEAD + r"(?:put|arrange|place|get|set|list)\s+(?:the\s+|these\s+|those\s+|my\s+|all\s+(?:the\s+)?)?[\w ]{0,25}?\s*in\s+"
        r"(?:\w+\s+)?order\b", step.prepared, re.I) or re.search(LEAD + r"(?:make|put|get|have|arrange)\b.*\balphab\w*", step.prepared, re.I)):  # fmt: skip
        intent = (
            "sheet_sort" if "spreadsheet" in (context.get("open"), context["app"]) else "edit_sort"
        )  # "put them in order"
    if (
        intent in ("fill", "submit", "toggle_on", "toggle_off")
        and context.get("open") in ("editor", "spreadsheet", "calculator")
        and context["app"] in ("", context.get("open"))
        and not s.get("URL")
        and not re.search(r"\b(?:box|field|form|page|site|website|browser|checkbox|tick\s+box)\b", text, re.I)
    ):  # "the name Jon should be John" in the editor names no web form: the likeliest reading of another kind
        intent = next((i for i, p in step.ranked[1:] if i not in ("fill", "submit", "toggle_on", "toggle_off", "click", "goto")
                       and p >= 0.01), "unclear")  # fmt: skip
    sheet_work = context.get("open") in ("", "spreadsheet") or context["app"] == "spreadsheet"
    if (
        sheet_work
        and AREA.search(step.prepared)
        and re.match(
            LEAD
            + rf"(?:(?:clear|empty|wipe|erase|blank|scrub|zap)\b(?:\s+out)?|(?:{CLEAR_VERBS})\s+(?:everything|all|"
            r"(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:values?|cells?|numbers?|data|contents?|entries|stuff))\s+(?:in|of|from)\b)",
            step.prepared,
            re.I,
        )  # fmt: skip
        and not re.search(FILE_NAME, step.prepared)
    ):
        intent = "cell_clear"  # "empty column D", "delete everything in row 3": cells, not the document
    for pattern, meant, fits in VERB_READINGS:
        if intent not in fits and re.search(pattern, step.prepared, re.I):
            intent = meant  # the verb and its object say it outright, whatever the classifier guessed
            break

    corner = re.sub(
        r"\bthe\s+(?:very\s+)?(?:top[- ]?left|first)\s+(?:cell|corner)\b(?:\s+of\s+the\s+(?:sheet|spreadsheet|table))?",
        "A1",
        step.prepared,
        flags=re.I,
    )
    if corner != step.prepared and "spreadsheet" in (context.get("open"), context["app"]):
        step = dataclasses.replace(step, prepared=corner)  # "enter Plan in the very first cell": A1
        intent = (
            "cell_set"
            if intent in ("type_text", "unclear", "edit_append", "edit_insert_top", "fill")
            else intent
        )
    if "editor" in (context.get("open"), context["app"]) and re.match(
        LEAD + r"(?:add|append|stick|pop|put|tack)\s+(?!(?:a|an|the)\s+(?:line|heading|title)\b).+?\s+(?:to|onto|on)\s+(?:it|this|that|the\s+(?:list|note|document|file|text))\W*$",
        step.prepared, re.I):  # fmt: skip
        intent = "edit_append"  # "add coffee to the list" in the editor: a new last line
    if (
        intent.startswith(("sheet_", "cell_"))
        and context.get("open") == "editor"
        and context["app"] in ("", "editor")
        and not re.search(rf"\b{REF}\b|\b(?:spreadsheet|sheet|cell|column|row)s?\b", step.prepared, re.I)
    ):  # "make the title bold" in the plain-text editor: nothing there can do it
        return f"The text editor holds plain text only, so I cannot do {text!r} there; should I do something else?"
    if (
        intent.startswith("edit_")
        and context.get("open") == "editor"
        and re.match(
            LEAD
            + r"(?:count|tell\s+me\s+how\s+many|how\s+many)\b(?!.*\b(?:add|write|type|put|insert|append)\b)",
            step.prepared,
            re.I,
        )
    ):  # "count the lines": the editor shows no count and nothing is to change
        return f"The text editor cannot count for me; should I write the count somewhere? ({text!r})"
    if intent == "close_app" and not re.search(r"\b(?:close|quit|exit|shut|leave|dismiss)\b", text, re.I):
        intent = "unclear"  # "count the words" read as closing the window: a guess
    if intent in ("move", "copy_file", "rename") and re.match(
        LEAD + r"(?:delete|remove|erase|trash|bin|get\s+rid\s+of|throw\s+away)\b", step.prepared, re.I
    ):
        intent = "delete_file"  # "delete every file ending in .log in logs" read as a move
    shift = re.search(
        "(?:"
        + LEAD
        + r"|[:;]\s*)"
        + r"(move|put|shift|copy|transfer)\s+(?!it\b|them\b|this\b|that\b|(?:a|an)\s+(?:new\s+)?(?:folder|directory)\b)",
        step.prepared,
        re.I,
    )
    if (
        shift
        and (
            intent in ("click", "unclear", "make_folder", "goto", "search", "open_file")
            or intent == "delete_file" and not re.search(r"\b(?:delet|remov|trash|bin|eras|get\s+rid)", step.prepared, re.I)
        )
        and context.get("open") not in ("browser", "spreadsheet", "editor")
        and re.search(rf"\b(?:folder|directory|home|downloads|documents|desktop|music|pictures)\b|{FILE_NAME}", step.prepared, re.I)
    ):  # fmt: skip
        intent = (
            "copy_file" if shift.group(1).lower() == "copy" else "move"
        )  # "move all the pictures into a new folder X"
    if intent == "make_folder" and not re.search(
        r"\b(?:(?:sub-?)?folders?|director\w*|dirs?|mkdir)\b", text, re.I
    ):
        # "add a heading called Notes" read as a folder: a folder the words never name is a guess
        intent = next(
            (i for i, p in step.ranked[1:] if i not in ("make_folder", "click") and p >= 0.05), "unclear"
        )

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
    between_rows = _row_change(step) if "spreadsheet" in (context.get("open"), context["app"]) else None
    if between_rows and between_rows[0] == "insert" and between_rows[1]:  # "add a row for Pia on 9 below Raj"
        return [cmd("sheet", op="rows", args=between_rows, app="spreadsheet")]
    new_row = (
        _new_row(step) if context.get("open") == "spreadsheet" or context["app"] == "spreadsheet" else ()
    )
    if new_row:  # "add a row for kiwis at 0.90 under the others"
        return [cmd("sheet", op="append_row", args=new_row, app="spreadsheet")]
    sheet = (
        context.get("open") == "spreadsheet"
        or context["app"] == "spreadsheet"
        or not (context.get("open") or context["app"])
        and bool(re.search(r"\b[A-Z]{1,2}\d{1,5}\s*(?::|to|through)\s*[A-Z]{1,2}\d{1,5}\b", step.prepared))
    )  # cells named as a range with no app open ("how many are in A1:A4? answer in A5") are the sheet's
    formula = _ref_formula(step) if sheet and (intent in ("compute", "calc_continue", "type_result") or re.search(
        r"\b(?:half|double|twice|triple|third|quarter|percent|plus|minus|times|divided|multiplied|squared|over)\b|%", step.prepared, re.I)
    ) else None  # fmt: skip
    if formula:  # "take 5 off whatever is in A3, answer in A4": arithmetic over cells, not the calculator
        return [cmd("cell", target=formula[0], text=formula[1], app="spreadsheet")]
    agg = aggregate_arithmetic(step) if sheet else None
    if agg:  # "in F1, total income minus total costs": a function of each column, then the sign between
        return [cmd("sheet", op="column_arith", target=agg[0], args=agg[1], app="spreadsheet")]
    worded_columns = (
        _header_arithmetic(step) if sheet and not _new_column(step) and not _sheet_change(step) else None
    )
    if worded_columns:  # "fill D2:D4 with hours times rate", "commission is 5% of sales, fill column C"
        return [cmd("sheet", op="header_formula", args=worded_columns, app="spreadsheet")]
    worded = _formula_words(step) if sheet else None
    if worded:  # "the smallest number among C2 to C9, into C10"
        return [cmd("cell", target=worded[0], text=worded[1], app="spreadsheet")]
    worded_sheet = (
        _sheet_words(step)
        if context.get("open") == "spreadsheet" or context["app"] == "spreadsheet"
        else None
    )
    if worded_sheet:  # "uppercase the headings", "change the Amt column header to Amount", ...
        return worded_sheet
    whole_rows = _row_change(step) if sheet else None
    if whole_rows:  # "remove Omar's row", "drop the blank rows": the rows below move up
        return [cmd("sheet", op="rows", args=whole_rows, app="spreadsheet")]
    column = _new_column(step) if sheet else None
    if column and not column[0] and getattr(_sheet_change(step), "op", "") == "row_formula":
        column = None  # no header to write: the per-row formula reading ("Qty times Price in column D for each row")
    if column:  # "make a new Profit column holding revenue minus expenses on every row": a header and a formula per row
        return [cmd("sheet", op="new_column", args=column, app="spreadsheet")]
    below = _column_below(step) if sheet else None
    if below:  # "put a total at the bottom of column B": the first free cell under its values
        return [
            cmd(
                "sheet",
                op="column_formula",
                target=f"{below[1]}+",
                args=(below[0], "<above>"),
                app="spreadsheet",
            )
        ]
    change = _sheet_change(step) if sheet else None
    if change:  # "swap A1 and A2", "double each value in B1:B3"
        return [change]
    corrected = re.search(
        r"\b(?:not|instead\s+of|rather\s+than)\s+\$?-?\d|\bby\s+\d+(?:\.\d+)?\s*(?:%|percent)\W*$",
        step.prepared,
        re.I,
    )
    by_name = (
        (corrected and loose_row_update(step)) or _row_update(step)
        if context.get("open") == "spreadsheet"
        else None
    )  # "we ordered 7 pens not 5": the new value set; "raise the gym budget by 20%": a share added
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
        r"^\W*(?:type|write|enter|put|list|add)\b.*\bnumbers? (\d+|one|two) (?:to|through|-) (\d+)",
        step.prepared,
        re.I,
    )
    first = {"one": 1, "two": 2}.get(numbers.group(1).lower(), 0) or int(numbers.group(1)) if numbers else 0
    if numbers and int(numbers.group(2)) - first <= 1000:  # "write the numbers 1 to 5"
        lines = "".join(f"{n}\n" for n in range(first, int(numbers.group(2)) + 1))
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
    if intent in ("compute", "calc_continue") and re.search(
        r"\d\s+(?:plus|minus|times|multiplied\s+by|divided\s+by|over|and)\W*$", step.prepared, re.I
    ):
        return (
            f"What should I compute? {text!r} ends before the number after its operator."  # "what's 12 plus"
        )
    if intent == "compute":
        expr = to_expression(" ".join(s.get("EXPR", []))) or to_expression(step.prepared)
        whole = to_expression(step.prepared)
        if whole and (
            (expr in whole or not re.search(r"[-+*/^(]", expr))
            and len(whole) > len(expr)
            or re.search(
                r"\bwhat\s+percent|\bas\s+a\s+percent", step.prepared, re.I
            )  # "15 is what percent of 60"
        ):
            expr = whole  # the tagger cut the expression short ("sqrt" of "sqrt(81)")
        if whole and "/100" in whole and "/100" not in expr:
            expr = whole  # the tag left the percent sign out ("100 - 35%")
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
        if re.search(r"\b(?:currenc(?:y|ies)|exchange\s+rate|euros?|dollars?|pounds?|yen)\b", text, re.I) and re.search(
            r"\b(?:convert|into|in|to)\b", text, re.I) and len(_numbers(expr)) < 2:  # fmt: skip
            return f"What exchange rate should I use for {text!r}? The calculator does not know one."
        went_on = context["app"] == "calculator" and re.fullmatch(r"[-+*/^]\d+(?:\.\d+)?", expr)
        context["app"] = "calculator"
        if (
            went_on
            or re.match(r"[+*/^]", expr)
            and re.search(r"\b(?:it|that|this|result|answer|display|total)\b", text, re.I)
        ):  # "start at 90, take away 10, then take away another 5": each goes on from the display
            return [
                cmd("compute", text=expr, op="continue", app="calculator")
            ]  # "what's that plus 10": from the display
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
                    r"(?:say|read|contain|be(?!\s+(?:called|named|renamed|moved|copied|deleted|removed|in|inside|under|saved)\b|\s+an?\s+\.?\w{1,5}\s+file\b))|"
                    r"so\s+(?:that\s+)?(?:all\s+)?it\s+(?:just\s+|only\s+)?(?:reads|says|contains)(?:\s+is)?)\s*:?\s+(.+?)[\s.,;:]*$", step.prepared, re.I)  # fmt: skip
    if said and not re.search(r"\b(?:lower|upper)\s*case\b|\bcaps\b", said.group(2), re.I):
        value = re.sub(
            r"\s*\((?:overwrite|replace)[^)]*\)\s*$|\s+now$",
            "",
            re.sub(
                r"\s*,?\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+[^,;]+$",
                "",
                step.restore(said.group(2)).strip(),
                flags=re.I,
            ),
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
        if "\x00" not in step.prepared:  # "type hi there in here": where it goes is no part of the words
            values = [
                re.sub(
                    r"\s+(?:in|into|right\s+in)\s+(?:here|this\s+(?:file|document|note|doc))$",
                    "",
                    v,
                    flags=re.I,
                )
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
        lined = re.search(
            r"\bwith\s+(?:\d+|two|three|four|five)\s+(?:lines|items|entries)\s*[,:]?\s*(.+?)(?:,?\s+(?:and\s+)?(?:then\s+)?save\b.*)?\W*$",
            step.restore(step.prepared),
            re.I,
        )
        if lined:  # "a fresh document with 2 lines: tea and cake": one line each
            typed = "".join(f"{v}\n" for v in _names(lined.group(1)))
        elif len(values) == 1 and PER_LINE_SAID.search(step.prepared):  # "write a, b and c, one per line"
            typed = "".join(f"{v}\n" for v in _per_line(PER_LINE_SAID.sub("", values[0])))
        app = apps[0] if apps else context["app"] if context["app"] in ("editor", "terminal") else ""
        if not app and (not context["app"] or re.search(r"\b(?:document|file|note)\b", text, re.I)):
            app = "editor"  # text with nowhere named goes into the text editor
        new_doc = bool(re.search(r"\bnew (?:document|file|note)\b", text, re.I))
        out = []
        if s.get("FILE") and re.search(
            r"\.\w{1,5}$|/", s["FILE"][0]
        ):  # a file, not a word ("the JSON object")
            # "write 'hi' in notes.txt in the work folder": the file in that folder
            where = _first(s, "FOLDER") or (
                _folder_words(text) if re.search(r"\b(?:folder|directory|dir)\b", text, re.I) else ""
            )
            out.append(
                cmd(
                    "open_file", target=path(s["FILE"][0], "" if "/" in s["FILE"][0] else where), app="editor"
                )
            )
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
        r"(?<!there's )(?<!there is )(?<!i have )(?<!we have )\b(?:a|an)\s+(?:new\s+|empty\s+|blank\s+)?(?:text\s+)?file\s+(?:called|named)\b",
        text,
        re.I,
    ):
        intent = (
            "make_file"  # "put a file called x.md in projects saying ...": a file that does not exist yet
        )
    if intent in ("make_folder", "make_file", "rename", "move", "copy_file", "delete_file"):
        return _files(dataclasses.replace(step, intent=intent), cmd, context)
    formula = _ref_formula(step) if context.get("open", "") in ("", "spreadsheet") else None
    if formula and intent != "cell_clear" and len(_cell_pairs(step)[0]) < 2:
        return [cmd("cell", target=formula[0], text=formula[1], app="spreadsheet")]
    label = re.match(rf"^\W*(?:please\s+)?(?:put|write|type|enter|add|label)\s+(?:the\s+(?:word|label|text|heading|title)\s+)?(\x00\d+\x00|(?!{REF}\b)[A-Z][\w-]*)\s+"
                     rf"(?:in|into|at)\s+(?:cell\s+)?({REF})\W*$", step.prepared)  # fmt: skip
    if label and "spreadsheet" in (
        context.get("open"),
        context["app"],
        "" if context.get("open") else "spreadsheet",
    ):
        # "put Sum in A9": a capitalised word alone is a label, even a function's name
        return [
            cmd("cell", target=label.group(2).upper(), text=step.restore(label.group(1)), app="spreadsheet")
        ]
    says = SAYS.match(step.prepared)
    said = says and step.restore(says.group("value"))
    if (
        said
        and (context.get("open") in ("", "spreadsheet") or context["app"] == "spreadsheet")
        and ("\x00" in says.group("value") or not re.search(rf"^the\s|\b(?:of|for)\b|\b{REF}\b|\bcolumn\b", said, re.I))
    ):  # fmt: skip
        # "make B1 say Total", "label C1 Price", "the heading of column B should be Qty": those words
        col = says.group("col") or says.group("col2")
        ref = (says.group("ref") or says.group("ref2") or says.group("ref3") or f"{col}1").upper()
        return [cmd("cell", target=ref, text=said, app="spreadsheet")]
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
        values = [_cell_value(re.sub(LEAD_PLACE, "", v, flags=re.I)) for v in values]
        for n, v in enumerate(values):  # "5 in A1, 7 in A2 and their sum in A3": over the cells before
            said = re.fullmatch(r"(?:their|the)\s+(\w+)(?:\s+of\s+(?:them|those|these|both|the\s+two))?|"
                                r"(\w+)\s+(?:them|those|these|both)(?:\s+up)?", v, re.I)  # fmt: skip
            word = (said.group(1) or said.group(2)).lower() if said else ""
            func = "SUM" if word == "add" else FUNCS.get(word) if word not in ("number", "top") else None
            if n and func:
                values[n] = f"={func}({','.join(c.upper() for c in cells[:n])})"
        if not cells or len(cells) != len(values):
            return (f"Which value goes into which cell? I read cells {cells} and values {values} in {text!r}; "
                    "please say e.g. \"put 'Total' in D1 and 5 in D2\".")  # fmt: skip
        context["cells"] = [c.upper() for c in cells]  # "..., then add them up in A3": these cells
        out, heading = [], ()
        for c, v in zip(cells, values, strict=True):
            func = next(
                (
                    f
                    for w, f in FUNCS.items()
                    if re.search(rf"\b{w}\b", v, re.I)
                    and w not in ("number", "top", "best", "worst", "count")
                ),
                "",
            )
            words = tuple(
                w
                for w in _header_words(v)
                if w.lower() not in FUNCS and w.lower() not in ("grand", "day", "day's", "one")
            )
            label = re.fullmatch(
                r"(?:the\s+(?:word|label|text|heading|title)\s+)?[A-Z][\w-]*", v
            )  # "Total in A5": a label
            if func and not label and not re.search(r"\d", v) and v not in step.values and (words or heading):
                # "the maximum rainfall goes in G1 and the minimum in G2": a function over a column named by its header
                heading = words or heading
                out.append(
                    cmd(
                        "sheet",
                        op="column_formula",
                        target=c.upper(),
                        args=(func, *heading),
                        app="spreadsheet",
                    )
                )
            elif (
                func
                and not label
                and re.fullmatch(r"(?:the\s+)?[a-z]+", v, re.I)
                and (before := _range_before(out))
            ):
                # "the max of A1:A5 in A6 and the min in A7": the same cells as the value before
                out.append(cmd("cell", target=c.upper(), text=f"={func}({before})", app="spreadsheet"))
            else:
                out.append(cmd("cell", target=c.upper(), text=v, app="spreadsheet"))
        return out
    if intent == "cell_formula":
        func = FUNCS.get(_first(s, "FUNC").lower(), "") or next(
            (f for w, f in FUNCS.items() if re.search(rf"\b{w}\b", text, re.I) and w != "number"), ""
        )
        func = func or ("SUM" if re.search(r"\b(?:add|sum|total)", text, re.I) else "")
        rng, cell = _sheet_range(text)
        if (
            func
            and cell
            and not rng
            and context.get("cells")
            and re.search(r"\b(?:them|those|these|both|the\s+two)\b", text, re.I)
        ):
            return [
                cmd(
                    "cell",
                    target=cell.upper(),
                    text=f"={func}({','.join(context['cells'])})",
                    app="spreadsheet",
                )
            ]
        if func and cell and not rng:  # "the science average in C6": a column named by its header
            return [cmd("sheet", op="column_formula", target=cell.upper(), args=(func, *_header_words(text)),
                        app="spreadsheet")]  # fmt: skip
        if not (func and rng and cell):
            return (
                f"Which function, over which cells, into which cell? I could not read all three in {text!r}."
            )
        places = re.search(
            r"\bround(?:ed)?\s+(?:it\s+)?(?:to|off\s+to)\s+(\d+)\s+(?:decimal|dp|place|digit)",
            step.prepared,
            re.I,
        )
        formula = f"{func}({rng.upper()})"
        # "..., rounded to 1 decimal": the function inside ROUND
        return [
            cmd(
                "cell",
                target=cell.upper(),
                text=f"=ROUND({formula},{places.group(1)})" if places else f"={formula}",
                app="spreadsheet",
            )
        ]
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
        tab = [cmd("key", text="ctrl+t", app="browser")] if NEW_TAB.search(text) else []
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
        if (
            not _first(s, "FOLDER")
            and re.fullmatch(FILE_NAME, folder)
            and not re.search(r"\.(?:zip|tar|gz|tgz|7z|rar)$", folder, re.I)
        ):  # "what's in notes.md?": a file's contents are read in its app, not listed
            context["file"], context["app"] = folder, file_app(folder)
            return [cmd("open_file", target=path(folder), app=file_app(folder))]
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
            # "register for the newsletter": its button says what the list's buttons say
            rest = "subscribe" if re.search(r"\b(?:newsletter|mailing list)\b", text, re.I) else rest
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
            # Ctrl+Shift+click opens the link in a new tab and shows it (Ctrl+click leaves it in the background:
            # Chrome's keyboard shortcuts, as listed in github.com/tem-tem/shortcuts src/data/chromeWin.json)
            return [cmd("click", target=target, text="ctrl+shift", app="browser")]
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
        if re.fullmatch(
            r"(?:them|it|that|those|these|one|some|this|me|us|you|something|anything|stuff|things)\W*",
            value,
            re.I,
        ) or UNSAID.search(value):
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
        # "send a message via the contact form": a word of the sentence ("via") is no value for a field
        kept = [
            (f, v)
            for f, v in zip(fields, values, strict=True)
            if v.lower() not in ("via", "through", "using", "on", "to", "with", "in")
        ]
        if not kept and web and page_kinds(text):
            return [cmd("click", target=text, op="page", app="browser")]
        fields, values = [f for f, _ in kept], [v for _, v in kept]
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
        named = re.search(r"\b(?:the|my|that)\s+([\w-]+(?:\s+mode)?)\b", text, re.I) or re.match(
            r"^\W*(?:the\s+)?([\w-]+(?:\s+[\w-]+)?)\s+(?:on|off)\b", text, re.I
        )  # "dark mode on please"
        if (not target or target.lower() in ("it", "that", "this", "them")) and named:
            target = named.group(1)  # "I don't want the newsletter any more, untick it"
        if not target:
            return f"Which option should I turn {'off' if off else 'on'}?"
        context["app"] = "browser"
        both = TWO_OPTIONS.match(step.prepared)
        if both:  # "enable both dark mode and the newsletter": each check box named
            return [cmd("toggle", target=both.group(n), count=0 if off else 1, app="browser") for n in (1, 2)]
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


def _range_before(commands: list[Command]) -> str:
    """The range the last cell's formula works over ("A1:A5" of "=MAX(A1:A5)"), "" when none."""
    m = re.search(r"\(([A-Z]+\d+:[A-Z]+\d+)\)", commands[-1].text) if commands else None
    return m.group(1) if m else ""


NTH_WORD = r"(?:first|second|third|fourth|fifth|last|top|bottom|final|middle|\d+(?:st|nd|rd|th)?)"
NTH = rf"({NTH_WORD})"
THE_LINE = rf"(?:the\s+{NTH}\s+line|line\s+(\d+))"
DOC = r"(?:file|document|doc|note|notes|page|text|contents?|list|whole\s+thing)"


def _nth(word: str) -> int:
    word = word.lower()
    return ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)


def _line_edit(step: Step, t: str) -> tuple | None:
    """Line edits said in everyday words: repeats removed, an item crossed off, a line moved to the top,
    text added above or below a line or at one end of it, spaces at the ends of lines removed, every line
    but the first N dropped, the document wiped (and new words written). None when none is said."""
    if re.search(r"\b(?:remove|delete|drop|get\s+rid\s+of|lose|cut|strip|take\s+out)\s+(?:the\s+|all\s+(?:the\s+)?|any\s+)?"
                 r"(?:repeats|repeated\s+(?:lines|ones|items|entries)|duplicates?|duplicated\s+(?:lines|items)|doubles|double\s+entries)\b",
                 t, re.I):  # fmt: skip
        return ("dedupe_lines",)
    m = re.search(r"\b(?:remove|delete|strip|trim|get\s+rid\s+of|take\s+out|drop)\s+(?:the\s+|any\s+|all\s+(?:the\s+)?)?"
                  r"(leading|trailing|extra)?\s*(?:spaces|whitespace|blanks|indentation|indents)\s+(?:at\s+the\s+(start|beginning|end)\s+)?"
                  r"(?:(?:from|of|on|at)\s+(?:the\s+)?(start|beginning|end)\s+of\s+)?(?:from|of|on|in)\s+(?:each|every|all(?:\s+the)?|the)\s+lines?\b",
                  t, re.I)  # fmt: skip
    if m or re.search(r"\b(?:trim|strip)\s+(?:each|every|all(?:\s+the)?)\s+lines?\b|\bun-?indent\b|\bremove\s+(?:the\s+|all\s+(?:the\s+)?)?indent(?:ation|s)?\b", t, re.I):  # fmt: skip
        side = " ".join(g or "" for g in (m.groups() if m else ())).lower()
        right = "trailing" in side or "end" in side
        left = "leading" in side or "start" in side or "beginning" in side or "indent" in t.lower()
        return ("strip_lines", "left" if left and not right else "right" if right and not left else "both")
    m = re.search(rf"\b(?:cross|tick|check|strike|scratch)\s+(?:off|out)\s+(?!the\s+{NTH_WORD}\b|line\b|it\b|that\b|them\b)(?:the\s+)?(\x00\d+\x00|[\w' -]+?)"
                  r"(?:\s+(?:from|off|on)\s+(?:the\s+|my\s+|this\s+)?(?:list|note|file|document))?\W*$", t, re.I)  # fmt: skip
    if m:  # "cross off pay rent": that item's line
        return ("delete_matching", _value(step, m.group(1)))
    m = re.search(r"\b(?:delete|remove|drop|cut|erase|clear)\s+(?:every|each|all(?:\s+the)?)\s+lines?\s+(?:except|but|apart\s+from|other\s+than)\s+"
                  r"(?:the\s+)?(?:(first|top)\s+(?:(\d+|one|two|three)\b\s*)?(?:lines?|ones?)?|(first|top))\b", t, re.I)  # fmt: skip
    if m:  # "delete every line except the first": only the top ones stay
        count = (m.group(2) or "1").lower()
        return ("keep_lines", {"one": 1, "two": 2, "three": 3}.get(count) or int(count))
    m = re.search(rf"\bmove\s+(?!the\s+{NTH_WORD}\s+line\b|line\s+\d)(?:(?:the\s+)?line\s+(?:that\s+says\s+|with\s+)?)?(\x00\d+\x00|[\w' -]+?)\s+(?:up\s+|down\s+)?to\s+the\s+(?:very\s+)?(top|bottom|end|start|beginning)\b"
                  r"(?:\s+of\s+(?:the\s+)?\w+)?\W*$", t, re.I)  # fmt: skip
    quoted = re.findall(r"\x00\d+\x00", t)
    if (
        m and re.fullmatch(r"it|that|this", m.group(1), re.I) and len(quoted) == 1
    ):  # "'AOB' goes last, move it to the bottom"
        return ("move_line", step.restore(quoted[0]), "top" if m.group(2).lower() in ("top", "start", "beginning") else "bottom")  # fmt: skip
    if m and not re.fullmatch(r"(?:it|that|this|them|everything|the\s+cursor|cursor)", m.group(1), re.I):
        return ("move_line", _value(step, m.group(1)), "top" if m.group(2).lower() in ("top", "start", "beginning") else "bottom")  # fmt: skip
    m = re.search(r"^\W*(?:please\s+)?(below|under|underneath|after|above|before)\s+(?:the\s+line\s+)?(\x00\d+\x00|[\w' -]+?),?\s+"
                  r"(?:add|put|insert|write|type)\s+(?:a\s+line\s+(?:saying\s+)?)?(\x00\d+\x00|.+?)\W*$", t, re.I)  # fmt: skip
    if m:  # "below pay rent add 'buy stamps'": the new line beside that one
        where = "before" if m.group(1).lower() in ("above", "before") else "after"
        several = re.match(
            r"(?:\d+|some|a\s+few)\s+(?:more\s+|new\s+|extra\s+)?(?:lines|items|entries)\s*:?\s*(.+)$",
            m.group(3),
            re.I,
        )
        if several:  # "after X add 2 more lines: 'a' then 'b'": one line each, in order
            items = [f"\x00{k}\x00" for k in re.findall(r"\x00(\d+)", several.group(1))] or _names(
                re.sub(r"\s+then\s+", ", ", several.group(1))
            )
            return ("insert_near", _value(step, m.group(2)), "\n".join(_value(step, i) for i in items), where)
        return ("insert_near", _value(step, m.group(2)), _value(step, m.group(3)), where)
    m = re.search(rf"\b(?:add|put|insert|write|prepend|append|stick)\s+(\x00\d+\x00|\S+)\s+(?:at|to)\s+the\s+(start|beginning|front|end)\s+of\s+{THE_LINE}", t, re.I)  # fmt: skip
    if m:  # "add 'urgent: ' to the start of line 3", "put '!' at the end of the second line"
        n = _nth(m.group(3) or m.group(4))
        return (
            ("affix_line", n, "end" if m.group(2).lower() == "end" else "start", step.restore(m.group(1)))
            if n
            else None
        )
    m = re.search(r"\b(?:add|put|insert|write|append|stick)\s+(\x00\d+\x00)\s+(?:at|to)\s+the\s+(start|beginning|front|end)\s+of\s+(?:the\s+([\w' -]+?)\s+line|(?:that|this|its|the\s+same)\s+line)\b", t, re.I)  # fmt: skip
    subject = re.match(
        r"^\W*(?:the\s+|my\s+|our\s+)?([\w-]+?)(?:'s|\s+is|\s+was|\s+has|\s+have|\s+are)\b", t, re.I
    )
    if m and (m.group(3) or subject):  # "the vase is sold, add ' (sold)' at the end of that line"
        words = m.group(3) or (subject.group(1) if subject else "")
        return ("affix_line", _value(step, words), "end" if m.group(2).lower() == "end" else "start", step.restore(m.group(1)))  # fmt: skip
    m = re.search(r"\b(?:put|add|insert|write|place)\s+(\x00\d+\x00|.+?)\s+(?:above|before|on\s+top\s+of)\s+(?:everything|all\s+(?:the\s+)?(?:rest|text|lines))\b", t, re.I)  # fmt: skip
    if m:  # "put 'groceries:' above everything": a new first line
        return ("insert_line", _value(step, m.group(1)))
    m = re.search(rf"\b(?:overwrite|replace)\s+(?:it|this|that|the\s+{DOC})\s+(?:with|by)\s+(\x00\d+\x00|(?!(?:the\s+|a\s+)?(?:new|other|right|correct|latest|updated|proper)\s+(?:one|version|text)\b).+?)\W*$", t, re.I) or re.search(
        rf"\b(?:wipe|clear|empty|blank)\s+(?:the\s+|this\s+|my\s+)?(?:{DOC}|it)\s+(?:(?:out|clean)\s+)?(?:and|then)\s+(?:just\s+)?(?:write|type|put|enter)\s+(\x00\d+\x00|.+?)"
        r"(?:\s+in(?:to)?\s+(?:it|there))?\W*$", t, re.I)  # fmt: skip
    if m:  # "wipe the file and write 'done' in it": the whole document becomes those words
        return ("set_text", _value(step, m.group(1)))
    if re.search(rf"^\W*(?:please\s+)?(?:wipe|clear|empty|blank|erase)\s+(?:out\s+)?(?:the\s+|this\s+|my\s+)(?:whole\s+|entire\s+)?{DOC}(?:\s+(?:out|clean))?\W*$", t, re.I):  # fmt: skip
        return ("clear",)
    if re.search(r"\b(?:split|break|put|separate)\b.*\b(?:list|items|it|them)\b.*\b(?:onto|on|into)\s+(?:separate|different|their\s+own|individual|new)\s+lines\b", t, re.I) or re.search(
            r"^\W*(?:please\s+)?(?:split|break|separate|spread)\s+(?:it|them|this|the\s+(?:list|line|text|items))(?:\s+(?:up|out|apart))?\b.*"
            r"(?:\bon\s+(?:its|their|a)\s+(?:own|separate|new)\s+lines?\b|\bone\s+(?:\w+\s+)?(?:per|a)\s+line\b)", t, re.I):  # fmt: skip
        return (
            "split_items",
            "word" if re.search(r"\bwords?\b", t, re.I) else ",",
        )  # "split the list onto separate lines"
    if re.search(r"\b(?:join|merge|combine)\s+(?:all\s+)?(?:the\s+)?lines\b(?!\s+\d).*\bwith\s+(?:a\s+)?(commas?|semi-?colons?)\b", t, re.I):  # fmt: skip
        return ("join_lines", "; " if re.search(r"semi", t, re.I) else ", ")
    if re.search(r"\btitle\s*case\b", t, re.I) and re.search(r"\b(?:each|every|all(?:\s+the)?)\s+(?:lines?|items?|entr(?:y|ies))\b|\beverything\b", t, re.I):  # fmt: skip
        return ("title_case", 0)
    m = re.search(
        r"\b(?:at|is|on|by|from|until|till)\s+(\d[\w:.]*)\s*,?\s+(?:not|instead\s+of|rather\s+than)\s+(\d[\w:.]*)\b",
        t,
        re.I,
    )
    if m and re.search(
        r"\b(?:fix|correct|update|change|amend)\b", t, re.I
    ):  # "the dinner begins at 6 not 5, fix it"
        return ("replace", m.group(2), m.group(1))
    m = re.search(
        r"\b(?:doing|having|taking|playing|seeing|using|bringing|it'?s|it\s+is)\s+([\w-]+)\s+instead\s+of\s+([\w-]+)\b",
        t,
        re.I,
    )
    if m and re.search(
        r"\b(?:update|change|fix|correct|amend)\b", t, re.I
    ):  # "I'm doing yoga instead of swimming, update it"
        return ("replace", _value(step, m.group(2)), _value(step, m.group(1)))
    m = re.search(
        r"^\W*(?:the\s+)?([\w-]+)\s+(?:has|have)\s+no\s+\w+(?:\s+yet)?\W+(?:it'?s|it\s+is|they'?re|that'?s)\s+\$?(\d[\d.,]*)\b.*\badd\b",
        t,
        re.I,
    )
    if m:  # "tea has no price yet, it's 2.40 - add it like the others": after its name
        return ("affix_line", _value(step, m.group(1)), "end", f" {m.group(2)}")
    m = re.search(r"^\W*([A-Z][\w-]+)\s+(?:has|have|had|'s)\s+(?:now\s+)?(?:left|quit|gone|moved\s+on|resigned|retired|dropped\s+out)\b.*?\b"
                  r"(?:remove|delete|drop|take|cross|strike)\s+(?:him|her|them)\b", t)  # fmt: skip
    if m:  # "Lena has left the team, remove her": her line
        return ("delete_matching", m.group(1))
    m = re.search(r"^\W*(?:please\s+)?(?:(?:right|just)\s+)?between\s+(\x00\d+\x00|[\w' -]+?)\s+and\s+(\x00\d+\x00|[\w' -]+?),?\s+(?:add|put|insert|write|type)\s+"
                  r"(?:a\s+line\s+(?:saying\s+)?)?(\x00\d+\x00|.+?)\W*$", t, re.I)  # fmt: skip
    if m:  # "between eggs and milk, add 'butter'": after the first
        return ("insert_near", _value(step, m.group(1)), _value(step, m.group(3)), "after")
    m = re.search(r"\b(?:delete|remove|drop|cut|erase|get\s+rid\s+of|strip\s+out|take\s+out)\s+(?:every|each|all(?:\s+the)?|any|the)\s+lines?\s+(?:that|which|with)\s+"
                  r"(?:has|have|contains?|mentions?|says|include[sd]?)?\s*(\x00\d+\x00|[\w'#-]+)(?:\s+in\s+(?:it|them))?\W*$", t, re.I)  # fmt: skip
    if m:  # "strip out every line that contains TODO"
        return ("delete_matching", _value(step, m.group(1)))
    if re.search(r"\b(?:remove|take|strip|drop|get\s+rid\s+of)\s+(?:the\s+|all\s+the\s+)?(?:numbers|numbering|digits)\s+(?:off|from)\s+(?:the\s+)?(?:front|start|beginning)\b", t, re.I):  # fmt: skip
        return ("strip_numbers",)
    if re.search(r"\bcapitali[sz]e\s+(?:the\s+)?first\s+letter\s+of\s+(?:each|every|all(?:\s+the)?)\s+\w+|\b(?:each|every)\s+\w+\s+(?:should\s+)?(?:start|begin)s?\s+with\s+a\s+capital", t, re.I):  # fmt: skip
        return ("capitalize_lines",)
    m = re.search(r"\b(?:(?:each|every|all(?:\s+the)?)\s+\w+\s+(?:needs|need|gets?|should\s+have|must\s+have|wants?)\s+(\x00\d+\x00)\s+(?:in\s+front|at\s+the\s+(?:start|beginning)|before\s+(?:it|them)))", t, re.I)  # fmt: skip
    if m:  # "every number needs '+44 ' in front": a prefix on each line
        return ("prefix_lines", step.restore(m.group(1)))
    m = re.search(r"\b(?:separated|split|divided)\s+by\s+(?:a\s+|an\s+)?(commas?|semi-?colons?|spaces?|dashes|slashes)(\s+and\s+a\s+space)?\b", t, re.I)  # fmt: skip
    if m and re.search(
        r"\b(?:one|a\s+single|the\s+same)\s+line\b", t, re.I
    ):  # "all on one line separated by a comma"
        sep = {"c": ",", "s": ";" if m.group(1).lower().startswith("semi") else " ", "d": " -", "/": "/"}.get(
            m.group(1)[0].lower(), ","
        )
        sep = "/" if m.group(1).lower().startswith("slash") else sep
        return ("join_lines", sep + (" " if m.group(2) or sep in (",", ";") else ""))
    m = re.search(r"\bjoin\s+(?:lines\s+)?(\d+)\s+(?:and|&|to|with)\s+(?:line\s+)?(\d+)(?:\s+with\s+(?:a\s+)?(space|comma|nothing|no\s+space))?", t, re.I)  # fmt: skip
    if m:  # "join lines 2 and 3 with a space"
        sep = {"comma": ", ", "nothing": "", "no space": ""}.get((m.group(3) or "space").lower(), " ")
        return ("join_range", int(m.group(1)), int(m.group(2)), sep)
    m = re.search(r"^\W*(?:please\s+)?(?:put|place|write)\s+(?:each|every)\s+\w+\s+on\s+(?:its|their|a)\s+(?:own|separate|new)\s+line", t, re.I)  # fmt: skip
    if m:  # "put each name on its own line"
        return ("split_items", "word" if re.search(r"\bword\b", t, re.I) else ",")
    m = re.search(r"\buse\s+(\w+)\s+instead\s+of\s+(\w+)\b", t, re.I)
    marks = {**PUNCTUATION, "dot": ".", "dots": "."}
    if m and m.group(1).lower() in marks and m.group(2).lower() in marks:  # "use colons instead of dashes"
        return ("replace", marks[m.group(2).lower()], marks[m.group(1).lower()])
    if re.search(r"\b(?:the\s+)?(?:person|one|name|item|line|entry)\s+(?:at|on)\s+the\s+top\s+(?:moves|goes|should\s+go)\s+to\s+the\s+(?:bottom|end)\b", t, re.I):  # fmt: skip
        return ("move_line", 1, "bottom")  # "the one at the top goes to the bottom"
    m = re.search(r"(\x00\d+\x00)\s+(?:is\s+|appears\s+|was\s+typed\s+|got\s+typed\s+|by\s+accident\s+)*(?:twice|two\s+times|2\s+times|doubled)\b", t, re.I) or re.search(
        r"\b(?:typed|wrote|put)\s+(\x00\d+\x00)\s+twice\b", t, re.I)  # fmt: skip
    if m and re.search(
        r"\b(?:remove|delete|drop|get\s+rid\s+of|fix|take\s+out|cut)\b", t, re.I
    ):  # "'the' is doubled, remove one"
        word = step.restore(m.group(1))
        return ("replace", f"{word} {word}", word)
    if re.search(r"\b(?:only\s+once|first\s+time\s+(?:each|it|they)|(?:appear|show|come)s?\s+(?:up\s+)?(?:twice|more\s+than\s+once)|(?:on|in)\s+the\s+\w+\s+twice|listed\s+twice)\b", t, re.I):  # fmt: skip
        return ("dedupe_lines",)  # "some names are in the list twice"
    m = re.search(r"\b(?:put|wrap|add)\s+(double\s+|single\s+)?quot(?:es|ation\s+marks)\s+(?:a?round|on)\s+(?:the\s+)?(?:sentence|text|whole\s+thing|line|quote)\b", t, re.I)  # fmt: skip
    if m:  # "put quotes round the sentence"
        mark = "'" if (m.group(1) or "").strip().lower() == "single" else '"'
        return ("wrap_lines", mark, mark)
    m = re.search(
        r"\b(?:fix|correct)\s+(?:the\s+)?(?:typo|spelling(?:\s+mistake)?|misspelling)\s+(?:of\s+)?(\x00\d+\x00)(?!.*\b(?:to|with|into|as)\b)",
        t,
        re.I,
    )
    if m:  # "fix the typo 'recieve'": the nearest word of the document
        return ("respell_near", step.restore(m.group(1)))
    return None


# "the name Ana should be Anna everywhere", "typo: teh should be the": one word for another
SHOULD_BE = re.compile(
    r"^\W*(?:[\w ]{1,30}:\s*)?(?:the\s+(?:name|word|spelling|surname|town|city|time|date)\s+)?([\w'-]+)\s+(?:should|must|needs\s+to)\s+"
    r"(?:be|say|read|become)\s+(?:spelled\s+|spelt\s+|written\s+)?([\w'-]+)(?:\s+(?:everywhere|throughout|instead|in\s+(?:the|this)\s+\w+))*\W*$",
    re.I)  # fmt: skip
# "replace the bank with the insurance company", "change butter to salted butter": each side said whole,
# words unquoted; what the tagger reads is kept unless it is only part of a side
PHRASE_REPLACE = re.compile(
    r"^\W*(?:replace|change|swap(?:\s+out)?|switch(?:\s+out)?|turn|correct|fix|exchange|rewrite)\s+(?:all\s+|every\s+|each\s+)?"
    r"(?:(?:the\s+)?(?:word|words|text|phrase|name|typo|spelling|misspelling|mistake|occurrences|instances)s?\s+(?:of\s+)?)?"
    r"(?P<old>\x00\d+\x00|(?!\s)[^\x00,;:]{1,60}?)\s*(?:\s(?:with|to|for|into|by)\s|->|\u2192|=>)\s*(?:the\s+(?:word|words|text|phrase)\s+)?"
    r"(?P<new>\x00\d+\x00|[^\x00,;:]{1,60}?)(?:\s+(?:everywhere|throughout|instead|now|too|as\s+well|please|pls|thanks|thank\s+you|for\s+me|in\s+(?:the|this|my)\s+(?:document|file|text|note|list|whole\s+thing)))*[\s.!?]*$",
    re.I,
)
# "it's not 10am, it's 9am": the first goes, the second comes
IT_IS_NOT = re.compile(r"\bit'?s\s+not\s+([\w'-]+),?\s+(?:it'?s|but)\s+([\w'-]+)", re.I)


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
        whole = PHRASE_REPLACE.match(step.prepared)
        if (
            whole
            and not re.search(r"\b(?:line|lines|LINE-?\d+|row|cell|column)\b", step.prepared, re.I)
            and all(len(whole.group(g).split()) <= 5 for g in ("old", "new"))
        ):
            said_old = _value(step, whole.group("old"))
            said_new = _value(step, re.sub(r"^(?:an?)\s+(?=\w)", "", whole.group("new"), flags=re.I))
            if re.fullmatch(r"(?:with|the|a|an|to|for|into|by|of|and|it|that|this)", said_new, re.I):
                said_new = ""  # "... with the with": no words of a side said
            placed = (
                r"\b(?:in|on|at|from|everywhere|throughout|across|within|inside)\b|[\w-]\.[a-z]\w{0,4}\b|~/"
            )
            vague = r"^(?:the\s+|a\s+|an\s+)?(?:new|right|correct|other|proper|latest|updated|better|real)\b"
            if (
                said_old
                and said_new
                and not re.search(placed, f"{said_old} {said_new}", re.I)
                and not re.search(vague, whole.group("new"), re.I)
                and (not old or new is None or (old in said_old and new in said_new))
            ):
                old, new = said_old, said_new
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
            m = m or SHOULD_BE.search(step.prepared) or IT_IS_NOT.search(step.prepared)
            if m:
                old, new = _value(step, m.group(1)), _value(step, m.group(2))
        unnamed = r"\b(?:the|a)\s+(?:right|new|correct|other|proper|old|latest|updated|better)\s+(?:one|version|name|word|text|value|person|guy|people|address|number|date|time)\b"
        if not old or new is None or "\x00" not in step.prepared and re.search(unnamed, text, re.I):
            # "swap the date for the correct one": which one was never said
            return f"What should I replace, and with what? Please quote both, e.g. replace 'a' with 'b' ({text!r})."
        return edit("replace", *_marks(old, new))
    if intent == "edit_delete_text":
        old = _first(s, "OLD") or _first(s, "TEXT")
        loose = DELETE_WORD.search(step.prepared)
        old = old or (_value(step, loose["said"]) if loose and not VAGUE.fullmatch(loose["said"]) else "")
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
        said = re.match(r"(?:(?:at|to)\s+the\s+(?:very\s+)?(?:top|start|beginning|bottom|end)(?:\s+of\s+(?:it|the\s+\w+))?\s+)?"
                        r"(?:(?:that|which)\s+(?:says|reads)|saying|reading)\s+(.+)$", value, re.I)  # fmt: skip
        value = (
            said.group(1) if said else value
        )  # "put a heading at the top that says Plans": the words it says
        ends = re.search(
            r"\b(?:start|begin|open|end|finish|close)s?\s+with\s+(?:the\s+(?:line|word|text)\s+)?(.+?)\W*$",
            step.prepared,
            re.I,
        )
        if (
            ends
            and "\x00" not in step.prepared
            and not re.search(r"\b(?:line|text|saying|says|reads)\b", value or "", re.I)
        ):
            value = ends.group(1)  # "I want the list to start with plums": plums is the line
        marked = (
            re.search(rf"(?<!\w){re.escape(value)}([!?])(?=\s|$)", step.prepared)
            if value and value[-1].isalnum()
            else None
        )
        value = (
            value + marked.group(1) if marked else value
        )  # "..., see you soon exclamation mark": the mark too
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
                PER_LINE_SAID.search(step.prepared) and "\n" not in value
            ):  # "add x, y and z, each on its own line"
                value = "\n".join(_names(PER_LINE_SAID.sub("", value)))
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
                  r"that contains|about|mentioning)\s+(?:the\s+word\s+)?(\S+(?:\s+\S+){0,3}?)(?:\s+(?:any\s*more|now|please|thanks))?\W*$", t, re.I) or re.search(
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
    place = (r"(?:\s+(?:to|at|on|as|onto|in)\s+(?:the\s+|my\s+|our\s+|this\s+)?(?:very\s+)?(?:end|top|bottom|beginning|start|first|last|new|"
             r"final|its own|a new|~|\S+\.\w+|it|this|that|(?:[\w-]+\s+){0,2}(?:list|document|note|notes|file|page|text))\b.*)?")  # fmt: skip
    m = re.search(
        rf"\b(?:line|text)\s+(?:that\s+says|saying|reading|that\s+reads|with|:)?\s*(.+?){place}\W*$", t, re.I
    )
    m = m or re.search(rf"\b(?:need|want|add|append|put|insert|prepend|write|type|stick|tack|pop|jot\s+down|note\s+down)\s+"
                       rf"(.+?)(?:\s+(?:added|appended|inserted|put))?{place}\W*$",
                       t, re.I)  # fmt: skip
    if not m:
        return ""
    value = re.sub(r"^(?:a|the|another|one more)\s+(?:new\s+)?line\s*(?:that says|saying|reading|:)?\s*", "",
                   m.group(1).strip(), flags=re.I)  # fmt: skip
    value = re.sub(r"\s+(?:added|appended|inserted|put)$", "", value, flags=re.I)
    value = re.sub(
        r",\s*(?:so\s+)?(?:please\s+)?(?:add|put|stick|append|insert|write|pop)\s+(?:it|them|that|those)\b.*$",
        "",
        value,
        flags=re.I,
    )
    missed = re.search(
        r"\b(?:forgot|forgotten|missed|left\s+out|also\s+need|need|needs)\s+(?:the\s+|some\s+|to\s+add\s+)?([\w' -]+?)\s*[,.;]",
        t,
        re.I,
    )
    if value.lower() in ("them", "it", "those", "that", "these", "this") and missed:
        value = missed.group(1)  # "we also need rice, add it at the end": what the remark named
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
               "slash": "/", "slashes": "/", "tab": "\t", "tabs": "\t", "exclamation mark": "!", "exclamation marks": "!",
               "exclamation point": "!", "exclamation points": "!", "question mark": "?", "question marks": "?"}  # fmt: skip


def _marks(old: str, new: str) -> tuple[str, str]:
    """The marks two words name when both name one ("commas" for semicolons: "," and ";"), else the words."""
    a, b = old.strip().lower(), new.strip().lower()
    return (PUNCTUATION[a], PUNCTUATION[b]) if a in PUNCTUATION and b in PUNCTUATION else (old, new)


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

    read = edit_request(t, step.restore) or _line_edit(step, t)
    if read:
        return edit(*read)
    quoted_word = re.search(r"\b(?:delete|remove|drop|erase|get rid of|take out|cut|strike)\s+(?:the\s+)?(?:word|words|text|phrase)\s+"
                            r"(\x00\d+\x00)", t, re.I)  # fmt: skip
    if quoted_word:  # "remove the word 'draft' from the title line": that word, not a line
        return edit("delete_text", step.restore(quoted_word.group(1)))

    said = re.search(
        r"\b(?:says|reads|has|shows)\s+(\x00\d+\x00|[\w'-]+\b).*\b(?:remove|delete|drop|get\s+rid\s+of|cut|lose)\s+(?:that|the|this)\s+line\b",
        t,
        re.I,
    )
    if said:  # "the note reads 'old' up top; cut that line": the line with those words
        return edit("delete_matching", _value(step, said.group(1)))
    upto = re.search(r"\b(?:delete|remove|drop|cut|get\s+rid\s+of)\s+(?:everything|all(?:\s+the\s+text)?|whatever\s+comes)\s+(?:after|below|following)\s+"
                     r"(?:the\s+line\s+(?:with\s+|that\s+says\s+)?)?(\x00\d+\x00|[\w'-]+)\W*$", t, re.I)  # fmt: skip
    if upto and not re.match(
        r"(?:line|the)$", upto.group(1), re.I
    ):  # "cut all the text below Cheers": that line is the last kept
        return edit("keep_until", _value(step, upto.group(1)))
    if re.search(r"\b(?:remove|delete|strip|drop|get\s+rid\s+of|take\s+off)\s+(?:the\s+)?(?:numbers|numbering|digits)\s+(?:at|from)\s+the\s+(?:start|beginning|front)\s+of\s+"
                 r"(?:each|every|all(?:\s+the)?)\s+lines?\b", t, re.I):  # fmt: skip
        return edit("strip_numbers")  # "take off the numbering at the front of every line"
    heading = re.search(
        r"\b(?:change|replace|set|make|rename)\s+the\s+(?:heading|title|headline|first\s+line|top\s+line)\s+(?:to|with|into|as)\s+(\x00\d+\x00|.+?)\W*$",
        t,
        re.I,
    )
    if heading:  # "set the title to Minutes": the first line's new text
        return edit("set_line", 1, _value(step, heading.group(1)))
    span = re.search(r"\b(?:delete|remove|drop|cut|erase|get\s+rid\s+of|take\s+out)\s+(?:the\s+)?(?:lines?\s+(\d+)\s*(?:to|through|thru|-|and)\s*(\d+)|"
                     r"(first|last|top|bottom)\s+(two|three|four|five|\d+)\s+lines)\b", t, re.I)  # fmt: skip
    if span:  # "drop lines 3 to 5", "cut the bottom 2 lines": those lines, the rest kept
        if span.group(1):
            return edit("delete_lines", int(span.group(1)), int(span.group(2)))
        count = {"two": 2, "three": 3, "four": 4, "five": 5}.get(span.group(4).lower()) or int(span.group(4))
        return (
            edit("delete_lines", 1, count)
            if span.group(3).lower() in ("first", "top")
            else edit("delete_lines", -count, -1)
        )
    picked = re.search(r"\b(keep|leave)\s+(?:only|just)\s+(?:the\s+)?lines?\s+(?:with|containing|that\s+(?:contain|have|say|mention))\s+(\x00\d+\x00|[\w'#-]+)"
                       r"|\b(?:only\s+)?keep\s+(?:the\s+)?lines?\s+(?:with|containing|that\s+(?:contain|have|mention))\s+(\x00\d+\x00|[\w'#-]+)(?:\s+in\s+(?:them|it))?\W*$"
                       r"|\b(?:remove|delete|drop|cut|get\s+rid\s+of)\s+(?:every|each|all(?:\s+the)?|any|the)\s+lines?\s+(?:that\s+|which\s+)?(?:starts?|begins?|starting|beginning)\s+with\s+(\x00\d+\x00|\S+?)\W*$",
                       t, re.I)  # fmt: skip
    if picked and (
        picked.group(2) or picked.group(3)
    ):  # "leave only the lines that mention urgent": the others go
        return edit("keep_matching", _value(step, picked.group(2) or picked.group(3)))
    if picked:  # "drop any line beginning with //": those lines go
        return edit("delete_prefixed", _value(step, picked.group(4)))
    if re.search(r"\b(?:blank|empty)\s+lines?\b", t, re.I) and re.search(
        r"\b(?:remove|delete|drop|get\s+rid|clean|lose|strip|take\s+out)\b", t, re.I
    ):
        return edit("remove_blank")  # "the blank line at the end can go, remove it"
    if re.search(
        r"\b(?:every|each|all(?:\s+the)?)\s+lines?\s+(?:should\s+)?(?:starts?|begins?)\s+with\s+(?:a\s+)?capital",
        t,
        re.I,
    ):
        return edit("capitalize_lines")  # "each line should begin with a capital"
    indent = re.search(
        r"\bindent\s+(?:every|each|all(?:\s+the)?|the)\s+lines?\s+(?:by\s+|with\s+)?(\d+|two|four)\s+spaces\b|\bindent\s+(?:every|each|all(?:\s+the)?)\s+lines?\b",
        t,
        re.I,
    )
    if indent:  # "indent each line by 2 spaces" (a tab's worth, 4, when no number is said)
        n = {"two": 2, "four": 4}.get((indent.group(1) or "").lower()) or int(indent.group(1) or 4)
        return edit("prefix_lines", " " * n)
    item = re.search(
        r"\bthe\s+(first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+(?:line|item|entry|point)\s+should\s+(?:be|say|read)\s+(\x00\d+\x00|.+?)\W*$",
        t,
        re.I,
    )
    if item:  # "the 4th item should read call the bank": that line's new text
        n = ORDINALS.get(item.group(1).lower()) or int(re.sub(r"\D", "", item.group(1)))
        return edit("set_line", n, _value(step, item.group(2)))
    fixing = r"\b(?:fix|correct|sort|change|swap|switch|flip|reverse|put\s+(?:it\s+|them\s+|that\s+)?right|straighten)\b"
    wrong_way = re.search(r"\b(first|top|last|bottom)\s+(?:two|2)\s+(?:lines|ones|items|entries)\b.*\b(?:wrong\s+(?:order|way)|backwards|"
                          r"swapped|mixed\s+up|the\s+other\s+way)", t, re.I)  # fmt: skip
    if wrong_way and re.search(fixing, t, re.I):  # "the top 2 lines got swapped around, put them right"
        return (
            edit("swap_lines", 1, 2)
            if wrong_way.group(1).lower() in ("first", "top")
            else edit("swap_lines", -2, -1)
        )
    if re.search(r"\b(?:upside\s+down|backwards|back\s+to\s+front|(?:in\s+)?(?:the\s+)?(?:wrong|reverse)\s+order|the\s+wrong\s+way\s+round)\b", t, re.I) and (
            re.search(fixing + r"|\bturn\b", t, re.I)):  # fmt: skip
        return edit("reverse_lines")  # "this list runs backwards, reverse it"
    done = re.search(r"\b(?:finished|done|did|called|bought|paid|completed|sent|posted|fixed|cleaned|booked|got)\s+(?:the\s+|my\s+|our\s+)?"
                     r"([\w' -]+?),?\s+(?:so\s+)?(?:please\s+)?(?:cross|take|tick|strike|scratch|remove|delete|drop|mark)\s+(?:it|that|this)\b", t, re.I)  # fmt: skip
    if done and not re.fullmatch(r"(?:that|this|the)\s+one|it|that|this|them", done.group(1).strip(), re.I):
        # "I already paid the rent, cross it off": the list's line with those words goes ("that one" is unsaid)
        return edit("delete_matching", done.group(1).strip())
    typo = re.search(
        r"\b(?:fix|correct|sort\s+out)\b.*\b(?:typo|spelling|misspell\w*|mistake)\b|\btypo\b", t, re.I
    )
    known = [w for w in re.findall(r"[A-Za-z][\w']+", step.restore(t)) if w.lower() in MISSPELLINGS]
    if typo and len(known) == 1:  # "fix the typo wich": a common misspelling the clause names
        right = MISSPELLINGS[known[0].lower()]
        return edit("respell", known[0].lower(), right)  # whatever its case in the text
    said = re.search(r"\b(?:still\s+)?(?:says|reads|has|shows)\s+(\x00\d+\x00|[\w'-]+)(?:\s+(?:everywhere|throughout|in\s+it))?\s*[,.;-]+\s*(?:so\s+)?"
                     r"(?:please\s+)?(?:make|change|turn)\s+(?:it|that|them)\s+(?:to\s+|into\s+)?(\x00\d+\x00|[\w'-]+)\W*$", t, re.I)  # fmt: skip
    if said:  # "it keeps saying colour, change that to color": each place it says so
        return edit("replace", _value(step, said.group(1)), _value(step, said.group(2)))
    stated = re.search(
        r"\b(?:is|are|'s|was)\s+(?:on|at|in|for)?\s*(\x00\d+\x00|[\w:.'-]+),?\s+not\s+(?:on\s+|at\s+|in\s+|for\s+)?(\x00\d+\x00|[\w:.'-]+)\b",
        t,
        re.I,
    )
    if stated and re.search(fixing + r"|\bupdate\b", t, re.I):  # "the call is at 5, not 4 - fix the note"
        return edit("replace", _value(step, stated.group(2)), _value(step, stated.group(1)))
    kept = re.search(r"\bkeep\s+(?:just\s+|only\s+)?(?:the\s+)?(?:first|top)\s+(\d+|one|two|three|line)\b(?:\s+lines?)?|\b(?:only\s+keep|keep\s+only)\s+"
                     r"(?:the\s+)?(?:first|top)\s+(\d+|one|two|three)?\s*lines?\b|\b(?:delete|remove|drop)\s+(?:everything|all)\s+(?:after|below)\s+"
                     r"(?:the\s+)?(?:line\s+(\d+)|(first|second|third|\d+(?:st|nd|rd|th))\s+line)", t, re.I)  # fmt: skip
    if kept:  # "leave just the top 3 lines", "delete everything after line 3"
        word = next(g for g in (*kept.groups(), "1") if g).lower()
        n = (
            {"line": 1, "one": 1, "two": 2, "three": 3}.get(word)
            or ORDINALS.get(word)
            or int(re.sub(r"\D", "", word) or 1)
        )
        return edit("keep_lines", n)
    if re.search(r"\b(?:split|break)\b.*\b(?:each|every|one)\s+(?:item|word|entry|name|thing|part)\b.*\b(?:own|separate|new)\s+line\b|"
                 r"^\W*(?:please\s+)?(?:put|place)\s+(?:each|every)\s+(?:word|item|name|entry)\s+on\s+(?:its|a)\s+(?:own|separate|new)\s+line\b|"
                 r"\b(?:each|every)\s+(?:item|entry|name)\s+on\s+(?:its|a)\s+(?:own|separate|new)\s+line\b", t, re.I):  # fmt: skip
        return edit(
            "split_items", "word" if re.search(r"\bword\b", t, re.I) else ","
        )  # "break it up so that every word sits on a separate line"
    if re.search(r"\bbullet(?:ed)?\s+(?:list|points?)\b", t, re.I) or re.search(
            r"\b(?:dash|hyphen)(?:es)?\b.*\b(?:in\s+front\s+of|before|at\s+the\s+start\s+of)\s+(?:each|every|all)", t, re.I):  # fmt: skip
        said = re.search(
            r"(\x00\d+\x00)\s+(?:before|in\s+front\s+of|at\s+the\s+start\s+of)", t
        )  # the mark quoted
        written = re.search(r"\b(?:with|using|as)\s+(?:an?\s+|the\s+)?([*\u2022+>-]|\x00\d+\x00)(?=\s|$)", t)
        mark = (
            step.restore(said.group(1))
            if said
            else (step.restore(written.group(1)).strip() + " ")
            if written
            else "* "
            if re.search(r"\b(?:star|asterisk)s?\b", t, re.I)
            else "- "
        )
        # "every line but the heading", "each line after the first": the first line stays as it is
        first_kept = re.search(
            r"\b(?:after|below|under|except(?:\s+for)?|but|apart\s+from|other\s+than|besides)\s+(?:the\s+)?(?:first(?:\s+(?:line|one))?|top\s+(?:line|one)|heading|title|header)\b",
            t,
            re.I,
        )
        return (
            edit("prefix_lines", mark, 2) if first_kept else edit("prefix_lines", mark)
        )  # "make it a bullet list with dashes"
    if re.search(r"\b(?:sort|order|arrange|rank|put)\b", t, re.I) and not re.search(rf"\b{REF}\b", t):
        low_first = r"(?:smallest|lowest|least|fewest|earliest|oldest|cheapest|small|low|a)\s+(?:to|-)\s+(?:largest|biggest|highest|greatest|most|latest|newest|big|high|z)\b"
        high_first = r"(?:largest|biggest|highest|greatest|most|latest|newest|big|high|z)\s+(?:to|-)\s+(?:smallest|lowest|least|fewest|earliest|oldest|small|low|a)\b"
        if re.search(rf"\b{low_first}|\bascending\b|\bincreasing\b", t, re.I):  # fmt: skip
            return edit("sort")  # "put them in ascending order": whatever the classifier read
        if re.search(rf"\b{high_first}|\bdescending\b|\bdecreasing\b", t, re.I):
            return edit("sort_reverse")
    word_caps = re.search(r"\bevery\s+word\s+(?:in|on|of)\s+the\s+(first|second|third|last|top|\d+(?:st|nd|rd|th))\s+line\s+(?:should\s+)?(?:starts?|begins?)\s+"
                          r"with\s+a\s+capital|\bcapitali[sz]e\s+(?:every|each|all\s+the)\s+words?\s+(?:in|on|of)\s+the\s+(first|second|third|last|top|\d+(?:st|nd|rd|th))\s+line",
                          t, re.I)  # fmt: skip
    if word_caps:  # "every word of the top line should begin with a capital": that line in title case
        which = (word_caps.group(1) or word_caps.group(2)).lower()
        return edit("title_case", ORDINALS.get(which) or int(re.sub(r"\D", "", which)))
    if re.search(r"\bcapitali[sz]e\s+(?:each|every|all(?:\s+the)?)\s+(?:\w+\s+)?(?:words?|names?|cit(?:y|ies)|items?|entr(?:y|ies)|places?)\b|"
                 r"\b(?:each|every)\s+(?:name|word|city|item|entry|place)\s+(?:a|with\s+a|should\s+(?:start\s+with|have)\s+a)\s+capital\b|"
                 r"\bgive\s+(?:each|every|all(?:\s+the)?)\s+\w+\s+(?:a\s+)?capitals?\s+(?:letter|first\s+letter)", t, re.I):  # fmt: skip
        return edit(
            "title_case", 0
        )  # "give every city a capital": a capital first letter on each word, the rest kept
    if re.search(r"\bwith\s+the\s+total\b|\btotal\s+line\b|\bline\b.*\btotal\b|\btotal\b.*\bline\b", t, re.I) and re.search(
            r"\b(?:add|append|put|write|insert)\b", t, re.I) and not re.search(rf"\b{REF}\b", t) and not re.search(
            r"\b(?:saying|that\s+says|reading|that\s+reads)\s+\w[\w ]*?:\s*-?\d", step.restore(t), re.I):  # fmt: skip
        # (a line whose words and number are said, "saying Total: 3", is that line, not a sum)
        label = re.search(
            r"\b(?:like|as|reading|saying|format(?:ted)?)\s+\W?(\w[\w ]*?)\s*:\s*(?:n|x|the\s+(?:total|sum|number))?\W*",
            step.restore(t),
            re.I,
        )
        return edit(
            "append_sum", *([f"{label.group(1)}: "] if label else [])
        )  # "add a total line at the bottom, like 'Sum: N'"
    m = re.search(r"\b(?:add|insert|put|write)\s+(?:a|an)\s+(second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+line\s+(?:that\s+(?:says|reads)|saying|"
                  r"reading|with|:)\s*(\x00\d+\x00|.+?)\W*$", t, re.I)  # fmt: skip
    if m:  # "add a fourth line saying the end"
        n = ORDINALS.get(m.group(1).lower()) or int(re.sub(r"\D", "", m.group(1)))
        return edit("insert_at", n, step.restore(m.group(2)).strip())
    which = r"(first|second|third|fourth|fifth|last|top|bottom|one|\d+(?:st|nd|rd|th)?)"
    pair = re.search(rf"\b(?:swap|switch|exchange|flip)\s+(?:the\s+)?(?:lines?\s+)?{which}\s+(?:line\s+)?(?:and|with)\s+(?:the\s+)?"
                     rf"(?:line\s+)?{which}(?:\s+lines?|\s+ones?)?\W*$", t, re.I)  # fmt: skip
    if pair:  # "swap the first and second lines", "switch line 2 with line 5"
        a, b = (
            ORDINALS.get(w.lower()) or int(re.sub(r"\D", "", w.lower().replace("one", "1")) or 0)
            for w in pair.groups()
        )
        if a and b and a != b:
            return edit("swap_lines", a, b)
    two = re.search(
        r"\b(?:swap|switch|exchange|flip|reverse)\s+(?:the\s+)?(first|top|last|bottom)\s+(?:two|2)\s+(?:lines|ones|items|entries)\b",
        t,
        re.I,
    )
    if two:  # "swap the last two lines"
        return (
            edit("swap_lines", 1, 2)
            if two.group(1).lower() in ("first", "top")
            else edit("swap_lines", -2, -1)
        )
    words = re.search(r"\b(?:swap|switch|exchange|interchange|flip)\s+(?:the\s+words?\s+|round\s+|around\s+)?(?!(?:the|lines?|line)\b)"
                      r"(\x00\d+\x00|[\w'-]+)\s+(?:and|with|&)\s+(?:the\s+word\s+)?(?!lines?\b)(\x00\d+\x00|[\w'-]+)"
                      r"(?:\s+(?:around|round|over|everywhere|throughout|in\s+the\s+(?:text|document|file)))*\W*$", t, re.I)  # fmt: skip
    if words and not re.search(rf"\b{which}\b", re.sub(r"\x00\d+\x00", "", words.group(0)), re.I):
        # "exchange north and south everywhere": each word stands where the other stood
        return edit("swap_words", _value(step, words.group(1)), _value(step, words.group(2)))
    nth = re.search(rf"\bmove\s+(?:the\s+)?{which}\s+line\s+(?:up\s+|down\s+)?to\s+the\s+(?:very\s+)?(top|bottom|end|start|beginning)\b",
                    t, re.I)  # fmt: skip
    if nth:  # "move the second line to the end"
        n = ORDINALS.get(nth.group(1).lower()) or int(re.sub(r"\D", "", nth.group(1)) or 0)
        if n:
            return edit(
                "move_line", n, "top" if nth.group(2).lower() in ("top", "start", "beginning") else "bottom"
            )
    every = re.match(r"^\W*(?:please\s+)?(?:change|turn|switch|make)\s+(?:every|each|all(?:\s+of)?(?:\s+the)?)\s+(\x00\d+\x00|[\w'-]+)\s+"
                     r"(?:to|into)\s+(?:an?\s+)?(\x00\d+\x00|[\w'-]+)\W*$", t, re.I)  # fmt: skip
    if every:  # "turn every cat into dog": each time the word stands
        return edit("replace", *_marks(_value(step, every.group(1)), _value(step, every.group(2))))
    if not re.search(r"\bsort|\balphabet|\bz\s*(?:to|-)\s*a\b", t, re.I) and re.search(
        r"\b(?:flip|reverse|invert|turn around|swap)\b.*\b(?:order|lines)\b|\bturn\b.*\blines\b.*\baround\b|"
        r"\blast\s+(?:one|line)\s+(?:comes\s+)?first\b",
        t,
        re.I,
    ):
        return edit("reverse_lines")
    if re.search(
        r"\b(?:join|merge|combine|put)\b.*\blines?\b.*\b(?:into one|together|one line|a single line|on one line)\b|\b(?:turn|make|put)\b.*\b(?:list|lines|it|everything)\b.*\b(?:into|onto|on|as)\s+(?:one|a\s+single)\s+line\b",
        t,
        re.I,
    ):
        comma, space = re.search(r"\bcommas?\b", t, re.I), re.search(r"\bspaces?\b", t, re.I)
        semi = re.search(r"\bsemi-?colons?\b", t, re.I)
        # "merge the lines onto a single line with semicolons": what goes between as said
        if comma or semi:
            return edit(
                "join_lines",
                "; " if semi else ", " if space or not re.search(r"\bno\s+space", t, re.I) else ",",
            )
        return edit("join_lines")
    m = re.search(r"\b(?:put|add|prefix|insert|write)\s+(\x00\d+\x00|\S+)\s+(?:in front of|before|at the (?:start|beginning) of)\s+"
                  r"(?:every|each|all(?: the)?)\s+lines?\b", t, re.I)  # fmt: skip
    if m:
        return edit("prefix_lines", step.restore(m.group(1)))  # as written: "TODO: " keeps its space
    m = re.search(r"\b(?:every|each|all(?:\s+the)?)\s+lines?\s+(?:should\s+|must\s+|to\s+|needs?\s+to\s+)?(?:start|begin|open)s?\s+with\s+(?:an?\s+)?"
                  r"(dash|hyphen|star|asterisk|bullet|hash|\x00\d+\x00)\W*$", t, re.I)  # fmt: skip
    if m:  # "make every line start with a star": a list mark and a space, or the words quoted
        marks = {
            "star": "* ",
            "asterisk": "* ",
            "bullet": "\u2022 ",
            "hash": "# ",
            "dash": "- ",
            "hyphen": "- ",
        }
        return edit("prefix_lines", marks.get(m.group(1).lower()) or step.restore(m.group(1)))
    m = re.search(r"\b(?:put|add|prefix|insert|start)\s+(?:each\s+line\s+with\s+|every\s+line\s+with\s+)?(?:an?\s+)?(dash|hyphen|star|asterisk|bullet|hash)"
                  r"(?:\s+(?:in front of|before|at the (?:start|beginning) of)\s+(?:every|each|all(?: the)?)\s+lines?)?\W*$", t, re.I)  # fmt: skip
    if m and re.search(
        r"\b(?:every|each|all)\b", t, re.I
    ):  # "put a dash in front of every line": a list mark and a space
        return edit(
            "prefix_lines",
            {"star": "* ", "asterisk": "* ", "bullet": "\u2022 ", "hash": "# "}.get(m.group(1).lower(), "- "),
        )
    if not re.search(r"\b(?:total|sum)\b", t, re.I) and re.search(r"\bnumber\s+(?:the|each|every|all(?:\s+the)?|my)\s+(?:\w+\s+)?(?:lines?|items|entries|rows|steps|tasks|points|names|things|jobs|questions)\b|"
                 r"\b(?:add|put|give)\b.*\bnumbers?\b.*\b(?:lines?|items|entries)\b|\b(?:give|add)\b.*\b(?:lines?|items|entries)\b.*\bnumbers?\b|\bnumbered\s+list\b", t, re.I):  # fmt: skip
        shape = next(
            (v for v in step.values if re.search(r"\d", v)), "1. "
        )  # "like '1) '": the first one shown
        m = re.match(r"^(\D*?)\d+([^\w]*)", shape)  # "1) wash": what stands around the number
        return edit("number_lines", m.group(1), m.group(2)) if m else edit("number_lines", "", ". ")
    m = re.search(r"\b(?:wrap|put|surround|enclose|quote)\s+(?:the\s+word\s+|the\s+text\s+)?(\x00\d+\x00|[\w'-]+)\s+(?:in|with|inside|"
                  r"between)\s+(?:double\s+|single\s+)?(quotes|quotation marks|brackets|parentheses|parens|square brackets|asterisks|"
                  r"stars|underscores)\b", t, re.I)  # fmt: skip
    around = re.search(r"\b(?:put|add|place)\s+(?:double\s+|single\s+)?(quotes|quotation marks|brackets|parentheses|parens|square brackets|"
                       r"asterisks|stars|underscores)\s+(?:around|round|on either side of)\s+(?:the\s+word\s+|the\s+text\s+)?"
                       r"(\x00\d+\x00|[\w'-]+)", t, re.I)  # fmt: skip
    whole = re.search(r"\b(?:wrap|put|surround|enclose)\s+(?:the\s+(?:whole\s+)?|each\s+|every\s+|all\s+(?:the\s+)?)?(?:line|lines|text|"
                      r"sentence|it|everything)\s+(?:in|with|inside|between)\s+(?:double\s+|single\s+)?(quotes|quotation marks|brackets|"
                      r"parentheses|parens|square brackets|asterisks|stars|underscores)\b", t, re.I) or re.search(
        r"\b(?:put|add|place)\s+(?:double\s+|single\s+)?(quotes|quotation marks|brackets|parentheses|parens|square brackets|asterisks|stars)\s+"
        r"(?:around|round)\s+(?:each|every|all\s+(?:the\s+)?)\s+(?:line|lines|item|items|entry|entries)\b", t, re.I)  # fmt: skip
    around = None if whole else around  # "put quotes around each line": every line, no one word
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
    m = m or re.search(r"\bline\s+(\d+)\b.*?\b(lower\s*case|upper\s*case|capitals|all caps|caps)\b", t, re.I)
    if m:  # "lowercase only the 2nd line", "make line 3 all caps"
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
        if re.search(
            r"\b(?:each|every|all(?:\s+the)?)\s+(?:lines?|sentences?|items?|entr(?:y|ies)|rows?)\b", t, re.I
        ):
            return edit("end_lines", mark)  # "all the items want a full stop at the end": each line
        line = re.search(
            r"\bof\s+(?:the\s+)?(?:(first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+line|line\s+(\d+))\b",
            t,
            re.I,
        )
        if line:  # "a question mark at the end of line 2": that line
            which = (line.group(1) or line.group(2)).lower()
            return edit("end_with", mark, ORDINALS.get(which) or int(re.sub(r"\D", "", which)))
        return edit("end_with", mark)
    m = re.search(r"(\x00\d+\x00|[A-Za-z][\w'-]+)\s+is\s+(?:misspell?(?:ed|t)|spelt wrong|spelled wrong|a typo|wrong)\b|\b(?:fix|correct)\s+"
                  r"(?:the\s+)?(?:spelling|typo)\s+(?:of|in)\s+(\x00\d+\x00|[A-Za-z][\w'-]+)", t, re.I)  # fmt: skip
    if (
        m and _value(step, m.group(1) or m.group(2)).lower() in MISSPELLINGS
    ):  # "recieve is misspelled, fix it"
        wrong = _value(step, m.group(1) or m.group(2))
        right = MISSPELLINGS[wrong.lower()]
        return edit("respell", wrong.lower(), right)
    m = re.search(r"\b(?:replace|overwrite)\s+(?:everything|all(?:\s+the\s+text)?|the\s+(?:whole\s+)?(?:text|contents?|document|file))"
                  r"(?:\s+(?:in|of)\s+(?:this|the)\s+(?:file|document|note))?\s+with\s+(?:just\s+|only\s+)?(?:the\s+(?:word|text|line)\s+)?"
                  r"(\x00\d+\x00|.+?)[\s.]*$|\b(?:rewrite|change|make|turn)\s+it\s+(?:all\s+)?(?:as|to|into|say|read)\s+(\x00\d+\x00|(?<=say )[^\x00]+?|(?<=read )[^\x00]+?)(?:\s+instead)?\W*$", t, re.I)  # fmt: skip
    if m:  # "replace all the text with just closed", "make it say 'Ann Lee'"
        return edit("set_text", step.restore(m.group(1) or m.group(2)).strip())
    m = re.search(r"\b(?:add|put|insert|give\s+it|write|start\s+(?:it|the\s+\w+)\s+with)\s+(?:a\s+|the\s+)?(?:heading|title|header|headline)\s+(?:(?:at|to)\s+the\s+(?:very\s+)?(?:top|start|beginning)(?:\s+of\s+(?:it|the\s+\w+))?\s+)?"
                  r"(?:called\s+|saying\s+|that\s+says\s+|which\s+says\s+|that\s+reads\s+|reading\s+|of\s+|:\s*)?(\x00\d+\x00|.+?)(?:\s+at\s+the\s+(?:top|start|beginning))?\W*$", t, re.I)  # fmt: skip
    if m:  # "add a heading called Notes": a first line
        head = re.sub(
            r"^line\s+|\s+(?:above|over|on\s+top\s+of|before)\b.*$|\s+(?:as|on|at)\s+(?:the\s+)?(?:very\s+)?(?:first|top|opening)(?:\s+line)?$",
            "",
            m.group(1),
            flags=re.I,
        )
        quoted = re.search(r"\x00\d+\x00", head)
        return edit("insert_line", step.restore(quoted.group(0) if quoted else head).strip())
    nth = r"(first|second|third|fourth|fifth|sixth|last|\d+(?:st|nd|rd|th)?)"
    m = re.search(rf"\b(?:insert|add|put|write|place|stick|slot|squeeze|pop)\s+(\x00\d+\x00|.+?)\s+(?:on\s+a\s+new\s+line\s+|as\s+a\s+new\s+line\s+|in\s+)?"
                  rf"(between|after|below|under|beneath|underneath|before|above)\s+(?:the\s+)?(?:line\s+{nth}|{nth}(?:\s+line)?)(?:\s+and\s+(?:the\s+)?"
                  rf"(?:line\s+)?{nth}(?:\s+lines?)?|\s+lines?)?\W*$", t, re.I)  # fmt: skip
    if m:  # "put 'x' ahead of line 1", "slot y in between lines 4 and 5", "... after line 2"
        new = _named_value(re.sub(r"^(?:the\s+|a\s+|an\s+)?(?:new\s+)?(?:line\s+|text\s+)?(?:saying\s+|that\s+says\s+)?", "",
                                  step.restore(m.group(1)).strip(), flags=re.I))  # fmt: skip
        new = (
            "" if re.fullmatch(r"(?:an?\s+)?(?:blank|empty)(?:\s+line)?", new, re.I) else new
        )  # "a blank line after line 1"
        word = (m.group(3) or m.group(4)).lower()
        n = ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)
        if n == -1:
            return edit("append_line", new) if m.group(2).lower() not in ("before", "above") else []
        if n:
            return edit("insert_at", n if m.group(2).lower() in ("before", "above") else n + 1, new)
    m = re.search(r"\b(?:insert|add|put|write|place|stick|slot|squeeze|pop)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:blank|empty)\s+line\s+between\s+(?:the\s+)?(?:two|2)\s+"
                  r"(?:paragraphs|lines|sections|parts|sentences|bits)\b", t, re.I)  # fmt: skip
    if m:  # "a blank line between the 2 sections": after the first
        return edit("insert_at", 2, "")
    m = re.search(r"\b(?:insert|add|put|write|place|stick|slot|squeeze|pop)\s+(\x00\d+\x00|.+?)\s+(?:on\s+a\s+new\s+line\s+|as\s+a\s+new\s+line\s+|in\s+)?"
                  r"(between|after|below|under|beneath|underneath|before|above)\s+(?:the\s+line\s+(?:with\s+|that\s+says\s+|about\s+|containing\s+)?)?(?:the\s+|a\s+|an\s+|my\s+)?"
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
                re.sub(
                    r"\s+(?:just|right|directly|straight)$", "", step.restore(m.group(1)).strip(), flags=re.I
                ),
                flags=re.I,
            )  # fmt: skip
        )
        anchor = step.restore(m.group(3)).strip()
        if anchor.lower() in (
            "list",
            "document",
            "text",
            "file",
            "note",
            "notes",
            "others",
            "rest",
            "everything",
            "items",
            "lines",
            "entries",
        ):
            return edit(
                "append_line" if where == "after" else "insert_line", new
            )  # "under the list": at its end
        return edit("insert_near", anchor, new, where)
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
    m = re.search(r"\bnew\s+(?:phone\s+|mobile\s+|cell\s+|home\s+|work\s+)?(?:number|phone|email|e-mail|email\s+address|mobile)\b\s*(?:is|:|-)?\s*"
                  r"(\+?[\d(][\d ()+.-]*\d|[\w.+-]+@[\w-]+\.[\w.]+)", t, re.I)  # fmt: skip
    if m and re.search(
        r"\b(?:update|fix|change|correct|edit|put|replace)\b", t, re.I
    ):  # "the new email is mo@mail.net, update the contact"
        return edit("replace_like", m.group(1).strip())
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
    if re.search(r"\bduplicated\b|\bduplicates\b|\bduplicate\s+(?:lines?|entries|items|names|ones)\b|\brepeated\s+lines?\b|\bdouble[ds]?\s+lines?\b|\bthe\s+extra\s+one\b|\bdupes?\b|\b(?:in\s+there\s+|appears\s+|listed\s+|written\s+|shows\s+up\s+)?twice\b|\bthe\s+(?:duplicate|repeat|copy)\b", t, re.I) and re.search(
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
        slip = re.search(
            rf"\b(?:wrote|typed|put|spelled|spelt|used|entered)\s+{re.escape(m.group(1))}\s", t, re.I
        )
        if slip:  # "I typed adress instead of address": what was written is the mistake
            return edit("replace", step.restore(m.group(1)), step.restore(m.group(2)))
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
    mark = r"(\w+(?:\s+(?:stops?|marks?|points?))?)"
    m = re.search(
        rf"\b(?:replace|change|swap|turn)\s+(?:all\s+|every\s+|each\s+)?(?:the\s+)?{mark}\s+(?:with|to|for|into)\s+(?:an?\s+)?{mark}\b",
        t,
        re.I,
    )
    if m and m.group(1).lower() in PUNCTUATION and m.group(2).lower() in PUNCTUATION:
        return edit("replace", PUNCTUATION[m.group(1).lower()], PUNCTUATION[m.group(2).lower()])
    m = re.search(
        rf"\b(?:remove|delete|drop|strip|get\s+rid\s+of|take\s+out|lose)\s+(?:all\s+|every\s+|each\s+)?(?:of\s+)?(?:the\s+)?{mark}\W*$",
        t,
        re.I,
    )
    if m and m.group(1).lower() in PUNCTUATION and PUNCTUATION[m.group(1).lower()] not in (" ", "\t"):
        return edit(
            "replace", PUNCTUATION[m.group(1).lower()], ""
        )  # "strip out every semicolon": each one goes
    m = re.search(r"(?:the\s+word\s+)?(\x00\d+\x00|[\w'-]+)\s+(?:appears|shows\s+up|is\s+used|occurs|comes\s+up)\b.*?\b(?:switch|change|turn|replace|make)\s+"
                  r"(?:it|them|each\s+one|every\s+one|all\s+of\s+them)\s+(?:to|into|with|for)\s+(\x00\d+\x00|[\w'-]+)", t, re.I)  # fmt: skip
    if m:  # "the name Bo shows up twice, change it to Bob": the word each time it stands
        return edit("replace", _value(step, m.group(1)), _value(step, m.group(2)))
    m = re.match(
        r"^\W*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:change|update|set|bump|raise|increase|move|push)\s+(?:up\s+)?(?:the\s+|my\s+)?([a-z][a-z ]{1,30}?)\s+to\s+(\S+?)\W*$",
        t,
        re.I,
    )
    setting = re.fullmatch(r"true|false|on|off|yes|no|enabled?|disabled?", m.group(2), re.I) if m else None
    if (
        m
        and "\x00" not in t
        and (
            " " in m.group(1)
            or re.search(r"[\d@]", m.group(2))
            or setting
            or re.search(r"\b(?:change|update|set)\s+(?:the|my)\s+\w+\s+to\b", m.group(0), re.I)
        )
    ):  # "please set autosave to yes", "set the theme to dark"
        return edit("set_field", m.group(1), m.group(2))
    return []


QUESTION = re.compile(
    r"^\W*(?:(?:in|on|using)\s+(?:the\s+)?(?:chrome|chromium|browser|web|site),?\s+)?(?:(?:can|could)\s+you\s+|please\s+)?"
    # "in what year did they open?", "show me what a jar of honey goes for", "is delivery free on weekends?"
    r"(?:(?:in|at|on|for|from|since|by|to)\s+(?=which|what|when|how)|show\s+me\s+(?=what|how|which|where|when|who)|"
    r"(?:is|are|was|were|has|have|can\s+i|could\s+i|do\s+i|does|did)\s+(?!there\b)(?=[^?]*\?\W*$))?"
    r"(?:what(?:'s|s)?|how\s+(?:much|many|long|expensive|cheap|old)|since\s+when|which|when|where|who|is\s+there|are\s+there|does|do\s+they|"
    r"(?<=is\s)|(?<=are\s)|(?<=was\s)|(?<=were\s)|(?<=has\s)|(?<=have\s)|(?<=can\si\s)|(?<=could\si\s)|(?<=do\si\s)|(?<=does\s)|(?<=did\s)|"
    r"any(?=\s[^?]*\?\W*$)|"
    r"check|find\s+out|(?:look|dig|read)\s+up\s+(?=how|what|when|which|who|where|whether|if)|(?:help\s+me\s+|i\s+(?:want|need|.d\s+like)\s+to\s+)?compare|tell\s+me|see|(?:i|we)\s+(?:want|need|wanna)\s+to\s+know|(?:i|we)(?:'d|\s+would)\s+(?:like|love)\s+to\s+know|i\s+wonder|"
    # a question inside a statement: "I forgot what the code was", "not sure how much Pro is", "remind me when ..."
    r"(?:(?:i|we)\s+)?(?:forgot|forget|(?:can'?t|cannot|don'?t|do\s+not)\s+(?:remember|recall|find)|"
    r"(?:i'?m|am)?\s*curious|remind\s+(?:me|us))\s+(?:(?:of|about)\s+)?(?=what|how|when|where|which|who|if|whether|the)|"
    # "find the discount code": a fact the site states (a search names things to look for: "find a lamp")
    r"(?:find|look\s+up|get|give\s+me|show\s+me|read\s+(?:me\s+)?)\s+(?=(?:me\s+)?(?:the|today'?s|their|its|this\s+\w+'s|our)\s+"
    r"(?!(?:word|words|phrase|text|line)\b)(?!.*\bon\s+(?:this|the)\s+page\b)))\b",
    re.I,
)
ASK_WORDS = {"dig", "what", "whats", "s", "is", "are", "was", "does", "do", "did", "how", "much", "many", "long", "which", "when",
             "where", "who", "the", "a", "an", "of", "on", "in", "at", "for", "to", "this", "that", "these", "their", "its",
             "shop", "site", "website", "page", "store", "web", "check", "find", "out", "tell", "me", "us", "see", "can",
             "could", "you", "please", "there", "cost", "costs", "price", "priced", "expensive", "cheap", "chrome",
             "chromium", "browser", "using", "i", "want", "need", "know", "like", "wonder", "d", "they", "it", "say",
             "says", "listed", "shown", "current", "currently", "right", "now", "exactly", "go", "get", "and", "or",
             "be", "will", "would", "there's", "here", "them", "with", "by", "about", "per", "think", "guess", "believe",
             "maybe", "probably", "open", "has", "have", "had", "been", "around", "offer", "sell", "our", "my", "give",
             "look", "read", "whether", "any", "going", "compare", "help", "between", "difference", "show", "stuff",
             "things",
             # verbs and fillers that say how the question is asked, not what a page must say ("what would the Pro
             # tier set me back", "who do I write to if something's wrong")
             "use", "set", "back", "come", "comes", "pick", "choose", "from", "if", "something", "anything",
             "wrong", "should", "may", "might", "up", "just", "really", "actually", "still", "also", "even", "ever",
             "so", "t", "don", "doesn", "isn", "aren", "let", "make", "put", "take", "able", "were", "am", "being",
             "else", "pay", "paying", "charge", "charged", "we", "your", "guys", "folks", "people",
             "one", "ones", "some", "all", "forgot", "forget", "remember", "recall", "remind", "sure", "curious", "cannot",
             "can't", "not", "said", "heard", "told", "somewhere", "anywhere", "friend", "m", "ll", "ve", "re", "link", "links",
             # how a page holding it is described ("the page that mentions the code")
             "mentions", "mention", "mentioning", "contains", "containing", "lists", "listing"}  # fmt: skip


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
    # "since when has it existed?", "show me how it is": every word a question word; the
    # page's meaning decides
    if not words and (
        t.rstrip().endswith("?")
        or re.match(r"^\W*show\s+me\s+(?:what|how)\b", t, re.I)
        # "since when is this place in business, ...": a question split from what follows it
        or re.match(r"^\W*(?:how\s+(?:long|old)|since\s+when|when\s+(?:did|was|were))\b", t, re.I)
        # "who are these people", "who's this lot": who runs the site, said in words any page may hold
        or re.match(r"^\W*who(?:'s|\s+(?:are|is|was|were|runs|owns|made|started))\b", t, re.I)
    ):
        generic = {"the", "this", "that", "how", "what", "shop", "store", "site", "website", "page", "has", "have", "been",
                   "are", "was", "its", "they", "them", "show", "here", "there", "much", "many", "long",
                   "old", "does", "cost", "costs", "did"}  # fmt: skip
        words = tuple(w for w in re.findall(r"[a-z]{3,}", t.lower()) if w not in generic)[-1:]
    return words if 1 <= len(words) <= 6 else ()


def _home_folder(text: str) -> str:
    """A folder written as a home path ("in ~/pics" -> "pics"), "" when none."""
    m = re.search(r"(~/[\w./-]*\w)", text)
    return path(m.group(1)) if m else ""


def _per_line(text: str) -> list[str]:
    """The items of a list said to go one a line: "red, yellow and blue"; a run "1 to 5" (or "from 1 to 5");
    words that describe the list before its first item go ("the three colours red, ..." -> "red", ...)."""
    text = text.strip(" ,.;:")
    run = re.search(r"(?:\bfrom\s+)?(-?\d+)\s+(?:to|through|thru|-)\s+(-?\d+)\W*$", text)
    if run and abs(int(run.group(2)) - int(run.group(1))) <= 100:
        a, b = int(run.group(1)), int(run.group(2))
        return [str(k) for k in range(a, b + (1 if b >= a else -1), 1 if b >= a else -1)]
    items = _names(text)
    if len(items) >= 2:
        widest = max(len(i.split()) for i in items[1:])
        first = items[0].split()
        if len(first) > widest and (
            first[0].lower() in ("the", "a", "my", "these", "some") or re.search(r"\d", items[0])
        ):
            items[0] = " ".join(first[-widest:])
    return [i.strip() for i in items if i.strip()]


PER_LINE_SAID = re.compile(r"\b(?:(?:each|one|every\s+\w+)(?:\s+(?:word|item|name|entry|thing|value|number))?\s+(?:per|to\s+a|on\s+(?:its|their|a)\s+(?:own|new|separate))\s+line|"
                           r"(?:on\s+)?(?:separate|different|their\s+own)\s+lines)\b", re.I)  # fmt: skip


DOT_FILE = r"(?:~/)?(?:[\w.-]+/)*\.[\w][\w.-]*"  # ".env", "~/code/.gitignore"


def _folder_chain(step: Step) -> list[str]:
    """Folder names said one inside the next ("a folder x in a folder y in Documents"), innermost first;
    [] unless at least two are chained and the chain ends the clause."""
    one = r"(?:(?:a|an|the|my|another)\s+)?(?:new\s+)?(?:sub-?)?(?:folder|directory)\s+(?:called\s+|named\s+)?(\x00\d+\x00|[\w.-]+)"
    m = re.search(rf"\b(?:make|create|set\s+up|add|need|want)\s+(?:me\s+)?{one}", step.prepared, re.I)
    if not m:
        return []
    names, rest = [m.group(1)], step.prepared[m.end() :]
    while n := re.match(
        rf"\s*,?\s+(?:in|inside|within|under)\s+(?:{one}|(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?\b)",
        rest,
        re.I,
    ):
        names.append(n.group(1) or n.group(2))
        rest = rest[n.end() :]
    if names and HOME_WORDS.match(names[-1]):
        names.pop()  # "... in my home"
    if (
        len(names) < 2
        or not re.fullmatch(r"\W*", rest)
        or {"it", "there", "them"} & {x.lower() for x in names}
    ):
        return []
    return [_value(step, x) for x in names]


def _file_words(step: Step) -> list[tuple[str, tuple[str, ...]]]:
    """File jobs said in everyday words, as (op, args) for one or more `files` commands: a folder copied
    "as" a new name, a file moved "out of" one folder "into" another, "X should be called Y", a new
    extension given, a copy put in a folder under a name, a duplicate file in a folder removed, files of a
    kind moved from a folder, a kind of file that "belongs in" a folder, two files renamed pairwise, a
    folder made with an empty file inside. [] when none."""
    t = step.prepared
    if re.search(r"(?<![.\w])[A-Z]{1,2}\d{1,5}\b(?!\.\w)", t):  # cells (never the "mp3" of song.mp3)
        return []
    name = rf"(\x00\d+\x00|~/[\w./-]*\w|{DOT_FILE}|[\w.-]+(?:/[\w.-]+)*)"
    chain = _folder_chain(step)
    if chain:  # "a folder b inside a folder a": one path, the outermost first
        return [("mkdir", (path("/".join(reversed(chain))),))]
    m = re.match(LEAD + r"(?:empty|clear|clean|wipe)\s+(?:out\s+)?(?:the\s+|my\s+)?(?!(?:document|file|text|page|note|notes|sheet|spreadsheet|calculator|display|screen|editor|"
                 r"it|this|that|everything|all|form|field|box|cart|basket|search|history|cache)\b)(\x00\d+\x00|~/[\w./-]*\w|[A-Za-z][\w-]*)(\s+(?:folder|directory|dir))?\W*$", t, re.I)  # fmt: skip
    if m and (
        m.group(2)
        or re.fullmatch(
            r"~/.*|\w+/.*|downloads|documents|desktop|pictures|music|videos|photos|tmp|temp",
            _value(step, m.group(1)),
            re.I,
        )
    ):
        return [("delete", (path(_value(step, m.group(1))) + "/*",))]  # "empty out Downloads": what is in it
    m = re.search(rf"\b(?:duplicate|copy|back\s+up|clone)\s+(?:the\s+|my\s+)?(?:whole\s+|entire\s+)?{name}(?:\s+(?:folder|directory|dir|file))?\s+"
                  rf"(?:as|to\s+a\s+(?:new\s+)?(?:folder|copy)\s+(?:called|named))\s+{name}", t, re.I)  # fmt: skip
    if m:  # "clone Photos as Photos_2023"
        return [("copy", (path(_value(step, m.group(1))), path(_value(step, m.group(2)))))]
    m = re.search(rf"\b(?:duplicate|copy|clone|back\s+up)\s+(?:the\s+|my\s+)?(?:whole\s+|entire\s+)?(?!(?:folder|file|directory|document)\b){name}(?:\s+(?:folder|directory|dir|file))?\s*,?\s+"
                  rf"(?:and\s+)?(?:then\s+)?(?:call|name|label)\s+(?:it|the\s+(?:copy|duplicate|clone|backup|new\s+one)|that)\s+{name}", t, re.I) or re.search(
        rf"\b(?:make|create|do)\s+(?:a|another|one\s+more)\s+(?:backup\s+)?(?:copy|duplicate|clone)\s+of\s+(?:the\s+|my\s+)?(?!(?:folder|file|directory|document)\b){name}(?:\s+(?:folder|directory|dir|file))?\s*,?\s+"
        rf"(?:and\s+)?(?:(?:call|name)\s+it\s+|(?:called|named|as)\s+){name}", t, re.I)  # fmt: skip
    if m:  # "duplicate plan.txt and name the copy plan-b.txt", "make a copy of the pics folder called pics2"
        return [("copy", (path(_value(step, m.group(1))), path(_value(step, m.group(2)))))]
    m = re.search(
        rf"\b(?:move|take|get|pull)\s+{name}\s+out\s+of\s+(?:the\s+|my\s+)?{name}(?:\s+(?:folder|directory))?\s+(?:and\s+)?(?:(?:put\s+it\s+)?in)?to\s+(?:the\s+|my\s+)?{name}",
        t,
        re.I,
    )
    if m:  # "take clip.mov out of Desktop and put it into Videos"
        return [("move", (path(_value(step, m.group(1)), m.group(2)), path(_value(step, m.group(3))) + "/"))]
    m = re.search(rf"\bcopy\s+{name}\s+(?:in)?to\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?\s*,?\s+(?:and\s+)?(?:call|name)\s+it\s+{name}", t, re.I) or re.search(
        rf"\bcopy\s+{name}\s+(?:in)?to\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?\s+(?:called|named|as)\s+{name}", t, re.I)  # fmt: skip
    if m and re.search(
        r"\.\w", m.group(3)
    ):  # "copy log.txt to the old folder and call it log1.txt": a new name in that folder
        return [("copy", (path(_value(step, m.group(1))), path(_value(step, m.group(3)), m.group(2))))]
    m = re.search(
        rf"{name}\s+should\s+(?:just\s+|only\s+|now\s+)?be\s+(?:called|named|renamed(?:\s+to)?)\s+{name}",
        t,
        re.I,
    )
    if m and re.search(r"\.\w|\x00", m.group(1)):  # "'Resume FINAL.pdf' should just be called resume.pdf"
        return [
            (
                "move",
                (path(_value(step, m.group(1)), _folder_words(t[m.end() :])), path(_value(step, m.group(2)))),
            )
        ]
    m = re.search(
        rf"\bgive\s+{name}\s+(?:a|an|the)\s+\.?([a-z]\w{{0,4}})\s+(?:extension|ending|suffix)", t, re.I
    )
    if m and "." in _value(step, m.group(1)):  # "give report.txt a .md extension"
        old = path(_value(step, m.group(1)))
        return [("move", (old, f"{old.rpartition('.')[0]}.{m.group(2).lower()}"))]
    m = re.search(rf"\b(?:put|make|save|place|leave|drop)\s+a\s+(?:backup\s+)?copy\s+of\s+{name}\s+(?:on|in|into|inside)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?"
                  rf",?\s+(?:named|called|as)\s+{name}", t, re.I)  # fmt: skip
    if m:  # "leave a backup copy of cv.pdf in Backups, called cv-old.pdf"
        return [("copy", (path(_value(step, m.group(1))), path(_value(step, m.group(3)), m.group(2))))]
    m = re.search(
        rf"\b(?:duplicate|extra|second|spare)\s+(?:copy\s+)?{name}\s+(?:in|inside)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?\b.*\b(?:remove|delete|bin|trash|get\s+rid\s+of)\s+(?:it|that|the\s+copy)\b",
        t,
        re.I,
    )
    if m:  # "I have a spare copy 'song (2).mp3' in Music, please delete it"
        return [("delete", (path(_value(step, m.group(1)), m.group(2)),))]
    m = re.search(rf"\b(?:move|put|shift|take)\s+(?:all\s+)?(?:the\s+|my\s+)?(?:({KIND_WORDS})s|\.(\w{{1,5}})\s+files)\s+(?:from|in|out\s+of)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?\s+"
                  rf"(?:in)?to\s+(?:the\s+|my\s+)?(?:a\s+(?:new\s+)?(?:folder|directory)\s+(?:called\s+|named\s+)?)?([\w~/.-]+)", t, re.I)  # fmt: skip
    if m:  # "shift all my mp3s from Downloads to Music"
        kind = (m.group(1) or m.group(2)).lower()
        return [("move", (path(f"*.{kind}", m.group(3)), path(m.group(4)) + "/"))]
    m = re.search(rf"\b(?:move|put|shift|stick|drop|place)\s+(?:all\s+(?:of\s+)?)?(?:the\s+|my\s+|both\s+|these\s+|those\s+)?(?:(?:two|three|four|five|six|\d+)\s+)?"
                  rf"(?:({KIND_WORDS})s|([a-z]{{3,}}?)s)\s+(?:in|into|to)\s+(?:(?:a|an)\s+(?:new\s+)?(?:folder|directory)\s+(?:called\s+|named\s+)?|(?:the\s+|my\s+)?)"
                  rf"([\w~/.-]+)(?:\s+(?:folder|directory))?\W*$", t, re.I)  # fmt: skip
    generic = r"file|folder|director(?:ie|y)|thing|item|photo|picture|image|pic|song|document|doc|video|movie|clip|stuff|one|them|these|those"
    if m and (m.group(1) or not re.fullmatch(generic, m.group(2), re.I)):
        # "shift my pdfs to a directory named docs", "put both reports in a folder named old": files of a
        # kind, or files whose names hold the word (with an ending, so never the new folder itself)
        files = f"*.{m.group(1).lower()}" if m.group(1) else f"*{m.group(2).lower()}*.*"
        return [("move", (files, path(m.group(3)) + "/"))]
    m = re.search(rf"\bthe\s+\.?({KIND_WORDS})(?:\s+files?)?\s+(?:sitting\s+|lying\s+|that'?s\s+)?(?:in|on)\s+(?:my\s+|the\s+)?([\w~/.-]+?)(?:\s+(?:folder|directory))?\s+"
                  r"(?:belongs?|should\s+(?:go|be|live)|goes)\s+(?:in|into|to|under)\s+(?:the\s+|my\s+)?([\w~/.-]+)", t, re.I)  # fmt: skip
    if m:  # "the zip in Downloads should live under Archive"
        return [("move", (path(f"*.{m.group(1).lower()}", m.group(2)), path(m.group(3)) + "/"))]
    m = re.search(rf"\b(?:make|create)\s+(?:the\s+)?(?:folder\s+|directory\s+)?(~/[\w./-]*\w|[\w.-]+/[\w./-]*\w)\s+and\s+(?:then\s+)?(?:put|place|add|create)\s+"
                  rf"(?:an?\s+)?(?:empty\s+|blank\s+|new\s+)?({FILE_NAME}|{DOT_FILE})\s+(?:file\s+)?in(?:side)?\s+(?:it|there)\W*$", t, re.I)  # fmt: skip
    if m:  # "make ~/web/blog and put an empty post.md in it"
        folder = path(m.group(1))
        return [("mkdir", (folder,)), ("touch", (f"{folder}/{m.group(2)}",))]
    m = re.search(r"\b(?:make|create|set\s+up|add)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:(?:folder|directory)\s+(?:called\s+|named\s+)?([\w.-]+)|([\w.-]+)\s+(?:folder|directory))\s+(?:with|holding|containing)\s+"
                  r"(?:two\s+|three\s+|\d+\s+)?(?:sub-?folders?|sub-?directories|folders)\s+(?:in(?:side)?\s+it\s*,?\s*)?(?:called\s+|named\s+)?(.+?)(?:\s+in(?:side)?(?:\s+it)?)?\W*$", t, re.I)  # fmt: skip
    if m:  # "set up a folder Trips with subfolders Rome and Oslo": the folder and one inside it per name
        return [
            (
                "mkdir",
                tuple(path(f"{m.group(1) or m.group(2)}/{_value(step, n)}") for n in _names(m.group(3))),
            )
        ]
    listed = rf"((?:{FILE_NAME}\s*(?:,\s*(?:and\s+)?|\s+and\s+))+{FILE_NAME})"
    m = re.search(
        rf"\brename\s+{listed}(?:\s+(?:in|inside|under)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?)?\s+(?:to|as|into)\s+{listed}\W*$",
        t,
        re.I,
    )
    olds, news = (re.findall(FILE_NAME, m.group(1)), re.findall(FILE_NAME, m.group(3))) if m else ([], [])
    if m and len(olds) == len(
        news
    ):  # "rename x.md, y.md and z.md in the docs folder to one.md, two.md and three.md": in that order
        where = m.group(2) or _folder_words(t)
        return [("move", (path(a, where), path(b, where))) for a, b in zip(olds, news, strict=True)]
    m = re.search(rf"\b(?:make|create)\s+(?:a|an)\s+(?:new\s+)?([\w.-]+)\s+folder\s+(?:on\s+the\s+desktop\s+|in\s+(?:the\s+|my\s+)?([\w~/.-]+)\s+)?with\s+(?:an?\s+)?"
                  rf"(?:empty\s+|blank\s+|new\s+)?({FILE_NAME}|{DOT_FILE})\s+(?:file\s+)?(?:in(?:side)?(?:\s+it)?)\W*$", t, re.I)  # fmt: skip
    if m:  # "make a logs folder in work with a blank today.log in it"
        parent = "Desktop" if re.search(r"\bon\s+the\s+desktop\b", t, re.I) else m.group(2) or ""
        folder = path(m.group(1), parent)
        return [("mkdir", (folder,)), ("touch", (f"{folder}/{m.group(3)}",))]
    return []


# Words after "in" that name how text looks or is ordered, never a folder: "in capitals", "in order"
CASE_OR_ORDER = re.compile(r"(?:capitals?|caps|upper(?:case)?|lower(?:case)?|bold|italics?|order|alphabetical|reverse|"
                           r"columns?|rows?|quotes|brackets)$", re.I)  # fmt: skip


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
    m = re.search(rf"\b(?:combine|merge|join|concatenate|stitch|glue|put)\s+(?:all|every|each)\s+(?:of\s+)?(?:the\s+|my\s+)?(?:\.(\w{{1,5}})|(\w{{1,5}}))\s+files\s+"
                  rf"(?:(?:in|from|inside)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?\s+)?(?:together\s+)?(?:into|in|as)\s+(?:a\s+|one\s+)?(?:(?:new\s+)?file\s+(?:called\s+|named\s+)?)?({FILE_NAME})\b", t, re.I)  # fmt: skip
    if m and (
        m.group(1) or re.fullmatch(KIND_WORDS, m.group(2), re.I)
    ):  # "merge all the .log files into all.log"
        return ("concat", path(f"*.{(m.group(1) or m.group(2)).lower()}", m.group(3) or ""), path(m.group(4)))
    m = re.search(rf"\b(?:append|add|copy|put|tack)\s+(?:the\s+(?:contents?|text|lines)\s+of|what'?s\s+in|everything\s+(?:in|from)|all\s+(?:of\s+)?the\s+(?:text|lines)\s+(?:in|of|from))\s+"
                  rf"({FILE_NAME})\s+(?:on)?to\s+(?:the\s+(?:end|bottom)\s+of\s+)?({FILE_NAME})\b", t, re.I) or re.search(
        rf"\b(?:append|tack)\s+({FILE_NAME})\s+(?:on)?to\s+(?:the\s+(?:end|bottom)\s+of\s+)?({FILE_NAME})\b", t, re.I)  # fmt: skip
    if m and m.group(1) != m.group(
        2
    ):  # "append the contents of b.txt to a.txt": a.txt goes on, b.txt after it
        return ("append", path(m.group(1)), path(m.group(2)))
    m = re.search(r"\b(?:sort|organi[sz]e|tidy|arrange|group|split|file|separate)\s+(?:up\s+|out\s+)?(?:all\s+)?(?:the\s+|my\s+)?(?:(?:files|stuff|things|everything)\s+)?(?:(?:in|inside|from)\s+)?(?:the\s+|my\s+)?"
                  r"(?:([\w~/.-]+?)(?:\s+(?:folder|directory|dir))?\s+)?(?:(?:in)?to\s+(?:sub-?)?folders\s+)?(?:by|according\s+to|based\s+on)\s+(?:their\s+|the\s+|file\s+)*"
                  r"(?:extensions?|types?|kinds?|formats?|endings?)\b", t, re.I)  # fmt: skip
    if m:  # "sort the files in Downloads into folders by extension": one folder per ending, named by it
        where = m.group(1) or ""
        return (
            "by_ext",
            "" if re.fullmatch(r"files|home|stuff|things|everything", where, re.I) else path(where),
        )
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
    if m and not re.search(rf"^{FILE_NAME}$", m.group(1)) and not CASE_OR_ORDER.match(m.group(2)):
        # "move everything in ~/dl over to ~/Downloads" (a file's text "in capitals" moves nowhere)
        verb = "copy" if re.search(r"\bcopy\b", t, re.I) else "move"
        return (verb, path("*", m.group(1)), path(m.group(2)) + "/")
    m = re.search(r"\b(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?\.?(\w{1,5})\s+files?\b.*?\b(?:should\s+be|become|to|into|as)\s+"
                  r"\.?(\w{1,5})(?:\s+files)?\b(?:\s+instead)?\W*$", t, re.I) or re.search(
        r"\b(?:change|rename|switch)\s+(?:the\s+)?(?:extension\s+of\s+)?(?:all|every|each)\s+(?:the\s+|of\s+the\s+|my\s+)?(?:\.(\w{1,5})|(\w{1,5})\s+files)\b(?:\s+files)?.*?"
        r"\b(?:to|into|as)\s+\.?(\w{1,5})\W*$", t, re.I)  # fmt: skip
    said = [g for g in m.groups() if g] if m else []
    if said and re.match(LEAD + r"(?:copy|move|put|shift|drop|stick)\b", t, re.I):
        said = []  # "copy all of the .md files to Notes": a folder, not a new ending
    if (
        len(said) == 2 and said[0].lower() != said[1].lower()
    ):  # "all the .jpeg files in ~/pics should be .jpg instead"
        where = re.search(
            r"\bfiles?\s+(?:in|inside|from|under)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+(?:folder|directory))?\s+(?:to|into|as|should|become)\b",
            t,
            re.I,
        )
        return (
            "rename_ext",
            path("", _folder_words(t) or (where.group(1) if where else "") or _home_folder(t)),
            said[0],
            said[1],
        )
    m = re.search(rf"\b(?:make|create|touch|add)\s+(?:\w+\s+)?(?:new\s+)?(?:empty\s+|blank\s+)?files\b(?:[^:]*?(?::|\bcalled\b|\bnamed\b))?\s*((?:{FILE_NAME}\s*(?:,|and)\s*)+"
                  rf"{FILE_NAME})(?:\s+(?:in|inside|into|under)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+(?:folder|directory|dir))?)?\W*$", t, re.I)  # fmt: skip
    if m:  # "make three empty files in ~/nums: one.txt, two.txt, three.txt", "... a.txt and b.txt in the test folder"
        where = m.group(2) or _home_folder(t[: m.start(1)]) or _folder_words(t[: m.start(1)].rstrip(" :"))
        return ("touch", *(path(f, where) for f in re.findall(FILE_NAME, m.group(1))))
    m = re.search(r"^\W*(?:please\s+)?(?:empty|clear out|clean out|wipe|clear)\s+(?:out\s+)?(?:(~/[\w./-]+)|(?:the\s+|my\s+)?([\w~/.-]+)\s+"
                  r"(?:folder|directory|dir)\b)", t, re.I)  # fmt: skip
    if m and (m.group(1) or m.group(2)).lower() not in ("trash", "recycle", "bin"):
        return ("delete", path("*", m.group(1) or m.group(2)))
    m = re.search(r"\b(?:delete|remove|get\s+rid\s+of|throw\s+(?:away|out)|trash|bin|wipe|clear\s+out|clean\s+out)\s+(?:everything|all\s+(?:of\s+)?"
                  r"(?:the\s+)?(?:files|stuff|contents|things)|the\s+(?:contents|files|stuff)|whatever'?s?)\s+(?:that'?s\s+|is\s+)?(?:in|inside)\s+"
                  r"(?:the\s+|my\s+)?(~/[\w./-]*\w|[\w.-]+)(?:\s+(?:folder|directory|dir))?\W*$", t, re.I) or re.search(
        r"^\W*(?:please\s+)?(?:empty|clear\s+out|clean\s+out)\s+(?:the\s+|my\s+)?(desktop|downloads|documents|pictures|music|videos)\W*$", t, re.I)  # fmt: skip
    if (
        m
        and not re.fullmatch(FILE_NAME, m.group(1))
        and m.group(1).lower()
        not in ("here", "there", "it", "this", "that", "document", "file", "text", "note", "list")
    ):  # "get rid of everything in the tmp folder": what it holds (never the open document's text)
        return ("delete", path("*", m.group(1)))
    m = re.search(rf"\b(?:change|switch|swap|turn|set|make)\s+(?:the\s+)?(?:file\s+)?(?:extension|ending|suffix|type)\s+(?:of|on)\s+({FILE_NAME})\s+"
                  r"(?:from\s+\.?\w+\s+)?(?:to|into)\s+(?:a\s+)?\.?([a-z]\w{0,4})\b", t, re.I)  # fmt: skip
    if m:  # "change the extension of notes.txt to .md"
        old = path(m.group(1))
        return ("move", old, f"{old.rpartition('.')[0]}.{m.group(2).lower()}")
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
    m = re.search(rf"{LEAD}(?:zip|compress|archive)\s+(?:up\s+)?(?:the\s+)?{where}(?:\s+up)?\W*$", t, re.I)
    if m and not re.fullmatch(FILE_NAME, m.group(1)):  # "zip up the photos folder": photos.zip beside it
        return ("archive", path(m.group(1)), path(m.group(1)) + ".zip")
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


def _more_file_jobs(step: Step, context: dict) -> list[tuple[str, tuple[str, ...]]]:
    """File jobs said as lists or patterns: several renames in one clause, several copies of one file, files
    whose names start or end with something moved, copied or deleted. [] when none."""
    t = step.prepared
    name = rf"(\x00\d+\x00|{FILE_NAME})"
    kept = re.search(rf"\bkeep\s+(?:only\s+|just\s+)?((?:\x00\d+\x00|{FILE_NAME})(?:\s*(?:,|and)\s*(?:\x00\d+\x00|{FILE_NAME}))*)\s+(?:and|but)\s+"
                     r"(?:delete|remove|bin|trash|get\s+rid\s+of|throw\s+away|lose)\s+(?:the\s+rest|everything\s+else|all\s+(?:the\s+)?others|the\s+others|all\s+else)\b", t, re.I)  # fmt: skip
    if kept:  # "in the Temp folder keep only a.txt and delete the rest"
        where = re.search(
            r"\b(?:in|inside|from)\s+(?:the\s+|my\s+)?([\w~/.-]+)(?:\s+(?:folder|directory))?\b",
            t[: kept.start()] + t[kept.end() :],
            re.I,
        )
        keep = [_value(step, k) for k in re.findall(name, kept.group(1), re.I)]
        return [("delete_except", (path(where.group(1)) if where else "", *keep))]
    if re.search(r"\b(?:delete|remove|get\s+rid\s+of|clear\s+out|bin)\s+(?:the\s+|all\s+(?:the\s+)?|any\s+)?(?:empty\s+(?:sub-?)?(?:folders|directories)|"
                 r"(?:sub-?)?(?:folders|directories)\s+(?:that\s+are|which\s+are|that\s+have\s+nothing\s+in\s+them)\s*(?:empty)?)", t, re.I):  # fmt: skip
        where = re.search(r"\b(?:in|inside|from)\s+(?:the\s+|my\s+)?([\w~/.-]+)(?:\s+folder)?\b", t, re.I)
        folder = where.group(1) if where else context.get("file") or context.get("folder") or ""
        return [("delete_empty", (path(folder),))]  # "in Old, delete the subfolders that are empty"
    m = re.search(
        rf"^\W*(?:the\s+file\s+)?{name}\s+should\s+(?:be|become)\s+(?:a|an)\s+\.?(\w{{1,5}})\s+file\b",
        t,
        re.I,
    )
    if m:  # "data.csv should be a .txt file - change the extension"
        old = path(_value(step, m.group(1)))
        return [("move", (old, f"{old.rsplit('.', 1)[0]}.{m.group(2).lower()}"))]
    m = re.search(rf"^\W*(?:if\s+(?:there'?s|there\s+is)\s+(?:an?\s+|the\s+)?|the\s+file\s+)?{name}\s+(?:is|was|has\s+been|'s|lying|around|anywhere|somewhere)\b.*?\b"
                  rf"(rename|move|copy|delete|remove|trash)\s+it\b(?:\s+(?:to|as|into)\s+{name})?", t, re.I)  # fmt: skip
    if m and (
        m.group(3) or m.group(2).lower() in ("delete", "remove", "trash")
    ):  # "memo.txt is done now, rename it to final.txt"
        verb = {"rename": "move", "remove": "delete", "trash": "delete"}.get(
            m.group(2).lower(), m.group(2).lower()
        )
        source = path(_value(step, m.group(1)))
        return [(verb, (source,))] if verb == "delete" else [(verb, (source, path(_value(step, m.group(3)))))]
    if re.match(LEAD + r"rename\b", t, re.I):
        pairs = re.findall(rf"{name}\s+(?:to|as|into)\s+{name}", t, re.I)
        if len(pairs) >= 2:  # "rename a.txt to one.txt and b.txt to two.txt"
            return [("move", (path(_value(step, a)), path(_value(step, b)))) for a, b in pairs]
    m = re.search(
        rf"\b(?:make|create)\s+(?:two|three|four|\d+)\s+copies\s+of\s+{name}\s*[:,]?\s*(?:called|named)?\s*(.+?)\W*$",
        t,
        re.I,
    )
    if m:  # "make two copies of base.txt: x.txt and y.txt"
        copies = re.findall(name, m.group(2), re.I)
        if len(copies) >= 2:
            return [("copy", (path(_value(step, m.group(1))), path(_value(step, c)))) for c in copies]
    start = re.search(r"\b(?:files?|everything|anything|ones?)\s+(?:whose\s+names?\s+|with\s+names?\s+that\s+|that\s+|which\s+)?(?:starts?|begins?|starting|beginning)\s+with\s+"
                      r"(\x00\d+\x00|[\w-]+)", t, re.I)  # fmt: skip
    end = re.search(r"\b(?:everything|anything)\s+(?:that\s+|which\s+)?(?:ends?|ending)\s+(?:in|with)\s+\.?(\w{1,5})\b", t, re.I)  # fmt: skip
    if not (start or end):
        return []
    pattern = f"{_value(step, start.group(1))}*" if start else f"*.{end.group(1)}"  # type: ignore[union-attr]
    verb = re.search(r"\b(delet\w*|remov\w*|trash\w*|bin|copy|move|put|goes|go|shift|file)\b", t, re.I)
    if not verb:
        return []
    if re.match(r"delet|remov|trash|bin", verb.group(1), re.I):
        where = re.search(r"\b(?:in|from|inside)\s+(?:the\s+|my\s+)?([\w~/.-]+?)(?:\s+folder)?\W*$", t, re.I)
        return [("delete", (path(pattern, where.group(1) if where else ""),))]
    dest = re.search(r"\b(?:into|in|to)\s+(?:a\s+)?(?:new\s+)?(?:folder|directory)\s+(?:called|named)\s+(\x00\d+\x00|[\w~/.-]+)", t, re.I) or re.search(
        r"\b(?:into|in|to)\s+(?:the\s+|my\s+|a\s+)?(?!it\b|there\b)(\x00\d+\x00|[\w~/.-]+)(?:\s+folder)?\W*$", t, re.I)  # fmt: skip
    folder = _value(step, dest.group(1)) if dest else context.get("folder", "") if re.search(r"\b(?:into|in)\s+(?:it|there)\b|\bthere\b", t, re.I) else ""  # fmt: skip
    if not folder:
        return []
    return [
        (
            "copy" if verb.group(1).lower() == "copy" else "move",
            (path(pattern), path(folder).rstrip("/") + "/"),
        )
    ]


def _files(step: Step, cmd, context: dict) -> list[Command] | str:
    """File-system steps become one `files` command with paths relative to the home folder."""
    polite = re.compile(r"[\s,]+(?:please|pls|thanks|thank\s+you)\W*$", re.I)
    if polite.search(step.prepared):  # "... called Trips 2023 please": no part of a name
        step = dataclasses.replace(step, text=polite.sub("", step.text), prepared=polite.sub("", step.prepared),
                                   slots={k: [polite.sub("", v) for v in vs] for k, vs in step.slots.items()})  # fmt: skip
    if step.intent in ("move", "copy_file") and re.search(
        r"\b(?:folder|directory|file)\s+inside\b", step.prepared, re.I
    ):
        inside = re.compile(
            r"\b(folder|directory|file)\s+inside(?:\s+of)?\s+", re.I
        )  # "move the Notes folder inside Archive"
        step = dataclasses.replace(
            step, text=inside.sub(r"\1 into ", step.text), prepared=inside.sub(r"\1 into ", step.prepared)
        )
    jobs = _more_file_jobs(step, context)
    if jobs:
        return [cmd("files", op=op, args=args, app="files") for op, args in jobs]
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
        or re.search(r"\b(?:every|all(?: the| my| of the)?|each)\s+\.([a-z0-9]{1,5})\b(?!\.)", text, re.I)
        or re.search(
            rf"\b(?:the|my|that|this)\s+({KIND_WORDS})s?(?:\s+files?)?\b(?![.\w])(?!\s+(?:folder|director|dir\b))",
            text,
            re.I,
        )  # "the log file"
        or re.search(
            r"\b(?:the|my|all(?:\s+the|\s+my)?|every|both|these|those)\s+(?:two\s+|2\s+|\w+\s+)?(images|pictures|photos|pics|image|picture|photo)\b"
            r"(?!\s+(?:folder|directory|dir)\b)",  # "the photos folder" is a folder
            text,
            re.I,
        )
    )  # "every file that ends in .tmp", "all pdfs", "every .jpg", "the pdf", "the two images"
    if intent not in ("make_folder", "make_file") and not s.get("FILE") and not kind:
        named |= set(_loose_sources(step))
    folders = [
        f
        for f in s.get("FOLDER", [])
        if f not in named
        and not any(f in n.split() for n in named)
        and not re.fullmatch(r"(?:my\s+)?home(?:\s+(?:dir|directory|folder))?", f, re.I)
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
        and intent in ("move", "copy_file", "make_file", "delete_file")
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
    heading = re.match(
        r"^\W*(?:tidy|clean|clear|sort\s+out|in|inside|over\s+in)(?:\s+up)?\s+(?:my\s+|the\s+)?([\w~/.-]+)(?:\s+folder)?\s*:",
        step.prepared,
        re.I,
    )
    if not folders and kind and heading and not HOME_WORDS.match(heading.group(1)):
        folders = [path(heading.group(1))]  # "tidy Documents: remove all the .bak files"

    parent = folders[-1] if folders else ""
    if intent == "make_folder":
        names = s.get("NEW", [])
        loose = _loose_names(step)
        if len(names) <= 1 and len(loose) > len(names):
            names = loose
        elif (
            len(names) == len(loose) == 1 and loose[0].startswith(names[0]) and len(loose[0]) > len(names[0])
        ):
            names = loose  # "a folder called Tax Papers 2023": the whole name, spaces and all
        each = re.findall(r"\ban?\s+([\w.-]+)\s+(?:folder|directory)\b", step.prepared, re.I)
        if len(each) >= 2 or (each and not names):  # "a Music folder and a Videos folder"
            names = each
        listed = len(names) >= 2  # "folders called a, b and c": a list's items are names, articles too
        names = [
            n
            for n in names
            if n.lower() not in ("desktop", "folder", "directory", *(() if listed else ("a", "the")))
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
        dot = re.search(r"(?:^|\s)(\.\w[\w.-]*)\s+file\b", step.prepared)
        name = dot.group(1) if dot and not name else name  # "create a .editorconfig file in the src folder"
        if not name:
            return "What should the new file be called?"
        content = _first(s, "TEXT") or _first(s, "VALUE")
        per_line = re.search(r",?\s*(?:(?:each|one|every \w+) on (?:its|a|their) (?:own|new|separate) line|one (?:\w+ )?per line)\W*$",
                             step.prepared, re.I)  # fmt: skip
        t = step.prepared[: per_line.start()] if per_line else step.prepared
        said = re.search(r"\b(?:that says|saying|containing|listing|that lists|that contains|which contains|which says|with the (?:text|words?|line)|that reads|"
                         r"reading|with (?:just|only)|that (?:just |only )?(?:says|reads|contains)|so (?:that )?it (?:just |only )?(?:reads|says)|so (?:that )?all it (?:says|reads|contains) is)\s*:?\s+(?:just\s+|only\s+)?(?:the\s+)?(?:single\s+|one\s+)?"
                         r"(?:(?:line|word|words|text|header(?:\s+row)?|heading|title)\s*:?\s+)?(.+?)[\s.,;:]*$", t, re.I) or re.search(
            r"\b(?:with|and\s+(?:then\s+)?(?:write|put|type|add))\s+(?!the\s+name\b)(.+?)\s+(?:in|inside|into)\s+it\W*$", t, re.I) or re.match(
            LEAD + r"(?:put|write|type|save)\s+(?:the\s+(?:word|text|line|words)\s+)?(.+?)\s+(?:in|into)\s+(?:a\s+)?new\s+file\b", t, re.I)  # fmt: skip
        listed = re.search(
            rf"\b{re.escape(name)}(?:\s+(?:on|in|inside)\s+(?:the\s+|my\s+)?[\w~/.-]+(?:\s+folder)?)?\s+(?:with|containing|holding)\s+(?:the\s+(?:lines|items|words)\s+)?(.+?)\W*$",
            t,
            re.I,
        )
        said = said or (listed if per_line else None)
        if (
            said
            and (
                not content
                or content in said.group(1)
                and len(said.group(1)) > len(content)
                or re.fullmatch(
                    r"(?:the\s+)?(?:single\s+|one\s+)?(?:line|word|words|text|header|heading|title)",
                    content,
                    re.I,
                )
            )
        ):  # "... that says hi"; "containing the line: hi" (the tagger's value the kind of thing, not the thing)
            content = step.restore(said.group(1)).strip()
        if (per_line or re.search(r"\b(?:listing|that\s+lists)\b", t, re.I)) and content:
            # "containing wash car and buy oil, one item per line", "listing cat, dog and fish"
            content = "\n".join(_names(content))
        lines = re.search(r"\bwith\s+(?:\w+\s+)?(?:lines|items|entries)\s*:\s*(.+?)\W*$", text, re.I)
        if (
            lines and not content
        ):  # "make plan.txt with 3 lines: red, blue, green": the words as said, one a line
            content = "\n".join(_names(step.restore(lines.group(1))))
        if (
            parent
            and content
            and re.search(rf"\b{re.escape(parent)}\b", content)
            and not re.search(
                rf"\b(?:in|into|inside)\s+(?:the\s+|my\s+)?{re.escape(parent)}\b",
                t[: t.find(content[:10])] if content[:10] in t else t,
                re.I,
            )
        ):
            parent = ""  # "that says: greetings from Rome": a word of the text, no folder
        if (
            not parent
            and context.get("folder")
            and re.search(r"\b(?:in|inside|into)\s+(?:it|there)\b", t, re.I)
        ):
            parent = context["folder"]  # "make a folder Receipts and put a file march.txt in it"
        return [cmd("files", op="write", args=(path(name, parent), content), app="files")]
    sources = s.get("FILE", []) or _loose_sources(step) or (s.get("OLD", []) if intent == "rename" else [])
    if (
        intent == "delete_file"
        and sources
        and not kind
        and not re.search(
            r"\b(?:folder|directory|dir|file)\b", text, re.I
        )  # "the folder called junk" names one
        and all(
            re.fullmatch(
                r"(?:stuff|things|junk|rubbish|files|folders|it|them|that|this|old|bad|other|mess)",
                src.lower(),
            )
            for src in sources
        )
    ):  # "delete the old stuff": nothing is named, and a deletion is never guessed
        return f"Which files or folders should I delete? ({text!r} names none)"
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
        ext = kind.group(1).lower()
        sources = [f"*.{ {'text': 'txt'}.get(ext, ext) }"]  # "the text files": *.txt
        if re.fullmatch(r"images?|pictures?|photos?|pics", ext):  # pictures of the usual kinds
            sources = ["*.jpg", "*.jpeg", "*.png", "*.gif"]
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
    spelled = re.search(r"\bfrom\s+(?:the\s+|my\s+)?(~/[\w./-]*\w|[\w-]+)(?:\s+(?:folder|directory))?\s+(?:in)?to\s+(?:the\s+|my\s+)?"
                        r"(~/[\w./-]*\w|[\w-]+)(?:\s+(?:folder|directory))?\W*$", step.prepared, re.I)  # fmt: skip
    if (
        spelled
        and intent in ("move", "copy_file")
        and not any(re.search(r"\.\w{1,5}$", g) for g in spelled.groups())
    ):
        folders = [
            spelled.group(1),
            spelled.group(2),
        ]  # "move a.mp3 from ~/in to ~/out": where it is, where it goes
    where = folders[0] if len(folders) > 1 else ""
    if (
        len(folders) == 1
        and re.search(rf"\b(?:from|out\s+of)\s+(?:the\s+|my\s+)?{re.escape(folders[0])}\b", text, re.I)
        and re.search(r"\b(?:to|into|back\s+to|up\s+to|in)\s+(?:the\s+|my\s+)?home(?:\s+folder|\s+directory)?\W*$", text, re.I)
    ):  # fmt: skip
        where = folders[0]  # "copy plan.txt from Documents to my home folder": Documents is the source's
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
                        r"(\x00\d+\x00|[\w~/.-]+)(?:\s+(?:folder|directory|file))?\s+(?:to|as|into)\s+(\x00\d+\x00|[\w~/.-]+(?:\s+(?!(?:and|then|please|instead|now)\b)[\w~/.-]+){0,3})\W*$", step.prepared, re.I)  # fmt: skip
        if (
            said
        ):  # the words themselves, whatever the tagger made of them ("rename the folder old to archive")
            src, new = [path(step.restore(said.group(1)))], step.restore(said.group(2))
            new = (
                new.split()[-1] if " " in said.group(2) and re.search(r"\.\w", said.group(2)) else new
            )  # "to plain a.txt"
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
            if src[0].startswith(base + "/") and not re.search(
                rf"\b(?:in|inside|from)\s+(?:the\s+|my\s+)?{re.escape(moved.group(1))}\b",
                text[: moved.start()],
                re.I,
            ):  # the folder it goes to is no folder it is in
                src = [src[0][len(base) + 1 :], *src[1:]]
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
    if re.fullmatch(
        r"(?:the|a|an|that|this|folder|directory|it|right|correct|proper|appropriate|usual|relevant|same|other|matching|best|good)/",
        dest,
        re.I,
    ) or re.search(
        r"\b(?:in|into|to)\s+(?:the\s+)?(?:right|correct|proper|appropriate|usual|relevant|matching)\s+(?:folder|directory|place)\b",
        text,
        re.I,
    ):
        # "into the folder", "in the right folder": which one?
        return f"Which folder should I {'move' if intent == 'move' else 'copy'} {sources[0]} into? ({text!r} names none)"
    new_folder = re.search(r"\b(?:into|in|to)\s+(?:a\s+)?(?:new\s+)?(?:folder|directory)\s+(?:called|named)\s+(\x00\d+\x00|[\w~/.-]+?)\W*$", step.prepared, re.I)  # fmt: skip
    if not dest and new_folder:  # "move all the pictures into a new folder called Pictures"
        dest = path(_value(step, new_folder.group(1))) + "/"
    last = re.search(r"\b(?:into|to|inside|in)\s+(?:the\s+|my\s+)?(\x00\d+\x00|~/[\w./-]*\w|[\w-]+(?:/[\w.-]+)*)(?:\s+(?:folder|directory|dir))?\W*$",
                     step.prepared, re.I)  # fmt: skip
    if not dest and last and not re.search(r"\.\w{1,5}$", _value(step, last.group(1))) and last.group(1).lower() not in (
        "it", "them", "there", "here", "a", "the", "folder", "directory", "order", "place", "one", "other", "another", "right",
        "correct", "same", "usual", "proper", "that", "this", "new", "appropriate", "relevant") and _value(step, last.group(1)) not in sources:  # fmt: skip
        dest = (
            path(_value(step, last.group(1))) + "/"
        )  # "move the songs folder into storage": the last words name where
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
    t = re.sub(r"[,.;]\s*(?:so\s+)?(?:(?:can|could)\s+you\s+)?(?:please\s+)?(?:fix|correct|update|change|adjust|amend)\s+(?:it|that|this|them)\W*$",
               "", t, flags=re.I)  # "..., correct it": the order after the statement names no value  # fmt: skip
    t = re.sub(r",?\s+(?:not|instead of|rather than)\s+[^\s,]+\W*$", "", t)  # "it should say 40 not 4"
    typo = re.search(rf"\b(?:typo|mistake|error|misspelling|wrong\s+(?:value|word|entry))\s+in\s+(?:cell\s+)?({REF})\b.*?\b(?:should|must|needs\s+to)\s+"
                     r"(?:be|say|read)\s+(\x00\d+\x00|[^,.;]+?)\W*$", t, re.I)  # fmt: skip
    if typo and len(re.findall(rf"\b{REF}\b", t)) == 1:  # "I made an error in C2, it needs to read Friday"
        return [typo.group(1).upper()], [_value(step, typo.group(2))]
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
        values = (
            values * len(cells) if len(values) == 1 and len(cells) > 1 else values
        )  # "fill B1 to B4 with 5": each
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
        rf"(?:^|,|;|:|\band\b|\bthen\b)\s*(?:(?:please\s+)?(?:put|enter|type|write|set|fill in|add|insert|stick|pop|place|drop|plug)\s+)?"
        rf"(?:the\s+(?:value|word|words|label|text|heading|title)\s+)?(.+?)\s+(?:in|into|at)\s+(?:cell\s+)?({REF})\b",
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
    m = re.match(
        rf"^\W*(?:please\s+)?(?:make|set|turn)\s+(?:cell\s+)?({REF})\s+(?:into\s+|be\s+)?(-?\d[\d.,]*|\x00\d+\x00)\W*$",
        t,
        re.I,
    )
    if m:  # "make B2 30": a cell and its value side by side
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
    # "pear now costs 4", "Bob's score is actually 88": the adverb changes nothing
    t = re.sub(r"(?<=\s)(?:now|actually|really|in\s+fact|currently)\s+(?=\S)", "", t, flags=re.I)
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
                  rf"made|earned)\s+(?:a\s+)?{num}\s+(?:in|for|on)\s+(?:the\s+)?([a-z][\w-]*(?:\s+\d{{1,2}}\b)?)", t, re.I)  # fmt: skip
    if m:
        return (m.group(1), m.group(3), m.group(2), "set")
    m = re.search(rf"^\W*(?:the\s+)?([a-z][\w'-]*)\s+(?:are|is|costs?|cost)\s+(?:now\s+)?\$?{num}(?:\s+(?:now|each|apiece))?\W*"
                  r"(?:$|,)", t, re.I)  # fmt: skip
    if m and m.group(1).lower() not in ("it", "that", "this", "total", "answer", "result", "there"):
        return (m.group(1), "", m.group(2), "set")
    m = re.search(
        rf"^\W*(?:please\s+)?(increase|raise|bump\s+up|bump|decrease|reduce|lower|cut)\s+([A-Za-z][\w-]*?)'s?\s+([a-z][\w-]*)\s+by\s+{num}\W*$",
        t,
        re.I,
    )
    if m:  # "raise Ivy's points by 4"
        return (
            m.group(2),
            m.group(3),
            m.group(4),
            "subtract" if m.group(1).lower() in ("decrease", "reduce", "lower", "cut") else "add",
        )
    # the words after the value that name no value: ", not 46", ". please fix it"
    t = re.sub(r",?\s+(?:not|instead\s+of|rather\s+than)\s+\$?[\w.-]+(?=\W*(?:$|[,.;]))", "", t, flags=re.I)
    t = re.sub(
        r"[,.;]\s*(?:so\s+)?(?:(?:can|could)\s+you\s+)?(?:please\s+)?(?:fix|correct|update|change|adjust|amend|bump|raise|lower)\b.*$",
        "",
        t,
        flags=re.I,
    )
    m = re.search(rf"^\W*([A-Za-z][\w-]*?)'s?\s+([a-z][\w-]*)(?:\s+(?:grade|score|mark|number|value|figure|amount|count|points|total))?\s+"
                  rf"(?:is|was|looks)\s+(?:wrong|incorrect|off|a\s+mistake)\W+(?:it'?s|it\s+is|it\s+should\s+be|should\s+be|it\s+should\s+say|make\s+it)\s+"
                  rf"(?:actually\s+|really\s+)?\$?{num}\W*$", t, re.I)  # fmt: skip
    if m:  # "Lee's total looks wrong; it should be 58"
        return (m.group(1), m.group(2), m.group(3), "set")
    m = re.search(rf"^\W*(?:the\s+)?([a-z][\w'-]*)\s+(?:went|go(?:es)?|gone|rose|fell|dropped|increased|decreased|changed|moved|jumped)\s+(?:up\s+|down\s+)?"
                  rf"to\s+\$?{num}\W*$", t, re.I)  # fmt: skip
    if m:  # "plums went up to 3": the new value
        return (m.group(1), "", m.group(2), "set")
    m = re.search(
        rf"\b(?:we\s+|i\s+)?(?:got|bought|received|added|restocked)\s+{num}\s+more\s+([a-z][\w-]*)", t, re.I
    )
    if m:  # "we got 6 more chairs in"
        return (m.group(2), "", m.group(1), "add")
    # "set the price of pears to 3", "Tom's age should be 41", "change pears' price to 3": a header word and a row word
    value = (r"\s+(?:to|=|should\s+be|should\s+say|must\s+be|needs\s+to\s+be|is\s+now|is|are|becomes?|went\s+(?:up|down)\s+to|rose\s+to|fell\s+to|dropped\s+to|"
             r"changed\s+to|jumped\s+to)\s+\$?(-?\d+(?:\.\d+)?|[\w'-]+)(?:\s+now)?\W*$")  # fmt: skip
    m = re.search(rf"^\W*(?:please\s+)?(?:(?:change|set|update|make|correct|fix)\s+)?(?:the\s+)?([a-z][\w-]*)\s+(?:of|for)\s+(?:the\s+)?"
                  rf"([a-z][\w'-]*){value}", t, re.I)  # fmt: skip
    if m and m.group(1).lower() not in (
        "value",
        "text",
        "contents",
        "content",
        "cell",
        "number",
        "word",
        "line",
    ):
        return (m.group(2), m.group(1), m.group(3), "set")
    m = re.search(
        rf"^\W*(?:please\s+)?(?:(?:change|set|update|make|correct|fix)\s+)?([A-Za-z][\w-]*?)'s?\s+([a-z][\w-]*)(?:\s+(?:grade|score|mark|number|value|figure|amount|count|points))?{value}",
        t,
        re.I,
    )
    if m:
        return (m.group(1), m.group(2), m.group(3), "set")
    return None


# Words of a loose row update that name neither a row nor a column: "the toaster stock is actually 7"
LOOSE_FILLER = {"the", "a", "an", "is", "are", "was", "were", "be", "been", "now", "should", "must", "ought", "needs", "need", "to", "got",
                "gets", "has", "had", "have", "scored", "score", "costs", "cost", "went", "goes", "gone", "rose", "fell", "dropped",
                "up", "down", "by", "changed", "change", "set", "update", "correct", "fix", "make", "it", "its", "it's", "of", "for",
                "in", "on", "at", "so", "oh", "oops", "ok", "okay", "please", "pls", "and", "then", "save", "today", "yesterday",
                "this", "week", "month", "year", "becomes", "become", "equals", "increased", "decreased", "jumped", "moved",
                "correctly", "really", "actually", "currently", "wrong", "not", "but", "just", "that", "there", "new", "sheet",
                "spreadsheet", "value", "number", "figure", "amount", "say", "says", "read", "reads", "only", "with",
                "earned", "made", "came", "came to", "which", "whose", "his", "her", "their", "i", "we", "my", "our", "ordered", "bought",
                "counted", "received"}  # fmt: skip
LOOSE_UPDATE = re.compile(
    r"\b(?:is|are|was|were|got|gets|has|had|scored|costs?|went|goes|rose|fell|dropped|changed|should\s+be|must\s+be|ought\s+to\s+be|"
    r"needs\s+to\s+be|becomes?|equals?|increased|decreased|jumped|came\s+to|earned|made|ordered|bought|counted|received)\b",
    re.I,
)


def loose_row_update(step: Step) -> tuple[str, str, str, str] | None:
    """A change to a row said loosely, with the sheet open ("the toaster stock is actually 7", "Rita got 25",
    "the towel price went up to 9", "we bought 12 pens not 10", "increase the gym budget by 20%"): one number
    and a few words, none of them an order of another kind. The words are all offered as the row and as the
    column ("w1|w2"); the plan settles which word names a row label and which a header, from the sheet itself.
    how: "set", "add", "subtract", or "add%" / "subtract%" for a share of the old value."""
    t = re.sub(r"(?<=\s)(?:now|actually|really|in\s+fact|currently)\s+(?=\S)", "", step.prepared, flags=re.I)
    # "change Feb food to 350", "update February rent to 1100": the same, said as an order
    t = re.sub(r"^\W*(?:please\s+)?(?:change|update|set|correct|fix)\s+(?:the\s+)?(.+?)\s+(?:to|=)\s+(\$?-?\d+(?:\.\d+)?)\W*$",
               r"\1 should be \2", t, flags=re.I)  # fmt: skip
    was = re.search(r",?\s+(?:not|instead\s+of|rather\s+than)\s+\$?(-?\d+(?:\.\d+)?)\b", t, re.I)
    t = (
        t[: was.start()] + t[was.end() :] if was else t
    )  # "12 pens not 10": the 10 names the cell that was wrong
    pct = re.search(
        r"^\W*(?:please\s+)?(raise|increase|bump(?:\s+up)?|cut|reduce|lower|decrease)\s+(.+?)\s+by\s+(\d+(?:\.\d+)?)\s*(?:%|percent)\W*$",
        t,
        re.I,
    )
    if pct:  # "raise the rent budget by 10%": the row's number times 1.1
        t = pct.group(2)
    if re.search(rf"\b{REF}\b|\x00|%|\?", t) or not pct and not LOOSE_UPDATE.search(t):
        return None
    if re.match(r"^\W*(?:please\s+)?(?:add|put|type|enter|write|insert|sum|total|count|sort|bold|clear|delete|remove|copy|move|"
                r"swap|double|halve|fill|number|make\s+(?:a|an|the\s+\w+\s+(?:bold|column|row))|what|how|which|where|who|is|are)\b",
                t, re.I):  # fmt: skip
        return None
    # "quiz 2", "test 1": a small number naming a column is part of its name, not the value
    t = re.sub(
        r"\b([A-Za-z]+)\s+(\d{1,2})\b(?=\s+[a-z]|$)" if pct else r"\b([A-Za-z]+)\s+(\d{1,2})\b(?=\s+[a-z])",
        lambda m: (
            m.group(0)
            if m.group(1).lower() in LOOSE_FILLER or m.group(1).lower().endswith("ed")
            else f"{m.group(1)}_{m.group(2)}"
        ),
        t,
    )
    nums = re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", t)
    if pct:
        if nums:
            return None
        nums = [pct.group(3)]
    if len(nums) != 1:
        return None
    words = [
        w.removesuffix("'s").removesuffix("'").replace("_", " ") for w in re.findall(r"[A-Za-z][\w'-]*", t)
    ]
    words = [w for w in words if w.lower() not in LOOSE_FILLER and w.lower() not in FUNCS]
    if not 1 <= len(words) <= 4:
        return None
    how = "set"
    if pct:
        how = "add%" if pct.group(1).lower().startswith(("raise", "increase", "bump")) else "subtract%"
    elif re.search(rf"\b(?:up|increased|rose|raised?)\s+by\s+\$?{re.escape(nums[0])}\b", t, re.I):
        how = "add"
    elif re.search(
        rf"\b(?:down|decreased|fell|dropped|lowered|reduced)\s+by\s+\$?{re.escape(nums[0])}\b", t, re.I
    ):
        how = "subtract"
    if was and how == "set":
        how = f"set:{was.group(1)}"
    joined = "|".join(words)
    return (joined, joined, nums[0], how)


ROW_FILLER = {"add", "append", "insert", "put", "enter", "include", "a", "an", "the", "new", "another", "row", "line",
              "entry", "record", "for", "with", "at", "as", "of", "and", "to", "on", "in", "into", "please", "also",
              "costing", "priced", "price", "that", "is", "are", "its", "it", "their", "has", "have", "having",
              "one", "more", "extra", "sheet", "table", "list", "spreadsheet", "me", "us", "each", "called", "named",
              "we", "we're", "i", "i'm", "now", "selling", "sell", "stock", "stocking", "carry", "carrying", "got", "too", "so",
              "them"}  # fmt: skip


def _new_row(step: Step) -> tuple[str, ...]:
    """The values of a row to add below the table: "add a row for kiwis with 30", "new row: plum, 0.80",
    "append grapes at 3.10 to the list". () when the clause adds no row or names cells."""
    t = step.prepared
    loose = re.match(  # "add Ola with 66 and 71", "please add a Gym row at 40": a label, then its numbers
        r"^\W*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:also\s+)?(?:add|append|include|insert|enter)\s+(?:a\s+|an\s+|another\s+|one\s+more\s+)?"
        r"(?:new\s+)?(?:[a-z]+\s+)?[A-Za-z][\w'-]*(?:\s+(?:line|row|entry))?\s+(?:with|at|for|costing|on|:|,)\s+(?:a\s+|an\s+)?(?:[a-z]+\s+(?:of\s+)?)?\$?-?\d",
        t, re.I)  # fmt: skip
    if loose and re.search(
        r"\b(?:to\s+(?:each|every|all|the)|by\s+\$?\d|percent|%|times|plus|minus|sum|total)\b", t, re.I
    ):
        loose = None  # "add 5 to every price", "add 10% to the total": a change, not a row
    if re.search(rf"\b{REF}\b|\bcolumn\b", t) or not loose and not re.search(
        r"\b(?:add|append|insert|put|enter|include)\b.*\b(?:rows?|entry|record|(?:at|to)\s+the\s+(?:bottom|end))\b|\bnew\s+(?:row|entry|record)\b",
        t, re.I):  # fmt: skip
        return ()
    t = re.sub(r"^\W*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?", "", t, flags=re.I)
    t = re.sub(
        r"\s+(?:below|under|beneath|after)\s+(?:the\s+)?[A-Za-z][\w'-]*(?:\s+(?:row|line|one))?\W*$",
        "",
        t,
        flags=re.I,
    )
    t = re.sub(
        r"(?:\s*,\s*|\s+and\s+)(-?\d+(?:\.\d+)?)\s+([a-z][\w-]*)\W*$", r" and \2=\1", t, flags=re.I
    )  # "... and 0 spent"
    t = re.sub(
        r"\s+(?:line|row|entry)(?=\s+(?:with|at|for|costing|on)\b)", "", t, flags=re.I
    )  # "a Gym line with ...": the label
    t = re.sub(r"\s+(?:under|below|beneath|after|at|to)\s+(?:the|my|this)\s+(?:bottom|end|others|rest|last|table|list|sheet|"
               r"existing|other|current|\w+\s+(?:rows|ones|entries))\b[^:]*", "", t, flags=re.I)  # fmt: skip
    head, _, after = t.partition(":")
    # "... costing 1 with qty 9": a value keyed by the header word before it
    head = re.sub(r"\b(?:with|and)\s+(?:a\s+|an\s+)?(?!(?:a|an|the|price|cost)\b)([a-z][\w-]*)\s+(?:of\s+)?\$?(-?\d+(?:\.\d+)?%?)(?=\W*$|\s*,|\s+and\b)",
                  r"with \1=\2", head, flags=re.I)  # fmt: skip
    words, run = [], []
    for token in re.findall(
        r"\x00\d+\x00|[a-z][\w-]*=-?\d+(?:\.\d+)?%?|-?\$?\d+(?:\.\d+)?%?|[\w'-]+", head, re.I
    ):
        if "=" in token:
            words += [" ".join(run), token] if run else [token]
            run = []
            continue
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
CELL_RANGE = rf"(\b[A-Z]{{1,2}}:[A-Z]{{1,2}}\b|{REF}(?:\s*(?::|to|through|thru|-)\s*{REF})?)"  # a range, a cell or a whole column (B:B)


def _range(words: str) -> str:
    return re.sub(r"\s*(?::|to|through|thru|-)\s*", ":", words.strip()).upper()


SIGNS = {"times": "*", "multiplied by": "*", "x": "*", "×": "*", "*": "*", "plus": "+", "+": "+", "and": "+", "minus": "-", "less": "-",
         "-": "-", "divided by": "/", "over": "/", "/": "/"}  # fmt: skip


def _per_row(t: str) -> tuple[str, str, str] | None:
    """(left, sign, right) of a formula on each row said as a function or a change of one column: its
    average, rounded, in capitals, two text columns joined, a percentage off or on, an hourly rate."""
    if re.search(r"\b(?:average|mean)\b", t, re.I) and re.search(
        r"\b(?:each|every|per|their|his|her)\b|'s\s+average", t, re.I
    ):
        return ("", "average", "")  # "each pupil's average over the tests"
    m = re.search(r"\bround\w*\s+(?:off\s+)?(?:each|every|all(?:\s+the)?|the)\s+([a-z][\w-]*)", t, re.I)
    if m and not re.fullmatch(r"(?:values?|numbers?|figures?|cells?|entries|amounts)", m.group(1), re.I):
        # "round every price to a whole number", "... to 2 decimals" (the values of a column are that column's)
        places = re.search(r"\bto\s+(\d|one|two|three)\s+(?:decimal|dp\b|places?\b|digits?\b)", t, re.I)
        said = places.group(1).lower() if places else "0"
        return (m.group(1), "round", {"one": "1", "two": "2", "three": "3"}.get(said, said))
    m = re.search(
        r"\b(?:the\s+)?([a-z][\w-]*)\s+(?:in|into|as|to)\s+(?:all\s+)?(?:capitals|caps|capital\s+letters|upper\s*case)\b",
        t,
        re.I,
    )
    if m and m.group(1).lower() not in (
        "it",
        "them",
        "everything",
        "text",
    ):  # "the codes in capitals in column B"
        return (m.group(1), "upper", "")
    m = re.search(
        r"\b(?:combine|join|merge|put\s+together)\s+(?:the\s+)?([a-z][\w-]*)\s+(?:names?\s+)?(?:and|with)\s+(?:the\s+)?([a-z][\w-]*)\s+names?\b",
        t,
        re.I,
    )
    if m:  # "combine first and last names into column C"
        return (m.group(1), "join", m.group(2))
    m = re.search(r"\b(?:each|every|the)\s+([a-z][\w-]*)\s+(?:minus|less|with\s+(?=\S+\s*(?:%|percent)\s+(?:off|discount))|after\s+(?=\S+\s*(?:%|percent)\s+(?:off|discount)))\s*(?:a\s+)?(\d+(?:\.\d+)?)\s*(?:%|percent)(?!\s+(?:\w+\s+)?(?:added|on\s+top|extra|more|vat|tax))", t, re.I) or re.search(
        r"\b(\d+(?:\.\d+)?)\s*(?:%|percent)\s+off\s+(?:each|every|the)\s+([a-z][\w-]*)", t, re.I)  # fmt: skip
    if m:  # "each price minus 10%": 90 % of it
        word, pct = (m.group(1), m.group(2)) if not m.group(1)[0].isdigit() else (m.group(2), m.group(1))
        return (word, "*", f"{1 - float(pct) / 100:g}")
    m = re.search(
        r"\b([a-z][\w-]*)\s+(?:go|goes|went|are\s+going|will\s+go)\s+up\s+(?:by\s+)?(\d+(?:\.\d+)?)\s*(?:%|percent)",
        t,
        re.I,
    )
    if m:  # "prices go up 10%": the new ones
        return (m.group(1), "*", f"{1 + float(m.group(2)) / 100:g}")
    m = re.search(
        r"\b(?:paid|earns?|gets?|at|costs?|charges?)\s+\$?(\d+(?:\.\d+)?)\s+(?:an|a|per)\s+(hour|day|week|item|unit)\b",
        t,
        re.I,
    )
    if m:  # "everyone is paid 12.50 an hour": the hours (or days ...) times the rate
        return (f"{m.group(2)}s", "*", f"{float(m.group(1)):g}")
    return None


def _verbs_as_signs(t: str) -> str:
    """Arithmetic said with verbs, as signs between the words: "multiply qty by price" -> "qty times price",
    "divide cost by units", "subtract cost from price" -> "price minus cost", "add tax to price"."""
    word = r"((?:the\s+)?[A-Za-z][\w-]*(?:\s+(?!(?:for|on|in|into|per|each|every|and|by|from|to|with|off|of)\b)[A-Za-z][\w-]*)?)"
    # "multiplies price by qty", "dividing cost by units": any form of the verb
    t = re.sub(rf"\bmultipl(?:y|ies|ying)\s+{word}\s+(?:by|with|and)\s+{word}", r"\1 times \2", t, flags=re.I)
    t = re.sub(rf"\bdivid(?:e|es|ing)\s+{word}\s+by\s+{word}", r"\1 divided by \2", t, flags=re.I)
    t = re.sub(
        rf"\b(?:subtract(?:s|ing)?|tak(?:e|es|ing))\s+{word}\s+(?:from|off)\s+{word}",
        r"\2 minus \1",
        t,
        flags=re.I,
    )
    # "add tax to price", "adds Rent and Food for each month", "summing Q1 and Q2 on every row"
    return re.sub(
        rf"\b(?:add(?:s|ing)?|sum(?:s|ming)?(?:\s+up)?|total(?:s|l?ing)?)\s+{word}\s+(?:and|to|with)\s+{word}(?=\s+(?:for|on|in|into|per)\b|\W*$)",
        r"\1 plus \2",
        t,
        flags=re.I,
    )


AGGREGATE = r"(total|sum|average|mean|max(?:imum)?|min(?:imum)?|highest|lowest|largest|smallest)"
AGG_FUNCS = {"total": "SUM", "sum": "SUM", "average": "AVERAGE", "mean": "AVERAGE", "max": "MAX", "maximum": "MAX",
             "highest": "MAX", "largest": "MAX", "min": "MIN", "minimum": "MIN", "lowest": "MIN", "smallest": "MIN"}  # fmt: skip


def aggregate_arithmetic(step: Step) -> tuple[str, tuple[str, ...]] | None:
    """(cell, ("SUM:budget", "-", "SUM:spent")) for arithmetic between functions of two columns named by their
    headers: "in F1, total income minus total costs", "the average of maths minus the average of english in D7"."""
    t = step.prepared
    cell = re.search(
        rf"\b(?:in|into)\s+(?:cell\s+)?({REF})\b|^\W*(?:in\s+)?({REF})\b|\b(?:in|into)\s+(?:cell\s+)?({REF})\W*$",
        t,
    )
    one = rf"(?:the\s+)?{AGGREGATE}\s+(?:of\s+)?(?:the\s+|all\s+(?:the\s+)?)?([A-Za-z][\w-]*)"
    m = re.search(
        rf"{one}\s+(minus|less|plus|divided\s+by|over|times|take\s+away|-|\+|/|\*)\s+{one}\b", t, re.I
    )
    if not cell or not m:
        return None
    sign = {"minus": "-", "less": "-", "take away": "-", "plus": "+", "times": "*", "over": "/"}.get(
        m.group(3).lower(), "/" if m.group(3).lower().startswith("divided") else m.group(3)
    )
    ref = next(g for g in cell.groups() if g)
    a = f"{AGG_FUNCS[m.group(1).lower()]}:{m.group(2)}"
    b = f"{AGG_FUNCS[m.group(4).lower()]}:{m.group(5)}"
    return ref, (a, sign, b)


NEW_NAMED_COLUMN = (r"\b(?:add|make|create|insert|append|need|want|give\s+me)\s+(?:me\s+)?(?:a|an|one\s+more|another)\s+(?:new\s+|extra\s+)?"
                    r"(?:column\s+(?:called|named|headed|titled|labell?ed)\s+\S+|\S+\s+column)\b")  # fmt: skip


def _new_column(step: Step) -> tuple[str, ...] | None:
    """(header, where, left, sign, right) for a new column said with its formula on each row: "add a Margin
    column that's price minus cost for each row", "put qty times price in column D with the header Total",
    "a Sum column after Q4 with each row's total", "a column with the price plus 20% VAT"."""
    t = _verbs_as_signs(step.prepared)
    if (
        not re.search(r"\bcolumns?\b", t, re.I)
        or not re.search(
            r"\b(?:each|every|all|per)\b|\bfor\s+(?:the\s+)?rows\b|\b(?:next\s+to|beside|rate|including)\b",
            t,
            re.I,
        )
        and not (re.search(r"\bcolumn\s+[A-Z]\b(?!\d)", t) and not re.search(rf"\b{REF}\b", t))
        # "add a Total column that multiplies Price by Qty": a new column named, so each row is meant
        and not (re.search(NEW_NAMED_COLUMN, t) and not re.search(rf"\b{REF}\b", t))
    ):
        return None
    # the name said with "called" first: "a new column called Total" is no column named "new"
    head = re.search(r"\bcolumn\s+(?:called|named|headed|titled|labell?ed)\s+(\x00\d+\x00|[\w-]+)", t) or re.search(
        r"\b(?:a|an|new)\s+(\x00\d+\x00|[A-Z][\w-]*|[\w-]+)\s+column\b|\b(?:header|heading|title)\s+(?:of\s+)?(\x00\d+\x00|[\w-]+)", t)  # fmt: skip
    header = _value(step, next(g for g in head.groups() if g)) if head else ""
    if header.lower() in ("new", "extra", "another", "the"):
        header = ""
    at = re.search(r"\b(?:in|into)\s+(?:column\s+)?([A-Z])\b(?!\d)|\bcolumn\s+([A-Z])\b(?!\d)", t)
    after = re.search(
        r"\b(?:right\s+|just\s+)?(?:after|next\s+to|beside|to\s+the\s+right\s+of)\s+(?:the\s+)?(?:each\s+)?([A-Za-z][\w-]*)",
        t,
    )
    where = (
        (at.group(1) or at.group(2))
        if at
        else f"after:{after.group(1)}"
        if after and after.group(1).lower() not in ("it", "them")
        else ""
    )
    if re.search(r"\b(?:total|sum)\b.*\b(?:over|across|of)\s+(?:the\s+|all\s+)?(?:\w+\s+)?(?:quarters|months|columns|years|weeks|days|subjects)\b|"
                 r"\brow'?s\s+total\b|\btotal\s+(?:of|for)\s+(?:each|every)\s+row\b", t, re.I):  # fmt: skip
        return (header, where, "", "sum", "")
    per_row = _per_row(t)
    if per_row:  # "round each price in column C", "each pupil's average in column E"
        return (header, where, *per_row)
    words = r"([A-Za-z][\w-]*|\d+(?:\.\d+)?)"
    m = re.search(
        rf"\b(?:the\s+)?{words}\s+(times|multiplied by|x|×|\*|plus|\+|minus|less|-|divided by|over|/)\s+(?:the\s+)?{words}\b",
        t,
        re.I,
    )
    pct = re.search(
        r"\b(?:the\s+)?([A-Za-z][\w-]*)\s+(?:including|with|plus|incl\.?|and)\s+(\d+(?:\.\d+)?)\s*(?:%|percent)",
        t,
        re.I,
    )
    share = re.search(
        r"\b(\d+(?:\.\d+)?)\s*(?:%|percent)\s+of\s+(?:the\s+|each\s+|every\s+)?(?:row'?s\s+)?([A-Za-z][\w-]*)",
        t,
        re.I,
    )
    if (
        share
        and share.group(2).lower() not in ("it", "them", "that", "this", "column")
        and not re.search(
            r"\b(?!that\s|which\s|it\s|each\s)\w+\s+(?:is|are|was|=)\s*$", t[: share.start()], re.I
        )
    ):  # (never "commission is 5% of sales": a named column's own formula, read by the header words)
        return (header, where, share.group(2), "*", f"{float(share.group(1)) / 100:g}")  # "20% of each price"
    if pct:  # "the price including 10% tax": a percentage on top, before any plain "plus"
        return (header, where, pct.group(1), "*", f"{1 + float(pct.group(2)) / 100:g}")
    scaled = re.search(r"\b(?:the\s+|each\s+|every\s+)?([A-Za-z][\w-]*)\s+(doubled|tripled|halved)\b", t, re.I) or re.search(
        r"\b(double|triple|halve|twice)\s+(?:the\s+|each\s+|every\s+)?([A-Za-z][\w-]*)", t, re.I)  # fmt: skip
    if scaled:  # "the price doubled", "twice each cost"
        said, name = (
            (scaled.group(2), scaled.group(1))
            if scaled.group(2).lower().endswith("ed")
            else scaled.group(1, 2)
        )
        if name.lower() not in (
            "it",
            "them",
            "that",
            "this",
            "column",
            "each",
            "the",
            "value",
            "values",
            "number",
            "numbers",
        ):
            factor = {"double": "2", "doubled": "2", "twice": "2", "triple": "3", "tripled": "3"}.get(
                said.lower(), "0.5"
            )
            return (header, where, name, "*", factor)
    if (
        m
        and m.group(1).lower() not in ("column", "each", "the")
        and m.group(3).lower() not in ("column", "each", "the")
    ):
        return (header, where, m.group(1), SIGNS[m.group(2).lower()], m.group(3))
    rate = re.search(
        r"\b(?:rate|1\s+\w+)\s+(?:is\s+|=\s*|of\s+)?(?:1\s+\w+\s+)?(?:=\s*|is\s+)?(\d+(?:\.\d+)?)\b", t, re.I
    )
    base = re.search(
        r"\b(?:the\s+)?([A-Za-z][\w-]*)\s+(?:prices?|values?|amounts?|costs?)\b|\b(?:next\s+to|beside|from)\s+(?:the\s+|each\s+)?([A-Za-z][\w-]*)",
        t,
    )
    if rate and base:  # "yen beside every pound amount, the rate is 190, on each row"
        return (header, where, base.group(1) or base.group(2), "*", rate.group(1))
    return None


SERIES = (["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
          ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])  # fmt: skip
SERIES_NAMES = sorted({n[:3] for s in SERIES for n in s})


ROW_FUNCS = {"total": ("Total", "SUM"), "totals": ("Total", "SUM"), "sum": ("Sum", "SUM"), "average": ("Average", "AVERAGE"),
             "averages": ("Average", "AVERAGE"), "mean": ("Mean", "AVERAGE"), "maximum": ("Max", "MAX"), "max": ("Max", "MAX"),
             "minimum": ("Min", "MIN"), "min": ("Min", "MIN"), "count": ("Count", "COUNT")}  # fmt: skip
FUNCTION_ROW = re.compile(
    r"\b(?:add|put|insert|append|make|create|give\s+(?:me|it|the\s+\w+)|include|stick|i\s+(?:want|need)|we\s+need)\s+(?:a|an|one|another)\s+(?:new\s+)?"
    r"(?:['\"]?(?P<word>" + "|".join(ROW_FUNCS) + r")['\"]?)\s+(?:row|line)\b(?P<rest>.*)$", re.I)  # fmt: skip


def _function_row(t: str) -> tuple | None:
    """(label, function, *column words) of a row below the table named by its function ("add a total row at
    the bottom", "insert an Average row for the scores"); the label is the function's own word."""
    m = FUNCTION_ROW.search(t)
    if not m or re.search(r"\b[A-Z]{1,2}\d{1,5}\b", t):
        return None  # cells named: the cell rules place each value
    label, func = ROW_FUNCS[m.group("word").lower()]
    if m.group("word")[0].isupper():
        label = m.group("word")[0] + m.group("word")[1:]
    rest = re.sub(r"\b(?:at|to|on|under|underneath|below|beneath|after)\s+(?:the\s+)?(?:very\s+)?(?:bottom|end|foot|last\s+row|table|sheet|data|list)\b|"
                  r"\b(?:underneath|below|beneath)\b", " ", m.group("rest"), flags=re.I)  # fmt: skip
    col = re.search(r"\b(?:of|for|over)\s+(?:all\s+)?(?:the\s+|our\s+|my\s+)?([\w-]+)", rest)
    return (label, func, col.group(1)) if col else (label, func)


def _sheet_words(step: Step) -> list[Command] | None:
    """Sheet changes said about headers and columns by their words: the header row in capitals, a column's
    values in capitals ("turn the town names to capitals"), a header renamed, a missing header given, a value
    changed wherever it stands ("everything that says draft is final now"), a word written in one column
    for rows named by their first cell, a count or the spread (max minus min) of a column by its header, a
    function under a column named by its header."""
    t = step.prepared

    def sheet(op: str, *args: str, target: str = "") -> list[Command]:
        return [Command("sheet", op=op, target=target, args=args, app="spreadsheet", clause=step.text)]

    if re.search(r"\b(?:clear|empty|wipe|erase|delete|remove)\s+(?:out\s+)?(?:everything|all(?:\s+the\s+(?:data|values|cells))?)\s+(?:in|on|from)\s+(?:the\s+|this\s+)?"
                 r"(?:sheet|spreadsheet|table|workbook)\b|^\W*(?:please\s+)?(?:clear|empty|wipe|blank)\s+(?:out\s+)?(?:the\s+|this\s+)?(?:whole\s+|entire\s+)?"
                 r"(?:sheet|spreadsheet|table)\W*$", t, re.I):  # fmt: skip
        return [
            Command("sheet", op="clear", args=("", "", False), app="spreadsheet", clause=step.text)
        ]  # "wipe the whole sheet"
    m = re.match(
        LEAD
        + r"number\s+(?:all\s+|each\s+of\s+|every\s+)?(?:the\s+|my\s+)?(?:rows|lines|entries|items|names|people|[a-z]+s)\b",
        t,
        re.I,
    )
    if m:  # "number the rows down column A": 1, 2, 3 ... one per row of the table
        col = re.search(
            r"\b(?:in|into|down|under|along)\s+(?:the\s+)?column\s+([A-Z]{1,2})\b|\bcolumn\s+([A-Z]{1,2})\b",
            t,
        )
        return sheet("number", (col.group(1) or col.group(2)) if col else "")
    head = re.search(r"\b(?:header|heading|title)\s+row\s*(?::|of|with|saying|reading)\s*(.+?)\W*$", t, re.I)
    if head and len(_names(head.group(1))) >= 2 and not re.search(rf"\b{REF}\b", t):
        # "give the table a heading row: Item, Qty, Cost": a row above the data (cells named say where instead)
        return sheet("rows", "insert", "", *(_value(step, v) for v in _names(head.group(1))))

    case = re.search(
        r"\b(?:all\s+)?(?:caps|capitals|capital\s+letters|upper\s*case)\b|\b(lower\s*case|small\s+letters)\b",
        t,
        re.I,
    )
    head_row = re.search(
        r"\b(?:the\s+)?(?:header|heading|title|first|top)\s+row\b|\b(?:the\s+)?(?:headers|headings|column\s+names)\b",
        t,
        re.I,
    )
    if case and head_row and not re.search(rf"\b{REF}\b", t):  # "make the header row all caps"
        return sheet("map", "1:1", "lower" if case.group(1) else "upper", "")
    named = re.search(r"\b(?:make|turn|put|convert|change|set|write)\s+(?:all\s+)?(?:the\s+|every\s+|each\s+)?([a-z][\w-]*)\s+(?:names?|values?|entries|words|column|cells?)?\s*"
                      r"(?:in(?:to)?\s+|to\s+)?(?:all\s+)?(?:caps|capitals|capital\s+letters|upper\s*case|lower\s*case|small\s+letters)\b", t, re.I)  # fmt: skip
    if (
        named
        and not re.search(
            r"\b(?:in|into)\s+column\s+[A-Z]\b|\bnext\s+to\s+them\b|\bbeside\s+them\b", t
        )  # a new column instead
        and case
        and named.group(1).lower()
        not in ("the", "it", "everything", "all", "them", "column", "header", "whole", "sheet")
    ):
        return sheet(
            "map", f"@{named.group(1)}", "lower" if case.group(1) else "upper", ""
        )  # "turn the town names to capitals"
    m = re.search(
        r"\b(?:rename|change|call)\s+(?:the\s+)?(\x00\d+\x00|[\w-]+)\s+(?:header|heading|column(?:\s+header)?|title)\s+(?:to|into|as)\s+(\x00\d+\x00|[\w-]+)",
        t,
        re.I,
    )
    if m:  # "change the Amt column header to Amount"
        return sheet("replace_value", _value(step, m.group(1)), _value(step, m.group(2)))
    m = re.match(LEAD + r"(?:rename|change|correct|fix|turn|respell)\s+(?:the\s+)?(?:name\s+|word\s+|header\s+|heading\s+|entry\s+)?"
                 r"(?!(?:it|this|that|them|column|row|cell|sheet|every|all|each)\b)(\x00\d+\x00|[A-Za-z][\w'-]*)\s+(?:to|into|as)\s+"
                 r"(?!-?\d[\d.]*\W*$)(\x00\d+\x00|[\w'-]+)(?:\s+instead)?\W*$", t, re.I) or re.search(  # fmt: skip
        r"^\W*([A-Z][\w-]*?)(?:'s)?\s+(?:name\s+)?is\s+(?:misspell?(?:ed|t)|spelt\s+wrong|spelled\s+wrong|wrong|a\s+typo)\W+(?:it\s+)?"
        r"should\s+(?:be|say|read)\s+(\x00\d+\x00|[\w'-]+)\W*$", t)  # fmt: skip
    if m and not re.search(
        rf"\b{REF}\b", t
    ):  # "rename Score to Points", "change Di to Diana": that value, wherever it stands
        return sheet("replace_value", _value(step, m.group(1)), _value(step, m.group(2)))
    m = re.search(r"\b(?:call|name|rename|title|head)\s+column\s+([A-Z])\s+(?:to\s+|as\s+)?(\x00\d+\x00|[\w'-]+)(?:\s+instead)?\W*$|"
                  r"\bcolumn\s+([A-Z])\s+should\s+be\s+(?:called|named|headed)\s+(\x00\d+\x00|[\w'-]+)\W*$", t)  # fmt: skip
    if m:  # "call column C Amount": its header cell
        return [Command("cell", target=f"{m.group(1) or m.group(3)}1", text=_value(step, m.group(2) or m.group(4)),
                        app="spreadsheet", clause=step.text)]  # fmt: skip
    m = re.match(
        LEAD
        + rf"(?:{CLEAR_VERBS})\s+(?:out\s+)?(?!.*\b(?:rows?|columns?|sheet)\b).*?\b({REF})\s*(?::|to|through|thru|-)\s*({REF})\b",
        t,
        re.I,
    )
    if m:  # "empty the scores B2 to B5 but keep the header": those cells
        return [
            Command(
                "cell",
                target=f"{m.group(1)}:{m.group(2)}".upper(),
                op="clear",
                app="spreadsheet",
                clause=step.text,
            )
        ]
    m = re.search(r"\bcolumns\s+(?-i:([A-Z]))\s+(?:and|&|plus)\s+(?-i:([A-Z]))\b", t, re.I)
    into = re.search(rf"\b(?:in|into)\s+(?:cell\s+)?({REF})\b", t, re.I)
    if (
        m and into and re.search(r"\b(?:sum|total|add\s+up|together)\b", t, re.I)
    ):  # "the total of columns B and C together, in E1"
        first, last = sorted((m.group(1), m.group(2)))
        return [
            Command(
                "cell",
                target=into.group(1).upper(),
                text=f"=SUM({first}:{last})",
                app="spreadsheet",
                clause=step.text,
            )
        ]
    m = re.search(
        r"\b(?:each|every|all(?:\s+the)?)\s+[a-z]+\s+in\s+(?:column\s+)?(?-i:([A-Z]))\b(?![\d:.'])", t, re.I
    )
    fn = next((name for pattern, name, _ in MAPS if re.search(pattern, t, re.I)), "") if m else ""
    if m and fn:  # "replace each amount in B with twice as much"
        return sheet("map", f"{m.group(1)}:{m.group(1)}", fn, "")
    m = re.search(
        r"\b(?:should|must|needs\s+to)\s+(?:be|say|read)\s+\$?(-?\d[\d.]*),?\s+(?:not|instead\s+of|rather\s+than)\s+\$?(-?\d[\d.]*)\b",
        t,
        re.I,
    )
    if (
        m and not re.search(rf"\b{REF}\b", t) and not _row_update(step)
    ):  # "March rent should be 1200, not 1100": that value
        return sheet("replace_value", m.group(2), m.group(1))
    m = re.search(r"\b(?:stopped|no\s+longer|don'?t|do\s+not|won'?t)\s+(?:sell(?:ing)?|stock(?:ing)?|carry(?:ing)?|need(?:ing)?|offer(?:ing)?|have)\s+(?:the\s+|any\s+)?(?!(?:anymore|any|more|it|them|this|that|these|those)\b)([a-z][\w-]*)", t, re.I)  # fmt: skip
    if m and re.search(
        r"\b(?:delete|remove|drop|get\s+rid\s+of|cut)\b.*\brow\b", t, re.I
    ):  # "we no longer sell plums, delete that row"
        return sheet("rows", "delete", m.group(1))
    m = re.search(r"(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)(?:\s*,\s*-?\d+(?:\.\d+)?)*\s*,?\s*(?:and\s+so\s+on|etc\.?|\.\.\.|…)\s*,?\s*(?:all\s+the\s+way\s+)?"
                  r"(?:up\s+to|until|till|to|through|down\s+to)\s+(-?\d+(?:\.\d+)?)", t, re.I)  # fmt: skip
    first = re.search(rf"\b(?:under|below|beneath)\s+({REF})\b", t, re.I) or re.search(
        rf"\b(?:starting|beginning|from)\s+(?:at\s+|in\s+|with\s+)?({REF})\b", t, re.I
    )
    if m and first:  # "under A1, list 5, 10, 15 and so on up to 30": a series down the column
        a, step_by, end = float(m.group(1)), float(m.group(2)) - float(m.group(1)), float(m.group(3))
        ref = first.group(1).upper()
        col, row = re.match(r"([A-Z]+)(\d+)", ref).groups()  # type: ignore[union-attr]
        row = int(row) + (1 if re.match(r"under|below|beneath", first.group(0), re.I) else 0)
        count = int(round((end - a) / step_by)) + 1 if step_by else 0
        if 1 < count <= 200:
            return [Command("cell", target=f"{col}{row + k}", text=f"{a + k * step_by:g}", app="spreadsheet", clause=step.text)
                    for k in range(count)]  # fmt: skip
    m = re.match(LEAD + r"(?:add|insert|put\s+in)\s+(?:a|an|one)\s+(?:blank|empty|new)\s+column\s+(before|after|left\s+of|right\s+of)\s+(?:column\s+(?-i:([A-Z]))\b|"
                 r"(?:the\s+)?([a-z][\w-]*)(?:\s+column)?)(?:\W*$|\s*,)", t, re.I)  # fmt: skip
    if m:  # "insert a blank column before the Notes column, I'll fill it later"
        place = m.group(2) or m.group(3)
        return sheet(
            "columns",
            "insert",
            f"after:{place}" if m.group(1).lower().startswith(("after", "right")) else place,
            "",
        )
    m = re.search(rf"\b(?:put|write|type|enter)\s+(\x00\d+\x00|[\w-]+)\s+in\s+({REF})\s+and\s+(?:the\s+)?(sum|total|average|mean|highest|lowest|max\w*|min\w*)\s+"
                  r"of\s+(?:the\s+|all\s+the\s+)?([a-z][\w-]*)\s+(?:next\s+to\s+it|beside\s+it|to\s+(?:the|its)\s+right|in\s+the\s+next\s+cell)\b", t, re.I)  # fmt: skip
    if m:  # "put Total in A7 and the sum of the costs next to it"
        ref = m.group(2).upper()
        right = f"{chr(ord(ref[0]) + 1)}{ref[1:]}" if len(re.match(r"[A-Z]+", ref).group(0)) == 1 else ""  # type: ignore[union-attr]
        if right:
            return [Command("cell", target=ref, text=_value(step, m.group(1)), app="spreadsheet", clause=step.text),
                    *sheet("column_formula", FUNCS.get(m.group(3).lower(), "SUM"), m.group(4), target=right)]  # fmt: skip
    m = re.search(
        r"\bhow\s+many\s+(?:people\s+|of\s+them\s+|\w+\s+)?(?:said|answered|voted|chose|picked|replied|ticked|say)\s+(\x00\d+\x00|[\w-]+)\b",
        t,
        re.I,
    )
    into = re.search(rf"\b(?:in|into)\s+(?:cell\s+)?({REF})\b", t, re.I)
    if (
        m and into and not re.fullmatch(r"-?\d[\d.]*|more|less|over|above|under|below", m.group(1), re.I)
    ):  # "how many said yes? count in D1"
        return sheet("column_formula", f"COUNTIF={_value(step, m.group(1))}", target=into.group(1).upper())
    if re.search(
        r"\bcolumns?\b.*\b(?:wrong\s+way\s+round|wrong\s+order|back\s+to\s+front|swapped|mixed\s+up)\b",
        t,
        re.I,
    ):
        m = re.search(
            r"\b(?:want|put|should\s+(?:be|have))\s+(?:the\s+)?([\w-]+)\s+(?:column\s+)?first(?:\s+(?:and\s+)?(?:then\s+)?(?:the\s+)?([\w-]+))?",
            t,
            re.I,
        )
        if m:  # "the columns are the wrong way round, I want Price first then Item"
            return sheet(
                "columns", "swap", m.group(1), m.group(2) or "A"
            )  # the one said first goes to column A
    m = re.search(
        r"\b(?:swap|switch|exchange)\s+(?:the\s+)?(?:columns\s+(?-i:([A-Z]))\s+and\s+(?-i:([A-Z]))|([\w-]+)\s+and\s+([\w-]+)\s+columns)\b",
        t,
        re.I,
    )
    if m:  # "swap columns A and B", "swap the Name and Phone columns"
        return sheet("columns", "swap", m.group(1) or m.group(3), m.group(2) or m.group(4))
    m = re.search(r"\b(?:the\s+)?(?:months|days|weekdays)?\s*\b(" + "|".join(SERIES_NAMES) + r")\w*\s+(?:to|through|until|till|-)\s+(" + "|".join(SERIES_NAMES) + r")\w*\b", t, re.I)  # fmt: skip
    down = re.search(r"\b(?:down|in|into)\s+column\s+(?-i:([A-Z]))\b", t, re.I)
    start_at = re.search(rf"\b(?:from|starting\s+(?:at|in|from)|beginning\s+(?:at|in))\s+({REF})\b", t, re.I)
    if m and (down or start_at):  # "fill in the months Jan to Jun down column A under the header"
        names = next(s for s in SERIES if m.group(1)[:3].lower() in [n[:3].lower() for n in s])
        i, j = (
            [n[:3].lower() for n in names].index(m.group(1)[:3].lower()),
            [n[:3].lower() for n in names].index(m.group(2)[:3].lower()),
        )
        short = len(re.match(r"\w+", t[m.start(1) :]).group(0)) <= 3  # type: ignore[union-attr]
        col, row = (
            (start_at.group(1)[0].upper(), int(start_at.group(1)[1:]))
            if start_at
            else (down.group(1), 2 if re.search(r"\bheader|heading|title\b", t, re.I) else 1)
        )  # type: ignore[union-attr]
        return [Command("cell", target=f"{col}{row + k}", text=n[:3] if short else n, app="spreadsheet", clause=step.text)
                for k, n in enumerate(names[i : j + 1])] if i <= j else None  # fmt: skip
    col = r"(?:column\s+(?-i:([A-Z]))\b|(?:the\s+)?(?!column\b)([a-z][\w-]*)\s+column\b)"
    m = re.match(LEAD + rf"(?:delete|remove|drop|get\s+rid\s+of|lose|cut)\s+(?:the\s+(?:whole\s+|entire\s+)?)?{col}(?:\s+(?:entirely|completely|altogether))?\W*$", t, re.I)  # fmt: skip
    if m:  # "delete column C", "remove the notes column": the columns after it move left
        return sheet("columns", "delete", m.group(1) or m.group(2))
    m = re.match(LEAD + rf"(copy|move)\s+(?:everything\s+in\s+|the\s+(?:values|contents)\s+(?:of|in)\s+)?{col}\s+(?:over\s+)?(?:to|into|onto)\s+{col}\W*$", t, re.I)  # fmt: skip
    if m:  # "copy column B to column E"
        return sheet("columns", m.group(1).lower(), m.group(2) or m.group(3), m.group(4) or m.group(5))
    m = re.match(LEAD + r"(?:add|insert|make|create|put\s+in)\s+(?:a\s+|an\s+|one\s+)?(?:new\s+|extra\s+|empty\s+)?column\s+(?:(?:called|named|headed|titled|labelled|labeled|for)\s+)?"
                 r"(\x00\d+\x00|[\w'-]+)(?:\s+(before|after|left\s+of|right\s+of|to\s+the\s+(?:left|right)\s+of)\s+(?:column\s+(?-i:([A-Z]))\b|(?:the\s+)?([a-z][\w-]*)(?:\s+column)?))?\W*$"
                 r"|" + LEAD + r"(?:add|insert|put\s+in)\s+(?:a\s+|an\s+)?(?:new\s+)?column\s+(before|after|left\s+of|right\s+of)\s+(?:column\s+(?-i:([A-Z]))\b|(?:the\s+)?([a-z][\w-]*)(?:\s+column)?)\s+"
                 r"(?:called|named|headed|titled|labelled|labeled)\s+(\x00\d+\x00|[\w'-]+)\W*$", t, re.I)  # fmt: skip
    if m and (m.group(1) or "").lower() not in ("called", "named", "at", "to", "in", "with"):
        head = _value(step, m.group(1) or m.group(8))
        where, letter, word = (
            (m.group(2), m.group(3), m.group(4)) if m.group(1) else (m.group(5), m.group(6), m.group(7))
        )
        place = letter or word or ""
        if place and where and where.lower().startswith(("after", "right", "to the right")):
            place = f"after:{place}"
        return sheet(
            "columns", "insert", place, head
        )  # "add a column called Grade", "... before Price called Code"
    m = re.search(r"\bcolumn\s+([A-Z])\b\s+(?:has\s+no|is\s+missing\s+(?:its|a|the)|lacks\s+(?:a|its))\s+(?:header|heading|title)\b.*?\b(?:it'?s|it\s+is|should\s+be|"
                  r"call\s+it|name\s+it)\s+(?:the\s+|a\s+)?(\x00\d+\x00|[\w-]+)", t)  # fmt: skip
    if m:  # "column D lacks a heading, name it weight"
        word = _value(step, m.group(2))
        return [
            Command(
                "cell",
                target=f"{m.group(1)}1",
                text=word[:1].upper() + word[1:],
                app="spreadsheet",
                clause=step.text,
            )
        ]
    m = re.search(r"\b(?:everything|every\s+cell|all\s+(?:the\s+)?(?:cells|ones)|anything|each\s+cell)\s+(?:that\s+says|saying|with|that\s+reads|reading)\s+"
                  r"(\x00\d+\x00|[\w-]+)\s+(?:is|are|should\s+(?:be|say)|becomes?|must\s+be)\s+(?:actually\s+)?(?:now\s+)?(\x00\d+\x00|[\w-]+)", t, re.I)  # fmt: skip
    if m:  # "everything that says draft is final now"
        return sheet("replace_value", _value(step, m.group(1)), _value(step, m.group(2)))
    m = re.search(
        r"\b(?:write|put|enter|mark|type)\s+(\x00\d+\x00|[\w-]+)\s+in\s+the\s+([\w-]+)\s+column\s+for\s+(.+?)\W*$",
        t,
        re.I,
    )
    if m:  # "Ivy and Zoe finished - enter done in the Status column for each of them"
        who = m.group(3)
        if re.match(
            r"(?:both(?:\s+of\s+them)?|them(?:\s+both)?|the\s+two\s+of\s+them|those\s+two|each\s+of\s+them)$",
            who,
            re.I,
        ):
            who = " ".join(re.findall(r"\b[A-Z][a-z]+\b", t[: m.start()]))
        names = [
            n
            for n in re.split(r"\s*,\s*|\s+and\s+|\s+", who.strip())
            if re.fullmatch(r"[A-Za-z][\w-]*", n) and n.lower() != "and"
        ]
        if names:
            return [Command("sheet", op="set_by_name", args=(n, m.group(2), _value(step, m.group(1)), "set"), app="spreadsheet",
                            clause=step.text) for n in names]  # fmt: skip
    m = re.search(r"\b(?:add|put|insert|append|make)\s+(?:a\s+|another\s+)?(?:new\s+)?(?:row|line)\s+(?:at\s+the\s+(?:bottom|end)\s+|underneath\s+|below\s+(?:it|them|the\s+\w+)\s+)?"
                  r"(?:labell?ed|called|named|titled|saying|that\s+says)\s+(\x00\d+\x00|[\w-]+)\s+(?:with|showing|holding|that\s+(?:has|shows))\s+(?:the\s+)?"
                  r"([\w ]+?)\s+(?:of|for|over)\s+(?:all\s+)?(?:the\s+)?([\w-]+)", t, re.I)  # fmt: skip
    func = next((f for w, f in FUNCS.items() if m and re.search(rf"\b{w}\b", m.group(2), re.I)), "")
    if (
        m and func
    ):  # "append a line named Mean showing the average of the marks": a label and a function in a new row
        return sheet("label_row", _value(step, m.group(1)), func, m.group(3))
    named = _function_row(t)
    if named:  # "add a Total row at the bottom", "put an average row under the marks"
        return sheet("label_row", *named)
    into = re.search(rf"\b(?:in|into)\s+(?:cell\s+)?({REF})\b", t)
    words = tuple(w for w in _header_words(re.sub(rf"\b{REF}\b", "", t)) if w.lower() not in FUNCS and w.lower() not in
                  ("difference", "gap", "between", "range", "spread", "many", "how", "count", "answer", "result", "put", "more", "less", "than"))  # fmt: skip
    spread = re.search(r"\b(?:difference|gap|range|spread)\s+between\s+(?:the\s+)?(?:our\s+|my\s+)?(?:highest|biggest|largest|most|max\w*|best|top)(?:\s+\w+)?\s+and\s+(?:the\s+)?(?:our\s+|my\s+)?"
                       r"(?:lowest|smallest|least|min\w*|worst|bottom)\b", t, re.I)  # fmt: skip
    if spread and into:  # "put the spread between the largest and the smallest weight into F2"
        return sheet("column_formula", "SPREAD", *words, target=into.group(1).upper())
    many = re.search(
        r"\bhow\s+many\b.*?\b(?:more|greater|higher|bigger|over|above|less|fewer|lower|smaller|under|below)\s+(?:than\s+)?(-?\d+(?:\.\d+)?)",
        t,
        re.I,
    )
    if (
        many and into and words and not re.search(RANGE_WORDS, t)
    ):  # "how many items cost more than 5? count in D2"
        sign = (
            ">" if re.search(r"\b(?:more|greater|higher|bigger|over|above)\b", many.group(0), re.I) else "<"
        )
        return sheet(
            "column_formula",
            f"COUNTIF{sign}{many.group(1)}",
            *(w for w in words if w != "<above>"),
            target=into.group(1).upper(),
        )
    under = re.search(r"\b(?:right\s+|just\s+|directly\s+)?(?:under|below|underneath|beneath|at\s+the\s+bottom\s+of)\s+(?:the\s+|all\s+the\s+|those\s+|these\s+)?(?:(?!the\b)([a-z][\w-]*)\s+)?"
                      r"(scores|marks|values|numbers|figures|column(?!\s+(?-i:[A-Z])\b)|amounts|prices|grades|results|(?!them\b|those\b|these\b)[a-z]{3,}s)\b", t, re.I)  # fmt: skip
    func = next(
        (
            f
            for w, f in FUNCS.items()
            if re.search(rf"\b{w}\b", t, re.I) and w not in ("number", "top", "best", "worst", "count")
        ),
        "",
    )
    if (
        under and func and not into
    ):  # "the mean of the history marks just below the history marks": below that column's values
        return sheet("column_formula", func, under.group(1) or under.group(2), target="+")
    whole_col = re.match(r"^\W*(?:please\s+)?(total|sum|add\s+up|average)\s+(?:up\s+)?(?:the\s+|all\s+the\s+)?([a-z][\w-]*)\s+column\W*$", t, re.I) or re.search(
        r"\b(?:the\s+)?(sum|total|average|mean|highest|lowest)\s+of\s+(?:the\s+|all\s+the\s+)?([a-z][\w-]*)\s+(?:in|into)\s+the\s+(?:cell|row|space)\s+"
        r"(?:under|below|beneath|underneath)\s+(?:them|it|those|the\s+\w+)", t, re.I) or re.match(
        LEAD + r"(total|sum|add\s+up|average)\s+(?:up\s+)?(?:the\s+|all\s+(?:of\s+)?the\s+|all\s+)?([a-z][\w-]*)\b(?:\s*,?\s+(?:and\s+)?(?:then\s+)?(?:put|write|place|show|stick)"
        r"\s+(?:it|that|the\s+(?:result|total|answer|sum|average))|)(?:\s+(?:just|right|directly))?\s+(?:under|below|beneath|underneath)(?:\s+(?:them|it|those|the\s+\w+))?\W*$",
        t, re.I) or re.match(  # "sum the scores": no place said, so under them
        LEAD + r"(total|sum|add\s+up|average|find\s+the\s+(?:total|sum|average)\s+of)\s+(?:up\s+)?(?:the\s+|all\s+(?:of\s+)?the\s+|all\s+|my\s+)?"
        r"(?!(?:it|them|this|that|these|those|column|row|sheet|cells?)\b)([a-z][\w-]*)(?:\s+up)?\W*$", t, re.I)  # fmt: skip
    if (
        whole_col and not into
    ):  # "total the fuel column", "the sum of the fees in the cell under them": below that column
        word = whole_col.group(1).lower()
        return sheet(
            "column_formula",
            "SUM" if word in ("add up", "total", "sum") else FUNCS.get(word, "SUM"),
            whole_col.group(2),
            target="+",
        )
    return None


def _row_change(step: Step) -> tuple[str, ...] | None:
    """Whole rows deleted or inserted: ("delete", word), ("delete_empty",), ("insert", after-word or "", values...).
    "remove Omar's row", "Omar moved away, so remove his row", "drop the blank rows", "add a row for Pia on 9 below Raj",
    "there's no heading row yet: put Town and Cost above the table"."""
    t = step.prepared
    if re.search(rf"\b{REF}\b", t) or not re.search(
        r"\brows?\b|\bbetween\b|\babove\s+the\s+(?:data|table|values|rows|list)|\bheaders?\b|\bheading",
        t,
        re.I,
    ):
        return None
    drop = r"(?:delete|remove|drop|get\s+rid\s+of|take\s+out|cut)"
    if re.search(rf"\b{drop}\s+(?:the\s+|any\s+|all\s+(?:the\s+)?)?(?:empty|blank)\s+rows?\b", t, re.I):
        return ("delete_empty",)
    m = re.search(
        rf"\b{drop}\s+(?:the\s+)?(?:row\s+(?:for|of|with|that\s+has|holding)\s+([\w'-]+)|([\w-]+)'s?\s+row|([\w-]+)\s+row)\b",
        t,
        re.I,
    )
    m = m or re.search(  # "the Rent row can go", "we don't need the row for Gym any more"
        r"^\W*(?:(?:we|i)\s+(?:don'?t|do\s+not|no\s+longer)\s+(?:need|want)\s+)?(?:the\s+)?(?:row\s+(?:for|of|with)\s+([\w'-]+)|([\w-]+)'s?\s+row|"
        r"([\w-]+)\s+row)\b(?:\s+(?:can|should|has\s+to|must|needs\s+to)\s+(?:go|be\s+(?:deleted|removed|dropped))|\s+(?:isn'?t|is\s+not|is\s+no\s+longer)\s+needed|"
        r"\s+(?:any\s*more|anymore))?\W*$", t, re.I)  # fmt: skip
    if m and not re.search(
        rf"\b{drop}\b|\bcan\s+go\b|\bshould\s+go\b|\bhas\s+to\s+go\b|\bmust\s+go\b|\bneeds\s+to\s+go\b|\bbe\s+(?:deleted|removed|dropped)\b|"
        r"\bneeded\b|\bdon'?t\s+need\b|\bno\s+longer\b",
        t,
        re.I,
    ):
        m = None
    name = (m.group(1) or m.group(2) or m.group(3)) if m else ""
    if m and name.lower() in ("the", "a", "that", "this", "empty", "blank", "last", "first", "top", "bottom", "header", "total", "new",
                              "his", "her", "their", "its", "whole", "entire"):  # fmt: skip
        name = ""
    nth = re.search(
        rf"\b{drop}\s+(?:the\s+)?(?:row\s+(\d+)|(second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+row)\b",
        t,
        re.I,
    )
    if nth:  # "delete row 4": the rows below move up
        word = (nth.group(1) or nth.group(2)).lower()
        return ("delete", f"#{ORDINALS.get(word) or int(re.sub(r'[^0-9]', '', word))}")
    if not name and re.search(rf"\b{drop}\s+(?:his|her|their|its)\s+row\b", t, re.I):
        said = re.search(r"^\W*(?:so\s+)?([A-Z][a-z]+)\b", step.text)  # "Omar moved away, so remove his row"
        name = said.group(1) if said else ""
    if name:
        return ("delete", _value(step, name))
    m = re.search(r"\b(?:copy|duplicate|clone|repeat)\s+(?:the\s+)?(?:row\s+(?:for|of|with)\s+([\w'-]+)|([\w-]+)'s?\s+row|([\w-]+)\s+row)\b", t, re.I)  # fmt: skip
    name = (m.group(1) or m.group(2) or m.group(3)) if m else ""
    if name and name.lower() not in ("the", "a", "that", "this", "last", "first", "top", "bottom", "header", "whole", "new", "his", "her", "its"):  # fmt: skip
        # "repeat Kim's row below and name it Kia": a copy of the row, under a new label if one is said
        label = re.search(r"\b(?:call|name|label)\s+it\s+([\w-]+|\x00\d+\x00)|\bas\s+(?:a\s+)?(?:new\s+)?([\w-]+|\x00\d+\x00)(?:\s+row)?\b", t[m.end() :], re.I)  # fmt: skip
        where = "bottom" if re.search(r"\b(?:bottom|end|last)\b", t[m.end() :], re.I) else "below"
        new = _value(step, label.group(1) or label.group(2)) if label else ""
        return ("copy", _value(step, name), where, new)
    m = re.search(r"\b(?:insert|add|put)\s+(?:a\s+)?(?:new\s+)?(?:\w+\s+)?(?:row\s+(?:for\s+)?)?([A-Z][\w-]*|\x00\d+\x00)\s+(?:with\s+|at\s+|on\s+)?"
                  r"(-?\d+(?:\.\d+)?)(?:\s+[a-z]+)?\s+(?:between\s+([\w-]+)\s+and\s+[\w-]+|after\s+([\w-]+)|(?:right\s+)?(?:below|under)\s+([\w-]+))", t)  # fmt: skip
    if m:  # "add a row for Pia on 9 below Raj": after Raj
        return ("insert", m.group(3) or m.group(4) or m.group(5), _value(step, m.group(1)), m.group(2))
    m = re.search(r"\b(?:insert|add|put)\s+(?:a\s+|an\s+)?(?:new\s+)?row\s+(?:between\s+([\w-]+)\s+and\s+[\w-]+|after\s+([\w-]+)|(?:right\s+)?(?:below|under)\s+([\w-]+))"
                  r"\s*,?\s+(?:with|for|holding|containing|saying)\s+(.+?)\W*$", t, re.I)  # fmt: skip
    if m:  # "add a row between Ann and Bob with Zoe, 5": after Ann
        return (
            "insert",
            m.group(1) or m.group(2) or m.group(3),
            *(_value(step, v) for v in _names(m.group(4))),
        )
    m = re.search(r"\b(?:add|put|insert|type|write)\s+(.+?)\s+(?:above\s+the\s+(?:data|table|values|rows|list|names)|as\s+(?:the\s+)?headers?|"
                  r"as\s+(?:a\s+)?header\s+row|in\s+a\s+new\s+(?:top|first)\s+row)\b", t, re.I)  # fmt: skip
    if m and re.search(r"\b(?:missing|no\s+header|above|new\s+(?:top|first)\s+row|insert)\b", t, re.I):
        return ("insert", "", *(_value(step, v) for v in _names(m.group(1))))  # a header row above the table
    return None


def _column_below(step: Step) -> tuple[str, str] | None:
    """(function, column letter) for a function over a column named by its letter with no target cell, or
    one said to be under it: "sum column B", "average of column C at the bottom"."""
    t = step.prepared
    col = re.findall(r"\bcol(?:umn)?\s+([A-Z]{1,2})\b(?![\d:])", t)
    if (
        len(col) != 1
        or SAYS.match(t)
        or re.search(rf"\b{REF}\b", t)
        or re.search(r"\b(?:sort|bold|clear|empty|delete|remove|by)\b", t, re.I)
    ):
        return None
    func = next(
        (
            f
            for w, f in FUNCS.items()
            if re.search(rf"\b{w}\b", t, re.I) and w not in ("number", "top", "best", "worst")
        ),
        "",
    )
    func = func or ("SUM" if re.search(r"\badd\s+up\b|\btot(?:al|tal)\b", t, re.I) else "")
    return (func, col[0]) if func else None


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
    m = re.search(rf"\b(?:move|shift|cut)\s+(?:the\s+(?:value|contents?|text|number)\s+(?:in|of|from)\s+|cell\s+)?({REF})\s+(?:over\s+|across\s+|down\s+|up\s+)?"
                  rf"(?:to|into|in|onto)\s+(?:cell\s+)?({REF})\b", t, re.I)  # fmt: skip
    if m:  # "move C4 to D4": the value goes there, C4 is emptied
        return sheet("move", m.group(1).upper(), m.group(2).upper())
    refs = re.findall(rf"\b{REF}\b", t)
    # "double every number in column B": the whole column ("B:B"), as far as the plan finds values
    t = re.sub(r"\b(?:everything\s+in\s+)?(?:the\s+)?col(?:umn)?\s+([A-Z]{1,2})\b(?![\d:])", r"\1:\1", t)
    m = re.search(rf"\bround\w*\s+(?:the\s+\w+\s+(?:in|of)\s+|(?:all\s+)?(?:the\s+)?(?:values?|numbers?)\s+(?:in\s+)?)?{CELL_RANGE}\s+"
                  rf"(?:to|at)\s+(\d+)\s+(?:decimal|place|digit|dp)", t, re.I)  # fmt: skip
    if m and not re.search(
        r"\b(?:put|into|in)\s+(?:it\s+)?(?:in\s+)?(?:cell\s+)?[A-Z]{1,2}\d+\W*$", t[m.end() :]
    ):
        return sheet("map", _range(m.group(1)), "round", m.group(2))
    num = r"(-?\d+(?:\.\d+)?)"
    m = re.search(rf"\b(increase|raise|bump|reduce|cut|lower|decrease|discount|mark\s+down|mark\s+up)\s+(?:up\s+)?(?:each|every|all(?:\s+of)?)\s+"
                  rf"(?:the\s+)?([a-z][\w-]*?)s?(?:\s+in\s+([A-Z]{{1,2}}:[A-Z]{{1,2}}))?\s+by\s+{num}\s*(%|percent)?", t, re.I)  # fmt: skip
    if (
        m and not refs
    ):  # "increase every price by 10 percent": the column headed "price" (or the column named)
        down = re.match(r"reduce|cut|lower|decrease|discount|mark\s+down", m.group(1), re.I)
        n = float(m.group(4))
        column = m.group(3) or f"@{m.group(2)}"
        if m.group(5):
            return sheet("map", column, "times", f"{1 - n / 100 if down else 1 + n / 100:g}")
        return sheet("map", column, "add", f"{-n if down else n:g}")
    where = rf"(?:the\s+)?(?:(?:each|every|all(?:\s+the)?)\s+)?(?:values?\s+|numbers?\s+|cells?\s+)?(?:in\s+)?{CELL_RANGE}"
    m = re.search(
        rf"\b(increase|raise|bump(?:\s+up)?|decrease|reduce|lower|cut)\s+{where}\s+by\s+{num}\s*(?:%|percent)",
        t,
        re.I,
    )
    if m:  # "increase column B by 10%": each value times 1.1, not plus 10
        down = re.match(r"decrease|reduce|lower|cut", m.group(1), re.I)
        n = float(m.group(3))
        return sheet("map", _range(m.group(2)), "times", f"{1 - n / 100 if down else 1 + n / 100:g}")
    m = re.search(rf"\b(?:add|plus)\s+{num}\s+(?:to|onto)\s+{where}\W*$", t, re.I) or re.search(
        rf"\b(?:increase|raise|bump(?:\s+up)?)\s+{where}\s+by\s+{num}\W*$", t, re.I)  # fmt: skip
    if m:  # "add 5 to B2": the cell's value and 5
        n, rng = (
            (m.group(1), m.group(2))
            if m.group(1) and re.fullmatch(num, m.group(1))
            else (m.group(2), m.group(1))
        )
        return sheet("map", _range(rng), "add", n)
    m = re.search(rf"\b(?:subtract|take|deduct|knock)\s+{num}\s+(?:away\s+)?(?:from|off(?:\s+of)?)\s+{where}\W*$", t, re.I) or re.search(
        rf"\b(?:decrease|reduce|lower|cut)\s+{where}\s+by\s+{num}\W*$", t, re.I)  # fmt: skip
    if m:
        n, rng = (m.group(1), m.group(2)) if re.fullmatch(num, m.group(1)) else (m.group(2), m.group(1))
        return sheet("map", _range(rng), "add", n[1:] if n.startswith("-") else f"-{n}")
    m = re.search(rf"\bmultiply\s+{where}\s+by\s+{num}\W*$", t, re.I)
    if m:
        return sheet("map", _range(m.group(1)), "times", m.group(2))
    m = re.search(
        rf"\b(multiply|divide)\s+(?:each|every|all(?:\s+of)?)\s+(?:the\s+)?([a-z][\w-]*?)s?\s+by\s+{num}\W*$",
        t,
        re.I,
    )
    if m and not refs:  # "multiply every price by 1.2": the column headed "price"
        n = float(m.group(3))
        return sheet(
            "map", f"@{m.group(2)}", "times", f"{n if m.group(1).lower() == 'multiply' else 1 / n:g}"
        )
    every = r"(?:each(?:\s+of)?|every|all(?:\s+of)?)\s+(?:the\s+|my\s+|our\s+)?(?!(?:numbers?|values?|cells?|entries|entry|figures?|rows?|columns?|them|those|these|of)\b)([a-z][\w-]*)\b"
    # "halve the prices": a plural said with "the" is every one of them too
    every = rf"(?:{every}|(?:the|my|our)\s+(?!(?:numbers|values|cells|entries|figures|rows|columns)\b)([a-z][\w-]*s)\b(?!\s+(?:in|of)\s+{REF}))"
    m = re.search(
        rf"\bround\w*\s+(?:off\s+|up\s+|down\s+)?{every}(?:\s+(?:off\s+)?to\s+(?:the\s+nearest\s+|a\s+)?(?:whole\s+(?:numbers?|euros?|dollars?|pounds?)|integers?|(\d+)\s+decimal(?:\s+places?)?|(one|two|three)\s+decimal(?:\s+places?)?))?\W*$",
        t,
        re.I,
    )
    if m and not refs:  # "round the prices to whole numbers", "round every price to 2 decimal places"
        places = m.group(3) or {"one": "1", "two": "2", "three": "3"}.get((m.group(4) or "").lower(), "0")
        return sheet("map", f"@{m.group(1) or m.group(2)}", "round", places)
    m = re.search(rf"\b(double|halve|triple|square|negate)\s+{every}", t, re.I)
    if m and not refs:  # "double all the prices": the column headed "price"
        fn = m.group(1).lower()
        return sheet("map", f"@{m.group(2) or m.group(3)}", *(("times", "3") if fn == "triple" else (fn, "")))
    m = re.search(
        rf"\b(add|put|take|knock|cut)\s+{num}\s*(%|percent)?\s+(?:on)?(?:to|onto|on|off(?:\s+of)?|from)\s+{every}",
        t,
        re.I,
    )
    if m and not refs:  # "add 10% to every price", "take 2 off each score"
        n = float(m.group(2)) * (1 if m.group(1).lower() in ("add", "put") else -1)
        column = m.group(4) or m.group(5)
        if m.group(3):
            return sheet("map", f"@{column}", "times", f"{1 + n / 100:g}")
        return sheet("map", f"@{column}", "add", f"{n:g}")
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
                  r"(-?\d[\d.]*|\x00\d+\x00)\s+(?:to|with|into|by)\s+(-?\d[\d.]*|\x00\d+\x00|\S+)(?:\s+(?:everywhere|throughout|wherever\s+it\s+(?:appears|is|shows\s+up)|in\s+the\s+(?:sheet|table)))?\W*$", t, re.I)  # fmt: skip
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
            return (
                cell,
                f"=ROUND({formula[1:]},{ {'one': 1, 'two': 2, 'three': 3}.get(str(rounded.group(1)).lower(), rounded.group(1) or 0) })",
            )
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
    if not func and re.search(r"\bhow\s+many\b", rest, re.I):  # "how many names are in A2:A9?": filled cells
        func = "COUNT" if re.search(r"\b(?:numbers|numeric|figures)\b", rest, re.I) else "COUNTA"
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


ARITH_OP = r"(?:\s+(?:times|multiplied\s+by|x|plus|minus|less|divided\s+by|over)\s+|\s*[+*/×]\s*|-(?=\w)|(?<=\w)-)"  # a spaced dash is punctuation
NOT_OPERAND = (r"(?!(?:the|a|an|it|that|this|them|what|and|or|then|is|are|be|by|with|of|for|to|in|into|each|every|all|"
               r"times|plus|minus|less|over|divided|multiplied)\b)")  # fmt: skip
# an operator between two words that are no cells or numbers: "hours times rate", "test 1 plus test 2", "won + lost"
WORD_OPERAND = re.compile(
    rf"(?<![\w/])(?!{REF}\b){NOT_OPERAND}[A-Za-z][\w/]*(?:\s+\d{{1,2}}(?!\d))?{ARITH_OP}(?!{REF}\b){NOT_OPERAND}[A-Za-z][\w/]*|"
    rf"\d+(?:\.\d+)?\s*(?:%|percent)\s+of\s+(?:the\s+|each\s+|every\s+)?(?!{REF}\b)(?!(?:it|that|this|them)\b)[A-Za-z]{{3,}}", re.I)  # fmt: skip
ROW_FORMULA_SAID = re.compile(r"\b(?:the\s+)?([A-Za-z][\w-]*)\s+(times|multiplied by|x|×|\*|plus|\+|minus|less|-|divided by|over|/)\s+(?:the\s+)?"
                              r"([A-Za-z][\w-]*)\s+(?:in|into|for|down|under)\s+(?:the\s+)?(?:column\s+)?([A-Z])\b(?!\d)")  # fmt: skip
ROW_OPERAND = re.compile(
    rf"(?<![\w/]){REF}{ARITH_OP}{REF}(?![\w/])", re.I)  # fmt: skip


def _header_arithmetic(step: Step) -> tuple[str, str, str] | None:
    return header_arithmetic(step.prepared, step.restore)


def header_arithmetic(t: str, restore=lambda x: x) -> tuple[str, str, str] | None:
    """(target, words, header) of arithmetic said in a sheet's header words, for each row of a range or a
    column or for one cell ("fill D2:D4 with hours times rate", "give me won + lost for each team in D2 to
    D4", "commission is 5% of sales, fill it in for everyone in column C", "D2 = test 1 plus test 2 for
    Priya"); the plan finds the columns the words name. None when no word stands beside an operator."""
    if ROW_FORMULA_SAID.search(t):
        return None  # "Hours times Rate in column F": the row formula's own reading
    each = re.search(
        r"\b(?:for\s+(?:each|every|all|everyone|everybody)|each\s+row|every\s+row|per\s+row)\b", t, re.I
    )
    if not (WORD_OPERAND.search(t) or each and ROW_OPERAND.search(t)):
        return None
    spans = []
    rng = re.search(
        rf"\b(?:in|into|fill(?:\s+in)?|for|across|down)\s+(?:cells?\s+)?({REF})\s*(?::|to|through|thru|-)\s*({REF})\b",
        t,
        re.I,
    )
    if rng:
        target = f"{rng.group(1)}:{rng.group(2)}".upper()
        spans.append(rng.span())
    pair = re.search(r"\b(?i:in|into)\s+(?:cells\s+)?([A-Z]{1,2})(\d{1,5})\s+(?:and|&)\s+\1(\d{1,5})\b", t)
    if not rng and pair:  # "in D2 and D3": the range from one to the other
        target = f"{pair.group(1)}{min(int(pair.group(2)), int(pair.group(3)))}:{pair.group(1)}{max(int(pair.group(2)), int(pair.group(3)))}"
        spans.append(pair.span())
    elif not rng:
        one = re.search(
            rf"\b(?:in|into|at|to|under)\s+(?:cell\s+)?({REF})\b|^\W*(?:in\s+)?({REF})\s*(?:=|(?:should|needs|must|is|gets)\b)",
            t,
            re.I,
        )
        col = re.search(
            r"\b(?i:in|into|down|under|for|fill)\s+(?:the\s+)?(?:column\s+)?([A-Z])\b(?![\w'])|\bcolumn\s+([A-Z])\b(?![\w'])",
            t,
        )
        if one:
            target = (one.group(1) or one.group(2)).upper()
            spans.append(one.span())
        elif col:
            target = col.group(1) or col.group(2)
            spans.append(col.span())
        else:
            return None
    header = re.search(r"\b(?:header|heading|title|headed|called|named|titled|labell?ed)\s+(\x00\d+\x00|[A-Z][\w-]*)", t) or re.search(
        r"\b(?:a|an|the)\s+(?:new\s+)?(\x00\d+\x00|[A-Z][\w-]*)\s+column\b", t)  # fmt: skip
    body = t
    for a, b in sorted(spans, reverse=True):
        body = body[:a] + " , " + body[b:]
    if header:
        body = body.replace(header.group(0), " , ")
    body = re.sub(r"\s+", " ", body).strip()
    if len(re.findall(rf"\b{REF}\b", body)) > (0 if not each else 9) or re.search(
        r"\b(?:then|and\s+then|after\s+that|also|sort|bold|delete|save)\b.*\b(?:in|into)\s+(?:cell\s+)?[A-Z]{1,2}\d",
        body,
    ):
        return None  # another cell named beside the target: more than one step
    return target, restore(body), restore(header.group(1)) if header else ""


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
    formula = re.match(r"^\W*(?:please\s+)?(?:put|write|enter|add|insert|type|create|make|use|set\s+up)\s+(?:a|an|the)\s+(?:formula|calculation|sum)\s+"
                       r"(?i:in|into|to|for|at)\s+(?:cell\s+)?([A-Z]{1,2}\d{1,5}),?\s+(?i:that|which|to|for|so\s+it|so\s+that\s+it)\s+(.+)$", t)  # fmt: skip
    if formula:  # "put a formula in D2 that multiplies B2 by C2"
        cell, body = formula.group(1), formula.group(2)
    elif into:  # "in C2 I want A2 times B2"
        cell, body = into.group(1), into.group(2)
    elif tail:
        cell, body = tail.group(2), tail.group(1)
    elif head:
        cell, body = head.group(1), head.group(2)
    else:
        return None
    body = re.sub(
        r"^\W*(?:a|an|the)\s+(?:formula|calculation)\s+(?:that|which|to|for|so\s+it)?\s*",
        "",
        body,
        flags=re.I,
    )
    body = re.sub(r"\b(multipl|divid|add|subtract|sum|tak|tot)(?:ies|es|s)\b",
                  lambda m: {"multipl": "multiply", "divid": "divide", "tak": "take", "tot": "total"}.get(m.group(1).lower(), m.group(1)), body, flags=re.I)  # fmt: skip
    rounded = re.fullmatch(r"\W*(?:round(?:ed)?\s+)?(?:the\s+value\s+(?:in|of)\s+)?([A-Z]{1,2}\d{1,5})\s+(?:rounded\s+)?(?:to|at)\s+(\d+)\s+"
                           r"(?:decimals?(?:\s+places?)?|dp|places?|digits?)\W*", body)  # fmt: skip
    if rounded:  # "B1 = A1 rounded to 2 decimal places"
        return cell, f"=ROUND({rounded.group(1)},{rounded.group(2)})"
    # in the order said (a set's order changed from run to run), the first said the largest stand-in, so
    # that "the difference between B2 and C2" (the larger less the smaller, for numbers) is B2-C2
    refs = sorted(dict.fromkeys(re.findall(r"\b[A-Z]{1,2}\d{1,5}\b", body)), key=len, reverse=True)
    if re.search(r"[A-Z]{1,2}\d+\s*:", body):
        return None
    if not refs and WORD_OPERAND.search(body):
        return None  # "D2 = test 1 plus test 2": columns named by their headers, read with the sheet
    code = {ref: str(7770999 - n) for n, ref in enumerate(refs)}
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
    col = re.search(
        r"\b[Cc]olumn\s+([A-Z]{1,2}|[a-z])\b(?![\w-])", text
    )  # "column b", never "the rent column in C9"
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


# Words a cell is to show, or a column's heading (its row 1): the value is text, never a function word's
# formula ("make B1 say Total").
SAYS = re.compile(
    rf"^\W*(?:please\s+)?(?:(?:make|have|let|set)\s+(?:cell\s+)?(?P<ref>{REF})\s+(?:say|read|show|display|contain)|"
    rf"(?:label|title|caption)\s+(?:cell\s+)?(?P<ref2>{REF})(?:\s+(?:as|with))?|"
    rf"(?:cell\s+)?(?P<ref3>{REF})\s+(?:should|must|needs\s+to|has\s+to|ought\s+to)\s+(?:say|read|display|contain)|"
    r"(?:the\s+)?(?:header|heading|title|label|name)\s+(?:of|for|on|above)\s+col(?:umn)?\s+(?P<col>[A-Z]{1,2})\s+"
    r"(?:should|must|needs\s+to|has\s+to)\s+(?:be|say|read)|"
    r"(?:call|name|title|head|label)\s+col(?:umn)?\s+(?P<col2>[A-Z]{1,2})(?:\s+as)?)\s+"
    r"(?P<value>\x00\d+\x00|.+?)[\s.!]*$",
    re.I,
)


# The app and the verb said before a first value: "in the spreadsheet put 5 (in A1)"
LEAD_PLACE = r"^(?:(?:in|on|using)\s+(?:the\s+|my\s+)?(?:spreadsheet|sheet|gnumeric|workbook)\s*,?\s*)(?:(?:please\s+)?(?:put|type|enter|write|set)\s+)?"


# A whole column or row named by its letter or number: "column D", "col B", "row 3"
AREA = re.compile(r"\b(?:col(?:umn)?\s+([A-Za-z]{1,2})|row\s+(?:number\s+)?(\d{1,5}))\b(?!\s*[:\d])")
CLEAR_VERBS = r"clear|empty|wipe|erase|blank|delete|remove|get\s+rid\s+of|scrub|zap"


def _sheet(step: Step, cmd) -> list[Command] | str:
    """Spreadsheet steps beyond single cells: clear cells, sort the rows, bold cells or the header row."""
    text = step.text
    refs = [r.upper() for r in re.findall(rf"\b{REF}(?::{REF})?\b", step.prepared)]
    if step.intent == "cell_clear":
        area = AREA.search(step.prepared)
        if area and not refs:  # "empty column D", "wipe row 3": the plan reads how far it holds values
            kept = bool(re.search(r"\b(?:keep|leave|except|but not|apart from|not)\b.{0,20}\b(?:header|heading|title|label)",
                                  text, re.I))  # fmt: skip
            col, row = (area.group(1) or "").upper(), area.group(2) or ""
            return [cmd("sheet", op="clear", args=(col, row, kept), app="spreadsheet")]
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
            ends = r"(?:highest|lowest|largest|smallest|biggest|most|least|best|worst|high|low|big|small|top|bottom)"
            ranged = re.search(rf"\b{ends}\s+(?:to|-)\s+{ends}\s+(?!first\b|last\b)([a-z]\w+)", text, re.I) or re.search(
                r"^\W*(?:please\s+)?(?:sort|alphabeti[sz]e|order|rank|arrange)\s+(?:the\s+)?(?!(?:the|a|an|my|this|these|those|our|rows?|table|sheet|data|list|it|them|everything|"
                r"column|values|lines|whole|entire|spreadsheet)\b)([a-z]\w+)", text, re.I)  # fmt: skip
            by = by or (
                ranged.group(1) if ranged else ""
            )  # "from highest to lowest score", "alphabetise the names"
            nth = re.search(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+column\b", text, re.I)
            by = chr(64 + ORDINALS[nth.group(1).lower()]) if nth else by  # "by the second column": B
        desc = bool(re.search(r"\b(?:desc\w*|z to a|z-a|(?:largest|biggest|highest|greatest|big|high) to (?:smallest|lowest|least|small|low)|most to least|best to worst|reverse|decreasing|big to small|"
                              r"(?:largest|biggest|highest|greatest|most(?:\s+expensive)?|priciest|dearest|latest|newest|top|best|strongest|fastest|richest|oldest(?=\s+\w+\s+age)|longest|tallest|heaviest|hottest|warmest)\s+(?:ones?\s+|values?\s+|numbers?\s+|scores?\s+|marks?\s+)?"
                              r"(?:first|on top|at the top))\b", step.prepared, re.I))  # fmt: skip
        return [cmd("sheet", op="sort", args=(by or "A", desc), app="spreadsheet")]
    header = re.search(r"\b(?:header|headers|heading|headings|titles?|first row|top row|row 1)\b", text, re.I)
    area = AREA.search(step.prepared)
    whole = (
        (
            f"{area.group(1).upper()}:{area.group(1).upper()}"
            if area.group(1)
            else f"{area.group(2)}:{area.group(2)}"
        )
        if area
        else ""
    )
    nth = re.search(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+column\b", text, re.I)
    if nth and not whole:  # "make the whole first column bold": "A:A"
        whole = f"{chr(64 + ORDINALS[nth.group(1).lower()])}:{chr(64 + ORDINALS[nth.group(1).lower()])}"
        header = None
    target = refs[0] if refs else whole or ("header" if header else "")  # "make column B bold": "B:B"
    span = re.search(rf"\b({REF})\s*(?:to|through|thru|-)\s*({REF})\b", step.prepared, re.I)
    target = f"{span.group(1)}:{span.group(2)}".upper() if span else target  # "bold C3 through E3"
    if not target:
        return f"Which cells should I make bold? ({text!r})"
    return [cmd("sheet", op="bold", target=target, app="spreadsheet")]


PICTURE_KINDS = ("jpg", "jpeg", "png", "gif")
# Where files should end up, at the clause's end: "... in a folder called docs", "... into final", "... in the work folder"
GOAL_DEST = re.compile(
    r"\b(?:in|into|to|inside|under|over\s+to)\s+(?:(?:a|an|one|the\s+same|its\s+own|their\s+own)\s+(?:new\s+|single\s+|separate\s+)?"
    r"(?:sub-?)?(?:folder|directory|dir)\s*(?:called|named|labell?ed)?\s*|(?:the|my|our|a\s+new|new)\s+(?:(?:folder|directory|dir)\s+(?:called\s+|named\s+)?)?)?"
    r"(\x00\d+\x00|~/[\w./-]*\w|[\w.-]*\w)(?:\s+(?:folder|directory|dir))?(?:\s+(?:please|pls|thanks|for\s+me|instead|too|as\s+well))*\W*$",
    re.I,
)
GOAL_VERB = re.compile(
    r"\b(?:should|belongs?|go(?:es)?|live|lives|sit|move|put|shift|take|stick|drop|place|file|copy|back\s+up|duplicate|want|need|keep)\b",
    re.I,
)


def goal_files(step: Step) -> list[tuple[str, tuple[str, ...]]]:
    """Files that should end up in a folder, said as a goal or loosely ("all the pdfs should go in a folder
    called docs", "the file notes.txt should be in the work folder", "take plan.odt out of old and put
    it in final", "the holiday photos should all be in one folder named holiday"): the sources (names, kinds,
    pictures whose names hold a word; "from"/"out of" a folder), the folder at the clause's end, moved (or
    copied when the words say so). [] when the clause names no source or no such folder."""
    t = step.prepared
    if re.search(r"(?<![.\w])[A-Z]{1,2}\d{1,5}\b(?!\.\w)", t) or not GOAL_VERB.search(t):
        return []
    dest_m = GOAL_DEST.search(t)
    if not dest_m:
        return []
    dest = _value(step, dest_m.group(1))
    if (
        "." in dest.rsplit("/", 1)[-1]
        or dest.lower() in ("it", "them", "there", "here", "one", "home", "order", "place")
        or app_name(dest)
    ):
        return []
    head = t[: dest_m.start()]
    where_m = re.search(r"\b(?:out\s+of|from|in|inside)\s+(?:the\s+|my\s+)?(\x00\d+\x00|~/[\w./-]*\w|[\w.-]*\w)(?:\s+(?:folder|directory|dir))\b|"
                        r"\b(?:out\s+of|from)\s+(?:the\s+|my\s+)?(\x00\d+\x00|~/[\w./-]*\w|[\w.-]*\w)", head, re.I)  # fmt: skip
    where = _value(step, where_m.group(1) or where_m.group(2)) if where_m else ""
    names = [_value(step, q) for q in re.findall(r"\x00\d+\x00", head)]
    names = [n for n in names if re.search(r"\.\w{1,5}$", n)] + re.findall(rf"(?<![\w/]){FILE_NAME}", head)
    sources = [path(n, where) for n in names]
    if not sources:
        kind = re.search(
            rf"\b(?:all\s+)?(?:(?:the|my|these|those|both)\s+)?(?:([a-z][\w-]*)\s+)?(?:({KIND_WORDS})s|\.?({KIND_WORDS})\s+files|"
            r"(photos|pictures|images|pics|snaps|screenshots))\b",
            head,
            re.I,
        ) or re.search(  # fmt: skip
            rf"\b(?:every|each|any)\s+()\.?({KIND_WORDS})(?:\s+files?)?()()\b", head, re.I
        )
        if not kind:
            return []
        word = (kind.group(1) or "").lower()
        if word in (
            "the",
            "my",
            "all",
            "these",
            "those",
            "both",
            "every",
            "each",
            "old",
            "new",
            "other",
            "of",
        ):
            word = ""
        if kind.group(4):
            exts: tuple[str, ...] = PICTURE_KINDS
        else:
            ext = (kind.group(2) or kind.group(3)).lower()
            exts = (ext,)
        sources = [path(f"*{word}*.{e}" if word else f"*.{e}", where) for e in exts]
    folder = path(dest, "" if re.match(r"~/", dest) else "")
    if any(s.rsplit("/", 1)[0] == folder or s == folder for s in sources):
        return []
    op = "copy" if re.search(r"\b(?:copy|copies|back\s+up|backup|duplicate)\b", t, re.I) else "move"
    return [(op, (*sources, folder + "/"))]
