"""Language understanding of the local model: an instruction -> the planner's commands, or one question.

1. text.prepare: quoted values set aside, number words as digits.
2. model.tag: a learned BIO tagger marks slots (APP, EXPR, TEXT, FILE, NEW, OLD, CELL, ...) and the
   connectors (SEP) between steps.
3. model.intent: a learned classifier gives each step its intent.
4. intents.build: intent + slots -> `Command`s; a step whose intent is unsure, or that lacks a value it
   cannot do without, becomes one precise question instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from deskpilot.local.nlu.editwords import edit_request
from deskpilot.local.nlu.filewords import file_request, name_parts, words_into_file, words_saved_as
from deskpilot.local.nlu.intents import (
    FIELD_WORDS,
    FILE_NAME,
    RANKED,
    _field_pairs,
    app_name,
    build,
    goal_files,
    loose_row_update,
    path,
)
from deskpilot.local.nlu.intents import QUESTION as WEB_QUESTION
from deskpilot.local.nlu.intents import _more_file_jobs as more_file_jobs
from deskpilot.local.nlu.intents import _new_column as new_column
from deskpilot.local.nlu.mathwords import _unit, to_expression, word_problem
from deskpilot.local.nlu.model import load
from deskpilot.local.nlu.schema import Command, Parsed, Step
from deskpilot.local.nlu.text import COURTESY_TAIL, everyday_words, fix_task_slips, prepare, without_courtesy
from deskpilot.local.nlu.web import (
    MAIL,
    NAMES_SITE,
    SEND_ONLY,
    SENDS,
    SITE_PLACE,
    WEB_ASIDE,
    address_hint,
    contact_details,
    credentials,
    fix_slips,
    in_english,
    loose_ends,
    settings_kept,
    unmade_choice,
    wished_question,
)

__all__ = ["Command", "Parsed", "understand", "steps"]

# What this desktop cannot do at all: an instruction that needs one of these fails at once, saying why.
UNAVAILABLE = [
    (r"\bprinter\b|\bprint\b(?! preview)(?!\s*\()", "this desktop has no printer"),
    (r"\bbluetooth\b", "this desktop has no Bluetooth hardware"),
    (r"\b(?:webcam|camera)\b", "this desktop has no camera"),
    (r"\bbrightness\b", "the virtual screen has no brightness control"),
    (r"\broman numerals?\b", "the calculator (galculator) has no Roman numeral mode"),
    (
        r"\b(?:onedrive|microsoft 365|office 365|icloud|google drive|dropbox)\b",
        "this desktop has no online accounts or cloud storage",
    ),
]
SAID_WORDS = (r"\b(?:saying|that\s+says|which\s+says|that\s+reads|reading|with\s+the\s+(?:text|words?|line)|(?:write|type|jot\s+down|note"
              r"\s+down|put\s+down|add\s+a\s+line)(?!\s+(?:it|that|this)\b))\s.*?(?=\s+(?:and|then)\s+(?:save|close|print)\b|$)")  # fmt: skip
STEP_VERBS = {"save", "close", "quit", "submit"}
# Verbs of what is done on a web page once it is open.
PAGE_VERBS = {
    "order",
    "choose",
    "pick",
    "select",
    "search",
    "subscribe",
    "fill",
    "log",
    "sign",
    "send",
    "tick",
    "click",
    "buy",
    # "open .../feedback.html and leave the feedback 'fast delivery'"
    *(
        "leave",
        "write",
        "type",
        "enter",
        "put",
        "add",
        "turn",
        "enable",
        "disable",
        "switch",
        "place",
        "complete",
    ),
    *("tell", "give", "post", "find", "look", "press", "hit", "follow", "read", "check", "submit", "pay"),
}
# Below this probability the intent is unsure and the model asks (tuned on the hand-written dev set).
ASK_BELOW = 0.3
# A runner-up intent at least this likely is tried when the best one lacks a needed value.
ALT_ABOVE = 0.01
# Readings below the runner-up are tried only when at least this likely.
RANKED_ABOVE = 0.05


def steps(instruction: str, web: bool = False) -> tuple[list[Step], object]:
    """The tagged and classified steps of an instruction (for inspection and tests); `web`: a request
    about a web page, whose sentences are steps of their own."""
    prep = prepare(instruction)
    tokens = prep.tokens()
    model = load()
    labels = model.tag([t.text for t in tokens])
    for i in range(1, len(tokens) - 1):  # backs up the learned segmenter at a few unmistakable step verbs
        if (
            labels[i] == "O"
            and tokens[i].text.lower()
            in ("and", "then", ",", ";", "\u2014", "\u2013", "-", "--", ".", "?", "!")
            and (
                tokens[i + 1].text.lower() in STEP_VERBS
                or i + 2 < len(tokens)
                and tokens[i + 1].text.lower() in ("put", "add", "place", "send", "drop", "move")
                and tokens[i + 2].text.lower() in ("it", "them", "that", "this")
                and any(t.text.lower() in ("cart", "basket", "bag") for t in tokens[i + 3 :])
            )  # "choose Medium and put it in the cart"
        ):
            labels[i] = "B-SEP"
            labels[i + 1] = "O" if labels[i + 1].startswith("I-") else labels[i + 1]
        elif (  # "go to x.html and order with ...": what to do on the page opened is a step of its own
            labels[i] == "O"
            and tokens[i].text.lower() == "and"
            and tokens[i + 1].text.lower() in PAGE_VERBS
            and any(re.search(r"://|\.html?\b|^/", t.text) for t in tokens[:i])
        ):
            labels[i] = "B-SEP"
        elif (  # "open the editor and write hello": the app opened, then the typing
            labels[i] == "O"
            and tokens[i].text.lower() == "and"
            and tokens[i + 1].text.lower() in ("write", "type", "jot", "enter", "put", "add", "paste", "compute", "calculate")
            and tokens[0].text.lower() in ("open", "launch", "start", "run", "fire")
            and "B-SEP" not in labels[:i]
        ):  # fmt: skip
            labels[i] = "B-SEP"
        elif (  # "tick dark mode, untick newsletter": each box a step of its own
            web
            and labels[i] == "O"
            and tokens[i].text.lower() in (",", ";", "and", "then")
            and tokens[i + 1].text.lower() in ("tick", "untick", "uncheck", "enable", "disable")
        ):
            labels[i] = "B-SEP"
            labels[i + 1] = "O" if labels[i + 1].startswith("I-") else labels[i + 1]
        elif (  # "create a folder called Reports and put report.txt in there": the folder, then the move
            labels[i] == "O"
            and tokens[i].text.lower() == "and"
            and tokens[i + 1].text.lower() in ("put", "move", "copy", "drop", "place", "stick", "shift")
            and tokens[0].text.lower() in ("make", "create", "add", "set")
            and any(t.text.lower() in ("folder", "directory", "dir") for t in tokens[:i])
            and "B-SEP" not in labels[:i]
        ):
            labels[i] = "B-SEP"
    for i in range(1, len(tokens) - 1):  # "first and last names": one thing, no second step
        words = [t.text.lower() for t in tokens[i - 1 : i + 3]]
        if (
            labels[i] == "B-SEP"
            and (
                words[1:3] == ["and", "so"]
                and words[3:4] == ["on"]  # "5, 10, 15 and so on up to 30": one series
                or words[1] in (".", "...", "\u2026")
                and (words[0] in (".", "...") or words[2] in (".", "..."))
                or words[1] in ("...", "\u2026")
                or words[:2] == ["first", "then"]
                and len(words) > 2
                and words[2].isalpha()  # "Price first then Item"
                or words[0]
                in ("right", "just", "directly", "straight", "immediately")  # "add soap right after towels"
                and words[1] in ("after", "before", "below", "above", "under", "underneath")
                or words[1] == "."
                and words[0] in ("no", "nr", "num")
                and words[2:3] == ["column"]  # "the No. column"
                or words[1] == "and"  # "columns C and D"
                and re.fullmatch(r"[A-Z]", tokens[i - 1].text)
                and re.fullmatch(r"[A-Z]", tokens[i + 1].text)
            )
        ):
            labels[i] = "O"
        if (
            labels[i] == "B-SEP"
            and tokens[i].text.lower() == "and"
            and tokens[i - 1].text.lower() == "first"
            and tokens[i + 1].text.lower() in ("last", "second", "surname", "family")
        ):
            labels[i] = "O"
    for i, t in enumerate(tokens[:-1]):  # "on the test site, what's ...": where, then the step itself
        if t.text == "," and SITE_PLACE.match(prep.text[: t.start]):
            labels[i] = "B-SEP"
            break
    if web:
        _web_sentences(tokens, labels)
    _join_lists(tokens, labels)
    out: list[Step] = []
    current: list[int] = []
    for i, lab in enumerate([*labels, "B-SEP"]):
        if lab.endswith("SEP"):
            if current:
                out.append(_step(prep, tokens, labels, current, model))
            current = []
        else:
            current.append(i)
    return out, prep


# Words that open a step of their own: a comma before one of them separates steps, not items of a list.
STEP_OPENERS = {"type", "write", "save", "open", "close", "go", "click", "put", "add", "delete", "remove", "make",
                "create", "move", "copy", "rename", "sort", "then", "select", "press", "search", "find", "fill", "log",
                "sign", "submit", "compute", "calculate", "replace", "change", "set", "clear", "bold", "undo", "paste",
                "zoom", "scroll", "insert", "append", "duplicate", "swap", "send", "choose", "pick", "tick", "check", "untick", "uncheck",
                "turn", "enter", "show", "list", "empty", "keep", "leave", "don't", "do", "and", "also", "after",
                "now", "finally", "next", "lastly", "please", "multiply", "divide", "subtract", "use", "take", "i",
                "it", "that", "but", "so", "reload", "refresh", "bookmark", "navigate", "visit", "one", "each"}  # fmt: skip


TYPING = {"type", "write", "add", "append", "insert", "jot", "note", "enter", "prepend"}
# Words that open a sentence of its own after a full stop or a question mark ("... lanterns? Look them up.")
SENTENCE_OPENERS = STEP_OPENERS - {"one", "each", "and"} | {
    "could", "can", "would", "will", "it", "its", "this", "that", "i'd", "i'm", "their", "my", "pull", "look", "sign", "log",
    "use", "order", "buy", "subscribe", "tell", "let", "visit", "bring", "head", "navigate", "where", "what",
}  # fmt: skip


def _web_sentences(tokens, labels: list[str]) -> None:
    """Step boundaries of a web request: one request per sentence ("Do they sell lanterns? Look them up."),
    and none between two things compared ("compare the basic and pro plans") or taken together ("both X and Y")."""
    start = 0
    for i, t in enumerate(tokens[:-1]):
        if t.text.lower() == "and" and labels[i].endswith("SEP"):
            if any(
                w.text.lower() in ("compare", "comparing", "between", "difference", "both")
                for w in tokens[max(0, i - 4) : i]
            ):
                _no_boundary(labels, i)
        elif (
            t.text in (".", "?", "!")
            and labels[i] == "O"
            and (tokens[i + 1].text[:1].isupper() or t.text != ".")  # "do they sell lamps? look them up"
            and tokens[i + 1].text.lower() in SENTENCE_OPENERS
            and tokens[start].text.lower() not in TYPING  # "write Dear team. See you ...": the words typed
        ):
            labels[i] = "B-SEP"
        elif (  # "I'd like overnight shipping, please submit it": a request of its own after the comma
            t.text == ","
            and labels[i] == "O"
            and tokens[i + 1].text.lower() == "please"
            and i + 2 < len(tokens)
            and tokens[i + 2].text.lower()
            in STEP_VERBS | {"order", "confirm", "place", "buy", "pay", "add", "put"}
            and tokens[start].text.lower() not in TYPING
        ):
            labels[i] = "B-SEP"
        if labels[i].endswith("SEP"):
            start = i + 1


def _opens_typing(words: list[str], start: int) -> bool:
    """Whether the clause at `start` opens with a typing verb once politeness is passed ("could you please add")."""
    k = start
    while k < len(words) and words[k] in (
        "please",
        "then",
        "now",
        "so",
        "also",
        "can",
        "could",
        "would",
        "you",
    ):
        k += 1
    return k < len(words) and (words[k] in TYPING or words[k] in ("put", "stick", "pop", "place"))


def _no_boundary(labels: list[str], i: int) -> None:
    """The step boundary the tagger put at token i (and its continuation) is none."""
    labels[i] = "O"
    for j in range(i + 1, len(labels)):
        if labels[j] != "I-SEP":
            break
        labels[j] = "O"


# Verbs of arithmetic between two columns' values ("adds Rent and Food"), in the forms a column's rule takes
ARITH_VERBS = {"add", "adds", "adding", "sum", "sums", "summing", "total", "totals", "totalling", "totaling", "multiply",
               "multiplies", "multiplying"}  # fmt: skip


def _join_lists(tokens, labels: list[str]) -> None:
    """Items of a list ("Name, Age, City across A1 to C1", "eggs, milk, bread") are one step: a comma the
    tagger took for a step boundary between short items that open no step of their own is no boundary."""
    words = [t.text.lower() for t in tokens]
    for i in range(2, len(words) - 1):  # "slot it in between lines 4 and 5": one place, not two steps
        if words[i] == "and" and labels[i] == "B-SEP" and "between" in words[max(0, i - 4) : i]:
            _no_boundary(labels, i)
        if (
            words[i] == "and"
            and labels[i] == "B-SEP"
            and "column" in words[:i]
            and any(
                words[k] in ARITH_VERBS
                and words[k - 1] not in ("the", "a", "its", "their")  # a verb, no noun
                for k in (i - 2, i - 3)
                if k >= 1 and (k == i - 2 or words[k + 1] in ("the", "up"))
            )
            and words[i + 1] not in STEP_OPENERS
        ):
            _no_boundary(labels, i)  # "a Total column that adds Rent and Food for each month": two operands
        if (
            words[i] in ("after", "before", "next")
            and labels[i] == "B-SEP"
            and words[i - 1] in ("column", "row")
        ):
            _no_boundary(labels, i)  # "a Total column after Price": where the column goes
        if (
            words[i] == "and"
            and labels[i] == "B-SEP"
            and words[i + 1] in ("into", "to", "in")
            and "out" in words[max(0, i - 5) : i]
        ):
            _no_boundary(labels, i)  # a file taken out of one folder and into another: one move
        if (
            words[i] == ","
            and labels[i] == "B-SEP"
            and words[i + 1] in ("inside", "within", "in")
            and any(w in ("folder", "directory") for w in words[i + 2 : i + 5])
        ):
            _no_boundary(labels, i)  # "a folder x, inside a folder y": where the folder goes
        if (
            words[i] == ","
            and labels[i] == "B-SEP"
            and (
                words[i + 1] in ("down", "in", "into", "under", "along")
                and "column" in words[i + 2 : i + 4]
                or words[0] == "number"
            )
            and words[i + 1] not in STEP_OPENERS
        ):
            _no_boundary(labels, i)  # "number the rows, 1 to 9, down column A": numbers, and where they go
        if (
            words[i] in ("and", ",")
            and labels[i] == "B-SEP"
            and words[0] in ("total", "sum", "add", "average")
            and re.fullmatch(
                r"(?:and )?(?:then )?(?:put|write|place|stick|show) (?:it|that|the (?:result|total|answer|sum|average)) "
                r"(?:(?:just|right|directly) )?(?:under|below|beneath|underneath) (?:them|it|those)",
                " ".join(words[i + 1 :]).rstrip(" .!"),
            )
        ):
            _no_boundary(labels, i)  # "add up the amounts and put the total below them": one place for it
        if (
            words[i] in ("and", ",")
            and labels[i] == "B-SEP"
            and words[i + 1 : i + 3] in (["call", "it"], ["name", "it"], ["label", "it"])
            and "row" in words[:i]
        ):
            _no_boundary(labels, i)  # "repeat Kim's row below and name it Kia": the copy's new label
    said = next((i for i, w in enumerate(words) if w in ("says", "saying", "reads", "reading")), len(words))
    for i in range(said + 1, len(words) - 1):  # "so it reads Hello, World!": the words said hold the comma
        if words[i] == "," and labels[i] == "B-SEP" and words[i + 1] not in STEP_OPENERS:
            _no_boundary(labels, i)
    cuts = [i for i, w in enumerate(words) if w in (",", ":", ";") or labels[i] == "B-SEP"]
    for n, i in enumerate(cuts):
        start = cuts[n - 1] + 1 if n else 0
        if (  # "write Dear team, see you Monday": the words typed hold the comma
            words[i] == ","
            and labels[i] == "B-SEP"
            and start < i
            and words[start] in TYPING
            and i + 1 < len(words)
            and words[i + 1] not in STEP_OPENERS
        ):
            _no_boundary(labels, i)
    cuts = [i for i, w in enumerate(words) if w in (",", ":", ";") or labels[i] == "B-SEP"]
    for n, i in enumerate(cuts):
        start = cuts[n - 1] + 1 if n else 0
        end = cuts[n + 1] if n + 1 < len(cuts) else len(words)
        if (  # "add apples and pears at the bottom": the second item of the words added, and where they go
            words[i] == "and"
            and labels[i] == "B-SEP"
            and start < i
            and _opens_typing(
                words, max([start] + [k + 1 for k in range(start, i) if words[k] == ":"])
            )  # "could you put X and Y above the table"
            and i + 1 < len(words)
            and words[i + 1] not in STEP_OPENERS
            and re.fullmatch(
                r"(?:\S+ ){1,3}(?:(?:at|to|on) the (?:very )?(?:end|bottom|top|start|beginning)(?: of \S+)?|(?:above|below|under) the \w+|as (?:the )?headers?|in the (?:first|top) row) ?\W*",
                " ".join(words[i + 1 : end]),
            )  # fmt: skip
        ):
            _no_boundary(labels, i)
    cuts = [i for i, w in enumerate(words) if w in (",", ":", ";") or labels[i] == "B-SEP"]
    for n, i in enumerate(cuts):
        if (
            words[i] not in (",", "and")
            or labels[i] != "B-SEP"
            or i + 1 >= len(words)
            or words[i + 1] in STEP_OPENERS
        ):
            continue
        after_item = n > 0 and words[cuts[n - 1]] in (",", ":") and 1 <= i - cuts[n - 1] - 1 <= 2
        end = next(
            (j for j in range(i + 1, len(words)) if words[j] in (",", "and", "or", ";", ".")), len(words)
        )
        before_item = end - i - 1 <= 2 and end < len(words) and words[end] in (",", "and", "or")
        if after_item or before_item:
            labels[i] = "O"  # an item of a list: the one before or after it is a short item too
            for j in range(i + 1, len(labels)):
                if labels[j] != "I-SEP":
                    break
                labels[j] = "O"


def _step(prep, tokens, labels, idx: list[int], model) -> Step:
    words = [tokens[i].text for i in idx]
    ranked = model.ranked(words)
    (intent, p), (alt, p_alt) = ranked[:2]
    slots: dict[str, list[str]] = {}
    start = None
    for n, i in enumerate([*idx, None]):
        lab = labels[i] if i is not None else "O"
        if start is not None and not lab.startswith("I-"):
            s, e = tokens[start].start, tokens[idx[n - 1]].end
            slots.setdefault(labels[start][2:], []).append(prep.restore(prep.text[s:e]).strip())
            start = None
        if lab.startswith("B-"):
            start = i
    if intent == "type_text":
        _widen_typed_value(prep, tokens, labels, idx, slots)
    text = prep.restore(prep.text[tokens[idx[0]].start : tokens[idx[-1]].end])
    prepared = prep.text[tokens[idx[0]].start : tokens[idx[-1]].end]
    return Step(intent, p, alt, p_alt, slots, text, prepared, prep.values, ranked)


def _widen_typed_value(prep, tokens, labels, idx: list[int], slots: dict[str, list[str]]) -> None:
    """Unquoted text to type runs up to the phrase that names where it goes: in "type hello world in the
    text editor" the tagger may mark only "hello"; the untagged words after it, up to "in/into ... APP",
    belong to the value."""
    for name in ("VALUE", "TEXT"):
        first = next((n for n, i in enumerate(idx) if labels[i] == f"B-{name}"), None)
        if first is None or len(slots.get(name, [])) != 1:
            continue
        last = first
        while last + 1 < len(idx) and labels[idx[last + 1]] == f"I-{name}":
            last += 1
        place = next(
            (n for n in range(last + 1, len(idx)) if tokens[idx[n]].text.lower() in ("in", "into", "to")),
            None,
        )
        start = tokens[idx[first]].start
        if place is None or place == last + 1 or not any(labels[i] == "B-APP" for i in idx[place:]):
            rest = [idx[n] for n in range(last + 1, len(idx))]
            if (
                rest
                and "\x00" not in tokens[idx[first]].text
                and all(labels[i] in ("O", "B-NUM", "I-NUM") for i in rest)
            ):
                # "a note saying pick up the kids at 4": the tag stopped early and nothing else follows
                value = prep.restore(prep.text[start : tokens[rest[-1]].end])
                value = re.sub(r"\s+(?:in|into|on|to)\s+(?:the|a|an|my)\s+(?:new\s+)?(?:text editor|editor|document|"
                               r"note|file|notepad|doc)\b.*$|[\s.!?]+$", "", value, flags=re.I)  # fmt: skip
                slots[name] = [value.strip()]
            return
        if any(labels[idx[n]] != "O" for n in range(last + 1, place)):
            return
        end = tokens[idx[place - 1]].end
        slots[name] = [prep.restore(prep.text[start:end]).strip()]
        return


# "in D2, multiply B2 by C2 (and save)": the cell a step writes to, said first
LEADING_CELL = re.compile(
    r"^\W*(?:in|into|for)\s+(?:cell\s+)?([A-Z]{1,2}\d{1,5})(?:\s*,\s*|\s+(?=(?:multiply|divide|add|subtract|sum|total|average|calculate|compute|work\s+out|find)\b))(.+?)((?:\s*,)?\s*(?:and\s+|then\s+)*save\b.*)?$",
    re.I,
)


# A request wrapped in politeness: what follows is the request itself.
POLITE = re.compile(
    r"^\W*(?:(?:it\s+)?(?:would|'d|will)\s+be\s+(?:great|nice|awesome|lovely|good|cool|helpful|perfect)\s+if\s+you\s+(?:could|can|would)|"
    r"(?:i\s+was|i'?m|i\s+am)\s+(?:just\s+)?wondering\s+(?:if|whether)\s+you\s+(?:could|can|would|might)|"
    r"(?:would|do)\s+you\s+mind(?=\s+\w+ing\b)|"
    r"(?:i|we)\s*(?:'d|would)\s+(?:really\s+)?appreciate\s+(?:it\s+)?if\s+you\s+(?:could|can|would)?)\s+",
    re.I,
)


# Files kept while the rest of a folder goes, a file acted on if it is there: read as one job before any step is split off.
KEEP_ONLY = re.compile(r"\bkeep\s+(?:only\s+|just\s+)?\S+\.\w+.*\b(?:and|but)\s+(?:delete|remove|bin|trash|get\s+rid\s+of|throw\s+away|lose)\s+"
                       r"(?:the\s+rest|everything\s+else|all\s+(?:the\s+)?others|the\s+others|all\s+else)\b"
                       r"|^\W*if\s+(?:there'?s|there\s+is)\s+(?:an?\s+|the\s+)?\S+\.\w+.*\b(?:delete|remove|trash|bin|rename|move|copy)\s+it\b", re.I)  # fmt: skip
# "add 3 things to the end, each on its own line: a, b, c": the items after the colon, whatever the steps
LISTED = re.compile(r"^\W*(?:please\s+)?(?:add|append|put|write)\s+(?:\d+|two|three|four|five|these|the\s+following|some|a\s+few)\s+(?:new\s+)?(?:things|items|lines|entries)\s+"
                    r"(?:to|at)\s+the\s+(?:very\s+)?(end|bottom|top|start|beginning)\b[^:]*:\s*(.+?)\W*(?:[.;]\s*(?:and\s+|then\s+)*(save)\b.*)?$", re.I)  # fmt: skip
# Whole-document edits that a clause says again in detail: the detailed one alone is done.
RESTATED = {"prefix_lines", "wrap_lines", "number_lines", "join_lines", "split_items", "end_lines"}


# Questions that say the words were not understood (not that a value is missing): with a web page open, the
# page may still settle them (`plans.browser.plan_guess`: a control its label names, values for its fields).
NOT_UNDERSTOOD = ("What exactly should I do for", "Which app should I open? I did not recognise",
                  "I am not sure what you mean by", "What should I do with", "I don't know how to do",
                  "What should I compute? I could not read")  # fmt: skip


# Headers that look like cells ("Q1", "Q2" for quarters): a name said as a row's or a column's, or a
# function's one argument with a letter past J ("Ann's Q3", "the Q1 column", "the mean of Q4 in F9"); what
# follows it with a sign ("Ann's Q3 plus Q4") is one too
_REF_WORD = r"(?<![\w'])((?-i:[A-Z])\d{1,2})(?![\w:])"
HEADER_REF = re.compile(
    rf"(?:'s|s')\s+{_REF_WORD}|\b(?:the|each|every|their|its)\s+{_REF_WORD}\s+(?:column|values|figures|numbers|scores|totals?)\b|"
    rf"\b(?:sum|total|average|mean|max(?:imum)?|min(?:imum)?|median)\s+of\s+(?:the\s+|all\s+(?:the\s+)?)?(?=[K-Zk-z]\d\b){_REF_WORD}(?!\s+(?:and|to|through|plus|minus|times)\b)(?=\s+(?:in|into|to|under|below|at)\s+[A-Z]{{1,2}}\d|\s*$)",
    re.I,
)  # fmt: skip


def _header_refs(instruction: str) -> dict[str, str]:
    """{stand-in: header} for the cell-like headers of a sheet instruction (see HEADER_REF); {} when none.
    A name also said as a place ("in Q1", "into Q1") stays a cell."""
    names = [g for m in HEADER_REF.finditer(instruction) for g in m.groups() if g]
    for name in list(names):
        names += re.findall(
            rf"\b{re.escape(name)}\s+(?:plus|minus|times|over|divided\s+by|and|[-+*/])\s+([A-Z]\d{{1,2}})\b",
            instruction,
        )
    return {
        f"Hdrx{'abcdefghij'[i]}q": n
        for i, n in enumerate(dict.fromkeys(names))
        if i < 10 and not re.search(rf"\b(?:in|into|at|to)\s+(?:cell\s+)?{re.escape(n)}\b", instruction)
    }


def _restored(c: Command, names: dict[str, str]) -> Command:
    def back(v):
        if isinstance(v, str):
            for stand, name in names.items():
                v = v.replace(stand, name).replace(stand.lower(), name)
            return v
        return tuple(back(a) for a in v) if isinstance(v, tuple) else v

    return replace(c, target=back(c.target), text=back(c.text), args=back(c.args), clause=back(c.clause))


def understand(instruction: str, open_app: str = "") -> Parsed:
    """`open_app`: the catalog app whose window is active, if any; it settles which app a step that could
    be in several means ("clear it" with the calculator open) and is where unnamed work happens."""
    names = _header_refs(instruction) if open_app == "spreadsheet" else {}
    if names:  # "Bob's Q1 should be 8": read as a header's name, given back as said
        for stand, name in names.items():
            instruction = re.sub(rf"(?<![\w']){re.escape(name)}(?![\w:])", stand, instruction)
        parsed = understand(instruction, open_app)
        parsed.commands = [_restored(c, names) for c in parsed.commands]
        for stand, name in names.items():
            parsed.question = parsed.question.replace(stand, name)
        return parsed
    parsed = _understand(instruction, open_app)
    if open_app == "spreadsheet" and parsed.commands:
        parsed.commands = _sheet_functions_settled(parsed.commands, instruction)
    unmade = (
        unmade_choice(parsed.commands, instruction) if open_app == "browser" and not parsed.question else ""
    )
    if unmade:  # "place the order" with no shipping said: which one
        return Parsed(question=unmade)
    if open_app == "browser" and parsed.question.startswith(NOT_UNDERSTOOD):
        guess = Command("guess", app="browser", clause=instruction.strip(), question=parsed.question)
        return Parsed(commands=[guess])
    return parsed


BARE_FUNCTION = re.compile(
    r"^(?:the\s+|a\s+|its\s+|their\s+)?(sum|total|average|mean|max|maximum|min|minimum|median)(?:\s+of\s+(?:it|them|those|these|the\s+column|the\s+numbers|the\s+values))?$",
    re.I,
)
SUMMED = re.compile(r"\b(?:total|totals|altogether|all\s+together|in\s+all|combined|overall|sum)\b", re.I)


def _sheet_functions_settled(commands: list[Command], instruction: str) -> list[Command]:
    """A cell given a function's bare name ("'Total' in A6 and the sum in B6") gets the function over the
    values above it; "how many hours did I work, total in B7" adds the hours up rather than counting rows."""
    from deskpilot.local.nlu.intents import FUNCS

    out = []
    for c in commands:
        quoted = (
            re.search(rf"""['"\u2018\u201c]{re.escape(c.text.strip())}['"\u2019\u201d]""", instruction)
            if c.text.strip()
            else None
        )
        bare = (
            BARE_FUNCTION.match(c.text.strip())
            if c.kind == "cell" and not c.op and not quoted and c.text[:1].islower()
            else None
        )
        if bare and re.fullmatch(r"[A-Z]{1,2}\d{1,5}", c.target):
            func = FUNCS.get(bare.group(1).lower(), "SUM")
            c = Command(
                "sheet",
                op="column_formula",
                target=c.target,
                args=(func, "<above>"),
                app="spreadsheet",
                clause=c.clause,
            )
        elif c.kind == "sheet" and c.op == "column_formula" and c.args and c.args[0] == "COUNT" and re.search(
            r"\bhow\s+(?:many|much)\s+[a-z]+", instruction, re.I) and SUMMED.search(instruction):  # fmt: skip
            c = Command(
                "sheet",
                op="column_formula",
                target=c.target,
                args=("SUM", *c.args[1:]),
                app="spreadsheet",
                clause=c.clause,
            )
        out.append(c)
    return out


