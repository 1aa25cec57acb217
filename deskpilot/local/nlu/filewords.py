"""File jobs said as how things should end up, read by their parts: a file name, the folder it is in or goes to,
and what it should say ("a file todo.md in the work folder, saying: pack", "memo.txt should get another line:
hi", "the cache folder may go", "song.mp3 belongs in Music", "in Downloads there's a.pdf, it should be called
b.pdf").

`file_request(instruction)` gives commands, or [] when the words are none of these shapes."""

from __future__ import annotations

import re

from deskpilot.local.nlu.schema import Command

FILE = r"(?:~/)?(?:[\w-]+/)*[\w][\w.-]*\.[A-Za-z][\w]{0,4}\b"
NAME = r"(?:~/)?[\w][\w./-]*"
# "in my notes folder", "inside the data folder", "on the Desktop", "in Documents"
FOLDER = (r"(?:in|inside|into|on|under|within|to)\s+(?:the\s+|my\s+|a\s+)?(?:folder\s+(?:called\s+|named\s+)?)?"
          r"(?P<folder>(?:~/)?[\w][\w/-]*?)(?:\s+(?:folder|directory|dir))?(?=[\s,.;:!?]|$)")  # fmt: skip
NOT_FOLDER = r"it|there|here|them|this|that|home|my|the|a|an|\w+ly|case|order|place|full|total"
LEAD = (r"^\W*(?:(?:please|pls|kindly|can\s+you|could\s+you|would\s+you|just|hey|hi|ok|okay|so|um|uh|bitte|por\s+favor|"
        r"go\s+ahead\s+and)[\s,]+)*")  # fmt: skip
TAIL = (r"(?:[\s,;]+(?:please|pls|make\s+the\s+file\s+if\s+(?:needed|necessary)|"
        r"(?:and\s+)?(?:the\s+)?folder\s+(?:doesn'?t|does\s+not)\s+exist\s+yet|due\s+\w+))*[\s.!)]*$")  # fmt: skip
SAYS = (r"(?:saying|that\s+(?:just\s+|only\s+|simply\s+)?(?:says|reads|contains)|which\s+(?:just\s+)?(?:says|reads|contains)|reading|"
        r"containing(?:\s+(?:just|only))?|with(?:\s+(?:just|only))?(?:\s+the\s+(?:line|text|words?|content)|(?=\s*:|\s+['\"]|\s+(?:two|2|three|3|four|4)\s+lines))|"
        r"to\s+(?:just\s+)?(?:say|contain|read)|with\s+the\s+(?:single\s+)?line)")  # fmt: skip


# A further step after what a file should say: "..., then move it to Old", "and copy it into Backup"
NEXT_STEP = re.compile(
    r"[,;.]\s*(?:and\s+)?then\s+(?:move|copy|rename|delete|remove|put|open|zip)\b|[,;.]?\s+and\s+(?:then\s+)?(?:move|copy|rename|put)\s+(?:it|that)\b",
    re.I,
)


def _trimmed(text: str) -> str:
    """The request without the courtesy before it and after it ("please", "make the file if needed")."""
    return re.sub(TAIL, "", re.sub(LEAD, "", text, flags=re.I), flags=re.I)


def _home_path(name: str, folder: str = "") -> str:
    name, folder = re.sub(r"^~/", "", name), re.sub(r"^~/?", "", folder)
    if folder and "/" not in name and not re.fullmatch(r"~|home|my\s+home", folder, re.I):
        return f"{folder.rstrip('/')}/{name}"
    return name


