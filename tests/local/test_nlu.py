"""The local model's language understanding: the learned tagger and intent classifier, end to end."""

import json
import re
import subprocess

import pytest

from bench.bench_local_nlu import score
from deskpilot.local.nlu import understand
from deskpilot.local.nlu.mathwords import continuation, to_expression
from deskpilot.local.nlu.schema import Command
from deskpilot.local.nlu.text import prepare
from deskpilot.local.plans.files import shell

# The built-in calculator and editor suites' instructions -> [(kind, field=value)]
SUITE = {
    "In the calculator, compute (3+5)*7, leaving the result on the display.": [("compute", {"text": "(3+5)*7"})],
    "Open the calculator and compute 360/8, leaving the result on the display.": [
        ("open", {"target": "calculator"}), ("compute", {"text": "360/8"})],
    "The calculator shows 42. Multiply it by 3 and leave the result on the display.": [
        ("compute", {"text": "*3", "op": "continue"})],
    "The calculator shows 42. Clear the display so that it shows 0.": [("clear", {})],
    "Change the text of the open file shout.txt to upper case and save the file.": [
        ("edit", {"op": "upper"}), ("save", {})],
    "In the open file colours.txt, replace every 'colour' with 'color' and save the file.": [
        ("edit", {"op": "replace", "args": ("colour", "color"), "target": "colours.txt"}), ("save", {})],
    "Sort the lines of the open file fruits.txt alphabetically and save the file.": [
        ("edit", {"op": "sort"}), ("save", {})],
    "Type 'hello world' in the text editor and save it as notes.txt in the home folder.": [
        ("type", {"text": "hello world", "app": "editor"}), ("save_as", {"text": "notes.txt"})],
    "In the open file groceries.txt, add the line '# Groceries' at the very top and save the file.": [
        ("edit", {"op": "insert_line", "args": ("# Groceries",)}), ("save", {})],
    'In the text editor, write the JSON object {"theme": "dark", "font_size": 14} and save it as settings.json in the home folder.': [
        ("type", {"text": '{"theme": "dark", "font_size": 14}'}), ("save_as", {"text": "settings.json"})],
    "Remove the empty lines from the open file steps.txt and save the file.": [
        ("edit", {"op": "remove_blank"}), ("save", {})],
}  # fmt: skip


@pytest.mark.parametrize("instruction", list(SUITE))
def test_suite_instructions(instruction):
    parsed = understand(instruction)
    assert not parsed.question, parsed.question
    got = [(c.kind, c) for c in parsed.commands if c.op != "if_named"]
    assert [k for k, _ in got] == [k for k, _ in SUITE[instruction]]
    for (_, cmd), (_, fields) in zip(got, SUITE[instruction], strict=True):
        for name, value in fields.items():
            assert getattr(cmd, name) == value, (name, cmd)


def test_dev_sentences_end_to_end():
    """Hand-written sentences (tests/local/data/nlu_dev.jsonl), none from the corpus templates."""
    result = score()
    assert result["accuracy"] >= 0.8, result["misses"]
    assert result["asked_when_clear"] <= 2, result["misses"]


@pytest.mark.parametrize(
    "text,expr",
    [("256 times 3", "256*3"), ("the sum of 7, 11 and 13", "(7+11+13)"), ("15 percent of 80", "(80*15/100)"),
     ("subtract 45 from 300", "(300-45)"), ("the square root of 169", "sqrt(169)"), ("9 squared", "(9*9)"),
     ("(3+5)*7", "(3+5)*7"), ("what is the weather", ""), ("12 +", ""), ("a quarter of 60", "(60/4)"),
     ("250 minus 17 percent", "(250-250*17/100)")],
)  # fmt: skip
def test_arithmetic_words(text, expr):
    assert to_expression(text) == expr


def test_loose_arithmetic_drops_unknown_words_but_never_joins_numbers():
    assert to_expression("reckon up 2500 divided by 50") == ""
    assert to_expression("reckon up 2500 divided by 50", loose=True) == "2500/50"
    assert to_expression("my bill was 84 for 4 people", loose=True) == ""


def test_continuation():
    assert continuation("multiply it by 3") == "*3"
    assert continuation("halve it") == "/2"
    assert continuation("take 4 away") == "-4"


def test_numbers_and_quotes_are_prepared():
    prep = prepare("write 'twenty two' and compute two hundred and fifty-six plus 1,234")
    assert prep.values == ["twenty two"]
    assert "256 plus 1234" in prep.text


def test_unclear_asks_one_question_and_clear_never_asks():
    for unclear in ("type something", "save it as", "make a folder", "compute it"):
        parsed = understand(unclear)
        assert parsed.question and not parsed.commands, unclear
    assert not understand("make a folder called drafts").question


def test_infeasible_is_said_at_once():
    assert "printer" in understand("print the report on the office printer").infeasible


