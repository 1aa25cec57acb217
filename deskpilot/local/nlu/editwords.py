"""Edit requests read by their parts: a verb from a table of everyday synonyms, a line named by its place
("line 4", "the second-to-last line", "the heading") or by its words ("the line about rent", "the line
starting with Pay"), a word of a line ("the last word of line 3"), and where new text goes ("after line 2",
"at the end of the top line"). Line places are first rewritten to one token (LINE<n>, n negative from the
end), so the patterns name each part once instead of spelling every way to say it.

`edit_request(prepared, restore)` gives an edit (op, *args) for the editor's transform, or None when the
words are not one of these shapes (the older rules then read them)."""

from __future__ import annotations

import re
from collections.abc import Callable

ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "top": 1, "opening": 1,
                 "last": -1, "final": -1, "bottom": -1, "closing": -1, "1st": 1, "2nd": 2, "3rd": 3}  # fmt: skip
CARDINALS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_ORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|top|opening|last|final|bottom|closing|\d+(?:st|nd|rd|th))"
_BEFORE_LAST = r"(?:second[\s-]*(?:to[\s-]*|from[\s-]*(?:the[\s-]*)?)?(?:last|bottom|final)|next[\s-]*to[\s-]*(?:the[\s-]*)?last|penultimate|one\s+before\s+(?:the\s+)?last)"
_LINE_WORD = r"(?:line|row|entry|item|sentence)"

DELETE = (r"delete|remove|erase|drop|cut|kill|ditch|scrap|trash|nuke|zap|eliminate|strike|scratch|lose|"
          r"get\s+rid\s+of|take\s+out|take\s+away|throw\s+out|clear\s+out|wipe\s+out|do\s+away\s+with")  # fmt: skip
INSERT = (r"add|insert|put|place|write|type|stick|pop|slot|squeeze|include|append|prepend|tack|enter|drop\s+in|"
          r"slip|throw\s+in|jot(?:\s+down)?|note\s+down")  # fmt: skip
CHANGE = (
    r"replace|change|switch|turn|substitute|swap\s+out|rewrite|update|amend|alter|edit|make|set|correct|fix"
)
MOVE = r"move|shift|bring|take|send|push|pull|relocate|put|bump|drag"
SWAP = r"swap|switch|exchange|trade|flip|interchange|reverse|transpose"
UPPER = (r"(?:all\s+)?(?:upper\s*-?\s*case|caps|capitals|capital\s+letters|block\s+capitals|uppercased|capitali[sz]ed|"
         r"all\s+caps)")  # fmt: skip
LOWER = r"(?:all\s+)?(?:lower\s*-?\s*case|small\s+letters|lowercased|no\s+capitals)"
# words that name a look, not the text a line should say ("turn the heading into title case")
NOT_TEXT = (
    r"(?:LINE-?\d+|(?:all\s+)?(?:title|upper|lower|sentence|proper)\s*-?\s*case|(?:all\s+)?(?:caps|capitals|capital\s+letters)|bold|italics?|underlined|"
    r"(?:in\s+)?(?:a\s+)?(?:bigger|smaller|larger|different)\s+(?:font|size)|centred|centered|(?:at|to|on)\s+the\s+(?:top|bottom|end|start))\W*$"
)
MARK_NAMES = {"full stop": ".", "period": ".", "dot": ".", "comma": ",", "colon": ":", "semicolon": ";", "semi-colon": ";",
              "question mark": "?", "exclamation mark": "!", "exclamation point": "!", "dash": "-", "hyphen": "-",
              "hash": "#", "asterisk": "*", "star": "*", "bullet": "-"}  # fmt: skip
DUPLICATE = r"duplicate|copy|repeat|clone|double"

_THE = r"(?:the\s+|that\s+|this\s+|my\s+)?"
_END = r"[\s.!?]*$"
_FIXIT = r"(?:\s+(?:instead|now|please))*(?:\W+(?:and\s+)?(?:please\s+)?(?:fix|correct|change|update|do)\s+(?:it|that|this)\b.*)?[\s.!?]*$"
_TAIL = r"(?:\s+(?:please|for\s+me|thanks?(?:\s+you)?|now|too|as\s+well|only|instead))*(?:,?\s+(?:and\s+)?(?:leave|keep)\s+(?:the\s+)?(?:rest|others?)(?:\s+(?:alone|as\s+(?:it\s+is|they\s+are)))?)?[\s.!?]*$"


def canon_lines(t: str) -> str:
    """Each way of naming a line by its place as LINE<n> (n from 1; -1 the last, -2 the one before it)."""
    t = re.sub(rf"\b(?:the\s+)?{_BEFORE_LAST}\s+{_LINE_WORD}\b", "LINE-2", t, flags=re.I)
    t = re.sub(
        rf"\b(?:the\s+)?{_LINE_WORD}\s+(?:just\s+)?before\s+the\s+last(?:\s+one)?\b", "LINE-2", t, flags=re.I
    )
    t = re.sub(rf"\b(?:the\s+)?(?:very\s+)?({_ORD})\s+{_LINE_WORD}\b",
               lambda m: f"LINE{_ord(m.group(1))}", t, flags=re.I)  # fmt: skip
    t = re.sub(rf"\b(?:the\s+)?{_LINE_WORD}\s+(?:number\s+|no\.?\s*|#\s*)?(\d+)\b(?!\s*(?:%|:\d|\.\d))",
               lambda m: f"LINE{int(m.group(1))}", t, flags=re.I)  # fmt: skip
    t = re.sub(rf"\b(?:the\s+)?{_LINE_WORD}\s+({'|'.join(CARDINALS)})\b", lambda m: f"LINE{CARDINALS[m.group(1).lower()]}",
               t, flags=re.I)  # fmt: skip
    t = re.sub(r"\b(?:the\s+|its\s+|my\s+)?(?:heading|headline|header|title(?!\s*-?\s*case))(?:\s+line)?\b", "LINE1", t,
               flags=re.I)  # fmt: skip
    return t


def _ord(word: str) -> int:
    word = word.lower()
    return ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word) or 0)


LINE = r"LINE(-?\d+)"
# a line named by its words: "the line about rent", "the line that starts with Pay", "the rent line"
SAID_LINE = (r"(?:the\s+)?(?:line|entry|item|row)\s+(?:that\s+|which\s+)?(?:(?:says|reads|saying|reading|with|containing|contains|"
             r"mentioning|mentions|about|has|having|for)\s+(?:the\s+words?\s+)?(?P<has>\x00\d+\x00|[\w'&$.:-]+(?:\s+(?!(?:to|at|in|on|with|and|into|after|before|below|above|under|from|up|down)\b)[\w'&$.:-]+){0,3}?)"
             r"|(?:starting|beginning|starts|begins|that\s+starts|that\s+begins)\s+with\s+(?P<starts>\x00\d+\x00|[\w'&$.:-]+))")  # fmt: skip
WORD_NTH = (r"(?:the\s+)?(?P<nth>first|second|third|fourth|fifth|last|final|\d+(?:st|nd|rd|th)|"
            r"second[\s-]*(?:to[\s-]*)?last|penultimate)\s+word")  # fmt: skip


def _unquote(restore: Callable[[str], str], value: str) -> str:
    value = re.sub(r"^(?:the\s+(?:words?|text|phrase|line)\s+)", "", value.strip(), flags=re.I)
    if re.fullmatch(r"\x00\d+\x00", value):  # a quoted value as written, its spaces kept ("Note: ")
        return restore(value)
    return restore(value).strip().strip("'\"")