def _content(said: str) -> str:
    """What a file should say: its lines ("two lines, A and then B" one a line), quotes and filler off."""
    said = re.sub(
        r"^(?:(?:the|a|one)\s+(?:single\s+|one\s+)?(?:word|words|line|text)\s*:?\s*|just\s+)",
        "",
        said.strip(),
        flags=re.I,
    ).strip()
    said = re.sub(r"\s+in\s+(?:it|there)$", "", said, flags=re.I)
    per_line = re.search(
        r"[,;]?\s*(?:one\s+(?:per|a|on\s+each)\s+line|each\s+on\s+(?:its|a)\s+own\s+line|on\s+separate\s+lines)$",
        said,
        re.I,
    )
    if per_line:  # "eggs, milk and bread, one per line"
        said = "two lines: " + said[: per_line.start()]
    lines = re.match(r"^(?:two|2|three|3|four|4)\s+lines\s*[:,]?\s*(.+)$", said, re.I)
    if lines:
        return "\n".join(
            p.strip(" '\"")
            for p in re.split(
                r"\s*,\s*(?:and\s+)?(?:then\s+)?|\s+and\s+then\s+|\s+then\s+|\s+and\s+", lines.group(1)
            )
            if p.strip()
        )
    return said.strip(" '\"")


def _folder_of(text: str, name: str) -> str:
    for m in re.finditer(FOLDER, text, re.I):
        folder = m.group("folder")
        if folder != name and not re.fullmatch(NOT_FOLDER, folder, re.I) and "." not in folder:
            return folder
    return ""