def test_file_commands_run_in_a_real_shell(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    steps = [Command("files", op="mkdir", args=("docs/new",)), Command("files", op="move", args=("a.txt", "docs/")),
             Command("files", op="write", args=("docs/b.txt", "it's here")),
             Command("files", op="copy", args=("docs/b.txt", "c.txt")), Command("files", op="delete", args=("c.txt",))]  # fmt: skip
    for cmd in steps:
        line, _ = shell(cmd)
        subprocess.run(["bash", "-c", line], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "docs/new").is_dir() and (tmp_path / "docs/a.txt").read_text() == "x"
    assert (tmp_path / "docs/b.txt").read_text() == "it's here\n" and not (tmp_path / "c.txt").exists()


def test_unquoted_text_to_type_runs_up_to_where_it_goes():
    parsed = understand("type hello world in the text editor")
    assert [(c.kind, c.text, c.app) for c in parsed.commands][:1] == [("type", "hello world", "editor")]


# Everyday phrasings of the task kinds added for issue 13 (written for this test; the dev set and the
# corpus templates are separate) -> [(kind, field=value)]
EVERYDAY = {
    "head over to 127.0.0.1:8000/about.html": [("goto", {"target": "127.0.0.1:8000/about.html"})],
    "go back to the last page": [("key", {"text": "alt+Left"})],
    "open a new tab": [("key", {"text": "ctrl+t"})],
    "replace every 2019 with 2020 and save": [("edit", {"op": "replace", "args": ("2019", "2020")}), ("save", {})],
    "duplicate line 3": [("edit", {"op": "duplicate_line", "args": (3, False)})],
    "mkdir recipes": [("files", {"op": "mkdir", "args": ("recipes",)})],
    "what's in the Music folder?": [("files", {"op": "list", "args": ("Music",)})],
    "put 7 in C2 and 8 in C3": [("cell", {"target": "C2", "text": "7"}), ("cell", {"target": "C3", "text": "8"})],
    "put the sum of column C in C9": [("cell", {"target": "C9", "text": "=SUM(C1:C8)"})],
    "sort column A from z to a": [("sheet", {"op": "sort", "args": ("A", True)})],
    "in story.txt swap 'rain' for 'snow'": [
        ("edit", {"op": "replace", "args": ("rain", "snow"), "target": "story.txt"})],
}  # fmt: skip


@pytest.mark.parametrize("instruction", list(EVERYDAY))
def test_everyday_phrasings(instruction):
    parsed = understand(instruction)
    assert not parsed.question, parsed.question
    commands = [c for c in parsed.commands if c.op != "if_named"]
    assert [c.kind for c in commands] == [k for k, _ in EVERYDAY[instruction]], commands
    for cmd, (_, fields) in zip(commands, EVERYDAY[instruction], strict=True):
        for name, value in fields.items():
            assert getattr(cmd, name) == value, (name, cmd)


def test_a_pronoun_alone_is_asked_about():
    for vague in ("click it", "delete it", "replace it"):
        assert understand(vague).question, vague


def test_small_number_words_beside_arithmetic_are_numbers():
    assert prepare("add one to five").text == "add 1 to 5"
    assert prepare("put one per line").text == "put one per line"


def test_a_reading_that_lacks_a_value_gives_way_to_one_that_has_it():
    text = "In the text editor, write a to-do list with three lines: 'buy milk', 'call mom' and 'pay rent'."
    parsed = understand(text)
    assert [(c.kind, c.text) for c in parsed.commands][:1] == [("type", "buy milk\ncall mom\npay rent\n")]


def test_a_changed_document_is_saved_when_it_has_a_file():
    assert [(c.kind, c.op, c.app) for c in understand("put 7 in C2").commands][-1] == (
        "save",
        "if_named",
        "spreadsheet",
    )
    assert understand("sort the lines and save it").commands[-1].op == ""
    assert all(c.kind != "save" for c in understand("make a folder called x").commands)


def test_new_document_edits_and_sheet_helpers():
    from deskpilot.local.plans.editor import transform
    from deskpilot.local.plans.spreadsheet import _column_index, _same_entry

    assert transform("duplicate_line", (1, True), "a\nb\n") == "a\nb\na\n"
    assert transform("duplicate_line", (2, False), "a\nb\nc\n") == "a\nb\nb\nc\n"
    assert transform("clear", (), "a\nb\n") == ""
    assert _same_entry("3.1400000000000000001", "3.14") and not _same_entry("3.15", "3.14")
    assert _column_index([["Item", "Price"], ["tea", "4"], ["jam", "5"]], "price") == (1, True)
    assert _column_index([["pear"], ["apple"]], "A") == (0, False)


@pytest.mark.parametrize(
    "instruction,want",
    [("Calcualte 88 times 7", ("compute", "88*7", "", ())),
     ("enter 10, 20 and 30 in A1, A2 and A3", ("cell", "10", "A1", ())),
     ("in cell E1 write the formula =A1*2", ("cell", "=A1*2", "E1", ())),
     ("search the site for laptops", ("fill", "laptops", "search", ())),
     ("choose Express from the shipping drop-down", ("click", "", "Express", ())),
     ("where it says 2023 put 2024 instead", ("edit", "", "", ("2023", "2024"))),
     ("put every pdf file in the docs folder", ("files", "", "", ("*.pdf", "docs/")))],
)  # fmt: skip
def test_values_read_from_loose_wording(instruction, want):
    parsed = understand(instruction)
    assert not parsed.question, parsed.question
    c = parsed.commands[0]
    assert (c.kind, c.text, c.target, c.args) == want


def test_the_open_app_settles_a_step_that_fits_several_apps():
    assert understand("clear it all", open_app="calculator").commands[0].kind == "clear"
    assert understand("clear it all", open_app="editor").commands[0].op == "clear"
    # a reading of the open app that would have to ask never replaces one that acts
    assert understand("what is 6 times 7", open_app="spreadsheet").commands[0].text == "6*7"


@pytest.mark.parametrize(
    "instruction,open_app,want",
    [("make C2 equal to A2 times 3", "", ("cell", "=A2*3", "C2", ())),
     ("split A3 by B3, answer in C3", "spreadsheet", ("cell", "=(A3/B3)", "C3", ())),
     ("C5 needs the square root of C4", "spreadsheet", ("cell", "=SQRT(C4)", "C5", ())),
     ("B7 is wrong, clear it", "spreadsheet", ("cell", "", "B7", ())),
     ("throw away the line that only says obsolete", "editor", ("edit", "", "", ("obsolete",))),
     ("the final line must go", "editor", ("edit", "", "", (-1,))),
     ("I want Dana added as the very first line", "editor", ("edit", "", "", ("Dana",))),
     ("amount should read 7.50 not 5.70", "editor", ("edit", "", "", ("5.70", "7.50"))),
     ("British spelling please: color -> colour", "editor", ("edit", "", "", ("color", "colour")))],
)  # fmt: skip
def test_cells_lines_and_corrections_said_loosely(instruction, open_app, want):
    parsed = understand(instruction, open_app=open_app)
    assert not parsed.question, parsed.question
    c = parsed.commands[0]
    assert (c.kind, c.text, c.target, c.args) == want


def test_a_remark_beside_steps_that_act_is_not_asked_about():
    parsed = understand("please trash ~/old/draft9.txt, I really don't need it")
    assert not parsed.question and parsed.commands[0].args == ("old/draft9.txt",)
    assert (
        understand("B3 is wrong, clear it and save", open_app="spreadsheet").commands[-1].app == "spreadsheet"
    )


def test_a_line_is_deleted_by_its_words():
    from deskpilot.local.plans.editor import transform

    assert transform("delete_matching", ("draft",), "a\ndraft\nb\n") == "a\nb\n"


@pytest.mark.parametrize(
    "instruction,want",
    [("Move ~/scan.png into ~/Pictures.", ("move", ("scan.png", "Pictures/"))),
     ("can you remove all the .old files in ~/tmp2? keep the rest", ("delete", ("tmp2/*.old",))),
     ("inside ~/work I need two folders, alpha and beta", ("mkdir", ("work/alpha", "work/beta")))],
)  # fmt: skip
def test_home_paths_and_folders_said_loosely(instruction, want):
    parsed = understand(instruction)
    assert not parsed.question, parsed.question
    assert (parsed.commands[0].op, parsed.commands[0].args) == want


@pytest.mark.parametrize(
    "instruction,want",
    [("negative 30 plus 75", "(0-30)+75"), ("eighty-two times eleven, thanks", "82*11"),
     ("multiply 1.5 by 1.5 by 1.5", "(1.5*1.5*1.5)"), ("multiply the square root of 49 by 3", "(sqrt(49)*3)"),
     ("30 out of 120 - what percent is that?", "(30/120*100)"), ("a 15 percent tip on a $40 bill", "(40*15/100)"),
     ("500 split into 8 equal parts", "(500/8)"), ("9 minus 4", "9-4"), ("quick one: 7 times 7", "7*7")],
)  # fmt: skip
def test_everyday_arithmetic(instruction, want):
    assert understand(instruction, open_app="calculator").commands[0].text == want


def test_a_bare_operation_after_a_computation_continues_it():
    got = [(c.op, c.text) for c in understand("90 divided by 3, then divided by 5").commands]
    assert got == [("", "90/3"), ("continue", "/5")]


def test_browser_values_said_loosely():
    fills = understand("fill in Max Roe as the name and max@example.net as the email").commands
    assert [(c.target, c.text) for c in fills if c.kind == "fill"] == [
        ("name", "Max Roe"),
        ("email", "max@example.net"),
    ]
    assert fills[-1].kind == "submit"  # a form given all it asks for is sent
    assert understand("find garden hose in the catalog").commands[0].text == "garden hose"
    assert understand("switch on dark mode here and save", open_app="browser").commands[-1].kind == "submit"


@pytest.mark.parametrize(
    "instruction,op,args",
    [("turn the lines around so the last one comes first", "reverse_lines", ()),
     ("merge the lines into one line", "join_lines", ()),
     ("add '- ' in front of every line", "prefix_lines", ("- ",)),
     ("the word asap should be in caps", "replace", ("asap", "ASAP")),
     ("swap all the dashes for underscores", "replace", ("-", "_")),
     ("update the phone number to 555-0101", "set_field", ("phone number", "555-0101")),
     ("reverse sort the lines", "sort_reverse", ())],
)  # fmt: skip
def test_whole_document_edits_named_by_what_they_do(instruction, op, args):
    c = understand(instruction, open_app="editor").commands[0]
    assert (c.kind, c.op, c.args) == ("edit", op, args)


def test_document_edit_transforms():
    from deskpilot.local.plans.editor import transform

    assert (
        transform("set_field", ("due date", "May 2"), "task: x\nDue date: May 1\n")
        == "task: x\nDue date: May 2\n"
    )
    assert transform("reverse_lines", (), "a\nb\n") == "b\na\n"
    assert transform("join_lines", (), "a\nb\n") == "a b\n"
    assert transform("prefix_lines", ("- ",), "a\n\nb\n") == "- a\n\n- b\n"
    assert transform("capitalize_first", (), "hello there\n") == "Hello there\n"


def test_files_said_loosely():
    assert understand("notes.txt should just say done").commands[0].args == ("notes.txt", "done")
    assert understand("clear out every file that ends in .log").commands[0].args == ("*.log",)
    assert understand("remove draft.txt but keep draft_v2.txt").commands[0].args == ("draft.txt",)
    assert understand("change notes.txt's extension to .md").commands[0].args == ("notes.txt", "notes.md")


def test_a_function_over_a_column_named_by_its_header():
    from deskpilot.local.plans.spreadsheet import column_range

    c = understand("History average in C7 please", open_app="spreadsheet").commands[0]
    assert (c.kind, c.op, c.target, c.args) == ("sheet", "column_formula", "C7", ("AVERAGE", "history"))
    assert understand("put Total in A5", open_app="spreadsheet").commands[0].text == "Total"
    rows = [["Name", "Math", "History"], ["a", "1", "2"], ["b", "3", "4"]]
    assert column_range(rows, ("history",), "C7") == ("C2:C3", True)
    assert column_range(rows, ("students",), "D3", count=True) == ("A2:A3", False)
    assert column_range(rows, ("marks", "<above>"), "B4") == ("B2:B3", True)


def test_a_change_to_the_row_a_word_names():
    from deskpilot.local.plans.spreadsheet import row_cell

    c = understand("Ann actually scored 88 in history, correct it and save", open_app="spreadsheet").commands
    assert [(x.op, x.args) for x in c] == [("set_by_name", ("Ann", "history", "88", "set")), ("", ())]
    assert understand("we sold 12 screws today", open_app="spreadsheet").commands[0].args[-1] == "subtract"
    rows = [["Name", "Math", "History"], ["Ann", "1", "2"], ["Tom", "3", "4"]]
    assert row_cell(rows, "Ann", "history", "88", "set") == ("C2", "88")
    assert row_cell(rows, "Tom", "", "4", "add") == ("C3", "8")
    assert understand("rename a.txt to b.txt. Then fix it.").question  # an order with nothing named is asked


def test_an_address_on_the_open_site():
    c = understand("open this shop's about page (/about.html) please", open_app="browser").commands[0]
    assert (c.kind, c.target) == ("goto", "/about.html")
    assert prepare("type hello (keep it short)").text == "type hello"


def test_a_one_key_action_acts_only_when_named():
    assert understand("paste it", open_app="editor").commands[0].text == "ctrl+v"
    assert understand("hit refresh", open_app="browser").commands[0].text == "F5"
    # no key pressed: the home page is opened on the site the browser shows
    home = understand("go to the home page of the local site", open_app="browser").commands
    assert [(c.kind, c.target) for c in home] == [("goto", "/")]


@pytest.mark.parametrize(
    "instruction,value",
    [("four of us split a 73.20 taxi fare, what's each share", 18.3),
     ("six notebooks at 2.35 each, what's the total", 14.1),
     ("the lamp is 80 but there's 15% off, what do I pay", 68),
     ("a 60 bill plus a 10% tip, what's the total", 66),
     ("I cycled 45 km in 3 hours, km per hour?", 15),
     ("how many seconds in 2 minutes", 120),
     ("what is 5 factorial", 120),
     ("7 crates of 12 bottles, how many bottles in all", 84),
     ("what is 50 fahrenheit in celsius", 10),
     ("rent is 900 a month, what's that per year", 10800),
     ("how many minutes are in a day", 1440),
     ("half a dozen rolls at 0.50 each, how much", 3)],
)  # fmt: skip
def test_word_problems_compute_what_they_imply(instruction, value):
    from deskpilot.local.plans.calculator import evaluate

    parsed = understand(instruction, open_app="calculator")
    assert [c.kind for c in parsed.commands] == ["compute"], parsed.question
    assert abs(evaluate(parsed.commands[0].text) - value) < 1e-9
    # a plain expression and other work stay as they were
    assert understand("what is 12 times 3", open_app="calculator").commands[0].text == "12*3"
    assert understand("put 4 tickets at 12.50 in A1", open_app="spreadsheet").commands[0].kind == "cell"


@pytest.mark.parametrize(
    "instruction,open_app,want",
    [("put a line that says call the plumber at the end", "editor", ("edit", "append_line", ("call the plumber",))),
     ("add 3 lines at the bottom: ham, jam and spam", "editor", ("edit", "append_line", ("ham\njam\nspam",))),
     ("give every line a number and save", "editor", ("edit", "number_lines", ("", ". "))),
     ("put the word soon in brackets", "editor", ("edit", "replace", ("soon", "(soon)"))),
     ("make the second line lower case", "editor", ("edit", "line_case", (2, "lower"))),
     ("the text needs a full stop at the end", "editor", ("edit", "end_with", (".",))),
     ("beleive is misspelt, correct it", "editor", ("edit", "respell", ("beleive", "believe"))),
     ("trade the values of C4 and D4", "spreadsheet", ("sheet", "swap", ("C4", "D4"))),
     ("copy what's in B2 into F2", "spreadsheet", ("sheet", "copy", ("B2", "F2"))),
     ("halve every number in D2:D6", "spreadsheet", ("sheet", "map", ("D2:D6", "halve", ""))),
     ("take 4 from C3", "spreadsheet", ("sheet", "map", ("C3", "add", "-4"))),
     ("change the 640 to 655", "spreadsheet", ("sheet", "replace_value", ("640", "655"))),
     ("new row at the bottom: melon, 3.40", "spreadsheet", ("sheet", "append_row", ("melon", "3.40"))),
     ("pour tea.md and coffee.md together into drinks.md", "", ("files", "concat", ("tea.md", "coffee.md", "drinks.md"))),
     ("swap the names of left.txt and right.txt", "", ("files", "swap", ("left.txt", "right.txt"))),
     ("all the .text files should be .txt", "", ("files", "rename_ext", ("", "text", "txt"))),
     ("make 2 empty files in ~/logs: in.log and out.log", "", ("files", "touch", ("logs/in.log", "logs/out.log"))),
     ("clean out the cache folder", "", ("files", "delete", ("cache/*",))),
     ("the .ogg files in ~/dl should go into ~/music", "", ("files", "move", ("dl/*.ogg", "music/"))),
     ("make the name of ~/TODO.MD lowercase", "", ("files", "move", ("TODO.MD", "todo.md"))),
     ("compress ~/logs into ~/logs.tgz", "", ("files", "archive", ("logs", "logs.tgz"))),
     ("take a copy of the entire ~/site folder, call it ~/site_old", "", ("files", "copy", ("site", "site_old"))),
     ("put the text hello there into a new file ~/hi.txt", "", ("files", "write", ("hi.txt", "hello there"))),
     ("list the numbers 5 to 7 into ~/nums.txt", "", ("files", "write", ("nums.txt", "5\n6\n7"))),
     ("drop ~/x.log please, we no longer need it", "", ("files", "delete", ("x.log",))),
     ("take out every basically from the text", "editor", ("edit", "delete_text", ("basically",))),
     ("order the rows by the third column", "spreadsheet", ("sheet", "sort", ("C", False))),
     ("overwrite the second line with Chapter 2", "editor", ("edit", "set_line", (2, "Chapter 2"))),
     ("get rid of the lines that mention draft", "editor", ("edit", "delete_matching", ("draft",))),
     ("insert an empty line at the top", "editor", ("edit", "insert_line", ("",))),
     ("wipe it all and replace everything with just the word closed", "editor", ("edit", "set_text", ("closed",))),
     ("slot 'Part B' in between part A and part C", "editor", ("edit", "insert_near", ("part A", "Part B", "after"))),
     ("write 'and then it rained' as the third line", "editor", ("edit", "insert_at", (3, "and then it rained"))),
     ("turn the heading into title case", "editor", ("edit", "title_case", (1,))),
     ("the list has repeated lines, delete the extra copies", "editor", ("edit", "dedupe_lines", ())),
     ("move line Z to the top", "editor", ("edit", "move_line", ("Z", "top"))),
     ("it's Jenny instead of Jen", "editor", ("edit", "replace", ("Jen", "Jenny"))),
     ("arrange the lines in order, largest first", "editor", ("edit", "sort_reverse", ())),
     ("make notes.txt with pens, ink and paper, each on its own line", "", ("files", "write", ("notes.txt", "pens\nink\npaper")))],
)  # fmt: skip
def test_jobs_named_by_what_they_do(instruction, open_app, want):
    parsed = understand(instruction, open_app=open_app)
    assert not parsed.question, parsed.question
    c = parsed.commands[0]
    assert (c.kind, c.op, c.args) == want


def test_pronouns_remarks_and_what_files_say():
    moved = understand("report.pdf is in Downloads; shift it over to Documents").commands
    assert [(c.op, c.args) for c in moved] == [("move", ("Downloads/report.pdf", "Documents/"))]
    said = understand("make greeting.txt so it reads Hi, all!").commands
    assert [(c.op, c.args) for c in said] == [("write", ("greeting.txt", "Hi, all!"))]
    picked = understand("the overnight option is fine, place my order", open_app="browser").commands
    assert [(c.kind, c.target) for c in picked][0] == ("click", "overnight")
    assert understand("append the bit we mentioned at the bottom", open_app="editor").question
    per_row = understand("put Hours times Rate in column F for every row", open_app="spreadsheet").commands
    assert (per_row[0].op, per_row[0].args) == ("row_formula", ("F", "Hours", "*", "Rate"))


@pytest.mark.parametrize(
    "instruction,want",
    [("which is the biggest number among C2 to C9? write it in C10", ("C10", "=MAX(C2:C9)")),
     ("glue A3 and B3 together with a space into C3", ("C3", '=A3&" "&B3')),
     ("the percentage drop from D1 to E1 goes in F1", ("F1", "=(E1-D1)/D1*100")),
     ("count how many of B2:B7 are above 10, answer in B8", ("B8", '=COUNTIF(B2:B7,">10")')),
     ("the mean of D2 to D5, rounded to 2 decimal places, in D6", ("D6", "=ROUND(AVERAGE(D2:D5),2)")),
     ("total of A2:A4 and C2:C4 together in E1", ("E1", "=SUM(A2:A4,C2:C4)")),
     ("subtract B5 from C5 and put the result in D5", ("D5", "=(C5-B5)")),
     ("C4 should be twice whatever B4 holds", ("C4", "=B4*2")),
     ("E2 should show D2 in capital letters", ("E2", "=UPPER(D2)")),
     ("fill F3 with Margin (E3 - D3)", ("F3", "=E3-D3")),
     ("sum B1 and C1 together into D1", ("D1", "=SUM(B1,C1)"))],
)  # fmt: skip
def test_functions_said_in_words_become_formulas(instruction, want):
    parsed = understand(instruction, open_app="spreadsheet")
    assert not parsed.question, parsed.question
    assert (parsed.commands[0].target, parsed.commands[0].text) == want


def test_paraphrase_sets_are_kept_apart_from_the_corpus_and_the_rules():
    """No instruction of the sets written apart from the code (dev2 ... dev9q), nor any run of nine of its
    words, is in the corpus generators' templates or in the strings of the understanding's rules, lexicons and
    plans (comments and docstrings aside)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]

    def flat(text: str) -> str:
        return " ".join(re.findall(r"[\w'.~/:-]+", text.lower()))

    def strings(path: Path) -> list[str]:
        tree = ast.parse(path.read_text())
        docs = {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
                and n.body and isinstance(n.body[0], ast.Expr)}  # fmt: skip
        return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and id(n) not in docs]  # fmt: skip

    sources = [
        root / "scripts/make_intent_corpus.py",
        root / "scripts/make_task_corpus.py",
        root / "deskpilot/local/templates.py",
        *sorted((root / "deskpilot/local/nlu").glob("*.py")),
        *sorted((root / "deskpilot/local/plans").glob("*.py")),
    ]
    assert len(sources) > 12
    texts = [flat(text) for path in sources for text in strings(path)]
    code = " | ".join(texts)
    runs = {" ".join(words[i : i + 9]) for words in (t.split() for t in texts) for i in range(len(words) - 8)}
    for name in (
        "paraphrase_dev2.jsonl",
        "paraphrase_dev3p.jsonl",
        "paraphrase_dev5p.jsonl",
        "paraphrase_dev6p.jsonl",
        "paraphrase_dev7p.jsonl",
        "paraphrase_dev8p.jsonl",
        "paraphrase_dev9p.jsonl",
        "paraphrase_dev9q.jsonl",
    ):
        lines = [json.loads(x) for x in (root / "tests/data" / name).read_text().splitlines() if x.strip()]
        assert len(lines) >= 200, name
        said = [flat(x["instruction"]) for x in lines]
        copied = [x for x in said if len(x) > 20 and x in code]
        assert not copied, (name, copied[:3])
        echoed = [
            x for x in said for w in [x.split()] for i in range(len(w) - 8) if " ".join(w[i : i + 9]) in runs
        ]
        assert not echoed, (name, echoed[:3])


def test_whole_document_edits_change_the_text_as_said():
    from deskpilot.local.plans.editor import transform

    assert transform("insert_near", ("1", "two", "after"), "one\nthree\n") == "one\ntwo\nthree\n"
    assert transform("insert_at", (2, "b"), "a\nc\n") == "a\nb\nc\n"
    assert transform("set_text", ("done",), "x\ny\n") == "done\n"
    assert transform("append_sum", (), "10\n2.5\n") == "10\n2.5\n12.5\n"
    assert transform("dedupe_lines", (), "a\nb\na\n") == "a\nb\n"
    assert transform("move_line", ("c", "top"), "a\nb\nc\n") == "c\na\nb\n"
    assert transform("title_case", (1,), "big news\nrest\n") == "Big News\nrest\n"
    assert transform("squeeze_spaces", (), "a   b\n") == "a b\n"
    assert transform("wrap_lines", ("(", ")"), "a\n\nb\n") == "(a)\n\n(b)\n"
    assert transform("sort", (), "10\n9\n") == "9\n10\n"
    assert transform("set_field", ("version", "2.0"), "Version 1.9\n") == "Version 2.0\n"
    assert transform("line_case", (-1, "upper"), "a\nb\n") == "a\nB\n"
    assert transform("end_with", ("!",), "hi\n") == "hi!\n"
    assert transform("number_lines", ("", ") "), "a\nb\n") == "1) a\n2) b\n"
    assert transform("replace_like", ("11am",), "Dentist at 9am on Monday\n") == "Dentist at 11am on Monday\n"
    moved = understand("the dentist got moved to 11am, update the note", open_app="editor").commands[0]
    assert (moved.op, moved.args) == ("replace_like", ("11am",))


def test_cells_change_as_the_sheet_holds_them():
    from deskpilot.local.plans.spreadsheet import cell_changes

    rows = [["Item", "Cost"], ["tea", "4"], ["jam", "2.5"]]
    assert cell_changes(rows, "map", ("B2:B3", "double", "")) == [("B2", "8"), ("B3", "5")]
    assert cell_changes(rows, "map", ("A2", "upper", "")) == [("A2", "TEA")]
    assert cell_changes(rows, "replace_value", ("2.50", "3")) == [("B3", "3")]
    assert cell_changes(rows, "swap", ("A2", "A3")) == [("A2", "jam"), ("A3", "tea")]
    assert cell_changes(rows, "row_formula", ("C", "cost", "*", "B")) == [("C2", "=B2*B2"), ("C3", "=B3*B3")]
    raise_all = understand("raise all the costs by 20 percent", open_app="spreadsheet").commands[0]
    assert cell_changes(rows, "map", raise_all.args) == [("B2", "4.8"), ("B3", "3")]


def test_list_items_stay_in_one_step():
    parsed = understand("column titles: Date, Place, Cost across A1 to C1", open_app="spreadsheet")
    assert [(c.target, c.text) for c in parsed.commands if c.kind == "cell"] == [
        ("A1", "Date"), ("B1", "Place"), ("C1", "Cost")]  # fmt: skip
    # a comma before a step of its own still separates steps
    assert [c.kind for c in understand("open a.txt, type hi, save").commands] == ["open_file", "type", "save"]


def test_the_browser_finds_the_page_that_answers_or_is_named():
    ask = understand("how much does the Pro plan cost per month?", open_app="browser").commands
    assert [(c.kind, c.args) for c in ask] == [("lookup", ("pro", "plan", "month"))]
    page = understand("I'd like their contact page", open_app="browser").commands
    assert [(c.kind, c.op, c.target) for c in page] == [("click", "page", "contact")]
    said = understand("leave them a message saying the parcel came late", open_app="browser").commands
    assert [(c.kind, c.text) for c in said] == [("fill", "the parcel came late"), ("submit", "")]


@pytest.mark.parametrize(
    "instruction, site",
    [
        ("check out the FAQ page on http://10.0.0.7:8080", "http://10.0.0.7:8080"),
        ("over at localhost:5000 pull up the team page", "localhost:5000"),
        ("head to shop.example.org and show me its returns page", "shop.example.org"),
    ],
)
def test_a_page_named_with_its_site_opens_the_site_first(instruction, site):
    commands = understand(instruction, open_app="browser").commands
    assert [(c.kind, c.target) for c in commands][0] == ("goto", site)
    assert [(c.kind, c.op) for c in commands][1:] == [("click", "page")]
    # an address with a path is the page itself
    whole = understand("open the pricing page at http://10.0.0.7:8080/plans.html", open_app="browser")
    assert [(c.kind, c.target) for c in whole.commands] == [("goto", "http://10.0.0.7:8080/plans.html")]


def test_a_site_relative_address_needs_a_web_site_in_the_address_bar():
    from deskpilot.local.plans.browser import WEB_SITE

    for shown, site in [
        ("127.0.0.1:8000/about.html", "127.0.0.1:8000"),
        ("https://www.example.org/a/b", "https://www.example.org"),
        ("localhost:3000", "localhost:3000"),
    ]:
        assert WEB_SITE.match(shown).group(0) == site
    for shown in ("about:blank", "chrome://newtab/", "file:///home/user/page.html", ""):
        assert WEB_SITE.match(shown) is None, shown


def test_a_deletion_is_never_guessed_without_a_word_that_says_so():
    for instruction, app in [
        ("get the quarterly report", "browser"),
        ("fetch me last year's budget.xlsx", ""),
    ]:
        parsed = understand(instruction, open_app=app)
        assert not [c for c in parsed.commands if c.op == "delete"], (instruction, parsed.commands)
    for instruction in ("delete the quarterly report.txt", "bin old.log", "get rid of draft.txt"):
        assert [c.op for c in understand(instruction).commands] == ["delete"], instruction


@pytest.mark.parametrize(
    "instruction, computes",
    [
        ("take 64 and halve it", ["64", "/2"]),
        ("start with 15 and triple it", ["15", "*3"]),
        ("take 2,048 and halve it twice", ["2048", "/2/2"]),
        ("halve 90 twice", ["(90/2/2)"]),
        ("what is 46 doubled", ["(46*2)"]),
        ("take 8 from 30", ["(30-8)"]),  # a subtraction, not a start
    ],
)
def test_a_number_to_start_from_and_repeated_one_word_operations(instruction, computes):
    commands = understand(instruction, open_app="calculator").commands
    assert [c.text for c in commands if c.kind == "compute"] == computes


@pytest.mark.parametrize(
    "instruction, cell, formula",
    [
        ("C9 should be the mean of C2 to C8, save afterwards", "C9", "=AVERAGE(C2:C8)"),
        ("make D5 the total of D1 through D4", "D5", "=SUM(D1:D4)"),
    ],
)
def test_a_target_cell_named_first_is_not_the_end_of_its_range(instruction, cell, formula):
    first = understand(instruction, open_app="spreadsheet").commands[0]
    assert (first.kind, first.target, first.text) == ("cell", cell, formula)


@pytest.mark.parametrize(
    "instruction, n, text",
    [
        ("line 2 is wrong, it should say 'oat milk' - please fix it", 2, "oat milk"),
        ("change line 4 to 'call Sam'", 4, "call Sam"),
        ("the second line needs to read 'Dear Ann,', fix that", 2, "Dear Ann,"),
    ],
)
def test_a_line_said_to_be_wrong_is_set_to_what_it_should_say(instruction, n, text):
    first = understand(instruction, open_app="editor").commands[0]
    assert (first.op, first.args) == ("set_line", (n, text))


def test_duplicate_lines_named_with_the_adjective_are_deduplicated():
    for instruction in ("remove duplicate lines and save", "take out the duplicate entries"):
        assert understand(instruction, open_app="editor").commands[0].op == "dedupe_lines", instruction


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        # a name a file should have is a rename, never its new content
        (
            "the file plan.txt should be called plan-v2.txt",
            "",
            [("files", "move", ("plan.txt", "plan-v2.txt"))],
        ),
        ("todo.txt should be empty", "", [("files", "write", ("todo.txt", ""))]),
        # a file named as the place of an edit is no folder of itself
        ("in todo.txt, change 'Mon' to 'Tue'", "editor", [("edit", "replace", ("Mon", "Tue"))]),
        # a new line placed after a quoted line
        ("add a line 'tea' after 'coffee'", "editor", [("edit", "insert_near", ("coffee", "tea", "after"))]),
        # the cell a step writes to, said first
        ("in E3, multiply C3 by D3", "spreadsheet", [("cell", "", ())]),
        ("count the numbers in B2:B9 and put it in B10", "spreadsheet", [("cell", "", ())]),
        # a file that does not exist yet is made, not moved
        (
            "put a file called notes.md in the work folder saying 'hi'",
            "",
            [("files", "write", ("work/notes.md", "hi"))],
        ),
    ],
)
def test_everyday_file_edit_and_cell_wordings(instruction, app, want):
    commands = understand(instruction, open_app=app).commands
    assert [(c.kind, c.op, c.args) for c in commands][: len(want)] == want, commands


def test_the_cell_said_first_and_a_count_over_a_range_get_formulas():
    first = understand("in E3, multiply C3 by D3", open_app="spreadsheet").commands[0]
    assert (first.target, first.text) == ("E3", "=(C3*D3)")
    count = understand("count the numbers in B2:B9 and put it in B10", open_app="spreadsheet").commands[0]
    assert (count.target, count.text) == ("B10", "=COUNT(B2:B9)")


def test_lines_added_to_an_empty_document():
    from deskpilot.local.plans.editor import transform

    assert transform("append_line", ("first",), "") == "first\n"
    assert transform("insert_line", ("Dear Sam,",), "").rstrip("\n") == "Dear Sam,"


@pytest.mark.parametrize(
    "instruction, app, kind, text",
    [
        ("two thirds of 120", "calculator", "compute", "(120*2/3)"),
        ("what's 3/8 of 64", "calculator", "compute", "(64*3/8)"),
        ("make C1 say Name and save", "spreadsheet", "cell", "Name"),
    ],
)
def test_fractions_of_a_number_and_a_cell_told_what_to_say(instruction, app, kind, text):
    first = understand(instruction, open_app=app).commands[0]
    assert (first.kind, first.text) == (kind, text)


def test_largest_first_sorts_descending_and_two_lines_swap():
    sort = understand("sort the rows by column B, biggest first, then save", open_app="spreadsheet").commands[
        0
    ]
    assert (sort.op, sort.args) == ("sort", ("B", True))
    swap = understand("switch line 3 with line 1", open_app="editor").commands[0]
    assert (swap.op, swap.args) == ("swap_lines", (3, 1))
    from deskpilot.local.plans.editor import transform

    assert transform("swap_lines", (3, 1), "a\nb\nc\n") == "c\nb\na\n"


def test_a_rename_takes_its_names_from_the_words():
    commands = understand("rename the folder old to archive").commands
    assert [(c.op, c.args) for c in commands] == [("move", ("old", "archive"))]


def test_a_quoted_word_removed_from_a_line_is_that_word_and_file_names_are_renamed():
    word = understand("take out the word 'urgent' from the subject line", open_app="editor").commands[0]
    assert (word.op, word.args) == ("delete_text", ("urgent",))
    renamed = understand("change data.txt to data.csv").commands
    assert [(c.op, c.args) for c in renamed] == [("move", ("data.txt", "data.csv"))]
    decimal = understand("change 2.5 to 3.5", open_app="editor").commands[0]
    assert (decimal.op, decimal.args, decimal.target) == ("replace", ("2.5", "3.5"), "")


def test_a_list_of_folder_names_keeps_an_item_that_looks_like_an_article():
    commands = understand("create folders named a, b and c").commands
    assert [(c.op, c.args) for c in commands] == [("mkdir", ("a", "b", "c"))]


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        ("make D1 say Total", "", ("D1", "Total")),
        ("C1 should read Total", "spreadsheet", ("C1", "Total")),
        ("label A7 Average", "spreadsheet", ("A7", "Average")),
        ("the heading of column D should be Cost", "spreadsheet", ("D1", "Cost")),
        ("call column B Count", "spreadsheet", ("B1", "Count")),
    ],
)
def test_words_a_cell_is_to_show_are_text_not_a_function(instruction, app, want):
    first = understand(instruction, open_app=app).commands[0]
    assert (first.kind, first.target, first.text) == ("cell", *want)


@pytest.mark.parametrize(
    "instruction, args",
    [
        ("empty column C", ("C", "", False)),
        ("wipe out row 4", ("", "4", False)),
        ("delete all the values in column B but keep the header", ("B", "", True)),
    ],
)
def test_a_whole_column_or_row_is_cleared_in_the_sheet(instruction, args):
    first = understand(instruction, open_app="spreadsheet").commands[0]
    assert (first.kind, first.op, first.args) == ("sheet", "clear", args)


def test_the_cells_of_a_column_or_row_to_clear():
    from deskpilot.local.plans.spreadsheet import area_range

    rows = [["Item", "Cost", ""], ["tea", "4", "x"], ["jam", "", ""], ["", "7", ""]]
    assert area_range(rows, "B", "") == "B1:B4"
    assert area_range(rows, "B", "", True) == "B2:B4"
    assert area_range(rows, "", "2") == "A2:C2"
    assert area_range(rows, "D", "") == ""


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        ("how many numbers are there in C2:C7? put the answer in C8", "spreadsheet", ("C8", "=COUNT(C2:C7)")),
        ("how many names are in A2:A9 - answer in A10", "", ("A10", "=COUNTA(A2:A9)")),
    ],
)
def test_how_many_over_a_range_counts_its_cells(instruction, app, want):
    first = understand(instruction, open_app=app).commands[0]
    assert (first.kind, first.target, first.text) == ("cell", *want)


@pytest.mark.parametrize(
    "instruction, op, value",
    [
        ("add hi there to memo.txt", "append_line", "hi there"),
        ("tack 17 onto scores.txt", "append_line", "17"),
        ("write hello at the top of memo.txt", "insert_line", "hello"),
    ],
)
def test_words_added_to_a_named_text_file_are_a_line_of_it(instruction, op, value):
    first = understand(instruction).commands[0]
    assert (first.kind, first.op, first.args) == ("edit", op, (value,))


@pytest.mark.parametrize("instruction", ["order 3 of the green cups", "buy two small lamps"])
def test_things_to_order_are_never_arithmetic_or_a_sort(instruction):
    parsed = understand(instruction)
    assert not any(c.kind in ("compute", "edit") for c in parsed.commands), parsed


def test_a_small_number_word_before_a_power_and_words_to_write_that_name_a_device():
    assert understand("two to the power of eight", open_app="calculator").commands[0].text == "2^8"
    parsed = understand("write a reminder saying the printer needs paper and save it as r.txt")
    assert not parsed.infeasible and parsed.commands[0].text == "the printer needs paper"
    assert understand("print the report").infeasible


@pytest.mark.parametrize(
    "instruction, op, args",
    [
        ("remove the word basically", "delete_text", ("basically",)),
        ("exchange the words left and right", "swap_words", ("left", "right")),
        ("move the second line to the end", "move_line", (2, "bottom")),
        ("turn every colour into color", "replace", ("colour", "color")),
        ("add tea, jam and rice at the bottom, each on its own line", "append_line", ("tea\njam\nrice",)),
        ("add salt and pepper to the end", "append_line", ("salt and pepper",)),
    ],
)
def test_everyday_document_edits(instruction, op, args):
    commands = [c for c in understand(instruction, open_app="editor").commands if c.op != "if_named"]
    assert [(c.op, c.args) for c in commands] == [(op, args)]


def test_words_swapped_and_a_files_text_put_in_capitals():
    from deskpilot.local.plans.editor import transform

    assert (
        transform("swap_words", ("up", "down"), "up and down, Up\nupward\n") == "down and up, down\nupward\n"
    )
    shout = understand("put everything in loud.txt in capitals").commands[0]
    assert (shout.kind, shout.op, shout.target) == ("edit", "upper", "loud.txt")


@pytest.mark.parametrize(
    "instruction, want",
    [
        (
            "triple is not a word I know, but halve every value in column C",
            ("sheet", "map", ("C:C", "halve", "")),
        ),
        ("take 2 off everything in column D", ("sheet", "map", ("D:D", "add", "-2"))),
        ("put the average at the bottom of column C", ("sheet", "column_formula", ("AVERAGE", "<above>"))),
        ("make row 2 bold", ("sheet", "bold", ())),
        ("set the stock of pens to 12", ("sheet", "set_by_name", ("pens", "stock", "12", "set"))),
        ("Ann's score should be 77", ("sheet", "set_by_name", ("Ann", "score", "77", "set"))),
        ("sort everything from lowest to highest price", ("sheet", "sort", ("price", False))),
        ("sort it from biggest to smallest total", ("sheet", "sort", ("total", True))),
    ],
)
def test_columns_rows_and_rows_named_by_a_word(instruction, want):
    first = understand(instruction, open_app="spreadsheet").commands[-2]
    assert (first.kind, first.op, first.args) == want


def test_cells_set_then_summed_by_a_pronoun_and_a_wrong_cell_made_a_number():
    put = understand("in the spreadsheet put 3 in B1 and 4 in B2 and their total in B3").commands
    assert [(c.target, c.text) for c in put[:3]] == [("B1", "3"), ("B2", "4"), ("B3", "=SUM(B1,B2)")]
    put = understand("enter 8 in C1, 9 in C2 and average them in C3", open_app="spreadsheet").commands
    assert (put[2].target, put[2].text) == ("C3", "=AVERAGE(C1,C2)")
    fixed = understand("D4 is wrong, make it 15", open_app="spreadsheet").commands[0]
    assert (fixed.kind, fixed.target, fixed.text) == ("cell", "D4", "15")
    bottom = understand("put the average at the bottom of column C", open_app="spreadsheet").commands[0]
    assert bottom.target == "C+"


def test_whole_columns_in_the_plans():
    from deskpilot.local.plans.spreadsheet import below_values, cell_changes

    rows = [["Item", "Cost"], ["tea", "4"], ["jam", "2.5"]]
    assert cell_changes(rows, "map", ("B:B", "double", "")) == [("B2", "8"), ("B3", "5")]
    assert cell_changes(rows, "map", ("A:A", "upper", "")) == [("A2", "TEA"), ("A3", "JAM")]
    assert below_values(rows, "B") == "B4"
    assert understand("sort the sheet", open_app="spreadsheet").commands[0].kind == "sheet"


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("stick all the pngs in a folder called shots", ("move", ("*.png", "shots/"))),
        ("move every .csv into ~/data", ("move", ("*.csv", "data/"))),
        ("throw away everything in the scratch folder", ("delete", ("scratch/*",))),
        ("clear out Desktop", ("delete", ("Desktop/*",))),
        ("change the extension of notes.txt to .md", ("move", ("notes.txt", "notes.md"))),
        ("create two empty files x.md and y.md", ("touch", ("x.md", "y.md"))),
        ("zip up the photos folder", ("archive", ("photos", "photos.zip"))),
    ],
)
def test_file_jobs_said_loosely(instruction, want):
    commands = understand(instruction, open_app="files").commands
    assert [(c.op, c.args) for c in commands] == [want]


@pytest.mark.parametrize(
    "instruction, value",
    [
        ("cube root of 64", 4),
        ("what's 5 minus 2, all squared", 9),
        ("reciprocal of 4", 0.25),
        ("three dozen", 36),
        ("percentage: 30 out of 120", 25),
        ("we had 80 and used 35, how many are left", 45),
    ],
)
def test_roots_powers_and_everyday_sums_compute(instruction, value):
    from deskpilot.local.plans.calculator import evaluate, keyable

    first = understand(instruction, open_app="calculator").commands[0]
    assert first.kind == "compute"
    assert evaluate(first.text) == pytest.approx(value)
    assert evaluate(keyable(first.text)) == pytest.approx(value)


@pytest.mark.parametrize(
    "instruction, op, args",
    [
        ("put 'To: Sam' before the first line", "insert_at", (1, "To: Sam")),
        ("add a line saying ok between the third and fourth lines", "insert_at", (4, "ok")),
        ("insert 'end' after the last line", "append_line", ("end",)),
        ("put a star in front of each line", "prefix_lines", ("* ",)),
        ("swap the last two lines", "swap_lines", (-2, -1)),
        ("make it say good night instead", "set_text", ("good night",)),
        ("give it a title called Recipes", "insert_line", ("Recipes",)),
        ("the word Ana should be Anna everywhere", "replace", ("Ana", "Anna")),
    ],
)
def test_lines_placed_by_number_and_words_said_plainly(instruction, op, args):
    commands = [c for c in understand(instruction, open_app="editor").commands if c.op != "if_named"]
    assert [(c.op, c.args) for c in commands] == [(op, args)]


def test_no_folder_form_or_new_file_the_words_never_name():
    assert understand("type my phone: 555 0101", open_app="editor").commands[0].kind == "type"
    assert understand("add a heading called Plans", open_app="editor").commands[0].kind == "edit"
    caps = understand("make diary.txt upper case").commands[0]
    assert (caps.kind, caps.op, caps.target) == ("edit", "upper", "diary.txt")
    listed = understand("create a note called pets.txt listing cat, dog and fish").commands[0]
    assert listed.args == ("pets.txt", "cat\ndog\nfish")
    both = understand("open the text editor and type see you soon").commands
    assert [c.kind for c in both[:2]] == ["open", "type"] and both[1].text == "see you soon"
    counted = understand("write the numbers one to four on separate lines", open_app="editor").commands[0]
    assert counted.text == "1\n2\n3\n4\n"


@pytest.mark.parametrize(
    "instruction, op, args",
    [
        ("the list is backwards, reverse it", "reverse_lines", ()),
        ("the top 2 lines got swapped around, put them right", "swap_lines", (1, 2)),
        ("I finished the laundry, cross it off", "delete_matching", ("laundry",)),
        ("fix the spelling mistake adn please", "respell", ("adn", "and")),
        ("the file still says Monday, make it Friday", "replace", ("Monday", "Friday")),
        ("the meeting is at 5 not 4, correct the note", "replace", ("4", "5")),
        ("keep just the first two lines and remove everything else", "keep_lines", (2,)),
        ("break it up so that every word sits on a separate line", "split_items", ("word",)),
        ("turn it into a bulleted list with dashes", "prefix_lines", ("- ",)),
        ("put a fourth line that reads the end", "insert_at", (4, "the end")),
        ("merge the lines onto a single line with commas", "join_lines", (", ",)),
        ("there are extra spaces everywhere, tidy them up", "squeeze_spaces", ()),
        ("every line should end with a full stop, add them", "end_lines", (".",)),
        ("give each city a capital letter", "title_case", (0,)),
        ("put them in ascending order", "sort", ()),
        ("add a total line at the bottom, like 'Sum: N'", "append_sum", ("Sum: ",)),
    ],
)
def test_statements_with_an_order_and_whole_document_edits(instruction, op, args):
    commands = [c for c in understand(instruction, open_app="editor").commands if c.op != "if_named"]
    assert [(c.op, c.args) for c in commands] == [(op, args)]


def test_new_whole_document_ops():
    from deskpilot.local.plans.editor import transform

    assert transform("keep_lines", (1,), "a\nb\nc\n") == "a\n"
    assert transform("split_items", (",",), "pens, ink and tape\n") == "pens\nink\ntape\n"
    assert transform("split_items", ("word",), "a b\n") == "a\nb\n"
    assert transform("join_lines", (", ",), "1 Elm St\nTown\n") == "1 Elm St, Town\n"
    assert transform("append_sum", ("Total: ",), "a 2\nb 3\n") == "a 2\nb 3\nTotal: 5\n"


@pytest.mark.parametrize(
    "instruction, args",
    [
        ("make a new Profit column holding revenue minus expenses on every row", ("Profit", "", "revenue", "-", "expenses")),
        ("insert a Gain column to the right of Cost showing price minus cost per line",
         ("Gain", "after:Cost", "price", "-", "cost")),
        ("put a Sum column in E with each row's total", ("Sum", "E", "", "sum", "")),
        ("column E should carry the header Brutto and hold every net amount plus 19 percent", ("Brutto", "E", "amount", "*", "1.19")),
    ],
)  # fmt: skip
def test_a_new_column_with_a_formula_on_each_row(instruction, args):
    first = understand(instruction, open_app="spreadsheet").commands[0]
    assert (first.op, first.args) == ("new_column", args)


def test_new_column_cells():
    from deskpilot.local.plans.spreadsheet import cell_changes

    rows = [["Item", "Price", "Cost"], ["a", "5", "3"], ["b", "7", "2"]]
    assert cell_changes(rows, "new_column", ("Gain", "after:Cost", "price", "-", "cost")) == [
        ("D1", "Gain"), ("D2", "=B2-C2"), ("D3", "=B3-C3")]  # fmt: skip
    assert cell_changes(rows, "new_column", ("Net", "", "price", "*", "0.9"))[1] == ("D2", "=B2*0.9")
    quarters = [["Region", "Q1", "Q2"], ["north", "1", "2"]]
    assert cell_changes(quarters, "new_column", ("Sum", "", "", "sum", "")) == [
        ("D1", "Sum"),
        ("D2", "=SUM(B2:C2)"),
    ]


@pytest.mark.parametrize(
    "instruction, args",
    [
        ("Omar moved away, so remove his row", ("delete", "Omar")),
        ("remove the row for pears", ("delete", "pears")),
        ("delete row 3", ("delete", "#3")),
        ("there's a blank row in the table, remove the empty rows", ("delete_empty",)),
        ("add a row for Pia on 9 below Raj", ("insert", "Raj", "Pia", "9")),
        (
            "there's no heading row yet: put Town and Cost above the table",
            ("insert", "", "Town", "Cost"),
        ),
    ],
)
def test_whole_rows_deleted_or_inserted(instruction, args):
    first = understand(instruction, open_app="spreadsheet").commands[0]
    assert (first.op, first.args) == ("rows", args)


def test_rows_changed():
    from deskpilot.local.plans.spreadsheet import rows_changed

    rows = [["Name", "Pts"], ["Kim", "3"], ["", ""], ["Lou", "4"]]
    assert rows_changed(rows, "delete", "kim") == [["Name", "Pts"], ["", ""], ["Lou", "4"]]
    assert rows_changed(rows, "delete", "#4") == rows[:3]
    assert rows_changed(rows, "delete_empty") == [["Name", "Pts"], ["Kim", "3"], ["Lou", "4"]]
    assert rows_changed(rows, "insert", "Kim", "Nia", "5")[2] == ["Nia", "5"]
    assert rows_changed(rows, "insert", "", "A", "B")[0] == ["A", "B"]
    assert rows_changed(rows, "copy", "Kim", "bottom", "Kia")[-1] == ["Kia", "3"]
    assert rows_changed(rows, "copy", "Kim", "below", "")[2] == ["Kim", "3"]
    for said, want in (
        ("copy the Lou row to the end and name it Lia", ("copy", "Lou", "bottom", "Lia")),
        ("duplicate Kim's row", ("copy", "Kim", "below", "")),
    ):
        first = understand(said, open_app="spreadsheet").commands[0]
        assert (first.op, first.args) == ("rows", want)


def test_rows_numbered_down_a_column():
    from deskpilot.local.plans.spreadsheet import cell_changes

    rows = [["No", "Name"], ["", "Kim"], ["", "Lou"], ["", "Max"]]
    assert cell_changes(rows, "number", ("",)) == [("A2", "1"), ("A3", "2"), ("A4", "3")]
    assert cell_changes([["Kim", ""], ["Lou", ""]], "number", ("B",)) == [("B1", "1"), ("B2", "2")]
    for said in ("please number the rows in column A", "number each of the players, 1 to 3, down column A"):
        first = understand(said, open_app="spreadsheet").commands[0]
        assert (first.op, first.args) == ("number", ("A",))


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("set Raj's maths mark to 71 instead of 17", ("set_by_name", ("Raj", "maths", "71", "set"))),
        ("Lee's total looks wrong; it should be 58", ("set_by_name", ("Lee", "total", "58", "set"))),
        ("limes jumped to 0.75", ("set_by_name", ("limes", "", "0.75", "set"))),
        ("we got 6 more chairs in today", ("set_by_name", ("chairs", "", "6", "add"))),
        ("put the heading row in capital letters", ("map", ("1:1", "upper", ""))),
        ("turn the town names to capitals", ("map", ("@town", "upper", ""))),
        ("change the Amt column header to Amount", ("replace_value", ("Amt", "Amount"))),
        ("every cell with TBD should be Yes", ("replace_value", ("TBD", "Yes"))),
        ("put the spread between the largest and the smallest weight into F2", ("column_formula", ("SPREAD", "weight"))),
        ("the mean of the geography marks belongs just below the geography column", ("column_formula", ("AVERAGE", "geography"))),
        ("double all the prices", ("map", ("@prices", "double", ""))),
        ("triple each of the quantities", ("map", ("@quantities", "times", "3"))),
        ("add 10% to every price", ("map", ("@price", "times", "1.1"))),
        ("take 2 off each score", ("map", ("@score", "add", "-2"))),
        ("add up the weights and put the total below them", ("column_formula", ("SUM", "weights"))),
        ("average the heights underneath", ("column_formula", ("AVERAGE", "heights"))),
        ("make the whole third column bold", ("bold", ())),
    ],
)  # fmt: skip
def test_sheet_changes_said_about_rows_headers_and_columns(instruction, want):
    commands = [c for c in understand(instruction, open_app="spreadsheet").commands if c.kind != "save"]
    assert [(c.op, c.args) for c in commands] == [want]


def test_cells_named_loosely_and_functions_over_a_column_by_its_header():
    hot = understand("the maximum rainfall goes in G1 and the minimum in G2", open_app="spreadsheet").commands
    assert [(c.target, c.args) for c in hot[:2]] == [
        ("G1", ("MAX", "rainfall")),
        ("G2", ("MIN", "rainfall")),
    ]
    corner = understand("enter the word Plan in the very first cell", open_app="spreadsheet").commands[0]
    assert (corner.target, corner.text) == ("A1", "Plan")
    tax = understand("column D lacks a heading, name it weight", open_app="spreadsheet").commands[0]
    assert (tax.target, tax.text) == ("D1", "Weight")
    both = understand(
        "Ivy and Zoe finished - enter done in the Status column for each of them", open_app="spreadsheet"
    )
    assert [c.args[0] for c in both.commands if c.op == "set_by_name"] == ["Ivy", "Zoe"]
    rent = understand("put the total of the rent column in C9", open_app="spreadsheet").commands[0]
    assert (rent.op, rent.args) == ("column_formula", ("SUM", "rent"))
    from deskpilot.local.plans.spreadsheet import column_formula

    rows = [["Item", "Cost", "Stock"], ["a", "5", "120"], ["b", "7", "80"]]
    assert column_formula(rows, "SPREAD", ("stock",), "D1") == "=MAX(C2:C3)-MIN(C2:C3)"
    assert column_formula(rows, "COUNTIF>100", ("items", "stock"), "D2") == '=COUNTIF(C2:C3,">100")'


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("tidy Documents: remove all the .bak files but keep the rest", [("delete", ("Documents/*.bak",))]),
        ("shift all my mp3s from Downloads to Music", [("move", ("Downloads/*.mp3", "Music/"))]),
        ("create memo.md that only says call back", [("write", ("memo.md", "call back"))]),
        ("clone Photos as Photos_2023", [("copy", ("Photos", "Photos_2023"))]),
        ("'Notes v2.md' should now be named notes.md", [("move", ("Notes v2.md", "notes.md"))]),
        ("take clip.mov out of Desktop and put it into Videos", [("move", ("Desktop/clip.mov", "Videos/"))]),
        ("write a packing.md inside Trips with socks and towel, each on its own line",
         [("write", ("Trips/packing.md", "socks\ntowel"))]),
        ("we're through with tmp2, trash the folder", [("delete", ("tmp2",))]),
        ("please give data.log the .txt suffix", [("move", ("data.log", "data.txt"))]),
        ("I have a spare copy 'song (2).mp3' in Music, please delete it", [("delete", ("Music/song (2).mp3",))]),
        ("leave a backup copy of cv.pdf in Backups, called cv-old.pdf", [("copy", ("cv.pdf", "Backups/cv-old.pdf"))]),
        ("the zip in Downloads should live under Archive", [("move", ("Downloads/*.zip", "Archive/"))]),
        ("create a .editorconfig file in the src folder that says root=true", [("write", ("src/.editorconfig", "root=true"))]),
        ("make a logs folder in work with a blank today.log in it",
         [("mkdir", ("work/logs",)), ("touch", ("work/logs/today.log",))]),
        ("rename a.txt and b.txt to x.txt and y.txt", [("move", ("a.txt", "x.txt")), ("move", ("b.txt", "y.txt"))]),
        ("shift my pdfs to a directory named docs", [("move", ("*.pdf", "docs/"))]),
        ("put both reports in a folder named old", [("move", ("*report*.*", "old/"))]),
        ("stick the four receipts into receipts2024", [("move", ("*receipt*.*", "receipts2024/"))]),
        ("make a folder b inside a folder a", [("mkdir", ("a/b",))]),
        ("create a folder called drafts inside a new folder called blog", [("mkdir", ("blog/drafts",))]),
        ("set up a folder x in a folder y in a new directory z", [("mkdir", ("z/y/x",))]),
        ("make a folder m, within a folder n", [("mkdir", ("n/m",))]),
        ("empty the trash folder", [("delete", ("trash/*",))]),
        ("please empty out Pictures", [("delete", ("Pictures/*",))]),
        ("I want a folder 2023 within a folder taxes in Documents", [("mkdir", ("Documents/taxes/2023",))]),
    ],
)  # fmt: skip
def test_file_jobs_in_everyday_words(instruction, want):
    assert [(c.op, c.args) for c in understand(instruction).commands] == want


def test_what_a_file_holds_is_read_in_its_app_not_listed():
    shown = understand("show me what's inside plan.md").commands
    assert [(c.kind, c.target) for c in shown] == [("open_file", "plan.md")]
    assert understand("what's in ~/old?").commands[0].op == "list"


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        (
            "would you set the theme to dark? save it afterwards.",
            "editor",
            [("set_field", ("theme", "dark")), ("", ())],
        ),
        (
            "please set autosave to yes",
            "editor",
            [("set_field", ("autosave", "yes"))],
        ),
        ("the new email is mo@mail.net, update the contact", "editor", [("replace_like", ("mo@mail.net",))]),
        ("we also need rice, add it at the end", "editor", [("append_line", ("rice",))]),
        ("Tom appears twice in this list; delete the repeat", "editor", [("dedupe_lines", ())]),
        ("five of those at 3.20 each - total?", "calculator", [("", ())]),
        ("show 5/16 in decimal", "calculator", [("", ())]),
        ("change every colon to a dash", "editor", [("replace", (":", "-"))]),
        ("swap the dashes for spaces", "editor", [("replace", ("-", " "))]),
        ("have all the lines start with a star", "editor", [("prefix_lines", ("* ",))]),
        ("put a title at the very top which says Week 3", "editor", [("insert_line", ("Week 3",))]),
        ("add a line at the end that reads See you soon", "editor", [("append_line", ("See you soon",))]),
    ],
)
def test_settings_new_numbers_pronouns_and_sums_said_plainly(instruction, app, want):
    commands = [c for c in understand(instruction, open_app=app).commands if c.op != "if_named"]
    assert [(c.op, c.args) for c in commands] == want


def test_more_plain_wordings():
    from deskpilot.local.plans.editor import transform

    copy = understand(
        "keep a backup of the document as v1.txt into the old folder", open_app="editor"
    ).commands[0]
    assert (copy.kind, copy.text) == ("save_as", "old/v1.txt")
    note = understand("start a fresh document with 2 lines: tea and cake, then save it as menu.txt").commands[
        0
    ]
    assert note.text == "tea\ncake\n"
    assert understand("swap the date for the correct one", open_app="editor").question
    assert understand("redo the calculation we did earlier", open_app="calculator").question
    assert (
        understand("five of those at 3.20 each - total?", open_app="calculator").commands[0].text
        == "(5*3.20)"
    )
    assert transform("replace_like", ("555-0100",), "Ann\nPhone: 555-0142\n") == "Ann\nPhone: 555-0100\n"
    assert transform("replace_like", ("a@new.org",), "Email: a@old.com\n") == "Email: a@new.org\n"


def test_misspellings_keep_their_case_marks_end_every_line_and_files_named_in_lists():
    from deskpilot.local.plans.editor import transform

    assert transform("respell", ("teh", "the"), "Teh cat and teh dog\n") == "The cat and the dog\n"
    assert transform("end_lines", (".",), "a\nb.\n\n") == "a.\nb.\n\n"
    marks = understand("all the items want a full stop at the end", open_app="editor").commands[0]
    assert (marks.op, marks.args) == ("end_lines", (".",))
    renamed = understand("rename p1.md, p2.md and p3.md in the essays folder to a.md, b.md and c.md").commands
    assert [c.args for c in renamed] == [("essays/p1.md", "essays/a.md"), ("essays/p2.md", "essays/b.md"),
                                         ("essays/p3.md", "essays/c.md")]  # fmt: skip
    spaced = understand("I'd like a new folder called Tax Papers 2023 in my home").commands[0]
    assert spaced.args == ("Tax Papers 2023",)
    here = understand("delete everything in here", open_app="editor").commands[0]
    assert (here.kind, here.op) == ("edit", "clear")


def test_sheet_statements_with_their_orders():
    fixed = understand("I made an error in C2, it needs to read Friday", open_app="spreadsheet").commands[0]
    assert (fixed.kind, fixed.target, fixed.text) == ("cell", "C2", "Friday")
    done = understand(
        "Ivy and Zoe finished. enter done in the Status column for both of them", open_app="spreadsheet"
    )
    assert [c.args[0] for c in done.commands if c.op == "set_by_name"] == ["Ivy", "Zoe"]
    stock = understand("we got 6 more lamps in, bump the lamp stock up", open_app="spreadsheet").commands[0]
    assert stock.args == ("lamps", "stock", "6", "add")
    rate = understand(
        "put a Pounds column beside the dollar amounts at a rate of 0.79", open_app="spreadsheet"
    ).commands[0]
    assert (rate.op, rate.args[0], rate.args[3:]) == ("new_column", "Pounds", ("*", "0.79"))
    fee = understand("beside every gross amount, put the amount including 5% fee in column D with the header Fee",
                     open_app="spreadsheet").commands[0]  # fmt: skip
    assert fee.args == ("Fee", "D", "amount", "*", "1.05")
    figs = understand(
        "we also carry figs at 2.40 now, add them at the end of the list", open_app="spreadsheet"
    ).commands[0]
    assert (figs.op, figs.args) == ("append_row", ("figs", "2.40"))
    missing = understand("the totals row is missing. add Sum in A9", open_app="spreadsheet").commands
    assert [(c.kind, c.target) for c in missing[:1]] == [("cell", "A9")]
    from deskpilot.local.plans.spreadsheet import row_cell

    assert row_cell([["Month", "Food"], ["Jan", "3"], ["Feb", "4"]], "February", "food", "9", "set") == (
        "B3",
        "9",
    )


def test_a_labelled_row_with_a_function_below_the_table():
    from deskpilot.local.plans.spreadsheet import label_row

    mean = understand(
        "append a line named Mean showing the average of the marks, then save", open_app="spreadsheet"
    ).commands[0]
    assert (mean.op, mean.args) == ("label_row", ("Mean", "AVERAGE", "marks"))
    rows = [["Name", "Mark"], ["a", "5"], ["b", "7"]]
    assert label_row(rows, "Mean", "AVERAGE", "marks") == [("A4", "Mean"), ("B4", "=AVERAGE(B2:B3)")]


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        (
            "this is a shopping list, add coffee to it and save",
            "editor",
            [("append_line", ("coffee",)), ("", ())],
        ),
        ("make sure every line starts with a capital letter", "editor", [("capitalize_lines", ())]),
        ("remove the last two lines", "editor", [("delete_lines", (-2, -1))]),
        ("delete lines 2 to 4", "editor", [("delete_lines", (2, 4))]),
        ("there's an extra blank line at the end, remove it", "editor", [("remove_blank", ())]),
        ("indent every line by four spaces", "editor", [("prefix_lines", ("    ",))]),
        ('the third item should be "buy stamps"', "editor", [("set_line", (3, "buy stamps"))]),
        ("turn the list into one line separated by commas", "editor", [("join_lines", (", ",))]),
        ("fill B1 to B4 with 5", "spreadsheet", [("", ())] * 4),
        (
            "give the sheet a header row: Name, Age, City",
            "spreadsheet",
            [("rows", ("insert", "", "Name", "Age", "City"))],
        ),
        ("multiply every price by 1.2", "spreadsheet", [("map", ("@price", "times", "1.2"))]),
        ("bold B2 to D2", "spreadsheet", [("bold", ())]),
        ("clear everything in the sheet", "spreadsheet", [("clear", ("", "", False))]),
        ("move all the text files into a folder called texts", "files", [("move", ("*.txt", "texts/"))]),
        ("delete every file ending in .log in the logs folder", "files", [("delete", ("logs/*.log",))]),
        (
            "set up a folder Trips with subfolders Rome and Oslo",
            "files",
            [("mkdir", ("Trips/Rome", "Trips/Oslo"))],
        ),
        ("rename every .jpeg to .jpg", "files", [("rename_ext", ("", "jpeg", "jpg"))]),
        ("what is one third of ninety", "calculator", [("", ())]),
    ],
)
def test_own_everyday_probes(instruction, app, want):
    commands = [c for c in understand(instruction, open_app=app).commands if c.op != "if_named"]
    assert [(c.op, c.args) for c in commands] == want


def test_plain_text_has_no_bold_and_whole_sheet_or_line_ranges():
    from deskpilot.local.plans.editor import transform
    from deskpilot.local.plans.spreadsheet import area_range

    assert understand("can you make the title bold", open_app="editor").question
    assert transform("delete_lines", (2, 3), "a\nb\nc\nd\n") == "a\nd\n"
    assert transform("delete_lines", (-2, -1), "a\nb\nc\n") == "a\n"
    assert area_range([["a", "b"], ["", "c"], ["", ""]], "", "") == "A1:B2"
    assert understand("bold B2 to D2", open_app="spreadsheet").commands[0].target == "B2:D2"


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        (
            "I bought 3 shirts at 12.50 and a hat for 8, what did I spend",
            "calculator",
            ("compute", "(3*12.50+8)"),
        ),
        ("if a pizza costs 18 and we are 3, how much each", "calculator", ("compute", "(18/3)")),
        ("60 mph for 2.5 hours, how far", "calculator", ("compute", "(60*2.5)")),
        ('swap "yes" and "no" everywhere', "editor", ("swap_words", ("yes", "no"))),
        ("make every word in the first line start with a capital", "editor", ("title_case", (1,))),
        ("make a new file called log.txt and write started in it", "", ("write", ("log.txt", "started"))),
        (
            "work out the average score and put it under the scores",
            "spreadsheet",
            ("column_formula", ("AVERAGE", "scores")),
        ),
        (
            "change 'Lisbon' to 'Porto' wherever it appears",
            "spreadsheet",
            ("replace_value", ("Lisbon", "Porto")),
        ),
    ],
)
def test_sums_said_in_stories_and_more_plain_edits(instruction, app, want):
    first = understand(instruction, open_app=app).commands[0]
    got = (first.kind, first.text) if first.kind == "compute" else (first.op, first.args)
    assert got == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("total the sales column", ("column_formula", ("SUM", "sales"), "+")),
        ("I need the sum of the amounts in the cell under them", ("column_formula", ("SUM", "amounts"), "+")),
        ("Anna's age is 34 now", ("set_by_name", ("Anna", "age", "34", "set"), "")),
        ("the price of milk went up to 1.20", ("set_by_name", ("milk", "price", "1.20", "set"), "")),
        ("sort by price, most expensive first", ("sort", ("price", True), "")),
        ("increase Tom's score by 5", ("set_by_name", ("Tom", "score", "5", "add"), "")),
        ("B5 is empty, put 0 there", ("", (), "B5")),
    ],
)
def test_sheet_columns_rows_and_orders_said_loosely(instruction, want):
    first = understand(instruction, open_app="spreadsheet").commands[0]
    assert (first.op, first.args, first.target) == want


def test_a_rounding_said_after_a_range_function():
    first = understand(
        "give me the average of B2:B6 in B7, rounded to one decimal", open_app="spreadsheet"
    ).commands[0]
    assert (first.target, first.text) == ("B7", "=ROUND(AVERAGE(B2:B6),1)")


def test_headers_abbreviated_or_labelling_words_and_files_named_like_cells():
    from deskpilot.local.plans.spreadsheet import _column_index, heads_match, row_cell

    assert heads_match("quantity", "Qty") and heads_match("amount", "Amt") and not heads_match("cost", "City")
    assert row_cell([["Item", "Qty", "Price"], ["pear", "2", "2.0"]], "pears", "quantity", "3", "add") == (
        "B2",
        "5",
    )
    assert _column_index([["City"], ["Oslo"], ["Bern"]], "A") == (0, True)
    moved = understand("get track.mp4 out of Temp and into Work").commands
    assert [(c.op, c.args) for c in moved] == [("move", ("Temp/track.mp4", "Work/"))]
    heads = understand(
        "no titles on the columns yet: could you put Region and Total above the table", open_app="spreadsheet"
    ).commands[0]
    assert heads.args == ("insert", "", "Region", "Total")


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("ugh, I wrote teh instead of the everywhere, can you fix that", ("replace", ("teh", "the"))),
        ("get rid of all the exclamation marks", ("replace", ("!", ""))),
        ("replace every full stop with an exclamation mark", ("replace", (".", "!"))),
        ('the word "colour" appears a few times, switch it to "color"', ("replace", ("colour", "color"))),
        ("please put quotes around each line", ("wrap_lines", ('"', '"'))),
        ("make line 2 all lower case", ("line_case", (2, "lower"))),
        ("I don't want the line that says delete me anymore", ("delete_matching", ("delete me",))),
    ],
)
def test_punctuation_slips_and_lines_said_in_passing(instruction, want):
    first = understand(instruction, open_app="editor").commands[0]
    assert (first.op, first.args) == want


def test_a_copy_renamed_into_a_folder_and_dozens_counted():
    copied = understand("please copy data.csv into the backup folder and call it data_old.csv").commands
    assert [(c.op, c.args) for c in copied] == [("copy", ("data.csv", "backup/data_old.csv"))]
    eggs = understand("how much is 3 dozen eggs at 0.25 each", open_app="calculator").commands[0]
    assert eggs.text == "(36*0.25)"


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        ("make ~/projects/site and put an empty index.html in it", "files",
         [("mkdir", ("projects/site",)), ("touch", ("projects/site/index.html",))]),
        ("get rid of the backups folder and everything inside it", "files", [("delete", ("backups",))]),
        ("there is a file called old_notes.txt in Documents; please delete it", "files", [("delete", ("Documents/old_notes.txt",))]),
        ("put hello in a file called hi.txt on the desktop", "files", [("write", ("Desktop/hi.txt", "hello"))]),
        ("remove every line that starts with #", "editor", [("delete_prefixed", ("#",))]),
        ('keep only lines with "error" in them', "editor", [("keep_matching", ("error",))]),
        ("what's that plus 10", "calculator", [("continue", ())]),
    ],
)  # fmt: skip
def test_folders_with_files_statements_about_files_and_line_filters(instruction, app, want):
    assert [
        (c.op, c.args) for c in understand(instruction, open_app=app).commands if c.op != "if_named"
    ] == want


def test_line_filters_in_the_plan():
    from deskpilot.local.plans.editor import transform

    assert transform("keep_matching", ("error",), "ok\nERROR 1\nfine\n") == "ERROR 1\n"
    assert transform("delete_prefixed", ("#",), "# a\nb\n  # c\n") == "b\n"


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("what is 3 to the power 4", ("3^4", "")),
        ("the difference between 950 and 1234", ("(1234-950)", "")),
        ("and square it", ("^2", "continue")),
        ("what's the square root of the result", ("sqrt", "continue")),
    ],
)
def test_powers_differences_and_roots_of_the_number_shown(instruction, want):
    first = understand(instruction, open_app="calculator").commands[0]
    assert (first.text, first.op) == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("in this note, change Tuesday to Wednesday", ("replace", ("Tuesday", "Wednesday"))),
        ("the document says 'draft' at the top; remove that line", ("delete_matching", ("draft",))),
        ("insert a blank line after the first line", ("insert_at", (2, ""))),
        ("put an exclamation mark at the end of the first line", ("end_with", ("!", 1))),
        ('delete everything after "Thanks"', ("keep_until", ("Thanks",))),
        ("get rid of the numbers at the start of each line", ("strip_numbers", ())),
        ('change the heading to "Weekly Report"', ("set_line", (1, "Weekly Report"))),
        ("put every word on its own line", ("split_items", ("word",))),
    ],
)
def test_more_line_edits_said_plainly(instruction, want):
    first = understand(instruction, open_app="editor").commands[0]
    assert (first.op, first.args) == want


def test_line_ends_truncation_and_counting():
    from deskpilot.local.plans.editor import transform

    assert transform("end_with", ("!", 1), "hi\nthere\n") == "hi!\nthere\n"
    assert transform("keep_until", ("thanks",), "a\nThanks\nP.S.\n") == "a\nThanks\n"
    assert transform("strip_numbers", (), "1. eggs\n2) milk\n") == "eggs\nmilk\n"
    assert understand("count how many lines there are", open_app="editor").question


def test_number_words_in_file_names_stay_words_and_a_copy_of_this_file():
    assert prepare("touch four.md and five.md").text == "touch four.md and five.md"
    assert prepare("what is two times three").text == "what is 2 times 3"
    made = understand("make two empty files in ~/box: six.txt and seven.txt").commands[0]
    assert made.args == ("box/six.txt", "box/seven.txt")
    for said, want in (
        ("put a copy of this document in my home folder as spare.txt", "spare.txt"),
        ("make a copy of the open file named spare.txt", "spare.txt"),
        ("leave a spare copy of it in the Old folder, called b.txt", "Old/b.txt"),
    ):
        spare = understand(said, open_app="editor").commands[0]
        assert (spare.kind, spare.text) == ("save_as", want)


def test_vague_orders_ask_rather_than_guess_a_deletion_a_save_or_a_scroll():
    assert understand("delete the old stuff", open_app="files").question
    assert understand("repeat what you did before").question or not any(
        c.kind == "save" for c in understand("repeat what you did before").commands
    )
    assert not any(c.kind == "scroll" for c in understand("add them up", open_app="calculator").commands)
    kept = understand("remove the folder named junk and everything in it").commands
    assert [(c.op, c.args) for c in kept] == [("delete", ("junk",))]
    for app in ("editor", "spreadsheet"):  # emptying a whole document is never guessed either
        assert not any(c.op == "clear" for c in understand("double all of them", open_app=app).commands)


def test_a_second_function_reuses_the_range_and_loose_verbs_put_values():
    two = understand("the largest of B2:B9 in B10 and the smallest in B11", open_app="spreadsheet").commands
    assert [(c.target, c.text) for c in two[:2]] == [("B10", "=MAX(B2:B9)"), ("B11", "=MIN(B2:B9)")]
    popped = understand("pop 7 in C3 and save", open_app="spreadsheet").commands[0]
    assert (popped.target, popped.text) == ("C3", "7")


@pytest.mark.parametrize(
    "instruction, open_app, want",
    [
        ("what is 36x4", "calculator", "36*4"),
        ("times 9 by 7", "calculator", "(9*7)"),
        ("the average of 3 5 7", "calculator", "(3+5+7)/3"),
        ("what is 30 as a percentage of 120", "calculator", "(30/120*100)"),
        ("12 is what percent of 48", "calculator", "(12/48*100)"),
        ("what percent of 80 is 20", "calculator", "(20/80*100)"),
        ("22 mod 6", "calculator", "(22-6*3)"),
        ("the remainder when 40 is divided by 7", "calculator", "(40-7*5)"),
        ("the inverse of 8", "calculator", "(1/8)"),
        ("twice 21", "calculator", "(21*2)"),
        ("9 to the power of a half", "calculator", "sqrt(9)"),
        ("3 million divided by 6", "calculator", "3000000/6"),
        ("7 crates with 12 each", "calculator", "(7*12)"),
        ("3/16 as a decimal", "", "(3/16)"),
    ],
)
def test_more_arithmetic_forms(instruction, open_app, want):
    parsed = understand(instruction, open_app=open_app)
    assert [(c.kind, c.text) for c in parsed.commands] == [("compute", want)], parsed.question


def test_a_chain_that_starts_from_a_number():
    parsed = understand("start with 60 and add 5", open_app="calculator")
    assert [(c.text, c.op) for c in parsed.commands] == [("60", ""), ("+5", "continue")]


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("the word colour should be color", ("replace", ("colour", "color"))),
        ("typo: recieve should be receive", ("respell", ("recieve", "receive"))),
        ("it's not Tuesday, it's Wednesday", ("replace", ("Tuesday", "Wednesday"))),
        ("replace B12 with B14", ("replace", ("B12", "B14"))),
        ("remove the duplicates", ("dedupe_lines", ())),
        ("tick off feed the cat", ("delete_matching", ("feed the cat",))),
        ("move book tickets to the bottom", ("move_line", ("book tickets", "bottom"))),
        ("under call mom add 'call dad'", ("insert_near", ("call mom", "call dad", "after"))),
        ("before pay rent put 'check bank'", ("insert_near", ("pay rent", "check bank", "before"))),
        ("remove every line except the first two", ("keep_lines", (2,))),
        ("put 'NEW: ' at the start of line 2", ("affix_line", (2, "start", "NEW: "))),
        ("add '?' to the end of the last line", ("affix_line", (-1, "end", "?"))),
        ("strip the trailing spaces from each line", ("strip_lines", ("right",))),
        ("remove the indentation from every line", ("strip_lines", ("left",))),
        ("write 'Agenda' above everything", ("insert_line", ("Agenda",))),
        ("replace the document with 'empty for now'", ("set_text", ("empty for now",))),
        ("wipe this note", ("clear", ())),
        ("break the items onto separate lines", ("split_items", (",",))),
        ("merge the lines with semicolons", ("join_lines", ("; ",))),
        ("put all the entries in title case", ("title_case", (0,))),
    ],
)
def test_line_edits_in_everyday_words(instruction, want):
    parsed = understand(instruction, open_app="editor")
    assert parsed.commands and (parsed.commands[0].op, parsed.commands[0].args) == want, parsed.question


def test_line_ends_stripped_and_affixed_and_a_whole_line_deleted():
    from deskpilot.local.plans.editor import transform

    assert transform("strip_lines", ("left",), "  a \n b\n") == "a \nb\n"
    assert transform("strip_lines", ("both",), "  a \n") == "a\n"
    assert transform("affix_line", (1, "end", "!"), "hi\nyo\n") == "hi!\nyo\n"
    assert transform("delete_text", ("call mom",), "milk\ncall mom\nrent\n") == "milk\nrent\n"
    assert transform("delete_text", ("mom",), "call mom now\n") == "call now\n"


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("the lamp now costs 12", ("sheet", "set_by_name", ("lamp", "", "12", "set"))),
        ("Zoe's mark is actually 64", ("sheet", "set_by_name", ("Zoe", "mark", "64", "set"))),
        ("type pending into f7", ("cell", "", ())),
        ("total the hours", ("sheet", "column_formula", ("SUM", "hours"))),
        ("the median of the ages in E1", ("sheet", "column_formula", ("MEDIAN", "ages"))),
        ("rename Cost to Price", ("sheet", "replace_value", ("Cost", "Price"))),
        ("change Jon to Jonathan", ("sheet", "replace_value", ("Jon", "Jonathan"))),
        ("Liz's name is spelt wrong, it should be Lizzie", ("sheet", "replace_value", ("Liz", "Lizzie"))),
        ("name column D Notes", ("cell", "", ())),
        ("remove column B", ("sheet", "columns", ("delete", "B"))),
        ("drop the notes column", ("sheet", "columns", ("delete", "notes"))),
        ("copy column A to column F", ("sheet", "columns", ("copy", "A", "F"))),
        ("add a new column headed Status", ("sheet", "columns", ("insert", "", "Status"))),
        ("insert a column after Name called Age", ("sheet", "columns", ("insert", "after:Name", "Age"))),
        ("move B7 to C7", ("sheet", "move", ("B7", "C7"))),
        ("in F3 divide B3 by C3", ("cell", "", ())),
        ("add a row for plum at 4 with stock 20", ("sheet", "append_row", ("plum", "4", "stock=20"))),
    ],
)
def test_sheet_changes_in_everyday_words(instruction, want):
    parsed = understand(instruction, open_app="spreadsheet")
    c = parsed.commands[0] if parsed.commands else None
    assert c and (c.kind, c.op, c.args) == want, parsed.question


def test_cells_named_in_lower_case_and_a_formula_after_the_cell():
    typed = understand("type pending into f7", open_app="spreadsheet").commands[0]
    assert (typed.target, typed.text) == ("F7", "pending")
    divided = understand("in F3 divide B3 by C3", open_app="spreadsheet").commands[0]
    assert (divided.target, divided.text) == ("F3", "=(B3/C3)")
    header = understand("name column D Notes", open_app="spreadsheet").commands[0]
    assert (header.target, header.text) == ("D1", "Notes")


def test_columns_changed_and_cells_moved():
    from deskpilot.local.plans.spreadsheet import cell_changes, columns_changed, heads_match

    rows = [["Name", "Cost", "Qty"], ["a", "3", "4"]]
    assert columns_changed(rows, "delete", "Cost") == [["Name", "Qty"], ["a", "4"]]
    assert columns_changed(rows, "insert", "", "Note") == [
        ["Name", "Cost", "Qty", "Note"],
        ["a", "3", "4", ""],
    ]
    assert columns_changed(rows, "insert", "after:Name", "Id")[0] == ["Name", "Id", "Cost", "Qty"]
    assert columns_changed(rows, "move", "A", "D") == [["", "Cost", "Qty", "Name"], ["", "3", "4", "a"]]
    assert cell_changes(rows, "move", ("B2", "D2")) == [("D2", "3"), ("B2", "")]
    assert heads_match("quantities", "Qty") and not heads_match("names", "Qty")


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("copy budget.txt from Documents to my home folder", ("copy", ("Documents/budget.txt", "./"))),
        ("make a folder called Old and put a.txt in there", ("move", ("a.txt", "Old/"))),
        ("delete the zip", ("delete", ("*.zip",))),
        ("move the photos into Archive", ("move", ("*.jpg", "*.jpeg", "*.png", "*.gif", "Archive/"))),
        ("move my pdfs into a new folder called Papers", ("move", ("*.pdf", "Papers/"))),
    ],
)
def test_files_named_by_kind_place_or_pronoun(instruction, want):
    parsed = understand(instruction)
    c = parsed.commands[-1] if parsed.commands else None
    assert c and (c.op, c.args) == want, parsed.question


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("add a title SUMMARY as the first line", ("insert_line", ("SUMMARY",))),
        ("add pears just after apples", ("insert_near", ("apples", "pears", "after"))),
        ("between bread and jam, add 'honey'", ("insert_near", ("bread", "honey", "after"))),
        ("remove every line that mentions draft", ("delete_matching", ("draft",))),
        ("take the numbers off the start", ("strip_numbers", ())),
        ("capitalise the first letter of each entry", ("capitalize_lines", ())),
        ("each number needs '0' in front", ("prefix_lines", ("0",))),
        ("put them on one line separated by a comma", ("join_lines", (", ",))),
        ("join lines 3 and 4 with a comma", ("join_range", (3, 4, ", "))),
        ("put each city on its own line", ("split_items", (",",))),
        ("use slashes instead of dots", ("replace", (".", "/"))),
        ("the name at the top goes to the bottom", ("move_line", (1, "bottom"))),
        ("'and' got typed twice, remove one", ("replace", ("and and", "and"))),
        ("a few items appear twice", ("dedupe_lines", ())),
        ("put single quotes around the text", ("wrap_lines", ("'", "'"))),
        ("fix the typo 'accomodate'", ("respell_near", ("accomodate",))),
        ("add ' (paid)' at the end of the rent line", ("affix_line", ("rent", "end", " (paid)"))),
        (
            "the sofa has been sold, add ' - gone' at the end of that line",
            ("affix_line", ("sofa", "end", " - gone")),
        ),
        ("'Thanks' must come last, move it to the bottom", ("move_line", ("Thanks", "bottom"))),
        ("number the steps", ("number_lines", ("", ". "))),
        ("number the points like '1) first' and so on", ("number_lines", ("", ") "))),
        ("turn it into a bullet list: put '+ ' before each line", ("prefix_lines", ("+ ",))),
    ],
)
def test_more_document_edits_in_everyday_words(instruction, want):
    parsed = understand(instruction, open_app="editor")
    c = parsed.commands[0] if parsed.commands else None
    assert c and (c.op, c.args) == want, parsed.question


def test_a_reference_to_the_new_one_asks_and_the_steps_before_save_are_not_lost():
    assert understand("overwrite it with the new version", open_app="editor").question
    assert understand("sort out the wording and save", open_app="editor").question


def test_joined_ranges_near_spellings_lines_by_words_and_marks_kept():
    from deskpilot.local.plans.editor import transform

    assert transform("join_range", (2, 3, " "), "a\nb\nc\n") == "a\nb c\n"
    assert (
        transform("respell_near", ("recieve",), "we recieve\nthey receive\n") == "we receive\nthey receive\n"
    )
    assert transform("affix_line", ("rent", "end", "!"), "milk\nrent\n") == "milk\nrent!\n"
    assert transform("prefix_lines", ("- ",), "- a\nb\n") == "- a\n- b\n"
    assert transform("prefix_lines", ("  ",), "  a\n") == "    a\n"


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("a team of 12 players and each one gets 4 stickers, how many stickers", "(12*4)"),
        ("I need to know what 300 divided with 4 is", "(300/4)"),
        ("what's 10% of 50% of 80", "(80*50/100*10/100)"),
        ("a gym costs 30 a month, how much over the whole year", "(30*12)"),
        ("I'm paid 15.20 an hour and did 20 hrs, what do I get", "(15.20*20)"),
        ("how many minutes in three and a half hours", "(3.5*3600/60)"),
    ],
)
def test_word_problems_of_more_kinds(instruction, want):
    parsed = understand(instruction, open_app="calculator")
    assert [c.text for c in parsed.commands] == [want], parsed.question


def test_an_operator_with_no_number_after_it_or_an_unknown_rate_asks():
    assert understand("what is 9 minus", open_app="calculator").question
    assert understand("convert 50 into the other currency", open_app="calculator").question


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("delete temp.log, dont need it", [("delete", ("temp.log",))]),
        ("new folder on my desktop called Trips 2023 please", [("mkdir", ("Desktop/Trips 2023",))]),
        ("rename folder docs to Old Docs", [("move", ("docs", "Old Docs"))]),
        ("move the Notes folder inside Archive", [("move", ("Notes", "Archive/"))]),
        ("create hello.txt that says: good morning all", [("write", ("hello.txt", "good morning all"))]),
        (
            "rename a.txt to one.txt and b.txt to two.txt",
            [("move", ("a.txt", "one.txt")), ("move", ("b.txt", "two.txt"))],
        ),
        (
            "make two copies of base.txt: x.txt and y.txt",
            [("copy", ("base.txt", "x.txt")), ("copy", ("base.txt", "y.txt"))],
        ),
        ("move every file whose name starts with draft into Drafts", [("move", ("draft*", "Drafts/"))]),
        ("anything ending in .tmp goes into a new folder called junk", [("move", ("*.tmp", "junk/"))]),
        (
            "make a Scans folder and move the files starting with scan into it",
            [("mkdir", ("Scans",)), ("move", ("scan*", "Scans/"))],
        ),
    ],
)
def test_file_jobs_said_as_lists_patterns_and_asides(instruction, want):
    parsed = understand(instruction)
    assert [(c.op, c.args) for c in parsed.commands] == want, parsed.question


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("round every price to a whole number in column C", ("new_column", ("", "C", "price", "round", "0"))),
        (
            "put the names in capitals in column B next to them",
            ("new_column", ("", "B", "names", "upper", "")),
        ),
        (
            "each student's average over the four exams goes in column F",
            ("new_column", ("", "F", "", "average", "")),
        ),
        ("join the first and last names into column C", ("new_column", ("", "C", "first", "join", "last"))),
        ("in column C give each price minus 15%", ("new_column", ("", "C", "price", "*", "0.85"))),
        (
            "staff are paid 11 an hour, work out their wages in column C",
            ("new_column", ("", "C", "hours", "*", "11")),
        ),
        (
            "in column D show the profit for each row (sales minus costs)",
            ("new_column", ("", "D", "sales", "-", "costs")),
        ),
        (
            "in C9 put the gap between our top month and worst month",
            ("column_formula", ("SPREAD", "our", "month", "month")),
        ),
        ("right under the costs, show me the cheapest one", ("column_formula", ("MIN", "costs"))),
        ("oops, March rent should be 1,200 not 1,100 - fix that", ("replace_value", ("1100", "1200"))),
        ("we no longer sell plums, delete that whole row", ("rows", ("delete", "plums"))),
        ("empty the scores (B2 to B5) but keep the header", ("clear", ())),
    ],
)
def test_sheet_columns_worked_out_per_row_and_more_changes(instruction, want):
    parsed = understand(instruction, open_app="spreadsheet")
    c = parsed.commands[0] if parsed.commands else None
    assert c and (c.op, c.args) == want, parsed.question


def test_a_series_down_a_column_and_ranges_said_until():
    cells = understand("under B1, list 2, 4, 6 and so on up to 12", open_app="spreadsheet").commands
    assert [(c.target, c.text) for c in cells if c.kind == "cell"] == [
        ("B2", "2"), ("B3", "4"), ("B4", "6"), ("B5", "8"), ("B6", "10"), ("B7", "12")]  # fmt: skip
    total = understand("put the sum of C2 until C6 in C7", open_app="spreadsheet").commands[0]
    assert (total.target, total.text) == ("C7", "=SUM(C2:C6)")


def test_row_formulas_of_functions_and_numeric_columns_for_sums():
    from deskpilot.local.plans.spreadsheet import _new_column, column_formula

    rows = [["Name", "Cost", "Qty"], ["a", "2.4", "3"], ["b", "1.6", "5"]]
    assert _new_column(rows, "", "D", "cost", "round", "0") == [
        ("D2", "=ROUND(B2,0)"),
        ("D3", "=ROUND(B3,0)"),
    ]
    assert _new_column(rows, "", "D", "", "average", "")[0] == ("D2", "=AVERAGE(B2:C2)")
    assert _new_column(rows, "", "D", "name", "join", "cost")[0] == ("D2", '=A2&" "&B2')
    assert _new_column(rows, "", "D", "name", "upper", "")[0] == ("D2", "=UPPER(A2)")
    assert column_formula(rows, "MAX", ("name",), "E1") == "=MAX(B2:B3)"  # a name column holds no numbers


def test_unsaid_things_ask_and_a_person_who_left_is_removed():
    assert understand("finished that one, tick it off", open_app="editor").question
    assert "phone number" in understand("put my phone number under my name", open_app="editor").question
    assert understand("type my phone: 555 0101", open_app="editor").commands[0].kind == "type"
    left = understand(
        "Lena has left the team. remove her and add 'Kai - IT' at the end", open_app="editor"
    ).commands
    assert [(c.op, c.args) for c in left[:2]] == [
        ("delete_matching", ("Lena",)),
        ("append_line", ("Kai - IT",)),
    ]


@pytest.mark.parametrize(
    "instruction, want",
    [
        (
            "clean up a bit: move the photos (the jpg and the gif) into a new folder called Pics and leave the rest",
            ("move", ("*.jpg", "*.jpeg", "*.png", "*.gif", "Pics/")),
        ),
        ("overwrite todo.txt so all it says is nothing", ("write", ("todo.txt", "nothing"))),
        ("put the mp3s into a Songs folder", ("move", ("*.mp3", "Songs/"))),
        ("in the Temp folder keep only a.txt and delete the rest", ("delete_except", ("Temp", "a.txt"))),
    ],
)
def test_more_file_jobs_in_everyday_words(instruction, want):
    parsed = understand(instruction)
    assert parsed.commands and (parsed.commands[0].op, parsed.commands[0].args) == want, parsed.question


def test_a_move_into_an_unnamed_folder_asks_and_keep_only_deletes_the_rest():
    assert understand("move the invoice into the folder").question
    line, _ = shell(Command("files", op="delete_except", args=("Temp", "a.txt")))
    assert line.startswith("cd -- Temp && find . -mindepth 1 -maxdepth 1 ! -name a.txt -exec rm -r")


@pytest.mark.parametrize(
    "instruction, want",
    [
        (
            "insert a blank column before the Notes column, I'll fill it later",
            ("columns", ("insert", "Notes", "")),
        ),
        ("how many answered no? count it in E1", ("column_formula", ("COUNTIF=no",))),
        ("add a row between Ann and Bob with Zoe, 5", ("rows", ("insert", "Ann", "Zoe", "5"))),
        (
            "the columns are the wrong way round, I want Price first then Item",
            ("columns", ("swap", "Price", "Item")),
        ),
        ("swap columns A and C", ("columns", ("swap", "A", "C"))),
    ],
)
def test_more_sheet_jobs_in_everyday_words(instruction, want):
    parsed = understand(instruction, open_app="spreadsheet")
    c = parsed.commands[0] if parsed.commands else None
    assert c and (c.op, c.args) == want, parsed.question


def test_a_label_with_a_function_beside_it_and_a_series_of_day_names():
    both = understand("put Total in A7 and the sum of the costs next to it", open_app="spreadsheet").commands
    assert [(c.target, c.text, c.op, c.args) for c in both[:2]] == [
        ("A7", "Total", "", ()), ("B7", "", "column_formula", ("SUM", "costs"))]  # fmt: skip
    days = understand(
        "fill in the days Mon to Fri down column A under the header", open_app="spreadsheet"
    ).commands
    assert [(c.target, c.text) for c in days if c.kind == "cell"][::4] == [("A2", "Mon"), ("A6", "Fri")]
    counted = understand("how many players are there? put the count in D2", open_app="spreadsheet").commands[
        0
    ]
    assert counted.args == ("COUNT", "players")


def test_columns_swapped_and_a_word_counted_in_its_column():
    from deskpilot.local.plans.spreadsheet import column_formula, columns_changed

    rows = [["Name", "Vote"], ["a", "yes"], ["b", "no"]]
    assert columns_changed(rows, "swap", "Name", "Vote") == [["Vote", "Name"], ["yes", "a"], ["no", "b"]]
    assert column_formula(rows, "COUNTIF=yes", (), "D1") == '=COUNTIF(B2:B3,"yes")'


@pytest.mark.parametrize(
    "instruction, open_app, want",
    [
        ("add soap right after towels", "editor", [("insert_near", ("towels", "soap", "after"))]),
        ("the dinner begins at 6 not 5, fix it", "editor", [("replace", ("5", "6"))]),
        ("memo.txt is finished now, rename it to done.txt", "", [("move", ("memo.txt", "done.txt"))]),
        (
            "make an Orders folder and move the files starting with order into it",
            "",
            [("mkdir", ("Orders",)), ("move", ("order*", "Orders/"))],
        ),
        (
            "create hi.txt that just says: greetings from Rome",
            "",
            [("write", ("hi.txt", "greetings from Rome"))],
        ),
        (
            "set up a Teams folder with two subfolders in it, Red and Blue",
            "",
            [("mkdir", ("Teams/Red", "Teams/Blue"))],
        ),
        ("in Old, delete the subfolders that are empty", "", [("delete_empty", ("Old",))]),
    ],
)
def test_places_said_beside_the_order_and_empty_folders(instruction, open_app, want):
    parsed = understand(instruction, open_app=open_app)
    assert [(c.op, c.args) for c in parsed.commands if c.op != "if_named"] == want, parsed.question


def test_empty_subfolders_are_found_and_deleted():
    line, _ = shell(Command("files", op="delete_empty", args=("Old",)))
    assert line == "find Old -mindepth 1 -type d -empty -delete && ls -A Old"


@pytest.mark.parametrize(
    "instruction, want",
    [
        (
            "in column D next to each product, show the cost with 10% tax added",
            ("new_column", ("", "D", "cost", "*", "1.1")),
        ),
        ("in column C put each price with 20% off", ("new_column", ("", "C", "price", "*", "0.8"))),
        (
            "count how many scores are above 80 and put the answer in D1",
            ("column_formula", ("COUNTIF>80", "scores")),
        ),
        ("number the rows 1, 2, 3 and so on in the No. column", ("number", ("",))),
        ("I'm halving the batch - change each weight in C to half as much", ("map", ("C:C", "halve", ""))),
        (
            "staff get 9.50 an hour, put their wages in column D",
            ("new_column", ("", "D", "hours", "*", "9.5")),
        ),
    ],
)
def test_sheet_changes_said_with_rates_marks_and_letters(instruction, want):
    parsed = understand(instruction, open_app="spreadsheet")
    c = parsed.commands[0] if parsed.commands else None
    assert c and (c.op, c.args) == want, parsed.question


def test_two_columns_summed_and_an_addition_with_no_values_asks():
    total = understand(
        "what's the sum of everything in columns C and D together? put it in F1", open_app="spreadsheet"
    )
    assert [(c.target, c.text) for c in total.commands][0] == ("F1", "=SUM(C:D)")
    assert understand("add last month's bills at the bottom", open_app="spreadsheet").question


def test_items_listed_after_a_colon_are_added_one_a_line():
    parsed = understand(
        "add 3 things to the end, each on its own line: soap, rice, tea. save", open_app="editor"
    )
    assert [(c.kind, c.op, c.args) for c in parsed.commands] == [
        ("edit", "append_line", ("soap\nrice\ntea",)),
        ("save", "", ()),
    ]


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("data.csv should be a .txt file - change the extension", [("move", ("data.csv", "data.txt"))]),
        ("rename the 'old pics' folder to old_pics, no space", [("move", ("old pics", "old_pics"))]),
        ("if there's a backup.zip lying around, delete it", [("delete", ("backup.zip",))]),
    ],
)
def test_file_jobs_said_around_the_file(instruction, want):
    parsed = understand(instruction)
    assert [(c.op, c.args) for c in parsed.commands] == want, parsed.question


def test_a_changed_plan_and_a_missing_value_said_as_a_statement():
    plan = understand(
        "on friday I'm doing tennis instead of running now, update it", open_app="editor"
    ).commands[0]
    assert (plan.op, plan.args) == ("replace", ("running", "tennis"))
    price = understand(
        "tea has no price yet. it's 2.40 - add it like the others", open_app="editor"
    ).commands[0]
    assert (price.op, price.args) == ("affix_line", ("tea", "end", " 2.40"))
    from deskpilot.local.plans.editor import transform

    assert transform("replace", ("running", "tennis"), "Fri: run\n") == "Fri: tennis\n"
    assert transform("replace", ("cats", "dogs"), "a cat\n") == "a cat\n"


def test_a_row_change_said_loosely_is_settled_by_the_sheet():
    from deskpilot.local.plans.spreadsheet import row_cell

    stock = understand("the kettle stock is actually 11", open_app="spreadsheet").commands[0]
    assert (stock.op, stock.args) == ("set_by_name", ("kettle|stock", "kettle|stock", "11", "set"))
    rows = [["Product", "Price", "Stock"], ["kettle", "30", "12"], ["lamp", "25", "5"]]
    assert row_cell(rows, *stock.args) == ("C2", "11")
    assert row_cell(rows, "lamp|price", "lamp|price", "20", "set") == ("B3", "20")
    up = understand("the lamp went up by 3", open_app="spreadsheet").commands[0]
    assert row_cell(rows, *up.args) == ("C3", "8")  # no column said: the row's last number
    # a lone number is never "computed" in the calculator while the sheet is open
    assert understand("the total is 40", open_app="spreadsheet").question


def test_files_said_to_belong_somewhere_are_moved_and_unneeded_ones_deleted():
    def ops(text: str) -> list:
        parsed = understand(text)
        return [(c.op, c.args) for c in parsed.commands] or [parsed.question]

    assert ops("every mp3 should go in a folder called tunes") == [("move", ("*.mp3", "tunes/"))]
    assert ops("the file todo.md should be in the inbox folder") == [("move", ("todo.md", "inbox/"))]
    assert ops("take plan.odt out of old and put it in current") == [("move", ("old/plan.odt", "current/"))]
    assert ops("move scan.png to the images folder") == [("move", ("scan.png", "images/"))]
    assert ops("I don't need the cache folder anymore") == [("delete", ("cache",))]
    assert ops("trace.log can go") == [("delete", ("trace.log",))]
    assert ops("I don't need that file anymore")[0][0] != "delete"  # which file is never guessed


def test_a_line_said_gone_by_its_words_is_the_line_that_holds_them():
    from deskpilot.local.plans.editor import best_line, transform

    parsed = understand("we've called the plumber, take that line out and save", open_app="editor")
    assert parsed.commands[0].op in ("delete_best", "delete_matching")
    best = understand("paid the council tax already, cross it off", open_app="editor").commands[0]
    assert best.op in ("delete_best", "delete_matching") and "council" in " ".join(best.args)
    assert transform(best.op, best.args, "ring gran\npay council tax\nwalk dog\n") == "ring gran\nwalk dog\n"
    assert best_line(["book flights", "booked hotel"], ("booked",)) == -1  # two lines hold it: no guess
    assert best_line(["water plants", "book dentist"], ("booked", "dentist")) == 1


def test_word_problems_with_spans_counts_and_lists():
    def expr(text: str) -> str:
        return understand(text, open_app="calculator").commands[0].text

    assert expr("the gym costs 45 a month, how much over 2 years") == "(45*12*2)"
    assert expr("six of us put in 15 each, how much is in the pot") == "(6*15)"
    assert expr("two parcels: 4.5 and 7.25. total?") == "(4.5+7.25)"


def test_formulas_over_cells_read_the_same_whatever_the_hash_seed():
    import subprocess
    import sys

    code = ("from deskpilot.local.nlu import understand; "
            "print(understand('write the difference between C3 and D3 into E3', 'spreadsheet').commands[0].text)")  # fmt: skip
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout.strip()
            for seed in (1, 2, 3, 4)}  # fmt: skip
    assert seen == {"=(C3-D3)"}


def test_editor_orders_said_as_how_the_document_should_be():
    def first(text: str) -> tuple:
        parsed = understand(text, open_app="editor")
        return (parsed.commands[0].op, parsed.commands[0].args) if parsed.commands else (parsed.question,)

    assert first("the Appendix line should go at the very end, not at the top") == (
        "move_line",
        ("Appendix", "bottom"),
    )
    assert first("these are jumbled, they ought to be in alphabetical order") == ("sort", ())
    assert first("the recital moved from 2/9 to 4/9, please update") == ("replace", ("2/9", "4/9"))
    assert first("make the heading all caps") == ("line_case", (1, "upper"))
    assert first("capitalise every word in the title") == ("title_case", (1,))
    assert first("sorry, sort the lines... no wait, reverse their order")[0] in (
        "reverse_lines",
        "sort_reverse",
    )
    assert first("tick off the vets, we went yesterday")[0] in ("delete_best", "delete_matching")


def test_sheet_changes_said_with_shares_corrections_and_runs():
    from deskpilot.local.plans.spreadsheet import column_arith, new_row, row_cell, rows_changed

    rows = [["Item", "Budget", "Qty", "Spent"], ["Rent", "900", "1", "900"], ["Pens", "10", "5", "4"]]
    share = understand("increase the pens budget by 30%", open_app="spreadsheet").commands[0]
    assert row_cell(rows, *share.args) == ("B3", "13")
    fixed = understand("we ordered 8 pens not 5", open_app="spreadsheet").commands[0]
    assert row_cell(rows, *fixed.args) == ("C3", "8")  # the cell that held the wrong value
    arith = understand("in F1, the total budget minus the total spent", open_app="spreadsheet").commands[0]
    assert column_arith(rows, arith.args, arith.target) == "=SUM(B2:B3)-SUM(D2:D3)"
    row = understand("add Ink with 12 and 3", open_app="spreadsheet").commands[0]
    assert new_row(rows, row.args)[:3] == ["Ink", "12", "3"]
    months = [["Month", "Sales"], ["Jan", "1"], ["Feb", "2"]]
    assert rows_changed(months, "delete", "January") == [["Month", "Sales"], ["Feb", "2"]]
    run = understand("put the numbers 4 to 6 in D2 to D4", open_app="spreadsheet").commands
    assert [(c.target, c.text) for c in run if c.kind == "cell"] == [("D2", "4"), ("D3", "5"), ("D4", "6")]
    assert understand("the Pens row can go", open_app="spreadsheet").commands[0].args == ("delete", "Pens")
    # work the words never place in another app is not done there
    assert understand("put the tax on top", open_app="calculator").question


def test_files_and_sums_said_loosely():
    def ops(text: str, app: str = "") -> list:
        parsed = understand(text, app)
        return [(c.op, c.args) for c in parsed.commands if c.op != "if_named"] or [parsed.question]

    assert ops("wipe the scratch folder and then remove it") == [
        ("delete", ("scratch/*",)),
        ("delete", ("scratch",)),
    ]
    assert ops("make two empty files p.md and q.md in the folder drafts") == [
        ("touch", ("drafts/p.md", "drafts/q.md"))
    ]
    assert ops("the folder name 'musci' is misspelt, it should be 'music'") == [("move", ("musci", "music"))]
    assert ops("move the videos folder into storage") == [("move", ("videos", "storage/"))]
    assert ops("put 3 lines in plan.txt: 'up', 'run', 'eat'") == [("write", ("plan.txt", "up\nrun\neat"))]
    assert understand("three eighths as a decimal", "calculator").commands[0].text == "(3/8)"
    assert (
        understand("a square tile 30 cm on each side, what is its area", "calculator").commands[0].text
        == "(30*30)"
    )
    assert (
        understand("service is 12%, just the service charge on 50 please", "calculator").commands[0].text
        == "(50*12/100)"
    )
    assert understand("whats the avrage mark? into B9", "spreadsheet").commands[0].args[0] == "AVERAGE"


def _read(text: str, app: str = "") -> list:
    parsed = understand(text, app)
    return [(c.kind, c.op, c.text or c.args, c.target) for c in parsed.commands if c.op != "if_named"] or [
        parsed.question
    ]


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("half a dozen plus 9", "6+9"),
        ("a dozen minus 5, what's left", "12-5"),
        ("nine point seven five minus one point five", "9.75-1.5"),
        ("a third plus a half", "(1/3)+(1/2)"),
        ("three and a half times two", "3.5*2"),
        ("could you square 2.5 by multiplying it by itself", "(2.5*2.5)"),
        ("7 multiplied by itself", "7*7"),
        ("minus 3 times minus 4", "(0-3)*(0-4)"),
        ("200 minus a fiver (5)", "200-5"),
        ("1 quarter minus 1 eighth, in decimals", "(1/4)-(1/8)"),
        ("60 diveded by 4", "60/4"),
        ("12 tiems 4", "12*4"),
    ],
)
def test_numbers_said_in_everyday_words(instruction, want):
    """Number words beyond plain counting ("a dozen", "a half", "nine point seven five"), a number said twice
    (in words, then in figures), "by itself", a second minus sign, and operator words with two letters swapped."""
    parsed = understand(instruction, "calculator")
    assert not parsed.question, parsed.question
    assert parsed.commands[0].text.strip("()") == want.strip("()") or parsed.commands[0].text == want


def test_a_chain_goes_on_from_the_display_and_a_correction_changes_only_what_is_said_again():
    chain = understand("begin at 500, subtract 20, then subtract another 30", "calculator").commands
    assert [(c.text, c.op) for c in chain] == [("500", ""), ("-20", "continue"), ("-30", "continue")]
    assert understand("divide 81 by 3 -- no wait, by 9", "calculator").commands[0].text == "(81/9)"
    assert understand("12 plus 8, no, sorry, 12 plus 18", "calculator").commands[0].text == "12+18"
    cell = understand("enter 40 in C3, no actually make that 45", "spreadsheet").commands[0]
    assert (cell.target, cell.text) == ("C3", "45")
    line = understand(
        "add a line with cherries at the bottom, sorry, plums, not cherries", "editor"
    ).commands[0]
    assert line.args == ("plums",)


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        ("zap the build folder", "", [("files", "delete", ("build",), "")]),
        ("ditch every line with 'XXX'", "editor", [("edit", "delete_matching", ("XXX",), "")]),
        ("add a line at the end that says quote all done unquote", "editor", [("edit", "append_line", ("all done",), "")]),
        ("put a new line at the bottom saying well done question mark", "editor", [("edit", "append_line", ("well done?",), "")]),
        ("the sentence needs a full stop at the end", "editor", [("edit", "end_with", (".",), "")]),
        ("its 7 pm, not 6 pm", "editor", [("edit", "replace", ("6 pm", "7 pm"), "")]),
        ("swap Ann for Anna everywhere", "editor", [("edit", "replace", ("Ann", "Anna"), "")]),
        ("erase all of it, I want a blank page", "editor", [("edit", "clear", (), "")]),
        ("type see you soon in here and save", "editor", [("type", "", "see you soon", ""), ("save", "", (), "")]),
        ("the notes should begin with Agenda", "editor", [("edit", "insert_line", ("Agenda",), "")]),
        ("jot down the planets mercury, venus and earth, one per line", "editor",
         [("type", "", "mercury\nvenus\nearth\n", "")]),
        ("write the numbers 3 to 6 on separate lines", "editor", [("type", "", "3\n4\n5\n6\n", "")]),
    ],
)  # fmt: skip
def test_everyday_editor_and_file_wordings(instruction, app, want):
    """Slang verbs of deleting, punctuation and quotes said aloud, "it's X, not Y", a restated clear done once,
    where typed words go ("in here"), how a list should start, and lists said to go one a line."""
    assert _read(instruction, app)[: len(want)] == want


def test_replacing_keeps_the_case_of_the_words_replaced():
    from deskpilot.local.plans.editor import transform

    assert transform("replace", ("rome", "milan"), "Flight to Rome\n") == "Flight to Milan\n"
    assert transform("replace", ("usa", "uk"), "Sent from USA\n") == "Sent from UK\n"
    assert (
        transform("replace", ("cat", "dog"), "cat and Cat\n") == "dog and Cat\n"
    )  # written as said: as said


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("tidy up: remove every .bak file in my home, nothing else", [("files", "delete", ("*.bak",), "")]),
        ("draft.odt -> final.odt", [("files", "move", ("draft.odt", "final.odt"), "")]),
        (
            "report.pdf landed in ~/inbox, it belongs in ~/work",
            [("files", "move", ("inbox/report.pdf", "work/"), "")],
        ),
        (
            "a.txt got saved in ~/tmp, please move it back to my home folder",
            [("files", "move", ("tmp/a.txt", "./"), "")],
        ),
        ("I'd like plan.md to live in ~/projects instead", [("files", "move", ("plan.md", "projects/"), "")]),
        (
            "make hello.txt containing the single line: hi there",
            [("files", "write", ("hello.txt", "hi there"), "")],
        ),
        (
            "create people.csv with just the header row id,name",
            [("files", "write", ("people.csv", "id,name"), "")],
        ),
        (
            "mood.txt should just say happy now instead of sad",
            [("files", "write", ("mood.txt", "happy"), "")],
        ),
        ("move notes dot txt into the archive folder", [("files", "move", ("notes.txt", "archive/"), "")]),
    ],
)
def test_file_jobs_said_the_everyday_way(instruction, want):
    """A label before the request, what it leaves alone after it, an arrow between names, a file said to be in
    the wrong place, what a new file holds said with the kind of thing it is, file names said with "dot"."""
    assert _read(instruction) == want


def test_vague_places_and_values_are_asked_for():
    assert _read("move the invoice into the appropriate folder")[0].startswith("Which folder")
    assert isinstance(_read("enter the correct number in C5", "spreadsheet")[0], str)
    assert _read("put the right value in B4", "spreadsheet")[0].startswith("What value")


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("in cell b seven put twelve", [("cell", "", "12", "B7")]),
        ("C4 is empty, set it to zero", [("cell", "", "0", "C4")]),
        ("A2 shows ???, change it to 15", [("cell", "", "15", "A2")]),
        ("put the label Total in A9", [("cell", "", "Total", "A9")]),
        ("in D1 put how much 3 tickets at 12.5 each cost", [("cell", "", "37.5", "D1")]),
        ("enter Mon, Tue, Wed down column B starting from B2", [("cell", "", "Mon", "B2"), ("cell", "", "Tue", "B3"),
                                                                 ("cell", "", "Wed", "B4")]),
        ("type 1, 2, 3 across row 4 beginning at C4", [("cell", "", "1", "C4"), ("cell", "", "2", "D4"),
                                                       ("cell", "", "3", "E4")]),
    ],
)  # fmt: skip
def test_sheet_values_said_the_everyday_way(instruction, want):
    """Cells said aloud ("b seven"), a cell named with what it holds and then changed ("it"), a value said with
    the kind of thing it is, a value to work out, and lists running down or across from a first cell."""
    assert _read(instruction, "spreadsheet") == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("set up a folder music and inside it a folder called rock", [("files", "mkdir", ("music",), ""),
                                                                      ("files", "mkdir", ("music/rock",), "")]),
        ("a folder notes with two empty files in it: x.md and y.md", [("files", "mkdir", ("notes",), ""),
                                                                      ("files", "touch", ("notes/x.md", "notes/y.md"), "")]),
        ("create folders red, green and blue inside ~/paint", [("files", "mkdir", ("paint/red", "paint/green", "paint/blue"), "")]),
        ("replace c.txt with the contents of d.txt", [("files", "copy", ("d.txt", "c.txt"), "")]),
        ("remove what's in ~/cache but leave the folder itself", [("files", "delete", ("cache/*",), "")]),
        ("copy everything out of the old folder into my home folder, then delete old",
         [("files", "copy", ("old/*", "./"), ""), ("files", "delete", ("old",), "")]),
        ("duplicate todo.md as todo.md.orig right beside it", [("files", "copy", ("todo.md", "todo.md.orig"), "")]),
    ],
)  # fmt: skip
def test_files_made_inside_each_other_and_contents_said_loosely(instruction, want):
    """ "it" for the folder just made, folders listed with no "called", a file's contents copied over another,
    what is inside a folder, a folder deleted by the name it was given a moment before, "right beside it"."""
    assert _read(instruction) == want


@pytest.mark.parametrize(
    "instruction, app, want",
    [
        ("a quarter of C3 goes into D3", "spreadsheet", [("cell", "", "=(C3/4)", "D3")]),
        ("please could you write in cell B1 the word Name", "spreadsheet", [("cell", "", "Name", "B1")]),
        ("and in D9 the average of D2 to D8", "spreadsheet", [("cell", "", "=AVERAGE(D2:D8)", "D9")]),
        ("drop the incorrect row", "spreadsheet", None),
        ("remove the weird line", "editor", None),
    ],
)
def test_cells_said_before_their_values_and_rows_picked_by_a_judgement(instruction, app, want):
    """A formula of a cell said in words ("a quarter of C3"), the cell before the value, and a row or line
    picked only by the user's judgement ("the wrong row"), which is asked about."""
    got = _read(instruction, app)
    if want is None:
        assert isinstance(got[0], str) and got[0].startswith("Which")
    else:
        assert got == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("new file hi.txt, just the words good morning in it", [("files", "write", ("hi.txt", "good morning"), "")]),
        ("move report two dot pdf into the archive folder", [("files", "move", ("report2.pdf", "archive/"), "")]),
        ("copy the three csv files from Downloads into Documents/data",
         [("files", "copy", ("Downloads/*.csv", "Documents/data/"), "")]),
        ("ugh, this folder is chaos. please move a.png and b.png into a folder called pics inside Pictures",
         [("files", "move", ("a.png", "b.png", "Pictures/pics/"), "")]),
    ],
)  # fmt: skip
def test_files_said_with_counts_nested_places_and_a_sigh_first(instruction, want):
    """A new file with its words "in it", a numbered file name said aloud, a count before a kind of file, a
    folder inside another as the destination, and a first sentence that only sighs about how things are."""
    assert _read(instruction) == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("C5 fell to 30 and C4 rose by 12 - fix the sheet", [("cell", "", "30", "C5"), ("sheet", "map", ("C4", "add", "12"), "")]),
        ("D7 went down by 2.5", [("sheet", "map", ("D7", "add", "-2.5"), "")]),
        ("the item Mocha should be named Iced mocha", [("sheet", "replace_value", ("Mocha", "Iced mocha"), "")]),
        ("round C2 off to the nearest whole number", [("sheet", "map", ("C2", "round", "0"), "")]),
        ("put 12 in B1, then triple it in B2", [("cell", "", "12", "B1"), ("cell", "", "=(B1*3)", "B2")]),
        ("A3 is in hours; I'd like minutes in B3", [("cell", "", "=A3*3600/60", "B3")]),
        ("C9 holds Fahrenheit, give me Celsius in D9", [("cell", "", "=(C9-32)*5/9", "D9")]),
        ("how old is the moon? put it in A2", None),
    ],
)  # fmt: skip
def test_sheet_changes_said_as_events_names_and_units(instruction, want):
    """Cells said to have gone up, down or to a number; a value said to be called otherwise; a cell rounded;
    "it" for the cell just filled; an amount wanted in another unit; and a question no arithmetic answers,
    which is asked about rather than typed into the cell."""
    got = _read(instruction, "spreadsheet")
    if want is None:
        assert isinstance(got[0], str)
    else:
        assert got == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("indent line 3 with a tab", [("edit", "affix_line", (3, "start", "\t"), "")]),
        ("indent the last line by two spaces", [("edit", "affix_line", (-1, "start", "  "), "")]),
        ("wrap the first line in square brackets", [("edit", "affix_line", (1, "start", "["), ""),
                                                    ("edit", "affix_line", (1, "end", "]"), "")]),
        ("put TODO in front of the third line", [("edit", "affix_line", (3, "start", "TODO "), "")]),
        ("line 4 starts with an extra space, remove it", [("edit", "strip_lines", ("left", 4), "")]),
        ("under 'Intro' add 2 new lines: 'Aims' then 'Scope'", [("edit", "insert_near", ("Intro", "Aims\nScope", "after"), "")]),
        ("Mia has a new mobile now - it is 07700 900123, please update it",
         [("edit", "replace_like", ("07700 900123",), "")]),
    ],
)  # fmt: skip
def test_one_line_changed_at_its_ends_and_new_values_said_in_passing(instruction, want):
    """A line named by its place indented, wrapped in marks, given a word in front or a space taken from its
    start; several lines put after another; a new number said in passing, which replaces the one like it."""
    assert _read(instruction, "editor") == want