def _understand(instruction: str, open_app: str = "") -> Parsed:
    said_files = file_request(instruction) or words_saved_as(instruction) if open_app in ("", "files") else []
    if said_files:  # "there should be a file X in notes with the line: Y": the file jobs read by their parts
        return Parsed(commands=said_files + _keep_changes(said_files))
    if open_app == "browser" or not open_app and NAMES_SITE.search(instruction):
        instruction = in_english(
            instruction
        )  # "wo finde ich die Preise?", "Wie viel kostet Basic? (how much is basic)"
        instruction = fix_slips(instruction)  # "the contcat pg"
        instruction = web_courtesy(instruction)  # "hello, quick question - ...", "..., please and thank you"
        instruction = loose_ends(instruction)  # "the discount code, quick", "... and leave that page open"
        instruction = wished_question(instruction)  # "I'd like to see how much Basic costs": the question
        instruction = web_addresses(instruction)  # "the price list (prices.html)" is that address
        instruction = address_hint(instruction, _web_question)  # "..., it's search.html": that address first
        instruction = (
            SELF_DONE_AFTER.sub("", instruction) or instruction
        )  # "..., the rest I can enter on my own"
        # "once we pay, could you ...": when, not what (the request follows)
        instruction = WHEN_BEFORE.sub("", instruction) or instruction
        if len(NUMBERED.findall(instruction)) >= 2:  # "1) open the pricing page 2) go back": one step each
            instruction = NUMBERED.sub("; ", instruction).strip("; ")
        described = PAGE_DESCRIBED.match(instruction)
        if described:  # "open who they are", "show me what it costs": the page that tells it
            clause = described.group("clause").strip()
            return Parsed(
                commands=[Command("click", target=clause, op="page", app="browser", clause=instruction)]
            )
    if open_app != "browser" and not NAMES_SITE.search(instruction):
        instruction = without_courtesy(instruction)  # "quick one: ..."
        instruction = fix_task_slips(instruction)  # "the avrage price"
        instruction = everyday_words(instruction)  # "nuke the tmp folder", "quote back soon unquote"
        instruction = name_parts(instruction)  # "the file with invoice in its name" is '*invoice*'
        instruction = _plain_request(instruction)  # "clean up: ...", "a.JPG -> a.jpg", "x.txt belongs in ~/y"
        # "in the folder notes" is "in the notes folder", as the rules read a folder named loosely
        instruction = re.sub(
            r"\b(in|into|inside|to|under)\s+(?:the|my|a)\s+(folder|directory|dir)\s+(?:called\s+|named\s+)?(['\"]?)([\w~/.-]+)\3(?=\W|$)",
            r"\1 the \4 \2",
            instruction,
            flags=re.I,
        )
        instruction = per_line_said_plainly(
            instruction
        )  # "a, b, c — one per line — then save": ", one per line,"
        # "a, b and c, one per line, into list.txt": the file is said before how the items are laid out
        instruction = PER_LINE_THEN_FILE.sub(r" \2\1", instruction)
        instruction = FILE_AT_HOME.sub(r"~/\1", instruction)  # "notes.txt in my home folder" is ~/notes.txt
    # "..., as a decimal" asks for the number as the calculator shows it anyway
    instruction = (
        re.sub(
            r"\s*[,;\u2013\u2014-]\s*(?:as|in)\s+(?:a\s+)?decimals?(?:\s+number)?\s*[.?!]?\s*$",
            "",
            instruction,
            flags=re.I,
        )
        if open_app in ("", "calculator")
        else instruction
    )
    fixed = CORRECTED.search(instruction)
    early = _whole_edit(instruction) if fixed and open_app == "editor" else []
    if early:  # "put X at the top - no wait, right after the Agenda line": the place said again
        return Parsed(commands=early + _keep_changes(early))
    if fixed and fixed.start() > 0 and open_app != "browser":  # "33 x 7... no wait, 37 x 7": what was meant
        spliced = _spliced(instruction[: fixed.start()], instruction[fixed.end() :])
        if spliced:  # "divide 90 by 3, no wait, by 6": only the part said again changes
            return understand(spliced, open_app)
        meant = understand(instruction[fixed.end() :], open_app)
        if meant.commands and not meant.question:
            return meant
    parsed = _read(instruction, open_app)
    put = words_into_file(instruction, loose_only=not parsed.question) if open_app != "browser" else []
    if put:  # "jot down milk in list.txt", "pop a, b and c into x.txt, one per line": words added to a file
        return Parsed(commands=put)
    parsed.commands = [  # "wipe this file, I want it totally empty": the same change said twice is done once
        c
        for n, c in enumerate(parsed.commands)
        if not (n and (c.kind, c.op) in SAID_TWICE and _same(c, parsed.commands[n - 1]))
    ]
    parsed.commands = [  # "make a folder called Invoices for me": courtesy after a new name is no part of it
        replace(c, args=tuple(COURTESY_TAIL.sub("", a) or a for a in c.args))
        if c.kind == "files" and c.op in ("mkdir", "touch")
        else c
        for c in parsed.commands
    ]
    parsed.commands = [  # "... into my home folder": home itself, not a folder named home in it
        replace(c, args=(*c.args[:-1], "./"))
        if c.kind == "files"
        and c.op in ("move", "copy")
        and c.args
        and c.args[-1] == "home/"
        and re.search(r"\bmy\s+home\b|\bhome\s+(?:folder|directory|dir)\b", instruction, re.I)
        else c
        for c in parsed.commands
    ]
    judged = next((c for c in parsed.commands if (c.op == "rows" and len(c.args) > 1 and c.args[0] == "delete"
                   or c.op == "delete_matching") and str(c.args[-1] if c.op == "rows" else c.args[0]).lower() in JUDGED), None)  # fmt: skip
    if judged:  # "remove the wrong row": which one is wrong only the user knows
        what = "row" if judged.op == "rows" else "line"
        return Parsed(
            question=f"Which {what} do you mean? {instruction.strip()!r} does not say which {what} it is."
        )
    if any(c.kind == "cell" and c.text and not c.op for c in parsed.commands):
        settled = _cell_values(parsed.commands)
        if isinstance(settled, str):
            return Parsed(question=settled)
        parsed.commands = settled
    if open_app == "browser" or any(c.app == "browser" for c in parsed.commands):
        parsed.commands = _web_values_placed(parsed.commands, instruction)
        if open_app == "browser" and not parsed.question and _other_app_work(parsed.commands, instruction):
            # "i'll take the small one pls" read as a case change of a document none is open for
            parsed = Parsed(question=f"What exactly should I do for {instruction.strip()!r}?")
        elif open_app == "browser" and not NAMES_OTHER_APP.search(instruction):
            # "I want to order. Express shipping.": the web steps, not a sort of a document none is open for
            web_steps = [c for c in parsed.commands if not (c.kind in OTHER_APP_KINDS and c.app != "browser")]
            if web_steps and any(c.app == "browser" for c in web_steps):
                parsed.commands = web_steps
    form = _web_form(instruction, open_app)
    filled = {c.text for c in parsed.commands if c.kind == "fill"}
    person = {c.text for c in form if c.kind == "fill" and c.target == "name"}
    # "write them a note from Bo Kim, bo@x.io": the sender's name, typed as the message
    misplaced = any(
        c.kind == "fill" and c.text in person and c.target.lower() != "name" for c in parsed.commands
    )
    if (
        form
        and not parsed.infeasible
        and (misplaced or not {c.text for c in form if c.kind == "fill"} <= filled)
    ):
        # a sign-in or contact form said loosely, that the steps misread; the pages opened before it stay
        first = next((n for n, c in enumerate(parsed.commands) if c.kind not in ("goto", "click", "key")), 0)
        opened = [c for c in parsed.commands[:first] if c.kind == "goto" or c.op == "page"]
        return Parsed(commands=opened + form)
    pointed = next((c for c in parsed.commands if c.kind == "lookup" and set(c.args) <= POINTERS), None)
    thing = _thing_before(instruction, pointed.clause) if pointed else ()
    if pointed and thing:  # "I need a gift voucher, where do I get one?": the voucher is what to look up
        return Parsed(commands=[replace(pointed, args=thing, clause=instruction)])
    pointer = POINTER_ASK.search(instruction) if open_app == "browser" and parsed.question else None
    thing = _thing_before(instruction, pointer.group(0)) if pointer else ()
    if thing:  # "there's a coupon somewhere here, can you find it": the coupon is what to look up
        return Parsed(commands=[Command("lookup", args=thing, app="browser", clause=instruction)])
    missing = _form_gap(parsed.commands)
    if missing:  # a user name with no password: one question, nothing sent
        return Parsed(question=missing)
    parsed.commands = [  # "type x.org into the address bar and press enter": the address is opened already
        c
        for n, c in enumerate(parsed.commands)
        if not (n and c.kind == "key" and c.text == "Return" and parsed.commands[n - 1].kind == "goto")
    ]
    for n, c in enumerate(parsed.commands):
        if (
            c.kind == "fill" and c.target == "search"
        ):  # "gloves in the catalogue": where to search is no search word
            parsed.commands[n] = replace(c, text=SEARCH_WHERE.sub("", c.text) or c.text)
    return parsed


# Words that name an app or a document: work there is meant even while another app is open
NAMES_PLACE = re.compile(
    r"\b(?:calc\w*|editor|notepad|mousepad|note|notes|document|doc|text\s+file|file|folder|spreadsheet|sheet|gnumeric|excel|"
    r"workbook|browser|page|site|web|terminal|list)\b|\w\.[a-z]\w{0,4}\b|~/",
    re.I,
)


def _strayed(commands: list[Command], instruction: str, open_app: str) -> str:
    """A question when the reading works in another app than the open one (the calculator or the sheet) while
    the words name no other app, document or file: "put the tax on top" with the calculator open, "raise the
    budget by 10%" computed in the calculator while the sheet is open. "" when the reading stays."""
    if open_app not in ("calculator", "spreadsheet") or NAMES_PLACE.search(instruction):
        return ""
    elsewhere = [
        c for c in commands if c.app and c.app != open_app and c.op != "if_named" and c.kind != "save"
    ]
    if not elsewhere:
        return ""
    if (
        open_app == "spreadsheet"
        and all(c.kind == "compute" for c in elsewhere)
        and len(commands) == len(elsewhere)
    ):
        if re.fullmatch(
            r"[\d\s.,+*/x×^()-]+|(?:what(?:'s|\s+is)|how\s+much\s+is|calculate|compute)\b.*",
            instruction.strip(" ?!."),
            re.I,
        ):
            return ""  # a sum asked outright: the calculator answers it
    return f"Did you mean this for the {open_app}? I read {instruction.strip()!r} as work in another app; please say where."


# "..., then delete it": a deletion whose object is what the step before worked on
PRONOUN_GONE = re.compile(
    r"^\W*(?:and\s+)?(?:then\s+)?(?:please\s+)?(?:delete|remove|bin|trash|erase|get\s+rid\s+of)\s+(?:it|that|them|this|the\s+folder|the\s+file)"
    r"(?:\s+(?:too|as\s+well|afterwards|after\s+that))?\W*$",
    re.I,
)


# "..., then delete the original": after a copy, the file copied
ORIGINAL_GONE = re.compile(
    r"^\W*(?:and\s+)?(?:then\s+)?(?:please\s+)?(?:delete|remove|bin|trash|erase|get\s+rid\s+of)\s+the\s+(?:original|old\s+one|first\s+one|source)"
    r"(?:\s+(?:file|folder|one|copy))?(?:\s+(?:afterwards|after\s+that|too))?\W*$",
    re.I,
)
# "..., then move it into Done": the file or folder the step before left, moved (or copied) on into a folder
PRONOUN_MOVED = re.compile(
    r"^\W*(?:and\s+)?(?:then\s+)?(?:please\s+)?(move|put|shift|drop|stick|copy)\s+(?:it|that|them)\s+(?:in|into|to|inside)\s+(?:the\s+|my\s+)?"
    r"(~/[\w./-]*\w|[A-Za-z][\w./-]*)(?:\s+(?:folder|directory|dir))?\W*$",
    re.I,
)


def _files_referent(c: Command) -> str:
    """The file or folder a files command leaves behind, for a pronoun in the next step; "" when unclear."""
    if c.kind != "files" or not c.args:
        return ""
    if c.op == "delete" and len(c.args) == 1 and c.args[0].endswith("/*"):
        return c.args[0][:-2]  # the folder just emptied
    if c.op in ("mkdir", "touch", "write") and c.args[0] and "*" not in c.args[0]:
        return c.args[0] if c.op != "mkdir" or len(c.args) == 1 else ""
    if c.op in ("move", "copy") and len(c.args) == 2 and "*" not in c.args[0]:
        return c.args[1] + c.args[0].rsplit("/", 1)[-1] if c.args[1].endswith("/") else c.args[1]
    return ""


SHOULD = (
    r"(?:should|must|needs?\s+to|has\s+to|have\s+to|ought\s+to|is\s+meant\s+to|are\s+meant\s+to|belongs?)"
)
SHOULD_PLACE = re.compile(
    rf"^\W*(?:and\s+|but\s+|also\s+)?(?:the\s+)?(\x00\d+\x00|[\w'-]+(?:\s+(?!(?:line|item|entry|one)\b)[\w'-]+)?)(?:\s+(?:line|item|entry|one))?\s+{SHOULD}\s+(?:be\s+|go\s+|come\s+|sit\s+|appear\s+)?"
    r"(?:at\s+the\s+(?:very\s+)?|on\s+|in\s+)?(top|first|bottom|end|last|start|beginning)\b",
    re.I,
)
SHOULD_SORT = re.compile(
    rf"\b{SHOULD}\s+be\s+(?:in\s+)?(?:(reverse|backwards?|z\s*(?:to|-)\s*a)\s+)?(?:alphabetical(?:ly)?(?:\s+order)?|sorted|in\s+order|a\s*(?:to|-)\s*z|abc\s+order|"
    r"(?:alphabetical\s+)?order(?:ed)?)\b",
    re.I,
)


def _editor_goal(text: str) -> tuple | None:
    """An order said as how the document should be ("the Summary line should be at the top", "they should be
    alphabetical"): (op, args...), or None."""
    m = SHOULD_PLACE.search(text)
    if m and m.group(1).lower() not in (
        "it",
        "this",
        "that",
        "they",
        "them",
        "everything",
        "list",
        "text",
        "document",
        "lines",
        "names",
    ):
        rest = text[m.end() :]
        where = "top" if m.group(2).lower() in ("top", "first", "start", "beginning") else "bottom"
        if not re.search(r"\b(?:line|lines)\s+\d|\b\d+(?:st|nd|rd|th)\b", m.group(1)) and not re.match(
            r"\s*of\b", rest
        ):
            return ("move_line", m.group(1), where)
    m = SHOULD_SORT.search(text)
    if m:
        return ("sort_reverse",) if m.group(1) else ("sort",)
    if re.search(
        rf"\b{SHOULD}\s+(?:all\s+)?(?:start|begin)\s+with\s+(?:a\s+)?(?:capital|upper\s*-?\s*case|big)(?:\s+letters?)?\b",
        text,
        re.I,
    ):
        return (
            "capitalize_lines",
        )  # "the rest should begin with a capital letter": each line's first letter
    if re.search(r"^\W*(?:(?:and|so|but)\s+)?(?:i\s*(?:want|need|'d\s+like|would\s+like)\s+(?:it|this|the\s+\w+)\s+(?:to\s+be\s+)?|"
                 rf"(?:it|this|the\s+(?:file|document|page|note|text))\s+{SHOULD}\s+be\s+|i\s*(?:want|need|'d\s+like)\s+a\s+)"
                 r"(?:totally\s+|completely\s+|entirely\s+|all\s+)?(?:empty|blank|clean)(?:\s+(?:page|document|file|slate|sheet))?\W*$", text, re.I):  # fmt: skip
        return ("clear",)  # "..., I want it totally empty": the document emptied
    m = re.search(rf"\b(?:list|notes?|document|file|text|page|it|this)\s+(?:{SHOULD}\s+|to\s+)?(start|begin|open|end|finish|close)s?\s+with\s+"
                  r"(?:the\s+(?:line|word|words|text)\s+)?(?!an?\s+(?:capital|upper|big|small|lower)\b)(.+?)\W*$", text, re.I)  # fmt: skip
    if m:  # "the list should start with plums": a first line; "... end with X": a last one
        first = m.group(1).lower() in ("start", "begin", "open")
        return ("insert_line" if first else "append_line", m.group(2).strip(" '\""))
    return None


