"""Text preparation shared by training and inference: quotes kept aside, numbers in digits, tokens.

Quoted strings ('...', "...", curly quotes) and {...} objects become one placeholder token each, so the
models see where a verbatim value sits and the value itself comes back untouched. Number words become
digits with text2num's `alpha2digit` ("two hundred and fifty-six" -> "256"); thousands separators go
("1,234" -> "1234").
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from text_to_num import alpha2digit

QUOTE_RE = re.compile(
    r"(\{.*\})|(?<![\w])'([^']*)'(?![\w])|\"([^\"]*)\"|\u2018([^\u2019]*)\u2019|\u201c([^\u201d]*)\u201d",
    re.S,
)
PLACEHOLDER_RE = re.compile(r"\x00(\d+)\x00")
TOKEN_RE = re.compile(r"\x00\d+\x00|[a-z][\w+.-]*://\S*\w|[\w~/.:@-]*\w|\S", re.I)
FILE_RE = re.compile(r"^[\w~/.-]*\w\.[a-z][a-z0-9]{0,4}$", re.I)
CELL_RE = re.compile(r"^[A-Z]{1,2}\d{1,5}(?::[A-Z]{1,2}\d{1,5})?$")
NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
URL_RE = re.compile(
    r"^(?:[a-z][\w+.-]*://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|html?)\S*"
    r"|(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|[\w-]+(?:\.[\w-]+)+)(?::\d{1,5})(?:/\S*)?"  # bare host:port[/path]
    r"|(?:localhost|\d{1,3}(?:\.\d{1,3}){3})(?:/\S*)?)$",
    re.I,
)


@dataclass
class Token:
    text: str
    start: int
    end: int


@dataclass
class Prepared:
    """An instruction with its quoted values set aside and numbers in digits."""

    text: str  # with \x00N\x00 placeholders
    values: list[str]

    def restore(self, text: str) -> str:
        return PLACEHOLDER_RE.sub(lambda m: self.values[int(m.group(1))], text)

    def tokens(self) -> list[Token]:
        return tokenize(self.text)


def prepare(instruction: str) -> Prepared:
    values: list[str] = []

    def keep(m: re.Match) -> str:
        values.append(next(g for g in m.groups() if g is not None))
        return f"\x00{len(values) - 1}\x00"

    text = QUOTE_RE.sub(keep, instruction.strip())
    # a form's values in parentheses are no aside: "with my details (name Ola N, email o@n.no) and send it"
    text = re.sub(r"\s*\(([^()\x00]*@[^()\x00]*)\)\s*", r": \1, ", text)
    # "B2 until B5", "B2 up to B5": a range, said as "B2 to B5"; in parentheses it is part of the request
    text = re.sub(
        r"\b([A-Z]{1,2}\d{1,5})\s+(?:until|till|up\s+to)\s+([A-Z]{1,2}\d{1,5})\b", r"\1 to \2", text
    )
    text = re.sub(r"\s*\(([A-Z]{1,2}\d{1,5}\s+(?:to|through)\s+[A-Z]{1,2}\d{1,5})\)", r" \1", text)
    # a formula in words in parentheses is part of the request: "(sales minus costs)" -> ", sales minus costs"
    text = re.sub(
        r"\s*\(([A-Za-z][\w ]*?(?:\s+(?:minus|plus|times|x|divided\s+by|multiplied\s+by)\s+|\s*[+*×]\s*)[\w ]*?[A-Za-z])\)",
        r", \1",
        text,
    )
    # asides such as "(keep the text as it is)" or "(DRAFT)" go; arithmetic "(3+5)", ranges "(B2:B5)" and
    # addresses "(/about.html)" stay
    text = re.sub(
        r"\s*\((?![^()]*[A-Z]{1,2}\d+\s*[-+*/:]\s*[A-Z]{1,2}\d+)(?![^()]*(?:\.html?\b|://|^/))(?=[^()\x00]*[a-zA-Z])(?!sqrt)[^()\x00]*\)",
        "",
        text,
    )
    text = text.replace("\u2019", "'").replace("\u2212", "-")
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,234 -> 1234
    text = _digits(text)
    return Prepared(re.sub(r"\s+", " ", text).strip(), values)


# alpha2digit keeps isolated numbers below 3 as words ("one" is often no number); beside arithmetic they are
SMALL_IN_MATH = re.compile(
    r"\b(?:add|plus|minus|times|by|to|from|multiply|divide|subtract|over|and|of|is|square|double|half)\s"
    r"(?:zero|one|two)\b(?!\s+(?:hundred|thousand|million))|(?<!-)(?<!ty )\b(?:zero|one|two)(?=\s+(?:plus|minus|times|divided|multiplied|over|percent|squared|"
    r"cubed|and\s+\d|and\s+(?:a|one)\s+(?:half|quarter)\b|from|to\s+\d|to\s+the\s+(?:power|\w+\s+power)|to\s+the\s+\w+(?:st|nd|rd|th)\b(?!\s+(?:row|line|column|cell|place|position|page|tab|item|file|folder))|raised|halves|thirds|quarters|fourths|fifths|eighths|tenths))",
    re.I,
)


def _plain(value: Decimal) -> str:
    """A number without a trailing ".0" ("1500000.0" -> "1500000", "2000000" stays)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