def test_a_labelled_number_said_anew_keeps_its_label():
    from deskpilot.local.plans.editor import transform

    assert transform("set_line", (-1, "17"), "a\nSum = 15\n") == "a\nSum = 17\n"
    assert transform("set_line", (2, "9"), "x\n8\n") == "x\n9\n"
    assert transform("strip_lines", ("left", 2), " a\n b\n") == " a\nb\n"


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("raise column C by 5%", ("C:C", "times", "1.05")),
        ("lower D2:D6 by 10 percent", ("D2:D6", "times", "0.9")),
        ("cut every fee in column E by 20%", ("E:E", "times", "0.8")),
        ("bump column C by 5", ("C:C", "add", "5")),
    ],
)
def test_a_column_changed_by_a_percentage_is_multiplied(instruction, want):
    """A percentage change of a column or range multiplies its values (never adds the number), and a column
    named beside the heading word is the column named."""
    parsed = understand(instruction, "spreadsheet")
    assert parsed.commands[0].args == want


def written(commands) -> list[tuple[str, str]]:
    """(file, text) for each text that the commands put into a file: added as its last line, or typed after
    opening it."""
    return [(c.target, c.args[0]) for c in commands if c.op == "append_line"] or [
        (opened.target, typed.text.rstrip("\n"))
        for opened, typed in zip(commands, commands[1:], strict=False)
        if opened.kind == "open_file" and typed.kind == "type"
    ]