def edit_request(prepared: str, restore: Callable[[str], str]) -> tuple | None:
    """(op, *args) for one edit said in everyday words, or None."""
    t = re.sub(r"^\W*(?:(?:please|pls|kindly|can\s+you|could\s+you|would\s+you|just|now|then|and|also|go\s+ahead\s+and|"
               r"i\s+(?:want|need|would\s+like|'d\s+like)\s+(?:you\s+)?to|i'd\s+like\s+(?:you\s+)?to|quick\s+(?:edit|one|fix)\s*:|yo|hey|ok|okay|so|oh|um|uh|hmm|right|alright|bitte|por\s+favor)[\s,]+)+", "", prepared, flags=re.I)  # fmt: skip
    t = re.sub(
        r"(?:[\s,]+(?:please|thanks?(?:\s+you)?|cheers|thx|for\s+me|if\s+you\s+can|if\s+you\s+could))+\W*$",
        "",
        t,
        flags=re.I,
    )
    t = canon_lines(t)
    whole = _whole_document(t, restore) or _document_shapes(t, restore)
    if whole:
        return whole
    # a word of a line: "delete the last word of line 3", "remove the word 'the' from the top line"
    m = re.search(rf"^(?:{DELETE})\s+{WORD_NTH}\s+(?:of|on|in|from)\s+{LINE}{_TAIL}", t, re.I)
    if m:
        nth = m.group("nth").lower()
        n = -2 if re.match(r"second[\s-]*(?:to[\s-]*)?last|penultimate", nth) else _ord(nth)
        return ("delete_word", int(m.group(2)), n)
    m = re.search(rf"^(?:{DELETE})\s+(?:the\s+(?:word|words|text|phrase)\s+)?(\x00\d+\x00|[\w'-]+)\s+(?:from|in|on|off|out\s+of)\s+{LINE}{_TAIL}", t, re.I) or re.search(
        rf"^(?:take|get|cut|pull|leave|knock)\s+(?:the\s+(?:word|words|text|phrase)\s+)?(\x00\d+\x00|[\w'-]+)\s+(?:out\s+of|off|from)\s+{LINE}{_TAIL}", t, re.I)  # fmt: skip
    if m and not re.fullmatch(r"the|it|that|this|everything|LINE-?\d+", m.group(1), re.I):
        return ("delete_in_line", int(m.group(2)), _unquote(restore, m.group(1)))
    # whole lines going: "remove line 4", "erase the penultimate line", "drop the line about rent"
    m = re.search(rf"^(?:{DELETE})\s+{LINE}(?:\s+(?:entirely|completely|altogether))?{_TAIL}", t, re.I)
    if m:
        return ("delete_line", int(m.group(1)))
    m = re.search(rf"^(?:{DELETE})\s+{LINE}\s+and\s+{LINE}{_TAIL}", t, re.I)
    if m:  # two lines: the later first, so the first's place stays right
        a, b = int(m.group(1)), int(m.group(2))
        return ("delete_lines_each", a, b)
    m = re.search(rf"^(?:{DELETE})\s+{SAID_LINE}{_TAIL}", t, re.I)
    if m:
        key = re.sub(
            r"^(?:the|a|an|my)\s+", "", _unquote(restore, m.group("has") or m.group("starts")), flags=re.I
        )
        return ("delete_prefixed", key) if m.group("starts") else ("delete_matching", key)
    # case of one line: "make line 2 all caps", "uppercase the last line", "put the heading in capitals"
    m = re.search(rf"^(?:(?:make|turn|put|set|change|convert|write)\s+)?{LINE}\s+(?:(?:in|into|to)\s+)?(?:all\s+)?(?:{UPPER}|(?P<low>{LOWER}))(?:\s+letters)?{_TAIL}", t, re.I) or re.search(
        rf"^(?:(?P<up>upper\s*-?\s*case|capitali[sz]e(?:\s+all\s+of)?|caps)|(?P<down>lower\s*-?\s*case))\s+(?:(?:all\s+of\s+|everything\s+(?:on|in)\s+)?){LINE}{_TAIL}", t, re.I)  # fmt: skip
    m = m or re.search(
        rf"^{LINE}\s+(?:should|must|needs\s+to|has\s+to|ought\s+to)\s+(?:be\s+)?(?:(?:in|into|to)\s+)?(?:all\s+)?(?:{UPPER}|(?P<low>{LOWER})){_TAIL}",
        t,
        re.I,
    )
    if m:
        low = m.groupdict().get("low") or m.groupdict().get("down")
        return ("line_case", int(re.search(LINE, m.group(0)).group(1)), "lower" if low else "upper")
    # one word's case: "put the word rent in capitals", "make 'rent' uppercase"
    m = re.search(rf"^(?:make|turn|put|set|write|change|convert)\s+(?:the\s+word\s+)?(\x00\d+\x00|[A-Za-z][\w'-]*)\s+(?:(?:in|into|to)\s+)?(?:{UPPER}|(?P<low>{LOWER})){_TAIL}", t, re.I)  # fmt: skip
    if m and not re.fullmatch(
        r"it|this|that|everything|all|them|the|text|document|file|LINE-?\d+", m.group(1), re.I
    ):
        word = _unquote(restore, m.group(1))
        return ("replace", word, word.lower() if m.group("low") else word.upper())
    # text at one end of a line: "add urgent to the end of line 4", "put 'Note: ' in front of line 3"
    m = re.search(rf"^(?:{INSERT})\s+(?P<what>.+?)\s+(?:(?:at|to|on|onto)\s+(?:the\s+)?(?P<side>start|beginning|front|end)\s+of|(?P<front>in\s+front\s+of))\s+(?:{LINE}|{SAID_LINE}|the\s+(?P<named>\x00\d+\x00|[\w'-]+)\s+line){_TAIL}", t, re.I)  # fmt: skip
    if m:
        ref = re.search(LINE, m.group(0)[m.end("what") - m.start() :])
        which = (
            int(ref.group(1))
            if ref
            else _unquote(restore, m.group("has") or m.group("starts") or m.group("named"))
        )
        what = _unquote(restore, m.group("what"))
        at_end = (m.group("side") or "").lower() == "end"
        mark = MARK_NAMES.get(re.sub(r"^(?:an?|one|the)\s+", "", what.lower()))
        if mark and at_end:  # "an exclamation mark at the end of line 1": the mark, unless it is there
            return ("end_with", mark, which) if isinstance(which, int) else ("affix_line", which, "end", mark)
        if mark:
            what = mark
        quoted = "\x00" in m.group("what")
        if not quoted and what and what[-1].isalnum() and not at_end:
            what += " "  # a word put before a line's text keeps a space after it
        elif not quoted and what and what[0].isalnum() and at_end:
            what = " " + what
        return ("affix_line", which, "end" if at_end else "start", what)
    # a new line beside another: "insert X after line 2", "add 'X' before the Pay line"
    m = re.search(rf"^(?:{INSERT})\s+(?:a\s+(?:new\s+)?line\s+(?:saying\s+|that\s+says\s+|reading\s+|with\s+)?)?(?P<what>.+?)\s+(?:on\s+a\s+new\s+line\s+|as\s+a\s+new\s+line\s+)?"
                  rf"(?:(?P<after>right\s+after|after|below|under|underneath|beneath|following)|(?P<before>right\s+before|before|above|ahead\s+of|over))\s+{LINE}{_TAIL}", t, re.I)  # fmt: skip
    if m:
        n = int(re.search(LINE, m.group(0)[m.end("what") - m.start() :]).group(1))
        what = _unquote(restore, m.group("what"))
        if re.fullmatch(r"(?:an?\s+)?(?:new\s+)?(?:blank|empty)(?:\s+line)?", what, re.I):
            what = ""
        after = bool(m.group("after"))
        if n > 0:
            return ("insert_at", n + 1 if after else n, what)
        return (
            ("append_line", what)
            if n == -1 and after
            else ("insert_beside", n, "after" if after else "before", what)
        )
    # a line's new text: "replace line 3 with X", "change the fourth line to say X", "line 2 should read X"
    m = re.search(rf"^(?:{CHANGE}|overwrite)\s+(?:the\s+(?:text|words?)\s+(?:of|on|in)\s+)?{LINE}\s+(?:with|to|into|so\s+(?:that\s+)?it\s+(?:says|reads))\s+(?:say\s+|read\s+|be\s+|the\s+text\s+)?(?!{NOT_TEXT})(?P<what>\x00\d+\x00|.+?){_FIXIT}", t, re.I) or re.search(
        rf"^{LINE}\s+(?:should|must|needs\s+to|ought\s+to|has\s+to)\s+(?:say|read|be)\s+(?!{NOT_TEXT})(?P<what>\x00\d+\x00|.+?){_FIXIT}", t, re.I)  # fmt: skip
    if m:
        n = int(re.search(LINE, m.group(0)).group(1))
        return ("set_line", n, _unquote(restore, m.group("what")))
    # one word for another in one line: "in line 2 change the to a", "replace X with Y on the last line"
    m = re.search(rf"^(?:{CHANGE})\s+(?P<old>\x00\d+\x00|[\w'-]+)\s+(?:with|to|for|into|by)\s+(?P<new>\x00\d+\x00|[\w'-]+)\s+(?:in|on)\s+{LINE}{_TAIL}", t, re.I) or re.search(
        rf"^(?:in|on)\s+{LINE},?\s+(?:{CHANGE})\s+(?P<old>\x00\d+\x00|[\w'-]+)\s+(?:with|to|for|into|by)\s+(?P<new>\x00\d+\x00|[\w'-]+){_TAIL}", t, re.I)  # fmt: skip
    if m:
        n = int(re.search(LINE, m.group(0)).group(1))
        return ("replace_in_line", n, _unquote(restore, m.group("old")), _unquote(restore, m.group("new")))
    # a line moved: "shift line 4 up to the top", "move the first line to the very end", "line 3 goes last"
    m = re.search(rf"^(?:{MOVE})\s+{LINE}\s+(?:(?:all\s+the\s+way\s+)?(?:up|down)\s+)?(?:to|at|onto)\s+(?:the\s+)?(?:very\s+)?(?P<where>top|bottom|end|start|beginning|front)(?:\s+of\s+(?:the\s+)?\w+)?{_TAIL}", t, re.I) or re.search(
        rf"^{LINE}\s+(?:should\s+|must\s+|needs\s+to\s+)?(?:go(?:es)?|come(?:s)?|be|belongs?)\s+(?:at\s+the\s+|to\s+the\s+|on\s+)?(?:very\s+)?(?P<where>top|bottom|end|start|first|last){_TAIL}", t, re.I)  # fmt: skip
    if m:
        where = m.group("where").lower()
        return (
            "move_line",
            int(re.search(LINE, m.group(0)).group(1)),
            "top" if where in ("top", "start", "beginning", "front", "first") else "bottom",
        )
    m = re.search(rf"^(?:{MOVE})\s+{LINE}\s+(?:(?:up|down)\s+)?(?:(?P<after>after|below|under|underneath|beneath)|(?P<before>before|above|ahead\s+of))\s+{LINE}{_TAIL}", t, re.I)  # fmt: skip
    if m:
        a, b = (int(x) for x in re.findall(LINE, m.group(0)))
        return ("move_beside", a, "after" if m.group("after") else "before", b)
    # two lines trade places: "swap lines 1 and 5", "lines 2 and 3 should trade places"
    t2 = re.sub(
        rf"\b(?:the\s+)?{_LINE_WORD}s\s+(\d+)\s+(?:and|&|with)\s+(\d+)\b", r"LINE\1 and LINE\2", t, flags=re.I
    )
    t2 = re.sub(rf"\b(?:the\s+)?({_ORD})\s+and\s+(?:the\s+)?({_ORD})\s+{_LINE_WORD}s\b",
                lambda m: f"LINE{_ord(m.group(1))} and LINE{_ord(m.group(2))}", t2, flags=re.I)  # fmt: skip
    m = re.search(rf"^(?:{SWAP})(?:\s+(?:round|around))?\s+{LINE}\s+(?:and|with|&)\s+{LINE}(?:\s+(?:round|around))?{_TAIL}", t2, re.I) or re.search(
        rf"^{LINE}\s+(?:and|&)\s+{LINE}\s+(?:should\s+|need\s+to\s+|must\s+)?(?:be\s+)?(?:swap(?:ped)?|switch(?:ed)?|trade\s+places|change\s+places|swap\s+places|switch\s+places|exchange(?:d)?|flipped|the\s+wrong\s+way\s+round|in\s+the\s+wrong\s+order)\b", t2, re.I)  # fmt: skip
    if m:
        a, b = (int(x) for x in re.findall(LINE, m.group(0)))
        if a != b:
            return ("swap_lines", a, b)
    # a line copied: "duplicate line 1", "make a copy of the last line"
    m = re.search(rf"^(?:(?:{DUPLICATE})|make\s+(?:a\s+)?(?:copy|duplicate)\s+of)\s+{LINE}(?P<end>\s+(?:at|to)\s+the\s+(?:end|bottom))?{_TAIL}", t, re.I)  # fmt: skip
    if m:
        return ("duplicate_line", int(re.search(LINE, m.group(0)).group(1)), bool(m.group("end")))
    return _said_goal(t, restore)