# A value said to have changed: "moved from 3/4 to 5/4", "changed from 6pm to 9pm"
MOVED_FROM = re.compile(
    r"\b(?:moved|changed|switched|shifted|went|gone|pushed|postponed|brought\s+forward|updated|rescheduled|put\s+back|"
    r"(?:change|move|shift|switch|update)\s+(?:\w+\s+){0,3}?)\s*(?:\w+\s+)?from\s+"
    r"([^\s,;]+(?:\s+[^\s,;]+)??)\s+to\s+([^\s,;]+(?:\s+[^\s,;]+)??)(?=[.!?]?(?:$|[,;]|\.\s|\s+(?:and|so|please|update|fix|change|correct|in|on)\b))",
    re.I,
)


# The words that name a document's first line: its title or heading
FIRST_LINE = re.compile(
    r"\b(?:the\s+|its\s+|my\s+)?(?:title(?!\s*-?\s*case)|heading|headline|header|top\s+line|first\s+line|opening\s+line)\b",
    re.I,
)
WHOLE = re.compile(
    r"\b(?:every|each|all(?!\s+(?:caps|capitals?|capital\s+letters|upper|lower|in\b|of\s+it\b))|whole|entire|everything|rest)\s*(?:lines?|words?\s+in\s+(?:the\s+)?(?:document|file|text))?\b",
    re.I,
)


def _first_line_only(c: Command) -> Command:
    """A case change said of the title or heading changes the first line only ("make the heading all caps",
    "capitalise each word in the title")."""
    if c.kind != "edit" or not FIRST_LINE.search(c.clause):
        return c
    rest = FIRST_LINE.sub(" ", c.clause)
    if c.op in ("upper", "lower") and not c.args and not WHOLE.search(rest):
        return replace(c, op="line_case", args=(1, c.op))
    if (
        c.op == "title_case"
        and c.args in ((0,), ())
        and not re.search(r"\b(?:every|each|all)\s+lines?\b", rest, re.I)
    ):
        return replace(c, args=(1,))
    return c


ORDINAL_LINE = (r"(?:(?:the\s+)?(?:text\s+(?:on|of|in)\s+)?(?:the\s+)?(?P<nth>first|second|third|fourth|fifth|sixth|last|top|bottom|\d+(?:st|nd|rd|th))\s+line"
                r"|line\s+(?P<num>\d+))")  # fmt: skip
NTH = {
    "first": 1,
    "top": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "last": -1,
    "bottom": -1,
}
SPACES = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "eight": 8}
MARKS = {"double quotes": ('"', '"'), "quotes": ('"', '"'), "quotation marks": ('"', '"'), "single quotes": ("'", "'"),
         "brackets": ("(", ")"), "parentheses": ("(", ")"), "round brackets": ("(", ")"), "square brackets": ("[", "]"),
         "asterisks": ("*", "*"), "stars": ("*", "*")}  # fmt: skip


# A new phone number or address said in passing: "got a new number, it's 555-0101 now"
NEW_VALUE = re.compile(r"\bnew\s+(?:phone\s+|mobile\s+|cell\s+|home\s+|work\s+)?(?:number|phone|email|e-mail|email\s+address|mobile|address)\b"
                       r"[^\d@]{0,24}?(\+?[\d(][\d ()+.-]*\d|[\w.+-]+@[\w-]+\.[\w.]+)", re.I)  # fmt: skip


def _line_affixed(instruction: str) -> list[Command]:
    """Changes at the start or end of one line named by its place: indented, wrapped in marks, a word put
    before or after its text, a space at its start removed."""
    t = instruction.strip()

    def nth(m: re.Match) -> int:
        said = m.group("nth") or m.group("num")
        return NTH.get(said.lower(), 0) or int(re.sub(r"\D", "", said))

    def edit(*args: object) -> Command:
        return Command("edit", op=args[0], args=tuple(args[1:]), app="editor", clause=instruction)

    m = re.search(
        rf"^\W*(?:please\s+)?indent\s+{ORDINAL_LINE}(?:\s+by\s+(?P<n>\d+|a|one|two|three|four|eight)\s+spaces?|\s+with\s+a\s+(?P<tab>tab))?\W*$",
        t,
        re.I,
    )
    if m:
        pad = (
            "\t"
            if m.group("tab")
            else " "
            * (
                int(m.group("n"))
                if (m.group("n") or "").isdigit()
                else SPACES.get((m.group("n") or "four").lower(), 4)
            )
        )
        return [edit("affix_line", nth(m), "start", pad)]
    marks = "|".join(sorted(MARKS, key=len, reverse=True))
    m = re.search(rf"\b(?:put|add|place|wrap|surround)\s+(?P<mark>{marks})\s+(?:a?round|on\s+either\s+side\s+of|on\s+both\s+ends\s+of)\s+{ORDINAL_LINE}\W*$", t, re.I) or re.search(
        rf"\b(?:wrap|put|enclose|surround)\s+{ORDINAL_LINE}\s+(?:in|with|inside)\s+(?P<mark>{marks})\W*$", t, re.I)  # fmt: skip
    if m:
        before, after = MARKS[re.sub(r"\s+", " ", m.group("mark").lower())]
        return [edit("affix_line", nth(m), "start", before), edit("affix_line", nth(m), "end", after)]
    m = re.search(rf"\b(?:add|put|insert|prepend|stick|write|append)\s+(?:the\s+word\s+|the\s+text\s+)?(?P<word>\x00?['\"]?[\w!?.:#-]+['\"]?)\s+"
                  rf"(?P<where>before\s+the\s+(?:text|words?)\s+(?:on|of|in)|in\s+front\s+of)\s+{ORDINAL_LINE}"
                  r"(?:\s*,?\s*(?:with|and)\s+a\s+space(?:\s+between)?)?\W*$", t, re.I)  # fmt: skip
    if m:
        word = m.group("word").strip("'\"")
        return [edit("affix_line", nth(m), "start", f"{word} " if word[-1:].isalnum() else word)]
    m = re.search(rf"{ORDINAL_LINE}\s+(?:(?:has|got)\s+(?:an?\s+)?(?:stray|extra|leading|unwanted)?\s*spaces?\s+at\s+the\s+(?:start|beginning|front)|"
                  r"(?:starts|begins)\s+with\s+(?:an?\s+)?(?:stray|extra|leading|unwanted)?\s*spaces?)", t, re.I) or re.search(
        rf"\b(?:remove|delete|get\s+rid\s+of|strip)\s+the\s+(?:stray\s+|extra\s+|leading\s+)?spaces?\s+at\s+the\s+(?:start|beginning|front)\s+of\s+{ORDINAL_LINE}", t, re.I)  # fmt: skip
    if m:
        return [edit("strip_lines", "left", nth(m))]
    return []


SAVE_AFTER = re.compile(r"(?:\s*[,;.]\s*|\s+)(?:(?:and|then|&)\s+)*(?:(?:please|also)\s+)?save(?:\s+(?:it|that|this|the\s+(?:file|document|note|changes?)|my\s+changes|changes))?"
                        r"(?:\s+(?:afterwards|after|when\s+done|too|please))?\W*$", re.I)  # fmt: skip
EDITOR_PLACE = re.compile(
    r"^\W*(?:(?:in|on)\s+(?:the\s+|this\s+|my\s+)?(?:editor|document|file|note|notes|text|open\s+(?:file|document))\s*[,:]?\s+)",
    re.I,
)


def _whole_edit(instruction: str) -> list[Command]:
    """The instruction as one edit of the open document read by its parts (a verb, a line by its place or
    words, where new text goes), with a save when one is asked after it; [] when it is not one such edit."""
    text = EDITOR_PLACE.sub("", instruction.strip())
    fixed = CORRECTED.search(text)
    place = r"(?:(?:right|just|directly)\s+)?(?:at|to|after|before|below|above|under|underneath|beneath|between|in\s+front\s+of)\b"
    if fixed and fixed.start() > 0 and re.match(place, text[fixed.end() :].strip(), re.I):
        # "add X at the end - no wait, just below the Totals line": the place said again replaces the first
        said = re.match(rf"^(.*?\S)\s+{place}.*$", text[: fixed.start()], re.I)
        text = f"{said.group(1)} {text[fixed.end() :].strip()}" if said else text
    saved = SAVE_AFTER.search(text)
    if saved and saved.start() > 0:
        text = text[: saved.start()]
    if re.search(_FILE, text):
        return []
    prep = prepare(text)
    read = edit_request(
        prep.text, lambda s: re.sub(r"\x00(\d+)\x00", lambda m: prep.values[int(m.group(1))], s)
    )
    reads = [read] if read else _edits_in_turn(text)
    if not reads:
        return []
    done = [Command("edit", op=r[0], args=tuple(r[1:]), app="editor", clause=instruction) for r in reads]
    return done + ([Command("save", app="editor", clause="save")] if saved and saved.start() > 0 else [])


def _edits_in_turn(text: str) -> list[tuple]:
    """Two or three edits said one after another ("dedupe and then sort it", "trim the lines, number them"),
    each read by its parts; [] unless every part is one such edit."""
    parts = [
        p
        for p in re.split(
            r"\s*(?:[,;]\s*(?:and\s+)?(?:then\s+)?|\s+and\s+then\s+|\s+then\s+|\s+and\s+)", text
        )
        if p.strip()
    ]
    if not 2 <= len(parts) <= 3:
        return []
    reads = []
    for part in parts:
        prep = prepare(part)
        read = edit_request(
            prep.text, lambda s, p=prep: re.sub(r"\x00(\d+)\x00", lambda m: p.values[int(m.group(1))], s)
        )
        if not read:
            return []
        reads.append(read)
    return reads


# What a document should say in place of what it says: "it's 2 pm, not 3 pm", "should read Ann not Anne",
# "rename Bob to Robert throughout" (in the open document, a word, not a file)
SAID_INSTEAD = (
    re.compile(r"(?:^|[.,;:!]\s*|\b(?:and|so|but)\s+)(?:it\s*'?s|it\s+is|that\s*'?s|make\s+it|it\s+should\s+(?:be|say|read)|(?:should|must)\s+(?:be|say|read))\s+"
               r"(?P<new>[^,;]{1,40}?)\s*,?\s+not\s+(?P<old>[^,;]{1,40}?)\W*$", re.I),
    re.compile(r"^\W*(?:please\s+)?(?:rename|change|switch|swap|turn)\s+(?P<old>[\w'-]+(?:\s+[\w'-]+)?)\s+(?:to|into|for|with)\s+"
               r"(?P<new>[\w'-]+(?:\s+[\w'-]+)?)\s+(?:throughout|everywhere|all\s+over|all\s+through|across\s+the\s+(?:whole\s+)?(?:text|document|file))"
               r"(?:\s+(?:in|of)\s+(?:the|this|my)\s+\w+)?\W*$", re.I),
)  # fmt: skip


def _said_instead(instruction: str) -> tuple[str, str] | None:
    """(old, new) when the instruction says what the open document should say instead of what it says."""
    text = re.sub(
        r"[,.]?\s*(?:s'il\s+vous\s+pla[iî]t|por\s+favor|bitte|per\s+favore)\W*$",
        "",
        instruction.strip(),
        flags=re.I,
    )
    for pattern in SAID_INSTEAD:
        m = pattern.search(text)
        if m and not re.search(r"\.\w{1,5}\b|~/", m.group("old") + " " + m.group("new")):
            old, new = (v.strip(" '\"") for v in (m.group("old"), m.group("new")))
            if old and new and old.lower() != new.lower():
                return old, new
    return None


# Changes that done twice change nothing more (a second "clear" would find the document empty and stop)
SAID_TWICE = {("edit", op) for op in ("clear", "upper", "lower", "sort", "sort_reverse", "remove_blank", "capitalize_lines")} | {
    ("files", "delete"), ("files", "mkdir"), ("cell", "clear")}  # fmt: skip


def _same(a: Command, b: Command) -> bool:
    return (a.kind, a.op, a.app, a.text, a.args, a.target) == (b.kind, b.op, b.app, b.text, b.args, b.target)


_FILE = r"(?:~/)?[\w./-]*\w\.[A-Za-z]\w{0,4}"
# Everyday shapes of a request, in the words the rules read
PLAIN_REQUEST = (
    # a label before the request: "clean up: delete the .tmp files", "quick one - make a folder x"
    (r"^\W*(?:(?:clean|tidy|quick|one|next|first|also|ok|okay|so|right|small|little|easy|simple)\s+)?(?:up|one|thing|task|job|request|todo|"
     r"housekeeping|cleanup|question|favou?r)\s*(?::|\s-)\s+(?=(?:please\s+)?(?:delete|remove|move|copy|make|create|rename|put|write|add|type|sort|"
     r"compute|calculate|work\s+out)\b)", ""),
    # a vague wish before the request that says it: "can you tidy up a bit, move the pdfs to Docs"
    (r"^\W*(?:(?:hey|hi|ok|okay|so|right)[\s,!]+)?(?:(?:can|could|would)\s+you\s+|please\s+|let'?s\s+|time\s+to\s+)?(?:tidy|clean|sort)\s+(?:things\s+|stuff\s+|my\s+files\s+)?"
     r"(?:up|out)?(?:\s+a\s+(?:bit|little))?\s*[,:;\u2013\u2014-]+\s*(?=(?:and\s+)?(?:please\s+)?(?:delete|remove|move|copy|make|create|rename|put)\b)", ""),
    # what the request leaves alone, said after it: "..., nothing else", "...; leave the rest alone"
    (r"(?<=\w)\s*[,;.]\s*(?:and\s+|but\s+)?(?:nothing\s+else|that'?s\s+(?:all|it)|leave\s+(?:the\s+rest|everything\s+else|"
     r"the\s+others?)(?:\s+(?:alone|as\s+(?:it\s+is|they\s+are)))?|don'?t\s+touch\s+anything\s+else)\W*$", ""),
    # "B3 says n/a, replace that with 0": the cell named first is the one changed
    (r"^\W*([A-Z]{1,2}\d{1,5})\s+(?:says|reads|shows|has|holds|contains)\s+[^,;]+[,;.]\s*(?:so\s+|please\s+)?(?:replace|change|set|make|turn|overwrite)"
     r"\s+(?:that|it|this)\s+(?:with|to|into|as)\s+(.+?)\W*$", r"put \2 in \1"),
    # "containing the line: hi": what the file holds, whatever it is called
    (r"\b(containing|saying|that\s+says|reading|with)\s+(?:just\s+|only\s+)?(?:the\s+)?(?:single\s+|one\s+)?(?:line|word|words|text)\s*:\s*", r"\1 "),
    # words of a learner of English or of speech that carry nothing: "please to write", "please you add", "write me a list"
    (r"\bplease\s+(?:to|you(?:\s+(?:can|could|will|would))?|(?:can|could|would|will)\s+you(?:\s+please)?)\s+(?=[a-z])", "please "),
    (r"\b(write|make|create|give|type|do|draft)\s+me\s+(?=(?:a|an|the|some|up)\b)", r"\1 "),
    # where a copy goes said as beside the file: "back up a.ini as a.ini.bak right next to it"
    (r"^(?=.*\b(?:back\s*(?:it\s+)?up|copy|duplicate)\b)(.*\.\w{1,5}\b.*?)\s*,?\s+(?:right\s+|just\s+)?(?:next\s+to|beside|alongside)\s+(?:it|the\s+original)\W*$", r"\1"),
    # "overwrite b.txt with whatever is in a.txt": a copy of a.txt over b.txt
    (rf"^\W*(?:please\s+)?(?:overwrite|replace)\s+({_FILE})\s+with\s+(?:whatever(?:'s|\s+is)\s+in|what(?:'s|\s+is)\s+in|the\s+contents?\s+of|"
     rf"(?:a\s+)?copy\s+of)\s+({_FILE})\W*$", r"copy \2 to \1"),
    # "delete what's inside ~/x but keep the folder itself": everything in it
    (r"\b(delete|remove|clear\s+out|get\s+rid\s+of)\s+(?:what'?s|what\s+is|all\s+that'?s|everything\s+that'?s)\s+(?:inside|in)\s+(\S+?)"
     r"(?:\s*,?\s+but\s+(?:keep|leave)\s+(?:the\s+)?(?:\S+\s+)?(?:folder|directory)?(?:\s+itself)?(?:\s+(?:there|alone))?)?\W*$", r"\1 everything in \2"),
    # "move everything out of the inbox folder into ...": what it holds
    (r"\b(move|copy)\s+(?:everything|all(?:\s+the\s+files)?)\s+out\s+of\s+(?:the\s+|my\s+)?([\w~/.-]+)(\s+(?:folder|directory))?\s+(?:in)?to\b",
     r"\1 everything in the \2 folder to"),
    # "make a folder work and inside it a folder named 2024": "it" is the folder just made
    (r"\b((?:folder|directory)\s+(?:called\s+|named\s+)?(['\"]?)(?!(?:and|then|with|yet|in|it|inside|into|for|to)\b)([\w.-]+)\2\s*,?\s+(?:and|then)\s+(?:then\s+)?)(?:inside|in|into)\s+(?:it|there)\s+"
     r"((?:an?|the|\d+|two|three|four|five|some)\s+(?:new\s+)?(?:empty\s+)?(?:sub)?(?:folder|directory|file)s?\b.*)$", r"\1make \4 inside \3"),
    # "... and put a file called march.txt in it", "and inside it create a.txt", "with an empty file y.txt in it":
    # a new file in the folder just made (a file named without "a file" is one to move: "put notes.txt in it")
    (rf"\b(?:and\s+(?:then\s+)?)?(?:put|place|add|create|make|start)\s+(?:a|an)\s+(?:new\s+|empty\s+|blank\s+)*(?:text\s+)?file\s+(?:called\s+|named\s+)?({_FILE})\s+(in|inside|into)\s+(it|there)\b",
     r"and create a file called \1 \2 \3"),
    (rf"\b(?:and\s+(?:then\s+)?)?(inside|in)\s+(it|there)\s*,?\s+(?:put|place|add|create|make)\s+(?:a\s+|an\s+)?(?:new\s+|empty\s+|blank\s+)*(?:text\s+)?(?:file\s+)?(?:called\s+|named\s+)?({_FILE})\b",
     r"and create a file called \3 \1 \2"),
    (rf"\b((?:folder|directory)\s+(?:called\s+|named\s+)?[\w.-]+)\s+with\s+(?:a|an)\s+(?:new\s+|empty\s+|blank\s+)*(?:text\s+)?(?:file\s+)?(?:called\s+|named\s+)?({_FILE})\s+(?:file\s+)?(in|inside)\s+it\b",
     r"\1 and create a file called \2 \3 it"),
    # "a folder abc with 3 empty files in it: a.txt, b.txt": the folder, then the files in it
    (r"\b((?:folder|directory)\s+(?:called\s+|named\s+)?(['\"]?)(?!(?:and|then|with|yet|in|it|inside|into|for|to)\b)([\w.-]+)\2)\s+with\s+(?:(?:\d+|two|three|four|five|some)\s+)?(empty\s+)?(files|(?:sub)?folders)\s+(?:in|inside)\s+it\s*[:,]?\s+(.+)$",
     r"\1 and make \4\5 \6 in \3"),
    # "make folders a, b and c in ~/x": the names listed ("folders called a, b and c")
    (r"\b(make|create|add|set\s+up)\s+(?:the\s+|some\s+)?((?:new\s+|sub)?(?:folders|directories|subfolders))\s+(?!called|named|for|in|inside|with|:)(?=[\w.-]+\s*(?:,|and\b))",
     r"\1 \2 called "),
    # a cell named before its value: "write in cell C1 the word Total", "and in C2 the sum of A2 and B2"
    (r"\b(write|put|type|enter)\s+in\s+(?:the\s+)?(?:cell\s+)?([A-Z]{1,2}\d{1,5})\s+(?:the\s+(?:word|text|value|number|label|name)\s+)?"
     r"(?!the\b|a\b|an\b)([\w.-]+)(?=\s*(?:$|,|;|\.|\band\b))", r"\1 \3 in \2"),
    (r"\b(and|then)\s+in\s+(?:cell\s+)?([A-Z]{1,2}\d{1,5})\s+(?=the\s+(?:sum|total|average|mean|difference|product)\s+of\b)", r"\1 in \2 put "),
    # "the two PDFs", "both txt files": how many there are names no file
    (r"\b(?:the|all)\s+(?:two|three|four|five|six|\d+)\s+(?=\.?(?:pdf|txt|csv|jpe?g|png|gif|docx?|xlsx?|images?|photos?|pictures?|pics?|"
     r"texts?|logs?|mp3|zip|md|files?)s?\b|\.?\w{2,4}\s+files\b)", "the "),
    # "into a folder called Shots inside Pictures": the one folder inside the other
    (r"\b(in|into|to)\s+(?:a|the)\s+(?:new\s+)?(?:folder|directory)\s+(?:called|named)\s+([\w.-]+)\s+(?:inside|in|within|under)\s+(?:the\s+|my\s+)?"
     r"(~?[\w/.-]*\w)(?:\s+(?:folder|directory))?\b", r"\1 \3/\2"),
    # "new file a.txt, just the word hi in it": a file made with those words
    (r"^\W*(?:a\s+)?new\s+(file|folder)\s+", r"create a new \1 "),
    (r"\s*,?\s+(?:with\s+)?(?:just|only)\s+(?:the\s+(?:word|words|text|line)\s+)?(.+?)\s+in\s+it\W*$", r" containing \1"),
    # "photo.JPG -> photo.jpg": one name for the other
    (rf"^\W*({_FILE})\s*(?:->|=>|\u2192|>)\s*({_FILE})\b", r"rename \1 to \2"),
    # "x.mp3 is sitting in ~/a, it belongs in ~/b", "x.txt ended up in ~/tmp, move it back to home"
    (rf"^\W*({_FILE})\s+(?:is\s+sitting|is\s+sat|sits|is|ended\s+up|got\s+(?:put|saved)|landed|was\s+(?:put|saved))\s+in\s+([\w~/.-]+)"
     r"[^,;.]*[,;.]\s*(?:but\s+|and\s+|so\s+)?(?:it\s+belongs|it\s+should\s+(?:be|go|live)|(?:please\s+)?(?:move|put)\s+it(?:\s+back)?(?:\s+up)?)"
     r"\s+(?:in|into|to)\s+(.+?)\W*$", r"move \1 from \2 to \3"),
    # "I want notes.md to live in ~/docs instead of here": where it should be
    (rf"^\W*(?:i\s*(?:want|need|would\s+like|'d\s+like)\s+)({_FILE})\s+to\s+(?:live|be|go|sit|stay)\s+in\s+(\S+?)"
     r"(?:\s+(?:instead|rather)(?:\s+(?:of|than)\s+.*)?)?\W*$", r"move \1 to \2"),
)  # fmt: skip