@pytest.mark.parametrize(
    "instruction, file, typed",
    [
        (
            "jot down milk, eggs and flour, each on its own line, in groceries.txt",
            "groceries.txt",
            "milk\neggs\nflour\n",
        ),
        (
            "note cats, dogs and owls, one per line, into pets.txt, then save",
            "pets.txt",
            "cats\ndogs\nowls\n",
        ),
        ("write oak, ash and elm, one per line, into trees.txt", "trees.txt", "oak\nash\nelm\n"),
    ],
)
def test_items_laid_out_per_line_go_into_the_file_said_after_the_layout(instruction, file, typed):
    """ "a, b and c, one per line, into x.txt": the file is opened before the items are typed into it (they were
    typed into an untitled document, then the file opened or lost)."""
    commands = understand(instruction).commands
    assert written(commands) == [(file, typed.rstrip("\n"))], commands


def test_a_file_said_to_be_in_the_home_folder_is_not_typed():
    """ "into notes.txt in my home folder": the words after the file name say where it is, not what to type."""
    commands = understand("write see you at noon into memo.txt in my home folder").commands
    assert [(c.kind, c.target, c.text) for c in commands[:2]] == [
        ("open_file", "memo.txt", ""),
        ("type", "", "see you at noon"),
    ]
    commands = understand(
        "put lamp, rug and sofa, one per line, into room.txt in the home directory"
    ).commands
    assert written(commands) == [("room.txt", "lamp\nrug\nsofa")], commands


