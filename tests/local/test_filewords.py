"""File jobs said as how things should end up (deskpilot.local.nlu.filewords), in words of our own."""

import pytest

from deskpilot.local.nlu import understand


@pytest.mark.parametrize(
    "instruction, want",
    [
        (
            "there should be a file plans.txt in my work folder with the line: fix the roof",
            ("write", ("work/plans.txt", "fix the roof")),
        ),
        ("I need a text file ~/greet.txt that just says good day", ("write", ("greet.txt", "good day"))),
        (
            "i'd like a file named jobs.txt on the Desktop with two lines: wash car, then mow lawn",
            ("write", ("Desktop/jobs.txt", "wash car\nmow lawn")),
        ),
        (
            "make a file list.txt containing the word apples (folder doesn't exist yet)",
            ("write", ("list.txt", "apples")),
        ),
        (
            "in Documents, new file memo.txt saying: back at noon",
            ("write", ("Documents/memo.txt", "back at noon")),
        ),
        ("i want pin.txt to have my number 0800 111 222 in it", ("write", ("pin.txt", "0800 111 222"))),
        ("a blank file keep.txt inside the logs folder", ("touch", ("logs/keep.txt",))),
        ("replace whatever is in notes.txt with just: all done", ("write", ("notes.txt", "all done"))),
        ("the cache folder can go", ("delete", ("cache",))),
        ("the entire tmp folder and everything inside it needs to go", ("delete", ("tmp",))),
        ("report.old.txt is obsolete, bin it", ("delete", ("report.old.txt",))),
        ("song.mp3 belongs in the music folder", ("move", ("song.mp3", "music/"))),
        ("Clips folder goes inside Videos", ("move", ("Clips", "Videos/"))),
        (
            "in Downloads there's scan1.pdf, it should be named lease.pdf",
            ("move", ("Downloads/scan1.pdf", "Downloads/lease.pdf")),
        ),
        ("the 2022 folder is closed, rename it 2022-old", ("move", ("2022", "2022-old"))),
        ("mk folder maths in Documents pls", ("mkdir", ("Documents/maths",))),
        (
            "getting ready for May - inside Projects I want a folder called Garden",
            ("mkdir", ("Projects/Garden",)),
        ),
        ("i want src/app/views under my home, all of the levels", ("mkdir", ("src/app/views",))),
        ("wipe the Cache directory and everything inside it", ("delete", ("Cache",))),
        ("make a copy of taxes.txt called taxes-2.txt, same folder", ("copy", ("taxes.txt", "taxes-2.txt"))),
        ("back up the Photos folder as a copy named Photos_old", ("copy", ("Photos", "Photos_old"))),
    ],
)
def test_a_file_job_said_as_a_goal(instruction, want):
    commands = understand(instruction).commands
    assert [(c.op, c.args) for c in commands if c.kind == "files"] == [want]


def test_a_line_a_file_needs_is_added_to_it():
    commands = understand("memo.txt needs a second line: see you soon").commands
    assert [(c.kind, c.op, c.args, c.target) for c in commands][0] == (
        "edit",
        "append_line",
        ("see you soon",),
        "memo.txt",
    )
    assert commands[1].kind == "save"


@pytest.mark.parametrize(
    "instruction",
    [
        "copy budget.xlsx into both the work and home2 folders",
        "I want budget.xlsx in work and in home2 too, as copies",
    ],
)
def test_one_file_copied_to_two_folders(instruction):
    commands = understand(instruction).commands
    assert [(c.op, c.args) for c in commands] == [
        ("copy", ("budget.xlsx", "work/")),
        ("copy", ("budget.xlsx", "home2/")),
    ]


@pytest.mark.parametrize(
    "instruction, job",
    [
        ("could you make a folder called Invoices for me", ("mkdir", ("Invoices",))),
        ("quick one: set up a directory called Invoices", ("mkdir", ("Invoices",))),
        ("add a folder named Invoices if you can", ("mkdir", ("Invoices",))),
        ("quick one: report.txt -> report.md", ("move", ("report.txt", "report.md"))),
    ],
)
def test_courtesy_around_a_file_job_is_not_part_of_it(instruction, job):
    """ "for me", "if you can" and "quick one:" were read into the folder's name, or the job was not read."""
    assert [(c.op, c.args) for c in understand(instruction).commands if c.kind == "files"] == [job]