COLUMN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                   "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8}  # fmt: skip
_COL = (
    r"(?:column|col\.?)\s+([A-Za-z]{1,2})(?![\w'])|(?:the\s+)?(" + "|".join(COLUMN_ORDINALS) + r")\s+column"
)
_ROW = r"row\s+(\d{1,5})(?![\w.])|(?:the\s+)?(" + "|".join(COLUMN_ORDINALS) + r")\s+row"
_JOIN = r"\s*(?:,\s*|\s+of\s+|\s+in\s+|\s+at\s+|\s+)(?:the\s+)?"


def _row_and_column(text: str) -> str:
    """A cell named by its column and row ("column B row 4", "row 4, column b", "the second column of row 4",
    "the third row of column C") -> its reference ("B4"), for the spreadsheet."""

    def ref(col: str | None, col_nth: str | None, row: str | None, row_nth: str | None) -> str | None:
        if col:
            if len(col) == 2 and col.lower() not in ("aa", "ab", "ac", "ad"):
                return None
            letter = col.upper()
        else:
            letter = chr(64 + COLUMN_ORDINALS[col_nth.lower()])
        number = row if row else str(COLUMN_ORDINALS[row_nth.lower()])
        return f"{letter}{number}"

    def col_row(m: re.Match) -> str:
        out = ref(m.group(1), m.group(2), m.group(3), m.group(4))
        return f"cell {out}" if out and (m.group(3) or m.group(1) or m.group(2)) else m.group(0)

    def row_col(m: re.Match) -> str:
        out = ref(m.group(3), m.group(4), m.group(1), m.group(2))
        return f"cell {out}" if out else m.group(0)

    if not re.search(r"\b(?:column|col)\b", text, re.I) or not re.search(r"\brow\b", text, re.I):
        return text
    # at least one of the two said by number or letter: "the second column of the third row" is left alone
    text = re.sub(rf"(?:the\s+)?(?:cell\s+(?:in|at|of)\s+)?(?:{_COL}){_JOIN}(?:{_ROW})", lambda m: col_row(m) if (m.group(1) or m.group(3)) else m.group(0), text, flags=re.I)  # fmt: skip
    text = re.sub(rf"(?:the\s+)?(?:cell\s+(?:in|at|of)\s+)?(?:{_ROW}){_JOIN}(?:{_COL})", lambda m: row_col(m) if (m.group(1) or m.group(3)) else m.group(0), text, flags=re.I)  # fmt: skip
    return text