@pytest.mark.parametrize(
    "instruction",
    [
        "type oak, ash and elm, one word per line, in trees.txt and save it",
        "write oak, ash and elm into trees.txt, one item to a line",
        "put oak, ash and elm in trees.txt, one word per line",
    ],
)
def test_one_word_per_line_is_a_layout_however_its_noun_is_said(instruction):
    """ "one word per line", "one item to a line": the same layout as "one per line" (the items were typed as
    one line, "oak, ash and elm")."""
    commands = understand(instruction).commands
    typed = [c for c in commands if c.kind == "type"] or [c for c in commands if c.op == "append_line"]
    assert typed and (typed[0].text or typed[0].args[0]).strip("\n") == "oak\nash\nelm", commands


@pytest.mark.parametrize(
    "instruction, file, line",
    [
        ("jot oak, ash and elm into trees.txt", "trees.txt", "oak, ash and elm"),
        ("stick oak, ash and elm in trees.txt", "trees.txt", "oak, ash and elm"),
        ("pop oak, ash and elm into trees.txt, one per line", "trees.txt", "oak\nash\nelm"),
        ("add oak, ash and elm to trees.txt, each on its own line", "trees.txt", "oak\nash\nelm"),
        ("put birch in trees.txt", "trees.txt", "birch"),
        ("scribble 'ring the vet' at the end of jobs.txt", "jobs.txt", "ring the vet"),
    ],
)
def test_words_put_into_a_text_file_with_any_verb_are_added_to_it(instruction, file, line):
    """ "put/jot/stick/pop ... in x.txt": the words go on a line of their own at the file's end and it is saved
    (the model asked what to do, or read "put" as moving a file)."""
    commands = understand(instruction).commands
    assert written(commands) == [(file, line)], commands
    assert commands[-1].kind == "save"