def _plain_request(text: str) -> str:
    first = re.match(
        r"^\s*((?:hi|hey|hello|ugh|oh|ok(?:ay)?|so|well|right|argh|sigh)\b[^.!?]{3,60}[.!])\s+(?=\S)",
        text,
        re.I,
    )
    if (
        first
        and not re.search(r"\d|\.\w|(?<!\w)['\"]|\b[A-Z]{1,2}\d", first.group(1))
        and len(first.group(1).split()) <= 8
        and not re.search(REQUEST_VERBS, first.group(1), re.I)
    ):  # "Hey, my desktop's a mess. Could you ...": a sentence that only says how things are
        text = text[first.end() :]
    for said, plain in PLAIN_REQUEST:
        text = re.sub(said, plain, text, flags=re.I)
    it = re.search(
        r"\b(double|halve|triple|square|twice|half\s+of|a\s+third\s+of|a\s+quarter\s+of)\s+(?:it|that)\s+(?=(?:in|into)\s+[A-Z]{1,2}\d{1,5}\b)",
        text,
    )
    before = re.findall(r"\b[A-Z]{1,2}\d{1,5}\b", text[: it.start()]) if it else []
    if before:  # "256 in A1, and double it in A2": "it" is the cell just filled
        text = text[: it.end(1)] + f" {before[-1]} " + text[it.end() :]
    gone = re.search(r"\b(?:delete|remove|trash|bin)\s+(?:the\s+)?([\w-]+)\W*$", text, re.I)
    if gone and re.search(rf"\b{re.escape(gone.group(1))}\s+(?:folder|directory)\b|\b(?:folder|directory)\s+(?:called\s+|named\s+)?"
                          rf"{re.escape(gone.group(1))}\b", text[: gone.start()], re.I):  # fmt: skip
        text = (
            text[: gone.start()] + f"delete the {gone.group(1)} folder" + text[gone.end(1) :]
        )  # "... the inbox folder ..., then delete inbox"
    return text


REQUEST_VERBS = (
    r"\b(?:delete|remove|move|copy|make|create|rename|put|write|type|add|open|sort|compute|calculate|save|close|clear|"
    r"empty|set|change|replace|fix|update|insert|append|fill|enter|go|show|find|search|undo|bold|sum|total|need|want)\b"
)
# Words that pick a row or a line by a judgement only the user can make: "the wrong row", "the bad line"
JUDGED = {
    "wrong",
    "bad",
    "incorrect",
    "odd",
    "weird",
    "broken",
    "faulty",
    "mistaken",
    "erroneous",
    "silly",
    "strange",
    "right",
    "correct",
}


# A cell's value said by what it is, not what it holds: "the missing value", "the right number"
VAGUE_VALUE = re.compile(r"^(?:the\s+|a\s+)?(?:missing|right|correct|proper|real|actual|usual|wrong)\s+(?:value|number|amount|figure|one|entry|data)s?$|"
                         r"^(?:whatever|something|anything)\b", re.I)  # fmt: skip


def _cell_values(commands: list[Command]) -> list[Command] | str:
    """Cell values as the sheet should hold them: "the header Discount" is "Discount"; "what 12 pens cost at
    0.5 each" is worked out; a value said only by what it is ("the missing value") is asked for."""
    out = []
    for c in commands:
        if (
            c.kind != "cell"
            or c.op
            or not c.text
            or c.text.startswith("=")
            or re.search(rf"['\"]{re.escape(c.text)}['\"]", c.clause)
        ):
            out.append(c)
            continue
        text = re.sub(
            r"^(?:the\s+)?(?:header|heading|word|label|title|text|name|caption)\s+(?=\S+(?:\s+\S+)?$)",
            "",
            c.text,
            flags=re.I,
        )
        if VAGUE_VALUE.search(text):
            return f"What value should go into {c.target}? ({c.clause or c.text!r} does not say)"
        if (
            re.match(r"^(?:what|how|which|when|who|where|why)\b", text, re.I) or "?" in text
        ):  # a question, not a value
            prepared = prepare(text).text
            expr = word_problem(prepared) or to_expression(prepared, loose=True)
            worked = _worked_out(expr)
            if worked is None:
                return f"What value should go into {c.target}? I cannot work out {text!r} here."
            text = worked
        out.append(replace(c, text=text))
    return out


def _worked_out(expr: str) -> str | None:
    """The number an arithmetic expression comes to ("(12*0.25)" -> "3"), None when it is none."""
    if not expr or not re.fullmatch(r"[\d.+\-*/()^ ]+", expr) or not re.search(r"\d\s*[-+*/^]", expr):
        return None
    try:
        value = eval(expr.replace("^", "**"), {"__builtins__": {}}, {})  # noqa: S307 - digits and operators only
    except (ArithmeticError, SyntaxError, TypeError):
        return None
    value = round(float(value), 10)
    return str(int(value)) if value == int(value) else str(value)


_NUM = r"(-?\d+(?:[.,]\d+)*)"
# A cell said to have changed ("the rent in B2 went up by 50", "B3 dropped to 25") or to be named otherwise
CHANGED_CELL = re.compile(
    rf"\b([A-Z]{{1,2}}\d{{1,5}})\s+(?:has\s+|had\s+|just\s+)?(went\s+up|rose|increased|grew|climbed|went\s+down|dropped|fell|decreased|"
    rf"shrank|changed|moved|is\s+up|is\s+down|is\s+now|became|has\s+become)\s+(by|to|from\s+{_NUM}\s+to)?\s*{_NUM}(?!\w)", re.I)  # fmt: skip
CALLED_NOW = re.compile(r"^\W*(?:the\s+|our\s+|my\s+)?(?:item\s+|entry\s+)?['\"]?([\w' -]{1,30}?)['\"]?\s+(?:is|are|should\s+be)\s+(?:actually|really|now|properly)?\s*"
                        r"(?:called|named|spelt|spelled|known\s+as)\s+['\"]?([\w' -]{1,30}?)['\"]?\W*$", re.I)  # fmt: skip
ROUNDED_CELL = re.compile(r"\b(?:round|replace)\b.*?\b([A-Z]{1,2}\d{1,5})\b.*?\b(?:rounded|round(?:ed)?\s+it)?\s*(?:to|off\s+to)\s+(?:the\s+)?"
                          r"(?:nearest\s+)?(?:whole\s+number|integer|whole\s+one|nearest\s+one)\W*$", re.I)  # fmt: skip


def _converted_cell(text: str) -> tuple[str, str] | None:
    """(cell, formula) for a cell's amount said in one unit and wanted in another in a second cell ("B2 has
    minutes, I want hours in C2", "B2 is in Celsius, convert it to Fahrenheit in C2")."""
    refs = list(dict.fromkeys(re.findall(r"\b[A-Z]{1,2}\d{1,5}\b", text)))
    into = re.search(r"\b(?:in|into|to)\s+(?:cell\s+)?([A-Z]{1,2}\d{1,5})\W*$", text)
    if len(refs) != 2 or not into or into.group(1) != refs[1]:
        return None
    source, target = refs
    temps = re.findall(r"\b(celsius|centigrade|fahrenheit)\b", text, re.I)
    if len(temps) == 2 and temps[0].lower() != temps[1].lower():
        c_to_f = temps[1].lower() == "fahrenheit"
        return target, f"={source}*9/5+32" if c_to_f else f"=({source}-32)*5/9"
    said = [(w, _unit(w)) for w in re.findall(r"[a-z]+", text.lower())]
    units = [(w, u) for w, u in said if u]
    if len(units) == 2 and units[0][1][0] == units[1][1][0] and units[0][1][1] != units[1][1][1]:
        (_, (_, a)), (_, (_, b)) = units
        return target, f"={source}*{_plain_number(a)}/{_plain_number(b)}"
    return None


def _plain_number(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def _cells_changed(instruction: str) -> list[Command]:
    """Cells said to have gone up or down ("... in B2 went up by 50": B2 plus 50), to hold a new number, a
    value called otherwise from now on ("Tea is actually called Green tea"), a cell rounded to a whole number."""
    out = []
    text = prepare(instruction).restore(prepare(instruction).text)
    for m in CHANGED_CELL.finditer(text):
        ref, verb, how, value = (
            m.group(1).upper(),
            m.group(2).lower(),
            (m.group(3) or "").lower(),
            m.group(5).replace(",", ""),
        )
        if how == "by":
            down = re.search(r"down|drop|fell|decreas|shrank", verb)
            out.append(
                Command(
                    "sheet",
                    op="map",
                    args=(ref, "add", f"-{value}" if down else value),
                    app="spreadsheet",
                    clause=m.group(0),
                )
            )
        elif how == "to" or how.startswith("from") or verb in ("is now", "became", "has become"):
            out.append(Command("cell", target=ref, text=value, app="spreadsheet", clause=m.group(0)))
    if out:
        rest = CHANGED_CELL.sub(" ", text)
        if re.search(
            r"\b(?:delete|remove|sort|bold|sum|total|average|put|write|type|add|copy|move|clear)\b|[A-Z]{1,2}\d",
            rest,
        ):
            return []  # more is asked than the changes: the steps read it all
        return out
    called = CALLED_NOW.match(text)
    if called and not re.search(r"\.\w{1,5}\b|~/|\b[A-Z]{1,2}\d", text):
        return [Command("sheet", op="replace_value", args=(called.group(1).strip(), called.group(2).strip()), app="spreadsheet",
                        clause=instruction)]  # fmt: skip
    converted = _converted_cell(text)
    if converted:
        return [
            Command("cell", target=converted[0], text=converted[1], app="spreadsheet", clause=instruction)
        ]
    rounded = ROUNDED_CELL.search(text)
    if rounded:
        return [
            Command(
                "sheet",
                op="map",
                args=(rounded.group(1).upper(), "round", "0"),
                app="spreadsheet",
                clause=instruction,
            )
        ]
    return []


LISTED_CELLS = re.compile(
    r"^\W*(?:please\s+)?(?:write|type|put|enter|add|fill\s+in)\s+(?:the\s+(?:\w+\s+)?(?:names|words|values|labels|headers|headings|months|days|numbers)\s+)?"
    r"(?P<items>[^,;]+?(?:\s*,\s*[^,;]+?)+?)\s*,?\s+(?:going\s+|running\s+|one\s+(?:a|per)\s+cell\s+)?(?P<way>down|across|along)\b"
    r"(?:\s+(?:the\s+)?(?:first\s+|\d+\w*\s+)?(?:row|column)(?:\s+[A-Z]{1,2}|\s+\d+)?)?\s*,?\s+(?:starting\s+|beginning\s+)?(?:from|at|in|with)\s+"
    r"(?:cell\s+)?(?P<cell>[A-Z]{1,2})(?P<row>\d{1,5})\W*$", re.I)  # fmt: skip


def _listed_cells(instruction: str) -> list[Command]:
    """Values listed for cells running down or across from a first cell: one a cell, in order."""
    m = LISTED_CELLS.match(instruction.strip())
    if not m:
        return []
    items = [
        i.strip(" '\"")
        for i in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("items"))
        if i.strip(" '\"")
    ]
    col, row = m.group("cell").upper(), int(m.group("row"))
    number = 0
    for ch in col:
        number = number * 26 + ord(ch) - 64
    out = []
    for k, item in enumerate(items):
        n, name = number + (k if m.group("way").lower() != "down" else 0), ""
        while n:
            n, r = divmod(n - 1, 26)
            name = chr(65 + r) + name
        ref = f"{name}{row + (k if m.group('way').lower() == 'down' else 0)}"
        out.append(Command("cell", target=ref, text=item, app="spreadsheet", clause=instruction))
    return out


def _spliced(before: str, again: str) -> str:
    """The request said before a correction with the part said again put in its place: "by 6" for the last
    "by N", "make that 40" or a bare number for the last number, "pears, not apples" for "apples"; "" when
    the correction is no such part."""
    again = re.sub(
        r"^\W*(?:(?:make|change)\s+(?:that|it)(?:\s+to)?|i\s+mean|rather|instead)\s+",
        "",
        again.strip(),
        flags=re.I,
    )
    again = again.strip(" .,;!?")
    swap = re.fullmatch(
        r"(.+?)\s*,?\s+not\s+(?:the\s+)?(.+)|not\s+(?:the\s+)?(.+?)\s*,?\s+(?:but\s+)?(.+)", again, re.I
    )
    if swap:
        new, old = (swap.group(1), swap.group(2)) if swap.group(1) else (swap.group(4), swap.group(3))
        hit = list(re.finditer(rf"(?<!\w){re.escape(old)}(?!\w)", before, re.I))
        return (
            before[: hit[-1].start()] + new + before[hit[-1].end() :] if hit and len(new.split()) <= 4 else ""
        )
    number = r"-?\d+(?:[.,]\d+)*|(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    said = re.fullmatch(rf"(?:(by|to|into|from|with|times|plus|minus|over|of)\s+)?({number})", again, re.I)
    if said:
        word = said.group(1)
        pattern = rf"\b{word}\s+(?:{number})(?![\w.])" if word else rf"(?<![\w.])(?:{number})(?![\w.])"
        hit = list(re.finditer(pattern, before, re.I))
        return before[: hit[-1].start()] + again + before[hit[-1].end() :] if hit else ""
    return ""


# A correction said mid-instruction: what follows replaces what came before
CORRECTED = re.compile(
    r"(?:\.{2,}|[,;:\u2013\u2014-])?\s*\b(?:no\s+wait|wait\s+no|no,?\s+sorry|sorry,?\s+(?:i\s+)?meant?|(?:oops,?\s+)?i\s+meant|scratch\s+that|"
    r"correction|no,?\s+actually|actually,?\s+no|oops|(?<=[,;\u2013\u2014-]\s)sorry(?=\s*,))\b\W*\s",
    re.I,
)


# Greetings before a web request and courtesies after it, which carry no step ("hi there. ...", "hello, quick
# question - ...", "..., please and thank you", "... pls"); quoted words are left as they are.
GREETING = re.compile(r"^\W*(?:(?:hi|hello|hey|hiya|yo|good\s+(?:morning|afternoon|evening)|greetings)(?:\s+there)?|quick\s+question|"
                      r"(?:ok(?:ay)?|alright|right)\s+so|um+|uh+|so|well)\s*(?:[,.!:;\u2014-]+\s*|\s+(?=\w))", re.I)  # fmt: skip
COURTESY = re.compile(r"(?:\s*,)?\s+(?:(?:please|pls|plz)(?:\s+and\s+thanks?(?:\s+you)?)?|thanks?(?:\s+you)?(?:\s+so\s+much)?|thx|ty|cheers)"
                      r"(?=\s*[.!?]*\s*$|\s*[,;]\s)", re.I)  # fmt: skip


def web_courtesy(text: str) -> str:
    if re.search(r"[\"\u201c\u2018]|(?<!\w)'(?=\w)", text):
        return text
    if re.search(
        r"\b(?:say(?:s|ing)?|note|message|comment|feedback|review|tell|know|write|complain)\b|:", text, re.I
    ):
        return text  # words to send them may end in a thank-you of their own
    for _ in range(3):
        text = GREETING.sub("", text, count=1)
    # a sentence that only thanks ("... Thanks!"), then courtesies ending one
    text = re.sub(r"(?:(?<=[.!?])|^)\s*(?:thanks?(?:\s+you)?(?:\s+(?:so\s+much|a\s+lot))?|thx|ty|cheers|please|pls|plz)\s*[.!]*\s*$", "",
                  text, flags=re.I)  # fmt: skip
    return COURTESY.sub("", text).strip() or text


# A page or a file described, then its address in brackets: the address is what the words mean; "use X to do
# Y" is "open X and do Y"; an order after a comma and "please" is a step of its own.
DESCRIBED_ADDRESS = re.compile(
    r"(?:\b(?:the|their|its|your|our|this|that|a)\s+(?:[\w'-]+\s+){0,4}?)?\(\s*(?:at\s+)?(/?[\w./:-]+\.(?:html?|txt|csv|json|xml|pdf))\s*\)",
    re.I,
)


def _web_question(text: str) -> bool:
    return bool(re.search(r"\?\s*$", text) or WEB_QUESTION.match(text))


def web_addresses(text: str) -> str:
    text = DESCRIBED_ADDRESS.sub(
        lambda m: (
            m.group(1)
            if m.group(1).startswith("/") or "://" in m.group(1) or ":" in m.group(1)
            else "/" + m.group(1)
        ),
        text,
    )
    # a bare file name on the site is its address ("open prices.csv and ..." -> "/prices.csv")
    text = re.sub(r"(?<![\w/.:@'-])([\w-]+\.(?:txt|csv|json|xml|pdf|html?))\b(?![\w/@'-])", r"/\1", text)
    text = re.sub(r"^(\W*(?:please\s+)?)use\s+(/[\w./-]+)\s+to\s+", r"\1open \2 and ", text, flags=re.I)
    return re.sub(
        r",\s+(?=(?:please|pls|can\s+you|could\s+you|would\s+you)\s+[a-z]+\b)", ". ", text, flags=re.I
    )


SIZE_LETTERS = {"s": "small", "m": "medium", "l": "large", "xs": "extra small", "xl": "extra large"}


def _size_said(target: str) -> str:
    return re.sub(r"^(?:the\s+)?(?:size\s+)?|\s+(?:size|one)$", "", target.strip().lower())


def _web_values_placed(commands: list[Command], instruction: str) -> list[Command]:
    """Web form values placed by their shape: an email address fills the email field whatever word named it
    ("my address is jo@x.me"); a sign-in given both values is sent."""
    out = [
        replace(c, target="email")
        if c.kind == "fill" and MAIL.fullmatch(c.text.strip()) and "mail" not in c.target.lower()
        # "order with the fastest delivery": the option the word ranks first
        else replace(c, target=RANKED[c.target.lower()])
        if c.kind == "click" and c.app == "browser" and c.target.lower() in RANKED
        # "size L", "pick M": sizes said by their letters
        else replace(c, kind="click", target=SIZE_LETTERS[_size_said(c.target or c.text)], text="")
        if c.kind in ("click", "select")
        and _size_said(c.target or c.text) in SIZE_LETTERS
        and re.search(
            r"\b(?:size|shirt|t-shirt|tee|cart|basket|bag|pick|choose|select|get|take)\b", instruction, re.I
        )
        else c
        for c in commands
    ]
    quoted = re.findall(
        r"[\"\u201c\u2018]([^\"\u201d\u2019]+)[\"\u201d\u2019]|(?<!\w)'([^']+)'(?!\w)", instruction
    )
    said = [a or b for a, b in quoted]
    out = [  # "leave a comment for me that says "love it"": the words quoted, not the words around them
        replace(c, text=said[0])
        if c.kind == "fill" and len(said) == 1 and said[0] in c.text and said[0] != c.text
        else c
        for c in out
    ]
    fills = [n for n, c in enumerate(out) if c.kind == "fill"]
    early = [
        n
        for n, c in enumerate(out)
        if c.kind == "click"
        and not c.op
        and fills
        and n < fills[-1]
        and re.fullmatch(
            r"(?:the\s+)?(?:sign|log)\s*-?\s*in(?:\s+(?:please|now|button))?|send|submit", c.target.lower()
        )
    ]
    if early:  # "Sign in pls. user = x, pass = y": the button after the fields it sends
        out = [c for n, c in enumerate(out) if n not in early]
        out.append(Command("submit", app="browser", clause="(the form is sent)"))
    if out and out[-1].kind == "fill" and out[-1].target.lower() in ("search", "search box", "search field"):
        out.append(
            Command("key", text="Return", app="browser", clause="(the search is sent)")
        )  # "enter x in the search"
    if (
        out
        and out[-1].kind == "fill"
        and out[-1].app == "browser"
        and len({c.target.lower() for c in out if c.kind == "fill"}) >= 2
    ):  # "username olga password kettle99", "my details are ...": a form given all it asks for is sent
        out.append(Command("submit", app="browser", clause="(the form filled is sent)"))
    targets = {c.target.lower() for c in out if c.kind == "fill"}
    if (
        targets & {"username", "user", "user name", "login"}
        and targets & {"password", "pass", "pwd", "pw"}
        and not any(c.kind in ("submit", "key", "click") for c in out[[c.kind for c in out].index("fill") :])
        and re.search(
            r"\b(?:log\s*-?\s*(?:me\s+|us\s+)?in(?:to)?|sign\s*-?\s*(?:me\s+|us\s+)?in(?:to)?|login|logon)\b",
            instruction,
            re.I,
        )
    ):  # "can you log me into the shop? user is rita88 and the pw is x": the sign-in is sent
        out.append(Command("submit", app="browser", clause="(the sign-in is sent)"))
    return out


# What another app's work looks like; with the browser open and no app, file or cell named, a reading as such
# work is a misreading of web words.
OTHER_APP_KINDS = {"edit", "cell", "sheet", "save", "save_as", "files", "open_file", "type"}
NAMES_OTHER_APP = re.compile(r"\b(?:editor|mousepad|document|note(?:s|pad)?|text\s+file|file|folder|spreadsheet|sheet|"
                             r"cell|column|row|calculator|terminal|desktop)\b|\.\w{2,4}\b|\x00|\"[^\"]+\"|(?<!\w)'[^']+'(?!\w)|[\u2018\u201c]", re.I)  # fmt: skip