@pytest.mark.parametrize(
    "instruction, jobs",
    [
        # a file known by a part of its name: that part as a glob, found by the plan below home
        ("somewhere I've got a file with receipt in its name, delete it", [("delete", ("*receipt*",))]),
        (
            "locate the document that has payslip in the name, then copy it into Taxes",
            [("copy", ("*payslip*", "Taxes/"))],
        ),
        ("move the pdf whose name contains 2019 to Old", [("move", ("*2019*.pdf", "Old/"))]),
        # a copy given its own name in a second clause
        ("clone notes.md, then name the duplicate notes-v2.md", [("copy", ("notes.md", "notes-v2.md"))]),
        (
            "back up the Recipes folder and call the backup Recipes_old",
            [("copy", ("Recipes", "Recipes_old"))],
        ),
        ("make a duplicate of the Music folder named Music2", [("copy", ("Music", "Music2"))]),
        # a second step about what the first one made or copied
        (
            "copy plan.md into Old, then remove the original file",
            [("copy", ("plan.md", "Old/")), ("delete", ("plan.md",))],
        ),
        (
            "rename a1.txt to intro.txt and put it into the Book folder",
            [("move", ("a1.txt", "Book/intro.txt"))],
        ),
        (
            "make a folder called trips, then a file rome.txt inside it that says pack light",
            [("mkdir", ("trips",)), ("write", ("trips/rome.txt", "pack light"))],
        ),
        (
            "create a file hello.txt saying hi there, then move it to Inbox",
            [("write", ("hello.txt", "hi there")), ("move", ("hello.txt", "Inbox/"))],
        ),
        # several files of a kind joined, one file added onto another
        (
            "join all the csv files in exports into one file called merged.csv",
            [("concat", ("exports/*.csv", "merged.csv"))],
        ),
        ("tack the contents of p2.txt onto the end of p1.txt", [("append", ("p2.txt", "p1.txt"))]),
        # one folder per ending
        ("organise the stuff in Inbox into folders by file type", [("by_ext", ("Inbox",))]),
        # a name given by mistake, a vague wish before the request, "the .x files", a folder for a kind
        (
            "I saved the file as mnutes.txt, but it should be called minutes.txt",
            [("move", ("mnutes.txt", "minutes.txt"))],
        ),
        ("could you clean things up a bit: remove the .bak files", [("delete", ("*.bak",))]),
        ("copy all of the .png files to Shots", [("copy", ("*.png", "Shots/"))]),
    ],
)
def test_files_known_by_part_of_a_name_copies_named_and_second_steps(instruction, jobs):
    assert [(c.op, c.args) for c in understand(instruction).commands if c.kind == "files"] == jobs


@pytest.mark.parametrize(
    "instruction, args",
    [
        ("insert a Tax column in E that is 7% of each amount", ("Tax", "E", "amount", "*", "0.07")),
        ("new column D holding the cost tripled", ("", "D", "cost", "*", "3")),
    ],
)
def test_a_new_column_as_a_share_or_a_multiple_of_another(instruction, args):
    commands = understand(instruction, "spreadsheet").commands
    assert [(c.op, c.args) for c in commands if c.kind == "sheet"] == [("new_column", args)]


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("round all the numbers in column C to 1 decimal", ("map", ("C:C", "round", "1"))),
        ("write a heading Status at the top of column E", ("cell", "E1", "Status")),
    ],
)
def test_a_column_rounded_to_places_and_a_header_put_on_a_column(instruction, want):
    c = understand(instruction, "spreadsheet").commands[0]
    assert ((c.op, c.args) if c.kind == "sheet" else (c.kind, c.target, c.text)) == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("Mia's Q3 should be 12", ("set_by_name", ("Mia", "Q3", "12"))),
        ("put the mean of the Q4 column in F9", ("column_formula", ("AVERAGE", "Q4"))),
        ("the maximum of T2 into B8", ("column_formula", ("MAX", "T2"))),
        ("average of B2 in C5", ("column_formula", ("AVERAGE",))),  # a column's letter stays a cell's
    ],
)
def test_headers_that_look_like_cells_are_read_as_names(instruction, want):
    """Quarter headers "Q1".."Q4" were read as the cells Q1..Q4 ("put '8' into Q1")."""
    c = understand(instruction, "spreadsheet").commands[0]
    assert (c.op, c.args[: len(want[1])]) == want