@pytest.mark.parametrize(
    "instruction", ["put it in trees.txt", "put report.pdf in trees.txt", "put a copy of a.txt in trees.txt"]
)
def test_files_and_pronouns_are_not_words_to_add(instruction):
    assert not any(c.op == "append_line" for c in understand(instruction).commands)


@pytest.mark.parametrize(
    "instruction, file, text",
    [
        ("save hello as notes.txt in my home folder", "notes.txt", "hello"),
        ("save the words good morning as greet.txt", "greet.txt", "good morning"),
        ('save "back at 5" as door.txt', "door.txt", "back at 5"),
    ],
)
def test_words_saved_as_a_file_are_its_text(instruction, file, text):
    """ "save hello as notes.txt": the words were dropped and an empty document saved under the name."""
    commands = understand(instruction).commands
    assert [(c.kind, c.op, c.args) for c in commands] == [("files", "write", (file, text))], commands


@pytest.mark.parametrize(
    "instruction", ["save it as notes.txt", "save the document as notes.txt", "save my work as notes.txt"]
)
def test_what_is_open_saved_as_a_file_is_no_words(instruction):
    assert [c.kind for c in understand(instruction).commands] == ["save_as"]


@pytest.mark.parametrize(
    "instruction, expression",
    [
        ("what do you get for 1,250 divided by 5", "1250/5"),  # was (5/1250), read as a share
        ("how much is fifteen per cent of eighty", "(80*15/100)"),
        ("what's 15 per cent of 80?", "(80*15/100)"),
    ],
)
def test_an_operation_said_outright_is_computed_as_said(instruction, expression):
    assert [(c.kind, c.text) for c in understand(instruction, "calculator").commands] == [
        ("compute", expression)
    ]