def _other_app_work(commands: list[Command], instruction: str) -> bool:
    return (
        bool(commands)
        and all(c.kind in OTHER_APP_KINDS and c.app != "browser" for c in commands)
        and not NAMES_OTHER_APP.search(instruction)
        and not re.match(r"^\W*(?:please\s+)?(?:type|write|enter|paste)\b", instruction, re.I)
    )


NUMBERED = re.compile(r"(?:^|(?<=\s))(?:\d[.)]|\(\d\)|step\s+(?:\d|one|two|three|four|five)\s*:)\s+", re.I)
SEARCH_WHERE = re.compile(
    r"\s+(?:in|on|from|at|through|across)\s+(?:the\s+|their\s+|this\s+|your\s+|its\s+)?(?:(?:shop|store|site)'?s?\s+)?"
    r"(?:catalog(?:ue)?|shop|store|site|website|search(?:\s+(?:box|bar|page))?|products?)\W*$",
    re.I,
)


POINTERS = {"one", "it", "them", "that", "those", "some", "any", "find", "get"}
# A last request that only points back ("..., can you find it?", "... - dig it up for me")
POINTER_ASK = re.compile(r"(?:(?:can|could|would)\s+(?:you|u)\s+|please\s+)?(?:find|get|fetch|grab|show|open|dig|look|pull|track|hunt|"
                         r"bring|turn)(?:\s+(?:up|down|out))?\s+(?:it|that|them|one)(?:\s+(?:up|down|out|for\s+me|please|to\s+me))*\W*$", re.I)  # fmt: skip


def _thing_before(instruction: str, clause: str) -> tuple[str, ...]:
    """The words of the last thing named with an article before a question that only points at it ("I need a
    promo code for the order, where is one?" -> promo, code); () when none is named."""
    at = instruction.find(clause)
    said = re.findall(
        r"\b(?:a|an|some|any)\s+((?:[\w-]+\s+){0,2}?[\w-]+)(?=\s+(?:for|to|on|at|from|in|so)\b|\s*[,;.?!]|\s*$)",
        instruction[:at] if at > 0 else "",
        re.I,
    )
    return tuple(re.findall(r"[a-z0-9]+", said[-1].lower())) if said else ()


def _form_gap(commands: list[Command]) -> str:
    """The question for a form sent with half of what it needs: a sign-in with a user name and no password (or
    the reverse), a contact form with a name and no email address; "" when nothing is missing."""
    filled = {c.target.lower() for c in commands if c.kind == "fill" and c.app == "browser"}
    sent = any(c.kind == "submit" for c in commands)
    user, secret = (
        filled & {"username", "user", "user name", "login"},
        filled & {"password", "pass", "pwd", "pw"},
    )
    if bool(user) != bool(secret):
        return f"What {'password' if user else 'user name'} should I sign in with?"
    if sent and "name" in filled and not filled & {"email", "e-mail", "mail", "message"}:
        return "What email address should I send with the name?"
    return ""


def _web_form(instruction: str, open_app: str) -> list[Command]:
    """A sign-in or a contact form read from the whole request ("log in to the site, I'm tomasz, pw is
    stork!42"): its fields, then the send; [] when the request is no such form."""
    if open_app not in ("", "browser"):
        return []
    fill = [("username", "password"), ("name", "email")]
    said = credentials(instruction)
    if (
        not said
        and (
            open_app == "browser"
            or NAMES_SITE.search(instruction)
            or re.search(r"\b(?:contact|form)\b", instruction, re.I)
        )
        and not re.search(r"\b(?:feedback|review|comment|search|find|look)\b", instruction, re.I)
    ):
        said, fill = contact_details(instruction), fill[1:]
        send = bool(
            said and (SENDS.search(instruction) or all(said))
        )  # a name and an address: the form is done
    else:
        send = True
    if not said:
        return []
    out = [
        Command("fill", target=f, text=v, app="browser", clause=instruction)
        for f, v in zip(fill[0], said, strict=True)
        if v
    ]
    return out + [Command("submit", app="browser", clause=instruction)] * send


def _read(instruction: str, open_app: str = "") -> Parsed:
    """`open_app`: the catalog app whose window is active, if any; it settles which app a step that could
    be in several means ("clear it" with the calculator open) and is where unnamed work happens."""
    asked = re.sub(r"(['\"\u2018\u201c]).*?(['\"\u2019\u201d])", "", instruction)
    # words to be written are no request: "a note saying the printer is jammed" asks for no printer
    asked = re.sub(SAID_WORDS, "", asked, flags=re.I)
    for pattern, reason in UNAVAILABLE:
        if re.search(pattern, asked, re.I):
            return Parsed(infeasible=f"This cannot be done here: {reason}.")
    instruction = POLITE.sub("", instruction)  # "it would be great if you could subscribe me"
    if open_app in ("", "files") and KEEP_ONLY.search(
        instruction
    ):  # "in Temp keep only a.txt and bin the rest": one job
        prep = prepare(instruction)
        whole = Step("delete_file", 1.0, "", 0.0, {}, instruction, prep.text, prep.values)
        jobs = more_file_jobs(whole, {})
        if jobs:
            return Parsed(
                commands=[
                    Command("files", op=op, args=args, app="files", clause=instruction) for op, args in jobs
                ]
            )
    series = SERIES_FILL.search(instruction) if open_app == "spreadsheet" else None
    run = _series(series, instruction) if series else []
    if run:  # "fill B2 to B6 with 10 to 50": the numbers of the run, one a cell, in order
        return Parsed(commands=run + _keep_changes(run))
    lines = _lines_for_file(instruction) if open_app in ("", "files") else None
    if lines:
        return Parsed(commands=[lines])
    listed = LISTED.search(instruction) if open_app == "editor" else None
    if listed:  # "add 2 things to the end, each on its own line: a, b. then save": the items, one a line
        items = [
            i.strip(" '\"")
            for i in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", listed.group(2))
            if i.strip(" '\"")
        ]
        op = "insert_line" if listed.group(1).lower() in ("top", "start", "beginning") else "append_line"
        done = [Command("edit", op=op, args=("\n".join(items),), app="editor", clause=instruction)]
        saved = [Command("save", app="editor", clause="save")] if listed.group(3) else []
        return Parsed(commands=done + saved + _keep_changes(done + saved))
    whole_edit = _whole_edit(instruction) if open_app == "editor" else []
    if whole_edit:  # "insert Feed the cat after line 2": one edit read by its parts (nlu.editwords)
        return Parsed(commands=whole_edit + _keep_changes(whole_edit))
    at_line = _line_affixed(instruction) if open_app == "editor" else []
    if at_line:  # "indent the 2nd line", "put quotes around line 3", "add 'new' before the first line's text"
        return Parsed(commands=at_line + _keep_changes(at_line))
    now = NEW_VALUE.search(instruction) if open_app == "editor" else None
    if (
        now
        and re.search(r"\b(?:update|fix|change|correct|edit|put|replace|amend)\b", instruction, re.I)
        and not re.search(r"\bsave\b", instruction, re.I)
    ):
        # "Jo got a new number, it's 555-0101 now. Update it.": the value of that shape gives way
        done = [
            Command("edit", op="replace_like", args=(now.group(1).strip(),), app="editor", clause=instruction)
        ]
        return Parsed(commands=done + _keep_changes(done))
    swapped = _said_instead(instruction) if open_app == "editor" else None
    if swapped:  # "the date is wrong, it's 5 May not 4 May": the one written for the other
        done = [Command("edit", op="replace", args=swapped, app="editor", clause=instruction)]
        return Parsed(commands=done + _keep_changes(done))
    instruction = _sheet_rephrased(instruction) if open_app == "spreadsheet" else instruction
    changed = _cells_changed(instruction) if open_app == "spreadsheet" else []
    if changed:  # "the rent in B2 went up by 50 and ... dropped to 25, update both": each cell as it now is
        return Parsed(commands=changed + _keep_changes(changed))
    listed_cells = _listed_cells(instruction) if open_app == "spreadsheet" else []
    if listed_cells:  # "type Mon, Tue, Wed down column A from A2": one a cell, from there on
        return Parsed(commands=listed_cells + _keep_changes(listed_cells))
    below = _total_below(instruction) if open_app == "spreadsheet" else None
    if below:  # "add up the costs and put it in the cell under the last cost"
        return Parsed(commands=below + _keep_changes(below))
    worded = _header_words_formula(instruction) if open_app == "spreadsheet" else None
    if worded:  # "in F3 put the profit (sales minus costs)": the parentheses are the formula, not a step
        cmds = [Command("sheet", op="header_formula", args=worded, app="spreadsheet", clause=instruction)]
        return Parsed(commands=cmds + _keep_changes(cmds))
    problem = _word_problem(instruction, open_app)
    if problem:
        return Parsed(commands=[Command("compute", text=problem, app="calculator", clause=instruction)])
    web = open_app == "browser" or bool(
        NAMES_SITE.search(instruction)
        or re.search(r"://|\.html?\b|\blocalhost\b|\b127\.0\.0\.1\b", instruction)
    )
    found, _ = steps(LEADING_CELL.sub(r"\2 in \1\3", instruction), web=web)
    found = _attach_values(found)
    out = Parsed()
    context = {"app": "", "file": "", "folder": "", "open": open_app}
    said = ""  # the clause before, for "..., fix it"
    merged_into = -1  # the step read together with the one before it
    last_step = (-1, 0)  # the step that added commands last, and how many
    for n, step in enumerate(found):
        if n == merged_into:
            continue
        stated = re.search(r"\b(?:has|have|is|are|was|were)\b", said) and not re.match(
            r"^\W*(?:please\s+)?[a-z]+\s+~?/", said, re.I
        )
        if (
            out.commands
            and (
                out.commands[-1].kind in ("sheet", "cell", "edit")
                or out.commands[-1].kind == "files"
                and stated
            )
            and (
                FOLLOW_UP.match(step.prepared)
                or out.commands[-1].op == "set_by_name"
                and ADJUST.match(step.prepared)
            )
        ):
            last = out.commands[-1]
            named = [w for w in re.findall(r"[a-z]+", step.prepared.lower()) if w not in ADJUST_WORDS]
            if (
                last.op == "set_by_name" and not last.args[1] and named
            ):  # "..., bump the lamp stock up": the stock column
                out.commands[-1] = replace(last, args=(last.args[0], named[-1], *last.args[2:]))
            continue  # "Ann scored 88, fix it and save": the step before already says what to change
        said = step.text
        if n + 1 < len(found) and (
            MISSING.match(step.text)
            or re.match(
                r"^\W*(?:so\s+)?(?:this|it|that)(?:'s|\s+is)\s+(?:a|an|my|the|our)\s+[\w' -]{2,40}$",
                step.text,
                re.I,
            )
        ):
            continue  # "the totals are missing. add ...": what the next step fixes, no order of its own
        if (
            web
            and out.commands
            and out.commands[-1].app == "browser"
            and out.commands[-1].kind in ("lookup", "click")
            and POINTS_BACK.match(step.text)
        ):
            continue  # "..., could you check for us?": the step before already looks for it
        via = VIA_HINT.match(step.text) if web and out.commands and out.commands[-1].op == "page" else None
        if (
            via
        ):  # "the returns policy - could it be under help?": that page first, then the one named through it
            wanted = out.commands.pop()
            out.commands += [
                Command("click", target=via.group(1), op="page", app="browser", clause=step.text),
                wanted,
            ]
            last_step = (n, 2)
            continue
        if web and out.commands and out.commands[-1].op == "page" and APPOSITIVE.match(step.text):
            continue  # "show the sizes page, the spot with the shirt": the page named, described again
        other = _in_open_app(step, open_app)
        trial = dict(context)
        built = _decide(other, trial) if other is not step else ""
        if isinstance(built, str) or not built:  # the open app's reading only when it acts
            built = _decide(step, context)
        else:
            context.update(trial)
        if (
            isinstance(built, str)
            and n + 1 < len(found)
            and (
                PRONOUN_ORDER.match(found[n + 1].text)
                or open_app == "editor"
                and not re.match(r"^\W*(?:and\s+|then\s+)*(?:save|close|quit)\b", found[n + 1].text, re.I)
            )
        ):  # in an open document, a clause read alone as nothing may be half of the next one
            # "the rows run back to front, turn them round": the statement says what the order's pronoun means
            nxt = found[n + 1]
            whole = replace(nxt, text=f"{step.text}, {nxt.text}", prepared=f"{step.prepared}, {nxt.prepared}")
            trial = dict(context)
            again = _decide(_in_open_app(whole, open_app), trial)
            if not isinstance(again, str) and again:
                built, merged_into = again, n + 1
                context.update(trial)
        elif isinstance(built, str) and n + 1 < len(found) and open_app == "spreadsheet":
            # "staff are paid 11 an hour, put their wages in column C": a rate or change, then where
            nxt = found[n + 1]
            whole = replace(nxt, text=f"{step.text}, {nxt.text}", prepared=f"{step.prepared}, {nxt.prepared}")
            trial = dict(context)
            again = _decide(_in_open_app(whole, open_app), trial)
            if (
                not isinstance(again, str)
                and again
                and all(c.op in ("new_column", "column_formula", "rows", "columns") for c in again)
            ):
                built, merged_into = again, n + 1
                context.update(trial)
        if (
            not isinstance(built, str)
            and open_app not in ("", "calculator")
            and [c.kind for c in built] == ["compute"]
            and not re.search(r"[-+*/^(]|sqrt|cbrt", built[0].text)
            and not re.search(r"\bcalc|\bcompute\b|\bwork\s+out\b", instruction, re.I)
        ):  # a lone number "computed" while another app is open reads nothing: "the total is 40" in a sheet
            built = _unsure(step)
        moved = MOVED_FROM.search(step.text) if "editor" in (open_app, context["app"]) else None
        if moved and (isinstance(built, str) or any(c.kind == "compute" or c.op != "replace" for c in built)):
            # "the dinner moved from 7pm to 8pm, update it": the old value gives way to the new one
            built = [
                Command(
                    "edit",
                    op="replace",
                    args=(moved.group(1), moved.group(2)),
                    app="editor",
                    clause=step.text,
                )
            ]
        gone = PRONOUN_GONE.match(step.text) if isinstance(built, str) and out.commands else None
        referent = _files_referent(out.commands[-1]) if gone else ""
        if referent:  # "empty the junk folder and then delete it": the folder the step before worked on
            built = [Command("files", op="delete", args=(referent,), app="files", clause=step.text)]
        original = ORIGINAL_GONE.match(step.text) if out.commands else None
        last_cmd = out.commands[-1] if original else None
        if last_cmd and last_cmd.kind == "files" and last_cmd.op == "copy" and len(last_cmd.args) == 2:
            # "copy a.txt into Old, then delete the original": the copy's source goes (a move, in two steps)
            built = [Command("files", op="delete", args=(last_cmd.args[0],), app="files", clause=step.text)]
        onward = PRONOUN_MOVED.match(step.text) if isinstance(built, str) and out.commands else None
        referent = _files_referent(out.commands[-1]) if onward else ""
        if onward and referent:  # "rename a.txt to b.txt and move it into Done": what the step before left
            op = "copy" if onward.group(1).lower() == "copy" else "move"
            built = [
                Command(
                    "files",
                    op=op,
                    args=(referent, onward.group(2).rstrip("/") + "/"),
                    app="files",
                    clause=step.text,
                )
            ]
        goal = _editor_goal(step.text) if "editor" in (open_app, context["app"]) else None
        if goal and (
            isinstance(built, str)
            or any(
                c.op
                in ("insert_line", "append_line", "replace", "sort_reverse", "upper", "lower", "title_case")
                for c in built
            )
        ):
            # "the Summary line should be at the top", "these ought to be sorted A to Z": the order the words want
            built = [Command("edit", op=goal[0], args=goal[1:], app="editor", clause=step.text)]
        pointing = (
            last_step[0] == n - 1
            and last_step[1]
            and re.search(r"\b(?:it|that|this|them|one)\b", step.text, re.I)
        )
        built = built if pointing else _line_goes(step, built, instruction, open_app, context)
        worded = _file_said(step) if open_app in ("", "files") else None
        if worded:  # a name corrected, a file's whole text replaced, lines written into a file: said in words
            built = [Command("files", op=worded[0], args=worded[1:], app="files", clause=step.text)]
        unneeded = _unneeded(step) if open_app in ("", "files") and _goal_may_fix(built) else ""
        if unneeded:  # "I don't need the tmp folder anymore", "old.log can go": a deletion said as a goal
            built = [Command("files", op="delete", args=(unneeded,), app="files", clause=step.text)]
        goal = goal_files(step) if open_app in ("", "files") and _goal_may_fix(built) else []
        if goal and not isinstance(built, str) and any(c.op in ("move", "copy") for c in built):
            goal = [g for g in goal if not any("*" in a for a in g[1][:-1])]  # a kind moved already: as read
        if (
            goal
        ):  # "all the pdfs should go in a folder called docs": the files moved, not only the folder made
            built = [Command("files", op=op, args=args, app="files", clause=step.text) for op, args in goal]
        # with the sheet open, a reading as another app's work is no better: "change Feb food to 350"
        elsewhere = not isinstance(built, str) and all(c.app in ("editor", "calculator") for c in built)
        loose = (
            loose_row_update(step)
            if (isinstance(built, str) or not built or elsewhere) and open_app == "spreadsheet"
            else None
        )
        if loose:  # "the toaster stock is actually 7": the sheet's rows and headers say which word is which
            built = [Command("sheet", op="set_by_name", args=loose, app="spreadsheet", clause=step.text)]
        if (
            isinstance(built, str)
            and len(found) > 1
            and (
                _aside(step) or REMARK.match(step.text) or n and (_reason(step) or NOT_THAT.match(step.text))
            )
        ):
            continue  # "..., I don't need it", "..., leave the rest": a remark beside steps that act
        if out.commands and re.fullmatch(
            r"\W*(?:and\s+)?(?:with\s+)?no\s+(?:spaces?|capitals|rush|hurry|need\s+to\s+\w+)\W*",
            step.text,
            re.I,
        ):
            continue  # "rename it to old_pics, no space": how the name is written, said again
        if isinstance(built, str) and out.commands and REPEAT.match(step.text):
            continue  # "the deals are on offers.html, open that": the step before opened it
        settled = _web_settled(step, built, out.commands, found[n + 1 :]) if isinstance(built, str) else None
        if settled == []:
            continue
        built = settled or built
        if web and len(found) > 1 and SELF_DONE.match(step.text):
            continue  # "..., I can do the typing by hand": the user's part, not a step
        if isinstance(built, str) and len(found) > 1 and web and WEB_REMARK.match(step.text):
            continue  # "..., I'm on a budget": why, not what
        if web and len(found) > 1 and WEB_ASIDE.match(step.text):
            continue  # "wrong page.", "..., the cart is waiting": where the user is, not what to do
        if (
            isinstance(built, str)
            and last_step[0] == n - 1
            and last_step[1]
            and open_app == "editor"
            and re.search(r"\b(?:it|that|this|them|one)\b", step.text, re.I)
        ):  # "'AOB' should be last, move it to the bottom": the clause before says what the pronoun means
            before = found[n - 1]
            whole = replace(
                step, text=f"{before.text}, {step.text}", prepared=f"{before.prepared}, {step.prepared}"
            )
            again = _decide(_in_open_app(whole, open_app), dict(context))
            if not isinstance(again, str) and again:
                out.commands[-last_step[1] :], last_step = again, (n, len(again))
                continue
        # "we'd like the hoodie, show us its page": the thing named by the clause before, which did nothing itself
        acted = last_step[0] == n - 1 and any(
            c.app == "browser" for c in out.commands[len(out.commands) - last_step[1] :]
        )
        if isinstance(built, str) and web and n and not acted:
            meant = _pronoun_meant(step, found[n - 1].text)
            again = _decide(meant, trial := dict(context)) if meant else ""
            if not isinstance(again, str) and again:
                built = again
                context.update(trial)
        built = _line_goes(step, built, instruction, open_app, context)
        if isinstance(built, str):
            return Parsed(question=built)
        last_step = (n, len(built))
        out.commands += built
        if built and built[-1].app:  # later steps ("... and save") happen in the app the last one used
            context["app"] = built[-1].app
    out.commands = [  # "make it a bullet list: put '+ ' before each line": the second says how, once
        c for i, c in enumerate(out.commands)
        if not (c.kind == "edit" and c.op in RESTATED and i + 1 < len(out.commands)
                and out.commands[i + 1].kind == "edit" and out.commands[i + 1].op == c.op)
    ]  # fmt: skip
    strayed = _strayed(out.commands, instruction, open_app)
    home = [c for c in out.commands if c.app in ("", open_app) and c.op != "if_named" and c.kind != "save"]
    if strayed and home:  # "..., and put the header on top" beside the sheet's work: no line for the editor
        out.commands = [c for c in out.commands if c.app in ("", open_app)]
    elif strayed:  # "add the tax on top" with the calculator open is no line for the editor: one question
        return Parsed(question=strayed)
    out.commands = [_first_line_only(c) for c in out.commands]
    out.commands = _submit_last(out.commands)
    fills = [c for c in out.commands if c.kind == "fill" and c.target != "search"]
    if (
        fills
        and out.commands[-1].kind == "fill"
        and re.search(
            r"\b(?:contact(?:ing)?|reach(?:ing)?|get(?:ting)?\s+in\s+touch|message|write\s+to|send|submit)\b",
            instruction,
            re.I,
        )
    ):  # "I'm trying to contact the team ...: use Bo Kim and bo@kim.io": the form is sent when filled
        out.commands.append(Command("submit", app="browser", clause="(the form is sent)"))
    goal = _editor_goal(instruction) if not out.commands and open_app == "editor" else None
    if goal:  # "the notes should begin with Agenda", read as no step: how the document should be
        out.commands = [Command("edit", op=goal[0], args=goal[1:], app="editor", clause=instruction)]
    out.commands += _keep_changes(out.commands) + settings_kept(out.commands)
    if not out.commands:
        out.question = (
            f"What should I do with {instruction.strip()!r}? For example: 'compute 12*34', "
            "'type \"hello\" in the editor and save it as notes.txt' or 'make a folder called projects'."
        )
    return out


# Words of work outside the calculator: an instruction with any of them is no bare word problem.
OTHER_WORK = re.compile(r"\b(?:editor|note|document|file|folder|spreadsheet|sheet|cell|column|row|browser|page|"
                        r"site|type|write|save|paste|[A-Z]{1,2}\d{1,5})\b|\.[a-z]\w{1,3}\b|://|\x00")  # fmt: skip


