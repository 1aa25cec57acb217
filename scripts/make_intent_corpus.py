"""Generate the local model's intent corpus: instructions with their intent per clause and slot spans.

Every sample is made here from phrase tables (no external data, nothing from any test set). A template
mixes literal words, {phrase} alternatives and [SLOT] fillers; a sample joins one to three clauses with
connectors, which are tagged SEP so the tagger learns where one step ends. Templates are split into
train/held-out *by template*, so the held-out score measures phrasings the model never saw.

    python scripts/make_intent_corpus.py --out data/intent_corpus --n 40000 --seed 7
writes train.jsonl and heldout.jsonl; each line: {"text", "clauses": [{"intent", "start", "end"}],
"spans": [[start, end, label]]}.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

WORDS = (
    "milk eggs bread coffee meeting report budget draft hello world notes project alpha beta gamma "
    "monday tuesday friday call mom pay rent buy apples oranges bananas dentist at noon finish the "
    "slides send invoice book flights water plants walk the dog review code fix bug lunch with sam "
    "team sync pick up kids dinner party groceries happy birthday thank you see you soon quick brown "
    "fox lazy dog chapter one summary todo idea plan cat color colour grey gray teh recieve receive "
    "apple pie cheese tea cake red green blue summer winter old new final version total price"
).split()
STEMS = (
    "notes todo report draft final summary list ideas budget letter memo log data readme plan "
    "shopping journal recipe story chapter1 config results minutes agenda invoice backup photo "
    "old_notes new_notes my-file test output input"
).split()
EXTS = ["txt", "txt", "txt", "md", "csv", "log", "json", "py", "html", "xlsx", "ini", "sh"]
FOLDERS = (
    "projects Documents Desktop Downloads Pictures Music backup archive work school photos "
    "old_stuff reports 2024 invoices notes drafts tmp stuff misc code letters receipts"
).split()
APPS = {
    "calculator": ["calculator", "calculator", "calc", "galculator", "calculator app", "calculator program"],
    "editor": [
        "text editor",
        "editor",
        "notepad",
        "mousepad",
        "text editor",
        "note app",
        "text app",
        "plain text editor",
        "word pad",
    ],
    "spreadsheet": ["spreadsheet", "gnumeric", "excel", "spreadsheet app", "sheet", "spreadsheet program"],
    "browser": ["browser", "web browser", "chromium", "chrome", "internet browser"],
    "files": ["file manager", "files app", "pcmanfm", "file browser", "folder window"],
    "terminal": ["terminal", "xterm", "shell", "command line", "console"],
}
TARGETS = (
    "the OK button|Cancel|the File menu|Edit|the Save button|Help|the Pricing link|the About us link|"
    "the search box|the first result|Settings|the close button|Preferences|the Next button|"
    "the Submit button|the Home tab|the last item|the View menu|Open|the checkbox|Apply|Tools|Format|"
    "the bold button|the undo icon|the green button|the link at the bottom|Sign up|Downloads|"
    "the red X|the plus sign|Back|Reload|the menu icon|Insert|Contact|About us|Pricing|Large|Express|"
    "Subscribe|Add to cart|Place order|Sign in|Medium|Downloads|Dark mode|Newsletter"
).split("|")
FIELDS = "name|email|username|password|search|message|comment|phone|city|first name|address|subject".split(
    "|"
)
KEYS = (
    "ctrl+s|enter|escape|tab|ctrl+c|ctrl+v|alt+f4|ctrl+z|backspace|delete|f5|ctrl+a|space|"
    "control s|ctrl shift s|the enter key|return|page down|home|end|up arrow|ctrl+n"
).split("|")
URLS = (
    "example.com|http://127.0.0.1:8000/pricing.html|www.wikipedia.org|https://news.ycombinator.com|"
    "localhost:8080/index.html|python.org|https://example.org/about|debian.org|github.com/features|"
    "http://127.0.0.1:5000/login.html|127.0.0.1:8000/pricing.html|localhost:8000/about.html|"
    "127.0.0.1:8000/links.html|localhost:3000|127.0.0.1:8000|192.168.1.10:8080/status|127.0.0.1:8000/a/b.html|"
    "http://localhost:8000/contact.html|example.com/path/page.html|intranet.local/wiki"
).split("|")
FUNCS = {"SUM": ["sum", "total", "sum total"], "AVERAGE": ["average", "mean", "avg"],
         "MAX": ["highest", "maximum", "largest", "max", "biggest"], "MIN": ["lowest", "minimum", "smallest", "min"],
         "COUNT": ["count", "number"]}  # fmt: skip
ORDINALS = "first|second|third|last|2nd|3rd|fourth|fifth|top|bottom|final|opening".split("|")

# {name}: one of the alternatives; alternatives may hold more {..} and [..]
P = {
    "pl": [
        "",
        "",
        "",
        "please ",
        "now ",
        "can you ",
        "could you ",
        "i want you to ",
        "i need you to ",
        "go ahead and ",
        "just ",
        "kindly ",
        "let's ",
        "would you ",
        "i'd like you to ",
        "help me ",
    ],
    "the": ["the ", "the ", "my ", "this ", "that ", ""],
    "in_app": [
        " in the [APP]",
        " on the [APP]",
        " using the [APP]",
        " with the [APP]",
        " in [APP]",
        " in the [APP] app",
        " in the [APP] window",
        "",
    ],
    "leave": [
        "",
        "",
        ", leaving the result on the display",
        " and leave the result showing",
        " and keep the answer on screen",
        ", leave the answer on the display",
        " and show me the result",
        " so the result is displayed",
        ", result on the display",
    ],
    "calc": [
        "compute",
        "calculate",
        "work out",
        "figure out",
        "evaluate",
        "what is",
        "what's",
        "how much is",
        "find",
        "get",
        "do",
        "solve",
        "tell me",
        "give me",
        "determine",
        "find out",
        "punch in",
        "calculate the value of",
        "compute the result of",
        "crunch",
        "i need",
        "show me",
        "whats",
        "run",
        "enter",
    ],
    "write": [
        "type",
        "write",
        "enter",
        "jot down",
        "note down",
        "put down",
        "input",
        "key in",
        "write down",
        "type out",
        "write out",
        "put",
        "add",
        "insert",
        "scribble",
        "note",
        "record",
        "pen",
        "make a note:",
        "take a note:",
        "type in",
        "fill in",
    ],
    "doc": [
        "the document",
        "the file",
        "the text",
        "the page",
        "this file",
        "the open file",
        "the note",
        "everything",
        "all the text",
        "the whole document",
        "the contents",
        "it",
        "all of it",
    ],
    "save_v": ["save", "store", "keep", "write", "save off", "persist"],
    "save_as_v": [
        "save it as",
        "save as",
        "save the file as",
        "save this as",
        "store it as",
        "name it",
        "call it",
        "save it under the name",
        "save the document as",
        "save it to",
        "save to",
        "save it in a file called",
        "save it with the name",
        "save that as",
        "file it as",
        "save everything as",
        "write it to",
        "save under",
    ],
    "notew": ["note", "document", "file", "text file", "doc"],
    "home": [
        "in the home folder",
        "in my home folder",
        "in the home directory",
        "in home",
        "in ~",
        "in my home directory",
        "",
    ],
    "folderw": ["folder", "directory", "dir", "subfolder"],
    "mkfolder": ["make", "create", "add", "set up", "make a new", "create a new", "start", "build"],
    "named": ["called", "named", "with the name", "titled", ""],
    "delete_v": [
        "delete",
        "remove",
        "erase",
        "get rid of",
        "trash",
        "throw away",
        "wipe",
        "drop",
        "discard",
        "kill",
        "bin",
    ],
    "vague_v": [
        "type",
        "write",
        "enter",
        "compute",
        "calculate",
        "work out",
        "open",
        "launch",
        "delete",
        "remove",
        "rename",
        "move",
        "make",
        "create",
        "change",
        "replace",
        "fix",
        "click",
        "go to",
        "search for",
        "put",
        "add",
        "find",
        "edit",
        "update",
        "fill in",
        "calculate",
    ],
    "vague": [
        "something",
        "it",
        "that",
        "the thing",
        "stuff",
        "some text",
        "a file",
        "the file",
        "the folder",
        "this",
        "whatever",
        "a thing",
        "the other one",
        "something there",
        "some numbers",
        "that one",
        "the usual stuff",
        "something nice",
        "anything",
    ],
    "open_v": [
        "open",
        "launch",
        "start",
        "run",
        "bring up",
        "fire up",
        "open up",
        "start up",
        "load",
        "pull up",
        "switch to",
        "go to",
        "get",
    ],
}

# intent -> templates. [SLOT] is a tagged filler, [SLOT:q] a quoted one, [SLOT:u] unquoted.
T: dict[str, list[str]] = {
    "open_app": [
        "{open_v} the [APP]",
        "{open_v} [APP]",
        "{open_v} up the [APP]",
        "open a [APP]",
        "i need the [APP]",
        "get the [APP] open",
        "show the [APP]",
        "bring the [APP] up",
        "start a new [APP] window",
        "can i have the [APP]",
        "open the [APP] app",
        "launch the [APP] program",
        "use the [APP]",
        "go to the [APP]",
        "switch over to the [APP]",
    ],
    "close_app": [
        "close the [APP]",
        "quit the [APP]",
        "exit [APP]",
        "close the [APP] window",
        "shut the [APP]",
        "close it",
        "quit",
        "exit the [APP] app",
        "get rid of the [APP] window",
        "close this window",
    ],
    "context": [
        "in the [APP]",
        "in the open file [FILE]",
        "in [FILE]",
        "the [APP] shows [NUM]",
        "the open file [FILE] misspells [OLD:q] as [NEW:q]",
        "in the open spreadsheet [FILE]",
        "the file [FILE] is open in the [APP]",
        "on the open web page",
        "in the [APP] window",
        "using the [APP]",
        "with the [APP]",
        "the display shows [NUM]",
        "on the page",
        "the [APP] is open",
        "in the open [APP]",
        "the open spreadsheet [FILE] is empty",
        "in my file [FILE]",
        "over in the [APP]",
        "inside [FILE]",
        "for the file [FILE]",
    ],
    "compute": [
        "{calc} [EXPR]{in_app}{leave}",
        "{calc} [EXPR]",
        "[EXPR]{in_app}{leave}",
        "[EXPR] = ?",
        "what does [EXPR] come to",
        "what do you get for [EXPR]",
        "use the [APP] to {calc} [EXPR]",
        "{calc} [EXPR] for me",
        "[EXPR] please",
        "i want to know [EXPR]",
        "how much does [EXPR] make",
        "{calc} what [EXPR] is",
        "what is the answer to [EXPR]",
        "find [EXPR] on the [APP]",
        "[VERBEXPR]{in_app}{leave}",
        "[VERBEXPR]",
        "please [VERBEXPR] on the [APP]",
        "can you [VERBEXPR]",
        "{calc} the [EXPR]",
        "evaluate the expression [EXPR]{leave}",
        "answer [EXPR]",
    ],
    "calc_continue": [
        "multiply it by [NUM]",
        "multiply the result by [NUM]",
        "times that by [NUM]",
        "now add [NUM]",
        "add [NUM] to it",
        "add [NUM] to the result",
        "divide it by [NUM]",
        "divide the result by [NUM]",
        "subtract [NUM] from it",
        "take away [NUM]",
        "take [NUM] off",
        "then multiply by [NUM]",
        "double it",
        "halve it",
        "triple it",
        "add another [NUM]",
        "minus [NUM]",
        "plus [NUM] more",
        "multiply what is shown by [NUM]",
        "divide the number on the display by [NUM]",
        "increase it by [NUM]",
        "reduce it by [NUM]",
        "multiply the displayed number by [NUM]",
        "and times [NUM]",
        "split it by [NUM]",
        "take off [NUM] from that",
    ],
    "calc_clear": [
        "clear the display",
        "clear the calculator",
        "reset the calculator",
        "clear it",
        "wipe the calculator",
        "press AC",
        "set it back to 0",
        "start over on the calculator",
        "make it show 0",
        "zero the calculator",
        "clear the screen of the calculator",
        "reset the display to 0",
        "clear everything on the calculator",
        "clear the result",
        "reset it",
        "clear the [APP]",
        "hit clear",
        "get the calculator back to 0",
        "all clear",
    ],
    "type_text": [
        "{write} [TEXT:q]{in_app}",
        "{write} [TEXT:q]",
        "{write} [TEXT:u]{in_app}",
        "{write} [TEXT:q] in a new document",
        "{write} the words [TEXT:q]",
        "{write} the text [TEXT:q]",
        "{write} this: [TEXT:u]",
        "{write} the sentence [TEXT:q]",
        "{write} [TEXT:q] into it",
        "open a new document and {write} [TEXT:q]",
        "put the text [TEXT:q] in the [APP]",
        "{write} the line [TEXT:q]",
        "{write} [TEXT:q] in the document",
        "{write} [TEXT:q] there",
        "{write} a note saying [TEXT:q]",
        "{write} a note that says [TEXT:u]",
        "{write} [TEXT:q] into the [APP]",
        "type out the phrase [TEXT:q]",
        "i want to write [TEXT:q]",
        "{write} down [TEXT:q]",
        "{write} the message [TEXT:q]",
        "{write} a to-do list: [TEXT:q], [TEXT:q] and [TEXT:q]",
        "{write} [TEXT:q] / [TEXT:q]",
        "{write} [TEXT:q] in [FILE]",
        "{write} [TEXT:q] into [FILE]",
    ],
    "type_result": [
        "{write} the result",
        "{write} the answer{in_app}",
        "{write} down the result{in_app}",
        "put the result{in_app}",
        "{write} the total into it",
        "copy the result into the [APP]",
        "{write} the answer there",
        "type what the calculator shows",
    ],
    "edit_upper": [
        "make {doc} upper case",
        "change {doc} to uppercase",
        "convert {doc} to capital letters",
        "capitalise {doc}",
        "capitalize all the letters",
        "uppercase {doc}",
        "make it all caps",
        "turn {doc} into upper case",
        "put {doc} in capitals",
        "shout {doc}",
        "make every letter a capital",
        "switch {doc} to upper case",
        "change the case to upper",
        "all caps please",
        "make the whole text uppercase",
        "capitalise everything",
    ],
    "edit_lower": [
        "make {doc} lower case",
        "change {doc} to lowercase",
        "lowercase {doc}",
        "convert {doc} to small letters",
        "turn {doc} into lower case",
        "make it all lowercase",
        "no capitals, lowercase {doc}",
        "put {doc} in lower case",
        "switch {doc} to lowercase",
        "make every letter small",
        "decapitalise {doc}",
        "change the case to lower",
        "make the whole thing lowercase",
        "downcase {doc}",
    ],
    "edit_replace": [
        "replace [OLD:q] with [NEW:q]",
        "replace every [OLD:q] with [NEW:q]",
        "replace all [OLD:q] by [NEW:q]",
        "swap [OLD:q] for [NEW:q]",
        "swap out [OLD:q] for [NEW:q]",
        "change [OLD:q] to [NEW:q]",
        "change every [OLD:q] into [NEW:q]",
        "turn [OLD:q] into [NEW:q]",
        "correct [OLD:q] to [NEW:q]",
        "correct every [OLD:q] to [NEW:q]",
        "fix [OLD:q] to [NEW:q]",
        "substitute [NEW:q] for [OLD:q]",
        "use [NEW:q] instead of [OLD:q]",
        "put [NEW:q] in place of [OLD:q]",
        "rewrite [OLD:q] as [NEW:q]",
        "find [OLD:q] and replace it with [NEW:q]",
        "where it says [OLD:q], write [NEW:q]",
        "[OLD:q] should be [NEW:q]",
        "[OLD:q] should read [NEW:q] everywhere",
        "change all occurrences of [OLD:q] to [NEW:q]",
        "exchange [OLD:q] with [NEW:q]",
        "replace the word [OLD:q] with [NEW:q]",
        "rename every [OLD:q] to [NEW:q] in the text",
        "make every [OLD:q] a [NEW:q]",
        "switch [OLD:q] to [NEW:q]",
        "replace [OLD:u] with [NEW:u]",
        "change [OLD:u] to [NEW:u]",
        "swap [OLD:u] for [NEW:u]",
    ],
    "edit_delete_text": [
        "delete the word [OLD:q]",
        "remove [OLD:q]",
        "delete every [OLD:q]",
        "remove all occurrences of [OLD:q]",
        "get rid of [OLD:q] in the text",
        "erase [OLD:q] from the document",
        "cut out [OLD:q]",
        "strike [OLD:q]",
        "take out the word [OLD:q]",
        "drop every [OLD:q] from the file",
    ],
    "edit_delete_line": [
        "delete the [LINE] line",
        "remove the [LINE] line",
        "delete line [LINE]",
        "remove line [LINE]",
        "get rid of the [LINE] line",
        "erase the [LINE] line",
        "cut the [LINE] line",
        "drop the [LINE] line",
        "delete the [LINE] line of {doc}",
        "take out line [LINE]",
        "kill the [LINE] line",
        "strip the [LINE] line",
        "the [LINE] line has to go",
        "delete the [LINE] row of text",
    ],
    "edit_insert_top": [
        "add [TEXT:q] at the top",
        "add the line [TEXT:q] at the very top",
        "put [TEXT:q] on the first line",
        "insert [TEXT:q] at the beginning",
        "prepend [TEXT:q]",
        "add a heading [TEXT:q] above everything",
        "put [TEXT:q] at the start of the file",
        "insert the line [TEXT:q] before the first line",
        "add [TEXT:q] as the first line",
        "start the file with [TEXT:q]",
        "make [TEXT:q] the first line",
        "write [TEXT:q] at the top",
        "insert a new first line [TEXT:q]",
        "put the title [TEXT:q] on top",
    ],
    "edit_append": [
        "add [TEXT:q] at the end",
        "append [TEXT:q]",
        "add the line [TEXT:q] at the bottom",
        "put [TEXT:q] on a new last line",
        "add [TEXT:q] as the last line",
        "tack [TEXT:q] onto the end",
        "add a final line saying [TEXT:q]",
        "append the line [TEXT:q] to the file",
        "add a new last line [TEXT:q]",
        "write [TEXT:q] at the end",
        "append [TEXT:q] to {doc}",
        "add [TEXT:q] to the end of the list",
        "put [TEXT:q] at the bottom",
        "finish the file with [TEXT:q]",
        "add one more line: [TEXT:q]",
        "add [TEXT:q] to the list",
        "insert [TEXT:q] after the last line",
        "append [TEXT:u] at the end",
        "end it with [TEXT:q]",
        "add [TEXT:q] below the last line",
    ],
    "edit_sort": [
        "sort the lines",
        "sort the lines alphabetically",
        "put the lines in alphabetical order",
        "alphabetise the lines",
        "alphabetize {doc}",
        "sort {doc} from a to z",
        "order the lines a-z",
        "arrange the lines alphabetically",
        "sort the list",
        "sort it",
        "sort {doc}",
        "sort them in ascending order",
        "put the list in order",
        "reorder the lines alphabetically",
    ],
    "edit_sort_reverse": [
        "sort the lines in reverse order",
        "sort the lines from z to a",
        "sort {doc} in descending order",
        "reverse sort the lines",
        "order the lines z-a",
        "put the lines in reverse alphabetical order",
        "sort the list backwards",
    ],
    "edit_remove_blank": [
        "remove the empty lines",
        "delete all blank lines",
        "get rid of every empty line",
        "strip out blank lines",
        "remove blank lines from {doc}",
        "delete the empty lines",
        "take out the blank lines",
        "drop empty lines",
        "remove all the empty rows of text",
        "squeeze out the blank lines",
        "delete every empty line",
        "no empty lines please",
    ],
    "save": [
        "save",
        "save it",
        "save the file",
        "save {doc}",
        "save the changes",
        "save your work",
        "hit save",
        "store the changes",
        "keep the changes",
        "save that",
        "save the document",
        "make sure it's saved",
        "save everything",
        "write the changes to disk",
        "press save",
        "save it again",
        "save the spreadsheet",
        "save the workbook",
        "save changes to the file",
    ],
    "save_as": [
        "{save_as_v} [NEW] {home}",
        "{save_as_v} [NEW]",
        "save it as [NEW] in [FOLDER]",
        "save the file under the new name [NEW] {home}",
        "save a copy as [NEW]",
        "save it in [FOLDER] as [NEW]",
        "save it to the [FOLDER] folder as [NEW]",
        "save it as [NEW:q]",
        "give it the name [NEW] and save",
        "save it with the filename [NEW]",
        "save it on the desktop as [NEW]",
        "save as a file named [NEW] {home}",
        "{save_as_v} [NEW] on my [FOLDER]",
        "save it under [NEW] inside [FOLDER]",
    ],
    "open_file": [
        "open [FILE]",
        "open the file [FILE]",
        "open [FILE] in the [APP]",
        "load [FILE]",
        "bring up [FILE]",
        "open [FILE] from [FOLDER]",
        "edit [FILE]",
        "open up the file [FILE]",
        "open [FILE] {home}",
        "show me [FILE]",
        "open the document [FILE]",
        "pull up [FILE]",
    ],
    "make_folder": [
        "{mkfolder} a {folderw} {named} [NEW] {home}",
        "{mkfolder} a {folderw} {named} [NEW]",
        "{mkfolder} a {folderw} {named} [NEW:q]",
        "{mkfolder} a {folderw} [NEW] inside [FOLDER]",
        "{mkfolder} a {folderw} {named} [NEW] in [FOLDER]",
        "mkdir [NEW]",
        "make the {folderw} [NEW] in [FOLDER]",
        "create [NEW:q] as a new {folderw}",
        "i need a new {folderw} called [NEW]",
        "add a {folderw} [NEW] to [FOLDER]",
        "{mkfolder} a {folderw} for my [NEW] {home}",
        "put a new {folderw} [NEW] on the desktop",
        "new {folderw} [NEW]",
        "{mkfolder} {folderw}s [NEW] and [NEW] in [FOLDER]",
        "{mkfolder} a {folderw} [NEW] inside a new {folderw} [FOLDER]",
    ],
    "make_file": [
        "create an empty file {named} [NEW] {home}",
        "make a new file [NEW]",
        "create a file [NEW] in [FOLDER]",
        "touch [NEW]",
        "make an empty file [NEW:q]",
        "create a blank file named [NEW] in [FOLDER]",
        "add an empty text file [NEW]",
        "create a new file called [NEW] {home}",
        "make a file called [NEW] containing [TEXT:q]",
        "create [NEW] with the text [TEXT:q]",
        "create a file [NEW] that says [TEXT:q]",
        "write [TEXT:q] into a new file [NEW]",
        "put [TEXT:q] in a file called [NEW] {home}",
        "save [TEXT:q] to a new file named [NEW]",
    ],
    "rename": [
        "rename [FILE] to [NEW]",
        "rename the file [FILE] to [NEW]",
        "rename the {folderw} [FILE] to [NEW]",
        "change the name of [FILE] to [NEW]",
        "call [FILE] [NEW] instead",
        "give [FILE] the name [NEW]",
        "rename [FILE:q] as [NEW:q]",
        "[FILE] should be called [NEW]",
        "rename [FILE] into [NEW]",
        "change [FILE]'s name to [NEW]",
        "retitle [FILE] as [NEW]",
        "rename the {folderw} [FILE:q] to [NEW:q]",
        "rename [FILE] in [FOLDER] to [NEW]",
        "rename [FILE] on my desktop to [NEW]",
    ],
    "move": [
        "move [FILE] to [FOLDER]",
        "move [FILE] into the [FOLDER] folder",
        "put [FILE] in [FOLDER]",
        "drag [FILE] into [FOLDER]",
        "move the file [FILE] into [FOLDER]",
        "relocate [FILE] to [FOLDER]",
        "transfer [FILE] to the [FOLDER] {folderw}",
        "shift [FILE] over to [FOLDER]",
        "move [FILE] from [FOLDER] to [FOLDER]",
        "file [FILE] under [FOLDER]",
        "move [FILE:q] to [FOLDER:q]",
        "move all [FILE] files to [FOLDER]",
        "stick [FILE] in the [FOLDER] folder",
    ],
    "copy_file": [
        "copy [FILE] to [FOLDER]",
        "copy [FILE] into the [FOLDER] folder",
        "make a copy of [FILE] in [FOLDER]",
        "duplicate [FILE] as [NEW]",
        "copy [FILE] to [NEW]",
        "make a copy of [FILE] called [NEW]",
        "back up [FILE] to [FOLDER]",
        "put a copy of [FILE] in [FOLDER]",
        "clone [FILE] into [FOLDER]",
        "copy the file [FILE] over to [FOLDER]",
        "copy [FILE:q] to [FOLDER:q]",
        "duplicate [FILE]",
    ],
    "delete_file": [
        "{delete_v} [FILE]",
        "{delete_v} the file [FILE]",
        "{delete_v} the {folderw} [FILE]",
        "{delete_v} [FILE] from [FOLDER]",
        "{delete_v} [FILE:q]",
        "i don't need [FILE] anymore, delete it",
        "{delete_v} all the [FILE] files",
        "send [FILE] to the trash",
        "{delete_v} [FILE] {home}",
        "{delete_v} the [FILE] {folderw} on my desktop",
    ],
    "cell_set": [
        "enter [VALUE] in [CELL]",
        "put [VALUE] into cell [CELL]",
        "type [VALUE] in cell [CELL]",
        "write [VALUE] in [CELL]",
        "set [CELL] to [VALUE]",
        "fill [CELL] with [VALUE]",
        "make [CELL] say [VALUE]",
        "[CELL] should be [VALUE]",
        "change [CELL] to [VALUE]",
        "put [VALUE] in [CELL], [VALUE] in [CELL] and [VALUE] in [CELL]",
        "set cell [CELL] to [VALUE]",
        "enter [VALUE] into [CELL] and [VALUE] into [CELL]",
        "give [CELL] the value [VALUE]",
        "in cell [CELL] put [VALUE]",
        "update [CELL] to [VALUE]",
        "replace the value in [CELL] with [VALUE]",
        "rename the header in [CELL] to [VALUE]",
    ],
    "cell_formula": [
        "put the [FUNC] of [RANGE] into [CELL]",
        "put the [FUNC] of [RANGE] in cell [CELL]",
        "in [CELL], put the [FUNC] of [RANGE]",
        "calculate the [FUNC] of [RANGE] in [CELL]",
        "write the [FUNC] of [RANGE] into [CELL]",
        "[CELL] should hold the [FUNC] of [RANGE]",
        "add up [RANGE] in [CELL]",
        "sum [RANGE] into [CELL]",
        "fill [CELL] with the [FUNC] of [RANGE]",
        "compute the [FUNC] of cells [RANGE] and put it in [CELL]",
        "total [RANGE] in [CELL]",
        "make [CELL] the [FUNC] of [RANGE]",
        "get the [FUNC] of [RANGE] into [CELL]",
        "put the [FUNC] ([RANGE]) into cell [CELL]",
        "enter a formula in [CELL] for the [FUNC] of [RANGE]",
    ],
    "goto": [
        "go to [URL]",
        "open [URL]",
        "navigate to [URL]",
        "visit [URL]",
        "browse to [URL]",
        "load [URL]",
        "open the page [URL]",
        "take me to [URL]",
        "head over to [URL]",
        "pull up [URL]",
        "go to the website [URL]",
        "open [URL] in the [APP]",
        "surf to [URL]",
        "point the browser at [URL]",
    ],
    "click": [
        "click [TARGET]",
        "click on [TARGET]",
        "press [TARGET]",
        "tap [TARGET]",
        "hit [TARGET]",
        "choose [TARGET]",
        "select [TARGET]",
        "pick [TARGET]",
        "double-click [TARGET]",
        "right-click [TARGET]",
        "click the [TARGET] button",
        "follow the link to [TARGET]",
        "follow [TARGET]",
        "activate [TARGET]",
        "push [TARGET]",
        "go to the [TARGET] page",
        "open the [TARGET] menu",
        "press on [TARGET]",
        "open [TARGET] in a new tab",
        "click [TARGET] twice",
    ],
    "press": [
        "press [KEY]",
        "hit [KEY]",
        "press the [KEY] key",
        "use [KEY]",
        "key [KEY]",
        "press [KEY] twice",
        "send [KEY]",
        "hit the [KEY] key",
        "tap [KEY]",
    ],
    "scroll": [
        "scroll [DIR]",
        "scroll [DIR] a bit",
        "scroll [DIR] [NUM] times",
        "scroll [DIR] the page",
        "scroll [DIR] in the [APP]",
        "page [DIR]",
        "scroll all the way [DIR]",
        "move [DIR] the page",
        "scroll the page [DIR]",
    ],
    "search": [
        "search for [TEXT:q]",
        "search the catalog for [TEXT:q]",
        "look up [TEXT:q]",
        "find [TEXT:q] on the site",
        "search [TEXT:q]",
        "do a search for [TEXT:q]",
        "query [TEXT:q]",
        "search for [TEXT:u] on the page",
        "look for [TEXT:q] in the search box",
    ],
    "fill": [
        "fill in the [FIELD] with [VALUE:q]",
        "enter [VALUE:q] as the [FIELD]",
        "put [VALUE:q] in the [FIELD] field",
        "type [VALUE:q] into the [FIELD] box",
        "set the [FIELD] to [VALUE:q]",
        "use [VALUE:q] for the [FIELD]",
        "fill in the form with the [FIELD] [VALUE:q] and the [FIELD] [VALUE:q]",
        "sign in with the [FIELD] [VALUE:q] and the [FIELD] [VALUE:q]",
        "log in as [VALUE:q]",
        "my [FIELD] is [VALUE:q]",
        "fill the [FIELD] field with [VALUE:q]",
    ],
    "submit": [
        "submit",
        "submit the form",
        "send it",
        "send the form",
        "press submit",
        "place the order",
        "submit it",
        "confirm",
        "send",
        "post it",
        "send the message",
        "click send",
    ],
    "toggle_on": [
        "turn on [TARGET:q]",
        "enable [TARGET]",
        "check [TARGET]",
        "tick [TARGET]",
        "switch on [TARGET]",
        "turn [TARGET] on",
        "activate the [TARGET] option",
        "check the box for [TARGET]",
    ],
    "toggle_off": [
        "turn off [TARGET:q]",
        "disable [TARGET]",
        "uncheck [TARGET]",
        "untick [TARGET]",
        "switch off [TARGET]",
        "turn [TARGET] off",
        "deactivate [TARGET]",
        "clear the [TARGET] box",
    ],
    "select_text": [
        "select the word [TEXT:q]",
        "highlight [TEXT:q]",
        "select [TEXT:q]",
        "mark [TEXT:q]",
        "select the text [TEXT:q]",
        "highlight the phrase [TEXT:q]",
    ],
    "select_all": [
        "select all",
        "select everything",
        "select all the text",
        "highlight everything",
        "mark all",
        "ctrl a everything",
        "select the whole document",
    ],
    "undo": [
        "undo",
        "undo that",
        "undo the last change",
        "take that back",
        "revert the last edit",
        "go back one step",
        "undo it",
        "cancel the last action",
    ],
    "unclear": [
        "{vague_v} {vague}",
        "{vague_v} {vague} for me",
        "can you {vague_v} {vague}",
        "{vague_v} {vague} please",
        "do the thing",
        "do it",
        "do that thing again",
        "you know what to do",
        "fix it",
        "handle it",
        "sort it out",
        "just do something",
        "take care of it",
        "make it work",
        "the usual",
        "{vague_v} {vague} in the [APP]",
        "deal with the file",
        "do what i said",
    ],
    "copy_text": [
        "copy",
        "copy it",
        "copy that",
        "copy the selection",
        "copy the text",
        "copy everything",
        "copy all the text",
        "copy it to the clipboard",
    ],
    "paste": [
        "paste",
        "paste it",
        "paste that",
        "paste the clipboard",
        "paste it here",
        "paste the text",
        "paste it at the end",
    ],
}
# More task kinds and looser phrasings: unquoted values, bare web hosts, spreadsheet and browser verbs.
T_MORE: dict[str, list[str]] = {
    "type_text": [
        "{write} [TEXT:u] and save",
        "{write} [TEXT:u] in a new {notew}",
        "{write} [TEXT:q] in a new {notew}",
        "start a new {notew} with [TEXT:q]",
        "start a new document with [TEXT:q]",
        "new {notew}: [TEXT:q]",
        "{write} [TEXT:q] in the [APP] and",
        "can you {write} [TEXT:q] for me",
        "{write} [TEXT:u] into a new document",
        "make a {notew} that says [TEXT:q]",
        "in the [APP] {write} [TEXT:q]",
        "remind me: [TEXT:q]",
        "{write} a to-do list with [NUM] lines: [TEXT:q], [TEXT:q] and [TEXT:q]",
        "{write} a list with [NUM] lines: [TEXT:q], [TEXT:q], [TEXT:q]",
        "{write} this poem on [NUM] lines: [TEXT:q] / [TEXT:q] / [TEXT:q]",
        "{write} this haiku on [NUM] lines",
        "{write} these [NUM] lines",
        "{write} [NUM] lines: [TEXT:q], [TEXT:q] and [TEXT:q]",
        "{write} a shopping list: [TEXT:q], [TEXT:q], [TEXT:q]",
    ],
    "edit_replace": [
        "replace all occurrences of [OLD:u] with [NEW:u]",
        "replace every [OLD:u] with [NEW:u]",
        "change every [OLD:u] to [NEW:u]",
        "swap [OLD:u] for [NEW:u] in [FILE]",
        "change [OLD:u] into [NEW:u]",
        "change [OLD:q] into [NEW:q]",
        "replace the word [OLD:u] by [NEW:u]",
        "fix the spelling of [OLD:q] to [NEW:q]",
        "i wrote [OLD:q] wrong everywhere, make it [NEW:q]",
        "[OLD:q] is misspelled, it should be [NEW:q]",
        "make it [NEW:q] instead of [OLD:q]",
        "in [FILE] change [OLD:q] to [NEW:q]",
        "in [FILE] replace [OLD:q] with [NEW:q]",
        "replace [OLD:q] with [NEW:q] in [FILE]",
        "change every [OLD:u] to [NEW:u] in [FILE]",
        "turn every [OLD:u] into a [NEW:u]",
        "swap out [OLD:u] and put [NEW:u]",
    ],
    "edit_upper": [
        "make everything in [FILE] uppercase",
        "make [FILE] all caps",
        "uppercase [FILE]",
        "capitalise all of it",
        "make the whole document uppercase",
        "all caps for [FILE]",
    ],
    "edit_lower": [
        "lowercase the whole file",
        "make [FILE] lower case",
        "lowercase everything in [FILE]",
        "make the text lower case",
        "turn all of it into small letters",
    ],
    "edit_duplicate_line": [
        "copy the [LINE] line to the end",
        "copy the [LINE] line to the bottom",
        "copy line [LINE] to the end",
        "copy line [LINE] to the bottom",
        "duplicate the [LINE] line",
        "duplicate line [LINE]",
        "repeat the [LINE] line at the end",
        "make a copy of the [LINE] line",
        "copy the [LINE] line and paste it at the end",
        "put a copy of line [LINE] at the bottom",
        "double the [LINE] line",
        "copy the [LINE] line of [FILE] to the end",
        "duplicate the [LINE] line in [FILE]",
        "add the [LINE] line again at the end",
    ],
    "edit_clear": [
        "delete everything in {doc}",
        "delete everything in [FILE]",
        "clear {doc}",
        "clear [FILE]",
        "empty the file",
        "empty [FILE]",
        "erase all the text",
        "wipe the document",
        "remove all the text from [FILE]",
        "delete all of the text",
        "make the file empty",
        "blank out the document",
        "remove everything from {doc}",
    ],
    "edit_append": [
        "add a new last line [TEXT:q]",
        "add a new line [TEXT:q] at the end",
        "add the last line [TEXT:q]",
        "add a line saying [TEXT:q] at the end of the file",
        "add [TEXT:q] at the bottom",
        "{write} [TEXT:q] at the end of [FILE]",
        "append [TEXT:q] to [FILE]",
        "add [TEXT:q] to the bottom of [FILE]",
        "put [TEXT:q] at the end of [FILE]",
        "append the line [TEXT:q]",
        "add [TEXT:q] as the last line of [FILE]",
    ],
    "edit_insert_top": [
        "put [TEXT:q] at the top of [FILE]",
        "add [TEXT:q] at the top of [FILE]",
        "insert [TEXT:q] as the first line",
        "put [TEXT:q] as a title at the top",
    ],
    "edit_delete_line": [
        "delete the [LINE] line of [FILE]",
        "remove the [LINE] line from [FILE]",
        "remove line [LINE] of [FILE]",
    ],
    "edit_sort": ["sort the lines of [FILE]", "sort [FILE] alphabetically", "put [FILE] in a-z order"],
    "edit_sort_reverse": [
        "reverse sort the lines",
        "sort the lines backwards",
        "sort [FILE] in reverse",
        "put the lines in reverse alphabetical order",
        "sort them z to a",
    ],
    "save": [
        "save it please",
        "and save it",
        "save the file please",
        "save it, thanks",
        "save the sheet",
        "save my changes",
        "save the note",
        "save.",
        "then save",
    ],
    "save_as": [
        "save the spreadsheet as [NEW]",
        "save the workbook as [NEW]",
        "save it as a csv called [NEW]",
        "export it as [NEW]",
        "export the sheet to [NEW]",
        "save a copy as [NEW]",
        "save the note as [NEW]",
        "save it as [NEW] on the desktop",
        "save this file as [NEW]",
        "save as [NEW] in the [FOLDER] folder",
        "save it in csv format as [NEW]",
    ],
    "list_files": [
        "list the files {home}",
        "list the files in [FOLDER]",
        "list [FOLDER]",
        "what's in [FOLDER]",
        "what is in the [FOLDER] folder",
        "show me what files are in the [FOLDER] folder",
        "show me the files in [FOLDER]",
        "show the contents of [FOLDER]",
        "ls [FOLDER]",
        "ls",
        "what files do i have {home}",
        "which files are in [FOLDER]",
        "list everything in my home folder",
        "show me my files",
        "what's inside the [FOLDER] {folderw}",
        "list all files",
        "what do i have in [FOLDER]",
        "display the contents of the [FOLDER] {folderw}",
    ],
    "make_folder": [
        "mkdir [NEW]",
        "new {folderw}: [NEW]",
        "new {folderw} called [NEW]",
        "{mkfolder} {folderw}s called [NEW] and [NEW]",
        "{mkfolder} {folderw}s named [NEW], [NEW] and [NEW]",
        "{mkfolder} three {folderw}s: [NEW], [NEW] and [NEW]",
        "{mkfolder} two {folderw}s [NEW] and [NEW]",
        "set up a {folderw} called [NEW] on the desktop",
        "put a {folderw} named [NEW] on my desktop",
        "i need a new {folderw} for my [NEW]",
        "{mkfolder} the {folderw} [NEW]",
        "{mkfolder} a {folderw} [NEW]",
        "a new {folderw} [NEW] please",
        "{mkfolder} a {folderw} called [NEW] on the desktop",
    ],
    "make_file": [
        "create a text file [NEW] that says [TEXT:q]",
        "write [TEXT:q] to a new file called [NEW]",
        "make a file called [NEW] containing [TEXT:q]",
        "create an empty file named [NEW] on the desktop",
        "new file [NEW]",
        "touch [NEW] in [FOLDER]",
    ],
    "delete_file": [
        "{delete_v} the [FILE] {folderw}",
        "{delete_v} the empty {folderw} [FILE]",
        "{delete_v} the {folderw} called [FILE] and everything in it",
        "{delete_v} the file called [FILE] in [FOLDER]",
        "{delete_v} [FILE] and [FILE]",
        "{delete_v} [FILE] please",
        "{delete_v} the [FILE] file",
        "{delete_v} the old [FILE]",
    ],
    "rename": [
        "rename the file [FILE] in [FOLDER] to [NEW]",
        "rename [FILE] to [NEW] please",
        "change the name of the {folderw} [FILE] to [NEW]",
        "rename the {folderw} [FILE] to [NEW]",
        "can you rename [FILE] to [NEW]",
    ],
    "move": [
        "move every [FILE] file into the [FOLDER] folder",
        "move [FILE] to the desktop",
        "put [FILE] in the [FOLDER] folder",
        "move [FILE] over to [FOLDER]",
        "move [FILE] and [FILE] to [FOLDER]",
    ],
    "copy_file": [
        "copy [FILE] into it",
        "duplicate the file [FILE] as [NEW]",
        "copy [FILE] into the [FOLDER] folder",
        "make a backup copy of [FILE] in [FOLDER]",
    ],
    "cell_set": [
        "put [VALUE] in [CELL] and save",
        "fill [CELL] with [VALUE:u]",
        "make [CELL] say [VALUE:u]",
        "type [VALUE:u] in [CELL], [VALUE:u] in [CELL]",
        "fill cells [CELL], [CELL] and [CELL] with [VALUE], [VALUE] and [VALUE]",
        "put [VALUE] into [CELL]",
        "type [VALUE:q] into cell [CELL]",
        "write [VALUE:q] in [CELL]",
        "set cell [CELL] to [VALUE:u]",
        "replace the value in [CELL] with [VALUE:u]",
        "change cell [CELL] to [VALUE]",
        "[CELL]: [VALUE]",
        "put [VALUE] in [CELL] and [VALUE] in [CELL]",
    ],
    "cell_formula": [
        "sum column [COL] into [CELL]",
        "sum the numbers in column [COL] and put the total in [CELL]",
        "put the [FUNC] of column [COL] in [CELL]",
        "put the [FUNC] of [CELL] to [CELL] in [CELL]",
        "add up [CELL] to [CELL] in [CELL]",
        "add up [CELL] through [CELL] into [CELL]",
        "put the [FUNC] value of [RANGE] into [CELL]",
        "what's the [FUNC] number in column [COL]? put it in [CELL]",
        "[FUNC] the numbers in [RANGE] into [CELL]",
        "put the [FUNC] of [RANGE] in [CELL]",
        "in [CELL] put the [FUNC] of column [COL]",
        "total column [COL] in [CELL]",
        "put the [FUNC] of [RANGE] into [CELL]",
    ],
    "cell_clear": [
        "clear cell [CELL]",
        "clear [CELL]",
        "empty cell [CELL]",
        "delete the contents of [CELL]",
        "erase [CELL]",
        "blank out [CELL]",
        "remove the value in [CELL]",
        "delete what's in [CELL]",
    ],
    "sheet_sort": [
        "sort column [COL] alphabetically",
        "sort column [COL]",
        "sort column [COL] descending",
        "sort column [COL] from largest to smallest",
        "sort the rows by column [COL]",
        "sort the rows by [COLNAME] from low to high",
        "sort the data by [COLNAME]",
        "sort the table by column [COL] in descending order",
        "order the rows by [COLNAME]",
        "sort the sheet by column [COL]",
        "sort the spreadsheet by [COLNAME] ascending",
        "put the rows in order of [COLNAME]",
        "sort by column [COL], highest first",
    ],
    "sheet_bold": [
        "make the header row bold",
        "bold the header",
        "bold cell [CELL]",
        "make [CELL] bold",
        "bold the first row",
        "make row [NUM] bold",
        "put the headers in bold",
        "make the titles bold",
        "bold [RANGE]",
        "format [CELL] as bold",
    ],
    "goto": [
        "go to [URL] please",
        "open up [URL]",
        "open [URL] in a new tab",
        "load the page [URL]",
        "go to [URL] and then back",
        "navigate to [URL]",
        "visit [URL]",
        "head over to [URL]",
    ],
    "click": [
        "take me to the [TARGET:u] page",
        "show me the [TARGET:u] page",
        "open the [TARGET:u] page",
        "open the [TARGET:u] link",
        "hit the [TARGET:u] link",
        "go to the [TARGET:u] section",
        "click the link [TARGET:u]",
        "click [TARGET:u]",
        "pick [TARGET:u]",
        "choose [TARGET:u]",
        "subscribe",
        "add to cart",
        "press the [TARGET:u] button",
    ],
    "browser_back": [
        "go back",
        "go back to the previous page",
        "back",
        "then back",
        "press back",
        "return to the previous page",
        "go back one page",
        "navigate back",
        "back to the last page",
    ],
    "browser_forward": [
        "go forward",
        "go forward a page",
        "forward",
        "navigate forward",
        "go to the next page in history",
    ],
    "browser_reload": [
        "reload the page",
        "refresh",
        "refresh the page",
        "reload",
        "reload this page",
        "hit refresh",
        "refresh the browser",
    ],
    "new_tab": [
        "open a new tab",
        "new tab",
        "open another tab",
        "start a new tab",
        "add a tab",
        "open a fresh tab",
        "open up a blank tab",
    ],
    "bookmark": [
        "bookmark this page",
        "bookmark the page",
        "add a bookmark",
        "save this page as a bookmark",
        "add this page to my bookmarks",
        "bookmark it",
        "star this page",
        "add this site to favourites",
    ],
    "zoom_in": [
        "zoom in",
        "zoom in a bit",
        "make the page bigger",
        "make the text larger",
        "enlarge the page",
        "increase the zoom",
        "zoom in on the page",
        "make it bigger",
    ],
    "zoom_out": [
        "zoom out",
        "zoom out a bit",
        "make the page smaller",
        "make the text smaller",
        "decrease the zoom",
        "shrink the page",
        "zoom out of the page",
    ],
    "find_text": [
        "find [TEXT:q] on this page",
        "find [TEXT:q] on the page",
        "look for [TEXT:q] on this page",
        "search this page for [TEXT:q]",
        "highlight [TEXT:q] on the page",
        "ctrl f [TEXT:q]",
        "find the word [TEXT:u] on this page",
        "where does it say [TEXT:q] on the page",
    ],
    "search": [
        "search for [TEXT:u]",
        "search [TEXT:q]",
        "look up [TEXT:q] in the catalog",
        "could you look up [TEXT:q]",
        "search the catalog for [TEXT:u]",
        "search for [TEXT:u] in the catalog",
        "find [TEXT:u] in the catalog",
        "do a search for [TEXT:u]",
    ],
    "fill": [
        "fill in the [FIELD] with [VALUE:u]",
        "fill in the form with [FIELD] [VALUE:u] and [FIELD] [VALUE:u]",
        "fill in the contact form with [FIELD] [VALUE:u] and [FIELD] [VALUE:u]",
        "sign in with [FIELD] [VALUE:u] and [FIELD] [VALUE:u]",
        "log in as [VALUE:u] with the [FIELD] [VALUE:u]",
        "log in as [VALUE:u]",
        "type [VALUE:q] in the [FIELD] box",
        "enter [VALUE:u] as the [FIELD]",
        "put [VALUE:u] in the [FIELD] field",
        "set the [FIELD] to [VALUE:u]",
    ],
    "toggle_on": [
        "turn on [TARGET:u]",
        "enable the [TARGET:u] option",
        "switch on [TARGET:u]",
        "tick the [TARGET:u] box",
        "check [TARGET:u]",
        "turn [TARGET:u] on",
    ],
    "toggle_off": ["turn off [TARGET:u]", "disable the [TARGET:u] option", "uncheck [TARGET:u]"],
    "unclear": [
        "calculate it",
        "work that out",
        "do the math for me",
        "compute that",
        "edit the file",
        "fix the text",
        "replace it",
        "change that word",
        "change it",
        "delete it",
        "move the file",
        "put it in the folder",
        "rename it",
        "rename something",
        "fill in the spreadsheet",
        "put a number there",
        "go there",
        "open the site",
        "search for it",
        "click it",
        "click that",
        "move it",
        "copy it there",
        "open it",
        "type it",
        "do it in the sheet",
        "sort it out in the sheet",
        "fix the sheet",
        "change the cell",
        "update the document",
        "put that in there",
        "go to that page",
        "do the usual thing",
    ],
}
# Everyday shapes: needs stated rather than ordered ("I need ..."), the object before the verb, questions,
# the app left implicit or named loosely, and verbs the tables above lack.
T_EVERYDAY: dict[str, list[str]] = {
    "compute": [
        "i need to know [EXPR]",
        "i'm trying to figure out [EXPR]",
        "quick maths: [EXPR]",
        "help me with [EXPR]",
        "tally up [EXPR]",
        "reckon [EXPR]",
        "key [EXPR] into the [APP]",
        "punch [EXPR] into the [APP]",
        "have the [APP] work out [EXPR]",
        "get the [APP] to show [EXPR]",
        "[EXPR] - what's the answer?",
        "do the sum [EXPR]",
        "any idea what [EXPR] is?",
        "work out how much [EXPR] comes to",
        "i want the [APP] to display [EXPR]",
        "run [EXPR] through the [APP]",
        "could you do [EXPR] on the [APP]",
        "[VERBEXPR] using the [APP]",
        "i need you to [VERBEXPR]",
        "go ahead and [VERBEXPR] for me",
    ],
    "type_text": [
        "{write} [TEXT:u] into the [APP]",
        "{write} [TEXT:u] into [APP]",
        "i need [TEXT:q] typed out",
        "i want [TEXT:q] written down",
        "[TEXT:q] - {write} that",
        "get [TEXT:q] down in the [APP]",
        "{write} [TEXT:q] into a fresh {notew}",
        "{write} [TEXT:u] on a blank page",
        "i'd like a {notew} that reads [TEXT:q]",
        "the text should say [TEXT:q]",
        "{write} a note saying [TEXT:u]",
        "{write} a {notew} that reads [TEXT:u]",
        "{write} a reminder: [TEXT:u]",
        "make the document say [TEXT:q]",
    ],
    "edit_replace": [
        "where it says [OLD:u] put [NEW:u] instead",
        "where it says [OLD:q] put [NEW:q] instead",
        "[OLD:q] is spelled wrong, it should be [NEW:q]",
        "the word [OLD:q] needs to become [NEW:q]",
        "i want [NEW:q] wherever there is [OLD:q]",
        "every [OLD:u] should read [NEW:u]",
        "exchange [OLD:q] with [NEW:q]",
        "[OLD:q] -> [NEW:q]",
        "swap the word [OLD:u] for [NEW:u]",
        "all the [OLD:q] need to be [NEW:q]",
        "update [OLD:q] to [NEW:q] everywhere",
        "fix the spelling of [OLD:q] to [NEW:q]",
        "[OLD:q] to [NEW:q] throughout",
    ],
    "edit_upper": [
        "i want {doc} in capital letters",
        "everything needs to be uppercase",
        "can {doc} be all caps",
        "block capitals for {doc}",
    ],
    "edit_lower": [
        "i want {doc} in small letters",
        "everything needs to be lowercase",
        "no caps anywhere please",
        "get rid of the capital letters",
    ],
    "edit_append": [
        "tack [TEXT:q] onto the end",
        "finish the file with the line [TEXT:q]",
        "stick [TEXT:q] at the very bottom",
        "[TEXT:q] should be the last line",
        "i need [TEXT:q] added at the end",
        "one more line at the end: [TEXT:q]",
    ],
    "edit_insert_top": [
        "[TEXT:q] should be the first line",
        "start the file with [TEXT:q]",
        "stick [TEXT:q] at the very top",
        "i need [TEXT:q] as a heading at the top",
        "begin the document with the line [TEXT:q]",
    ],
    "edit_sort": [
        "put the lines in alphabetical order",
        "alphabetise {doc}",
        "i need the lines sorted a to z",
        "order the lines alphabetically",
    ],
    "edit_sort_reverse": [
        "i need the lines sorted z to a",
        "reverse alphabetical order please",
        "sort the lines backwards",
    ],
    "edit_remove_blank": [
        "no empty lines please",
        "squeeze out the blank lines",
        "drop every empty line",
        "i don't want any blank lines",
    ],
    "edit_delete_line": [
        "the [LINE] line has to go",
        "get rid of line [LINE]",
        "i don't need the [LINE] line",
        "cut the [LINE] line",
    ],
    "edit_delete_text": [
        "take out the word [OLD:q]",
        "strip [OLD:q] out of {doc}",
        "i don't want [OLD:q] anywhere",
    ],
    "edit_clear": [
        "empty {doc}",
        "blank out {doc}",
        "start {doc} from scratch",
        "wipe all the text",
    ],
    "edit_duplicate_line": [
        "repeat the [LINE] line",
        "make a second copy of the [LINE] line",
        "double up the [LINE] line",
    ],
    "save_as": [
        "keep it as [NEW:u]",
        "file name [NEW:u]",
        "save a copy named [NEW:q]",
        "store it under [NEW:u] on the desktop",
    ],
    "save": ["make sure it's saved", "don't forget to save", "save your changes", "keep the changes"],
    "make_folder": [
        "i need a new {folderw} {named} [NEW]",
        "i'd like a {folderw} {named} [NEW] in [FOLDER]",
        "could there be a {folderw} {named} [NEW]",
        "new {folderw}: [NEW]",
        "a {folderw} {named} [NEW], please",
        "put a new {folderw} [NEW] inside [FOLDER]",
    ],
    "make_file": [
        "i need an empty file {named} [NEW]",
        "new file [NEW] with [TEXT:q] in it",
        "put [TEXT:q] in a new file {named} [NEW]",
    ],
    "rename": [
        "[FILE] should be called [NEW] from now on",
        "change the name of [FILE] to [NEW]",
        "give [FILE] the name [NEW]",
        "i want [FILE] renamed [NEW]",
        "call [FILE] [NEW] instead",
    ],
    "move": [
        "stick [FILE] in [FOLDER]",
        "shift [FILE] over to [FOLDER]",
        "file [FILE] away in [FOLDER]",
        "i want [FILE] inside [FOLDER]",
        "relocate [FILE] to the [FOLDER] folder",
    ],
    "copy_file": [
        "i need a copy of [FILE] in [FOLDER]",
        "back up [FILE] as [NEW]",
        "clone [FILE] to [NEW]",
        "make a second copy of [FILE] named [NEW]",
        "put a copy of [FILE] into [FOLDER]",
    ],
    "delete_file": [
        "i don't need [FILE] anymore",
        "[FILE] can go",
        "get [FILE] out of here",
        "clean up [FILE]",
        "[FILE] has to be deleted",
        "send [FILE] to the trash",
    ],
    "list_files": [
        "what's inside [FOLDER]",
        "show me the contents of [FOLDER]",
        "which files are in [FOLDER]",
    ],
    "cell_set": [
        "i need [VALUE] in [CELL]",
        "[CELL] needs to say [VALUE]",
        "[CELL] should read [VALUE:u]",
        "put the number [VALUE] in [CELL]",
        "type [VALUE:u] into [CELL] on the sheet",
        "drop [VALUE] into [CELL]",
        "[VALUE:q] goes in [CELL]",
        "can [CELL] have [VALUE]",
    ],
    "cell_formula": [
        "i need the [FUNC] of [RANGE] in [CELL]",
        "[CELL] should show the [FUNC] of [RANGE]",
        "work out the [FUNC] of [RANGE] and put it in [CELL]",
        "show the [FUNC] of column [COL] in [CELL]",
        "[FUNC] of [RANGE] goes in [CELL]",
        "find the [FUNC] of [RANGE], result in [CELL]",
    ],
    "cell_clear": [
        "empty cell [CELL]",
        "[CELL] should be blank",
        "delete what's in [CELL]",
        "remove the value from [CELL]",
    ],
    "sheet_sort": [
        "i need the rows sorted by [COLNAME]",
        "rows in order of column [COL] please",
        "arrange the data by [COLNAME], biggest first",
        "rank the rows by column [COL]",
    ],
    "sheet_bold": [
        "the header row should be bold",
        "make [CELL] stand out in bold",
        "embolden the headings",
        "bold the top row",
    ],
    "goto": [
        "i want to see [URL]",
        "pull [URL] up in the [APP]",
        "bring up [URL]",
        "could you open [URL] for me",
        "get me to [URL]",
        "[URL] please",
        "the page i need is [URL]",
    ],
    "browser_back": [
        "hit the back button",
        "click back",
        "previous page please",
        "back up one page",
        "take me back",
    ],
    "browser_forward": [
        "hit the forward button",
        "next page in the history",
        "go forward one page",
        "forward again",
    ],
    "browser_reload": ["refresh the page", "reload the site", "hit refresh", "give the page a refresh"],
    "new_tab": ["i need another tab", "open up a fresh tab", "give me a blank tab"],
    "bookmark": ["save this page to my bookmarks", "star this page", "add the page to favourites"],
    "zoom_in": ["make the page bigger", "enlarge the text on the page", "i can't read it, zoom in"],
    "zoom_out": ["make the page smaller", "shrink the page", "show more of the page by zooming out"],
    "find_text": [
        "is the word [TEXT:u] on this page?",
        "point out [TEXT:q] on the page",
        "locate [TEXT:u] on the page",
    ],
    "search": [
        "search the site for [TEXT:u]",
        "use the search box to find [TEXT:u]",
        "look [TEXT:u] up on the site",
        "run a search for [TEXT:u]",
    ],
    "click": [
        "i want to click [TARGET]",
        "go ahead and press [TARGET]",
        "click where it says [TARGET:u]",
        "give [TARGET] a click",
        "open the [TARGET:u] tab",
        "pick [TARGET:u] from the list",
        "choose [TARGET:u] in the dropdown",
    ],
    "fill": [
        "my [FIELD] is [VALUE:u]",
        "use [VALUE:u] as my [FIELD]",
        "the [FIELD] should be [VALUE:u]",
        "[FIELD]: [VALUE:u], [FIELD]: [VALUE:u]",
        "sign me in as [VALUE:u] with password [VALUE:u]",
    ],
    "toggle_on": [
        "i want [TARGET:u] turned on",
        "make sure [TARGET:u] is checked",
        "tick the box next to [TARGET:u]",
    ],
    "toggle_off": [
        "i want [TARGET:u] turned off",
        "make sure [TARGET:u] is unchecked",
        "untick the box next to [TARGET:u]",
    ],
    "open_app": ["i need the [APP] up", "get the [APP] going", "pop open the [APP]", "could i get the [APP]"],
    "unclear": [
        "can you help me",
        "i need some help with my file",
        "do something with the numbers",
        "make it look better",
        "sort this mess out",
        "change the thing we talked about",
        "you know which one, fix it",
        "do what you did last time",
        "tidy things up",
        "make the changes",
    ],
}
for _more_set in (T_MORE, T_EVERYDAY):
    for _intent, _more in _more_set.items():
        T.setdefault(_intent, []).extend(_more)
# clause connectors (tagged SEP)
SEPS = [
    ", then ",
    " then ",
    " and then ",
    ", and then ",
    " and ",
    ", and ",
    ". ",
    "; ",
    ", ",
    " after that ",
    ". Then ",
    ", after that, ",
    " and finally ",
    ". Finally, ",
    " and also ",
    ", next ",
    ". Next, ",
    ". After that, ",
    " & ",
    " and afterwards ",
]
TAIL_OK = {"type_text", "compute", "edit_upper", "edit_lower", "edit_replace", "edit_append", "edit_insert_top",
           "edit_sort", "edit_delete_line", "edit_remove_blank", "edit_delete_text", "cell_set", "cell_formula",
           "type_result", "calc_continue", "make_folder", "make_file", "fill", "open_app", "open_file", "goto",
           "search", "toggle_on", "click", "rename", "move", "copy_file", "cell_clear", "sheet_sort", "sheet_bold",
           "edit_duplicate_line", "edit_clear"}  # fmt: skip
FOLLOW = ["save", "save", "save", "save_as", "submit", "calc_continue", "type_result", "close_app", "edit_sort",
          "edit_upper", "type_text", "click", "compute", "press", "open_file", "browser_back", "save"]  # fmt: skip


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def text(self, n=(1, 4)) -> str:
        return " ".join(self.r.choice(WORDS) for _ in range(self.r.randint(*n)))

    def quoted(self, value: str) -> str:
        q = self.r.choice(["'", "'", '"', "\u2018\u2019", "\u201c\u201d"])
        return (q[0] + value + q[-1]) if len(q) == 2 else (q + value + q)

    def file(self) -> str:
        if self.r.random() < 0.1:
            return f"*.{self.r.choice(EXTS)}"
        stem = self.r.choice(STEMS)
        return f"{stem}.{self.r.choice(EXTS)}" if self.r.random() < 0.85 else stem

    def num(self) -> str:
        x = self.r.random()
        if x < 0.6:
            return str(self.r.randint(1, 99))
        if x < 0.85:
            return str(self.r.randint(100, 99999))
        return f"{self.r.randint(0, 99)}.{self.r.randint(1, 99)}"

    def expr(self) -> str:
        n = self.num
        ops = [
            ("+", ["plus", "+", "and", "added to"]),
            ("-", ["minus", "-", "less", "take away"]),
            ("*", ["times", "*", "x", "multiplied by", "×"]),
            ("/", ["divided by", "/", "over", "÷"]),
        ]
        forms = [
            lambda: " ".join([n(), self.r.choice(self.r.choice(ops)[1]), n()]),
            lambda: " ".join(
                [n(), self.r.choice(self.r.choice(ops)[1]), n(), self.r.choice(self.r.choice(ops)[1]), n()]
            ),
            lambda: f"{n()}{self.r.choice('+-*/')}{n()}",
            lambda: f"({n()}+{n()})*{n()}",
            lambda: f"the sum of {n()}, {n()} and {n()}",
            lambda: f"the sum of {n()} and {n()}",
            lambda: f"the product of {n()} and {n()}",
            lambda: f"the difference between {n()} and {n()}",
            lambda: f"the average of {n()}, {n()} and {n()}",
            lambda: f"{n()} percent of {n()}",
            lambda: f"{n()}% of {n()}",
            lambda: f"the square root of {n()}",
            lambda: f"sqrt {n()}",
            lambda: f"{n()} squared",
            lambda: f"the square of {n()}",
            lambda: f"{n()} cubed",
            lambda: f"{n()} to the power of {n()}",
            lambda: f"half of {n()}",
            lambda: f"{n()} * {n()}",
        ]
        return self.r.choice(forms)()

    def verbexpr(self) -> str:
        n = self.num
        return self.r.choice([
            f"add {n()} and {n()}", f"add {n()} to {n()}", f"add up {n()}, {n()} and {n()}",
            f"multiply {n()} by {n()}", f"multiply {n()} and {n()}", f"divide {n()} by {n()}",
            f"subtract {n()} from {n()}", f"take {n()} away from {n()}", f"square {n()}",
            f"take the square root of {n()}", f"sum {n()}, {n()} and {n()}", f"cube {n()}",
            f"deduct {n()} from {n()}", f"find {n()} percent of {n()}", f"double {n()}",
        ])  # fmt: skip

    def cell(self) -> str:
        return f"{self.r.choice('ABCDEFGH')}{self.r.randint(1, 30)}"

    def fill(self, slot: str, mode: str) -> tuple[str, str]:
        """(surface text, label) for a slot."""
        r = self.r
        quote = mode == "q" or (mode == "" and r.random() < 0.3)
        if slot == "APP":
            app = r.choice(list(APPS))
            return r.choice(APPS[app]), "APP"
        if slot == "EXPR":
            return self.expr(), "EXPR"
        if slot == "VERBEXPR":
            return self.verbexpr(), "EXPR"
        if slot == "NUM":
            return self.num(), "NUM"
        if (
            slot in ("TEXT", "OLD", "NEW", "VALUE", "FIELD")
            and slot != "NEW"
            or (slot == "NEW" and mode in "qu")
        ):
            if slot == "FIELD":
                return r.choice(FIELDS), "FIELD"
            if slot == "VALUE" and mode == "" and r.random() < 0.5:
                return (self.num() if r.random() < 0.7 else "=" + self.cell() + "+" + self.cell()), "VALUE"
            value = self.text((1, 2) if slot in ("OLD", "NEW") else (1, 5))
            if slot == "VALUE" and mode == "q" and r.random() < 0.3:
                value = r.choice(["ada@example.com", "demo", "hunter2", "Ada Lovelace", "bob.smith"])
            if slot == "NEW" and mode == "q" and r.random() < 0.4:
                value = self.file() if r.random() < 0.5 else r.choice(FOLDERS)
            return (self.quoted(value) if mode == "q" or (mode == "" and quote) else value), slot
        if slot == "NEW":
            value = self.file() if r.random() < 0.6 else r.choice(FOLDERS)
            return (self.quoted(value) if quote and r.random() < 0.5 else value), "NEW"
        if slot == "FILE":
            value = self.file() if r.random() < 0.75 else r.choice(FOLDERS)
            return (self.quoted(value) if mode == "q" else value), "FILE"
        if slot == "FOLDER":
            value = r.choice(FOLDERS)
            return (self.quoted(value) if mode == "q" else value), "FOLDER"
        if slot == "LINE":
            return (r.choice(ORDINALS) if r.random() < 0.7 else str(r.randint(1, 9))), "LINE"
        if slot == "COL":
            return r.choice("ABCDEF"), "COL"
        if slot == "COLNAME":
            return r.choice(
                ["price", "name", "score", "the price", "the name column", "quantity", "date"]
            ), "COL"
        if slot == "CELL":
            return self.cell(), "CELL"
        if slot == "RANGE":
            a, b = r.choice("ABCDEF"), r.randint(1, 5)
            return f"{a}{b}:{a}{b + r.randint(2, 9)}", "RANGE"
        if slot == "FUNC":
            return r.choice(r.choice(list(FUNCS.values()))), "FUNC"
        if slot == "URL":
            return r.choice(URLS), "URL"
        if slot == "TARGET":
            t = r.choice(TARGETS)
            return (self.quoted(t) if mode == "q" else t), "TARGET"
        if slot == "KEY":
            return r.choice(KEYS), "KEY"
        if slot == "DIR":
            return r.choice(["up", "down", "left", "right", "to the bottom", "to the top"]), "DIR"
        raise KeyError(slot)

    def render(self, template: str) -> tuple[str, list[list]]:
        out, spans = "", []
        for part in re.split(r"(\{\w+\}|\[\w+(?::[qu])?\])", template):
            if part.startswith("{"):
                text, inner = self.render(self.r.choice(P[part[1:-1]]))
                spans += [[s + len(out), e + len(out), lab] for s, e, lab in inner]
                out += text
            elif part.startswith("["):
                slot, _, mode = part[1:-1].partition(":")
                text, label = self.fill(slot, mode)
                spans.append([len(out), len(out) + len(text), label])
                out += text
            else:
                out += part
        return out, spans


def sample(gen: Gen, templates: dict[str, list[str]]) -> dict:
    r = gen.r
    k = r.choices([1, 2, 3], [0.5, 0.35, 0.15])[0]
    intents = [r.choice(list(templates))]
    for _ in range(k - 1):
        prev = intents[-1]
        follow = prev in TAIL_OK and r.random() < 0.6
        intents.append(r.choice(FOLLOW) if follow else r.choice(list(templates)))
    text, spans, clauses = "", [], []
    pre = gen.render(r.choice(P["pl"]))[0]
    for i, intent in enumerate(intents):
        if i:
            sep = r.choice(SEPS)
            if intents[i - 1] == "context":
                sep = r.choice([", ", ". ", ": "])
            core = sep.strip(" ")
            if core:
                s = len(text) + sep.index(core)
                spans.append([s, s + len(core), "SEP"])
            text += sep
        clause, inner = gen.render(r.choice(templates[intent]))
        if i == 0:
            clause = pre + clause
            inner = [[s + len(pre), e + len(pre), lab] for s, e, lab in inner]
        if text.rstrip().endswith(".") or i == 0 and r.random() < 0.5:
            clause = clause[:1].upper() + clause[1:]
        begin = len(text)
        spans += [[s + begin, e + begin, lab] for s, e, lab in inner]
        text += clause
        clauses.append({"intent": intent, "start": begin, "end": len(text)})
    if r.random() < 0.3:
        text += r.choice([".", ".", "!", "?", " please."])
    sample = {"text": text, "clauses": clauses, "spans": spans + app_spans(text, spans)}
    return roughen(r, wrap(r, sample)) if r.random() < ROUGH_SHARE else sample


# Everyday wrapping that carries no meaning: openers before the first clause and closers after the last.
# They are drawn apart from the templates so the model learns to look past them, whatever the request says.
ROUGH_SHARE = 0.5
OPENERS = [
    "hey, ", "hi, ", "ok, ", "okay so ", "so ", "alright, ", "right, ", "um, ", "hmm, ", "quick one: ",
    "real quick, ", "when you get a sec, ", "if you don't mind, ", "if you could, ", "do me a favour and ",
    "do me a favor and ", "i'd like you to ", "i would like you to ", "i need you to ", "can you please ",
    "could you please ", "please could you ", "would you please ", "would you be able to ", "are you able to ",
    "is it possible to ", "i was hoping you could ", "mind if you ", "try to ", "you should ", "we need to ",
    "i need to ", "i want to ", "i'd like to ", "let me ", "time to ", "next up: ", "task: ", "one more thing, ",
    "for me, ", "first, ", "pls ", "plz ", "yo, ", "good morning! ", "thanks in advance, ", "one thing: ",
    "quickly ", "help me ", "assist me: ", "the job: ", "ok now ",
]  # fmt: skip
CLOSERS = [
    " for me", " thanks", ", thanks", ", thank you", " thank you!", " please", ", please", " if you can",
    " if possible", " when you get a chance", " real quick", " asap", " cheers", " thx", " :)", " ok?",
    " would you", " could you?", " will you", " for me please", ", that's all", " and that's it",
    " - thanks a lot", " quickly",
]  # fmt: skip
# The words typed often wrong; the model sees common misspellings of them (their character n-grams stay close).
TYPO_WORDS = re.compile(r"\b[a-z]{4,}\b")


def _tagged(spans: list[list], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e, _ in spans)


def wrap(r: random.Random, sample: dict) -> dict:
    text, spans = sample["text"], [list(s) for s in sample["spans"]]
    clauses = [dict(c) for c in sample["clauses"]]
    if r.random() < 0.6:
        opener = r.choice(OPENERS)
        body = text[:1].lower() + text[1:] if r.random() < 0.7 else text
        text = opener + body
        for s in spans:
            s[0], s[1] = s[0] + len(opener), s[1] + len(opener)
        for c in clauses:
            c["start"], c["end"] = c["start"] + len(opener), c["end"] + len(opener)
        clauses[0]["start"] = 0
    if r.random() < 0.4:
        stem = text.rstrip(".!?")
        closer = r.choice(CLOSERS)
        text = stem + closer + text[len(stem) :]
        clauses[-1]["end"] = len(stem) + len(closer)
    return {"text": text, "clauses": clauses, "spans": spans}


def typo(r: random.Random, word: str) -> str:
    i = r.randrange(1, len(word) - 1)
    kind = r.random()
    if kind < 0.3:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swapped
    if kind < 0.6:
        return word[:i] + word[i + 1 :]  # dropped
    if kind < 0.8:
        return word[:i] + word[i] + word[i:]  # doubled
    return word[:i] + r.choice("aeiouy") + word[i + 1 :]  # a wrong vowel or letter


def roughen(r: random.Random, sample: dict) -> dict:
    """Untagged words only: a few misspelled, some articles and 'please' dropped (terse requests)."""
    text, spans, clauses = sample["text"], sample["spans"], sample["clauses"]
    edits = []
    for m in TYPO_WORDS.finditer(text):
        if _tagged(spans, m.start(), m.end()):
            continue
        if r.random() < 0.06:
            edits.append((m.start(), m.end(), typo(r, m.group(0))))
    for m in re.finditer(r"\b(?:the|a|an|please) ", text):
        if not _tagged(spans, m.start(), m.end()) and r.random() < 0.25:
            edits.append((m.start(), m.end(), ""))
    marks = [[c["start"], c["end"], "C"] for c in clauses]
    for start, end, new in sorted(edits, reverse=True):
        if any(s < end and start < e for s, e, _ in spans):
            continue
        text = text[:start] + new + text[end:]
        delta = len(new) - (end - start)
        for group in (spans, marks):
            for s in group:
                if s[0] >= end:
                    s[0] += delta
                if s[1] >= end:
                    s[1] += delta
    for c, (s, e, _) in zip(clauses, marks, strict=True):
        c["start"], c["end"] = s, e
    return {"text": text, "clauses": clauses, "spans": spans}


APP_RE = re.compile(
    r"\b("
    + "|".join(sorted({re.escape(w) for ws in APPS.values() for w in ws}, key=len, reverse=True))
    + r")\b"
)


def app_spans(text: str, spans: list[list]) -> list[list]:
    """App names written literally in a template ("clear the calculator") are tagged APP too, so the tagger
    never learns that the same words are sometimes an app and sometimes not."""
    return [
        [m.start(), m.end(), "APP"]
        for m in APP_RE.finditer(text)
        if not any(s <= m.start() < e or s < m.end() <= e for s, e, _ in spans)
    ]


def split_templates(rng: random.Random, share: float) -> tuple[dict, dict]:
    train, held = {}, {}
    for intent, items in T.items():
        items = list(items)
        rng.shuffle(items)
        k = max(1, round(len(items) * share)) if len(items) >= 4 and share > 0 else 0
        held[intent], train[intent] = items[:k], items[k:]
    return train, {i: v for i, v in held.items() if v}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("data/intent_corpus"))
    ap.add_argument("--n", type=int, default=40000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--heldout-share", type=float, default=0.2, help="0: every template trains (the shipped weights)"
    )
    args = ap.parse_args()
    rng = random.Random(args.seed)
    train_t, held_t = split_templates(rng, args.heldout_share)
    args.out.mkdir(parents=True, exist_ok=True)
    gen = Gen(rng)
    sets = [("train", train_t, args.n), ("heldout", held_t, args.n // 10)]
    for name, templates, n in [x for x in sets if x[1]]:
        with (args.out / f"{name}.jsonl").open("w") as f:
            for _ in range(n):
                f.write(json.dumps(sample(gen, templates)) + "\n")
    print(json.dumps({"train": args.n, "heldout": args.n // 10 if held_t else 0, "intents": len(T),
                      "templates": sum(map(len, T.values()))}))  # fmt: skip


if __name__ == "__main__":
    main()