def file_request(instruction: str) -> list[Command]:
    t = re.sub(
        r"\s*\((?:the\s+)?folders?\s+(?:doesn'?t|does\s+not|don'?t)\s+exist\s+yet\)",
        "",
        instruction.strip(),
        flags=re.I,
    )
    t = _trimmed(t)
    files = re.findall(FILE, t)

    def cmd(op: str, *args: str) -> Command:
        return Command("files", op=op, args=tuple(args), app="files", clause=instruction)

    # a file that should exist and say something
    m = re.search(
        rf"\b(?:file|document|note)?\s*(?:called\s+|named\s+)?(?P<file>{FILE})(?P<mid>.*?)\s*,?\s*{SAYS}\s*:?\s*(?P<said>.+?)$",
        t,
        re.I,
    )
    wants = re.search(r"^(?:there\s+should\s+be|i(?:\s+|')(?:need|want|d\s+like|would\s+like)|make|create|new\s+(?:text\s+)?file|start|set\s+up|an?\s+(?:new\s+)?(?:text\s+)?file|"
                      r"on\s+the\s+\w+\s*,\s*(?:a\s+)?new\s+file|in\s+(?:the\s+|my\s+)?\w+(?:\s+folder)?\s*,\s*(?:a\s+)?new\s+file|put\s+a\s+file)\b", t, re.I)  # fmt: skip
    if (
        m
        and wants
        and len(files) == 1
        and not re.search(
            r"\b(?:add|append|replace|change|delete|remove|copy|move|rename)\b", m.group("mid"), re.I
        )
    ):
        said = _content(m.group("said"))
        folder = _folder_of(t[: m.start("said")], m.group("file"))
        made = re.search(r"\b(?:make|create|new|add)\s+(?:a\s+)?(?:new\s+)?(?:(?:folder|directory|dir)\s+(?:called\s+|named\s+)?['\"]?([\w-]+)['\"]?|([\w-]+)\s+(?:folder|directory))",
                         t[: m.start("file")], re.I)  # fmt: skip
        inside = re.search(
            r"\b(?:in(?:side)?\s+(?:it|there)|in\s+the\s+new\s+(?:folder|one))\b",
            m.group("mid") + " " + t[: m.start("file")],
            re.I,
        )
        if said and NEXT_STEP.search(said):  # "..., saying hi, then move it to Old": a step follows
            return []
        if said and made and inside and not folder:  # "create folder x, then a file y.txt in it saying ..."
            folder = made.group(1) or made.group(2)
            return [cmd("mkdir", folder), cmd("write", _home_path(m.group("file"), folder), said)]
        if said:
            return [cmd("write", _home_path(m.group("file"), folder), said)]
    m = re.search(rf"^i\s+(?:want|need|'d\s+like)\s+(?P<file>{FILE})\s+to\s+(?:have|hold|contain)\s+(?:my\s+|the\s+|a\s+)?(?:(?:phone\s+|mobile\s+)?number|email(?:\s+address)?|address|name)?\s*(?P<said>.+?)\s+in\s+it$", t, re.I)  # fmt: skip
    if m:
        return [cmd("write", _home_path(m.group("file")), m.group("said").strip(" '\""))]
    # an empty file: "a blank file keep.txt in the logs folder"
    m = re.search(rf"^(?:(?:make|create|add|i\s+(?:need|want))\s+)?(?:an?\s+)?(?:new\s+)?(?:blank|empty)\s+(?:text\s+)?file\s+(?:called\s+|named\s+)?(?P<file>{FILE})", t, re.I)  # fmt: skip
    if m:
        return [cmd("touch", _home_path(m.group("file"), _folder_of(t[m.end() :], m.group("file"))))]
    # all of a file's text replaced: "replace everything in a.txt with: X"
    m = re.search(rf"^replace\s+(?:whatever(?:'s|\s+is)|everything|what'?s|the\s+(?:contents?|text))\s+(?:in|of)\s+(?P<file>{FILE})\s+with\s+(?:just\s*)?:?\s*(?P<said>.+)$", t, re.I) or re.search(
        rf"^(?:write|put|type)\s+(?P<said>['\"].+?['\"])\s+(?:in|into|to)\s+(?P<file>{FILE})\s*[,(]?\s*(?:and\s+)?(?:replac(?:e|ing)|overwrit(?:e|ing)|instead\s+of)\s+(?:whatever|what|everything|the\s+old)", t, re.I)  # fmt: skip
    if m:
        return [cmd("write", _home_path(m.group("file")), _content(m.group("said")))]
    # one more line in a file: "memo.txt should get another line: hi"
    m = re.search(rf"^(?P<file>{FILE})\s+(?:needs|should\s+get|gets|should\s+have)\s+(?:a|another|one\s+more)\s+(?:second\s+|new\s+|last\s+|final\s+)?line\s*(?::|saying|that\s+says)\s*(?P<said>.+)$", t, re.I)  # fmt: skip
    if m:
        done = Command(
            "edit",
            op="append_line",
            args=(_content(m.group("said")),),
            app="editor",
            target=_home_path(m.group("file")),
            clause=instruction,
        )
        return [done, Command("save", app="editor", clause="save")]
    # a file or folder that should go: "the junk folder can go", "config.bak is obsolete, bin it"
    gone = (r"(?:can\s+go|has\s+to\s+(?:be\s+deleted|go)|needs\s+to\s+(?:be\s+deleted|go)|should\s+be\s+(?:deleted|removed|binned)|must\s+go|"
            r"is\s+(?:obsolete|not\s+needed|useless|junk)(?:\s+now)?\s*[,;.]\s*(?:please\s+)?(?:bin|delete|remove|trash)\s+it)")  # fmt: skip
    m = re.search(rf"^(?:that\s+|the\s+|this\s+|my\s+)?(?:(?:whole|empty|old|entire)\s+)*(?:(?P<file>{FILE})|(?P<dir>[\w-]+)\s+(?:folder|directory|dir))(?:\s+(?:with|and)\s+everything\s+(?:in|inside)\s+it)?\s+{gone}\b", t, re.I)  # fmt: skip
    if m:
        return [cmd("delete", _home_path(m.group("file") or m.group("dir")))]
    m = re.search(rf"\b(?:finished|done)\s+with\s+(?:the\s+)?(?:file\s+)?(?:called\s+|named\s+)?(?P<file>{FILE})(?P<rest>.*?)[,;.]\s*(?:so\s+)?(?:you\s+can\s+|please\s+)?(?:bin|delete|remove|trash|get\s+rid\s+of)\s+it\b", t, re.I)  # fmt: skip
    if m:
        return [cmd("delete", _home_path(m.group("file"), _folder_of(m.group("rest"), m.group("file"))))]
    # a name given by mistake: "I accidentally called the file reprot.txt, it should be report.txt"
    m = re.search(rf"\b(?:named|called|saved|labell?ed)\s+(?:my|the|a|this|that)\s+(?:file|document)\s+(?:as\s+)?(?P<old>{FILE})(?P<rest>.*?)[,;.]\s*(?:but\s+|when\s+)?(?:it|that)\s+"
                  rf"(?:should|was\s+meant\s+to|needs\s+to|ought\s+to)\s+(?:have\s+been|be)\s+(?:called\s+|named\s+)?(?P<new>{FILE})\W*$", t, re.I)  # fmt: skip
    if m:
        where = _folder_of(m.group("rest"), m.group("old"))
        return [cmd("move", _home_path(m.group("old"), where), _home_path(m.group("new"), where))]
    # a file or folder that should be elsewhere: "pic.jpg belongs in the photos folder", "Music folder goes inside Media"
    m = re.search(rf"^(?:the\s+|my\s+|that\s+)?(?:(?P<file>{FILE})|(?P<dir>[\w-]+)\s+(?:folder|directory|dir))\s+(?:belongs|should\s+(?:live|be|go|sit)|goes|needs\s+to\s+(?:be|go|live)|has\s+to\s+(?:be|go))\s+"
                  rf"(?:now\s+)?(?:in|inside|into|under|in\s+the\s+folder)\s+(?:the\s+|my\s+)?(?P<dest>(?:~/)?[\w][\w/-]*?)(?:\s+(?:folder|directory|dir))?(?=[\s,.;!]|$)", t, re.I)  # fmt: skip
    if m and not re.fullmatch(NOT_FOLDER, m.group("dest"), re.I):
        return [cmd("move", _home_path(m.group("file") or m.group("dir")), m.group("dest").rstrip("/") + "/")]
    # a new name said as how it should be: "in Pictures there's a.jpg, it should be named b.jpg"
    m = re.search(rf"^(?:in\s+(?:the\s+|my\s+)?(?P<folder>[\w-]+)(?:\s+folder)?\s*,?\s+there'?s\s+(?:a\s+file\s+)?)?(?P<old>{FILE})\s*,?\s+(?:it\s+)?(?:should|needs\s+to|has\s+to|must)\s+be\s+(?:named|called|renamed(?:\s+to)?)\s+(?P<new>{FILE})$", t, re.I)  # fmt: skip
    if m:
        folder = m.group("folder") or ""
        return [cmd("move", _home_path(m.group("old"), folder), _home_path(m.group("new"), folder))]
    m = re.search(r"^(?:the\s+|my\s+)?(?P<old>[\w-]+)\s+(?:folder|directory)\s+(?:is\s+\w+\s*[,;.]\s*)?(?:please\s+)?rename\s+it\s+(?:to\s+)?['\"]?(?P<new>[\w.-]+)['\"]?$", t, re.I)  # fmt: skip
    if m:
        return [cmd("move", m.group("old"), m.group("new"))]
    # folders: "mk folder maths in Work", "in Work, make a folder named Bills", "i want a/b/c under my home"
    m = re.search(r"^(?:mk|make|create|add|new)\s+(?:me\s+)?(?:a\s+)?(?:new\s+)?(?:folder|dir|directory)\s+(?:called\s+|named\s+)?['\"]?(?P<name>[\w-]+)['\"]?\s+(?:in|inside|under|within)\s+(?:the\s+|my\s+)?(?P<folder>[\w/-]+?)(?:\s+folder)?$", t, re.I) or re.search(
        r"(?:^|[,;.\u2014-]\s*)(?:in|inside|under|within)\s+(?:the\s+|my\s+)?(?P<folder>[\w/-]+?)(?:\s+folder)?\s*,?\s+(?:i\s+(?:want|need|'d\s+like)|make|create|please\s+make)\s+(?:me\s+)?(?:a\s+)?(?:new\s+)?(?:folder|directory)\s+(?:called|named)\s+['\"]?(?P<name>[\w-]+)['\"]?$", t, re.I)  # fmt: skip
    if m:
        return [cmd("mkdir", _home_path(m.group("name"), m.group("folder")))]
    m = re.search(
        r"^i\s+(?:need|want)\s+(?P<path>[\w-]+(?:/[\w-]+)+)/?\s+(?:in|under)\s+my\s+home\b", t, re.I
    )
    if m:
        return [cmd("mkdir", m.group("path"))]
    # a whole folder gone or moved: "delete the cache folder with all in it", "move the entire Logs folder to Old"
    m = re.search(
        r"^(?:wipe|delete|remove|nuke|trash|bin|get\s+rid\s+of)\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?P<dir>[\w-]+)\s+(?:folder|directory|dir)\s+(?:and|with)\s+(?:everything|all)\s+(?:in|inside)\s+(?:it|there)$",
        t,
        re.I,
    )
    if m:
        return [cmd("delete", m.group("dir"))]
    m = re.search(
        r"^move\s+(?:the\s+)?(?:whole\s+|entire\s+)(?P<dir>[\w-]+)\s+(?:folder|directory|dir)\s+(?:in)?to\s+(?:the\s+|my\s+)?(?P<dest>[\w/-]+?)(?:\s+folder)?$",
        t,
        re.I,
    )
    if m:
        return [cmd("move", m.group("dir"), m.group("dest").rstrip("/") + "/")]
    # one file copied to two folders: "copy a.txt into both the x and y folders", "I want a.pdf in Work and on the Desktop, as copies"
    m = re.search(rf"^(?:copy|put\s+(?:a\s+)?cop(?:y|ies)\s+of|duplicate)\s+(?:the\s+file\s+)?(?P<file>{FILE})\s+(?:in|into|to|inside)\s+(?:both\s+)?(?:the\s+|my\s+)?(?P<a>[\w-]+)(?:\s+folder)?\s+and\s+(?:(?:in|into|to)\s+)?(?:the\s+|my\s+)?(?P<b>[\w-]+)(?:\s+folders?)?$", t, re.I) or re.search(
        rf"^i\s+(?:want|need|'d\s+like)\s+(?P<file>{FILE})\s+(?:in|on)\s+(?:the\s+|my\s+)?(?P<a>[\w-]+)(?:\s+folder)?\s+and\s+(?:in|on)\s+(?:the\s+|my\s+)?(?P<b>[\w-]+)(?:\s+folder)?(?:\s+(?:as\s+well|too))?\s*,?\s*(?:as|both)\s+(?:copies|a\s+copy)$", t, re.I)  # fmt: skip
    if m:
        return [cmd("copy", m.group("file"), m.group(k).rstrip("/") + "/") for k in ("a", "b")]
    # a copy under a new name: "make a copy of a.txt called b.txt, same folder", "back up the Recipes folder as a copy named R2"
    m = re.search(rf"^(?:make\s+a\s+copy\s+of|back\s+up|copy|duplicate)\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:(?P<file>{FILE})|(?P<dir>[\w-]+)\s+(?:folder|directory|dir))\s+(?:as\s+(?:a\s+)?(?:copy|backup)\s+)?(?:called|named|as)\s+['\"]?(?P<new>[\w.-]+)['\"]?(?:\s*,?\s+(?:in\s+)?(?:the\s+)?same\s+(?:folder|place|directory))?$", t, re.I)  # fmt: skip
    if m:
        return [cmd("copy", m.group("file") or m.group("dir"), m.group("new"))]
    return []


