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