@pytest.mark.parametrize(
    "instruction, column",
    [
        ("add a Total column that multiplies Price by Qty", ("Total", "", "Price", "*", "Qty")),
        ("add a Margin column subtracting Cost from Price", ("Margin", "", "Price", "-", "Cost")),
        ("create a new Share column dividing Cost by Units", ("Share", "", "Cost", "/", "Units")),
    ],
)
def test_a_new_named_column_with_a_formula_is_one_on_every_row(instruction, column):
    """ "add a Total column that multiplies Price by Qty": a new named column is for every row, though "each
    row" is not said (the model asked what to do)."""
    commands = understand(instruction, "spreadsheet").commands
    assert [(c.op, c.args) for c in commands if c.kind == "sheet"] == [("new_column", column)]


@pytest.mark.parametrize(
    "expression, keys",
    [
        ("-5--3", "(0-5)-(0-3)"),
        ("(0-7)+-3", "(0-7)+(0-3)"),
        ("(-10/2)", "((0-10)/2)"),
        ("-(2+3)*4", "(0-1)*(2+3)*4"),
        ("3-2", "3-2"),
        ("2^20", "1048576"),
    ],
)
def test_a_number_s_minus_sign_is_keyed_as_a_subtraction_from_zero(expression, keys):
    """galculator reads a minus after "(" or another operator as a subtraction of what follows ("(-10/2)"
    showed 5, "5--3" showed -8); a power above 12 is keyed as its value (it had no keys)."""
    from deskpilot.local.plans.calculator import evaluate, keyable

    assert keyable(expression) == keys
    assert evaluate(keys) == pytest.approx(evaluate(expression))