def _digits(text: str) -> str:
    """Number words to digits outside placeholders and file names ("three.txt" stays); ordinals ("first") stay
    words."""
    parts = re.split(r"(\x00\d+\x00|(?<![\w.])[A-Za-z][\w-]*\.[a-z][a-z0-9]{0,4}\b)", text)
    out = []
    for part in parts:
        if (
            part.startswith("\x00")
            or not re.search(r"[a-z]", part, re.I)
            or re.fullmatch(r"[A-Za-z][\w-]*\.[a-z][a-z0-9]{0,4}", part)
        ):
            out.append(part)
            continue
        converted = SMALL_IN_MATH.sub(lambda m: alpha2digit(m.group(0), "en", threshold=0), part)
        converted = re.sub(
            r"\bzero\b", "0", converted, flags=re.I
        )  # "make it zero": alpha2digit keeps it a word
        # "a dozen", "half a dozen" (a count of things; "3 dozen" stays for the arithmetic rules)
        converted = re.sub(r"(?<![\w.] )(?<!\d)\bhalf\s+a\s+dozen\b", "6", converted, flags=re.I)
        converted = re.sub(r"(?<!\d )\b(?:a|one)\s+dozen\b", "12", converted, flags=re.I)
        converted = alpha2digit(converted, "en")
        # "cell d 4" (a cell said aloud) -> "cell D4"
        converted = re.sub(
            r"\bcell\s+([A-Za-z]{1,2})\s*(\d{1,4})\b",
            lambda m: f"cell {m.group(1).upper()}{m.group(2)}",
            converted,
            flags=re.I,
        )
        converted = _row_and_column(converted)
        # "2 point 2 5" (alpha2digit leaves the spoken digits after the point apart) -> "2.25"
        converted = re.sub(r"(?<![\w.])(\d+)\s+point\s+(\d(?:\s+\d)*)\b(?!\s*\d)",
                           lambda m: m.group(1) + "." + "".join(m.group(2).split()), converted, flags=re.I)  # fmt: skip
        # "1.5 million" (and "2 million", when the scale was a word) comes back as "1.5 1000000": one number
        scaled = (
            r"\d+(?:\.\d+)?" if re.search(r"\b(?:thousand|million|billion)\b", part, re.I) else r"\d+\.\d+"
        )
        converted = re.sub(rf"(?<![\w.])({scaled})\s+(1000|1000000|1000000000)\b",
                           lambda m: _plain(Decimal(m.group(1)) * int(m.group(2))), converted)  # fmt: skip
        # "3 and a half" -> "3.5", "1 and a quarter" -> "1.25"
        converted = re.sub(r"\b(\d+)\s+and\s+(?:a|one)\s+(half|quarter)\b",
                           lambda m: f"{m.group(1)}.{'5' if m.group(2).lower() == 'half' else '25'}", converted, flags=re.I)  # fmt: skip
        out.append(re.sub(r"(?<=\d)\s*-\s*(?=\d)", "-", converted) if converted != part else part)
    return "".join(out)


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def shape(word: str) -> str:
    """A coarse class of a token: Q (quoted value), N (number), CELL, FILE, URL, or the word itself."""
    if word.startswith("\x00"):
        return "<Q>"
    if NUMBER_RE.match(word):
        return "<N>"
    if re.fullmatch(r"[\d.]+(?:/[\d.]+)+", word):  # 360/8 is one token (paths keep their slashes)
        return "<N/N>"
    if CELL_RE.match(word):
        return "<CELL>"
    if URL_RE.match(word) and not FILE_RE.match(word) or "://" in word:
        return "<URL>"
    if FILE_RE.match(word):
        return "<FILE>"
    return word.lower()


PREPOSITIONS = {"to", "from", "as", "into", "in", "inside", "with", "for", "by", "called", "named", "onto", "at",
                "of", "under", "within", "on", "and", "than", "instead", "saying", "reading", "containing"}  # fmt: skip
LEADING = {"please", "now", "also", "finally", "next", "then", "and", "just", "kindly", "could", "can", "you",
           "would", "i", "want", "need", "to", "let's", "lets", "go", "ahead", "hey", "hi", "ok", "okay", "so",
           "alright", "um", "hmm", "quick", "quickly", "pls", "plz", "yo", "help", "me", "mind", "try", "we", "u",
           "'", "d", "like", "be", "able", "possible", "is", "it", "if", "you're", "should"}  # fmt: skip


