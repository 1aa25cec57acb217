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
CHANGE = r"replace|change|switch|turn|substitute|swap\s+out|rewrite|update|amend|alter|edit|make|set|correct|fix"
MOVE = r"move|shift|bring|take|send|push|pull|relocate|put|bump|drag"
SWAP = r"swap|switch|exchange|trade|flip|interchange|reverse|transpose"
UPPER = (r"(?:all\s+)?(?:upper\s*-?\s*case|caps|capitals|capital\s+letters|block\s+capitals|uppercased|capitali[sz]ed|"
         r"all\s+caps)")  # fmt: skip
LOWER = r"(?:all\s+)?(?:lower\s*-?\s*case|small\s+letters|lowercased|no\s+capitals)"
# words that name a look, not the text a line should say ("turn the heading into title case")
NOT_TEXT = (r"(?:LINE-?\d+|(?:all\s+)?(?:title|upper|lower|sentence|proper)\s*-?\s*case|(?:all\s+)?(?:caps|capitals|capital\s+letters)|bold|italics?|underlined|"
            r"(?:in\s+)?(?:a\s+)?(?:bigger|smaller|larger|different)\s+(?:font|size)|centred|centered|(?:at|to|on)\s+the\s+(?:top|bottom|end|start))\W*$")
MARK_NAMES = {"full stop": ".", "period": ".", "dot": ".", "comma": ",", "colon": ":", "semicolon": ";", "semi-colon": ";",
              "question mark": "?", "exclamation mark": "!", "exclamation point": "!", "dash": "-", "hyphen": "-",
              "hash": "#", "asterisk": "*", "star": "*", "bullet": "-"}  # fmt: skip
DUPLICATE = r"duplicate|copy|repeat|clone|double"

_THE = r"(?:the\s+|that\s+|this\s+|my\s+)?"
_END = r"[\s.!?]*$"
_FIXIT = r"(?:\W+(?:and\s+)?(?:please\s+)?(?:fix|correct|change|update|do)\s+(?:it|that|this)\b.*)?[\s.!?]*$"
_TAIL = r"(?:\s+(?:please|for\s+me|thanks?(?:\s+you)?|now|too|as\s+well))*[\s.!?]*$"


def canon_lines(t: str) -> str:
    """Each way of naming a line by its place as LINE<n> (n from 1; -1 the last, -2 the one before it)."""
    t = re.sub(rf"\b(?:the\s+)?{_BEFORE_LAST}\s+{_LINE_WORD}\b", "LINE-2", t, flags=re.I)
    t = re.sub(rf"\b(?:the\s+)?{_LINE_WORD}\s+(?:just\s+)?before\s+the\s+last(?:\s+one)?\b", "LINE-2", t, flags=re.I)
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
               r"i\s+(?:want|need|would\s+like|'d\s+like)\s+(?:you\s+)?to)\s+)+", "", prepared, flags=re.I)  # fmt: skip
    t = re.sub(r"[\s,]+(?:please|thanks?(?:\s+you)?|cheers|thx)\W*$", "", t, flags=re.I)
    t = canon_lines(t)
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
        key = re.sub(r"^(?:the|a|an|my)\s+", "", _unquote(restore, m.group("has") or m.group("starts")), flags=re.I)
        return ("delete_prefixed", key) if m.group("starts") else ("delete_matching", key)
    # case of one line: "make line 2 all caps", "uppercase the last line", "put the heading in capitals"
    m = re.search(rf"^(?:(?:make|turn|put|set|change|convert|write)\s+)?{LINE}\s+(?:(?:in|into|to)\s+)?(?:all\s+)?(?:{UPPER}|(?P<low>{LOWER}))(?:\s+letters)?{_TAIL}", t, re.I) or re.search(
        rf"^(?:(?P<up>upper\s*-?\s*case|capitali[sz]e(?:\s+all\s+of)?|caps)|(?P<down>lower\s*-?\s*case))\s+(?:(?:all\s+of\s+|everything\s+(?:on|in)\s+)?){LINE}{_TAIL}", t, re.I)  # fmt: skip
    if m:
        low = m.groupdict().get("low") or m.groupdict().get("down")
        return ("line_case", int(re.search(LINE, m.group(0)).group(1)), "lower" if low else "upper")
    # one word's case: "put the word rent in capitals", "make 'rent' uppercase"
    m = re.search(rf"^(?:make|turn|put|set|write|change|convert)\s+(?:the\s+word\s+)?(\x00\d+\x00|[A-Za-z][\w'-]*)\s+(?:(?:in|into|to)\s+)?(?:{UPPER}|(?P<low>{LOWER})){_TAIL}", t, re.I)  # fmt: skip
    if m and not re.fullmatch(r"it|this|that|everything|all|them|the|text|document|file|LINE-?\d+", m.group(1), re.I):
        word = _unquote(restore, m.group(1))
        return ("replace", word, word.lower() if m.group("low") else word.upper())
    # text at one end of a line: "add urgent to the end of line 4", "put 'Note: ' in front of line 3"
    m = re.search(rf"^(?:{INSERT})\s+(?P<what>.+?)\s+(?:(?:at|to|on|onto)\s+(?:the\s+)?(?P<side>start|beginning|front|end)\s+of|(?P<front>in\s+front\s+of))\s+{LINE}{_TAIL}", t, re.I)  # fmt: skip
    if m:
        what = _unquote(restore, m.group("what"))
        at_end = (m.group("side") or "").lower() == "end"
        mark = MARK_NAMES.get(re.sub(r"^(?:an?|one|the)\s+", "", what.lower()))
        if mark and at_end:  # "an exclamation mark at the end of line 1": the mark, unless it is there
            return ("end_with", mark, int(re.search(LINE, m.group(0)).group(1)))
        if mark:
            what = mark
        quoted = "\x00" in m.group("what")
        if not quoted and what and what[-1].isalnum() and not at_end:
            what += " "  # a word put before a line's text keeps a space after it
        elif not quoted and what and what[0].isalnum() and at_end:
            what = " " + what
        return ("affix_line", int(re.search(LINE, m.group(0)).group(1)), "end" if at_end else "start", what)
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
        return ("append_line", what) if n == -1 and after else ("insert_beside", n, "after" if after else "before", what)
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
        return ("move_line", int(re.search(LINE, m.group(0)).group(1)), "top" if where in ("top", "start", "beginning", "front", "first") else "bottom")
    m = re.search(rf"^(?:{MOVE})\s+{LINE}\s+(?:(?:up|down)\s+)?(?:(?P<after>after|below|under|underneath|beneath)|(?P<before>before|above|ahead\s+of))\s+{LINE}{_TAIL}", t, re.I)  # fmt: skip
    if m:
        a, b = (int(x) for x in re.findall(LINE, m.group(0)))
        return ("move_beside", a, "after" if m.group("after") else "before", b)
    # two lines trade places: "swap lines 1 and 5", "lines 2 and 3 should trade places"
    t2 = re.sub(rf"\b(?:the\s+)?{_LINE_WORD}s\s+(\d+)\s+(?:and|&|with)\s+(\d+)\b", r"LINE\1 and LINE\2", t, flags=re.I)
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
    return None