@pytest.mark.parametrize(
    "instruction, value", [("negative two cubed", -8), ("what is negative 4 squared", 16)]
)
def test_a_negative_number_raised_to_a_power_keeps_its_sign(instruction, value):
    """ "negative two cubed" was computed as 2 cubed (8)."""
    from deskpilot.local.plans.calculator import evaluate

    commands = understand(instruction, "calculator").commands
    assert [c.kind for c in commands] == ["compute"]
    assert evaluate(commands[0].text) == value


@pytest.mark.parametrize("target", ["march.txt", "Receipts/march.txt"])
def test_a_new_empty_file_is_touched_which_the_default_policy_allows(target):
    """`printf '' > f` would empty a file already there, and the policy asks before it; `touch` keeps it."""
    from deskpilot.core.turns import ToolCall
    from deskpilot.safety.policy import ActionContext, Policy

    line, _ = shell(Command("files", op="write", args=(target, "")))
    assert "touch -- " in line and ">" not in line
    decision = Policy.load().check(ToolCall("t", "bash", {"command": line}), ActionContext())
    assert decision.verdict == "allow", decision


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("make a folder called Receipts and put a file called march.txt in it", "Receipts/march.txt"),
        ("create a new folder old and inside it create a file a.txt", "old/a.txt"),
        ("set up a folder work and make a file plan.txt in there", "work/plan.txt"),
        ("create folder X with an empty file y.txt in it", "X/y.txt"),
    ],
)
def test_a_new_file_said_to_go_in_the_folder_just_made_goes_there(instruction, want):
    parsed = understand(instruction)
    assert [(c.op, c.args[0]) for c in parsed.commands][-1] == ("write", want), parsed.question


def test_a_named_file_put_in_a_new_folder_is_moved_there():
    parsed = understand("make a folder proj and put readme.md in it")
    assert [(c.op, c.args) for c in parsed.commands] == [
        ("mkdir", ("proj",)),
        ("move", ("readme.md", "proj/")),
    ]


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("add a Total column that adds Rent and Food for each month", ("Total", "", "Rent", "+", "Food")),
        ("make a Sum column summing Q1 and Q2 on every row", ("Sum", "", "Q1", "+", "Q2")),
        ("add a new column called Total with Rent + Food for every row", ("Total", "", "Rent", "+", "Food")),
    ],
)
def test_a_new_column_adding_two_columns_is_one_step_with_its_name(instruction, want):
    parsed = understand(instruction, "spreadsheet")
    assert [(c.op, c.args) for c in parsed.commands if c.kind == "sheet"] == [("new_column", want)], (
        parsed.question
    )


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("change Feb food to 350", ("Feb|food", "350")),
        ("update February rent to 1100", ("February|rent", "1100")),
        ("Mia's Q3 ought to be 12", ("Mia|Q3", "12")),
    ],
)
def test_a_row_s_value_changed_by_an_order_is_found_by_its_label_and_header(instruction, want):
    parsed = understand(instruction, "spreadsheet")
    assert [(c.op, c.args[0], c.args[2]) for c in parsed.commands if c.kind == "sheet"] == [
        ("set_by_name", *want)
    ], parsed.question


@pytest.mark.parametrize(
    "instruction",
    [
        "write a grocery list: eggs, milk, bread — one per line — then save it as shopping.txt",
        "write eggs, milk, bread (one per line) and save it as shopping.txt",
        "write a grocery list with eggs, milk and bread on separate lines and save it as shopping.txt",
        "type my grocery list - eggs, milk, bread - each on its own line, then save it as shopping.txt",
    ],
)
def test_a_list_laid_out_one_per_line_in_an_aside_is_typed_item_by_item(instruction):
    """The layout said between dashes or brackets, the list named or set between dashes."""
    parsed = understand(instruction, "editor")
    typed = [c.text for c in parsed.commands if c.kind == "type"]
    assert typed == ["eggs\nmilk\nbread\n"], (parsed.commands, parsed.question)
    assert [c.text for c in parsed.commands if c.kind == "save_as"] == ["shopping.txt"]