def token_features(words: list[str], i: int) -> list[str]:
    """Features of token i for the slot tagger: the token, its neighbours, the clause's verb and the last
    preposition before it."""
    s = [shape(w) for w in words]
    low = [w.lower() for w in words]

    def at(j: int) -> str:
        return s[j] if 0 <= j < len(s) else ("<S>" if j < 0 else "</S>")

    w = low[i]
    verb = next((x for x in s if x not in LEADING), "<none>")
    prep = next((s[j] for j in range(i - 1, -1, -1) if s[j] in PREPOSITIONS), "<none>")
    raw = words[i]
    feats = [
        "b",
        f"w={at(i)}",
        f"raw={w}",
        f"p1={at(i - 1)}",
        f"n1={at(i + 1)}",
        f"p2={at(i - 2)}",
        f"n2={at(i + 2)}",
        f"p1w={at(i - 1)}|{at(i)}",
        f"wn1={at(i)}|{at(i + 1)}",
        f"p2p1={at(i - 2)}|{at(i - 1)}",
        f"n1n2={at(i + 1)}|{at(i + 2)}",
        f"verb={verb}",
        f"prep={prep}",
        f"verbprep={verb}|{prep}",
        f"verbw={verb}|{at(i)}",
        f"prepw={prep}|{at(i)}",
        f"suf={w[-3:]}",
        f"cap={raw[:1].isupper()}",
        f"pos={min(i, 6)}",
    ]
    if raw[:1].isupper() and i > 0:
        feats.append("capmid")
    return feats


def clause_features(words: list[str]) -> list[str]:
    """Features of a whole clause for the intent classifier: word 1-2 grams over token classes and
    character 3-grams of the words (robust to unseen word forms)."""
    s = [shape(w) for w in words]
    feats = [f"u={x}" for x in s]
    feats += [f"bi={a}|{b}" for a, b in zip(["<S>", *s], [*s, "</S>"], strict=True)]
    first = next((x for x in s if x not in LEADING), "<none>")
    feats.append(f"first={first}")
    for x in s:
        if x.startswith("<"):
            continue
        padded = f"#{x}#"
        feats += [f"c={padded[k : k + 3]}" for k in range(len(padded) - 2)]
    return feats


def raw_tokens(raw: str) -> list[Token]:
    """Tokens of text as written (offsets into it), each quoted value one placeholder token: how the
    training corpus, whose numbers are digits already, is tokenised."""
    out: list[Token] = []
    at, k = 0, 0
    for m in QUOTE_RE.finditer(raw):
        out += [Token(t.text, t.start + at, t.end + at) for t in tokenize(raw[at : m.start()])]
        out.append(Token(f"\x00{k}\x00", m.start(), m.end()))
        k += 1
        at = m.end()
    out += [Token(t.text, t.start + at, t.end + at) for t in tokenize(raw[at:])]
    return out


# Words desktop requests turn on, for slips of them ("the avrage", "hihgest", "alphabetcal"); difflib's ratio
# from which a word is taken for one of them (as the browser's shop words)
TASK_SLIP = 0.84
TASK_WORDS = ("average", "highest", "lowest", "largest", "smallest", "biggest", "greatest", "maximum", "minimum", "total",
              "column", "spreadsheet", "calculator", "alphabetical", "alphabetically", "capitals", "capitalise", "capitalize",
              "uppercase", "lowercase", "delete", "remove", "rename", "folder", "document", "paragraph", "multiply",
              "divide", "divided", "percent", "percentage", "subtract", "square", "duplicate", "duplicates", "reverse",
              "replace", "everything", "beginning", "separate", "multiplied", "quantity", "temperature", "decimal",
              "minutes", "seconds", "bottom", "heading", "numbers", "shopping", "calculate", "difference")  # fmt: skip
# Words of their own a letter away from a task word ("the leading spaces", "the line reading X" are no "heading")
NEAR_TASK_WORDS = ("leading", "reading", "shading", "trading", "beading", "wading")
# Words taken back only from two neighbouring letters swapped ("tmies"): close matches of other kinds are often
# words of their own ("exchange" beside "change")
SWAPPED_WORDS = (
    *TASK_WORDS,
    "times",
    "minus",
    "change",
    "double",
    "triple",
    "convert",
    "update",
    "first",
    "second",
)