# Verbs that put words into a file, said loosely: "jot down milk in list.txt", "pop a, b and c into x.txt"
LOOSE_VERBS = r"(?:jot|note|scribble|pencil|pop|stick|put|drop|chuck|bung|plonk|enter|insert|record|log)\b"
INTO_VERBS = rf"(?:{LOOSE_VERBS}|add|append|write|type)(?:\s+(?:down|in))?"
PER_LINE = (r"[,;]?\s*(?:(?:with\s+)?(?:each|one|every\s+\w+)(?:\s+(?:word|item|name|entry|thing|value))?\s+"
            r"(?:per|to\s+a|on\s+(?:its|their|a)\s+(?:own|new|separate))\s+line|(?:each\s+)?on\s+(?:separate|different|their\s+own)\s+lines)")  # fmt: skip
NOT_WORDS = (r"(?:it|them|this|that|these|those|everything|all|(?:the|a|an|my|this|that)\s+(?:\w+\s+)?(?:file|folder|directory|copy|"
             r"document|result|answer|total|date|time|contents?|text|lines?)s?)")  # fmt: skip


def words_into_file(instruction: str, loose_only: bool = False) -> list[Command]:
    """Words to add to a text file, said with any verb of putting: they go on a line of their own at the file's
    end (one per line when so said), and the file is saved. Names with a file's extension are files, not words.
    loose_only: only with a loose verb ("pop", "stick"), not one the other rules read (write, type, add)."""
    t = _trimmed(instruction.strip())
    if loose_only and (
        not re.match(LOOSE_VERBS, t, re.I) or re.search(r"\bnew\s+(?:text\s+)?file\b", t, re.I)
    ):
        return []
    m = re.search(
        rf"^{INTO_VERBS}\s+(?P<said>.+?)(?P<per>{PER_LINE})?\s*,?\s+(?:in|into|inside|onto|on|to|at\s+the\s+(?:end|bottom)\s+of)\s+"
        rf"(?:the\s+end\s+of\s+)?(?:(?:the|my|a)\s+(?:new\s+)?(?:text\s+)?(?:file|document|note|list)\s+(?:called\s+|named\s+)?)?"
        rf"(?P<file>{FILE})(?P<rest>.*)$",
        t,
        re.I,
    )
    if not m or not re.search(r"\.(?:txt|md|text|list|log|csv|notes?)$", m.group("file"), re.I):
        return []
    said, rest = m.group("said").strip(), m.group("rest")
    per = m.group("per") or re.match(PER_LINE, rest, re.I)
    if per and not m.group("per"):
        rest = rest[per.end() :]
    rest = re.sub(
        r"^\s*,?\s*(?:and\s+(?:then\s+)?save\s+(?:it|the\s+file|that)?(?:\s+after)?)?\s*$",
        "",
        rest,
        flags=re.I,
    )
    if (
        rest
        or re.search(FILE, said)
        or re.fullmatch(NOT_WORDS, said, re.I)
        or re.search(r"\b(?:line|row|column|cell)\s+\d", said, re.I)
    ):
        return []
    said = re.sub(
        r"^(?:that\s+|(?:an?|the)\s+(?:new\s+|single\s+)?line\s*(?:saying|that\s+says|reading)?\s*:?\s*|the\s+(?:word|words|text)\s*:?\s*)",
        "",
        said,
        flags=re.I,
    )
    said = re.sub(
        r"\s+as\s+(?:an?|the)\s+(?:new\s+)?(?:(?:last|final|bottom)\s+)?line$", "", said, flags=re.I
    )
    quoted = re.fullmatch(r"(['\"])(.+)\1", said.strip())
    lines = _content(f"{said}, one per line") if per else quoted.group(2) if quoted else said.strip()
    if not lines.strip():
        return []
    done = Command(
        "edit",
        op="append_line",
        args=(lines,),
        app="editor",
        target=_home_path(m.group("file")),
        clause=instruction,
    )
    return [done, Command("save", app="editor", clause="save")]