_SAID_VALUE = r"""(?:'[^']*'|"[^"]*"|[\w.,-]*\w)"""
SHEET_REPHRASED = [
    # "... in cell A1 of this empty sheet": where the sheet is, not what to do
    (
        re.compile(
            r"\s+(?:of|on|in)\s+(?:this|the|my|our)\s+(?:empty|blank|new|fresh)\s+(?:spread)?sheet\b", re.I
        ),
        "",
    ),
    # "put Fri in A6 with 9100 steps next to it": the second value in the cell to its right
    (
        re.compile(
            r"^(\W*(?:please\s+)?(?:put|write|enter|type|add|insert)\s+)(\S+)\s+(?:in|into)\s+(?:cell\s+)?([A-Y])(\d{1,5}),?\s+(?:with|and)\s+(-?[\d.,]*\d|'[^']*'|\"[^\"]*\"|\w+)(?:\s+[a-z]+)?\s+"
            r"(?:right\s+)?(?:next\s+to|beside|alongside|to\s+the\s+right\s+of|by)\s+it\W*$",
            re.I,
        ),
        lambda m: (
            f"{m.group(1)}{m.group(2)} in {m.group(3).upper()}{m.group(4)} and {m.group(5)} in {chr(ord(m.group(3).upper()) + 1)}{m.group(4)}"
        ),
    ),
    # "column E header should say Notes", "column E's heading": the header of column E
    (re.compile(r"\bcolumn\s+([A-Z])(?:'s)?\s+(?:header|heading|title|label)\b"), r"the header of column \1"),
    # "give column F the heading Price", "E1 needs the heading Notes": the value in the header cell
    (
        re.compile(
            rf"^\W*(?:please\s+)?(?:give|label)\s+column\s+([A-Z])\s+(?:the\s+|a\s+)?(?:header|heading|title|label|name)\s+({_SAID_VALUE})\W*$"
        ),
        r"put \2 in \g<1>1",
    ),
    # "put a header Notes at the top of column C", "add the heading Done above column F": its header cell
    (
        re.compile(
            rf"^\W*(?:please\s+)?(?:put|write|type|add|enter|insert|give\s+it)\s+(?:a|the|an)\s+(?:new\s+)?(?:header|heading|title|column\s+(?:header|heading|title|name))\s+(?:of\s+|saying\s+|called\s+)?({_SAID_VALUE})\s+"
            rf"(?:at\s+the\s+top\s+of|on\s+top\s+of|above|over|for|on|in|to)\s+column\s+([A-Z])\W*$"
        ),
        r"put \1 in \g<2>1",
    ),
    (
        re.compile(
            rf"^\W*(?:cell\s+)?([A-Z]{{1,2}}\d{{1,5}})\s+(?:needs|should\s+(?:have|get)|gets|wants|must\s+have)\s+(?:the|a)\s+(?:header|heading|title|label|word|text|name)\s+({_SAID_VALUE})\W*$"
        ),
        r"put \2 in \1",
    ),
    # "A1 should say 'Yr' not 'Year'": the value, not the one it replaces
    (
        re.compile(
            rf"^(\W*(?:cell\s+)?[A-Z]{{1,2}}\d{{1,5}}\s+(?:should|must|needs\s+to|ought\s+to)\s+(?:be|read|say|show|contain|hold)\s+{_SAID_VALUE})\s*,?\s+(?:and\s+)?(?:not|rather\s+than|instead\s+of)\s+{_SAID_VALUE}\W*$"
        ),
        r"\1",
    ),
    # "Bob's age is wrong, he is 41 not 14": the value for the name said before
    (
        re.compile(
            r"^\W*((?-i:[A-Z][a-z]+)'s\s+[\w ]{1,20}?)\s+(?:is|was|looks)\s+(?:wrong|incorrect|off|a\s+mistake|not\s+right)\s*[,;:.-]*\s*(?:(?:he|she|they)\s+(?:is|are|was|were|got|scored|has|had|made|turned)|it\s+(?:is|should\s+be)|should\s+be)\s+",
            re.I,
        ),
        r"\1 should be ",
    ),
    # "Max's score should be 68 after the regrade", "Rent should be 900 now, we moved": the reason goes
    (
        re.compile(
            r"(\b(?:should|must|needs\s+to)\s+(?:be|read|say)\s+-?\d[\d.,]*)\s*(?:now\s*)?(?:,\s*|\s+)(?:after|following|because\s+of|due\s+to|since|thanks\s+to)\s+(?:the|a|an|my|our|his|her|their)\s+[\w ]{1,25}\W*$",
            re.I,
        ),
        r"\1",
    ),
    (
        re.compile(
            r"(\b(?:should|must|needs\s+to)\s+(?:be|read|say)\s+-?\d[\d.,]*)\s*(?:now)?\s*[,;.-]+\s*(?:(?:i|we|they|he|she|it)(?:'ve|'re|'s|\s+have|\s+are|\s+has|\s+is|\s+was|\s+were)?\s+)(?!.*\b(?:bold|sort|save|put|add|delete|clear|make|should|need|want|please)\b)[a-z' ]{2,40}\W*$",
            re.I,
        ),
        r"\1",
    ),
]
TYPO = re.compile(r"^\W*(?:(?:oh,?\s+|oops,?\s+)?(?:there'?s|there\s+is|i\s+(?:made|see|spotted|noticed))\s+(?:a|one)\s+(?:typo|spelling\s+mistake|misspelling|mistake|misprint)\s*[,;:.-]*\s*)?"
                  r"((?-i:[A-Z]?[a-z]{2,}))\s+(?:should\s+(?:be|read|say)|needs\s+to\s+be|is\s+(?:spelled|spelt)|must\s+be)\s+((?-i:[A-Z]?[a-z]{2,}))(?:\s+instead)?\W*$", re.I)  # fmt: skip


def _sheet_rephrased(instruction: str) -> str:
    """Everyday ways to name a header cell, a corrected value, a typo or a reason said beside a change, in the
    plain words the sheet rules read ("column D header should say Pay" -> "the header of column D should
    say Pay", "Bananna should be Banana" -> "change Bananna to Banana")."""
    text = instruction
    for pattern, repl in SHEET_REPHRASED:
        text = pattern.sub(repl, text)
    typo = TYPO.match(text)
    if typo and not re.fullmatch(r"[A-Z]{1,2}\d+", typo.group(1)):
        from rapidfuzz.distance import Levenshtein

        a, b = typo.group(1), typo.group(2)
        if a.lower() != b.lower() and Levenshtein.distance(a.lower(), b.lower()) <= max(2, len(b) // 4):
            text = f"change {a} to {b}"  # a misspelt word for the right one
    return text


BELOW_SAID = re.compile(
    r"\b(?:(?:and\s+)?(?:put|write|place|show|stick|drop)\s+(?:it|that|the\s+(?:result|answer|total|sum))\s+)?(?:(?:in|into)\s+the\s+(?:first\s+)?(?:empty\s+|free\s+|next\s+|blank\s+)?cell\s+)?"
    r"(?:right\s+|just\s+|directly\s+|straight\s+)?(?:below|under|underneath|beneath)\s+(?:it|them|those|these|that|the\s+(?:last\s+)?[\w-]+(?:\s+column)?)\W*$|"
    r"\bat\s+the\s+(?:bottom|end|foot)(?:\s+of\s+(?:it|them|the\s+[\w-]+(?:\s+column)?))?\W*$", re.I)  # fmt: skip
BELOW_FUNC = re.compile(
    r"\b(?:(?P<verb>add|tot|total|sum|tally|count)\s+up|(?P<word>sum|total|average|mean|maximum|max|minimum|min|highest|lowest|largest|smallest|biggest|median))\b", re.I)  # fmt: skip


def _total_below(instruction: str) -> list[Command] | None:
    """A function over a column named by a word, put right under that column's values ("add up the costs and
    put it in the cell under the last cost", "total of the column with the weights, right below it", "sum of
    Sales please, under the Sales column")."""
    from deskpilot.local.nlu.intents import FUNCS

    text = prepare(instruction).text
    below = BELOW_SAID.search(text)
    func = BELOW_FUNC.search(text)
    if (
        not below
        or not func
        or func.start() > below.start()
        or re.search(r"\b[A-Z]{1,2}\d{1,5}\b|\bcolumn\s+[A-Z]\b|\d", text)
    ):
        return None
    name = "SUM" if func.group("verb") else FUNCS.get(func.group("word").lower(), "")
    head = text[func.end() : below.start()]
    word = re.search(
        r"^\W*(?:up\s+)?(?:of\s+)?(?:all\s+)?(?:the\s+|our\s+|my\s+)?(?:column\s+(?:with|of|for)\s+(?:the\s+)?)?([A-Za-z][\w-]*)",
        head,
    )
    if (
        not name
        or not word
        or word.group(1).lower()
        in ("it", "them", "column", "and", "please", "values", "numbers", "row", "rows", "line")
        or re.search(r"\b(?:row|line)\b", head)
    ):
        return None
    under = re.search(r"\bthe\s+(?:last\s+)?([A-Za-z][\w-]*)(?:\s+column)?\W*$", below.group(0))
    said = (
        under.group(1)
        if under
        and under.group(1).lower()
        not in ("numbers", "values", "figures", "column", "bottom", "end", "foot", "table", "list", "data")
        else word.group(1)
    )
    return [
        Command(
            "sheet", op="column_formula", target="+", args=(name, said), app="spreadsheet", clause=instruction
        )
    ]


def _header_words_formula(instruction: str) -> tuple[str, str, str] | None:
    """A whole instruction that is one formula in a sheet's header words with one target ("D3 = exam 1 plus
    exam 2 for Tom", "in F3 the profit (sales minus costs)"), read before the clauses are split."""
    from deskpilot.local.nlu.intents import (
        _new_column,
        _sheet_change,
        aggregate_arithmetic,
        header_arithmetic,
    )

    prepared = prepare(instruction)
    if re.search(r"\b(?:and\s+then|after\s+that|afterwards|also|next)\b|;", prepared.text, re.I):
        return None
    step = Step("", 1.0, "", 0.0, {}, instruction, prepared.text, prepared.values)
    if _new_column(step) or _sheet_change(step) or aggregate_arithmetic(step):
        return None  # a new column or a change of cells read by their own rules
    return header_arithmetic(
        prepared.text, lambda t: re.sub(r"\x00(\d+)\x00", lambda m: prepared.values[int(m.group(1))], t)
    )


def _word_problem(instruction: str, open_app: str) -> str:
    """The expression of an everyday question whose arithmetic is implied ("a taxi of 73.20 for 4 of us,
    how much each?"), when the calculator is the open app or none is, the instruction names no other work,
    and its words are not already a plain expression."""
    prepared = prepare(instruction).text
    if (
        open_app not in ("", "calculator")
        or OTHER_WORK.search(prepared)
        or re.search(r"[-+*/^]|sqrt|cbrt", to_expression(prepared))
    ):
        return ""
    expr = word_problem(prepared)
    said = re.search(
        r"(\d[\d.]*)\s+(divided\s+by|times|multiplied\s+by|plus|minus)\s+(\d[\d.]*)", prepared, re.I
    )
    sign = {"divided": "/", "times": "*", "multiplied": "*", "plus": "+", "minus": "-"}
    if expr and said and f"{said[1]}{sign[said[2].split()[0].lower()]}{said[3]}" not in expr.replace(" ", ""):
        # "what do you get for 1250 divided by 5": the operation said outright is the one meant
        return to_expression(prepared, loose=True)
    return expr


# The app an intent acts in (intents of no one app are absent).
INTENT_APP = {"compute": "calculator", "calc_continue": "calculator", "calc_clear": "calculator",
              "type_result": "editor", "cell_set": "spreadsheet", "cell_formula": "spreadsheet",
              "cell_clear": "spreadsheet", "sheet_sort": "spreadsheet", "sheet_bold": "spreadsheet",
              **{i: "editor" for i in ("edit_upper", "edit_lower", "edit_replace", "edit_delete_text",
                                       "edit_delete_line", "edit_insert_top", "edit_append", "edit_sort",
                                       "edit_sort_reverse", "edit_remove_blank", "edit_duplicate_line", "edit_clear")},
              **{i: "browser" for i in ("goto", "browser_back", "browser_forward", "browser_reload", "new_tab",
                                        "bookmark", "zoom_in", "zoom_out", "find_text", "search", "fill", "submit",
                                        "toggle_on", "toggle_off")}}  # fmt: skip
# A runner-up in the open app replaces a best intent of another app when it is at least this likely.
OPEN_APP_ABOVE = 0.1


# The same request in another app: "clear it" in the editor empties the document, in the calculator the
# display; "sort it" sorts lines or rows.
COUNTERPART = {("edit_clear", "calculator"): "calc_clear", ("calc_clear", "editor"): "edit_clear",
               ("cell_clear", "calculator"): "calc_clear", ("cell_clear", "editor"): "edit_clear",
               ("edit_sort", "spreadsheet"): "sheet_sort", ("edit_sort_reverse", "spreadsheet"): "sheet_sort",
               ("sheet_sort", "editor"): "edit_sort",
               ("edit_clear", "spreadsheet"): "cell_clear", ("calc_clear", "spreadsheet"): "cell_clear"}  # fmt: skip


def _in_open_app(step: Step, open_app: str) -> Step:
    """The step read in the open app: when the best intent belongs to another app and the clause names no
    app, the same request in the open app ("clear it" with the calculator open), or a likely runner-up
    that belongs to it, wins."""
    best_app = INTENT_APP.get(step.intent, "")
    named = [app_name(a) for a in step.slots.get("APP", [])]
    if best_app and named and named[0] and named[0] != best_app and (step.intent, named[0]) in COUNTERPART:
        # "sort the sheet" read as sorting lines: the same request in the app the clause names
        counterpart = COUNTERPART[(step.intent, named[0])]
        return replace(step, intent=counterpart, p=max(step.p, ASK_BELOW), alt=step.intent, p_alt=step.p)
    if (
        not open_app
        or not best_app
        or best_app == open_app
        or step.slots.get("APP")
        or step.slots.get("FILE")
    ):
        return step
    counterpart = COUNTERPART.get((step.intent, open_app))
    if counterpart:
        return replace(step, intent=counterpart, p=max(step.p, ASK_BELOW), alt=step.intent, p_alt=step.p)
    for intent, p in step.ranked[1:]:
        if INTENT_APP.get(intent) == open_app and p >= OPEN_APP_ABOVE:
            return replace(step, intent=intent, p=max(p, ASK_BELOW), alt=step.intent, p_alt=step.p)
    return step


CONCRETE = ("FILE", "NEW", "TEXT", "VALUE", "OLD", "URL", "CELL", "RANGE", "EXPR", "FOLDER", "TARGET")


def _concrete(step: Step) -> bool:
    """Whether the clause names things to act on: a quoted value or a slot such as a file, a cell, a URL."""
    return "\x00" in step.prepared or any(step.slots.get(name) for name in CONCRETE)


# "their order form wants a size; ...": what a page asks for, told before the values
FORM_TOLD = re.compile(
    r"^\W*(?:the|their|this|that|its)\s+(?:[\w-]+\s+){0,2}?(?:form|page)\b.*\b(?:needs?|wants?|asks?\s+for|requires?)\b",
    re.I,
)
# "never mind the contact form, ...": a change of mind
NEVER_MIND = re.compile(
    r"^\W*(?:(?:actually|oh|ok|okay|no|wait|hmm+|well|sorry),?\s+)*(?:never\s*mind|forget\s+(?:about\s+)?|scratch\s+that|"
    r"cancel\s+that|ignore\s+(?:that|the|my))",
    re.I,
)


POINTS_BACK = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:then\s+)?(?:please\s+)?(?:show|look|search|find|check|pull|bring)\s+(?:for\s+)?"
    r"(?:it|them|that|those|one)(?:\s+(?:up|out|for\s+me|to\s+me|please))*\W*$|"
    # "could you check for us?", "point me to where that appears"
    r"^\W*(?:and\s+|so\s+)?(?:then\s+)?(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:please\s+)?(?:(?:look|check|search|dig)(?:\s+(?:around|into\s+it))?"
    r"\s+for\s+(?:me|us)|(?:find|show\s+me|point\s+(?:me\s+)?(?:to|at))\s+where\s+(?:it|that)\s+(?:says|is|shows|mentions|appears)(?:\s+(?:that|so|it))?)"
    r"(?:\s+please)?\W*$|"
    r"^\W*(?:and\s+|so\s+)?(?:then\s+)?(?:please\s+)?(?:show\s+me|let\s+me\s+see(?:\s+it)?|take\s+me\s+there)(?:\s+please)?\W*$",
    re.I,
)


# The last thing a clause names with an article or owner ("I really want your weekly updates" -> "weekly updates")
THING_SAID = re.compile(r"\b(?:the|your|their|its|our|this|that|some|an?)\s+((?:[\w-]+\s+){0,2}?[\w-]+)"
                        r"(?=\s+(?:by|for|to|on|at|from|in|with|so|and|please|now)\b|\s*[,;.?!]|\s*$)", re.I)  # fmt: skip
NOT_A_THING = re.compile(r"^(?:one|ones|it|them|that|this|page|site|shop|store|website|way|time|moment|bit|thing|stuff|"
                         r"[\w-]+\s+(?:page|site|one))$", re.I)  # fmt: skip


def _pronoun_meant(step: Step, before: str) -> Step | None:
    """A web clause whose pronoun stands for the thing the clause before named ("we'd like to order the hoodie,
    show us its page" -> "show us the hoodie page"; "... your weekly updates, sign me up for them"); None when it
    has no pronoun or the clause before names no thing."""
    things = [t for t in THING_SAID.findall(before) if not NOT_A_THING.match(t.strip())]
    if not things or "\x00" in step.prepared:
        return None
    thing = things[-1].strip()
    said = re.sub(
        r"\bits\b|\b(?:it|them|that|this|one)\b(?!\s+(?:is|was|'s)\b)",
        f"the {thing}",
        step.text,
        count=1,
        flags=re.I,
    )
    if said == step.text:
        return None
    return replace(step, text=said, prepared=said)


VIA_HINT = re.compile(r"^\W*(?:and\s+)?(?:is|would|could|might)\s+(?:it|that|this|they)\s+(?:be\s+)?(?:on|under|in|at|behind|through|via)\s+"
                      r"(?:the\s+)?([\w -]+?)(?:\s+(?:page|section|tab|menu))?\s*(?:\?\s*(?:(?:just|so|then|and|please)\s+)*(?:get|take|bring|send)\s+"
                      r"(?:me|us)\s+(?:there|to\s+it)\b[^?]*)?\W*$", re.I)  # fmt: skip
APPOSITIVE = re.compile(r"^\W*(?:i\s+mean\s+|you\s+know,?\s+|like\s+)?(?:the\s+)?(?:one|page|place|spot|bit|screen|section)\s+"
                        r"(?:where|that|which|with|for|to|on)\b", re.I)  # fmt: skip


def _web_settled(step: Step, asked: str, done: list[Command], later: list[Step]) -> list[Command] | None:
    """A web step that would ask, settled by the steps around it: [] when it asks nothing after all, the
    commands it stands for, or None."""
    if (
        done
        and done[-1].kind in ("lookup", "click")
        and done[-1].app == "browser"
        and re.match(r"^\W*(?:and\s+)?(?:what|how\s+much|how\s+many|when|where|which|who)\b", step.text, re.I)
    ):
        return []  # "check whether there is a Pro plan and what it costs": the page found answers that too
    if later and re.match(
        r"^\W*(?:i|we)(?:\s+(?:really|just|also|so|truly)\b)?(?:\s+(?:want|need|would\s+(?:really\s+)?(?:like|love)|wanna)|\s*'d\s+(?:really\s+)?(?:like|love))\b",
        step.text,
        re.I,
    ):
        return []  # "I'd love the weekly digest, subscribe me": the wish the next step carries out
    if done and done[-1].app == "browser" and POINTS_BACK.match(step.text):
        return []  # "is there a promo on? show it to me": the step before already looks for it
    hint = re.match(r"^\W*(?:(?:i\s+)?(?:think|guess|believe|bet)\s+)?(?:it'?s|it\s+is|that'?s)\s+(?:probably\s+)?(?:under|on|in|at)\s+"
                    r"(?:the\s+)?([\w -]+?)(?:\s+(?:page|section|tab))?\W*$", step.text, re.I)  # fmt: skip
    if hint and done and done[-1].kind == "lookup":  # "what's the code? I think it's on the about page"
        return [Command("click", target=hint.group(1), op="page", app="browser", clause=step.text)]
    fields_later = any(_field_pairs(s) for s in later)
    if SEND_ONLY.match(step.text) and (done and done[-1].kind == "fill" or fields_later):
        # "user is dave, password x, log in"; "sign in first; username mo, password k9" (sent after the fields)
        return [Command("submit", app="browser", clause=step.text)]
    if (
        asked.startswith(("What should I fill the form with", "Which value goes into which field"))
        and fields_later
    ):
        return []  # "fill this in with my details: name ..., email ...": the details follow
    if asked.startswith("What should I search for") and any(
        c.kind == "fill" and c.target == "search" for c in done
    ):
        return []  # "do they sell kettles? search for them": the search before is that search
    return None


# An order that a line go: "delete it", "take that line out", "tick them off", "cross it off the list"
LINE_GOES = re.compile(
    r"\b(?:delete|remove|erase|drop|strike|scratch|lose|ditch|bin|get\s+rid\s+of|(?:take|cross|tick|knock|scratch|strike)\s+(?:\w+\s+){0,3}?(?:off|out))\b",
    re.I,
)
# Words that name no line's content
NOT_CONTENT = set(
    "a an the and or but so then now also just please pls thanks i i'm im we we're were you it it's its this that these those them they "
    "my our your me us is are was be been being am do does did done dont don't doesnt didnt not no yes have has had got get out of off "
    "on in at to for from with about by as up down over any some all every each one ones line lines list note notes document file text "
    "delete remove erase drop strike scratch lose ditch bin rid take cross tick knock save saved anymore any more longer need needs needed "
    "want wanted already finished finish complete completed thing things item items entry entries there here can could would should "
    "will won't bit stuff after before again today yesterday tomorrow week sorted ok okay oh well right cool anything "
    "everything something nothing whatever accident accidentally mistake twice typed wrote".split()
)


def _line_goes(
    step: Step, built: list[Command] | str, instruction: str, open_app: str, context: dict
) -> list[Command] | str:
    """A line-removal order that names its line only by the instruction's other words ("i don't need the line
    about the gym anymore, delete it", "out of eggs, tick them off"): the line that holds the most of them."""
    if (
        isinstance(built, str)
        and "editor" in (open_app, context["app"])
        and LINE_GOES.search(step.text)
        and not re.search(
            r"\b(?:word|letter|text|file|folder|cell|row|column|everything|all|anything|whatever)\b",
            step.text,
            re.I,
        )
    ):
        words = _content_words(instruction)
        if words:
            return [Command("edit", op="delete_best", args=words, app="editor", clause=step.text)]
    return built