DOCUMENT = r"(?:the\s+|this\s+|my\s+)?(?:document|file|text|list|notes?|page|whole\s+thing)"
END = rf"(?:(?:at|to|on|onto)\s+(?:the\s+)?(?:very\s+)?(?P<end>end|bottom)(?:\s+of\s+{DOCUMENT})?|as\s+(?:a\s+|the\s+)?(?:new\s+)?LINE-1|at\s+the\s+end)"
TOP = (rf"(?:(?:at|to|on)\s+the\s+(?:very\s+)?(?:top|start|beginning)(?:\s+of\s+{DOCUMENT})?|as\s+(?:a\s+|the\s+)?(?:new\s+)?LINE1|"
       r"(?:above|before|ahead\s+of)\s+everything(?:\s+else)?)")  # fmt: skip
NEW_LINE = r"(?:(?:a|another|one\s+more|an\s+extra)\s+(?:new\s+)?line|a\s+new\s+line)(?:\s*:\s*|\s+(?:saying|that\s+says|reading|with)\s+|\s+)"
OLD_NEW = r"(?P<{}>\x00\d+\x00|[\w'-]+(?:\s+[\w'-]+){{0,2}}?)"


def _whole_document(t: str, restore: Callable[[str], str]) -> tuple | None:
    """Edits of the whole document said loosely: a line added at its end or top ("write X on a new line at the
    bottom", "add another line: X", "start the document with X"), one text for another ("switch out X for Y",
    "substitute Y for X", "put Y instead of X", "I wrote X but meant Y"), every letter in capitals."""
    k = lambda v: _unquote(restore, v)  # noqa: E731
    # "append X to the document", "add a line to the list: X": the open document is where, not what
    t = re.sub(
        rf"\s+(?:to|into|in|onto|on)\s+{DOCUMENT}(?=\s*[:,.!?]|\s*$|\s+and\s+save\b)", "", t, flags=re.I
    )
    what = r"(?P<what>\x00\d+\x00|[^:]+?)"
    # not new text: a line's place, a file ("append X to notes.txt" is read elsewhere), words said again after
    # a slip, or words that only point at something ("add something at the end" asks what)
    lone = (r"\bLINE-?\d|\b(?:after|before|below|above|under|between|sorry|wait|i\s+mean|copy\s+of|line\s+(?:first|second|third|last|bottom|top))\b|"
            r"\b(?:and|then)\s+(?:delete|remove|save|open|copy|paste|select|close|undo|type|write|add|put|move|rename|make|change|replace|clear)\b|"
            r"\.\.|[\w*-]\.[a-z]\w{0,4}\b|~/|\x00\d+\x00\s*\S|\S\s*\x00\d+\x00|"
            r"^(?:something|anything|stuff|whatever|it|this|that|them|(?:the|that|this)\s+(?:thing|stuff|one|bit)\b)")  # fmt: skip
    m = re.search(rf"^(?:{INSERT}|pop|stick)\s+(?:{NEW_LINE})?{what}(?:\s+in)?\s+(?:(?:on|as)\s+(?:a\s+)?(?:new|separate|fresh)\s+line\s+)?{END}{_END}", t, re.I)  # fmt: skip
    if m and not re.search(lone, m.group("what"), re.I):
        return ("append_line", k(m.group("what")))
    m = re.search(rf"^(?:{INSERT})\s+(?:{NEW_LINE})?{what}(?:\s+in)?\s+(?:(?:on|as)\s+(?:a\s+)?(?:new|separate)\s+line\s+)?{TOP}{_END}", t, re.I) or re.search(
        rf"^(?:start|begin|open)\s+{DOCUMENT}\s+with\s+(?:a\s+line\s+(?:saying\s+)?|the\s+(?:line|words?)\s+)?{what}{_END}", t, re.I)  # fmt: skip
    if m and not re.search(lone, m.group("what"), re.I):
        blank = re.fullmatch(r"(?:an?\s+)?(?:new\s+)?(?:blank|empty)(?:\s+line)?", m.group("what"), re.I)
        return ("insert_line", "" if blank else k(m.group("what")))
    m = re.search(rf"^(?:{INSERT})\s+{NEW_LINE}{what}{_END}", t, re.I) or re.search(
        rf"^(?:append|tack\s+on)\s+{what}{_END}", t, re.I
    )
    if m and re.search(
        r"\s(?:to|into|onto)\s+\S+$", m.group("what")
    ):  # "append X to readme": X goes to a file
        m = None
    if m and not re.search(
        lone + r"|\b(?:at|to|on)\s+(?:the\s+)?(?:very\s+)?(?:top|start|beginning|end|bottom)\b",
        m.group("what"),
        re.I,
    ):
        return ("append_line", k(m.group("what")))
    # one text for another
    old, new = OLD_NEW.format("old"), OLD_NEW.format("new")
    end = r"(?:\s+(?:instead|now))*[\s.!?]*$"
    m = (re.search(rf"^(?:switch|swap|change|trade)\s+out\s+(?:the\s+word\s+)?{old}\s+(?:for|with)\s+{new}{end}", t, re.I)
         or re.search(rf"^(?:wherever|everywhere|where)\s+it\s+says\s+{old}\s*,?\s+(?:write|put|use|have\s+it\s+say|make\s+it(?:\s+say)?)\s+{new}{end}", t, re.I)
         or re.search(rf"^i\s+(?:wrote|typed|put)\s+{old}\s*,?\s+but\s+(?:i\s+)?meant\s+{new}{end}", t, re.I)
         or re.search(rf"^(?:change|replace|turn|correct|swap)\s+the\s+words?\s+{old}\s+(?:to|with|into|for|by)\s+(?:the\s+word\s+)?{new}{end}", t, re.I))  # fmt: skip
    m2 = re.search(rf"^substitute\s+{new}\s+for\s+{old}{end}", t, re.I) or re.search(
        rf"^(?:put|use|write|type|have|make\s+it\s+say|say)\s+{new}\s+instead\s+of\s+{old}{end}", t, re.I)  # fmt: skip
    m = m or m2
    marks = rf"(?:{'|'.join(MARK_NAMES)}|slash|backslash|space|tab)(?:e?s)?"
    if m and not any(re.fullmatch(NOT_KEY + "|" + marks, m.group(g), re.I) for g in ("old", "new")):
        return ("replace", k(m.group("old")), k(m.group("new")))
    # every letter in capitals: "turn all the letters into capitals", "capitalise every letter"
    if re.search(rf"^(?:(?:make|turn|put|set|change|convert|switch|write)\s+)?(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:whole\s+)?(?:letters|text|everything|it|{DOCUMENT})\s+(?:in|into|to)\s+(?:all\s+)?{UPPER}{_END}", t, re.I) or re.search(
            r"^(?:capitali[sz]e|uppercase)\s+(?:every|each|all\s+(?:the\s+)?)\s*(?:letter|letters)\b(?:\s+in\s+(?:the\s+)?(?:document|file|text))?[\s.!]*$", t, re.I):  # fmt: skip
        return ("upper",)
    return None


COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
EVERY_LINE = r"(?:\s+(?:of|on|from|in|at)\s+(?:each|every|all(?:\s+(?:of\s+)?the)?|the)\s+lines?|\s+(?:everywhere|throughout))?"
GONE_SAID = r"(?:don'?t|do\s+not|no\s+longer)\s+need\s+(?:the\s+|any\s+|my\s+|to\s+)?"


def _document_shapes(t: str, restore: Callable[[str], str]) -> tuple | None:
    """Whole-document and line edits said by their shape: spaces trimmed at the ends of the lines, the lines in
    the opposite order, lines joined ("merge the top two lines"), the middle line(s) going, a new line given
    its place ("as LINE3"), a line commented out, the whole text said anew ("replace everything with: X"),
    repeats kept once, and a line that goes because of what was said before ("I don't need X, remove it")."""
    k = lambda v: _unquote(restore, v)  # noqa: E731
    m = re.search(rf"^(?:{DELETE}|trim|strip|clean\s+up|tidy\s+up|chop)\s+(?:off\s+|out\s+|away\s+)?(?:the\s+|any\s+|all\s+(?:the\s+)?)?"
                  r"(?P<side>(?:leading|trailing|extra|stray|surrounding)(?:\s+(?:and|&|or|\/)\s+(?:leading|trailing))?\s+)?(?:white\s*-?\s*space|spaces|blanks)"
                  r"(?:\s+(?:at|from|on)\s+(?:the\s+|both\s+)?(?P<ends>(?:start|beginning|end|front|ends?|sides?)(?:\s+(?:and|&|or)\s+(?:the\s+)?(?:start|beginning|end|front))?))?"
                  rf"{EVERY_LINE}(?:\s+(?:of|on|from|in|at)\s+(?:the\s+)?(?:start|beginning|end|front)(?:\s+(?:and|&)\s+(?:the\s+)?(?:start|beginning|end))?)?{_TAIL}", t, re.I)  # fmt: skip
    if m or re.search(rf"^(?:trim|strip)(?:\s+(?:the\s+)?(?:lines|text|document|file|it|everything))?{EVERY_LINE}{_TAIL}", t, re.I):  # fmt: skip
        said = (m.group(0) if m else t).lower()
        left = re.search(r"leading|start|beginning|front", said)
        right = re.search(r"trailing|\bend\b", said)
        return ("strip_lines", "left" if left and not right else "right" if right and not left else "both")
    if not re.search(r"\balphabet|\bsort|\ba\s*(?:to|-)\s*z\b|\bz\s*(?:to|-)\s*a\b", t, re.I) and re.search(
        r"^(?:put|arrange|order|list|write|have|set|rearrange|reorder)\s+(?:the\s+|all\s+(?:the\s+)?|my\s+|these\s+)?(?:lines|items|list|entries|names|things|it|them|everything)\s+"
        r"(?:in\s+(?:the\s+)?|into\s+(?:the\s+)?)?(?:opposite|reverse|reversed|backwards?|inverse|inverted)\s+order"
        rf"|^(?:reverse|invert|flip)\s+(?:the\s+)?order(?:\s+of\s+(?:the\s+|all\s+(?:the\s+)?)?(?:lines|items|list|entries))?{_TAIL}"
        r"|^(?:turn|flip)\s+(?:the\s+)?(?:list|lines)\s+upside\s+down\b", t, re.I):  # fmt: skip
        return ("reverse_lines",)
    sep = r"(?:\s+(?:with|using|by)\s+(?:a\s+)?(?P<sep>space|comma|nothing|no\s+space))?"
    m = re.search(rf"^(?:join|merge|combine|unite)\s+(?:together\s+)?{LINE}\s+(?:and|&|with|to|onto)\s+{LINE}(?:\s+(?:together|into\s+one(?:\s+line)?))?{sep}{_TAIL}", t, re.I)  # fmt: skip
    if m:
        a, b = sorted((int(m.group(1)), int(m.group(2))), key=lambda n: n if n > 0 else 10**6 + n)
        gap = {"comma": ", ", "nothing": "", "no space": ""}.get((m.group("sep") or "space").lower(), " ")
        return ("join_range", a, b, gap)
    m = re.search(rf"^(?:join|merge|combine|unite)\s+(?:together\s+)?(?:the\s+)?(?:very\s+)?(?P<end>first|top|opening|last|bottom|final)\s+(?P<n>two|three|four|[234])\s+(?:lines|rows|entries|items)"
                  rf"(?:\s+(?:together|into\s+one(?:\s+line)?))?{sep}{_TAIL}", t, re.I)  # fmt: skip
    if m:
        n = COUNTS[m.group("n").lower()]
        gap = {"comma": ", ", "nothing": "", "no space": ""}.get((m.group("sep") or "space").lower(), " ")
        top = m.group("end").lower() in ("first", "top", "opening")
        return ("join_range", 1, n, gap) if top else ("join_range", -n, -1, gap)
    m = re.search(rf"^(?:{DELETE})\s+(?:the\s+)?(?:(?P<n>two|three|2|3)\s+)?(?:middle|center|centre|central)\s+(?:(?P<n2>two|three|2|3)\s+)?(?:lines?|rows?|entr(?:y|ies)|items?)(?:\s+in\s+the\s+middle)?{_TAIL}", t, re.I) or re.search(
        rf"^(?:{DELETE})\s+(?:the\s+)?(?:(?P<n>two|three|2|3)\s+)?(?:lines?|rows?|entr(?:y|ies)|items?)\s+in\s+the\s+(?:middle|centre|center)(?:\s+of\s+{DOCUMENT})?{_TAIL}", t, re.I)  # fmt: skip
    if m:
        n = m.groupdict().get("n") or m.groupdict().get("n2")
        return ("delete_middle", COUNTS[n.lower()] if n else 1)
    m = re.search(rf"^(?:{INSERT})\s+(?:{NEW_LINE})?(?P<what>\x00\d+\x00|.+?)(?:\s+in)?\s+(?:as|at|to\s+be)\s+(?:the\s+)?(?:new\s+)?{LINE}{_TAIL}", t, re.I)  # fmt: skip
    if m and not re.search(
        r"\bLINE-?\d|\b(?:after|before|below|above|under|sorry|wait|actually|i\s+mean)\b|\.\.|\x00\d+\x00\s*\S|\S\s*\x00\d+\x00",
        m.group("what"),
        re.I,
    ):
        n = int(m.group(2))
        what = k(m.group("what"))
        if n > 0:
            return ("insert_at", n, what)
        if n == -1:
            return ("append_line", what)
    m = re.search(rf"^(?:comment\s+out|comment)\s+(?:{LINE}|{SAID_LINE}|the\s+(?P<named>\x00\d+\x00|[\w'&$.:=-]+(?:\s+[\w'&$.:=-]+)?)\s+(?:line|entry|setting|option))"
                  rf"(?:\s+(?:with|using)\s+(?:a\s+|an\s+)?(?P<mark>\x00\d+\x00|#|//|;|--|hash(?:\s+sign)?|pound\s+sign|double\s+slash))?{_TAIL}", t, re.I)  # fmt: skip
    if m:
        ref = re.match(LINE, m.group(0)[len(re.match(r"comment(?:\s+out)?\s+", m.group(0), re.I).group(0)) :])
        which = int(ref.group(1)) if ref else k(m.group("has") or m.group("starts") or m.group("named"))
        mark = k(m.group("mark")) if m.group("mark") else "#"
        mark = {"hash": "#", "hash sign": "#", "pound sign": "#", "double slash": "//"}.get(
            mark.lower(), mark
        )
        return ("affix_line", which, "start", mark)
    m = re.search(r"^(?:replace|overwrite|swap)\s+(?:everything|all\s+(?:of\s+)?(?:the\s+)?(?:text|it|contents?|words)|the\s+(?:whole\s+|entire\s+)?(?:text|contents?|document|file|thing|note)|it\s+all|all\s+of\s+it|all)"
                  r"(?:\s+(?:in\s+)?(?:here|there|it|(?:the|this|my)\s+(?:file|document|note|doc)))?(?:\s+(?:that'?s|which\s+is)\s+there)?\s+(?:with|by)\s*:?\s*(?:just\s+|only\s+|simply\s+)?(?P<what>\x00\d+\x00|.+?)[\s.!]*$", t, re.I) or re.search(
        rf"^(?:{INSERT})\s+(?:just\s+)?(?P<what>\x00\d+\x00|.+?)\s+as\s+the\s+(?:only|sole|whole|entire)\s+(?:text|thing|line|words?|contents?)(?:\s+(?:in|of)\s+(?:the\s+|this\s+)?(?:file|document|note|doc))?{_TAIL}", t, re.I)  # fmt: skip
    if m and not re.search(r"\bLINE-?\d", m.group("what")):
        return ("set_text", k(m.group("what")))
    old, new = OLD_NEW.format("old"), OLD_NEW.format("new")
    m = re.search(rf"^(?:(?:fix|correct|change|replace|make)\s+(?:the\s+)?(?:(?:typo|spelling|misspelling|mistake|word|error)s?\s*:?\s*)?)?{old}\s*(?:->|\u2192|=>|-+>)\s*{new}(?:\s+(?:everywhere|throughout|all\s+over))?{_TAIL}", t, re.I)  # fmt: skip
    if m:  # "fix the typo teh -> the", "colour -> color"
        return ("replace", k(m.group("old")), k(m.group("new")))
    things = r"(?:\s+(?:it|them|everything|(?:the|this|my)\s+(?:lines|list|items|names|entries|file|document|text|lot)|(?:all\s+)?(?:the\s+)?(?:lines|items|names|entries)))?"
    m = re.search(rf"^(?:sort|alphabeti[sz]e|order|arrange)(?P<what>{things})(?:\s+(?:alphabetically|(?:in\s+)?(?P<rev>z\s*(?:to|-)\s*a|reverse\s+alphabetical(?:\s+order)?)|(?:from\s+)?a\s*(?:to|-)\s*z|in\s+alphabetical\s+order|by\s+name))?{_TAIL}", t, re.I)  # fmt: skip
    if m and (
        m.group(0).lower().startswith(("sort", "alphabeti"))
        or re.search(r"alphabet|a\s*(?:to|-)\s*z", m.group(0), re.I)
    ):
        return ("sort_reverse",) if m.group("rev") else ("sort",)
    if re.search(rf"^(?:number|add\s+numbers\s+to)(?:\s+(?:them|it|each\s+(?:line|item|one)|every\s+(?:line|item|one)|(?:all\s+)?(?:the\s+)?(?:lines|items|entries|steps|points)))(?:\s+(?:in\s+order|from\s+(?:1|one)))?{_TAIL}", t, re.I):  # fmt: skip
        return ("number_lines", "", ". ")
    if re.search(r"^(?:de-?dup(?:e|licate)?|uniq)(?:\s+(?:the|this|my)\s+\w+|\s+it|\s+them)?" + _TAIL, t, re.I) or re.search(
        r"\b(?:keep|leave)\s+(?:just\s+|only\s+)?(?:one|a\s+single\s+one|1)\s+(?:of\s+(?:each|every\s+one|them\s+each)|copy\s+of\s+each|each)\b", t, re.I):  # fmt: skip
        return ("dedupe_lines",)
    m = re.search(rf"^(?:i\s+|we\s+)?{GONE_SAID}(?P<key>[\w' ]+?)(?:\s+(?:any\s*more|now|after\s+all))?\s*[,;.\u2014-]+\s*(?:so\s+)?(?:(?:please|just)\s+)?(?:{DELETE}|cross|tick|strike)\s+(?:that|it|this|them)"
                   r"(?:\s+(?:line|item|one|entry|bit))?(?:\s+(?:off|out))?(?:\s+(?:of|from)\s+(?:the|my|this)\s+(?:list|note|file|document))?(?:\s*\(.*\))?[\s.!]*$", t, re.I) or re.search(
        rf"^(?:i\s+|we\s+)?(?:already\s+|just\s+)?(?:\w+ed|paid|bought|sent|got|did|done|made|met|rang|took)\s+(?:the\s+|my\s+|our\s+)?(?P<key>[\w' ]+?)(?:\s+(?:yesterday|today|already|earlier|this\s+morning|last\s+night))?\s*[,;.\u2014-]+\s*"
        rf"(?:so\s+)?(?:(?:please|just)\s+)?(?:{DELETE}|cross|tick|strike)\s+(?:that|it|this)(?:\s+(?:line|item|one|entry|task|bit))?(?:\s+(?:off|out))?(?:\s+(?:of|from)\s+(?:the|my|this)\s+(?:list|note|file|document))?(?:\s*\(.*\))?[\s.!]*$", t, re.I)  # fmt: skip
    pointing = r"(?:that|this|the|it|one|those|these|them)(?:\s+(?:one|thing|bit|item|line|task|lot))?"
    not_line = r"[\w-]\.[a-z]\w{0,4}\b|/|\b(?:folder|directory|file|app|downloads|documents|desktop|pictures|music|videos)\b"
    if (
        m
        and not re.fullmatch(NOT_KEY + "|" + pointing, m.group("key"), re.I)
        and not re.search(not_line, restore(m.group("key")), re.I)
    ):
        return ("delete_matching", k(m.group("key")))
    return _lines_by_words(t, restore)