def words_saved_as(instruction: str) -> list[Command]:
    """ "save hello as notes.txt": the words are the new file's text (they were dropped and an empty document
    saved). The words are quoted, said as "the word(s)/text/line ...", or start with no pronoun or article
    ("save it as", "save the document as", "save my work as" name what is open, not words)."""
    t = _trimmed(instruction.strip())
    m = re.search(
        rf"^save\s+(?P<said>.+?)\s+(?:as|in|into|to)\s+(?:(?:a|the)\s+(?:new\s+)?(?:text\s+)?file\s+(?:called\s+|named\s+)?)?(?P<file>{FILE})"
        r"(?:\s+(?:in|inside|under)\s+(?:my|the|your)\s+home(?:\s+(?:folder|directory|dir))?)?$",
        t,
        re.I,
    )
    if not m or re.search(FILE, m.group("said")):
        return []
    said = m.group("said").strip()
    quoted = re.fullmatch(r"(['\"])(.+)\1", said)
    named = re.match(r"(?:the\s+)?(?:words?|text|line|phrase|sentence)\s*(?::\s*|\s)(?P<w>.+)$", said, re.I)
    if quoted:
        said = quoted.group(2)
    elif named:
        said = named.group("w").strip(" '\"")
    elif re.match(r"(?:it|this|that|these|those|the|a|an|my|your|our|his|her|their|everything|all|what|changes|work|"
                  r"draft|document|file|copy|page|sheet|list|notes?|contents?)\b", said, re.I):  # fmt: skip
        return []
    return [
        Command(
            "files", op="write", args=(_home_path(m.group("file")), said), app="files", clause=instruction
        )
    ]