def _content_words(instruction: str) -> tuple[str, ...]:
    """The words of an instruction that may name a line's content ("gym", "booked", "dentist")."""
    words = re.findall(
        r"[A-Za-z][\w']+", re.sub(r"(['\"\u2018\u201c]).*?(['\"\u2019\u201d])", " ", instruction)
    )
    words = [
        w.removesuffix("'s") for w in words if "'" not in w.removesuffix("'s")
    ]  # "we've", "I'd": no content
    return tuple(dict.fromkeys(w for w in words if w.lower() not in NOT_CONTENT and len(w) >= 3))


# A file or folder said to be needed no more: the user wants it gone
NOT_NEEDED = re.compile(
    r"\b(?:(?:do|does|did)\s*n[o']?t|do\s+not|does\s+not|no\s+longer|never)\s+(?:really\s+)?(?:need|want|use)\b|\bnot\s+needed\b|"
    r"\b(?:is|are)\s+(?:no\s+longer\s+needed|useless|junk|rubbish|garbage|obsolete|not\s+needed)\b|\bcan\s+(?:go|be\s+deleted|be\s+removed|be\s+binned)\b",
    re.I,
)


def _unneeded(step: Step) -> str:
    """The file or folder a clause says is needed no more ("I don't need the tmp folder anymore", "old.log
    can go"), as a home-relative path; "" when the clause says no such thing or names nothing."""
    t = step.prepared
    if not NOT_NEEDED.search(t) or re.search(
        r"(?<![.\w])[A-Z]{1,2}\d{1,5}\b(?!\.\w)|\b(?:line|word|row|column|cell|sentence)s?\b", t
    ):
        return ""
    quoted = [step.values[int(n)] for n in re.findall(r"\x00(\d+)\x00", t)]
    names = [q for q in quoted if re.search(r"\.\w{1,5}$", q)] + re.findall(rf"(?<![\w/]){FILE_NAME}", t)
    folder = re.search(r"\b(?:the|my|that|this)\s+([\w.-]+)\s+(?:folder|directory|dir)\b|\b(?:folder|directory)\s+(?:called\s+|named\s+)?"
                       r"(\x00\d+\x00|[\w.-]+)", t, re.I)  # fmt: skip
    if len(set(names)) == 1:
        return path(names[0])
    if not names and folder:
        name = folder.group(1) or step.restore(folder.group(2))
        if name.lower() not in ("a", "an", "the", "this", "that", "it", "any", "new", "empty", "whole"):
            return path(name)
    return ""


def _file_said(step: Step) -> tuple[str, ...] | None:
    """File jobs the other readings miss: a misspelt file or folder name and its right spelling, quoted ("the
    folder name 'photoes' has a typo, it should be 'photos'": a rename); a file's whole text replaced ("replace
    what's in mode.txt by dark": the file written anew); lines listed for a file ("put 3 lines
    into list.txt: first 'eggs', then 'ham'": one a line)."""
    t = step.prepared
    quoted = [step.values[int(n)] for n in re.findall(r"\x00(\d+)\x00", t)]
    if (
        len(quoted) == 2
        and re.search(r"\b(?:folder|directory|file)\b", t, re.I)
        and re.search(
            r"\b(?:typo|misspel\w*|spelt\s+wrong|spelled\s+wrong|wrong(?:ly)?\s+spel\w*|should\s+(?:be|read|say)|rename|instead)\b",
            t,
            re.I,
        )
        and not re.search(
            r"\b(?:line|word|text|document|cell|sheet|in\s+(?:the\s+)?(?:file|document))\b", t, re.I
        )
        and "/" not in quoted[1]
    ):
        return ("move", path(quoted[0]), path(quoted[1]))
    m = re.search(rf"\b(?:replace|overwrite|swap\s+out)\s+(?:what(?:'s|\s+is)\s+in|everything\s+in|the\s+(?:contents?|text)\s+of|all\s+(?:the\s+)?text\s+in)\s+"
                  rf"({FILE_NAME})\s+(?:with|by|for)\s+(?:the\s+(?:word|text|line)s?\s+)?(\x00\d+\x00|.+?)\W*$", t, re.I)  # fmt: skip
    if m:
        return ("write", path(m.group(1)), step.restore(m.group(2)).strip())
    return None


# A run of numbers put down a column or across a row: "the numbers 3 to 7 in C1 to C5", "fill B2:B6 with 1 to 5"
SERIES_FILL = re.compile(
    r"\b(?:(?:the\s+)?numbers?\s+)?(-?\d+)\s+(?:to|through|thru|-)\s+(-?\d+)\s+(?:in(?:to)?|down|across|over)\s+(?:cells?\s+)?([A-Z]{1,2})(\d{1,5})\s*(?:to|through|thru|:|-)\s*([A-Z]{1,2})(\d{1,5})\b"
    r"|\bfill\s+(?:cells?\s+)?([A-Z]{1,2})(\d{1,5})\s*(?:to|through|thru|:|-)\s*([A-Z]{1,2})(\d{1,5})\s+with\s+(?:the\s+)?(?:numbers?\s+)?(-?\d+)\s+(?:to|through|thru|-)\s+(-?\d+)\b"
)


def _series(m: re.Match, instruction: str) -> list[Command]:
    """The cells of a run of numbers: one value a cell, down a column or across a row, as long as both agree."""
    g = m.groups()
    first, last, c1, r1, c2, r2 = (
        (g[0], g[1], g[2], g[3], g[4], g[5]) if g[0] is not None else (g[10], g[11], g[6], g[7], g[8], g[9])
    )
    a, b = int(first), int(last)
    values = list(range(a, b + 1)) if a <= b else list(range(a, b - 1, -1))
    if c1 == c2:
        refs = [f"{c1}{r}" for r in range(int(r1), int(r2) + 1)]
    elif r1 == r2 and len(c1) == len(c2) == 1:
        refs = [f"{chr(c)}{r1}" for c in range(ord(c1), ord(c2) + 1)]
    else:
        refs = []
    if len(refs) != len(values):
        return []
    return [
        Command("cell", target=ref, text=str(v), app="spreadsheet", clause=instruction)
        for ref, v in zip(refs, values, strict=True)
    ]


def _lines_for_file(instruction: str) -> Command | None:
    """Lines listed for a file, quoted ("put 3 lines in todo.txt: 'shop', 'cook', 'rest'"): the file
    written with one a line."""
    m = re.search(
        rf"^\W*(?:please\s+)?(?:write|put|type)\s+(?:\w+\s+)?lines\s+(?:in|into|to)\s+({FILE_NAME})\b",
        instruction,
        re.I,
    )
    quoted = (
        re.findall(r"['\"\u2018\u201c]([^'\"\u2019\u201d]+)['\"\u2019\u201d]", instruction[m.end() :])
        if m
        else []
    )
    if len(quoted) < 2:
        return None
    return Command(
        "files", op="write", args=(path(m.group(1)), "\n".join(quoted)), app="files", clause=instruction
    )


def _goal_may_fix(built: list[Command] | str) -> bool:
    """Whether a reading leaves files that should end up in a folder where they are: a question, only a folder
    made, a file opened or listed, or a move of files by kind while the clause names the file."""
    if isinstance(built, str):
        return True
    real = [c for c in built if c.op != "if_named"]
    if real and all(c.op in ("mkdir", "list") or c.kind == "open_file" for c in real):
        return True
    return len(real) == 1 and real[0].op in ("move", "copy") and all("*" in a for a in real[0].args[:-1])


REASON = re.compile(
    r"^\W*(?:and\s+|but\s+|as\s+|since\s+|because\s+|cause\s+|cos\s+)?(?:(?:i|we|you|he|she|they|it|that|this|there)(?:'\w+)?|(?:the|my|our|his|her|their)\s+[\w' -]{1,30}?|(?-i:[A-Z][a-z]+))\s+"
    r"(?:(?:really\s+|just\s+|still\s+)?(?:already|never|isn'?t|aren'?t|wasn'?t|weren'?t|doesn'?t|don'?t|didn'?t|hasn'?t|haven'?t|won'?t|can'?t|is\s+not|are\s+not|does\s+not|do\s+not|has\s+not|have\s+not)\b"
    r"|(?:is|are|was|were|has|have|had|got)\b.*\b(?:yet|already|any\s?more|now|anyway|done|finished|over|cancell?ed|sorted)\W*$)"
    # "..., we went yesterday", "..., I paid it already": what the user did, said beside the order
    r"|^\W*(?:and\s+|but\s+|as\s+|since\s+|because\s+)?(?:i|we|they|he|she)(?:'ve|\s+have)?\s+(?:already\s+|just\s+)?(?:went|did|got|paid|bought|had|saw|"
    r"made|sent|found|fixed|finished|done|called|booked|returned|[a-z]+ed)\b(?:\s+[\w']+){0,4}\W*$",
    re.I,
)


# "..., not the start", "..., rather than the old one": the alternative turned down, no request of its own
NOT_THAT = re.compile(
    r"^\W*(?:and\s+|but\s+)?(?:not|rather\s+than|instead\s+of)\s+(?:the\s+|a\s+|an\s+|at\s+the\s+|in\s+)?[\w' -]{1,30}\W*$",
    re.I,
)


def _reason(step: Step) -> bool:
    """A reason or a state said after an order ("..., the figure isn't confirmed yet", "..., I bought some already",
    "..., that directory isn't there yet"): a statement with no order of its own and nothing concrete."""
    return (
        bool(REASON.match(step.text))
        and "\x00" not in step.prepared
        and not any(step.slots.get(k) for k in ("FILE", "URL", "CELL", "RANGE", "EXPR"))
    )


def _aside(step: Step) -> bool:
    """A remark the models cannot place that names nothing to act on ("I don't need it", "leave the rest");
    an order such as "fix it" is still asked about."""
    remark = re.match(r"^\W*(?:and\s+|but\s+|so\s+)?(?:i|i'm|i've|we|it|it's|that|that's|this|they|you|leave|keep|dont|don't|no\s+longer|"
                      r"thanks|no need|not|nothing)\b", step.text, re.I)  # fmt: skip
    plain = re.match(r"^\W*(?:and\s+|but\s+|as\s+|since\s+|because\s+)?(?:(?:i|we)\s+)?(?:don'?t|do not|no longer|won'?t|never|already)\s+"
                     r"(?:need|want|use|care)", step.text, re.I)  # fmt: skip
    if re.match(  # "..., I need it by Friday": a deadline
        r"^\W*(?:and\s+|but\s+|as\s+|since\s+|because\s+)?(?:i|we)\s+(?:need|want)\s+"
        r"(?:it|them|this|that)\s+(?:by|before|for|today|tomorrow|asap|soon|quickly|urgently|fast)\b",
        step.text,
        re.I,
    ):
        return True
    if re.match(
        r"^\W*(?:the\s+|my\s+|our\s+)?[\w' -]{1,30}?\s+(?:is|are)\s+(?:missing|gone|not there|wrong)\W*$",
        step.text,
        re.I,
    ):
        return (
            not _concrete(step) or "\x00" not in step.prepared
        )  # "Chapter 3 is missing. Insert ...": what the next step fixes
    return (
        bool(remark)
        and not _concrete(step)
        and (step.intent == "unclear" or step.p < ASK_BELOW or bool(plain))
    )


# Readings that destroy something act only when the clause says so in words.
DESTROYING = {"delete_file"}
DESTROY_WORDS = re.compile(
    r"\b(?:delet\w*|remov\w*|eras\w*|trash\w*|bin|wip\w*|discard\w*|purg\w*|destroy\w*|get\s+rid|"
    r"throw\w*\s+(?:\w+\s+)*?(?:away|out)|clear\w*\s+out|clean\w*\s+(?:up|out)|tidy|rm|del|junk|dump|scrap|ditch|"
    r"nuke|shred|unlink|empty(?!\s+(?:\w+\s+)?(?:files?|folders?|director\w+|documents?|notes?|lines?|text))|zap|lose|toss|chuck|kill|drop\w*)\b",
    re.I,
)


def _decide(step: Step, context: dict) -> list[Command] | str:
    """The step's commands, or one question. A sure intent is built as it is. An unsure one (low probability,
    or read as "unclear") still acts when the clause names concrete things (a file, a quoted text, a cell,
    a URL, numbers...) and the best or second intent builds from them without a question: ask only when a
    needed value is missing or the wording names nothing to act on."""
    if step.intent in DESTROYING and not DESTROY_WORDS.search(step.text):
        # a deletion is never guessed ("get the quarterly report" read as delete_file): the next reading
        rest = [r for r in step.ranked if r[0] not in DESTROYING] + [(step.alt, step.p_alt), ("unclear", 0.0)]
        (intent, p), (alt, p_alt) = rest[0], next(r for r in rest[1:] if r[0] != rest[0][0])
        step = replace(step, intent=intent, p=p, alt=alt, p_alt=p_alt)
    concrete = _concrete(step)
    # the readings tried when the best one lacks a value: the runner-up, then likely others but the
    # catch-all click (any words name something to click)
    others = [step.alt] + [i for i, p in step.ranked[2:] if p >= RANKED_ABOVE and i != "click"]
    if not DESTROY_WORDS.search(step.text):
        others = [i for i in others if i not in DESTROYING]
    if step.p >= ASK_BELOW and step.intent != "unclear":
        trial = dict(context)
        built = build(step, trial)
        if isinstance(built, str) and concrete and step.p_alt >= ALT_ABOVE:
            # the best reading lacks a value another finds ("write a list with 3 lines: 'a', 'b', 'c'")
            alt = _first_built(step, others, context)
            if alt:
                return alt
        context.update(trial)
        return built
    if concrete:
        built = _first_built(step, (step.intent, *others), context)
        if built:
            return built
    # readings that rest on the words rather than on the classifier ("the contact page of this shop",
    # "how much is the basic plan?") still act; with none, one question
    trial = dict(context)
    built = build(replace(step, intent="unclear"), trial)
    if not isinstance(built, str) and built:
        context.update(trial)
        return built
    return built if step.intent == "unclear" else _unsure(step)


def _first_built(step: Step, intents: Iterable[str], context: dict) -> list[Command] | None:
    """The steps of the first of these readings (never "unclear") that builds, with its context changes
    kept; None when none does."""
    for intent in intents:
        if intent == "unclear":
            continue
        trial = dict(context)
        built = build(replace(step, intent=intent), trial)
        if not isinstance(built, str) and built:
            context.update(trial)
            return built
    return None


MODIFIER = re.compile(
    r"^\W*(?!(?:and\s+)?(?:leav\w*|keep)\s+(?:a|an|some|my|them|us|one|(?:the\s+)?(?:feedback|message|comment|note|review)s?)\b)(?!(?:and\s+)?(?:keep|leave)\s+(?:only\s+|just\s+)?(?:the\s+)?(?:first|top|last|lines?)\b)(?:(?:and\s+)?(?:leav|keep|so that|so it)\w*|(?:each|one|every \w+) on (?:its|a|their) own line|one per line|"
    r"in (?:this|that|the same) order|(?:and\s+)?(?:everything|all that is|whatever is|all the stuff) (?:in|inside|within) (?:it|there)|(?:and\s+)?(?:all\s+)?its contents)\b"
    r"|^\W*(?:and\s+)?(?:thanks?(?: you)?|quick(?:ly)?|cheers|please|quick one)\W*$"
    r"|^\W*(?:but\s+)?(?:only|just)\s+(?:that|this|the|one)\s+(?:word|line|one|cell)(?:\s+(?:please|though))?\W*$",
    re.I,
)
# A clause that only greets, thanks or comments ("hey", "ok so", "I'm done") asks for nothing.
CHATTER = re.compile(
    r"^\W*(?:hey|hi|hello|ok(?:ay)?|so|well|right|alright|um+|hmm+|yo|please|thanks?|thank you|cheers|"
    r"i'?m done|that'?s all|all done|quick(?: one| question)?|one more thing|first(?: of all)?|next|also)"
    r"(?:\s+(?:so|then|now|there|please|thanks))*\W*$",
    re.I,
)
# "name Ann, email ann@x.org": a form's fields listed after the step that fills the form
FIELD_STEP = re.compile(
    rf"^\W*(?:and\s+)?(?:the\s+|my\s+|his\s+|her\s+|their\s+|its\s+)?{FIELD_WORDS}\s+(?:is\s+|:\s*|=\s*|as\s+)?\S",
    re.I,
)
WRONG_CELL = re.compile(r"^\W*(?:cell\s+)?([A-Z]{1,2}\d{1,5})\s+(?:is|looks|seems)\s+(?:wrong|incorrect|bad|off|a mistake|empty|blank|missing|"
                        r"not right)\W*$")  # fmt: skip
FOLLOW_UP = re.compile(
    r"^\W*(?:and\s+)?(?:then\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:(?:fix|correct|update|change|adjust|amend|edit|do)(?:\s+(?:it|that|this|the\s+sheet|"
    r"the\s+spreadsheet|the\s+table|the\s+file|the\s+document|(?:his|her|their|its|the)\s+\w+))?|(?:so\s+)?(?:remove|delete|drop|get rid of)\s+"
    r"(?:the\s+)?(?:extra|second|repeated|duplicated?|repeat|dupe)(?:\s+(?:ones?|cop(?:y|ies)|lines?))?)(?:\s*(?:&|and)\s*save)?\W*$",
    re.I,
)
# An order whose object is a pronoun for what the clause before stated: "..., flip them", "..., clean that up"
PRONOUN_ORDER = re.compile(r"^\W*(?:and\s+|so\s+|but\s+)?(?:(?:can|could|would)\s+you\s+|please\s+|just\s+)*(?:rename|trash|bin|fix|correct|update|change|sort|clean|tidy|flip|reverse|swap|switch|turn|cross|take|move|shift|file|copy|tick|strike|scratch|remove|delete|get\s+rid\s+of|add|put|make|adjust|amend|do|handle|edit|mend|repair)(?:\s+(?:up|out|off|down|round|around))?\s+"
                           r"(?:it|that|them|this|those|these|(?:his|her|their|its)\s+(?:row|line|entry|name)|the\s+(?:file|document|note|list|text|sheet|invite|letter|lines?|names?|table))\b", re.I)  # fmt: skip
# An order to change a count or value with no number of its own: "bump the pear quantity up", "lower the stock"
ADJUST = re.compile(r"^\W*(?:and\s+|so\s+)?(?:please\s+)?(?:bump|raise|lower|reduce|increase|decrease|update|adjust|change|correct|fix|put)\s+(?:up\s+|down\s+)?"
                    r"(?:the\s+|its\s+|their\s+|his\s+|her\s+)?[a-z]+(?:\s+[a-z]+)?(?:\s+(?:up|down|accordingly))?(?:\s*(?:&|and)\s*save)?\W*$", re.I)  # fmt: skip
MISSING = re.compile(r"^\W*(?:oh,?\s+|oops,?\s+)?(?:the\s+|my\s+|our\s+|a\s+|an\s+)?[\w' -]{1,40}?\s+(?:is|are)\s+(?:missing|gone|not\s+there|absent|empty)"
                     r"(?:\s+(?:from|in)\s+[\w' -]{1,30})?\W*$", re.I)  # fmt: skip
ADJUST_WORDS = {"and", "so", "please", "bump", "raise", "lower", "reduce", "increase", "decrease", "update", "adjust", "change",
                "correct", "fix", "put", "up", "down", "the", "its", "their", "his", "her", "accordingly", "save", "it", "that"}  # fmt: skip
# A clause that states how things are, not what to do: "the list is backwards", "there are double spaces"
STATEMENT = re.compile(r"^\W*(?:(?-i:[A-Z][a-z]+)(?:\s*(?:,|and|&)\s*(?-i:[A-Z][a-z]+))*\s+(?:has\s+|have\s+|just\s+)?[a-z]+ed\b|"  # "Ivy and Zoe finished"
                       r"(?:oops,?\s+|oh,?\s+|so,?\s+|well,?\s+|hmm,?\s+|ugh,?\s+)?(?:(?:the|it|it's|there|there's|a|an|one|every|each|my|this|these|those|"
                       r"all|some|everything|anything|everyone)\b(?!\s+(?:the|a|an|it|them)?\s*(?:up|down)?\s*$)|(?:[\w']+\s+){1,3}(?:is|are|has|have|was|were|says|reads|appears|shows|looks|seems|got|left|quit|moved|joined|passed|failed|paid)\b))", re.I)  # fmt: skip
# A remark about the user or the reason, beside the steps that act: "I'm American", "it's for the door"
REMARK = re.compile(r"^\W*(?:oh,?\s+|ok,?\s+|so,?\s+)?(?:i'?m|i\s+am|it'?s|it\s+is|this\s+is|that'?s|we'?re|there'?s|there\s+(?:is|are))\s+(?!(?:wrong|missing|not|in|on|at|the)\b)"
                    r"(?:a\s+|an\s+|the\s+)?[\w' -]{2,60}$", re.I)  # fmt: skip
# A page asked for by what it tells: "open who they are", "show me how to get in touch", "the page on what it costs"
PAGE_DESCRIBED = re.compile(
    r"^\W*(?:(?:please|can\s+you|could\s+you|would\s+you|just)\s+)*(?:(?:open|go\s+to|take\s+me\s+to|bring\s+up|navigate\s+to|"
    r"get\s+me\s+to|head\s+(?:over\s+)?to|pull\s+up)\s+(?:the\s+(?:page|part|section|bit)\s+(?:about|on|that\s+(?:says|shows|tells\s+me)|"
    r"where\s+it\s+says)\s+)?|show\s+me\s+(?:(?=(?:how|who|why|when)\b)|the\s+(?:page|part|section|bit)\s+(?:about|on)\s+)|"
    # "find the page that says what things cost", "show the page which explains who they are"
    r"(?:find|locate|look\s+for|search\s+for|show(?:\s+me)?|open|get\s+me|take\s+me\s+to|go\s+to|bring\s+up|pull\s+up)\s+"
    r"(?:the|a)\s+(?:page|part|section|bit|one)\s+(?:that|which|where\s+it|where\s+they)\s+(?:says|say|shows|show|tells(?:\s+(?:me|you|us))?|"
    r"explains|explain|lists|list|mentions|mention|gives|covers|talks\s+about)\s+)(?P<clause>(?:how|what|who|why|when)\s+(?!(?:is|are)\s+(?:on|in)\b)[\w' ]+?)(?:\s+page)?"
    r"(?:\s+(?:please|for\s+me))?\W*$",
    re.I,
)
FILE_AT_HOME = re.compile(
    r"(?<![\w~/.-])([\w-][\w.-]*\.[a-z]\w{0,4})\s+(?:in|inside|under)\s+(?:my|the|your)\s+home(?:\s+(?:folder|directory|dir))?\b",
    re.I,
)
PER_LINE_THEN_FILE = re.compile(
    r"(\s*,\s*(?:(?:each|one|every \w+) on (?:its|a|their) own line|one (?:\w+ )?(?:per|to a) line|(?:each|one) on a (?:new|separate) line))"
    r"\s*,?\s*((?:into|in|to|inside)\s+(?:a\s+(?:new\s+)?file\s+(?:called|named)\s+)?[\w~./-]+\.\w{1,5}"
    r"(?:\s+(?:in|inside)\s+(?:my|the)\s+home(?:\s+(?:folder|directory))?)?)(?=\s*(?:[,;.!?]|$)|\s+(?:and|then)\b)",
    re.I,
)
_LAYOUT = (r"(?:(?:each|one|every\s+\w+)(?:\s+(?:word|item|name|entry|thing|value))?\s+(?:per|to\s+a|on\s+(?:its|a|their)\s+(?:own|new|separate))\s+line"
           r"|on\s+(?:separate|different|their\s+own)\s+lines)")  # fmt: skip