def _lines_by_words(t: str, restore: Callable[[str], str]) -> tuple | None:
    """Lines named by their words moved, swapped or cut after, and words said anew: "move figs above pears",
    "shift the rent line down one", "swap the rent and gas lines", "delete everything below Totals",
    "make pears say ripe pears", "I want tea instead of coffee", "remove 'x'"."""
    k = lambda v: _unquote(restore, v)  # noqa: E731
    line_of = r"(?:the\s+)?(?:(?:line|entry|item|row)\s+(?:with|saying|that\s+says|containing|about)\s+)?"
    key = r"(?P<{}>\x00\d+\x00|[\w'&$.:-]+(?:\s+(?!(?:up|down|above|below|before|after|under|to|and|with|by|one|a)\b)[\w'&$.:-]+){{0,3}}?)"
    moved = (
        r"move|shift|bring|take|push|pull|relocate|bump|drag"  # not "put": "put X under Y" may be new text
    )
    m = re.search(rf"^(?:{moved})\s+{line_of}{key.format('what')}(?:\s+(?:line|entry|item|row))?\s+(?:(?:up|down)\s+)?(?:(?:to\s+)?(?:(?:right|just|directly)\s+)?(?P<after>after|below|under|underneath|beneath)|(?:(?:right|just|directly)\s+)?(?P<before>before|above|ahead\s+of))\s+{line_of}{key.format('b')}(?:\s+(?:line|entry|item|row))?{_TAIL}", t, re.I)  # fmt: skip
    if (
        m
        and not re.search(r"\bLINE-?\d", m.group(0))
        and not any(re.fullmatch(NOT_KEY + r"|everything|all|it", m.group(g), re.I) for g in ("what", "b"))
    ):
        return ("place_line", k(m.group("what")), k(m.group("b")), "after" if m.group("after") else "before")
    m = re.search(rf"^(?:move|shift|bump|push|nudge)\s+(?:{LINE}|{line_of}{key.format('what')}(?:\s+(?:line|entry|item|row))?)\s+(?P<way>up|down|higher|lower)(?:\s+(?:by\s+)?(?:one|1|a)(?:\s+(?:line|place|spot|row|notch))?)?{_TAIL}", t, re.I)  # fmt: skip
    apps = r"|(?:the\s+)?(?:calc\w*|terminal|browser|editor|window|spreadsheet|app|page|screen|volume|brightness|text|font)"
    if m and not (
        m.group("what") and re.fullmatch(NOT_KEY + r"|everything|all" + apps, m.group("what"), re.I)
    ):
        which = int(m.group(1)) if m.group(1) else k(m.group("what"))
        return ("shift_line", which, -1 if m.group("way").lower() in ("up", "higher") else 1)
    m = re.search(rf"^(?:{SWAP})(?:\s+(?:round|around))?\s+(?:the\s+)?(?:(?:lines|entries|items|rows)\s+(?:with|for|saying)\s+)?{key.format('a')}\s+(?:and|&|with)\s+(?:the\s+)?{key.format('b')}\s+(?:lines|entries|items|rows)(?:\s+(?:round|around))?{_TAIL}", t, re.I) or re.search(
        rf"^(?:{SWAP})(?:\s+(?:round|around))?\s+(?:the\s+)?(?:lines|entries|items|rows)\s+(?:with|for|saying|about)\s+{key.format('a')}\s+(?:and|&|with)\s+{key.format('b')}{_TAIL}", t, re.I)  # fmt: skip
    if (
        m
        and not re.search(r"\bLINE-?\d", m.group(0))
        and not any(
            re.fullmatch(NOT_KEY + r"|order|first|last|top|bottom", m.group(g), re.I) for g in ("a", "b")
        )
        and not any(re.fullmatch(rf"{_ORD}|\d+|{'|'.join(CARDINALS)}", m.group(g), re.I) for g in ("a", "b"))
    ):
        return ("swap_said", k(m.group("a")), k(m.group("b")))
    m = re.search(rf"^(?:{DELETE})\s+(?:everything|all(?:\s+the\s+(?:lines|rest))?|the\s+rest|every\s+line|all\s+(?:of\s+)?the\s+lines)\s+(?:after|below|under|underneath|beneath|following)\s+(?:{LINE}|{line_of}{key.format('b')}(?:\s+(?:line|entry|item|row))?){_TAIL}", t, re.I)  # fmt: skip
    if m:
        if m.group(1):
            n = int(m.group(1))
            return ("keep_lines", n) if n > 0 else None
        if not re.fullmatch(NOT_KEY, m.group("b"), re.I):
            return ("keep_until", k(m.group("b")))
    old, new = OLD_NEW.format("old"), OLD_NEW.format("new")
    m = re.search(rf"^make\s+(?:the\s+word\s+)?{old}\s+(?:say|read)\s+{new}{_TAIL}", t, re.I)
    m2 = re.search(rf"^(?:i|we)(?:\s+(?:want|need|would\s+like|prefer)|'d\s+(?:like|prefer))\s+{new}\s+(?:instead\s+of|rather\s+than|not)\s+{old}{_TAIL}", t, re.I)  # fmt: skip
    m = m or m2
    if (
        m
        and not re.search(r"[\w-]\.[a-z]\w{0,4}\b|~/|/", restore(m.group(0)))
        and not any(
            re.fullmatch(NOT_KEY + r"|[A-Za-z]{1,2}\d{1,5}", m.group(g), re.I) for g in ("old", "new")
        )
        and not re.search(r"\b(?:document|file|note|page|text|cell|column|row)\b", m.group("old"), re.I)
    ):
        return ("replace", k(m.group("old")), k(m.group("new")))
    m = re.search(rf"^(?:{DELETE})\s+(?:the\s+(?:word|words|text|phrase)\s+)?(\x00\d+\x00){_TAIL}", t, re.I)
    if m and not re.search(r"[\w-]\.[a-z]\w{0,4}$|/", k(m.group(1))):  # "remove 'see attached'": those words
        return ("delete_text", k(m.group(1)))
    return None