# A file known by a part of its name: "the file with invoice in its name", "the one whose name contains
# 2023", "a pdf that has 'tax' in the name": a glob of that part, quoted so the rules read it as one name
_THING = r"(?:file|one|document|doc|thing|folder|(pdf|jpg|png|txt|csv|docx|mp3|zip)|photo|picture|image|spreadsheet|sheet)"
_PART = r"(?:the\s+word\s+)?['\"]?([\w-]+)['\"]?"
NAME_PART = re.compile(
    rf"\b(?:the\s+|a\s+|that\s+|some\s+)?{_THING}\s+(?:(?:with|that\s+has|which\s+has|having|that\s+contains|containing)\s+{_PART}\s+"
    rf"(?:in|as\s+part\s+of)\s+(?:its|the|it'?s)\s+(?:file\s*)?name|(?:whose|with\s+a|with\s+the)\s+(?:file\s*)?name\s+(?:has|contains|includes|"
    rf"containing|including|that\s+(?:has|contains|includes))\s+{_PART}|(?:called|named)\s+something\s+like\s+{_PART})",
    re.I,
)  # fmt: skip
# "there's <it> somewhere, move it to Bills", "find <it> and copy it to the Desktop": the job done to it
FOUND_THEN = re.compile(
    r"^\W*(?:(?:somewhere\s+)?(?:there'?s|there\s+is|i\s+have|i'?ve\s+got|i\s+got)\s+|(?:can\s+you\s+|could\s+you\s+|please\s+)?(?:find|locate|look\s+for|search\s+for)\s+)"
    r"('\*[\w-]+\*(?:\.\w+)?')(?:\s+(?:somewhere|around|in\s+here|in\s+my\s+files|in\s+my\s+home(?:\s+folder)?))?\s*[,;:.\u2014-]*\s*(?:and\s+)?(?:then\s+)?"
    r"(?:can\s+you\s+|could\s+you\s+|please\s+|pls\s+)?(move|copy|rename|delete|remove|trash|put|open)\s+it\b",
    re.I,
)  # fmt: skip


def name_parts(text: str) -> str:
    """A file said by a part of its name becomes that part as a glob ('*invoice*'), which the files plan
    looks for in the home folder and, when none is there, in the folders below it."""

    def glob(m: re.Match) -> str:
        kind, part = m.group(1), next(g for g in m.groups()[1:] if g)
        return f"'*{part}*.{kind.lower()}'" if kind else f"'*{part}*'"

    text = NAME_PART.sub(glob, text)
    # "delete the .tmp files": every file of that kind, as "all the .tmp files" says
    text = re.sub(
        r"(?<!\ball\s)(?<!\bof\s)\b(the|my)\s+(\.[a-z]\w{0,4})\s+files\b",
        r"all \1 \2 files",
        text,
        flags=re.I,
    )
    return FOUND_THEN.sub(lambda m: f"{m.group(2)} {m.group(1)}", text)