def per_line_said_plainly(instruction: str) -> str:
    """How listed items are laid out, said as an aside, said as the rules read it: "eggs, milk, bread — one per
    line — then save" and "eggs, milk, bread (one per line)" are "eggs, milk, bread, one per line"; a list set
    between dashes ("my list - eggs, milk, bread - each on its own line") is a list named with a colon, and "a
    shopping list with eggs, milk and bread" a list of its items."""
    if not re.search(_LAYOUT, instruction, re.I):
        return instruction
    out = re.sub(
        rf"\s*(?:[\u2013\u2014]|\s-|--)\s*({_LAYOUT})\s*(?:[\u2013\u2014]|-(?=\s)|--)\s*,?\s*",
        r", \1, ",
        instruction,
        flags=re.I,
    )
    out = re.sub(rf"\s*\(\s*({_LAYOUT})\s*\)\s*,?\s*", r", \1, ", out, flags=re.I)
    out = re.sub(
        r"\s+(?:[\u2013\u2014]|-|--)\s+([^\u2013\u2014]+?,[^\u2013\u2014]+?)\s+(?:[\u2013\u2014]|-|--)(?=\s|$)",
        r": \1,",
        out,
    )
    # "write a shopping list: eggs, milk, bread, one per line": the items, not the list's name
    out = re.sub(rf"\b(write|type|jot(?:\s+down)?|put|enter|make|add)\s+(?:me\s+)?(?:a|an|my|the|our)\s+(?:[\w-]+\s+){{0,2}}(?:list|items)\s*(?:\bwith\b|\bcontaining\b)\s*(?=[^:]+?,?\s*{_LAYOUT})",
                 r"\1 a list of ", out, flags=re.I)  # fmt: skip
    return re.sub(r",\s*,", ",", re.sub(r",\s*(?=[,.;!?]|$)", "", out)).strip()


PER_LINE = re.compile(r"^\W*(?:and\s+)?(?:(?:each|one|every \w+) on (?:its|a|their) own line|one (?:(?:item|name|word|entry|value|thing) )?"
                      r"(?:per|to a) line|(?:each|one) on a (?:new|separate) line)\W*$", re.I)  # fmt: skip
REPEAT = re.compile(r"^\W*(?:and\s+)?(?:then\s+)?(?:please\s+)?(?:open|show|visit|go|take\s+me|bring\s+me|head|do|pull|bring)\s*(?:to\s+)?"
                    r"(?:it|that|this|there|that one|it up|them|so|(?:that|this|the)\s+page)(?:\s+(?:please|now|for me))?\W*$|"
                    r"^\W*(?:and\s+|so\s+)?(?:where|how)\s+(?:do|can|could|would|should)\s+(?:i|we)\s+(?:do|find|get to|reach)\s+(?:that|it|this)\W*$|"
                    r"^\W*(?:and\s+)?(?:so\s+)?(?:please\s+)?(?:move|put|copy|shift|send)\s+(?:them|it|those|these)\s+(?:there|over|across)\W*$", re.I)  # fmt: skip
RESULT_INTO = re.compile(r"^\W*(?:and\s+)?(?:then\s+)?(?:please\s+)?(?:(?:put|write|place|show|store|enter|type|drop|stick)\s+)?(?:(?:the\s+)?"
                         r"(?:answer|result|it|that|total|value|outcome|count|number)\s+)?(?:goes\s+)?(?:in|into|to)\s+(?:cell\s+)?([A-Z]{1,2}\d{1,5})\W*$",
                         re.I)  # fmt: skip
SORT_NOTE = re.compile(r"^\W*(?:with\s+)?(?:the\s+)?(?:smallest|lowest|least|earliest|oldest|largest|biggest|highest|greatest|latest|"
                       r"newest|cheapest|most\s+expensive|least\s+expensive|priciest|dearest|a|z)\s+(?:ones?\s+|values?\s+|numbers?\s+)?(?:first|on top|to [a-z])\W*$", re.I)  # fmt: skip
ORDER_NOTE = re.compile(r"^\W*(?:and\s+|with\s+)?(?:the\s+)?(?!(?:smallest|lowest|least|earliest|oldest|largest|biggest|highest|greatest|latest|newest|cheapest)\b)[\w~/.-]+\s+(?:one\s+)?(?:goes\s+|comes\s+|should\s+be\s+)?"
                        r"(?:first|on top|at the top|last)\W*$", re.I)  # fmt: skip
BARE_NAMES = re.compile(r"^\W*(?:and\s+)?[\w.-]+(?:\s*(?:,|and)\s*[\w.-]+)*\W*$")
YES_NO = re.compile(
    r"^\W*(?:do|does|did|is|are|can|could|have|has|will|would)\s+(?:they|you|we|it|there|he|she|the\s+\w+)\b",
    re.I,
)
VALUES_ONLY = re.compile(r"^[\s\x00\d/,;:.-]*(?:and[\s\x00\d/,;:.-]*)*$")


def _attach_values(found: list[Step]) -> list[Step]:
    """Steps that only qualify another ("each on its own line", "leaving the result on the display") go; a
    step of bare quoted values ("...: 'a' / 'b' / 'c'") belongs to the last step before it that is not a
    save, which becomes a typing step when it has no values of its own."""
    out: list[Step] = []
    for n, step in enumerate(found):
        if (
            out
            and STATEMENT.match(out[-1].text)
            and not YES_NO.match(
                out[-1].text
            )  # "do they have umbrellas? search for them": a question states nothing
            and (
                PRONOUN_ORDER.match(step.text)
                or FOLLOW_UP.match(step.prepared)
                or re.match(
                    r"^\W*(?:but\s+|so\s+)?(?:it(?:'s|\s+is)|(?:it\s+)?should\s+(?:be|say|read)|(?:it\s+)?must\s+be)\s+(?:actually\s+|really\s+)?\S+\W*$",
                    step.prepared,
                    re.I,
                )
                or re.search(
                    r"\b(?:for|to|of)\s+(?:both(?:\s+of\s+them)?|the\s+two\s+of\s+them|each\s+of\s+them|them(?:\s+both)?)\W*$",
                    step.text,
                    re.I,
                )
            )  # fmt: skip
            and not re.search(r"\.\w{1,5}\b|~/", step.prepared)
        ):  # "the list is backwards, flip it": the statement names what the order's pronoun means; one step
            last = out[-1]
            lead = last if last.p >= step.p or FOLLOW_UP.match(step.prepared) else step
            out[-1] = replace(lead, text=f"{last.text}, {step.text}", prepared=f"{last.prepared}, {step.prepared}",
                              slots={**step.slots, **last.slots})  # fmt: skip
            continue
        if (
            out
            and re.match(r"^\W*(?:and\s+)?(?:keep|leave)\b", out[-1].text, re.I)
            and re.match(r"^\W*(?:and\s+)?(?:then\s+)?(?:remove|delete|drop|get\s+rid\s+of|clear|bin|cut|lose)\s+(?:everything\s+else|(?:all\s+)?the\s+rest"
                         r"|the\s+others|(?:all\s+)?(?:the\s+)?other\s+(?:lines|ones))\W*$", step.text, re.I)
        ):  # fmt: skip
            continue  # "leave just line 1 and lose the others": the keeping says it all
        if (
            out
            and re.search(r"\bcolumn\b", out[-1].prepared, re.I)
            and step.prepared.strip(" .!?").lower() not in STEP_VERBS
        ):
            whole = replace(
                out[-1], text=f"{out[-1].text}, {step.text}", prepared=f"{out[-1].prepared}, {step.prepared}"
            )
            if new_column(whole) and not new_column(
                out[-1]
            ):  # "add a Gross column, price plus 10% for each row"
                out[-1] = whole
                continue
        done = re.match(
            r"^\W*(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:all\s+)?(?:done|finished|through)\s+with\s+(?:the\s+|my\s+)?(\S+?)\W*$",
            step.prepared,
            re.I,
        )
        if done and n + 1 < len(
            found
        ):  # "we're through with tmp2, trash the folder": what the next step means
            nxt = found[n + 1]
            obj = done.group(1)
            named = re.sub(r"\b(?:the\s+(folder|directory|file)|it)\b", lambda m, obj=obj: f"the {m.group(1)} {obj}" if m.group(1) else obj,
                           nxt.prepared, count=1)  # fmt: skip
            found[n + 1] = replace(nxt, prepared=named)
            continue
        if n + 1 < len(found) and re.match(
            r"^\W*(?:for|next\s+to|beside|alongside)\s+(?:each|every|all\s+the)\s+[\w -]+?\W*$",
            step.text,
            re.I,
        ):
            nxt = found[n + 1]  # "beside every gross amount, put ...": where the next step's work goes
            found[n + 1] = replace(
                nxt, text=f"{step.text}, {nxt.text}", prepared=f"{step.prepared}, {nxt.prepared}"
            )
            continue
        if out and PER_LINE.match(step.text):  # "..., one per line": how the step before writes its items
            out[-1] = replace(out[-1], prepared=f"{out[-1].prepared}, {step.prepared}")
            continue
        if MODIFIER.match(step.text) or CHATTER.match(step.text):
            continue
        if len(found) > 1 and NEVER_MIND.match(step.text):
            continue  # "oh never mind the order, take me to the pricing page": what is called off is not done
        if len(found) > 1 and FORM_TOLD.match(step.text):
            continue  # "the form there needs a name and an email: ...": what the page asks for, told
        if out and re.fullmatch(r"\W*(?:and\s+)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\W*", step.prepared):
            last = out[
                -1
            ]  # "... send it for Ida Berg, ida@berg.se" cut at the comma: the address is its value
            out[-1] = replace(
                last, text=f"{last.text}, {step.text}", prepared=f"{last.prepared}, {step.prepared}"
            )
            continue
        wrong = WRONG_CELL.match(step.prepared)
        if wrong and n + 1 < len(found):  # "B3 is wrong, clear it": "it" is B3
            nxt = found[n + 1]
            found[n + 1] = replace(
                nxt,
                prepared=re.sub(
                    r"\b(?:it|that|this)\b|\b(there)\W*$",
                    lambda m, c=wrong.group(1): f"in {c}" if m.group(1) else c,
                    nxt.prepared,
                    count=1,
                ),
            )
            if re.match(
                r"^\W*(?:and\s+)?(?:please\s+)?(?:put|set|make|write|enter|type)\b.*\bin\s+[A-Z]{1,2}\d",
                found[n + 1].prepared,
                re.I,
            ):
                found[n + 1] = replace(
                    found[n + 1], intent="cell_set", p=1.0
                )  # "B5 is empty, put 0 there": a value for B5
            continue
        if out and re.match(r"^\W*(?:and\s+)?(?:not|instead of|rather than)\s+\S+\W*$", step.text, re.I):
            # "should be 12, not 10": the correction is one step with the one before it
            last = out[-1]
            out[-1] = replace(last, intent="edit_replace", text=f"{last.text}, {step.text}",
                              prepared=f"{last.prepared}, {step.prepared}", p=1.0)  # fmt: skip
            continue
        if (
            out
            and re.search(
                r":(?!\d)", out[-1].prepared
            )  # a list after a colon, not a port ("...:8000/x.html")
            and re.fullmatch(r"\W*(?:and\s+)?(?:then\s+)?[\w'-]+(?:\s+[\w'-]+)?\W*", step.prepared, re.I)
            and step.prepared.strip(" .!?").lower() not in STEP_VERBS
            and (step.intent == "unclear" or step.p < ASK_BELOW or not _concrete(step))
        ):  # "add two lines at the bottom: milk and then eggs": the last item of the list before
            last = out[-1]
            out[-1] = replace(
                last, text=f"{last.text} and {step.text}", prepared=f"{last.prepared} and {step.prepared}"
            )
            continue
        if out and re.match(
            r"^\W*(?:and\s+)?(?:then\s+)?round(?:ed)?\s+(?:it\s+|that\s+)?(?:to|off)\b|^\W*(?:and\s+)?(?:then\s+)?all\s+(?:squared|cubed)\W*$",
            step.prepared,
            re.I,
        ):  # fmt: skip
            last = out[
                -1
            ]  # "the mean of D2 to D5, rounded to 2 decimal places, in D6": how the step before ends
            out[-1] = replace(
                last, text=f"{last.text}, {step.text}", prepared=f"{last.prepared}, {step.prepared}"
            )
            continue
        if out and re.fullmatch(r"\W*(?:right\s+|just\s+)?(?:above|below|before|after|under|underneath|beneath)\s+(?:the\s+)?[\w'-]+"
                                r"(?:\s+line)?\W*", step.prepared, re.I):  # fmt: skip
            last = out[-1]  # "'tea' at the top, above coffee": where the step before puts it
            out[-1] = replace(
                last, text=f"{last.text}, {step.text}", prepared=f"{last.prepared}, {step.prepared}"
            )
            continue
        named = re.match(r"^\W*(?:and\s+)?(?:then\s+)?(?:(?:call|name)\s+(?:it|the\s+(?:copy|duplicate|clone|backup|new\s+(?:one|copy)))|named|called)\s+(\S+?)\W*$|^\W*(?:and\s+)?(?:then\s+)?(?:in|into|to)\s+"
                         r"(?:the\s+file\s+)?(~/[\w./-]*\w|[\w./-]*\w\.[a-z]\w{0,4})\W*$", step.prepared, re.I)  # fmt: skip
        if out and named:  # "..., call it ~/site_old", "..., into ~/nums.txt": the step before names it
            last = out[-1]
            # "..., and call the copy photos2": the copy made "as" that name (never "the folder called photos2")
            called = " as" if re.search(r"\b(?:call|name)\s+the\b", step.prepared, re.I) else " called"
            tail = f"{called} {named.group(1)}" if named.group(1) else f" into {named.group(2)}"
            out[-1] = replace(last, text=last.text + tail, prepared=last.prepared + tail)
            continue
        if (
            out
            and FOLLOW_UP.match(step.prepared)
            and re.search(r"\b(?:moved|changed|went|got|is\s+now|now)\b", out[-1].prepared, re.I)
            and not re.match(r"^\W*(?:please\s+)?(?:change|move|set)\b", out[-1].prepared, re.I)
        ):  # "the rent went up to 950, fix the file": the statement and the order are one step
            last = out[-1]
            out[-1] = replace(
                last, text=f"{last.text}, {step.text}", prepared=f"{last.prepared}, {step.prepared}"
            )
            continue
        if out and RESULT_INTO.match(
            step.prepared
        ):  # "subtract B5 from C5 and put the result in D5": one step
            last = out[-1]
            cell = RESULT_INTO.match(step.prepared).group(1)
            out[-1] = replace(
                last, text=f"{last.text}, answer in {cell}", prepared=f"{last.prepared}, answer in {cell}"
            )
            continue
        if out and (ORDER_NOTE.match(step.prepared) or SORT_NOTE.match(step.prepared)):
            # "..., b.txt first", "..., smallest first": an order for the step before
            last = out[-1]
            out[-1] = replace(
                last, text=f"{last.text}, {step.text}", prepared=f"{last.prepared}, {step.prepared}"
            )
            continue
        if out and out[-1].intent == "fill" and FIELD_STEP.match(step.prepared):
            step = replace(step, intent="fill", p=1.0)
        if step.intent == "type_text" and "\x00" not in step.prepared:
            _borrow_listed_values(step, found[n + 1 :])
        if out and out[-1].intent == "make_folder" and BARE_NAMES.match(step.text):
            # "create three folders: red, green and blue" split at the commas: the names are one step's
            names = [n for n in re.split(r"\s*,\s*|\s+and\s+", step.text.strip(" .!?")) if n and n != "and"]
            out[-1].slots["NEW"] = [*out[-1].slots.get("NEW", []), *names]
            continue
        if out and VALUES_ONLY.match(step.prepared) and "\x00" in step.prepared:
            owner = next((o for o in reversed(out) if o.intent not in ("save", "save_as", "context")), None)
            if owner is not None:
                if not any(owner.slots.get(n) for n in ("TEXT", "VALUE", "OLD", "NEW")):
                    owner.intent = "type_text"
                    owner.slots["TEXT"] = [v for vs in step.slots.values() for v in vs]
                continue
        out.append(step)
    return out


def _borrow_listed_values(step: Step, later: list[Step]) -> None:
    """ "write this haiku on three lines and save it as haiku.txt: 'a' / 'b' / 'c'": the quoted lines after
    a colon in a later step are what the typing step types."""
    for other in later:
        after = other.prepared.split(":", 1)[1] if ":" in other.prepared else ""
        quoted = [other.values[int(i)] for i in re.findall(r"\x00(\d+)\x00", after)]
        if len(quoted) >= 2:
            step.slots["TEXT"] = quoted
            for name in ("NEW", "OLD", "TEXT", "VALUE"):
                kept = [v for v in other.slots.pop(name, []) if v not in quoted]
                if kept:
                    other.slots[name] = kept
            return


# A statement about the user or the site beside web steps ("I'm on a budget", "my eyes hurt"): why, not what
# What the user says they will do themselves ("I can enter that on my own", "leave the message to me"): no step
SELF_DONE_SAID = (r"(?:(?:and|but|so|then)\s+)?(?:(?:i'?ll|i\s+will|i\s+can|i'?d\s+rather|i\s+want\s+to|let\s+me)\s+"
                  r"(?:\w+\s+){0,6}?(?:myself|on\s+my\s+own|by\s+hand|later)|(?:i'?ll|i\s+will)\s+(?:do|handle|take\s+care\s+of|"
                  r"finish)\s+(?:the\s+)?rest|leave\s+(?:the\s+|my\s+)?[\w ]{1,25}?\s+to\s+me|don'?t\s+(?:fill|type|enter)\s+"
                  r"(?:in\s+)?(?:the\s+|my\s+)?[\w ]{1,25}?)")  # fmt: skip
SELF_DONE = re.compile(rf"^\W*{SELF_DONE_SAID}\W*$", re.I)
WHEN_BEFORE = re.compile(r"^\W*(?:before|after|once|when|while)\s+(?:i|we)\s+(?:\w+\s+){1,4}?,?\s*(?=(?:i|we)(?:\s+(?:would|want|need|wanna)|'d)\b|"
                         r"(?:can|could|would)\s+(?:you|u)\b|please\b)", re.I)  # fmt: skip
# the same said after the request: "open the sign-in screen, the rest I'll do by hand"
SELF_DONE_AFTER = re.compile(rf"(?<=\w)\s*[,;.!\u2014-]+\s*{SELF_DONE_SAID}\W*$", re.I)
WEB_REMARK = re.compile(r"^\W*(?:(?:and|but|because|since|as)\s+)?(?:i'?m|i\s+am|i'?ve|i\s+have|my|we'?re|we\s+are|it'?s|this\s+is|that'?s|"
                        r"there'?s|i\s+(?:think|guess|hope|love|like)|(?:the|this|that)\s+(?:page|site|shop|screen|website|browser|thing|tab)\s+"
                        r"(?:is|looks|seems|appears|feels|keeps|won'?t|isn'?t|doesn'?t|has|got))\b(?![^\x00]*[\x00@])", re.I)  # fmt: skip


def _submit_last(commands: list[Command]) -> list[Command]:
    """A form is sent after all of its fields are filled: "sign in as alice, her password is secret1"
    names the password after the step that signs in."""
    out = list(commands)
    for n in range(len(out) - 1, -1, -1):
        if out[n].kind == "submit" and n + 1 < len(out) and out[n + 1].kind == "fill":
            last = n + 1
            while last + 1 < len(out) and out[last + 1].kind == "fill":
                last += 1
            out.insert(last, out.pop(n))
    for n in range(len(out) - 1, -1, -1):  # "I want to order. Express shipping.": the choice, then the order
        if (
            out[n].kind == "submit"
            and out[n].app == "browser"
            and n + 1 < len(out)
            and out[n + 1].kind == "click"
            and out[n + 1].app == "browser"
            and not out[n + 1].op
            and out[n + 1].target.lower() not in ("add to cart", "subscribe")
        ):
            out.insert(n + 1, out.pop(n))
    # "leave feedback saying 'great' and submit": the form is sent once
    return [c for n, c in enumerate(out) if not (n and c.kind == "submit" and out[n - 1].kind == "submit")]


def _keep_changes(commands: list[Command]) -> list[Command]:
    """A change to a document that has a file is a change to the file: after the last edit of the editor's or
    the spreadsheet's document with no save after it, a save that happens only when the document has a name
    (op "if_named"; a new untitled document is left as it is, never a question)."""
    changed = [n for n, c in enumerate(commands) if c.kind in ("edit", "cell", "sheet") or
               (c.kind == "type" and c.app == "editor")]  # fmt: skip
    if not changed or any(c.kind in ("save", "save_as") for c in commands[changed[-1] :]):
        return []
    last = commands[changed[-1]]
    app = "spreadsheet" if last.kind in ("cell", "sheet") else "editor"
    return [Command("save", app=app, op="if_named", clause="(the changed file is saved)")]


DESCRIBE = {
    "compute": "compute something in the calculator", "type_text": "type text", "save_as": "save under a new name",
    "edit_replace": "replace text in the document", "make_folder": "create a folder", "make_file": "create a file",
    "delete_file": "delete a file", "rename": "rename something", "move": "move a file", "copy_file": "copy a file",
    "open_app": "open an app", "click": "click something on the screen", "goto": "open a web page",
    "cell_set": "fill spreadsheet cells", "edit_append": "add a line at the end",
}  # fmt: skip


def _unsure(step: Step) -> str:
    a = DESCRIBE.get(step.intent, step.intent.replace("_", " "))
    b = DESCRIBE.get(step.alt, step.alt.replace("_", " "))
    return f"I am not sure what you mean by {step.text!r}: should I {a}, or {b}?"