VALUE = (r"(?:[\w.+-]+@[\w-]+\.[\w.]*\w|\+?\(?\d[\d()]*(?:[ .-]\d+)+|\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\d{1,2}:\d{2}|"
         r"\d{4}-\d{2}-\d{2}|\d+(?:[.,]\d+)?(?:\s*%)?|\x00\d+\x00)")  # fmt: skip
KEY = r"(?:\x00\d+\x00|[A-Za-z][\w'-]*(?:\s+(?!(?:line|is|are|should|must|needs?|has|have|to|be)\b)[A-Za-z][\w'-]*)?)"
REASON = r"(?:[^,;.\u2014]*?[,;.\u2014]+\s*|[^,;.\u2014]*?\s+-\s+)"  # a remark before the request ("we released a new one, ...")
GOES = r"(?:needs?\s+to|has\s+to|have\s+to|can|should|must|may)\s+(?:go|be\s+(?:removed|deleted|dropped|taken\s+off|crossed\s+off)|come\s+off)"
NOT_KEY = (
    r"(?:it|this|that|they|them|everything|the|a|an|he|she|there|line|file|document|text|list|LINE-?\d+)"
)


def _said_goal(t: str, restore: Callable[[str], str]) -> tuple | None:
    """Edits said as how the document should end up, or why: a labelled value ("rent should be 900"), a word
    said to be wrong ("the street is misspelt, it's Elm"), the whole text ("it should only say X"), a line that
    goes because of something ("Ivo left, so he has to go"), a line placed between others, repeats, case."""
    k = lambda v: _unquote(restore, v)  # noqa: E731
    # the whole document: "this note must only read X", "I need the text to contain exactly: X"
    m = re.search(r"^(?:i\s+(?:want|need|'d\s+like|would\s+like)\s+)?(?:the\s+|this\s+|my\s+)?(?:file|document|note|text|page|whole\s+thing|it)\s+"
                  r"(?:should|to|must|needs\s+to|has\s+to)\s+(?:just\s+|only\s+|simply\s+)?(?:say|read|contain|be|hold)\s+(?:exactly\s+|only\s+|just\s+)?"
                  r"(?:this\s+)?(?:and\s+nothing\s+else\s*)?:?\s*(?P<what>\x00\d+\x00|.+?)(?:,?\s+and\s+nothing\s+else)?[\s.]*$", t, re.I)  # fmt: skip
    if m:
        return ("set_text", k(m.group("what")))
    m = re.search(r"^(?:finish|complete|extend|continue)\s+(?:the|this|my)\s+(?:sentence|line|text)\s+so\s+(?:that\s+)?it\s+(?:reads|says)\s+(?P<what>\x00\d+\x00|.+?)[\s.]*$", t, re.I)  # fmt: skip
    if m:
        return ("complete_line", k(m.group("what")))
    # a new first or last line said with a colon: "a fresh opening line: X", "new final line: Y"
    m = re.search(r"^(?:i\s+(?:want|need|'d\s+like)\s+)?(?:a\s+|the\s+)?(?:new\s+)?(?:(?P<top>LINE1)|(?P<end>LINE-1))"
                  r"(?:\s+(?:please|at\s+the\s+(?:top|start|end|bottom)))*\s*:\s*(?P<what>.+?)[\s]*$", t, re.I)  # fmt: skip
    if m:
        return ("insert_line" if m.group("top") else "append_line", k(m.group("what")))
    # a value of a line named by its words: "rent should be 900 now", "the sugar line must read 3 spoons sugar"
    m = re.search(rf"^{REASON}?(?:the\s+|my\s+|our\s+)?(?P<key>{KEY})\s+(?:line|entry|item|row)\s+(?:has\s+to|should|must|needs\s+to|ought\s+to)\s+(?:now\s+)?(?:say|read|be)\s+(?!(?:at|to|on|in)\s+(?:the\s+)?(?:very\s+)?(?:top|bottom|end|start|beginning|front|first|last)\b|first\b|last\b|{NOT_TEXT})(?P<new>\x00\d+\x00|.+?)(?:\s+(?:instead|now))*[\s.]*$", t, re.I) or re.search(
        rf"^{REASON}?(?:the\s+|my\s+|our\s+)?(?P<key>{KEY})\s+(?:should|must|needs\s+to|has\s+to|ought\s+to)\s+(?:now\s+)?(?:say|read|be)\s+(?:set\s+to\s+)?(?P<new>{VALUE}(?:\s+(?!(?:instead|now)\b)[A-Za-z]+){{0,2}})(?:\s+(?:instead|now))*[\s.]*$", t, re.I) or re.search(
        rf"^(?:the\s+|my\s+)?(?P<key>{KEY})\s+(?:is|was|are)\s+(?:spelled\s+|spelt\s+|written\s+)?(?:wrong|incorrect|incorrectly|misspelt|misspelled|a\s+typo)\W+(?:it'?s|it\s+is|it\s+should\s+be|should\s+be)\s+(?P<new>\x00\d+\x00|[\w'-]+(?:\s+[\w'-]+)?)[\s.!]*$", t, re.I) or re.search(
        r"^(?P<key>[A-Z][\w'-]*)\b[^,;]*[,;]\s*(?:so\s+)?(?:he|she|they|it)(?:'s|\s+is|'re|\s+are)\s+(?:now\s+)?(?:in|at|on|with)?\s*(?P<new>[\w'-]+(?:\s+[\w'-]+)?)\s+now[\s.!]*$", t)  # fmt: skip
    if m and not re.fullmatch(NOT_KEY, m.group("key"), re.I):
        return ("set_said", k(m.group("key")), k(m.group("new")))
    m = re.search(rf"\bto\s+(?P<new>{VALUE})\b.*\b(?:update|change|fix|correct|edit)\s+(?:the\s+)?(?:line|entry|item)\s+(?:about|with|for|on|of)\s+(?:the\s+|my\s+)?(?P<key>{KEY})[\s.!]*$", t, re.I)  # fmt: skip
    if m:
        return ("set_said", k(m.group("key")), k(m.group("new")))
    # a line that goes, said by why: "Ivo left, so he has to go", "fed the fish, so that task may go"
    m = re.search(rf"^(?:just\s+|only\s+)?(?:the\s+)?(?P<key>{KEY})\s+{GOES}(?:\s+(?:from|off)\s+(?:the\s+|this\s+|my\s+)?[\w ]*?(?:list|note|file|document))?[\s.!]*$", t, re.I) or re.search(
        rf"^(?P<key>[A-Z][\w'-]*)\b.*?\b(?:so\s+)?(?:he|she|they)\s+{GOES}\b", t) or re.search(
        rf"^(?:i\s+|we\s+)?(?:already\s+|just\s+)?(?:\w+ed|paid|bought|sent|got|did|done|made|met|rang|took)\s+(?:the\s+|my\s+|our\s+)?(?P<key>[\w' ]+?)(?:\s+(?:yesterday|today|already|earlier|this\s+morning|last\s+night))?\s*[,;.\u2014-]+\s*(?:so\s+)?(?:that|this|the|it)(?:\s+(?:item|line|one|entry|task|bit))?\s+{GOES}", t, re.I)  # fmt: skip
    if m and not re.fullmatch(NOT_KEY, m.group("key"), re.I):
        return ("delete_matching", k(m.group("key")))
    # a line placed: "tea goes between cups and saucers", "Rice should come before Beans"
    m = re.search(rf"^(?:\w+,\s+)?(?P<what>{KEY})\s+(?:must|should|needs\s+to|has\s+to|goes|belongs|comes)\s+(?:be\s+|go\s+|sit\s+|come\s+)?(?:in\s+)?between\s+(?P<a>{KEY})\s+and\s+(?P<b>{KEY})[\s.!]*$", t, re.I)  # fmt: skip
    if m and not re.fullmatch(NOT_KEY, m.group("what"), re.I):
        return ("place_line", k(m.group("what")), k(m.group("a")), "after")
    m = re.search(rf"^(?P<what>{KEY})\s+(?:must|should|needs\s+to|has\s+to|goes|belongs|comes)\s+(?:be\s+|go\s+|come\s+)?(?:the\s+\w+\s+\w+\s*,?\s+|\w+\s*,\s+)?(?:(?P<before>before|above|ahead\s+of)|(?P<after>after|below|under))\s+(?P<b>{KEY})[\s.!]*$", t, re.I)  # fmt: skip
    if m and not re.fullmatch(NOT_KEY, m.group("what"), re.I):
        return ("place_line", k(m.group("what")), k(m.group("b")), "after" if m.group("after") else "before")
    m = re.search(r"\bbetween\s+the\s+(?:other\s+)?(?:two|2)(?:\s+\w+)?\b", t, re.I)
    said = re.search(r"(\x00\d+\x00)", t) or re.search(r":\s*(.+?)\s*$", t)
    if (
        m
        and said
        and re.search(r"\b(?:add|put|insert|need|needs|should|missing|one\s+more|another|new)\b", t, re.I)
    ):
        return ("insert_at", 2, k(said.group(1)))
    # repeats: "'soon' comes up 3 times", "one 'so' too many"
    if re.search(
        r"\b(?:appears?|shows?\s+up|is\s+(?:there|listed|in\s+(?:there|it))|comes?\s+up|occurs?)\s+(?:two|2|three|3|several|multiple)\s+times\b",
        t,
        re.I,
    ):
        return ("dedupe_lines",)
    m = re.search(r"\bone\s+(\x00\d+\x00|[\w'-]+)\s+too\s+many\b", t, re.I)
    if m:
        w = k(m.group(1))
        return ("replace", f"{w} {w}", w)
    # case: "the towns want capital first letters", "only the first letter must stay a capital"
    if re.search(
        r"\bonly\s+(?:the\s+)?(?:very\s+)?first\s+letter\s+(?:should|must|needs\s+to|has\s+to|can|may|ought\s+to)\s+(?:be|stay|remain)\s+(?:a\s+)?(?:capital|upper\s*case|big)",
        t,
        re.I,
    ):
        return ("sentence_case",)
    if re.search(
        r"\b(?:give|make)\s+(?:them|each|every|all)\b.*\bcapital\s+first\s+letters?\b|\bcapital\s+first\s+letters?\b",
        t,
        re.I,
    ):
        return ("title_case", 0)
    # a value said, then corrected: "lunch is 1pm - no, actually it's 1:15pm"
    m = re.search(rf"(?P<old>{VALUE})\W+(?:(?:hmm|no|wait|sorry|oh|um)\W+)*actually,?\s+(?:make\s+(?:it|that)|it'?s|it\s+is|change\s+(?:it|that)\s+to|(?:it\s+)?should\s+be)\s+(?P<new>{VALUE})[\s.!]*$", t, re.I)  # fmt: skip
    if m:  # the value said first was itself a slip: the document's value of that kind gives way
        return ("replace_like", k(m.group("new")))
    # a line moved, said by why: "taxes are due first, so they go at the top"
    m = re.search(rf"^(?:the\s+)?(?P<key>{KEY})\s+(?:is|are|'s)\b.*?\b(?:so\s+)?(?:it|they|that)\s+(?:goes|go|should\s+go|belongs?|comes?|should\s+be|needs\s+to\s+(?:go|be))\s+(?:at|to|on)\s+(?:the\s+)?(?:very\s+)?(?P<where>top|bottom|start|end|beginning)\b", t, re.I)  # fmt: skip
    if m and not re.fullmatch(NOT_KEY, m.group("key"), re.I):
        return (
            "move_line",
            k(m.group("key")),
            "top" if m.group("where").lower() in ("top", "start", "beginning") else "bottom",
        )
    # numbering: "number the steps, 1) style"
    m = re.search(
        r"^(?:add\s+numbers\s+to|number)\s+(?:the\s+|each\s+|every\s+|all\s+(?:the\s+)?)?(?:items|lines|entries|things|steps|points)\b(?:.*?\b1(?P<mark>[.):-]))?",
        t,
        re.I,
    )
    if m:
        mark = re.search(r"\b1([.):-])", restore(t[m.start() :]))
        return ("number_lines", "", (mark.group(1) if mark else ".") + " ")
    # two or more quoted lines below the text: "below it, type 'A' then 'B'"
    quoted = re.findall(r"\x00\d+\x00", t)
    if len(quoted) >= 2 and re.search(r"^(?:underneath|below|beneath|at\s+the\s+(?:end|bottom)|after\s+(?:it|that|everything))\b", t, re.I) and re.search(
            r"\b(?:then|and)\b", t, re.I) and re.search(rf"\b(?:{INSERT})\b", t, re.I):  # fmt: skip
        return ("append_line", "\n".join(k(q) for q in quoted))
    # a word changed, said word first: "the word recieve, correct it to receive"
    m = re.search(
        r"\bthe\s+word\s+(\x00\d+\x00|[\w'-]+)\s+(?:change|turn|switch|correct)\s+(?:it\s+)?(?:to|into)\s+(\x00\d+\x00|[\w'-]+)\b",
        t,
        re.I,
    )
    if m:
        return ("replace", k(m.group(1)), k(m.group(2)))
    # spaces: "double spaces here and there, one space each"
    if re.search(r"\b(?:two|double|2|extra|multiple|several)\s+spaces\b", t, re.I) and re.search(
        r"\b(?:single|one|1)\s+spaces?\b", t, re.I
    ):
        return ("squeeze_spaces",)
    # a word at the start of every line: "'NB' at the start of every line can go"
    m = re.search(rf"^(?:the\s+)?(?P<w>\x00\d+\x00|[\w'-]+)(?:\s+word)?\s+at\s+the\s+(?:start|beginning|front)\s+of\s+(?:each|every|all(?:\s+the)?)\s+lines?\s+{GOES}", t, re.I) or re.search(
        rf"^(?:{DELETE})\s+(?:the\s+)?(?:word\s+)?(?P<w>\x00\d+\x00|[\w'-]+)(?:\s+word)?\s+(?:at|from)\s+the\s+(?:start|beginning|front)\s+of\s+(?:each|every|all(?:\s+the)?)\s+lines?", t, re.I)  # fmt: skip
    if m and not re.fullmatch(
        r"numbers?|numbering|digits|spaces?|whitespace|indent\w*|bullets?|dashes", m.group("w"), re.I
    ):
        return ("unprefix", k(m.group("w")))
    # one value for another: "it's at 6 now, not 5", "the code is 7731 now instead of 7730"
    m = re.search(r"\b(?:it'?s|it\s+is|is|are|'s|in|at|on)\s+(?:on\s+|at\s+|in\s+)?(?P<new>\x00\d+\x00|[\w:.'-]+?)\s*,?\s*(?:now\b)?\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+(?:on\s+|at\s+|in\s+)?(?P<old>\x00\d+\x00|[\w:'-]+(?:\.\d+)?)", t, re.I)  # fmt: skip
    if m and (re.search(r"\bnow\b|\b(?:fix|change|update|correct|amend)\b", t, re.I)):
        return ("replace", k(m.group("old")), k(m.group("new")))
    m = re.search(rf"\b(?:changed|moved|switched|is\s+now|went)\s+(?:to\s+)?(?P<new>{VALUE})(?=[\s,.;]|$).*\b(?:update|fix|change|correct|edit)\b", t, re.I)  # fmt: skip
    if m and not m.group("new").startswith("\x00"):
        return ("replace_like", m.group("new"))
    # a new line beside one named by its words: "add 'May' after April", "put X right below the Totals line"
    m = re.search(rf"^(?:{INSERT})\s+(?:the\s+(?:number|word|text|line|name)\s+)?(?P<what>\x00\d+\x00|[\w'-]+(?:\s+[\w'-]+){{0,3}}?)\s+(?:(?:right|just|directly)\s+)?(?:(?P<after>after|below|under|underneath|beneath)|(?P<before>before|above))\s+"
                  rf"(?:the\s+)?(?:line\s+)?(?:(?:with|that\s+says|saying|containing)\s+)?(?P<b>\x00\d+\x00|[\w'-]+|[\w'-]+(?:\s+[\w'-]+){{1,2}}(?=\s+line\b))(?:\s+line)?(?:,?\s+on\s+(?:its|a)\s+(?:own|new|separate)\s+line|\s*,?\s+(?:so|because|as|since)\b.*)?[\s.!]*$", t, re.I)  # fmt: skip
    if m and not re.fullmatch(
        NOT_KEY + r"|list|top|end|bottom|everything|rest|others|each|every|all|both|any", m.group("b"), re.I
    ):
        mark = MARK_NAMES.get(re.sub(r"^(?:an?|one|the)\s+", "", k(m.group("what")).lower()))
        if mark:  # "add an exclamation mark after 'Hi there'": the mark right after those words
            b = k(m.group("b"))
            return ("replace", b, b + mark) if m.group("after") else ("replace", b, mark + b)
        return ("insert_near", k(m.group("b")), k(m.group("what")), "after" if m.group("after") else "before")
    return None