# Quoted values, emails and addresses ("x.html", "http://..."), whose words are never respelt; with paths
# ("~/notes", "a/b") too
KEPT_AS_WRITTEN = re.compile(
    r"(['\"\u2018\u201c][^'\"\u2019\u201d]*['\"\u2019\u201d]|\S+@\S+|\S*(?:://|\.\w{2,4}\b)\S*)"
)
KEPT_AS_WRITTEN_OR_PATH = re.compile(
    r"(['\"\u2018\u201c][^'\"\u2019\u201d]*['\"\u2019\u201d]|\S+@\S+|\S*(?:://|\.\w{2,4}\b|/)\S*)"
)


def each_plain_word(text: str, fix: Callable[[str], str], *, paths: bool = False) -> str:
    """`fix` applied to each lower-case word outside quotes, emails and addresses (and paths, if asked)."""
    parts = (KEPT_AS_WRITTEN_OR_PATH if paths else KEPT_AS_WRITTEN).split(text)
    return "".join(
        p if n % 2 else re.sub(r"\b[a-z]+\b", lambda m: fix(m.group(0)), p) for n, p in enumerate(parts)
    )


def _one_swap(word: str, meant: str) -> bool:
    """`word` is `meant` with two neighbouring letters swapped (not the first)."""
    if len(word) != len(meant) or word == meant:
        return False
    diff = [k for k in range(len(word)) if word[k] != meant[k]]
    return (
        len(diff) == 2
        and diff[0] > 0
        and diff[1] == diff[0] + 1
        and word[diff[0]] == meant[diff[1]]
        and word[diff[1]] == meant[diff[0]]
    )


def fix_task_slips(text: str) -> str:
    """Slips of the lower-case words desktop requests turn on, outside quotes and file names ("the avrage
    temprature" -> "the average temperature"); plurals and other forms of a word stay as written."""

    def fixed(word: str) -> str:
        if len(word) < 5 or word in TASK_WORDS or word in NEAR_TASK_WORDS:
            return word
        swapped = next((w for w in SWAPPED_WORDS if _one_swap(word, w)), "")
        if swapped:  # two letters side by side swapped ("tmies", "chnage")
            return swapped
        close = difflib.get_close_matches(word, TASK_WORDS, n=1, cutoff=TASK_SLIP)
        if not close:
            return word
        shared = len(os.path.commonprefix([word, close[0]]))
        # another form of the word ("calculation" beside "calculator", "columns") is no slip
        return word if shared >= len(close[0]) - 2 or shared >= len(word) - 2 else close[0]

    return each_plain_word(text, fixed, paths=True)


# Everyday verbs for getting rid of a thing, read as "delete" when a thing follows ("nuke the old folder",
# "kill all the draft lines"); an app after them is left alone ("kill the calculator" is no file)
DELETE_SLANG = re.compile(
    r"\b(?:nuke|kill|zap|scrap|axe|toss|junk|ditch|trash|bin)\b(?=\s+(?:the|all|every|each|that|this|those|these|my|any|"
    r"it|them|everything|[\w~/.-]+\.\w{1,5}\b|~?/))(?!\s+(?:the\s+)?(?:calc\w*|editor|browser|spreadsheet|app|window|program)\b)",
    re.I,
)
# Punctuation said in words at the end of a word ("see you exclamation mark"), and "quote ... unquote"
SPOKEN_MARKS = (
    (r"(\w+)\s+exclamation\s+(?:mark|point)\b", "!"),
    (r"(\w+)\s+question\s+mark\b", "?"),
    (r"(\w+)\s+full\s+stop\b", "."),
)
# Words before a mark's name that make the mark the thing talked of ("add a full stop"), not one said aloud
MARK_NAMED = {"a", "an", "the", "one", "add", "put", "insert", "append", "type", "need", "needs", "with", "of", "no",
              "missing", "each", "every", "any", "that", "this", "remove", "delete", "end", "single", "double"}  # fmt: skip
DIGIT_WORDS = {
    w: str(n)
    for n, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))
}
EXTENSIONS = (
    r"txt|md|csv|pdf|png|jpe?g|gif|docx?|xlsx?|odt|ods|ini|py|json|log|zip|mp3|mp4|bak|tmp|cfg|conf|yaml|yml"
)


def everyday_words(text: str) -> str:
    """Everyday wordings of a desktop request in the forms the rules read: slang verbs of deleting, punctuation
    and quotes said in words, file names said with "dot" ("notes dot txt")."""
    text = re.sub(
        r"(?<!\w)(?:open\s+)?quote,?\s+(.+?),?\s+(?:end\s+quote|unquote|close\s+quote)\b",
        r'"\1"',
        text,
        flags=re.I,
    )

    def marks(part: str) -> str:
        part = DELETE_SLANG.sub("delete", part)
        for said, mark in SPOKEN_MARKS:
            part = re.sub(
                said,
                lambda m, mark=mark: m.group(0) if m.group(1).lower() in MARK_NAMED else m.group(1) + mark,
                part,
                flags=re.I,
            )
        part = re.sub(rf"\b([A-Za-z][\w-]*)\s+({'|'.join(DIGIT_WORDS)}|\d+)\s+dot\s+({EXTENSIONS})\b",
                      lambda m: m.group(1) + DIGIT_WORDS.get(m.group(2).lower(), m.group(2)) + "." + m.group(3), part, flags=re.I)  # fmt: skip
        return re.sub(rf"\b([\w-]+)\s+dot\s+({EXTENSIONS})\b", r"\1.\2", part, flags=re.I)

    parts = re.split(r"(\"[^\"]*\"|(?<!\w)'[^']*'(?!\w))", text)
    return "".join(p if n % 2 else marks(p) for n, p in enumerate(parts))


# Courtesy before a desktop request, never part of it: "quick one: ...", "quick question - ..."
COURTESY_HEAD = re.compile(
    r"^\W*quick\s+(?:one|question|favou?r|job|task|thing)\s*[:,\u2013\u2014-]+\s*", re.I
)
# ... and after a name said last: "make a folder called Invoices for me"
COURTESY_TAIL = re.compile(
    r"(?:\s+(?:please|pls|for\s+me|if\s+you\s+(?:can|could)|(?:right\s+)?now|asap))+$", re.I
)


# "would you mind adding X", "do you mind removing Y": the verb as a request says it
MIND_ASKED = re.compile(r"^(\W*)(?:(?:would|do)\s+you\s+mind|mind)\s+([a-z]+ing)\b", re.I)
GERUNDS = {
    "adding": "add", "inserting": "insert", "putting": "put", "placing": "place", "writing": "write", "typing": "type",
    "appending": "append", "removing": "remove", "deleting": "delete", "erasing": "erase", "dropping": "drop",
    "cutting": "cut", "getting": "get", "taking": "take", "changing": "change", "replacing": "replace",
    "swapping": "swap", "switching": "switch", "moving": "move", "sorting": "sort", "making": "make",
    "turning": "turn", "fixing": "fix", "correcting": "correct", "updating": "update", "saving": "save",
    "renaming": "rename", "copying": "copy", "creating": "create", "opening": "open", "closing": "close",
    "joining": "join", "merging": "merge", "numbering": "number", "capitalising": "capitalise",
    "capitalizing": "capitalize", "clearing": "clear", "setting": "set", "trimming": "trim", "reversing": "reverse",
    "duplicating": "duplicate", "calculating": "calculate", "working": "work", "filling": "fill",
}  # fmt: skip


def without_courtesy(text: str) -> str:
    """The request without a "quick one:" before it (the rest is read as said: the model knows "please",
    "thanks" and "for me" in their places), and "would you mind adding X" said as "add X"."""
    text = COURTESY_HEAD.sub("", text)
    mind = MIND_ASKED.match(text)
    verb = GERUNDS.get(mind.group(2).lower()) if mind else None
    if mind and verb:
        text = mind.group(1) + verb + text[mind.end() :]
        text = re.sub(r"\?\s*$", "", text) if text.rstrip().endswith("?") else text
    return text
